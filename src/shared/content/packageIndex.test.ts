import { describe, expect, it } from 'vitest';
import { defaultIndex } from '../../../tests/helpers/packageIndex';
import { ValidationError } from '../errors';
import type { BriefingStep, Indicator } from '../packageFormat';
import { checkIndexReferences, contributionMismatch } from './packageIndex';

/** The default index with an additive green indicator: baseline 100, park +800 in s-park, trees +50 in s-housing. */
function additiveIndex() {
  const index = defaultIndex();
  const green = index.indicators[0] as Indicator;
  green.additive = true;
  green.contributions = { 's-park': { 'i-park': 800 }, 's-housing': { 'i-trees': 50 } };
  return index;
}

describe('checkIndexReferences', () => {
  it('accepts the default index and an additive indicator whose values equal baseline plus contributions', () => {
    expect(() => checkIndexReferences(defaultIndex())).not.toThrow();
    expect(() => checkIndexReferences(additiveIndex())).not.toThrow();
  });

  it('rejects an intervention id used twice, since rows are keyed by [packageId+id]', () => {
    const index = defaultIndex();
    const housing = index.scenarios[1]?.interventions[0];
    if (housing) housing.id = 'i-park';

    expect(() => checkIndexReferences(index)).toThrow(
      new ValidationError('index.json: $.scenarios.1.interventions.0.id: intervention id "i-park" is already used at $.scenarios.0.interventions.0.id', {
        file: 'index.json',
        path: '$.scenarios.1.interventions.0.id',
      }),
    );
  });

  it('rejects a scenario for an agenda item that does not exist', () => {
    const index = defaultIndex();
    const park = index.scenarios[0];
    if (park) park.agendaItemId = 'ai-onbekend';

    expect(() => checkIndexReferences(index)).toThrow('index.json: $.scenarios.0.agendaItemId: no agenda item "ai-onbekend"');
  });

  it('rejects an indicator value for a scenario that does not exist', () => {
    const index = defaultIndex();
    const green = index.indicators[0];
    if (green) green.values['s-onbekend'] = 1;

    expect(() => checkIndexReferences(index)).toThrow('index.json: $.indicators.0.values.s-onbekend: no scenario "s-onbekend"');
  });

  it('rejects an additive indicator whose scenario value is not baseline plus its contributions, naming the scenario', () => {
    const index = additiveIndex();
    (index.indicators[0] as Indicator).values['s-park'] = 950;

    expect(() => checkIndexReferences(index)).toThrow(
      'index.json: $.indicators.0.values.s-park: indicator "green", scenario "s-park": baseline 100 + contributions 800 is 900, but the value is 950',
    );
  });

  it('rejects a contribution of an intervention that belongs to another scenario', () => {
    const index = additiveIndex();
    (index.indicators[0] as Indicator).contributions = { 's-park': { 'i-park': 800, 'i-trees': 0 }, 's-housing': { 'i-trees': 50 } };

    expect(() => checkIndexReferences(index)).toThrow('$.indicators.0.contributions.s-park.i-trees: scenario "s-park" has no intervention "i-trees"');
  });

  it('rejects contributions without additive, and additive without contributions', () => {
    const withoutFlag = additiveIndex();
    delete (withoutFlag.indicators[0] as Indicator).additive;
    expect(() => checkIndexReferences(withoutFlag)).toThrow('$.indicators.0.additive: indicator "green" lists contributions, so "additive" must be true');

    const withoutParts = additiveIndex();
    delete (withoutParts.indicators[0] as Indicator).contributions;
    expect(() => checkIndexReferences(withoutParts)).toThrow('$.indicators.0.contributions: indicator "green" is additive but lists no contributions');
  });
});

describe('briefing steps in the content check', () => {
  /** The default index with a briefing of two steps on the Delfshaven item. */
  function withSteps(steps: BriefingStep[]) {
    const index = defaultIndex();
    const item = index.meetings[0]?.agendaItems[1];
    if (item) item.briefingSteps = steps;
    return index;
  }
  const step = (id: string, shown: BriefingStep['view']['shown'], mode: BriefingStep['view']['mode'] = 'single'): BriefingStep => ({
    id,
    title: `Stap ${id}`,
    talkingPoints: 'Wat ik zeg.',
    view: { mode, shown },
  });

  it('accepts steps that show the baseline, a scenario with its own intervention off, a comparison and an inline composition', () => {
    const index = withSteps([
      step('1', [{ kind: 'baseline' }]),
      step('2', [{ kind: 'scenario', scenarioId: 's-housing', off: ['i-trees'] }]),
      step('3', [{ kind: 'baseline' }, { kind: 'scenario', scenarioId: 's-park', off: [] }], 'swipe'),
      step('4', [{ kind: 'composition', interventionIds: ['i-park', 'i-trees'] }]),
    ]);
    expect(() => checkIndexReferences(index)).not.toThrow();
  });

  it('rejects a step that shows a scenario the package does not have, naming the step and its path', () => {
    const index = withSteps([step('1', [{ kind: 'baseline' }]), step('2', [{ kind: 'scenario', scenarioId: 's-onbekend', off: [] }])]);
    expect(() => checkIndexReferences(index)).toThrow(
      new ValidationError(
        'index.json: $.meetings.0.agendaItems.1.briefingSteps.1.view.shown.0.scenarioId: briefing step "Stap 2": scenario "s-onbekend" is not a scenario of this package',
        {
          file: 'index.json',
          path: '$.meetings.0.agendaItems.1.briefingSteps.1.view.shown.0.scenarioId',
        },
      ),
    );
  });

  it("rejects switching off an intervention that is not the scenario's own", () => {
    const index = withSteps([step('1', [{ kind: 'scenario', scenarioId: 's-park', off: ['i-trees'] }])]);
    expect(() => checkIndexReferences(index)).toThrow('briefingSteps.0.view.shown.0.off: briefing step "Stap 1": scenario "s-park" has no intervention "i-trees" to switch off');
  });

  it('rejects a kept composition, an unknown intervention in a composition, a scenario of another agenda item and a step id used twice', () => {
    const kept = withSteps([step('1', [{ kind: 'composition', compositionId: 'mijn-variant', interventionIds: [] }])]);
    expect(() => checkIndexReferences(kept)).toThrow('a step cannot show kept composition "mijn-variant"');
    const unknown = withSteps([step('1', [{ kind: 'composition', interventionIds: ['i-park', 'i-elders'] }])]);
    expect(() => checkIndexReferences(unknown)).toThrow('"i-elders" is not an intervention of a scenario of this agenda item');
    const other = withSteps([step('1', [{ kind: 'scenario', scenarioId: 's-park', off: [] }])]);
    const park = other.scenarios[0];
    if (park) park.agendaItemId = 'ai-vaststelling';
    expect(() => checkIndexReferences(other)).toThrow('scenario "s-park" belongs to another agenda item');
    const twice = withSteps([step('1', [{ kind: 'baseline' }]), step('1', [{ kind: 'baseline' }])]);
    expect(() => checkIndexReferences(twice)).toThrow('briefingSteps.1.id: briefing step "Stap 1": step id "1" is already used by step 0');
  });
});

describe('contributionMismatch', () => {
  it('allows half a unit of rounding per contribution and no more', () => {
    const base = { baseline: 10, contributions: { s: { a: 1, b: 2 } } };
    expect(contributionMismatch({ ...base, values: { s: 14 } })).toBeUndefined();
    expect(contributionMismatch({ ...base, values: { s: 14.1 } })).toEqual({ scenarioId: 's', sum: 3, value: 14.1 });
  });
});
