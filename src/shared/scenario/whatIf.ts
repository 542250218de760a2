// Indicator values for what is on screen: the current situation, a scenario with some of its
// interventions switched off, or a composition of interventions from several scenarios.
// Additive indicators (package `additive` with `contributions`) are recomputed from the
// declared contributions at once; every other indicator needs a model run by the advisor, so
// for anything but a whole scenario it keeps its last curated value and says so: this module
// never invents a number. Pure and fast (a what-if recompute runs on every toggle).
import type { Indicator } from '../packageFormat';
import type { ShownView } from '../view/presentationView';

/** What a scenario looks like to the recompute: its id and its interventions' ids. */
export type ScenarioInterventions = { id: string; interventionIds: readonly string[] };

/** The value of one indicator for one view, and where it comes from. */
export type IndicatorOutcome =
  /** A value curated in the package: the baseline, or a whole scenario's value. */
  | { kind: 'curated'; value: number }
  /** Recomputed from the declared contributions; `from` is the curated value it started from. */
  | { kind: 'recomputed'; value: number; from: number }
  /**
   * Needs a new model run ("vraagt herberekening door de adviseur"): `lastCurated` is the value
   * the package has for the scenario this view started from, or undefined for a composition.
   */
  | { kind: 'needs-recalculation'; lastCurated: number | undefined };

/** Which interventions a view shows, given the package's scenarios. Unknown ids are dropped. */
export function activeInterventions(view: ShownView, scenarios: readonly ScenarioInterventions[]): string[] {
  switch (view.kind) {
    case 'baseline':
      return [];
    case 'scenario': {
      const scenario = scenarios.find((s) => s.id === view.scenarioId);
      if (!scenario) return [];
      const off = new Set(view.off);
      return scenario.interventionIds.filter((id) => !off.has(id));
    }
    case 'composition': {
      const known = new Set(scenarios.flatMap((s) => s.interventionIds));
      return [...new Set(view.interventionIds)].filter((id) => known.has(id));
    }
    default: {
      const unreachable: never = view;
      return unreachable;
    }
  }
}

/** Each intervention's contribution to an additive indicator, whatever scenario declares it. */
function contributionsById(indicator: Pick<Indicator, 'contributions'>): Map<string, number> {
  const byId = new Map<string, number>();
  for (const parts of Object.values(indicator.contributions ?? {})) for (const [id, value] of Object.entries(parts)) byId.set(id, value);
  return byId;
}

/** True when the indicator can be recomputed from contributions (the package says it is additive and gives them). */
export function isAdditive(indicator: Pick<Indicator, 'additive' | 'contributions'>): boolean {
  return indicator.additive === true && indicator.contributions !== undefined;
}

/** The indicator's outcome for a view (see IndicatorOutcome). */
export function indicatorOutcome(
  indicator: Pick<Indicator, 'baseline' | 'values' | 'additive' | 'contributions'>,
  view: ShownView,
  scenarios: readonly ScenarioInterventions[],
): IndicatorOutcome {
  if (view.kind === 'baseline') return { kind: 'curated', value: indicator.baseline };
  if (view.kind === 'scenario') {
    const curated = indicator.values[view.scenarioId];
    const scenario = scenarios.find((s) => s.id === view.scenarioId);
    const switchedOff = scenario ? [...new Set(view.off)].filter((id) => scenario.interventionIds.includes(id)) : [];
    if (curated === undefined) return { kind: 'needs-recalculation', lastCurated: undefined };
    if (switchedOff.length === 0) return { kind: 'curated', value: curated };
    if (!isAdditive(indicator)) return { kind: 'needs-recalculation', lastCurated: curated };
    const declared = indicator.contributions?.[view.scenarioId] ?? {};
    // Switching an intervention off takes away exactly what the package says it contributes.
    const value = switchedOff.reduce((sum, id) => sum - (declared[id] ?? 0), curated);
    return { kind: 'recomputed', value, from: curated };
  }
  const active = activeInterventions(view, scenarios);
  const whole = scenarios.find((s) => s.interventionIds.length === active.length && s.interventionIds.every((id) => active.includes(id)));
  const wholeValue = whole ? indicator.values[whole.id] : undefined;
  if (wholeValue !== undefined) return { kind: 'curated', value: wholeValue };
  if (active.length === 0) return { kind: 'curated', value: indicator.baseline };
  if (!isAdditive(indicator)) return { kind: 'needs-recalculation', lastCurated: undefined };
  const byId = contributionsById(indicator);
  return { kind: 'recomputed', value: active.reduce((sum, id) => sum + (byId.get(id) ?? 0), indicator.baseline), from: indicator.baseline };
}

/** What the model needs of an indicator. */
export type WhatIfIndicator = Pick<Indicator, 'id' | 'baseline' | 'values' | 'additive' | 'contributions'>;

/**
 * The what-if recompute for one agenda item, prepared once: every indicator's outcome for a view
 * in one pass over the view's interventions, with the same results as indicatorOutcome (a
 * property test holds them equal), so a toggle among a thousand interventions stays far inside
 * one frame.
 */
export type WhatIfModel = {
  /** Outcomes in the order of the indicators the model was made with. */
  outcomes(view: ShownView): IndicatorOutcome[];
  active(view: ShownView): string[];
};

export function createWhatIfModel(indicators: readonly WhatIfIndicator[], scenarios: readonly ScenarioInterventions[]): WhatIfModel {
  const scenarioIds = new Map(scenarios.map((s) => [s.id, new Set(s.interventionIds)]));
  const known = new Set(scenarios.flatMap((s) => s.interventionIds));
  // A composition that equals a whole scenario is that scenario: found by its sorted ids.
  const wholeByKey = new Map<string, string>();
  for (const s of [...scenarios].reverse()) wholeByKey.set([...new Set(s.interventionIds)].sort().join('\u0000'), s.id);
  const prepared = indicators.map((indicator) => ({
    indicator,
    additive: isAdditive(indicator),
    byId: contributionsById(indicator),
    perScenario: new Map(Object.entries(indicator.contributions ?? {}).map(([id, parts]) => [id, new Map(Object.entries(parts))])),
  }));
  const active = (view: ShownView): string[] => activeInterventions(view, scenarios);
  return {
    active,
    outcomes(view) {
      switch (view.kind) {
        case 'baseline':
          return prepared.map(({ indicator }) => ({ kind: 'curated', value: indicator.baseline }));
        case 'scenario': {
          const own = scenarioIds.get(view.scenarioId);
          const off = own ? [...new Set(view.off)].filter((id) => own.has(id)) : [];
          return prepared.map(({ indicator, additive, perScenario }): IndicatorOutcome => {
            const curated = indicator.values[view.scenarioId];
            if (curated === undefined) return { kind: 'needs-recalculation', lastCurated: undefined };
            if (off.length === 0) return { kind: 'curated', value: curated };
            if (!additive) return { kind: 'needs-recalculation', lastCurated: curated };
            const declared = perScenario.get(view.scenarioId);
            let value = curated;
            for (const id of off) value -= declared?.get(id) ?? 0;
            return { kind: 'recomputed', value, from: curated };
          });
        }
        case 'composition': {
          const ids = [...new Set(view.interventionIds)].filter((id) => known.has(id));
          const whole = wholeByKey.get([...ids].sort().join('\u0000'));
          return prepared.map(({ indicator, additive, byId }): IndicatorOutcome => {
            const wholeValue = whole === undefined ? undefined : indicator.values[whole];
            if (wholeValue !== undefined) return { kind: 'curated', value: wholeValue };
            if (ids.length === 0) return { kind: 'curated', value: indicator.baseline };
            if (!additive) return { kind: 'needs-recalculation', lastCurated: undefined };
            let value = indicator.baseline;
            for (const id of ids) value += byId.get(id) ?? 0;
            return { kind: 'recomputed', value, from: indicator.baseline };
          });
        }
        default: {
          const unreachable: never = view;
          return unreachable;
        }
      }
    },
  };
}

/** The number to show for an outcome, or undefined where none may be shown (needs recalculation, no curated value). */
export function shownValue(outcome: IndicatorOutcome): number | undefined {
  return outcome.kind === 'needs-recalculation' ? outcome.lastCurated : outcome.value;
}

/** Whether a change is better or worse by the indicator's direction; `same` within a thousandth of a unit. */
export type Assessment = 'better' | 'worse' | 'same';

export function assess(direction: Indicator['direction'], from: number, to: number): Assessment {
  if (Math.abs(to - from) < 1e-3) return 'same';
  const higher = to > from;
  return higher === (direction === 'higherIsBetter') ? 'better' : 'worse';
}

/** Difference from the baseline and, when the indicator has one, from its target, with their assessment. */
export function compareToBaselineAndTarget(
  indicator: Pick<Indicator, 'baseline' | 'target' | 'direction'>,
  value: number,
): { fromBaseline: number; baselineAssessment: Assessment; fromTarget?: number; meetsTarget?: boolean } {
  const result: { fromBaseline: number; baselineAssessment: Assessment; fromTarget?: number; meetsTarget?: boolean } = {
    fromBaseline: value - indicator.baseline,
    baselineAssessment: assess(indicator.direction, indicator.baseline, value),
  };
  if (indicator.target !== undefined) {
    result.fromTarget = value - indicator.target;
    result.meetsTarget = indicator.direction === 'higherIsBetter' ? value >= indicator.target : value <= indicator.target;
  }
  return result;
}
