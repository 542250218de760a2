import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import { indexToRows } from './installPackage';
import { defaultIndex } from './testPackage';

describe('indexToRows', () => {
  it('maps an index to rows that carry the packageId and their order in index.json', () => {
    const rows = indexToRows('p1', defaultIndex());

    expect(rows.meetings).toEqual([expect.objectContaining({ packageId: 'p1', id: 'raad-2026-12-10', order: 0 })]);
    expect(rows.meetings[0]).not.toHaveProperty('agendaItems');
    expect(rows.agendaItems.map((a) => [a.id, a.meetingId, a.order])).toEqual([
      ['ai-vaststelling', 'raad-2026-12-10', 0],
      ['ai-herinrichting', 'raad-2026-12-10', 1],
    ]);
    expect(rows.scenarios.map((s) => [s.id, s.agendaItemId, s.order])).toEqual([
      ['s-park', 'ai-herinrichting', 0],
      ['s-housing', 'ai-herinrichting', 1],
    ]);
    expect(rows.scenarios[0]).not.toHaveProperty('interventions');
    expect(rows.interventions.map((i) => [i.id, i.scenarioId, i.order])).toEqual([
      ['i-park', 's-park', 0],
      ['i-housing', 's-housing', 1],
      ['i-trees', 's-housing', 2],
    ]);
    expect(rows.indicators).toEqual([expect.objectContaining({ packageId: 'p1', id: 'green', order: 0 })]);
    expect(rows.layers).toEqual([expect.objectContaining({ packageId: 'p1', id: 'buildings', path: 'layers/buildings.geojson', order: 0 })]);
  });

  it('rejects an intervention id used twice, since rows are keyed by [packageId+id]', () => {
    const index = defaultIndex();
    const housing = index.scenarios[1]?.interventions[0];
    if (housing) housing.id = 'i-park';

    expect(() => indexToRows('p1', index)).toThrow(
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

    expect(() => indexToRows('p1', index)).toThrow('index.json: $.scenarios.0.agendaItemId: no agenda item "ai-onbekend"');
  });

  it('rejects an indicator value for a scenario that does not exist', () => {
    const index = defaultIndex();
    const green = index.indicators[0];
    if (green) green.values['s-onbekend'] = 1;

    expect(() => indexToRows('p1', index)).toThrow('index.json: $.indicators.0.values.s-onbekend: no scenario "s-onbekend"');
  });
});
