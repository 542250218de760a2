// `raadskaart pack` of a source folder with a layer over the real threshold (25,000 buildings,
// more than 20,000): the .rkp carries the layer as vector tiles, and `raadskaart verify` accepts it.
// Runs the commands in-process (cli.test.ts covers the launcher itself).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSourceFolder } from '../../tests/helpers/sourceFolders';
import { INDEX_PATH, PackageIndex, VectorTileLayer } from '../shared/packageFormat';
import { readRkp } from '../shared/rkp';
import { checkTileIndex, parseTileIndex } from '../shared/tileBundle';
import type { CliIo } from './io';
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, keygenCommand } from './keygen';
import { packCommand } from './pack';
import { verifyCommand } from './verify';

type Captured = CliIo & { lines: string[] };
function io(): Captured {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`) };
}

const BUILDINGS = 25_000;

/** 25,000 squares of about 14 m, 200 to a row, heights 5–34 m. */
function bigLayer(): string {
  const features = Array.from({ length: BUILDINGS }, (_, i) => {
    const lon = 4.4 + (i % 200) * 0.0005;
    const lat = 51.88 + Math.floor(i / 200) * 0.0004;
    const d = 0.0002;
    return {
      type: 'Feature',
      properties: { height: 5 + (i % 30) },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [lon, lat],
            [lon + d, lat],
            [lon + d, lat + d],
            [lon, lat + d],
            [lon, lat],
          ],
        ],
      },
    };
  });
  return JSON.stringify({ type: 'FeatureCollection', features });
}

describe('raadskaart pack with a large layer', () => {
  let work: string;
  let src: string;
  const out = () => join(work, 'groot.rkp');

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'raadskaart-tiles-'));
    src = await makeSourceFolder({
      // The fixture's package expires after 10 days of 2026; this one must still be valid when verified.
      'raadskaart.json': {
        sourceFormatVersion: 1,
        packageId: 'nl.example.groot',
        version: 3,
        title: 'Groot testpakket',
        municipality: { statcode: 'GM0599', name: 'Rotterdam' },
        demo: false,
        created: '2026-01-01T00:00:00Z',
        validityDays: 36500,
        layers: [{ id: 'gebouwen', title: 'Gebouwen', kind: 'buildings', file: 'layers/buildings.geojson', attribution: 'Test' }],
      },
      'layers/buildings.geojson': bigLayer(),
    });
    const keygen = io();
    expect(await keygenCommand(['--out', join(work, 'keys')], keygen)).toBe(0);
    const pack = io();
    const code = await packCommand([src, '--key', join(work, 'keys', PRIVATE_KEY_FILE), '--out', out()], pack);
    expect(pack.lines.filter((l) => l.startsWith('ERR') && !l.includes('chmod'))).toEqual([]);
    expect(code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await rm(src, { recursive: true, force: true });
  });

  it('ships the layer as a tile index and bundles instead of one GeoJSON chunk', async () => {
    const contents = await readRkp(new Blob([await readFile(out())]).stream(), { file: 'groot.rkp' });
    const paths = contents.manifest.chunks.map((c) => c.path);
    expect(paths).not.toContain('layers/buildings.geojson');
    expect(paths).toContain('tiles/gebouwen/index.json');
    const indexRef = contents.manifest.chunks.find((c) => c.path === INDEX_PATH);
    const index = PackageIndex.parse(JSON.parse(new TextDecoder().decode(contents.chunks.get(indexRef?.sha256 ?? ''))));
    const layer = VectorTileLayer.parse(index.layers[0]);
    expect(layer.featureCount).toBe(BUILDINGS);
    expect(layer.bundles.length).toBeGreaterThan(1);
    expect(layer.bundles.every((p) => paths.includes(p))).toBe(true);
    // Bundles of about 1 MiB: every one but the last is at most 1 MiB and more than half of it.
    const sizes = layer.bundles.map((p) => contents.manifest.chunks.find((c) => c.path === p)?.size ?? 0);
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThan(512 * 1024);
    for (const size of sizes.slice(0, -1)) expect(size).toBeLessThanOrEqual(1024 * 1024);
    const tileRef = contents.manifest.chunks.find((c) => c.path === layer.tileIndex);
    const tileIndex = parseTileIndex(contents.chunks.get(tileRef?.sha256 ?? '') as Uint8Array, layer.tileIndex);
    expect(() => checkTileIndex(tileIndex, { minzoom: layer.minzoom, maxzoom: layer.maxzoom, bundleSizes: sizes }, layer.tileIndex)).not.toThrow();
  });

  it('passes raadskaart verify with the publisher key', async () => {
    const verify = io();
    expect(await verifyCommand([out(), '--trust', join(work, 'keys', PUBLIC_KEY_FILE)], verify)).toBe(0);
    expect(verify.lines[0]).toMatch(/^OK nl\.example\.groot version 3/);
  });
});
