// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import i18next from 'i18next';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../data/db';
import { listTrustedKeys } from '../../data/trust';
import { initI18n } from '../../i18n';
import { readHubSettings } from '../../sync/hubSettings';
import type { SyncState } from '../../sync/syncState';
import type { SyncRequest } from '../../sync/syncWorkerCore';
import { HUB, makeFakeHub } from '../../sync/testHub';
import type { SyncWorkerLike } from '../../sync/useSync';
import { groupKeyid, SyncPanel } from './SyncPanel';

/** A worker stand-in: records requests; `emit` plays a state as the real worker would post it. */
class FakeWorker implements SyncWorkerLike {
  requests: SyncRequest[] = [];
  private listeners: ((event: MessageEvent<SyncState>) => void)[] = [];
  terminated = false;
  postMessage(request: SyncRequest): void {
    this.requests.push(request);
  }
  addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<SyncState>) => void) | ((event: Event) => void)): void {
    if (type === 'message') this.listeners.push(listener as (event: MessageEvent<SyncState>) => void);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(state: SyncState): void {
    act(() => {
      for (const l of this.listeners) l({ data: state } as MessageEvent<SyncState>);
    });
  }
}

let worker: FakeWorker;
function renderPanel(fetchImpl?: typeof fetch) {
  worker = new FakeWorker();
  return render(<SyncPanel createWorker={() => worker} {...(fetchImpl ? { fetchImpl } : {})} />);
}

const liveRegion = () => screen.getByRole('status');

/** Starts a sync, so the (lazily created) worker exists and its states reach the panel. */
function startSync(): void {
  fireEvent.change(screen.getByLabelText('Hub-adres'), { target: { value: HUB } });
  fireEvent.click(screen.getByRole('button', { name: 'Pakketten bijwerken' }));
}

beforeAll(async () => {
  await initI18n('nl');
});
afterEach(async () => {
  cleanup();
  await i18next.changeLanguage('nl');
  await getDb().settings.clear();
});
afterAll(async () => {
  await getDb().delete();
});

describe('SyncPanel', () => {
  it('has labelled fields, a password field for the token, the update button, a .rkp file input and a polite live region', () => {
    renderPanel();

    expect(screen.getByLabelText('Hub-adres')).toHaveProperty('type', 'url');
    expect(screen.getByLabelText('Toegangscode')).toHaveProperty('type', 'password');
    expect(screen.getByRole('button', { name: 'Pakketten bijwerken' })).toBeTruthy();
    expect(screen.getByLabelText('Importeer pakketbestand')).toHaveProperty('accept', '.rkp');
    expect(liveRegion().getAttribute('aria-live')).toBe('polite');
  });

  it('explains an address that is not http(s) in words and does not start a sync', () => {
    renderPanel();
    const url = screen.getByLabelText('Hub-adres');
    fireEvent.change(url, { target: { value: 'ftp://hub.gemeente.nl' } });

    fireEvent.click(screen.getByRole('button', { name: 'Pakketten bijwerken' }));

    expect(screen.getByText('Het adres moet beginnen met https:// (of http:// voor een hub op deze computer).')).toBeTruthy();
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(worker.requests).toEqual([]);
  });

  it('asks for an address when the field is empty', () => {
    renderPanel();

    fireEvent.click(screen.getByRole('button', { name: 'Pakketten bijwerken' }));

    expect(screen.getByText('Vul het adres van de hub in.')).toBeTruthy();
    expect(worker.requests).toEqual([]);
  });

  it('starts a sync with the normalised address and the token, and remembers both', async () => {
    renderPanel();
    fireEvent.change(screen.getByLabelText('Hub-adres'), { target: { value: ' https://hub.example.nl/ ' } });
    fireEvent.change(screen.getByLabelText('Toegangscode'), { target: { value: 'geheim' } });

    fireEvent.click(screen.getByRole('button', { name: 'Pakketten bijwerken' }));

    expect(worker.requests).toEqual([{ type: 'sync', hubUrl: HUB, token: 'geheim' }]);
    expect(liveRegion().textContent).toBe('Controleren of er nieuwe versies zijn…');
    expect((screen.getByRole('button', { name: 'Pakketten bijwerken' }) as HTMLButtonElement).disabled).toBe(true);
    await waitFor(async () => expect(await readHubSettings(getDb())).toEqual({ hubUrl: HUB, token: 'geheim' }));
  });

  it('fills the form from the remembered settings', async () => {
    await getDb().settings.bulkPut([
      { key: 'hubUrl', value: 'https://hub.gemeente.nl' },
      { key: 'hubToken', value: 'bewaard' },
    ]);
    renderPanel();

    await waitFor(() => expect((screen.getByLabelText('Hub-adres') as HTMLInputElement).value).toBe('https://hub.gemeente.nl'));
    expect((screen.getByLabelText('Toegangscode') as HTMLInputElement).value).toBe('bewaard');
  });

  it('shows download progress as package, megabytes and percent, in Dutch and English number format', async () => {
    renderPanel();
    startSync();
    worker.emit({ kind: 'downloading', packageId: 'nl.p', title: 'Delfshaven', doneBytes: 1_234_567, totalBytes: 3_400_000, percent: 36 });

    expect(liveRegion().textContent).toBe('Pakket Delfshaven: 1,2 van 3,4 MB (36%)');

    await act(async () => {
      await i18next.changeLanguage('en');
    });
    expect(liveRegion().textContent).toBe('Package Delfshaven: 1.2 of 3.4 MB (36%)');
  });

  it('explains a signature error in words a clerk understands, with the detail folded away', () => {
    renderPanel();
    startSync();
    worker.emit({ kind: 'error', code: 'signature', message: 'manifest.json (nl.p version 2): signature by key abc does not match' });

    expect(liveRegion().textContent).toContain(
      'Dit pakket is niet ondertekend door een vertrouwde uitgever. Het is niet geïnstalleerd; de vorige versie blijft in gebruik.',
    );
    expect(screen.getByText('Technische details').tagName).toBe('SUMMARY');
  });

  it('lists what was updated and, per package, what failed', () => {
    renderPanel();
    startSync();
    worker.emit({
      kind: 'done',
      installed: [{ packageId: 'nl.a', title: 'Plan A', version: 3 }],
      upToDate: [],
      failed: [{ packageId: 'nl.b', title: 'Plan B', code: 'rollback', message: 'older' }],
    });

    expect(liveRegion().textContent).toContain('Pakket Plan A is bijgewerkt naar versie 3.');
    expect(liveRegion().textContent).toContain('Pakket Plan B: Er wordt een oudere versie aangeboden dan de versie die u al heeft.');
  });

  it('says when everything is up to date', () => {
    renderPanel();
    startSync();
    worker.emit({ kind: 'done', installed: [], upToDate: [{ packageId: 'nl.a', title: 'Plan A', version: 3 }], failed: [] });

    expect(liveRegion().textContent).toBe('Alle pakketten zijn al bijgewerkt.');
  });

  it('pins the hub key only after the user confirms the key code shown', async () => {
    const hub = await makeFakeHub();
    renderPanel(hub.fetchImpl);
    expect(screen.getByText(/Raadskaart kent de sleutel van deze hub nog niet/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Hub-adres'), { target: { value: HUB } });

    fireEvent.click(screen.getByRole('button', { name: 'Sleutel van de hub ophalen' }));

    await screen.findByText(groupKeyid(hub.key.publicKey.keyid));
    expect((await listTrustedKeys(getDb())).some((k) => k.role === 'hub')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Ja, deze sleutel vertrouwen' }));
    await screen.findByText('De sleutel van de hub is vastgezet. U kunt nu bijwerken.');
    expect((await listTrustedKeys(getDb())).filter((k) => k.role === 'hub').map((k) => k.keyid)).toEqual([hub.key.publicKey.keyid]);
  });

  it('does not pin when the user declines the key code', async () => {
    const hub = await makeFakeHub();
    renderPanel(hub.fetchImpl);
    fireEvent.change(screen.getByLabelText('Hub-adres'), { target: { value: HUB } });
    fireEvent.click(screen.getByRole('button', { name: 'Sleutel van de hub ophalen' }));
    await screen.findByText(groupKeyid(hub.key.publicKey.keyid));

    fireEvent.click(screen.getByRole('button', { name: 'Nee, niet vertrouwen' }));

    expect(screen.getByRole('button', { name: 'Sleutel van de hub ophalen' })).toBeTruthy();
    expect((await listTrustedKeys(getDb())).some((k) => k.role === 'hub')).toBe(false);
  });

  it('explains an unreachable hub when fetching its key fails', async () => {
    const hub = await makeFakeHub();
    hub.status = 503;
    renderPanel(hub.fetchImpl);
    fireEvent.change(screen.getByLabelText('Hub-adres'), { target: { value: HUB } });

    fireEvent.click(screen.getByRole('button', { name: 'Sleutel van de hub ophalen' }));

    await screen.findByText(/De hub is niet bereikbaar\./);
  });

  it('imports the chosen .rkp file through the worker', () => {
    renderPanel();
    const file = new File([new Uint8Array([1, 2, 3])], 'delfshaven-v2.rkp');

    fireEvent.change(screen.getByLabelText('Importeer pakketbestand'), { target: { files: [file] } });

    expect(worker.requests).toEqual([{ type: 'import', file, name: 'delfshaven-v2.rkp' }]);
  });

  it('ends the worker when the panel goes away', () => {
    const view = renderPanel();
    startSync();

    view.unmount();

    expect(worker.terminated).toBe(true);
  });
});
