// From a view to what the screen draws: the maps (each with its interventions, in list order)
// and the extent they open on, the what-if model of the agenda item's indicators and each
// shown view's outcomes. Shared by the presenter's workspace and the audience window, so both
// draw the same thing from the same view. Pure functions of package rows and the view.
import type { Indicator, Intervention } from '../../../shared/packageFormat';
import type { IndicatorOutcome, WhatIfModel } from '../../../shared/scenario/whatIf';
import { createWhatIfModel } from '../../../shared/scenario/whatIf';
import type { ShownView, ViewContent } from '../../../shared/view/presentationView';
import type { CompositionLookup, ScenarioContent } from '../../../shared/view/viewEdits';
import { interventionsOf, openingExtent, resolveShown } from '../../../shared/view/viewEdits';
import type { MapBBox } from '../../map/MapView';
import type { SceneMap } from './MapArea';

/** An intervention as the scene needs it: the package's, with the scenario it belongs to. */
export type SceneIntervention = Intervention & { scenarioId: string };

/** Each scenario's interventions, in the package's order. */
export function scenarioContents(scenarios: readonly { id: string }[], interventions: readonly SceneIntervention[]): ScenarioContent[] {
  return scenarios.map((scenario) => ({ id: scenario.id, interventionIds: interventions.filter((iv) => iv.scenarioId === scenario.id).map((iv) => iv.id) }));
}

/** The indicators that belong to the agenda item: those with a value for one of its scenarios. */
export function itemIndicators<T extends Pick<Indicator, 'values'>>(indicators: readonly T[], scenarios: readonly { id: string }[]): T[] {
  const ids = new Set(scenarios.map((s) => s.id));
  return indicators.filter((indicator) => Object.keys(indicator.values).some((id) => ids.has(id)));
}

/** The maps of a view and the extent they open on. */
export function sceneMaps(
  view: Pick<ViewContent, 'shown'>,
  titles: readonly string[],
  contents: readonly ScenarioContent[],
  interventions: readonly SceneIntervention[],
  compositions: CompositionLookup,
  itemBbox: MapBBox,
): { maps: SceneMap[]; opening: MapBBox } {
  const byId = new Map(interventions.map((iv) => [iv.id, iv]));
  const maps = view.shown.map((shown, index) => ({
    key: shownKey(shown),
    title: titles[index] ?? '',
    interventions: interventionsOf(shown, contents, compositions)
      .map((id) => byId.get(id))
      .filter((iv): iv is SceneIntervention => iv !== undefined),
    numbers: numbersOf(shown, contents, compositions),
  }));
  const opening = openingExtent(view, contents, compositions, (id) => byId.get(id)?.geometry, [...itemBbox] as [number, number, number, number]);
  return { maps, opening };
}

/**
 * The number of each intervention a map can show, as the list beside it shows it: its place in
 * the scenario (so switching one off renumbers nothing), or in the composition.
 */
export function numbersOf(shown: ShownView, contents: readonly ScenarioContent[], compositions: CompositionLookup): Map<string, number> {
  const ids = shown.kind === 'scenario' ? (contents.find((c) => c.id === shown.scenarioId)?.interventionIds ?? []) : interventionsOf(shown, contents, compositions);
  return new Map(ids.map((id, i) => [id, i + 1]));
}

/** A stable key for a shown view (React keys, chart rows). */
export function shownKey(shown: ShownView): string {
  switch (shown.kind) {
    case 'baseline':
      return 'baseline';
    case 'scenario':
      return `scenario:${shown.scenarioId}:${shown.off.join(',')}`;
    case 'composition':
      return shown.compositionId !== undefined ? `kept:${shown.compositionId}` : `mix:${shown.interventionIds.join(',')}`;
    default: {
      const unreachable: never = shown;
      return unreachable;
    }
  }
}

/** The outcomes of every indicator of the model for each shown view (kept compositions looked up). */
export function viewOutcomes(model: WhatIfModel, view: Pick<ViewContent, 'shown'>, compositions: CompositionLookup): IndicatorOutcome[][] {
  return view.shown.map((shown) => model.outcomes(resolveShown(shown, compositions)));
}

export { createWhatIfModel };
