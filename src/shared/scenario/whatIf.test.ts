import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Indicator } from '../packageFormat';
import { activeInterventions, assess, compareToBaselineAndTarget, createWhatIfModel, indicatorOutcome, shownValue } from './whatIf';

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

describe('the prepared what-if model', () => {
  it('switching one intervention off changes each additive indicator by exactly its declared contribution', () => {
    const model = createWhatIfModel([green, heat], scenarios);
    const [greenOutcome, heatOutcome] = model.outcomes({ kind: 'scenario', scenarioId: 'groen', off: ['wadi'] });
    expect(greenOutcome).toEqual({ kind: 'recomputed', value: 1950 - 150, from: 1950 });
    expect(heatOutcome).toEqual({ kind: 'needs-recalculation', lastCurated: 29.5 });
  });

  it('counts an intervention switched off twice once', () => {
    expect(indicatorOutcome(green, { kind: 'scenario', scenarioId: 'groen', off: ['park', 'park'] }, scenarios)).toEqual({ kind: 'recomputed', value: 1150, from: 1950 });
    expect(createWhatIfModel([green], scenarios).outcomes({ kind: 'scenario', scenarioId: 'groen', off: ['park', 'park'] })).toEqual([
      { kind: 'recomputed', value: 1150, from: 1950 },
    ]);
  });

  it('gives the same outcome as indicatorOutcome for any view (property test)', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const world = fc.record({
      scenarios: fc.uniqueArray(fc.record({ id: fc.constantFrom('s1', 's2', 's3'), interventionIds: fc.subarray(ids) }), { selector: (s) => s.id, minLength: 1 }),
      additive: fc.boolean(),
      baseline: fc.integer({ min: -100, max: 100 }),
    });
    fc.assert(
      fc.property(world, fc.subarray([...ids, 'zz']), fc.integer({ min: 0, max: 3 }), ({ scenarios: ss, additive, baseline }, picked, pick) => {
        const values = Object.fromEntries(ss.filter((_, i) => i !== 1).map((s, i) => [s.id, baseline + i * 7]));
        const contributions = Object.fromEntries(ss.map((s) => [s.id, Object.fromEntries(s.interventionIds.map((id, i) => [id, i + 1]))]));
        const indicator: Indicator = { ...green, baseline, values, ...(additive ? { additive, contributions } : { additive: false, contributions: undefined }) };
        const scenario = ss[pick % ss.length];
        const views = [
          { kind: 'baseline' as const },
          { kind: 'composition' as const, interventionIds: picked },
          ...(scenario ? [{ kind: 'scenario' as const, scenarioId: scenario.id, off: picked }] : []),
        ];
        const model = createWhatIfModel([indicator], ss);
        return views.every((view) => JSON.stringify(model.outcomes(view)[0]) === JSON.stringify(indicatorOutcome(indicator, view, ss)));
      }),
    );
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
