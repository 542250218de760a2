// Hooks and actions over the app database for presenting and comparing: all interventions of
// an agenda item (a composition may take any of them), the compositions kept with it, and the
// presenter's adjusted briefing. Components use these, never the database itself. Same
// conventions as hooks.ts: `undefined` while loading, `null` for "there is none".
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from './db';
import { clearBriefingAdjustment, deleteComposition, getBriefingAdjustment, listCompositions, saveBriefingAdjustment, saveComposition } from './presentation';
import type { BriefingStepsRecord, CompositionRecord, LocalBriefingStep, NewComposition } from './presentation';
import { listInterventions, listScenarios } from './repositories';
import type { RaadskaartDb } from './db';
import type { InterventionRecord } from './types';

export type { BriefingStepsRecord, CompositionRecord, LocalBriefingStep } from './presentation';

/** Every intervention of the agenda item's scenarios: scenario order, then the scenario's own order. */
export async function listAgendaItemInterventions(db: RaadskaartDb, packageId: string, agendaItemId: string): Promise<InterventionRecord[]> {
  const scenarios = await listScenarios(db, packageId, agendaItemId);
  const lists = await Promise.all(scenarios.map((scenario) => listInterventions(db, packageId, scenario.id)));
  return lists.flat();
}

export function useAgendaItemInterventions(packageId: string, agendaItemId: string): InterventionRecord[] | undefined {
  return useLiveQuery(() => listAgendaItemInterventions(getDb(), packageId, agendaItemId), [packageId, agendaItemId]);
}

export function useCompositions(packageId: string, agendaItemId: string): CompositionRecord[] | undefined {
  return useLiveQuery(() => listCompositions(getDb(), packageId, agendaItemId), [packageId, agendaItemId]);
}

export function useBriefingAdjustment(packageId: string, agendaItemId: string): BriefingStepsRecord | null | undefined {
  return useLiveQuery(() => getBriefingAdjustment(getDb(), packageId, agendaItemId), [packageId, agendaItemId]);
}

/** Keeps a composition with its agenda item (on this computer). */
export function keepComposition(input: NewComposition): Promise<CompositionRecord> {
  return saveComposition(getDb(), input);
}

export function forgetComposition(id: string): Promise<void> {
  return deleteComposition(getDb(), id);
}

/** Stores the presenter's adjusted steps of an agenda item. */
export function keepBriefingAdjustment(
  target: { packageId: string; agendaItemId: string; basedOnVersion: number },
  steps: readonly LocalBriefingStep[],
): Promise<BriefingStepsRecord> {
  return saveBriefingAdjustment(getDb(), target, steps);
}

/** Back to the package's own steps. */
export function dropBriefingAdjustment(packageId: string, agendaItemId: string): Promise<void> {
  return clearBriefingAdjustment(getDb(), packageId, agendaItemId);
}
