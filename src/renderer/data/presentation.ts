// The presenter's own records for an agenda item: custom compositions (interventions from
// several scenarios, named and kept with the item) and local adjustments of the item's briefing
// steps. Both live only on this computer for now and are marked so in the UI ("lokaal"); a
// composition's row already holds the CompositionBody that notes sync will send. Plain async
// functions of `db`, like repositories.ts.
// Must never write package content: the signed package stays as it was installed, and a
// briefing adjustment is a separate row that can be dropped to return to the package's steps.
import { ValidationError, describeIssues } from '../../shared/errors';
import { CompositionBody } from '../../shared/records/records';
import type { Visibility } from '../../shared/records/records';
import { ViewContent } from '../../shared/view/presentationView';
import type { RaadskaartDb } from './db';

/** A custom composition kept with an agenda item. `packageId` and `agendaItemId` copy the body's, for the index. */
export type CompositionRecord = {
  id: string;
  packageId: string;
  agendaItemId: string;
  body: CompositionBody;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
  /** Only on this computer: nothing sends compositions to the hub yet. */
  syncState: 'local';
};

/** A briefing step as the presenter's adjusted list holds it: from the package (perhaps changed) or added here. */
export type LocalBriefingStep = {
  id: string;
  title: string;
  talkingPoints: string;
  view: ViewContent;
  /** `package`: one of the package's steps (`changed` when its title, talking points or view were edited); `local`: added on this computer. */
  origin: 'package' | 'local';
  changed: boolean;
};

/** The presenter's adjusted briefing of one agenda item (one row per item). */
export type BriefingStepsRecord = {
  id: string;
  packageId: string;
  agendaItemId: string;
  /** The package version the adjustment was made on (the UI says so when the package has moved on). */
  basedOnVersion: number;
  steps: LocalBriefingStep[];
  /** ISO 8601. */
  updatedAt: string;
};

/** A new record id (UUID v4, lowercase, as records.ts requires). */
export function newRecordId(): string {
  return crypto.randomUUID();
}

/** Compositions kept with an agenda item, oldest first. */
export async function listCompositions(db: RaadskaartDb, packageId: string, agendaItemId: string): Promise<CompositionRecord[]> {
  const rows = await db.compositions.where('[packageId+agendaItemId]').equals([packageId, agendaItemId]).toArray();
  return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** What a person gives to keep a composition. */
export type NewComposition = { packageId: string; meetingId: string; agendaItemId: string; name: string; interventionIds: readonly string[]; visibility?: Visibility };

/** Keeps a composition (checked against its record schema first) and returns the stored row. */
export async function saveComposition(db: RaadskaartDb, input: NewComposition, now: () => Date = () => new Date()): Promise<CompositionRecord> {
  const body = CompositionBody.safeParse({
    agendaItem: { packageId: input.packageId, meetingId: input.meetingId, agendaItemId: input.agendaItemId },
    name: input.name,
    interventionIds: [...new Set(input.interventionIds)],
    visibility: input.visibility ?? 'private',
  });
  if (!body.success) throw new ValidationError(describeIssues('composition', body.error.issues), { path: String(body.error.issues[0]?.path.join('.') ?? '') });
  const at = now().toISOString();
  const record: CompositionRecord = {
    id: newRecordId(),
    packageId: input.packageId,
    agendaItemId: input.agendaItemId,
    body: body.data,
    createdAt: at,
    updatedAt: at,
    syncState: 'local',
  };
  await db.compositions.add(record);
  return record;
}

/** Removes a kept composition. */
export async function deleteComposition(db: RaadskaartDb, id: string): Promise<void> {
  await db.compositions.delete(id);
}

/** The adjusted briefing of an agenda item, or null when the presenter plays the package's steps as they are. */
export async function getBriefingAdjustment(db: RaadskaartDb, packageId: string, agendaItemId: string): Promise<BriefingStepsRecord | null> {
  return (await db.briefingSteps.where('[packageId+agendaItemId]').equals([packageId, agendaItemId]).first()) ?? null;
}

/** Stores the adjusted steps of an agenda item (one row per item; each view checked first). */
export async function saveBriefingAdjustment(
  db: RaadskaartDb,
  target: { packageId: string; agendaItemId: string; basedOnVersion: number },
  steps: readonly LocalBriefingStep[],
  now: () => Date = () => new Date(),
): Promise<BriefingStepsRecord> {
  for (const [i, step] of steps.entries()) {
    const view = ViewContent.safeParse(step.view);
    if (!view.success) throw new ValidationError(describeIssues(`briefing step ${i + 1}`, view.error.issues), { path: `steps.${i}.view` });
    if (step.title.trim() === '') throw new ValidationError(`briefing step ${i + 1}: a step needs a title`, { path: `steps.${i}.title` });
  }
  return db.transaction('rw', db.briefingSteps, async () => {
    const existing = await getBriefingAdjustment(db, target.packageId, target.agendaItemId);
    const record: BriefingStepsRecord = { id: existing?.id ?? newRecordId(), ...target, steps: steps.map((s) => ({ ...s })), updatedAt: now().toISOString() };
    await db.briefingSteps.put(record);
    return record;
  });
}

/** Drops the local adjustment: the package's own steps apply again. */
export async function clearBriefingAdjustment(db: RaadskaartDb, packageId: string, agendaItemId: string): Promise<void> {
  await db.briefingSteps.where('[packageId+agendaItemId]').equals([packageId, agendaItemId]).delete();
}
