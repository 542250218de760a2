// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import i18next from 'i18next';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../data/db';
import { appSettings } from '../../data/settings';
import { addTrustedKey, listTrustedKeys } from '../../data/trust';
import { DEMO_PACKAGE_ID, DEMO_TRUSTED_KEY } from '../../../shared/trust/demoKey';
import { generateKeyPair, trustedKeyOf } from '../../../shared/keys';
import { initI18n } from '../../i18n';
import { readHubSettings } from '../../updates/hubSettings';
import type { UpdateState } from '../../updates/updateState';
import type { UpdateRequest } from '../../updates/updatesWorkerCore';
import { HUB, makeFakeHub } from '../../../../tests/helpers/fakeHub';
import type { UpdatesWorkerLike } from '../../updates/useUpdates';
import { groupKeyid, UpdatesPanel } from './UpdatesPanel';

/** A worker stand-in: records requests; `emit` plays a state as the real worker would post it. */
class FakeWorker implements UpdatesWorkerLike {
  requests: UpdateRequest[] = [];
  private listeners: ((event: MessageEvent<UpdateState>) => void)[] = [];
  terminated = false;
  postMessage(request: UpdateRequest): void {
    this.requests.push(request);
  }
  addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<UpdateState>) => void) | ((event: Event) => void)): void {
    if (type === 'message') this.listeners.push(listener as (event: MessageEvent<UpdateState>) => void);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(state: UpdateState): void {
    act(() => {
      for (const l of this.listeners) l({ data: state } as MessageEvent<UpdateState>);
    });
  }
}

let worker: FakeWorker;
function renderPanel(fetchImpl?: typeof fetch) {
  worker = new FakeWorker();
  return render(<UpdatesPanel createWorker={() => worker} {...(fetchImpl ? { fetchImpl } : {})} />);
}

const liveRegion = () => screen.getByRole('status');

/**
 * Starts an update, so the (lazily created) worker exists and its states reach the panel. The
 * request goes out once the host knows the hub (prepareHubRequests), so wait for it.
 */
async function startUpdate(): Promise<void> {
  fireEvent.change(screen.getByLabelText('Hub-adres'), { target: { value: HUB } });
  fireEvent.click(screen.getByRole('button', { name: 'Pakketten bijwerken' }));
  await waitFor(() => expect(worker.requests).toHaveLength(1));
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

describe('UpdatesPanel', () => {
  it('has labelled fields, a password field for the token, the update button, a .rkp file input and a polite live region', () => {
    renderPanel();

    expect(screen.getByLabelText('Hub-adres')).toHaveProperty('type', 'url');
    expect(screen.getByLabelText('Toegangscode')).toHaveProperty('type', 'password');
    expect(screen.getByRole('button', { name: 'Pakketten bijwerken' })).toBeTruthy();
    expect(screen.getByLabelText('Pakketbestand importeren')).toHaveProperty('accept', '.rkp');
    expect(liveRegion().getAttribute('aria-live')).toBe('polite');
  });

  it('explains an address that is not http(s) in words and does not start an update', () => {
    renderPanel();
    const url = screen.getByLabelText('Hub-adres');
    fireEvent.change(url, { target: { value: 'ftp://hub.gemeente.nl' } });

    fireEvent.click(screen.getByRole('button', { name: 'Pakketten bijwerken' }));

    expect(screen.getByText('Het adres moet beginnen met https:// (of met http:// voor een hub op deze computer).')).toBeTruthy();
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(worker.requests).toEqual([]);
  });

  it('asks for an address when the field is empty', () => {
    renderPanel();

    fireEvent.click(screen.getByRole('button', { name: 'Pakketten bijwerken' }));

    expect(screen.getByText('Vul het adres van de hub in.')).toBeTruthy();
    expect(worker.requests).toEqual([]);
  });

  it('starts an update with the normalised address and the token, and remembers both', async () => {
    renderPanel();
    fireEvent.change(screen.getByLabelText('Hub-adres'), { target: { value: ' https://hub.example.nl/ ' } });
    fireEvent.change(screen.getByLabelText('Toegangscode'), { target: { value: 'geheim' } });

    fireEvent.click(screen.getByRole('button', { name: 'Pakketten bijwerken' }));

    await waitFor(() => expect(worker.requests).toEqual([{ type: 'update', hubUrl: HUB, token: 'geheim' }]));
    expect(liveRegion().textContent).toBe('Controleren of er nieuwe versies zijn…');
    expect((screen.getByRole('button', { name: 'Pakketten bijwerken' }) as HTMLButtonElement).disabled).toBe(true);
    await waitFor(async () => expect(await readHubSettings(appSettings())).toEqual({ hubUrl: HUB, token: 'geheim' }));
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
    await startUpdate();
    worker.emit({ kind: 'downloading', packageId: 'nl.p', title: 'Delfshaven', doneBytes: 1_234_567, totalBytes: 3_400_000, percent: 36 });

    expect(liveRegion().textContent).toBe('Pakket Delfshaven: 1,2 van 3,4 MB (36%)');

    await act(async () => {
      await i18next.changeLanguage('en');
    });
    expect(liveRegion().textContent).toBe('Package Delfshaven: 1.2 of 3.4 MB (36%)');
  });

  it('explains a signature error in words a clerk understands, with the detail folded away', async () => {
    renderPanel();
    await startUpdate();
    worker.emit({ kind: 'error', code: 'signature', message: 'manifest.json (nl.p version 2): signature by key abc does not match' });

    expect(liveRegion().textContent).toContain(
      'Dit pakket is niet ondertekend door een vertrouwde uitgever. Het is niet geïnstalleerd; een eerder geïnstalleerde versie blijft in gebruik.',
    );
    expect(screen.getByText('Technische details').tagName).toBe('SUMMARY');
  });

  it('lists what was updated and, per package, what failed', async () => {
    renderPanel();
    await startUpdate();
    worker.emit({
      kind: 'done',
      installed: [{ packageId: 'nl.a', title: 'Plan A', version: 3 }],
      upToDate: [],
      failed: [{ packageId: 'nl.b', title: 'Plan B', code: 'rollback', message: 'older' }],
    });

    expect(liveRegion().textContent).toContain('Pakket Plan A is bijgewerkt naar versie 3.');
    expect(liveRegion().textContent).toContain('Pakket Plan B: Er wordt een oudere versie aangeboden dan de versie die al geïnstalleerd is.');
  });

  it('says when everything is up to date', async () => {
    renderPanel();
    await startUpdate();
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
    await screen.findByText('De sleutel van de hub wordt nu vertrouwd. U kunt de pakketten nu bijwerken.');
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

    fireEvent.change(screen.getByLabelText('Pakketbestand importeren'), { target: { files: [file] } });

    expect(worker.requests).toEqual([{ type: 'import', file, name: 'delfshaven-v2.rkp' }]);
  });

  it('says in Dutch alone that a chosen file is not a package, or a damaged package file, with the English detail folded away', () => {
    renderPanel();
    fireEvent.change(screen.getByLabelText('Pakketbestand importeren'), { target: { files: [new File(['geen pakket'], 'notulen.pdf')] } });

    worker.emit({ kind: 'error', code: 'not-a-package', message: 'notulen.pdf: not a Raadskaart package file (it does not start as gzip data)' });
    const sentence = liveRegion().querySelector('.error-box > p');
    expect(sentence?.textContent).toBe('Dit bestand is geen pakketbestand van Raadskaart. Kies een .rkp-bestand dat u van de uitgever kreeg. Er is niets veranderd.');
    expect(liveRegion().querySelector('details pre')?.textContent).toBe('not-a-package: notulen.pdf: not a Raadskaart package file (it does not start as gzip data)');

    worker.emit({ kind: 'error', code: 'damaged-file', message: 'half.rkp: ends before the end-of-archive marker (truncated download?)' });
    expect(liveRegion().querySelector('.error-box > p')?.textContent).toMatch(/^Dit pakketbestand is beschadigd of onvolledig/);
    expect(liveRegion().querySelector('.error-box > p')?.textContent).not.toMatch(/download|archive/i);
  });

  it('ends the worker when the panel goes away', async () => {
    const view = renderPanel();
    await startUpdate();

    view.unmount();

    expect(worker.terminated).toBe(true);
  });
});

describe('UpdatesPanel: hub address safety', () => {
  it('refuses plain http to another computer, saying the access code would travel unencrypted', () => {
    renderPanel();
    fireEvent.change(screen.getByLabelText('Hub-adres'), { target: { value: 'http://hub.gemeente.nl' } });

    fireEvent.click(screen.getByRole('button', { name: 'Pakketten bijwerken' }));

    expect(screen.getByText(/Met http:\/\/ zou de toegangscode onversleuteld over het netwerk gaan/)).toBeTruthy();
    expect(worker.requests).toEqual([]);
  });
});

describe('UpdatesPanel: publishers', () => {
  const publishers = () => screen.getByRole('region', { name: 'Uitgevers' });
  const keyFile = (text: string, name = 'adviesbureau-public.json') => new File([text], name, { type: 'application/json' });

  it('lists the built-in demo publisher with its key code in fours and its one package, without a remove button', async () => {
    renderPanel();

    const region = within(publishers());
    expect(await region.findByText(DEMO_TRUSTED_KEY.label)).toBeTruthy();
    expect(region.getByText(groupKeyid(DEMO_TRUSTED_KEY.keyid))).toBeTruthy();
    expect(groupKeyid(DEMO_TRUSTED_KEY.keyid)).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    expect(region.getByText(`Voor: ${DEMO_PACKAGE_ID}`)).toBeTruthy();
    expect(region.queryByRole('button', { name: /verwijderen/ })).toBeNull();
  });

  it('names the demo publisher in English when the app speaks English', async () => {
    await i18next.changeLanguage('en');
    renderPanel();

    expect(await within(screen.getByRole('region', { name: 'Publishers' })).findByText('Demo publisher (public key, for the demo package only)')).toBeTruthy();
    expect(screen.queryByText(DEMO_TRUSTED_KEY.label)).toBeNull();
  });

  it('adds a publisher from its public key file only after the user confirms the key code, with the typed scope', async () => {
    const key = await generateKeyPair();
    renderPanel();

    fireEvent.change(screen.getByLabelText('Sleutel van een uitgever toevoegen'), { target: { files: [keyFile(JSON.stringify(key.publicKey))] } });

    await screen.findByText(groupKeyid(key.publicKey.keyid));
    expect((await listTrustedKeys(getDb())).some((k) => k.keyid === key.publicKey.keyid)).toBe(false);
    fireEvent.change(screen.getByLabelText('Naam van de uitgever'), { target: { value: 'Adviesbureau' } });
    fireEvent.change(screen.getByLabelText('Alleen voor deze pakketten (niet verplicht)'), { target: { value: ' nl.rotterdam.a, nl.rotterdam.b ,' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ja, deze uitgever vertrouwen' }));

    await screen.findByText('Uitgever Adviesbureau wordt nu vertrouwd. Kies „Pakketten bijwerken” of importeer het pakketbestand opnieuw.');
    expect((await listTrustedKeys(getDb())).find((k) => k.keyid === key.publicKey.keyid)).toEqual({
      keyid: key.publicKey.keyid,
      publicKey: key.publicKey.publicKey,
      role: 'publisher',
      label: 'Adviesbureau',
      packageIds: ['nl.rotterdam.a', 'nl.rotterdam.b'],
    });
    await within(publishers()).findByText('Voor: nl.rotterdam.a, nl.rotterdam.b');
  });

  it('trusts a publisher for all packages when the scope is left empty, and does nothing when the user declines', async () => {
    const key = await generateKeyPair();
    renderPanel();
    const input = () => screen.getByLabelText('Sleutel van een uitgever toevoegen');

    fireEvent.change(input(), { target: { files: [keyFile(JSON.stringify(key.publicKey))] } });
    await screen.findByText(groupKeyid(key.publicKey.keyid));
    fireEvent.click(screen.getByRole('button', { name: 'Nee, niet toevoegen' }));
    expect((await listTrustedKeys(getDb())).some((k) => k.keyid === key.publicKey.keyid)).toBe(false);

    fireEvent.change(input(), { target: { files: [keyFile(JSON.stringify(key.publicKey))] } });
    await screen.findByText(groupKeyid(key.publicKey.keyid));
    fireEvent.click(screen.getByRole('button', { name: 'Ja, deze uitgever vertrouwen' }));

    await within(publishers()).findByText('Voor: alle pakketten');
    expect((await listTrustedKeys(getDb())).find((k) => k.keyid === key.publicKey.keyid)?.packageIds).toBeUndefined();
  });

  it('refuses a scope that is not a package id', async () => {
    const key = await generateKeyPair();
    renderPanel();
    fireEvent.change(screen.getByLabelText('Sleutel van een uitgever toevoegen'), { target: { files: [keyFile(JSON.stringify(key.publicKey))] } });
    await screen.findByText(groupKeyid(key.publicKey.keyid));

    fireEvent.change(screen.getByLabelText('Alleen voor deze pakketten (niet verplicht)'), { target: { value: 'nl.a, Mijn Pakket' } });

    expect(screen.getByText('„Mijn Pakket” is geen geldige pakketcode: gebruik kleine letters, cijfers, punten of streepjes.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Ja, deze uitgever vertrouwen' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('refuses a private key file and a file that is not a key, in words', async () => {
    const key = await generateKeyPair();
    renderPanel();

    fireEvent.change(screen.getByLabelText('Sleutel van een uitgever toevoegen'), { target: { files: [keyFile(JSON.stringify(key.privateKey), 'private.json')] } });
    await screen.findByText(/Dit is een privésleutel, geen openbare sleutel\./);

    fireEvent.change(screen.getByLabelText('Sleutel van een uitgever toevoegen'), {
      target: { files: [keyFile(JSON.stringify({ ...key.publicKey, keyid: '0'.repeat(64) }), 'vervalst.json')] },
    });
    await screen.findByText(/Dit bestand is geen openbare sleutel van Raadskaart\./);
    expect(await listTrustedKeys(getDb())).toEqual([DEMO_TRUSTED_KEY]);
  });

  it('removes a publisher only after confirmation', async () => {
    const key = await generateKeyPair();
    await addTrustedKey(getDb(), trustedKeyOf(key.publicKey, 'publisher', 'Adviesbureau'));
    renderPanel();

    fireEvent.click(await screen.findByRole('button', { name: 'Adviesbureau verwijderen' }));
    expect(screen.getByText(/Wilt u Adviesbureau niet meer vertrouwen\?/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Nee, behouden' }));
    expect((await listTrustedKeys(getDb())).some((k) => k.keyid === key.publicKey.keyid)).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Adviesbureau verwijderen' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ja, niet meer vertrouwen' }));

    await waitFor(() => expect(screen.queryByText('Adviesbureau')).toBeNull());
    expect(await listTrustedKeys(getDb())).toEqual([DEMO_TRUSTED_KEY]);
  });

  it('tells the user what to do about a package signed by an unknown publisher', async () => {
    renderPanel();
    await startUpdate();
    worker.emit({ kind: 'error', code: 'unknown-key', message: 'manifest.json (nl.p version 1): signed only by unknown key(s) abcd' });

    expect(liveRegion().textContent).toContain('Vraag de uitgever om de openbare sleutel en voeg die toe onder Uitgevers.');
  });
});
