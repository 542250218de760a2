// Test helper: a small valid package content index (index.json) as a plain object, for tests
// of the content checks, the installer and the map. Build variations by editing the copy it
// returns. Never import this from product code.
import type { PackageIndex } from '../../src/shared/packageFormat';

export const TEST_BBOX: [number, number, number, number] = [4.44, 51.9, 4.46, 51.92];

export const square = (x: number, y: number, d = 0.001): [number, number][][] => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];

/** A small valid content index: one meeting, two agenda items, two scenarios, one layer. */
export function defaultIndex(): PackageIndex {
  return {
    meetings: [
      {
        id: 'raad-2026-12-10',
        title: 'Raadsvergadering 10 december 2026',
        body: 'Gemeenteraad',
        date: '2026-12-10T19:30:00Z',
        agendaItems: [
          { id: 'ai-vaststelling', number: '10', title: 'Vaststelling begroting', bbox: TEST_BBOX },
          { id: 'ai-herinrichting', number: '2', title: 'Herinrichting Delfshaven', briefing: 'briefings/herinrichting.md', bbox: TEST_BBOX },
        ],
      },
    ],
    layers: [
      {
        id: 'buildings',
        title: 'Gebouwen',
        kind: 'buildings',
        path: 'layers/buildings.geojson',
        attribution: 'BAG, Kadaster',
        featureCount: 2,
        bbox: TEST_BBOX,
      },
    ],
    scenarios: [
      {
        id: 's-park',
        agendaItemId: 'ai-herinrichting',
        title: 'Park',
        summary: 'Een park op het plein.',
        interventions: [{ id: 'i-park', title: 'Park', description: 'Groen plein', kind: 'park', geometry: { type: 'Polygon', coordinates: square(4.45, 51.91) } }],
      },
      {
        id: 's-housing',
        agendaItemId: 'ai-herinrichting',
        title: 'Woningbouw',
        summary: 'Woningen met bomen.',
        interventions: [
          { id: 'i-housing', title: 'Woonblok', description: '40 woningen', kind: 'housing', height: 15, geometry: { type: 'Polygon', coordinates: square(4.451, 51.911) } },
          { id: 'i-trees', title: 'Bomen', description: 'Bomenrij', kind: 'trees', geometry: { type: 'Point', coordinates: [4.452, 51.912] } },
        ],
      },
    ],
    indicators: [
      {
        id: 'green',
        title: 'Groen',
        unit: 'm²',
        direction: 'higherIsBetter',
        method: 'Oppervlakte groen binnen het plangebied.',
        baseline: 100,
        values: { 's-park': 900, 's-housing': 150 },
      },
    ],
  };
}
