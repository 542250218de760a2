import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileWriteError, writeFileAtomic } from './atomicWrite';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'raadskaart-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic (real files)', () => {
  it('replaces an existing file completely and leaves no temporary file', async () => {
    const target = path.join(dir, 'notes.md');
    await writeFile(target, 'old content that is longer than the new one');
    await writeFileAtomic(target, new TextEncoder().encode('new'));
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['notes.md']);
  });

  it('refuses a folder as the target, naming it and suggesting a file name, and leaves it untouched', async () => {
    const target = path.join(dir, 'busy');
    await mkdir(target);
    await writeFile(path.join(target, 'keep.txt'), 'keep');
    const failure = writeFileAtomic(target, new Uint8Array([1, 2, 3]));
    await expect(failure).rejects.toBeInstanceOf(FileWriteError);
    await expect(failure).rejects.toThrow(`cannot write ${target}: that is a folder; give a file name, e.g. ${path.join(target, 'pakket.rkp')}`);
    expect(await readFile(path.join(target, 'keep.txt'), 'utf8')).toBe('keep');
    expect(await readdir(dir)).toEqual(['busy']);
  });

  it('says which folder is missing, never a temporary file name', async () => {
    const target = path.join(dir, 'nergens', 'pakket.rkp');
    const failure = writeFileAtomic(target, 'x');
    await expect(failure).rejects.toThrow(`cannot write ${target}: the folder ${path.join(dir, 'nergens')} does not exist; create it first or choose another place`);
    await expect(failure).rejects.not.toThrow(/\.tmp/);
    expect(await readdir(dir)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('creates the file with the mode asked for', async () => {
    const target = path.join(dir, 'secret.bin');
    await writeFileAtomic(target, new Uint8Array([1]), { mode: 0o600 });
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });
});
