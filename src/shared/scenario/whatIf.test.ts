import { describe, expect, it } from 'vitest';
import type { Indicator } from '../packageFormat';
import { activeInterventions, assess, compareToBaselineAndTarget, indicatorOutcome, shownValue } from './whatIf';

const scenarios = [
  { id: 'groen', interventionIds: ['park', 'wadi'] },
  { id: 'wonen', interventionIds: ['blok'] },
];

/** Green area: baseline 1000, park +800, wadi +150 in "groen"; housing adds none. */
const green: Indicator = {
  id: 'groen-m2',
  title: 'Groen',
  unit: 'm²',
  direction: 'higherIsBetter',
  target: 1500,
  method: 'Oppervlak groen.',
  baseline: 1000,
  values: { groen: 1950, wonen: 1000 },
  additive: true,
  contributions: { groen: { park: 800, wadi: 150 }, wonen: {} },
};

/** Heat stress from a model run: not additive. */
const heat: Indicator = {
  id: 'hitte',
  title: 'Hittestress',
  unit: '°C',
  direction: 'lowerIsBetter',
  method: 'Model.',
  baseline: 31,
  values: { groen: 29.5, wonen: 31.4 },
  additive: false,
};

describe('what-if recompute', () => {
  it('shows the curated value for the baseline and for a whole scenario', () => {
    expect(indicatorOutcome(green, { kind: 'baseline' }, scenarios)).toEqual({ kind: 'curated', value: 1000 });
    expect(indicatorOutcome(green, { kind: 'scenario', scenarioId: 'groen', off: [] }, scenarios)).toEqual({ kind: 'curated', value: 1950 });
    expect(indicatorOutcome(heat, { kind: 'scenario', scenarioId: 'groen', off: [] }, scenarios)).toEqual({ kind: 'curated', value: 29.5 });
  });

  it('takes away exactly the declared contribution of an intervention switched off', () => {
    const outcome = indicatorOutcome(green, { kind: 'scenario', scenarioId: 'groen', off: ['park'] }, scenarios);
    expect(outcome).toEqual({ kind: 'recomputed', value: 1950 - 800, from: 1950 });
  });

  it('keeps the last curated value of a model-based indicator and asks for recalculation, never inventing one', () => {
    const outcome = indicatorOutcome(heat, { kind: 'scenario', scenarioId: 'groen', off: ['park'] }, scenarios);
    expect(outcome).toEqual({ kind: 'needs-recalculation', lastCurated: 29.5 });
    expect(shownValue(indicatorOutcome(heat, { kind: 'composition', interventionIds: ['park', 'blok'] }, scenarios))).toBeUndefined();
  });

  it('adds up a composition from several scenarios from the baseline, and ignores ids not in the package', () => {
    const outcome = indicatorOutcome(green, { kind: 'composition', interventionIds: ['wadi', 'blok', 'onbekend'] }, scenarios);
    expect(outcome).toEqual({ kind: 'recomputed', value: 1150, from: 1000 });
    expect(activeInterventions({ kind: 'composition', interventionIds: ['wadi', 'onbekend', 'wadi'] }, scenarios)).toEqual(['wadi']);
  });

  it('treats a composition that equals a whole scenario as that scenario (its curated values, also for models)', () => {
    expect(indicatorOutcome(heat, { kind: 'composition', interventionIds: ['wadi', 'park'] }, scenarios)).toEqual({ kind: 'curated', value: 29.5 });
  });

  it("ignores a switched-off id that is not the scenario's own", () => {
    expect(indicatorOutcome(green, { kind: 'scenario', scenarioId: 'groen', off: ['blok'] }, scenarios)).toEqual({ kind: 'curated', value: 1950 });
  });
});

describe('comparing', () => {
  it('judges better and worse by the indicator direction', () => {
    expect(assess('higherIsBetter', 1000, 1950)).toBe('better');
    expect(assess('lowerIsBetter', 31, 31.4)).toBe('worse');
    expect(assess('lowerIsBetter', 31, 31.0004)).toBe('same');
  });

  it('gives the difference from the baseline and from the target', () => {
    expect(compareToBaselineAndTarget(green, 1150)).toEqual({ fromBaseline: 150, baselineAssessment: 'better', fromTarget: -350, meetsTarget: false });
    expect(compareToBaselineAndTarget(heat, 29.5)).toEqual({ fromBaseline: -1.5, baselineAssessment: 'better' });
  });
});
