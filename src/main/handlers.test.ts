// The OS-service handlers with a FAKE electron module (dialog, shell, app), fake hub and
// secret services, and a real temp folder for the files they write.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainHandlers } from './handlers';
import type { MainServices } from './handlers';

const fake = vi.hoisted(() => ({
  documents: '',
  showSaveDialog: vi.fn(),
  openExternal: vi.fn(async (_url: string) => undefined),
}));

vi.mock('electron', () => ({
  app: { getVersion: () => '1.2.3', getPath: (name: string) => (name === 'documents' ? fake.documents : '/nonexistent') },
  dialog: { showSaveDialog: fake.showSaveDialog },
  shell: { openExternal: fake.openExternal },
}));

let dir: string;
const noWindow = { window: null };

function fakeServices() {
  return {
    hubConfig: { get: vi.fn(async () => 'https://hub.gemeente.nl'), set: vi.fn(async (_url: string | null) => undefined) },
    secrets: {
      get: vi.fn(async () => 'geheim'),
      set: vi.fn(async () => undefined),
      delete: vi.fn(async () => undefined),
    },
  } satisfies MainServices;
}
let services: ReturnType<typeof fakeServices>;
let mainHandlers: ReturnType<typeof createMainHandlers>;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'raadskaart-handlers-'));
  fake.documents = dir;
  fake.showSaveDialog.mockReset();
  fake.openExternal.mockClear();
  services = fakeServices();
  mainHandlers = createMainHandlers(services);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('main process handlers (fake electron module)', () => {
  it('app:info reports electron, the app version and the platform', async () => {
    await expect(mainHandlers['app:info'](undefined, noWindow)).resolves.toEqual({
      kind: 'electron',
      appVersion: '1.2.3',
      platform: process.platform,
    });
  });

  it('file:save writes the bytes where the user chose and returns only the file name', async () => {
    const target = path.join(dir, 'gekozen naam.md');
    fake.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const result = await mainHandlers['file:save']({ suggestedName: 'besluitenlijst.md', mimeType: 'text/markdown', data: new TextEncoder().encode('# Besluiten\n') }, noWindow);
    expect(result).toEqual({ kind: 'saved', name: 'gekozen naam.md' });
    expect(await readFile(target, 'utf8')).toBe('# Besluiten\n');
    expect(await readdir(dir)).toEqual(['gekozen naam.md']);
    const [options] = fake.showSaveDialog.mock.calls[0] as [{ defaultPath: string; filters: unknown }];
    expect(options.defaultPath).toBe(path.join(dir, 'besluitenlijst.md'));
    expect(options.filters).toEqual([{ name: 'MD', extensions: ['md'] }]);
  });

  it('file:save writes nothing when the dialog is cancelled', async () => {
    fake.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    const result = await mainHandlers['file:save']({ suggestedName: 'x.md', mimeType: 'text/markdown', data: new Uint8Array([1]) }, noWindow);
    expect(result).toEqual({ kind: 'cancelled' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('shell:openExternal opens an allowlisted link', async () => {
    await mainHandlers['shell:openExternal']({ url: 'https://rotterdam.raadsinformatie.nl/' }, noWindow);
    expect(fake.openExternal).toHaveBeenCalledExactlyOnceWith('https://rotterdam.raadsinformatie.nl/');
  });

  it.each(['http://rotterdam.raadsinformatie.nl/', 'https://evil.example/', 'file:///etc/passwd'])(
    'shell:openExternal refuses %s even when called without the IPC check',
    async (url) => {
      await expect(mainHandlers['shell:openExternal']({ url }, noWindow)).rejects.toThrow(/not an allowlisted/);
      expect(fake.openExternal).not.toHaveBeenCalled();
    },
  );
});

describe('hub and secret handlers (fake services)', () => {
  it('hub:configure sets the address and hub:get reports it', async () => {
    await mainHandlers['hub:configure']({ url: 'https://hub.gemeente.nl' }, noWindow);
    expect(services.hubConfig.set).toHaveBeenCalledExactlyOnceWith('https://hub.gemeente.nl');
    await mainHandlers['hub:configure']({ url: null }, noWindow);
    expect(services.hubConfig.set).toHaveBeenLastCalledWith(null);
    await expect(mainHandlers['hub:get'](undefined, noWindow)).resolves.toEqual({ url: 'https://hub.gemeente.nl' });
  });

  it('secret:set, secret:get and secret:delete go to the secret store', async () => {
    await mainHandlers['secret:set']({ name: 'hubToken', value: 'geheim' }, noWindow);
    expect(services.secrets.set).toHaveBeenCalledExactlyOnceWith('hubToken', 'geheim');
    await expect(mainHandlers['secret:get']({ name: 'hubToken' }, noWindow)).resolves.toEqual({ value: 'geheim' });
    await mainHandlers['secret:delete']({ name: 'hubToken' }, noWindow);
    expect(services.secrets.delete).toHaveBeenCalledExactlyOnceWith('hubToken');
  });
});
