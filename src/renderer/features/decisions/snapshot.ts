// What a decision keeps of the screen it was taken at (DecisionSnapshot): the installed package
// (id, version, manifest hash), the view (scenario, or the view the presenter passes), the
// interventions on screen and every indicator's value as shown, sealed with a hash
// (src/shared/records/snapshot.ts). Pure apart from the hash.
import type { DecisionSnapshot } from '../../../shared/records/records';
import { sealSnapshot } from '../../../shared/records/snapshot';
import { indicatorOutcome } from '../../../shared/scenario/whatIf';
import type { IndicatorOutcome } from '../../../shared/scenario/whatIf';
import type { PresentationView } from '../../../shared/view/presentationView';
import type { IndicatorRecord, PackageRecord } from '../../data/types';

export type SnapshotSource = {
  pkg: Pick<PackageRecord, 'packageId' | 'version' | 'manifestSha256'>;
  agendaItemId: string;
  /** The view on screen; absent: the scenario alone (or the current situation). */
  view?: PresentationView | undefined;
  scenarioId: string | undefined;
  interventionIds: readonly string[];
  indicators: readonly IndicatorRecord[];
  /** The values on screen, one per indicator in the same order (the workspace's what-if); absent: computed here from the scenario. */
  outcomes?: readonly IndicatorOutcome[] | undefined;
};

export function viewOfScreen(source: SnapshotSource): PresentationView {
  return (
    source.view ?? {
      packageId: source.pkg.packageId,
      agendaItemId: source.agendaItemId,
      mode: 'single',
      shown: [source.scenarioId === undefined ? { kind: 'baseline' } : { kind: 'scenario', scenarioId: source.scenarioId, off: [] }],
    }
  );
}

/** The sealed snapshot of what is on screen now. */
export async function snapshotOfScreen(source: SnapshotSource): Promise<DecisionSnapshot> {
  const view = viewOfScreen(source);
  const shown = view.shown[0] ?? { kind: 'baseline' as const };
  const scenarios = source.scenarioId === undefined ? [] : [{ id: source.scenarioId, interventionIds: source.interventionIds }];
  const indicators = source.indicators.map((indicator, i) => {
    const outcome = source.outcomes?.[i] ?? indicatorOutcome(indicator, shown, scenarios);
    return {
      indicatorId: indicator.id,
      title: indicator.title,
      unit: indicator.unit,
      value: outcome.kind === 'needs-recalculation' ? (outcome.lastCurated ?? null) : outcome.value,
      kind: outcome.kind,
    };
  });
  return sealSnapshot({
    packageId: source.pkg.packageId,
    packageVersion: source.pkg.version,
    manifestSha256: source.pkg.manifestSha256,
    view,
    interventionIds: [...source.interventionIds],
    indicators,
  });
}
