// Pack-time vector tiling of large layers (docs/package-format.md, "Vector-tile layers"): a
// buildings layer over the thresholds is cut with geojson-vt into a Web Mercator tile pyramid,
// each tile is encoded as a Mapbox Vector Tile (vt-pbf, spec version 2, MVT layer name = the
// layer id, properties `height` and `id` only), and the tiles are packed into bundles of about
// 1 MiB plus one tile index (format in src/shared/tileBundle.ts).
// Build time only (Node): the app never tiles, it reads the bundles. Deterministic: the same
// features and options always give the same bytes (tiles in a fixed order, no clock).
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Geometry } from '../packageFormat';
import type { TileIndex } from '../tileBundle';
import { TILE_INDEX_FORMAT_VERSION, TileIndex as TileIndexSchema, tileKey } from '../tileBundle';

/** When a layer is tiled instead of shipped as one GeoJSON chunk (either limit exceeded). */
export type TilingThresholds = { maxFeatures: number; maxBytes: number };

/** The limits: more than 20,000 features or more than 5 MiB of GeoJSON. */
export const DEFAULT_TILING_THRESHOLDS: TilingThresholds = { maxFeatures: 20_000, maxBytes: 5 * 1024 * 1024 };

/** Whether a layer of `featureCount` features and `byteLength` bytes of GeoJSON is tiled. */
export function needsTiling(featureCount: number, byteLength: number, thresholds: TilingThresholds = DEFAULT_TILING_THRESHOLDS): boolean {
  return featureCount > thresholds.maxFeatures || byteLength > thresholds.maxBytes;
}

export type TileOptions = {
  /**
   * Lowest zoom with tiles. 10: a z10 tile is about 24 km wide at 52° N, so the camera that fits
   * a whole municipality (an agenda item without its own bbox spans every layer) still shows
   * the buildings, heavily simplified (tolerance 3/4096 of a tile drops footprints under about
   * 17 m across there). Measured on the demo's 853 real footprints repeated to 102,360 over
   * 19 × 7 km: zooms 10 and 11 add 1.7 MB to the 28.5 MB of zooms 12–16 (6 %); their largest
   * tile is 0.6 MB.
   */
  minzoom: number;
  /**
   * Highest zoom with tiles; MapLibre overzooms beyond it. At z16 a tile is about 380 m wide at
   * 52° N, so the 4096-unit grid is about 9 cm: finer than the footprints themselves, and
   * geojson-vt does not simplify at its maxZoom, so the deepest level keeps every vertex.
   */
  maxzoom: number;
  /** Target bundle size; a tile is never split, so a bundle may exceed it by one tile. */
  bundleBytes: number;
};

export const DEFAULT_TILE_OPTIONS: TileOptions = { minzoom: 10, maxzoom: 16, bundleBytes: 1024 * 1024 };

/** MVT grid per tile (the MVT and MapLibre default). */
export /** The tile shape @maplibre/vt-pbf encodes (geojson-vt 5's tile, which its types do not name). */
type VtPbfTile = Parameters<typeof fromGeojsonVt>[0][string];

const TILE_EXTENT = 4096;

/** A footprint (WGS84). */
export type Footprint = Extract<Geometry, { type: 'Polygon' | 'MultiPolygon' }>;

/** One building as tiled: its footprint, its height in metres and, when it has one, its id. */
export type TileableFeature = { geometry: Footprint; height: number; id?: string | number };

/** A tiled layer: the tile index and the bundle bytes it points into. */
export type TileSet = { index: TileIndex; bundles: Uint8Array[]; tileCount: number; minzoom: number; maxzoom: number };

/** One encoded tile before bundling. */
export type EncodedTile = { z: number; x: number; y: number; bytes: Uint8Array };

/** Cuts `features` into vector tiles named `layerId` and packs them into bundles. */
export function cutVectorTiles(layerId: string, features: readonly TileableFeature[], options: Partial<TileOptions> = {}): TileSet {
  const opts = { ...DEFAULT_TILE_OPTIONS, ...options };
  const { minzoom, maxzoom } = opts;
  if (!(Number.isInteger(minzoom) && Number.isInteger(maxzoom) && minzoom >= 0 && minzoom <= maxzoom && maxzoom <= 24)) {
    throw new RangeError(`tile zooms must satisfy 0 <= minzoom (${minzoom}) <= maxzoom (${maxzoom}) <= 24`);
  }
  const collection: FeatureCollection<Polygon | MultiPolygon> = {
    type: 'FeatureCollection',
    features: features.map((f): Feature<Polygon | MultiPolygon> => ({
      type: 'Feature',
      geometry: f.geometry,
      properties: f.id === undefined ? { height: f.height } : { height: f.height, id: f.id },
    })),
  };
  // indexMaxZoom = minzoom with indexMaxPoints = 0: the constructor builds every tile down to
  // minzoom at once; the deeper levels are then asked for level by level, so geojson-vt splits
  // each level once from the one above it (its drill-down) instead of from the whole city.
  // tolerance 3 and buffer 64 are geojson-vt's defaults (simplification below maxzoom; overlap
  // so extrusions meet at tile edges).
  const index = new GeoJSONVT(collection, { maxZoom: maxzoom, indexMaxZoom: minzoom, indexMaxPoints: 0, tolerance: 3, extent: TILE_EXTENT, buffer: 64 });

  const tiles: EncodedTile[] = [];
  for (const [z, coords] of candidateTiles(features, minzoom, maxzoom)) {
    for (const [x, y] of coords) {
      const tile = index.getTile(z, x, y);
      // Simplification drops footprints smaller than the tolerance at low zooms: no features, no tile.
      if (!tile || tile.features.length === 0) continue;
      tiles.push({ z, x, y, bytes: fromGeojsonVt({ [layerId]: tile as unknown as VtPbfTile }, { version: 2, extent: TILE_EXTENT }) });
    }
  }
  const { index: tileIndex, bundles } = packBundles(tiles, opts.bundleBytes);
  return { index: tileIndex, bundles, tileCount: tiles.length, minzoom, maxzoom };
}

/**
 * Packs tiles (in the order given) back to back into bundles of at most `bundleBytes`, unless
 * one tile alone is larger; returns the index that locates each tile.
 */
export function packBundles(tiles: readonly EncodedTile[], bundleBytes: number): { index: TileIndex; bundles: Uint8Array[] } {
  const entries: Record<string, [number, number, number]> = {};
  const bundles: Uint8Array[] = [];
  let parts: Uint8Array[] = [];
  let size = 0;
  const flush = (): void => {
    if (parts.length === 0) return;
    const bundle = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      bundle.set(part, at);
      at += part.byteLength;
    }
    bundles.push(bundle);
    parts = [];
    size = 0;
  };
  for (const tile of tiles) {
    if (tile.bytes.byteLength === 0) continue;
    if (size > 0 && size + tile.bytes.byteLength > bundleBytes) flush();
    entries[tileKey(tile.z, tile.x, tile.y)] = [bundles.length, size, tile.bytes.byteLength];
    parts.push(tile.bytes);
    size += tile.bytes.byteLength;
  }
  flush();
  // Parsing our own output proves the writer and the readers agree on the format.
  return { index: TileIndexSchema.parse({ formatVersion: TILE_INDEX_FORMAT_VERSION, tiles: entries }), bundles };
}

/**
 * The tiles, per zoom from minzoom up, that any footprint's bounding box touches, each zoom in
 * Z-order (Morton order of x and y): tiles near each other on the map land in the same bundle,
 * so a viewport reads few bundles. Derived from the footprints rather than from the tiles of
 * the zoom above, because simplification may drop a small building from a parent tile that
 * its child tile must still hold.
 */
export function candidateTiles(features: readonly TileableFeature[], minzoom: number, maxzoom: number): [number, [number, number][]][] {
  const side = 2 ** maxzoom;
  const deepest = new Set<number>();
  for (const f of features) {
    const [west, south, east, north] = lonLatBounds(f.geometry);
    const x0 = tileX(west, side);
    const x1 = tileX(east, side);
    const y0 = tileY(north, side);
    const y1 = tileY(south, side);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) deepest.add(x * side + y);
  }
  const result: [number, [number, number][]][] = [];
  for (let z = minzoom; z <= maxzoom; z++) {
    const shift = 2 ** (maxzoom - z);
    const seen = new Set<number>();
    const coords: [number, number][] = [];
    for (const key of deepest) {
      const x = Math.floor(Math.floor(key / side) / shift);
      const y = Math.floor((key % side) / shift);
      const k = x * side + y;
      if (seen.has(k)) continue;
      seen.add(k);
      coords.push([x, y]);
    }
    coords.sort((a, b) => morton(a[0], a[1]) - morton(b[0], b[1]));
    result.push([z, coords]);
  }
  return result;
}

function lonLatBounds(geometry: Footprint): [number, number, number, number] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  for (const ring of rings)
    for (const [lon, lat] of ring) {
      if (lon < west) west = lon;
      if (lon > east) east = lon;
      if (lat < south) south = lat;
      if (lat > north) north = lat;
    }
  return [west, south, east, north];
}

/** Web Mercator tile column of a longitude in a grid `side` tiles wide. */
function tileX(lon: number, side: number): number {
  return clampTile(Math.floor(((lon + 180) / 360) * side), side);
}

/** Web Mercator tile row of a latitude (row 0 is north). */
function tileY(lat: number, side: number): number {
  const rad = (lat * Math.PI) / 180;
  return clampTile(Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * side), side);
}

function clampTile(n: number, side: number): number {
  return Math.min(side - 1, Math.max(0, n));
}

/** Interleaves the bits of x and y (both below 2^24); exact in a double (< 2^48). */
function morton(x: number, y: number): number {
  let code = 0;
  let bit = 1;
  for (let i = 0; i < 24; i++) {
    if (Math.floor(x / 2 ** i) % 2 === 1) code += bit;
    bit *= 2;
    if (Math.floor(y / 2 ** i) % 2 === 1) code += bit;
    bit *= 2;
  }
  return code;
}
