// Contributions per intervention: computed for the additive compute rules, given by hand for
// fixed indicators, and always checked to add up to each scenario's value.
import { describe, expect, it } from 'vitest';
import { polygonAreaM2 } from '../geo';
import { assembleFolder, tempSourceFolders, validationFailure } from '../../../tests/helpers/sourceFolders';

const folder = tempSourceFolders();
const failure = validationFailure;

const cost = (extra: Record<string, unknown>): Record<string, unknown> => ({
  indicators: [{ id: 'kosten', title: 'Kosten', unit: 'EUR', direction: 'lowerIsBetter', method: 'illustratief', baseline: 5, values: { s1: 15, s2: 25 }, ...extra }],
});

describe('indicator contributions', () => {
  it('computes each intervention’s contribution for area and parking rules and marks them additive', async () => {
    const pkg = await assembleFolder(await folder());
    const green = pkg.index.indicators.find((i) => i.id === 'groen')!;
    const parking = pkg.index.indicators.find((i) => i.id === 'parkeren')!;
    const park = pkg.index.scenarios[0]!.interventions[0]!;
    expect(green.additive).toBe(true);
    expect(green.contributions).toEqual({ s1: { p1: Math.round(polygonAreaM2(park.geometry)) }, s2: {} });
    expect(green.baseline + green.contributions!.s1!.p1!).toBe(green.values.s1);
    expect(parking.contributions).toEqual({ s1: {}, s2: { c1: -12 } });
  });

  it('leaves a fixed indicator without contributions non-additive', async () => {
    const kosten = (await assembleFolder(await folder())).index.indicators.find((i) => i.id === 'kosten')!;
    expect(kosten.additive).toBe(false);
    expect(kosten).not.toHaveProperty('contributions');
  });

  it('groups hand-typed contributions by the scenario that holds each intervention', async () => {
    const pkg = await assembleFolder(await folder({ 'indicators.json': cost({ contributions: { p1: 10, c1: 20 } }) }));
    expect(pkg.index.indicators[0]).toMatchObject({ additive: true, contributions: { s1: { p1: 10 }, s2: { c1: 20 } } });
  });

  it('refuses contributions that do not add up to a scenario value, naming indicator and scenario', async () => {
    const e = await failure(assembleFolder(await folder({ 'indicators.json': cost({ contributions: { p1: 10, c1: 21 } }) })));
    expect(e.message).toBe('indicators.json: $.indicators[0] ("kosten"): scenario "s2": baseline 5 + the contributions of its interventions (21) is 26, but its value is 25');
    expect(e.location).toEqual({ file: 'indicators.json', path: '$.indicators[0].values.s2' });
  });

  it('refuses a contribution of an intervention that no scenario has', async () => {
    const e = await failure(assembleFolder(await folder({ 'indicators.json': cost({ contributions: { p1: 10, c1: 20, weg: 0 } }) })));
    expect(e.message).toMatch(/"kosten"\): contributions: no intervention "weg" in any scenario/);
    expect(e.location.path).toBe('$.indicators[0].contributions.weg');
  });

  it('refuses hand-typed contributions on a computed indicator', async () => {
    const indicators = {
      indicators: [
        { id: 'groen', title: 'Groen', unit: 'm²', direction: 'higherIsBetter', method: 'berekend', baseline: 100, compute: { kind: 'greenArea' }, contributions: { p1: 1 } },
      ],
    };
    const e = await failure(assembleFolder(await folder({ 'indicators.json': indicators })));
    expect(e.message).toMatch(/"contributions" are computed by "greenArea"; remove them/);
  });
});
