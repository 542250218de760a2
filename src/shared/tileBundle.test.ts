import { describe, expect, it } from 'vitest';
import { IntegrityError, ValidationError } from './errors';
import { VectorTileLayer } from './packageFormat';
import type { TileIndex } from './tileBundle';
import { checkTileIndex, findTile, parseTileIndex, parseTileKey, sliceTile, tileKey } from './tileBundle';

const bytesOf = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

const INDEX: TileIndex = { formatVersion: 1, tiles: { '12/2098/1354': [0, 0, 5], '13/4196/2708': [0, 5, 3], '13/4197/2708': [1, 0, 4] } };
const BOUNDS = { minzoom: 12, maxzoom: 13, bundleSizes: [8, 4] };

describe('tile keys', () => {
  it('round-trips z/x/y and refuses keys outside the 2^z grid or with leading zeros', () => {
    expect(tileKey(16, 33569, 21682)).toBe('16/33569/21682');
    expect(parseTileKey('16/33569/21682')).toEqual({ z: 16, x: 33569, y: 21682 });
    expect(parseTileKey('0/0/0')).toEqual({ z: 0, x: 0, y: 0 });
    expect(parseTileKey('1/2/0')).toBeNull();
    expect(parseTileKey('25/0/0')).toBeNull();
    expect(parseTileKey('12/02098/1354')).toBeNull();
    expect(parseTileKey('12/-1/1354')).toBeNull();
    expect(parseTileKey('12/1/1354/')).toBeNull();
  });
});

describe('parseTileIndex', () => {
  it('accepts a well-formed index', () => {
    expect(parseTileIndex(bytesOf(INDEX), 'tiles/a/index.json')).toEqual(INDEX);
  });

  it('rejects bad JSON, an unknown format version, a malformed key and a negative offset, naming the file', () => {
    const cases: [unknown, string][] = [
      [{ formatVersion: 2, tiles: {} }, '$.formatVersion'],
      [{ formatVersion: 1, tiles: { '12/x/1': [0, 0, 1] } }, '$.tiles.12/x/1'],
      [{ formatVersion: 1, tiles: { '12/1/1': [0, -1, 1] } }, '$.tiles.12/1/1.1'],
      [{ formatVersion: 1, tiles: { '12/1/1': [0, 0, 0] } }, '$.tiles.12/1/1.2'],
      [{ formatVersion: 1, tiles: {}, extra: true }, '$'],
    ];
    for (const [value, path] of cases) {
      const error = thrown(() => parseTileIndex(bytesOf(value), 'tiles/a/index.json'));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toContain('tiles/a/index.json');
      expect((error as ValidationError).location.path).toBe(path);
    }
    expect(thrown(() => parseTileIndex(new TextEncoder().encode('{"formatVersion":1,'), 'tiles/a/index.json'))).toBeInstanceOf(ValidationError);
  });
});

describe('checkTileIndex', () => {
  it('accepts tiles inside the zoom range and inside their bundles', () => {
    expect(() => checkTileIndex(INDEX, BOUNDS, 'i.json')).not.toThrow();
  });

  it('rejects a tile whose bytes run past the end of its bundle', () => {
    const index: TileIndex = { formatVersion: 1, tiles: { '13/4197/2708': [1, 1, 4] } };
    expect(thrown(() => checkTileIndex(index, BOUNDS, 'i.json')).message).toMatch(/i\.json: \$\.tiles\["13\/4197\/2708"\]: bytes 1–5 run past the end of bundle 1 \(4 bytes\)/);
  });

  it('rejects a tile in a bundle the layer does not have', () => {
    const index: TileIndex = { formatVersion: 1, tiles: { '12/2098/1354': [2, 0, 1] } };
    expect(thrown(() => checkTileIndex(index, BOUNDS, 'i.json')).message).toContain('bundle 2 does not exist (the layer has 2)');
  });

  it('rejects a tile outside the layer zoom range or outside the grid', () => {
    const deep: TileIndex = { formatVersion: 1, tiles: { '14/8392/5416': [0, 0, 1] } };
    expect(thrown(() => checkTileIndex(deep, BOUNDS, 'i.json')).message).toContain("zoom 14 is outside the layer's 12–13");
    const outside: TileIndex = { formatVersion: 1, tiles: { '12/4096/0': [0, 0, 1] } };
    expect(thrown(() => checkTileIndex(outside, BOUNDS, 'i.json'))).toBeInstanceOf(ValidationError);
  });
});

describe('findTile and sliceTile', () => {
  const bundle = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);

  it('returns a copy of exactly the tile bytes, and undefined for a tile that is not there', () => {
    const location = findTile(INDEX, 13, 4196, 2708);
    expect(location).toEqual({ bundle: 0, offset: 5, length: 3 });
    const tile = sliceTile(bundle, location as NonNullable<typeof location>);
    expect([...tile]).toEqual([6, 7, 8]);
    expect(tile.buffer).not.toBe(bundle.buffer);
    expect(tile.buffer.byteLength).toBe(3);
    expect(findTile(INDEX, 13, 4196, 2709)).toBeUndefined();
  });

  it('refuses to read past the end of the bundle', () => {
    expect(thrown(() => sliceTile(bundle, { bundle: 0, offset: 6, length: 3 }, 'tiles/a/bundle-0.bin'))).toBeInstanceOf(IntegrityError);
  });
});

describe('VectorTileLayer', () => {
  const layer = {
    id: 'gebouwen',
    title: 'Gebouwen',
    kind: 'buildings',
    attribution: 'Test',
    featureCount: 25_000,
    bbox: [4.4, 51.88, 4.5, 51.93],
    format: 'vector-tiles',
    tileIndex: 'tiles/gebouwen/index.json',
    bundles: ['tiles/gebouwen/bundle-0.bin'],
    minzoom: 12,
    maxzoom: 16,
  };

  it('accepts a tiled layer and refuses one with maxzoom below minzoom or with a GeoJSON path', () => {
    expect(VectorTileLayer.parse(layer)).toEqual(layer);
    expect(VectorTileLayer.safeParse({ ...layer, maxzoom: 11 }).success).toBe(false);
    expect(VectorTileLayer.safeParse({ ...layer, path: 'layers/a.geojson' }).success).toBe(false);
    expect(VectorTileLayer.safeParse({ ...layer, bundles: ['../x.bin'] }).success).toBe(false);
  });
});
