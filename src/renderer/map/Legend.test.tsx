// @vitest-environment jsdom
// The legend lists exactly the interventions on the map, by the names the map's labels show,
// with their kind and the palette's colour; the layer toggles are labelled checkboxes that
// report the new visibility.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Intervention } from '../../shared/packageFormat';
import { initI18n } from '../i18n';
import { LayerToggles } from './LayerToggles';
import { Legend, legendEntries } from './Legend';
import { KIND_STYLES } from './palette';

function makeIntervention(id: string, overrides: Partial<Intervention> = {}): Intervention {
  return {
    id,
    title: id,
    description: '',
    kind: 'park',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    },
    ...overrides,
  };
}

const line = {
  type: 'LineString' as const,
  coordinates: [
    [0, 0],
    [1, 1],
  ] as [number, number][],
};

beforeAll(async () => {
  await initI18n('nl');
});

afterEach(async () => {
  cleanup();
  await i18next.changeLanguage('nl');
});

describe('Legend', () => {
  it('lists each intervention on the map by the name its map label shows, with its kind in Dutch, grouped by kind', () => {
    render(
      <Legend
        interventions={[
          makeIntervention('a', { title: 'Fietsstraat', kind: 'bike-route', geometry: line }),
          makeIntervention('b', { title: 'Buurtpark noord', kind: 'park' }),
          makeIntervention('c', { title: 'Woonblok zuid', kind: 'housing', height: 20 }),
          makeIntervention('d', { title: 'Hofje', kind: 'park' }),
        ]}
      />,
    );
    const list = screen.getByRole('list', { name: 'Legenda' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Buurtpark noord (Park)', 'Hofje (Park)', 'Woonblok zuid (Woningbouw)', 'Fietsstraat (Fietsroute)']);
  });

  it('draws each swatch in the colour the map uses for that kind', () => {
    render(<Legend interventions={[makeIntervention('a', { kind: 'water' }), makeIntervention('b', { kind: 'speed-zone' })]} />);
    const swatches = screen.getAllByRole('listitem').map((li) => li.querySelector('svg')?.getAttribute('data-color'));
    expect(swatches).toEqual([KIND_STYLES.water.color, KIND_STYLES['speed-zone'].color]);
  });

  it('shapes the swatch as the map draws the kind (area, line, extruded block)', () => {
    const entries = legendEntries([makeIntervention('a', { kind: 'housing' }), makeIntervention('b', { kind: 'car-free', geometry: line }), makeIntervention('c')]);
    expect(entries).toEqual([
      { id: 'c', title: 'c', kind: 'park', shape: 'polygon' },
      { id: 'a', title: 'a', kind: 'housing', shape: 'block' },
      { id: 'b', title: 'b', kind: 'car-free', shape: 'line' },
    ]);
  });

  it('says so when there are no interventions', () => {
    render(<Legend interventions={[]} />);
    expect(screen.getByText('Er staan geen ingrepen op de kaart.')).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('speaks English when the app does', async () => {
    await i18next.changeLanguage('en');
    render(<Legend interventions={[makeIntervention('a', { title: 'Fietsstraat', kind: 'bike-route', geometry: line })]} />);
    expect(screen.getByRole('list', { name: 'Legend' }).textContent).toBe('Fietsstraat (Cycle route)');
  });
});

describe('LayerToggles', () => {
  it('is a fieldset "Kaartlagen" with three labelled checkboxes that show the visibility', () => {
    render(<LayerToggles visibility={{ buildings: true, interventions: false, labels: true }} onChange={() => undefined} />);
    const group = screen.getByRole('group', { name: 'Kaartlagen' });
    const boxes = within(group).getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((b) => [b.labels?.[0]?.textContent, b.checked])).toEqual([
      ['Gebouwen', true],
      ['Ingrepen', false],
      ['Labels', true],
    ]);
  });

  it('reports the new visibility with only the clicked layer changed', () => {
    const onChange = vi.fn();
    render(<LayerToggles visibility={{ buildings: true, interventions: true, labels: true }} onChange={onChange} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Ingrepen' }));
    expect(onChange).toHaveBeenCalledWith({ buildings: true, interventions: false, labels: true });
  });

  it('is labelled "Map layers" in English', async () => {
    await i18next.changeLanguage('en');
    render(<LayerToggles visibility={{ buildings: true, interventions: true, labels: true }} onChange={() => undefined} />);
    expect(screen.getByRole('group', { name: 'Map layers' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Buildings' })).toBeTruthy();
  });
});
