import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IntegrityError } from '../../src/shared/errors';
import type { BuiltPackage } from '../../src/shared/authoring/assemble';
import { assembleFolder, makeSourceFolder } from '../../tests/helpers/sourceFolders';
import { writePackage } from './writePackage';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function setup(): Promise<{ out: string; pkg: BuiltPackage }> {
  const src = await makeSourceFolder();
  const root = await mkdtemp(path.join(tmpdir(), 'raadskaart-out-'));
  dirs.push(src, root);
  return { out: path.join(root, 'public', 'demo'), pkg: await assembleFolder(src) };
}

describe('writePackage', () => {
  it('writes the manifest and one file per chunk named by its sha256', async () => {
    const { out, pkg } = await setup();
    const total = await writePackage(out, pkg);
    expect(new Uint8Array(await readFile(path.join(out, 'manifest.json')))).toEqual(pkg.manifestBytes);
    expect((await readdir(path.join(out, 'chunks'))).sort()).toEqual(pkg.manifest.chunks.map((c) => c.sha256).sort());
    expect(total).toBe(pkg.manifestBytes.byteLength + pkg.manifest.chunks.reduce((s, c) => s + c.size, 0));
    expect((await stat(out)).mode & 0o777).toBe(0o755);
  });

  it('replaces a previous package completely and leaves no temporary folders', async () => {
    const { out, pkg } = await setup();
    await writePackage(out, pkg);
    const changed: BuiltPackage = { ...pkg, chunks: pkg.chunks.slice(0, 1), manifestBytes: new TextEncoder().encode('{"changed":true}') };
    await writePackage(out, changed);
    expect(await readdir(path.join(out, 'chunks'))).toEqual([pkg.chunks[0]!.ref.sha256]);
    expect(await readFile(path.join(out, 'manifest.json'), 'utf8')).toBe('{"changed":true}');
    expect(await readdir(path.dirname(out))).toEqual(['demo']);
  });

  it('refuses a chunk whose bytes differ from its manifest entry and keeps the old package', async () => {
    const { out, pkg } = await setup();
    await writePackage(out, pkg);
    const tampered: BuiltPackage = { ...pkg, chunks: pkg.chunks.map((c, i) => (i === 0 ? { ...c, bytes: new TextEncoder().encode('{}') } : c)) };
    await expect(writePackage(out, tampered)).rejects.toThrow(IntegrityError);
    expect(new Uint8Array(await readFile(path.join(out, 'manifest.json')))).toEqual(pkg.manifestBytes);
    expect(await readdir(path.dirname(out))).toEqual(['demo']);
  });

  it('creates nothing when the first write is refused', async () => {
    const { out, pkg } = await setup();
    const tampered: BuiltPackage = { ...pkg, chunks: pkg.chunks.map((c) => ({ ...c, bytes: new Uint8Array([1]) })) };
    await expect(writePackage(out, tampered)).rejects.toThrow(/chunk index\.json: bytes do not match/);
    expect(existsSync(out)).toBe(false);
  });
});
