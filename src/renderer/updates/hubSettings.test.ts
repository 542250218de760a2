// Where the hub address and token end up, per host, on a real Dexie database over
// fake-indexeddb: the web host keeps both in the settings table; the Electron host (over a
// FAKE preload bridge, standing in for main) keeps the token only in the OS secret store,
// tells main the hub address, and sends requests to app://raadskaart.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecretStorageUnavailableError } from '../../shared/ipc';
import type { RaadskaartBridge } from '../../shared/ipc';
import { openDatabase } from '../data/db';
import type { RaadskaartDb } from '../data/db';
import { readSetting, settingsOf, writeSetting } from '../data/settings';
import { createElectronHost } from '../host/ElectronHost';
import { createWebHost } from '../host/WebHost';
import { prepareHubRequests, readHubSettings, requestBaseFor, saveHubSettings } from './hubSettings';

const HUB = 'https://hub.gemeente.nl';
const TOKEN = 'rk_3f9a0c1d2e4b5a6978c0d1e2f3a4b5c6';

const open: RaadskaartDb[] = [];
let counter = 0;
function database(): RaadskaartDb {
  const db = openDatabase(`hub-settings-test-${Date.now()}-${counter++}`, { indexedDB, IDBKeyRange });
  open.push(db);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

/** A fake bridge that behaves like main: remembers the hub address and the secrets it was given. */
function fakeMain(options: { keyStore?: boolean } = {}) {
  const state = { hubUrl: null as string | null, secrets: new Map<string, string>() };
  const unavailable = () =>
    new Error(`Error invoking remote method 'secret:set': SecretStorageUnavailableError: ${new SecretStorageUnavailableError('safeStorage backend "basic_text"').message}`);
  const bridge = {
    'app:info': vi.fn(async () => ({ kind: 'electron' as const, appVersion: '0.1.0', platform: 'linux' })),
    'file:save': vi.fn(async () => ({ kind: 'cancelled' as const })),
    'shell:openExternal': vi.fn(async () => undefined),
    'hub:configure': vi.fn(async ({ url }: { url: string | null }) => {
      state.hubUrl = url;
    }),
    'hub:get': vi.fn(async () => ({ url: state.hubUrl })),
    'secret:set': vi.fn(async ({ name, value }: { name: string; value: string }) => {
      if (options.keyStore === false) throw unavailable();
      state.secrets.set(name, value);
    }),
    'secret:get': vi.fn(async ({ name }: { name: string }) => {
      if (options.keyStore === false) throw unavailable();
      return { value: state.secrets.get(name) ?? null };
    }),
    'secret:delete': vi.fn(async ({ name }: { name: string }) => {
      state.secrets.delete(name);
    }),
    'present:open': vi.fn(async () => ({ display: 'same' as const })),
    'present:close': vi.fn(async () => undefined),
    'print:pdf': vi.fn(async () => ({ kind: 'cancelled' as const })),
  } satisfies RaadskaartBridge;
  return { bridge, state, host: createElectronHost(bridge) };
}

describe('hub settings in the web host (settings table)', () => {
  it('keeps the address and the token in the settings table and reads them back', async () => {
    const db = database();
    const host = createWebHost();
    await saveHubSettings(settingsOf(db), { hubUrl: ` ${HUB} `, token: ` ${TOKEN} ` }, host);
    expect(await readSetting(db, 'hubUrl')).toBe(HUB);
    expect(await readSetting(db, 'hubToken')).toBe(TOKEN);
    await expect(readHubSettings(settingsOf(db), host)).resolves.toEqual({ hubUrl: HUB, token: TOKEN });
  });

  it("sends requests to the address as typed (the page's own origin, forwarded by its server)", async () => {
    expect(requestBaseFor('http://127.0.0.1:5173', createWebHost())).toBe('http://127.0.0.1:5173');
    await expect(prepareHubRequests('http://127.0.0.1:5173', createWebHost())).resolves.toBe('http://127.0.0.1:5173');
  });
});

describe('hub settings in the Electron host (fake main behind the bridge)', () => {
  it('puts the token only in the secret store and the address in main and the settings table', async () => {
    const db = database();
    const main = fakeMain();
    await saveHubSettings(settingsOf(db), { hubUrl: HUB, token: ` ${TOKEN} ` }, main.host);
    expect(main.state.secrets.get('hubToken')).toBe(TOKEN);
    expect(main.state.hubUrl).toBe(HUB);
    expect(await readSetting(db, 'hubUrl')).toBe(HUB);
    const rows = await db.settings.toArray();
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
    await expect(readHubSettings(settingsOf(db), main.host)).resolves.toEqual({ hubUrl: HUB, token: TOKEN });
  });

  it('wipes a token an earlier version left in the settings table in plain text', async () => {
    const db = database();
    await writeSetting(db, 'hubToken', 'oud-token-in-klare-tekst');
    const main = fakeMain();
    await saveHubSettings(settingsOf(db), { hubUrl: HUB, token: TOKEN }, main.host);
    expect(await readSetting(db, 'hubToken')).toBe('');
  });

  it('fails closed without a key store: throws SecretStorageUnavailableError and stores no token anywhere', async () => {
    const db = database();
    const main = fakeMain({ keyStore: false });
    await expect(saveHubSettings(settingsOf(db), { hubUrl: HUB, token: TOKEN }, main.host)).rejects.toBeInstanceOf(SecretStorageUnavailableError);
    expect(main.state.secrets.size).toBe(0);
    expect(JSON.stringify(await db.settings.toArray())).not.toContain(TOKEN);
    // The address is still saved: it is no secret, and the update can go on with the token in memory.
    expect(main.state.hubUrl).toBe(HUB);
    await expect(readHubSettings(settingsOf(db), main.host)).resolves.toEqual({ hubUrl: HUB, token: '' });
  });

  it('forgets the token and the hub when both are cleared', async () => {
    const db = database();
    const main = fakeMain();
    await saveHubSettings(settingsOf(db), { hubUrl: HUB, token: TOKEN }, main.host);
    await saveHubSettings(settingsOf(db), { hubUrl: '', token: '' }, main.host);
    expect(main.state.secrets.has('hubToken')).toBe(false);
    expect(main.state.hubUrl).toBeNull();
    expect(main.bridge['secret:delete']).toHaveBeenCalledWith({ name: 'hubToken' });
    await expect(readHubSettings(settingsOf(db), main.host)).resolves.toEqual({ hubUrl: '', token: '' });
  });

  it('shows the address main forwards to when the settings table disagrees', async () => {
    const db = database();
    const main = fakeMain();
    main.state.hubUrl = 'https://andere-hub.gemeente.nl';
    await writeSetting(db, 'hubUrl', HUB);
    await expect(readHubSettings(settingsOf(db), main.host)).resolves.toMatchObject({ hubUrl: 'https://andere-hub.gemeente.nl' });
  });

  it('sends requests to app://raadskaart, which main forwards to the hub', () => {
    expect(requestBaseFor(HUB, fakeMain().host)).toBe('app://raadskaart');
  });

  it('prepareHubRequests tells main the hub before handing out the base, and stores no token', async () => {
    const main = fakeMain();
    await expect(prepareHubRequests(HUB, main.host)).resolves.toBe('app://raadskaart');
    expect(main.state.hubUrl).toBe(HUB);
    expect(main.bridge['secret:set']).not.toHaveBeenCalled();
  });
});
