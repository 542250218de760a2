import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchError, IntegrityError } from '../../src/shared/errors';
import { sha256Hex } from '../../src/shared/hash';
import { buildDemo } from './buildDemoPipeline';
import { makeSourceFolder } from '../../tests/helpers/sourceFolders';
import { loadVerifiedSource } from './source';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tmp(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'raadskaart-source-'));
  dirs.push(d);
  return d;
}

const bytes = new TextEncoder().encode('{"type":"CityJSON"}');
const URL = 'https://example.invalid/city.json';
const noFetch = (): Promise<never> => Promise.reject(new Error('the network must not be used here'));
const serve =
  (body: Uint8Array, status = 200) =>
  async (url: string) => {
    expect(url).toBe(URL);
    return { ok: status === 200, status, arrayBuffer: async () => body.slice().buffer };
  };

describe('loadVerifiedSource', () => {
  it('reads the local copy when it exists and its sha256 matches', async () => {
    const file = path.join(await tmp(), 'city.json');
    await writeFile(file, bytes);
    const got = await loadVerifiedSource({ localPath: file, url: URL, sha256: await sha256Hex(bytes) }, noFetch);
    expect(got).toEqual({ bytes, origin: file });
  });

  it('rejects a local copy with another sha256, naming both hashes', async () => {
    const file = path.join(await tmp(), 'city.json');
    await writeFile(file, bytes);
    const want = 'a'.repeat(64);
    const err = loadVerifiedSource({ localPath: file, url: URL, sha256: want }, noFetch);
    await expect(err).rejects.toThrow(IntegrityError);
    await expect(err).rejects.toThrow(new RegExp(`${await sha256Hex(bytes)} but must be ${want}`));
  });

  it('downloads from the origin when there is no local copy, and checks the download', async () => {
    const missing = path.join(await tmp(), 'absent.json');
    const sha = await sha256Hex(bytes);
    expect((await loadVerifiedSource({ localPath: missing, url: URL, sha256: sha }, serve(bytes))).origin).toBe(URL);
    await expect(loadVerifiedSource({ localPath: missing, url: URL, sha256: sha }, serve(bytes.slice(0, 5)))).rejects.toThrow(IntegrityError);
  });

  it('reports an HTTP failure as a FetchError with the status', async () => {
    const missing = path.join(await tmp(), 'absent.json');
    const err = await loadVerifiedSource({ localPath: missing, url: URL, sha256: 'a'.repeat(64) }, serve(bytes, 404)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).status).toBe(404);
  });
});

describe('buildDemo with a source that fails its check', () => {
  it('writes nothing: no buildings layer, no package, no glyphs', async () => {
    const src = await makeSourceFolder({ 'layers/buildings.geojson': null });
    dirs.push(src);
    const publicDir = path.join(await tmp(), 'public');
    const file = path.join(await tmp(), 'city.json');
    await writeFile(file, bytes);
    const run = buildDemo({
      srcDir: src,
      publicDir,
      glyphSrcDir: path.join(src, 'no-glyphs'),
      expectedBuildings: 1,
      loadSource: () => loadVerifiedSource({ localPath: file, url: URL, sha256: 'b'.repeat(64) }, noFetch),
    });
    await expect(run).rejects.toThrow(IntegrityError);
    expect(existsSync(path.join(src, 'layers/buildings.geojson'))).toBe(false);
    expect(existsSync(publicDir)).toBe(false);
  });
});
