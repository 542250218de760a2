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
    presentation: {
      open: vi.fn((_channelId: string, _presenter: unknown) => ({ display: 'external' as const })),
      close: vi.fn(),
      isAudience: vi.fn((window: unknown) => window === audienceWindow),
    },
  } satisfies MainServices;
}

/** Stand-ins for BrowserWindows: the presenter's, whose page prints, and the audience's. */
const presenterWindow = { webContents: { printToPDF: vi.fn(async (_options: unknown) => Buffer.from('%PDF-1.7 blad')) } };
const audienceWindow = { webContents: { printToPDF: vi.fn() } };
const from = (window: unknown) => ({ window }) as unknown as { window: null };
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

describe('presentation and print handlers (fake windows and services)', () => {
  it('present:open opens the audience window for the channel beside the calling window, present:close closes it', async () => {
    await expect(mainHandlers['present:open']({ channelId: '3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59' }, from(presenterWindow))).resolves.toEqual({ display: 'external' });
    expect(services.presentation.open).toHaveBeenCalledExactlyOnceWith('3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59', presenterWindow);
    await mainHandlers['present:close'](undefined, noWindow);
    expect(services.presentation.close).toHaveBeenCalledOnce();
  });

  it('present:open refuses a call from the audience window itself', async () => {
    await expect(mainHandlers['present:open']({ channelId: '3f1c2b0a-9d8e-4c7b-a6f5-0e1d2c3b4a59' }, from(audienceWindow))).rejects.toThrow(/audience window cannot/);
    expect(services.presentation.open).not.toHaveBeenCalled();
  });

  it('print:pdf prints the calling page A4 landscape with backgrounds and writes the PDF where the user chose', async () => {
    const target = path.join(dir, 'agendapunt 1.pdf');
    fake.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    await expect(mainHandlers['print:pdf']({ suggestedName: 'Agendapunt 1.pdf' }, from(presenterWindow))).resolves.toEqual({ kind: 'saved', name: 'agendapunt 1.pdf' });
    expect(presenterWindow.webContents.printToPDF).toHaveBeenCalledWith({ landscape: true, pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(await readFile(target, 'utf8')).toBe('%PDF-1.7 blad');
    const [, options] = fake.showSaveDialog.mock.calls[0] as [unknown, { filters: unknown }];
    expect(options.filters).toEqual([{ name: 'PDF', extensions: ['pdf'] }]);
  });

  it('print:pdf writes nothing when the dialog is cancelled, and refuses without a window', async () => {
    fake.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    await expect(mainHandlers['print:pdf']({ suggestedName: 'a.pdf' }, from(presenterWindow))).resolves.toEqual({ kind: 'cancelled' });
    expect(await readdir(dir)).toEqual([]);
    await expect(mainHandlers['print:pdf']({ suggestedName: 'a.pdf' }, noWindow)).rejects.toThrow(/window that asked to print is gone/);
  });
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
