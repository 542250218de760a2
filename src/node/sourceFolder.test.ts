import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../shared/errors';
import { folderSourceFiles } from './sourceFolder';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'raadskaart-sourcefolder-'));
  dir = path.join(root, 'bron');
  await mkdir(path.join(dir, 'scenarios'), { recursive: true });
  await writeFile(path.join(dir, 'raadskaart.json'), '{}');
  await writeFile(path.join(dir, 'scenarios', 'groen.geojson'), '{"type":"FeatureCollection"}');
  await writeFile(path.join(root, 'geheim.txt'), 'buiten de map');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('folderSourceFiles (real files)', () => {
  it('reads files by relative path, gives their size, and lists folders recursively and sorted', async () => {
    const files = folderSourceFiles(dir);
    expect(new TextDecoder().decode((await files.read('scenarios/groen.geojson')) ?? new Uint8Array())).toBe('{"type":"FeatureCollection"}');
    expect(await files.size('raadskaart.json')).toBe(2);
    expect(await files.list('')).toEqual(['raadskaart.json', 'scenarios/groen.geojson']);
    expect(await files.list('scenarios')).toEqual(['scenarios/groen.geojson']);
  });

  it('answers null for a file that is not there, or is a folder', async () => {
    const files = folderSourceFiles(dir);
    expect(await files.read('meeting.json')).toBeNull();
    expect(await files.read('scenarios')).toBeNull();
  });

  it('refuses a path that leaves the folder, naming it', async () => {
    const files = folderSourceFiles(dir);
    await expect(files.read('../geheim.txt')).rejects.toBeInstanceOf(ValidationError);
    await expect(files.read('/etc/passwd')).rejects.toThrow('/etc/passwd: not a path inside the source folder');
  });

  it.skipIf(process.platform === 'win32')('treats a symlink to a file outside the folder as no file', async () => {
    await symlink(path.join(root, 'geheim.txt'), path.join(dir, 'meeting.json'));
    expect(await folderSourceFiles(dir).read('meeting.json')).toBeNull();
  });
});
