import { describe, expect, it } from 'vitest';
import { defaultIndex } from '../../../tests/helpers/packageIndex';
import { ValidationError } from '../errors';
import type { Indicator } from '../packageFormat';
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

describe('contributionMismatch', () => {
  it('allows half a unit of rounding per contribution and no more', () => {
    const base = { baseline: 10, contributions: { s: { a: 1, b: 2 } } };
    expect(contributionMismatch({ ...base, values: { s: 14 } })).toBeUndefined();
    expect(contributionMismatch({ ...base, values: { s: 14.1 } })).toEqual({ scenarioId: 's', sum: 3, value: 14.1 });
  });
});
