import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { TileIndex, checkTileIndex, findTile, parseTileKey, sliceTile } from '../tileBundle';
import type { TileableFeature } from './tiles';
import { DEFAULT_TILING_THRESHOLDS, candidateTiles, cutVectorTiles, needsTiling, packBundles } from './tiles';

/** `n` small square buildings (about 14 m) in a grid around Delfshaven, heights 5–34 m. */
function squares(n: number, perRow = 200): TileableFeature[] {
  return Array.from({ length: n }, (_, i) => {
    const lon = 4.4 + (i % perRow) * 0.0005;
    const lat = 51.88 + Math.floor(i / perRow) * 0.0004;
    const d = 0.0002;
    return {
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
      height: 5 + (i % 30),
      id: `b${i}`,
    };
  });
}

/** Signed area by the surveyor's formula in tile coordinates (y down): positive = exterior ring (MVT 2). */
function surveyorArea(ring: readonly { x: number; y: number }[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    sum += (ring[j] as { x: number }).x * (ring[i] as { y: number }).y - (ring[i] as { x: number }).x * (ring[j] as { y: number }).y;
  return sum / 2;
}

function decode(bytes: Uint8Array): VectorTile {
  return new VectorTile(new PbfReader(bytes));
}

describe('needsTiling', () => {
  it('tiles above 20,000 features or above 5 MiB, and not at the limits themselves', () => {
    expect(DEFAULT_TILING_THRESHOLDS).toEqual({ maxFeatures: 20_000, maxBytes: 5 * 1024 * 1024 });
    expect(needsTiling(20_000, 5 * 1024 * 1024)).toBe(false);
    expect(needsTiling(20_001, 1000)).toBe(true);
    expect(needsTiling(10, 5 * 1024 * 1024 + 1)).toBe(true);
    expect(needsTiling(11, 100, { maxFeatures: 10, maxBytes: 1e9 })).toBe(true);
  });
});

describe('cutVectorTiles', () => {
  const features = squares(25_000);
  const set = cutVectorTiles('gebouwen', features);

  it('cuts a layer over the threshold into tiles of zoom 10 to 16 (where they hold features) packed into bundles of about 1 MiB', () => {
    expect(needsTiling(features.length, 0)).toBe(true);
    expect(set.minzoom).toBe(10);
    expect(set.maxzoom).toBe(16);
    const keys = Object.keys(set.index.tiles);
    expect(keys.length).toBe(set.tileCount);
    const zooms = new Set(keys.map((k) => parseTileKey(k)?.z));
    // The 14 m squares are below the simplification tolerance at z10 (about 17 m), so z10 is empty.
    expect([...zooms].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([11, 12, 13, 14, 15, 16]);
    expect(set.bundles.length).toBeGreaterThan(1);
    for (const bundle of set.bundles.slice(0, -1)) expect(bundle.byteLength).toBeLessThanOrEqual(1024 * 1024);
    expect(TileIndex.parse(set.index)).toEqual(set.index);
  });

  it('writes an index whose entries cover every bundle byte exactly once, without gaps or overlaps', () => {
    checkTileIndex(set.index, { minzoom: 10, maxzoom: 16, bundleSizes: set.bundles.map((b) => b.byteLength) }, 'index.json');
    const covered = set.bundles.map((b) => new Uint8Array(b.byteLength));
    for (const [bundle, offset, length] of Object.values(set.index.tiles)) {
      const marks = covered[bundle] as Uint8Array;
      for (let i = offset; i < offset + length; i++) marks[i] = (marks[i] as number) + 1;
    }
    for (const marks of covered) expect(marks.every((m) => m === 1)).toBe(true);
  });

  it('encodes each tile as an MVT whose layer is named after the layer and keeps height and id', () => {
    let decoded = 0;
    for (const key of Object.keys(set.index.tiles)) {
      const coord = parseTileKey(key);
      if (!coord || coord.z !== 16) continue;
      const location = findTile(set.index, coord.z, coord.x, coord.y);
      expect(location).toBeDefined();
      const tile = decode(sliceTile(set.bundles[location?.bundle ?? -1] as Uint8Array, location as NonNullable<typeof location>));
      expect(Object.keys(tile.layers)).toEqual(['gebouwen']);
      const layer = tile.layers.gebouwen;
      expect(layer?.extent).toBe(4096);
      expect(layer?.version).toBe(2);
      for (let i = 0; i < (layer?.length ?? 0); i++) {
        const f = layer?.feature(i);
        expect(f?.type).toBe(3);
        expect(Object.keys(f?.properties ?? {}).sort()).toEqual(['height', 'id']);
        expect(f?.properties.height).toBe(5 + (Number(String(f?.properties.id).slice(1)) % 30));
        // MVT 2: an exterior ring has a positive surveyor's area in tile coordinates.
        expect(surveyorArea(f?.loadGeometry()[0] ?? [])).toBeGreaterThan(0);
        decoded++;
      }
    }
    // Every building is drawn at the deepest zoom (some twice: the tile buffer overlaps).
    expect(decoded).toBeGreaterThanOrEqual(features.length);
  });

  it('puts a footprint into the z16 tile its coordinates fall in', () => {
    // Building 1 spans 4.4005–4.4007°E, 51.88–51.8802°N: z16 tile x = floor(184.4005 / 360 * 65536)
    // = 33569, y = floor((1 - asinh(tan 51.88°) / π) / 2 * 65536) = 21682 (worked out by hand).
    const location = findTile(set.index, 16, 33569, 21682);
    expect(location).toBeDefined();
    const layer = decode(sliceTile(set.bundles[location?.bundle ?? -1] as Uint8Array, location as NonNullable<typeof location>)).layers.gebouwen;
    const ids = Array.from({ length: layer?.length ?? 0 }, (_, i) => layer?.feature(i).properties.id);
    expect(ids).toContain('b1');
    expect(ids).not.toContain('b199');
  });

  it('gives identical bytes when cut twice', () => {
    const some = features.slice(0, 3000);
    const [a, b] = [cutVectorTiles('gebouwen', some, { bundleBytes: 64 * 1024 }), cutVectorTiles('gebouwen', some, { bundleBytes: 64 * 1024 })];
    expect(a.bundles.length).toBeGreaterThan(1);
    expect(b.index).toEqual(a.index);
    expect(b.bundles).toEqual(a.bundles);
  });

  it('keeps a building that simplification drops from the lower zooms at the deepest zoom', () => {
    // 20 cm wide: below geojson-vt's tolerance at z10–z15, so only z16 holds it.
    const tiny: TileableFeature = {
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [4.47, 51.9],
            [4.470003, 51.9],
            [4.470003, 51.900002],
            [4.47, 51.900002],
            [4.47, 51.9],
          ],
        ],
      },
      height: 3,
      id: 'tiny',
    };
    const alone = cutVectorTiles('gebouwen', [tiny]);
    const zooms = Object.keys(alone.index.tiles).map((k) => parseTileKey(k)?.z);
    expect(zooms).toContain(16);
    expect(zooms).not.toContain(10);
    expect(zooms).not.toContain(15);
    // A 300 m block is kept from z10 on, so a city-wide view still shows the large buildings.
    const large: TileableFeature = {
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [4.47, 51.9],
            [4.4744, 51.9],
            [4.4744, 51.9027],
            [4.47, 51.9027],
            [4.47, 51.9],
          ],
        ],
      },
      height: 30,
    };
    expect(Object.keys(cutVectorTiles('gebouwen', [large]).index.tiles).map((k) => parseTileKey(k)?.z)).toContain(10);
  });

  it('rejects zooms outside 0 <= minzoom <= maxzoom <= 24', () => {
    expect(() => cutVectorTiles('x', features.slice(0, 1), { minzoom: 15, maxzoom: 14 })).toThrow(RangeError);
    expect(() => cutVectorTiles('x', features.slice(0, 1), { maxzoom: 25 })).toThrow(RangeError);
  });
});

describe('packBundles', () => {
  const tile = (z: number, x: number, y: number, size: number, fill: number) => ({ z, x, y, bytes: new Uint8Array(size).fill(fill) });

  it('starts a new bundle when the next tile would pass the target, and gives an oversized tile a bundle of its own', () => {
    const { index, bundles } = packBundles([tile(12, 0, 0, 60, 1), tile(12, 1, 0, 30, 2), tile(12, 0, 1, 20, 3), tile(12, 1, 1, 250, 4), tile(13, 0, 0, 10, 5)], 100);
    expect(bundles.map((b) => b.byteLength)).toEqual([90, 20, 250, 10]);
    expect(index.tiles).toEqual({ '12/0/0': [0, 0, 60], '12/1/0': [0, 60, 30], '12/0/1': [1, 0, 20], '12/1/1': [2, 0, 250], '13/0/0': [3, 0, 10] });
    expect(sliceTile(bundles[0] as Uint8Array, { bundle: 0, offset: 60, length: 30 }).every((b) => b === 2)).toBe(true);
  });
});

describe('candidateTiles', () => {
  /** A 1 m square at the centre of z16 tile x/y. */
  const inTile = (x: number, y: number): TileableFeature => {
    const lon = ((x + 0.5) / 65536) * 360 - 180;
    const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + 0.5)) / 65536))) * 180) / Math.PI;
    const d = 0.00001;
    return {
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
      height: 1,
    };
  };

  it('lists the tiles the footprints touch per zoom, in Z-order so that map neighbours share bundles', () => {
    const features: TileableFeature[] = [];
    // A 4x4 block of z16 tiles, given in reverse row order.
    for (let y = 21875; y >= 21872; y--) for (let x = 33568; x < 33572; x++) features.push(inTile(x, y));
    const [z15, z16] = candidateTiles(features, 15, 16);
    expect(z15).toEqual([
      15,
      [
        [16784, 10936],
        [16785, 10936],
        [16784, 10937],
        [16785, 10937],
      ],
    ]);
    expect(z16?.[0]).toBe(16);
    expect(z16?.[1].slice(0, 8)).toEqual([
      [33568, 21872],
      [33569, 21872],
      [33568, 21873],
      [33569, 21873],
      [33570, 21872],
      [33571, 21872],
      [33570, 21873],
      [33571, 21873],
    ]);
    expect(z16?.[1]).toHaveLength(16);
  });
});
