// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../i18n';
import { AgendaItemView } from './AgendaItemView';

const fixtures = vi.hoisted(() => {
  const pkg = {
    packageId: 'demo',
    title: 'Demo Delfshaven',
    version: 3,
    demo: true,
    municipality: { statcode: 'GM0599', name: 'Rotterdam' },
    installedAt: '2025-01-01T00:00:00Z',
  };
  const item = {
    packageId: 'demo',
    meetingId: 'm1',
    order: 0,
    id: 'a4',
    number: '4',
    title: 'Herinrichting Delfshaven',
    briefing: 'briefings/a4.md',
    attachments: [{ path: 'attachments/voorstel.pdf', title: 'Raadsvoorstel', size: 2048 }],
    bbox: [4.4, 51.9, 4.5, 51.95],
  };
  const scenarios = [
    { packageId: 'demo', order: 0, id: 'green', agendaItemId: 'a4', title: 'Groen', summary: 'Meer parken en bomen.' },
    { packageId: 'demo', order: 1, id: 'homes', agendaItemId: 'a4', title: 'Wonen', summary: 'Honderd nieuwe woningen.' },
  ];
  const square = (x: number, y: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + 0.001, y],
        [x + 0.001, y + 0.001],
        [x, y + 0.001],
        [x, y],
      ],
    ],
  });
  const interventions: Record<string, { id: string; title: string; description: string; kind: string; scenarioId: string; geometry: unknown }[]> = {
    green: [{ id: 'p1', title: 'Park aan de Schie', description: 'Nieuw park.', kind: 'park', scenarioId: 'green', geometry: square(4.45, 51.91) }],
    homes: [{ id: 'h1', title: 'Woonblok Mathenesserweg', description: '', kind: 'housing', scenarioId: 'homes', geometry: square(4.47, 51.93) }],
  };
  const indicators = [
    {
      packageId: 'demo',
      order: 0,
      id: 'green-m2',
      title: 'Groen per inwoner',
      unit: 'm²',
      direction: 'higherIsBetter',
      method: 'Oppervlakte / inwoners.',
      baseline: 10,
      values: { green: 12.5, homes: 9 },
    },
    { packageId: 'demo', order: 1, id: 'other', title: 'Elders', unit: 'n', direction: 'lowerIsBetter', method: 'x', baseline: 1, values: { elsewhere: 2 } },
  ];
  return { pkg, item, scenarios, interventions, indicators };
});

const pdfBytes = vi.hoisted(() => new TextEncoder().encode('%PDF-1.4\n'));
const saveFile = vi.hoisted(() =>
  vi.fn((_request: { suggestedName: string; mimeType: string; data: Uint8Array }) => Promise.resolve({ kind: 'saved' as const, name: 'voorstel.pdf' })),
);
vi.mock('../../host', () => ({ getHost: () => ({ saveFile }) }));

const mapProps = vi.hoisted(() => ({ last: undefined as undefined | { interventions: { id: string }[]; label: string; opening: number[] } }));

vi.mock('../../data/hooks', () => ({
  usePackage: () => fixtures.pkg,
  useAgendaItem: () => fixtures.item,
  useScenarios: () => fixtures.scenarios,
  useInterventions: (_packageId: string, scenarioId: string | undefined) => (scenarioId ? fixtures.interventions[scenarioId] : []),
  useIndicators: () => fixtures.indicators,
  useLayers: () => [{ id: 'buildings', kind: 'buildings', attribution: '© 3D BAG', title: 'Gebouwen' }],
  useLayerGeoJson: () => ({ type: 'FeatureCollection', features: [] }),
  readAppTile: () => Promise.resolve(null),
  readAppChunk: (_packageId: string, path: string) => Promise.resolve(path === 'attachments/voorstel.pdf' ? pdfBytes : null),
  useChunkText: () => '# Herinrichting Delfshaven\n\n## Achtergrond\n\nDe raad besluit over <script>alert(1)</script> de herinrichting.',
}));

vi.mock('../../data/presentationHooks', () => ({
  useAgendaItemInterventions: () => [...fixtures.interventions.green!, ...fixtures.interventions.homes!],
  useCompositions: () => [],
  useBriefingAdjustment: () => null,
  keepComposition: vi.fn(),
  forgetComposition: vi.fn(),
  keepBriefingAdjustment: vi.fn(),
  dropBriefingAdjustment: vi.fn(),
}));

vi.mock('../../map/MapView', () => ({
  MapView: (props: { interventions: { id: string }[]; label: string; opening: number[] }) => {
    mapProps.last = props;
    return <div role="region" aria-label={props.label} />;
  },
  MapCommands: class {
    attach() {
      return () => undefined;
    }
  },
  MapSync: class {},
}));
vi.mock('../../map/LayerToggles', () => ({ LayerToggles: () => <fieldset aria-label="lagen" /> }));
vi.mock('../../map/Legend', () => ({ Legend: () => <div>legenda</div> }));

beforeAll(async () => {
  await initI18n('nl');
});

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '#/');
});

/** The side panel's tab with this name, selected. */
function openTab(name: string) {
  fireEvent.click(screen.getByRole('tab', { name }));
}

describe('AgendaItemView', () => {
  it('shows the agenda item with the first scenario chosen', () => {
    render(<AgendaItemView packageId="demo" agendaItemId="a4" />);
    expect(screen.getByRole('heading', { level: 1, name: 'Herinrichting Delfshaven' })).toBeTruthy();
    const group = screen.getByRole('radiogroup', { name: 'Scenario' });
    expect(within(group).getByRole('radio', { name: 'Groen' })).toHaveProperty('checked', true);
    expect(screen.getByText('Meer parken en bomen.')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Kaart' })).toBeTruthy();
    expect(mapProps.last?.interventions.map((i) => i.id)).toEqual(['p1']);
    // The scenario opens on the extent of its interventions, not on the whole agenda item.
    const [west, south, east, north] = mapProps.last?.opening ?? [];
    expect([west, south, east, north].map((v) => Math.round((v ?? 0) * 1e6) / 1e6)).toEqual([4.45, 51.91, 4.451, 51.911]);
    // The narrow panel's column head says "Scenario" and reads out which one.
    expect(screen.getByRole('columnheader', { name: 'Scenario: Groen' })).toBeTruthy();
  });

  it('names the agenda item by its number once, in the breadcrumb, right above its title', () => {
    render(<AgendaItemView packageId="demo" agendaItemId="a4" />);
    const crumbs = within(screen.getByRole('navigation', { name: 'Kruimelpad' })).getAllByRole('listitem');
    expect(crumbs.map((li) => li.textContent)).toEqual(['Pakketten', 'Demo Delfshaven', 'Agendapunt 4']);
    expect(screen.getAllByText('Agendapunt 4')).toHaveLength(1);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Herinrichting Delfshaven');
  });

  it('switches map, summary and indicator column to the chosen scenario', () => {
    render(<AgendaItemView packageId="demo" agendaItemId="a4" />);
    fireEvent.click(screen.getByRole('radio', { name: 'Wonen' }));
    expect(screen.getByText('Honderd nieuwe woningen.')).toBeTruthy();
    expect(mapProps.last?.interventions.map((i) => i.id)).toEqual(['h1']);
    expect(window.location.hash).toBe('#/p/demo/a/a4?show=homes');
    const row = screen.getByRole('row', { name: /Groen per inwoner/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['10', '9', '−1 (slechter)']);
    expect(within(row).getByRole('rowheader').textContent).toContain('m² · Hoger is beter');
    // The list beside the map names it, with its what-if switch on.
    expect(screen.getByRole('checkbox', { name: /Woonblok Mathenesserweg/ })).toHaveProperty('checked', true);
  });

  it('lists only indicators that belong to this agenda item', () => {
    render(<AgendaItemView packageId="demo" agendaItemId="a4" />);
    expect(screen.queryByRole('row', { name: /Elders/ })).toBeNull();
  });

  it('shows the briefing as text: headings from #, markup never as HTML', () => {
    const { container } = render(<AgendaItemView packageId="demo" agendaItemId="a4" />);
    openTab('Toelichting');
    // The briefing's own title repeats the h1 and is dropped; its ## headings follow the h2.
    expect(screen.getAllByRole('heading', { name: 'Herinrichting Delfshaven' })).toHaveLength(1);
    expect(screen.getByRole('heading', { level: 3, name: 'Achtergrond' })).toBeTruthy();
    expect(screen.getByText('De raad besluit over <script>alert(1)</script> de herinrichting.')).toBeTruthy();
    expect(container.querySelector('script')).toBeNull();
  });

  it('saves an attachment as a PDF through the host', async () => {
    render(<AgendaItemView packageId="demo" agendaItemId="a4" />);
    openTab('Toelichting');
    const section = screen.getByRole('region', { name: 'Bijlagen' });
    fireEvent.click(within(section).getByRole('button', { name: 'Raadsvoorstel' }));
    expect(await within(section).findByText('„Raadsvoorstel” is opgeslagen als voorstel.pdf.')).toBeTruthy();
    expect(saveFile).toHaveBeenCalledWith({ suggestedName: 'voorstel.pdf', mimeType: 'application/pdf', data: pdfBytes });
  });
});
