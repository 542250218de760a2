// The assembler's choice between one GeoJSON chunk and vector tiles, with thresholds small
// enough for a test folder (the real limits are proven in tiles.test.ts and src/cli/packTiles.test.ts).
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { sha256Hex } from '../hash';
import { PackageIndex, VectorTileLayer } from '../packageFormat';
import type { BuiltPackage } from './assemble';
import { checkTileIndex, parseTileIndex } from '../tileBundle';
import { assembleFolder, makeSourceFolder } from '../../../tests/helpers/sourceFolders';

const dirs: string[] = [];
async function folder(files: Parameters<typeof makeSourceFolder>[0] = {}): Promise<string> {
  const dir = await makeSourceFolder(files);
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A buildings layer of `n` 14 m squares near Delfshaven. */
function layerOf(n: number): Record<string, unknown> {
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => {
      const lon = 4.44 + (i % 20) * 0.0005;
      const lat = 51.9 + Math.floor(i / 20) * 0.0004;
      return {
        type: 'Feature',
        properties: { id: `b${i}`, height: 4 + (i % 10) },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [lon, lat],
              [lon + 0.0002, lat],
              [lon + 0.0002, lat + 0.0002],
              [lon, lat + 0.0002],
              [lon, lat],
            ],
          ],
        },
      };
    }),
  };
}

function indexOf(pkg: BuiltPackage): PackageIndex {
  return PackageIndex.parse(JSON.parse(new TextDecoder().decode(pkg.chunks[0]?.bytes)));
}

describe('assemblePackage tiling', () => {
  it('keeps a layer at or under the thresholds as one GeoJSON chunk, written as before (no format field)', async () => {
    const dir = await folder({ 'layers/buildings.geojson': layerOf(50) });
    const pkg = await assembleFolder(dir, { tiling: { maxFeatures: 50 } });
    expect(pkg.manifest.chunks.map((c) => c.path)).toEqual(['index.json', 'layers/buildings.geojson', 'briefings/a1.md']);
    expect(indexOf(pkg).layers[0]).toMatchObject({ id: 'gebouwen', path: 'layers/buildings.geojson', featureCount: 50 });
    expect(new TextDecoder().decode(pkg.chunks[0]?.bytes)).not.toContain('"format"');
  });

  it('cuts a layer over the feature threshold into a tile index and bundles instead of the GeoJSON chunk', async () => {
    const dir = await folder({ 'layers/buildings.geojson': layerOf(51) });
    const pkg = await assembleFolder(dir, { tiling: { maxFeatures: 50 } });
    const paths = pkg.manifest.chunks.map((c) => c.path);
    expect(paths).toEqual(['index.json', 'tiles/gebouwen/index.json', 'tiles/gebouwen/bundle-0.bin', 'briefings/a1.md']);
    const layer = VectorTileLayer.parse(indexOf(pkg).layers[0]);
    expect(layer).toMatchObject({
      format: 'vector-tiles',
      tileIndex: 'tiles/gebouwen/index.json',
      bundles: ['tiles/gebouwen/bundle-0.bin'],
      minzoom: 10,
      maxzoom: 16,
      featureCount: 51,
    });
    expect(pkg.manifest.chunks.find((c) => c.path === 'tiles/gebouwen/bundle-0.bin')?.mediaType).toBe('application/vnd.raadskaart.tile-bundle');
    for (const c of pkg.chunks) expect(await sha256Hex(c.bytes)).toBe(c.ref.sha256);
    // The tile index passes the same check the app makes at install, against the manifest sizes.
    const tileIndex = parseTileIndex(pkg.chunks[1]?.bytes as Uint8Array, layer.tileIndex);
    const sizes = layer.bundles.map((p) => pkg.manifest.chunks.find((c) => c.path === p)?.size ?? 0);
    expect(() => checkTileIndex(tileIndex, { minzoom: layer.minzoom, maxzoom: layer.maxzoom, bundleSizes: sizes }, layer.tileIndex)).not.toThrow();
    expect(Object.keys(tileIndex.tiles).length).toBeGreaterThanOrEqual(5);
  });

  it('cuts a layer over the byte threshold even with few features, with the given zooms', async () => {
    const dir = await folder({ 'layers/buildings.geojson': layerOf(10) });
    const pkg = await assembleFolder(dir, { tiling: { maxBytes: 1000 }, tileOptions: { minzoom: 14, maxzoom: 15 } });
    expect(indexOf(pkg).layers[0]).toMatchObject({ format: 'vector-tiles', minzoom: 14, maxzoom: 15 });
  });

  it('computes the layer bbox and indicators from the footprints whichever way it ships', async () => {
    const dir = await folder({ 'layers/buildings.geojson': layerOf(60) });
    const asGeoJson = indexOf(await assembleFolder(dir));
    const asTiles = indexOf(await assembleFolder(dir, { tiling: { maxFeatures: 1 } }));
    expect(asTiles.layers[0]?.bbox).toEqual(asGeoJson.layers[0]?.bbox);
    expect(asTiles.indicators).toEqual(asGeoJson.indicators);
    expect(asTiles.meetings).toEqual(asGeoJson.meetings);
  });

  it('refuses to tile a layer whose id cannot be a path segment, naming the file and field', async () => {
    const pkgJson = {
      sourceFormatVersion: 1,
      packageId: 'nl.example.test',
      version: 3,
      title: 'Testpakket',
      municipality: { statcode: 'GM0599', name: 'Rotterdam' },
      demo: true,
      created: '2026-01-01T00:00:00Z',
      validityDays: 10,
      layers: [{ id: 'gebouwen 3d', title: 'Gebouwen', kind: 'buildings', file: 'layers/buildings.geojson', attribution: 'Test' }],
    };
    const dir = await folder({ 'raadskaart.json': pkgJson, 'layers/buildings.geojson': layerOf(3) });
    // As GeoJSON the id is fine.
    await expect(assembleFolder(dir)).resolves.toBeDefined();
    const error = await assembleFolder(dir, { tiling: { maxFeatures: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/^raadskaart\.json: \$\.layers\[0\]\.id: "gebouwen 3d" .* vector tiles/);
  });
});
