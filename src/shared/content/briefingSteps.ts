// Checks of an agenda item's briefing steps against the package: every view a step shows
// names scenarios of that agenda item, switches off only that scenario's own interventions,
// composes only interventions of the item's scenarios and never refers to a kept composition
// (those live on one device, not in a signed package); step ids are unique within the item.
// Shared by the content check (installer, `raadskaart verify`, the hub's publish) and the
// packer, which report the same problem at different paths. Pure.
import type { BriefingStep, Scenario } from '../packageFormat';

/** A problem of one step: the step's index, the path inside the step, and what is wrong. */
export type BriefingStepProblem = { step: number; path: string; message: string };

/** The first problem of `steps` for agenda item `agendaItemId`, or undefined when every step is sound. */
export function briefingStepProblem(
  agendaItemId: string,
  steps: readonly Pick<BriefingStep, 'id' | 'view'>[],
  scenarios: readonly Pick<Scenario, 'id' | 'agendaItemId' | 'interventions'>[],
): BriefingStepProblem | undefined {
  const own = new Map(scenarios.filter((s) => s.agendaItemId === agendaItemId).map((s) => [s.id, new Set(s.interventions.map((iv) => iv.id))]));
  const elsewhere = new Set(scenarios.filter((s) => s.agendaItemId !== agendaItemId).map((s) => s.id));
  const interventions = new Set([...own.values()].flatMap((ids) => [...ids]));
  const seen = new Map<string, number>();
  for (const [step, { id, view }] of steps.entries()) {
    const first = seen.get(id);
    if (first !== undefined) return { step, path: 'id', message: `step id "${id}" is already used by step ${first}` };
    seen.set(id, step);
    for (const [v, shown] of view.shown.entries()) {
      const at = `view.shown.${v}`;
      if (shown.kind === 'scenario') {
        const ids = own.get(shown.scenarioId);
        if (ids === undefined) {
          const where = elsewhere.has(shown.scenarioId) ? 'belongs to another agenda item' : 'is not a scenario of this package';
          return { step, path: `${at}.scenarioId`, message: `scenario "${shown.scenarioId}" ${where}` };
        }
        const stranger = shown.off.find((off) => !ids.has(off));
        if (stranger !== undefined) return { step, path: `${at}.off`, message: `scenario "${shown.scenarioId}" has no intervention "${stranger}" to switch off` };
      } else if (shown.kind === 'composition') {
        if (shown.compositionId !== undefined)
          return { step, path: `${at}.compositionId`, message: `a step cannot show kept composition "${shown.compositionId}": list its interventions instead` };
        if (shown.interventionIds.length === 0) return { step, path: `${at}.interventionIds`, message: 'a composition needs at least one intervention' };
        const stranger = shown.interventionIds.find((iv) => !interventions.has(iv));
        if (stranger !== undefined) return { step, path: `${at}.interventionIds`, message: `"${stranger}" is not an intervention of a scenario of this agenda item` };
      }
    }
  }
  return undefined;
}
