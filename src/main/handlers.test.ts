// The OS-service handlers with a FAKE electron module (dialog, shell, app) and a real temp
// folder for the files they write.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mainHandlers, writeFileAtomically } from './handlers';

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

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'raadskaart-handlers-'));
  fake.documents = dir;
  fake.showSaveDialog.mockReset();
  fake.openExternal.mockClear();
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
    const result = await mainHandlers['file:save'](
      { suggestedName: 'besluitenlijst.md', mimeType: 'text/markdown', data: new TextEncoder().encode('# Besluiten\n') },
      noWindow,
    );
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

describe('writeFileAtomically (real files)', () => {
  it('replaces an existing file completely and leaves no temporary file', async () => {
    const target = path.join(dir, 'notes.md');
    await writeFile(target, 'old content that is longer than the new one');
    await writeFileAtomically(target, new TextEncoder().encode('new'));
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['notes.md']);
  });

  it('leaves the target untouched and cleans up when the final rename fails', async () => {
    // A non-empty folder at the target path makes rename() fail after the data was written.
    const target = path.join(dir, 'busy');
    await mkdir(target);
    await writeFile(path.join(target, 'keep.txt'), 'keep');
    await expect(writeFileAtomically(target, new Uint8Array([1, 2, 3]))).rejects.toThrow();
    expect(await readFile(path.join(target, 'keep.txt'), 'utf8')).toBe('keep');
    expect(await readdir(dir)).toEqual(['busy']);
  });
});
