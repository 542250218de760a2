// Vector-tile layers in the data layer: install validates the tile index against the manifest's
// bundles, and readTile returns exactly the bytes of one tile from IndexedDB (fake-indexeddb).
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../shared/errors';
import type { PackageIndex, VectorTileLayer } from '../../shared/packageFormat';
import { openDatabase } from './db';
import type { RaadskaartDb } from './db';
import { installPackage } from './install/installPackage';
import { GeoJsonCache, TileCache, readLayerGeoJson, readTile } from './repositories';
import { TEST_BBOX, defaultIndex, makePackage, memorySource, testTrust } from '../../../tests/helpers/dexie';

const open: RaadskaartDb[] = [];
let counter = 0;
function freshDb(): RaadskaartDb {
  const db = openDatabase(`tiles-test-${Date.now()}-${counter++}`, { indexedDB, IDBKeyRange });
  open.push(db);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});
const clock = () => new Date('2026-12-01T12:00:00Z');

/** Distinct bytes per tile, so a slice from the wrong place shows. */
const tileBytes = (seed: number, length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (seed * 31 + i * 7) % 256);

type Tiles = { layer: VectorTileLayer; files: Record<string, string | Uint8Array | null>; tiles: Map<string, Uint8Array> };

/** A tiled buildings layer: three tiles in two bundles (tile index and bundles as the packer writes them). */
function tiledLayer(seed = 1, indexOverride?: unknown): Tiles {
  const tiles = new Map<string, Uint8Array>([
    ['14/8392/5415', tileBytes(seed, 40)],
    ['14/8393/5415', tileBytes(seed + 1, 25)],
    ['15/16785/10830', tileBytes(seed + 2, 60)],
  ]);
  const [a, b, c] = [...tiles.values()] as [Uint8Array, Uint8Array, Uint8Array];
  const bundle0 = new Uint8Array([...a, ...b]);
  const bundle1 = c;
  const index = indexOverride ?? { formatVersion: 1, tiles: { '14/8392/5415': [0, 0, 40], '14/8393/5415': [0, 40, 25], '15/16785/10830': [1, 0, 60] } };
  const layer: VectorTileLayer = {
    id: 'gebouwen',
    title: 'Gebouwen',
    kind: 'buildings',
    attribution: 'Test',
    featureCount: 25_000,
    bbox: TEST_BBOX,
    format: 'vector-tiles',
    tileIndex: 'tiles/gebouwen/index.json',
    bundles: ['tiles/gebouwen/bundle-0.bin', 'tiles/gebouwen/bundle-1.bin'],
    minzoom: 14,
    maxzoom: 15,
  };
  return {
    layer,
    tiles,
    files: {
      'layers/buildings.geojson': null,
      'tiles/gebouwen/index.json': JSON.stringify(index),
      'tiles/gebouwen/bundle-0.bin': bundle0,
      'tiles/gebouwen/bundle-1.bin': bundle1,
    },
  };
}

function indexWith(layer: VectorTileLayer): PackageIndex {
  return { ...defaultIndex(), layers: [layer] };
}

async function installTiled(db: RaadskaartDb, t: Tiles, version = 1): Promise<void> {
  await installPackage(db, memorySource(await makePackage({ version, index: indexWith(t.layer), files: t.files })), { now: clock, trusted: await testTrust() });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  return e as Error;
}

describe('vector-tile layers', () => {
  it('installs a tiled layer and reads back exactly the bytes of each tile', async () => {
    const db = freshDb();
    const t = tiledLayer();
    await installTiled(db, t);
    const cache = new TileCache();
    for (const [key, bytes] of t.tiles) {
      const [z, x, y] = key.split('/').map(Number) as [number, number, number];
      const read = await readTile(db, 'test.delfshaven', 'gebouwen', z, x, y, cache);
      expect(read).toEqual(bytes);
      // A copy of its own: handing the buffer to a worker must not detach a cached bundle.
      expect(read?.buffer.byteLength).toBe(bytes.byteLength);
    }
    expect(await db.layers.get(['test.delfshaven', 'gebouwen'])).toMatchObject({ format: 'vector-tiles', minzoom: 14, maxzoom: 15 });
  });

  it('answers null for a tile the layer does not have and for an unknown package or layer', async () => {
    const db = freshDb();
    await installTiled(db, tiledLayer());
    const cache = new TileCache();
    expect(await readTile(db, 'test.delfshaven', 'gebouwen', 14, 8392, 5416, cache)).toBeNull();
    expect(await readTile(db, 'test.delfshaven', 'wegen', 14, 8392, 5415, cache)).toBeNull();
    expect(await readTile(db, 'test.onbekend', 'gebouwen', 14, 8392, 5415, cache)).toBeNull();
  });

  it('gives no GeoJSON for a tiled layer and none of its tiles for a GeoJSON layer', async () => {
    const db = freshDb();
    await installTiled(db, tiledLayer());
    expect(await readLayerGeoJson(db, 'test.delfshaven', 'gebouwen', new GeoJsonCache())).toBeNull();
    const other = freshDb();
    await installPackage(other, memorySource(await makePackage()), { now: clock, trusted: await testTrust() });
    expect(await readTile(other, 'test.delfshaven', 'buildings', 14, 8392, 5415, new TileCache())).toBeNull();
  });

  it('reads a bundle from IndexedDB once for all the tiles in it, also when they are asked for at once', async () => {
    const db = freshDb();
    const t = tiledLayer();
    await installTiled(db, t);
    const cache = new TileCache();
    const get = vi.spyOn(db.chunks, 'get');
    await Promise.all([readTile(db, 'test.delfshaven', 'gebouwen', 14, 8392, 5415, cache), readTile(db, 'test.delfshaven', 'gebouwen', 14, 8393, 5415, cache)]);
    await readTile(db, 'test.delfshaven', 'gebouwen', 14, 8392, 5415, cache);
    // The tile index and bundle 0, each once.
    expect(get).toHaveBeenCalledTimes(2);
    expect(cache.heldBundleBytes).toBe(65);
  });

  it('keeps no more bundle bytes than its budget, dropping the least recently used bundle', async () => {
    const db = freshDb();
    await installTiled(db, tiledLayer());
    const cache = new TileCache(16, 100);
    await readTile(db, 'test.delfshaven', 'gebouwen', 14, 8392, 5415, cache); // bundle 0: 65 bytes
    await readTile(db, 'test.delfshaven', 'gebouwen', 15, 16785, 10830, cache); // bundle 1: 60 bytes
    expect(cache.heldBundleBytes).toBe(60);
  });

  it('shows the new tiles after an update to a version with different tiles', async () => {
    const db = freshDb();
    const cache = new TileCache();
    await installTiled(db, tiledLayer(1), 1);
    expect(await readTile(db, 'test.delfshaven', 'gebouwen', 14, 8392, 5415, cache)).toEqual(tileBytes(1, 40));
    await installTiled(db, tiledLayer(50), 2);
    expect(await readTile(db, 'test.delfshaven', 'gebouwen', 14, 8392, 5415, cache)).toEqual(tileBytes(50, 40));
  });

  it('rejects a tile index whose tile runs past the end of its bundle and keeps the installed version', async () => {
    const db = freshDb();
    await installPackage(db, memorySource(await makePackage({ version: 1 })), { now: clock, trusted: await testTrust() });
    const broken = tiledLayer(1, { formatVersion: 1, tiles: { '14/8392/5415': [0, 30, 40] } });
    const error = await failure(installTiled(db, broken, 2));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('tiles/gebouwen/index.json: $.tiles["14/8392/5415"]: bytes 30–70 run past the end of bundle 0 (65 bytes)');
    expect((await db.packages.get('test.delfshaven'))?.version).toBe(1);
    expect((await db.layers.get(['test.delfshaven', 'buildings']))?.format).toBeUndefined();
  });

  it('rejects a tile index that is not valid JSON of the tile index form', async () => {
    const db = freshDb();
    const broken = tiledLayer(1, { formatVersion: 1, tiles: { '14/8392/5415': [0, 0] } });
    const error = await failure(installTiled(db, broken));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/^tiles\/gebouwen\/index\.json: \$\.tiles\.14\/8392\/5415/);
    expect(await db.packages.count()).toBe(0);
  });

  it('rejects a layer whose bundle is not a chunk of the manifest', async () => {
    const db = freshDb();
    const t = tiledLayer();
    const error = await failure(installTiled(db, { ...t, files: { ...t.files, 'tiles/gebouwen/bundle-1.bin': null } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('$.layers.0.bundles.1: "tiles/gebouwen/bundle-1.bin" is not a chunk in manifest.json');
    expect(await db.packages.count()).toBe(0);
  });

  it('rejects a tile outside the layer zoom range', async () => {
    const db = freshDb();
    const error = await failure(installTiled(db, tiledLayer(1, { formatVersion: 1, tiles: { '16/33570/21660': [0, 0, 10] } })));
    expect(error.message).toContain("zoom 16 is outside the layer's 14–15");
  });
});
