// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { initI18n } from './i18n';
import { App } from './App';

const fixtures = vi.hoisted(() => {
  const pkg = {
    packageId: 'demo.delfshaven',
    title: 'Demo Delfshaven',
    version: 3,
    demo: true,
    municipality: { statcode: 'GM0599', name: 'Rotterdam' },
    installedAt: '2025-01-01T00:00:00Z',
  };
  const meetings = [
    {
      packageId: pkg.packageId,
      id: 'm1',
      title: 'Commissie Bouwen, Wonen en Buitenruimte',
      body: 'Commissie BWB',
      date: '2025-03-12T19:30:00Z',
      agendaItems: [{ id: 'a4', number: '4', title: 'Herinrichting Delfshaven' }],
    },
  ];
  return { pkg, meetings };
});

vi.mock('./data/hooks', () => ({
  usePackages: () => [fixtures.pkg],
  usePackage: (id: string) => (id === fixtures.pkg.packageId ? fixtures.pkg : null),
  useMeetings: () => fixtures.meetings,
}));
vi.mock('./data/settings', () => ({ setSetting: () => Promise.resolve() }));
vi.mock('./features/meeting/AgendaItemView', () => ({ AgendaItemView: () => <h1>agendapunt</h1> }));
vi.mock('./features/updates/UpdatesPanel', () => ({ UpdatesPanel: () => <h1>bijwerken</h1> }));
// Sign-in and sync (their own tests): this file has no IndexedDB, and the header's part is theirs.
vi.mock('./features/account/session', () => ({ resumeSession: () => Promise.resolve() }));
vi.mock('./features/account/AccountStatus', () => ({ AccountStatus: () => null }));
vi.mock('./host', () => ({ getHost: () => ({ info: () => Promise.resolve({ kind: 'web', appVersion: '0.1.0', platform: 'test' }) }) }));

function go(hash: string) {
  act(() => {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
}

beforeAll(async () => {
  await initI18n('nl');
});

beforeEach(() => {
  window.location.hash = '#/';
});

afterEach(() => {
  cleanup();
});

describe('App', () => {
  it('lists installed packages with a demo badge and links to each', async () => {
    render(<App />);
    expect(screen.getByRole('heading', { level: 1, name: 'Pakketten' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Demo Delfshaven' }).getAttribute('href')).toBe('#/p/demo.delfshaven');
    expect(screen.getByText('Demogegevens')).toBeTruthy();
    expect(document.title).toBe('Pakketten – Raadskaart');
    expect(await screen.findByText('Raadskaart 0.1.0 · browser')).toBeTruthy();
  });

  it('moves focus to the new h1 and updates the title after navigation', () => {
    render(<App />);
    go('#/p/demo.delfshaven');
    const heading = screen.getByRole('heading', { level: 1, name: 'Demo Delfshaven' });
    expect(document.activeElement).toBe(heading);
    expect(document.title).toBe('Demo Delfshaven – Raadskaart');
    expect(screen.getByRole('link', { name: 'Agendapunt 4: Herinrichting Delfshaven' }).getAttribute('href')).toBe('#/p/demo.delfshaven/a/a4');
    expect(screen.getByRole('navigation', { name: 'Kruimelpad' }).textContent).toBe('PakkettenDemo Delfshaven');
  });

  it('says so when a package is not installed', () => {
    render(<App />);
    go('#/p/elsewhere');
    expect(screen.getByRole('heading', { level: 1, name: 'Pakket niet gevonden' })).toBeTruthy();
  });

  it('moves focus to main with the skip link without changing the route', () => {
    render(<App />);
    fireEvent.click(screen.getByRole('link', { name: 'Naar de inhoud' }));
    expect(document.activeElement?.id).toBe('main');
    expect(window.location.hash).toBe('#/');
  });

  it('opens the updates screen from the header link at #/updates', () => {
    render(<App />);
    const link = screen.getByRole('link', { name: 'Pakketten bijwerken' });
    expect(link.getAttribute('href')).toBe('#/updates');
    go('#/updates');
    expect(screen.getByRole('heading', { level: 1, name: 'bijwerken' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Pakketten bijwerken' }).getAttribute('aria-current')).toBe('page');
  });

  it('redirects the old #/sync address to #/updates and shows the updates screen', () => {
    render(<App />);
    go('#/sync');
    expect(screen.getByRole('heading', { level: 1, name: 'bijwerken' })).toBeTruthy();
    expect(window.location.hash).toBe('#/updates');
  });
});
