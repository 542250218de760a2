// The tile bundle format of a vector-tile layer (VectorTileLayer in packageFormat.ts;
// docs/package-format.md, "Vector-tile layers"): Mapbox Vector Tiles packed back to back into
// bundle chunks of about 1 MiB, and one JSON tile index that says, for each "z/x/y", which
// bundle holds the tile and at which byte offset and length. Bundling keeps the number of
// stored records low (per-record cost dominates IndexedDB, DESIGN.md "Storage") while a tile
// read stays one record read and one slice.
// Pure: parsing, checking and slicing only; no I/O, no DOM. The pack-time writer is
// scripts/lib/tiles.ts; the install check and the renderer's tile reader use this module.
// Never returns bytes from outside the tile's declared range.
import { z } from 'zod';
import { IntegrityError, ValidationError, describeIssues } from './errors';

export const TILE_INDEX_FORMAT_VERSION = 1;

/** "z/x/y" with z 0–24 and decimal x, y without leading zeros. */
const TILE_KEY = /^(0|[1-9]\d?)\/(0|[1-9]\d{0,7})\/(0|[1-9]\d{0,7})$/;

/** [bundle position in the layer's `bundles`, byte offset in that bundle, byte length]. */
export const TileEntry = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), z.number().int().positive()]);
export type TileEntry = z.infer<typeof TileEntry>;

export const TileIndex = z.strictObject({
  formatVersion: z.literal(TILE_INDEX_FORMAT_VERSION),
  /** Every tile that has features; a tile not listed is empty. */
  tiles: z.record(z.string().regex(TILE_KEY, 'must be a tile key "z/x/y"'), TileEntry),
});
export type TileIndex = z.infer<typeof TileIndex>;

export type TileCoord = { z: number; x: number; y: number };

/** Where one tile's bytes are. */
export type TileLocation = { bundle: number; offset: number; length: number };

export function tileKey(z: number, x: number, y: number): string {
  return `${z}/${x}/${y}`;
}

/** The tile of a key, or null when the key is not a well-formed "z/x/y" inside the z pyramid. */
export function parseTileKey(key: string): TileCoord | null {
  const m = TILE_KEY.exec(key);
  if (!m) return null;
  const z = Number(m[1]);
  const x = Number(m[2]);
  const y = Number(m[3]);
  const side = 2 ** z;
  if (z > 24 || x >= side || y >= side) return null;
  return { z, x, y };
}

/** Parses a tile index chunk; errors name the file and the JSON path. */
export function parseTileIndex(bytes: Uint8Array, file: string): TileIndex {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ValidationError(`${file}: not valid UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`, { file });
  }
  const parsed = TileIndex.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0]?.path ?? [];
    throw new ValidationError(describeIssues(file, parsed.error.issues), { file, path: first.length ? `$.${first.map(String).join('.')}` : '$' });
  }
  return parsed.data;
}

/** What the index is checked against: the layer's zoom range and its bundles' sizes in bytes. */
export type TileIndexBounds = { minzoom: number; maxzoom: number; bundleSizes: readonly number[] };

/**
 * Checks that every tile of `index` is a tile of the layer's pyramid (minzoom..maxzoom, x and
 * y inside 2^z) and lies inside an existing bundle. Throws ValidationError naming the tile.
 */
export function checkTileIndex(index: TileIndex, bounds: TileIndexBounds, file: string): void {
  for (const [key, [bundle, offset, length]] of Object.entries(index.tiles)) {
    const where = `$.tiles["${key}"]`;
    const fail = (what: string): never => {
      throw new ValidationError(`${file}: ${where}: ${what}`, { file, path: where });
    };
    const coord = parseTileKey(key);
    if (!coord) fail('x or y is outside the 2^z tile grid');
    else if (coord.z < bounds.minzoom || coord.z > bounds.maxzoom) fail(`zoom ${coord.z} is outside the layer's ${bounds.minzoom}–${bounds.maxzoom}`);
    const size = bounds.bundleSizes[bundle];
    if (size === undefined) fail(`bundle ${bundle} does not exist (the layer has ${bounds.bundleSizes.length})`);
    else if (offset + length > size) fail(`bytes ${offset}–${offset + length} run past the end of bundle ${bundle} (${size} bytes)`);
  }
}

/** Where tile z/x/y is, or undefined when the layer has no such tile (an empty tile). */
export function findTile(index: TileIndex, z: number, x: number, y: number): TileLocation | undefined {
  const entry = index.tiles[tileKey(z, x, y)];
  if (!entry) return undefined;
  const [bundle, offset, length] = entry;
  return { bundle, offset, length };
}

/**
 * A copy of the tile's bytes (a copy, so the caller may hand its buffer to a worker without
 * detaching the bundle). Throws IntegrityError when the range is not inside the bundle.
 */
export function sliceTile(bundleBytes: Uint8Array, location: TileLocation, file = 'tile bundle'): Uint8Array {
  const end = location.offset + location.length;
  if (end > bundleBytes.byteLength) {
    throw new IntegrityError(`${file}: tile bytes ${location.offset}–${end} run past the end of the bundle (${bundleBytes.byteLength} bytes)`, { path: file });
  }
  return bundleBytes.slice(location.offset, end);
}
