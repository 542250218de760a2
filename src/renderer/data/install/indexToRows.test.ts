import { describe, expect, it } from 'vitest';
import { indexToRows } from './indexToRows';
import { defaultIndex } from '../../../../tests/helpers/dexie';

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
});
