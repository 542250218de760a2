// What the map needs to show a buildings layer that was cut into vector tiles at pack time
// (docs/package-format.md, "Vector-tile layers"), and the `rkp-tiles://` URLs through which
// MapLibre asks for its tiles. Pure: no map engine, no database. The tiles themselves come from
// a TileReader that the feature passes in (the data layer's readAppTile), so the map module
// never imports Dexie; tileProtocol.ts answers MapLibre's requests with it.
// Must never build a URL that leaves the app: the scheme is handled in-process only.
import type { Layer } from '../../shared/packageFormat';

/** The URL scheme MapLibre hands to the tile protocol (registered once, tileProtocol.ts). */
export const TILE_PROTOCOL = 'rkp-tiles';

/** Reads one tile (uncompressed MVT bytes), or null when the layer has no such tile. */
export type TileReader = (packageId: string, layerId: string, z: number, x: number, y: number) => Promise<Uint8Array | null>;

/** A vector-tile buildings layer as the map shows it. */
export type BuildingTiles = {
  packageId: string;
  /** Also the MVT layer name inside each tile (`source-layer`). */
  layerId: string;
  /**
   * Changes whenever the tiles may have changed (the package version): it is part of the tile
   * URLs, so MapLibre does not show tiles of a previous version from its own cache.
   */
  revision: string;
  minzoom: number;
  maxzoom: number;
  /** [west, south, east, north]: MapLibre asks for no tile outside it. */
  bbox: readonly [number, number, number, number];
  featureCount: number;
  readTile: TileReader;
};

/** The BuildingTiles of a layer, or undefined when it is not a vector-tile layer. */
export function buildingTilesFor(packageId: string, revision: string | number, layer: Layer | undefined, readTile: TileReader): BuildingTiles | undefined {
  if (layer?.format !== 'vector-tiles') return undefined;
  return {
    packageId,
    layerId: layer.id,
    revision: String(revision),
    minzoom: layer.minzoom,
    maxzoom: layer.maxzoom,
    bbox: layer.bbox,
    featureCount: layer.featureCount,
    readTile,
  };
}

/** Whether two BuildingTiles show the same tiles (a re-render builds a new but equal object). */
export function sameBuildingTiles(a: BuildingTiles | undefined, b: BuildingTiles | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.packageId === b.packageId &&
    a.layerId === b.layerId &&
    a.revision === b.revision &&
    a.minzoom === b.minzoom &&
    a.maxzoom === b.maxzoom &&
    a.readTile === b.readTile &&
    a.bbox.every((v, i) => v === b.bbox[i])
  );
}

/**
 * The tile URL template of a layer: `rkp-tiles://<packageId>/<layerId>/{z}/{x}/{y}?r=<revision>`.
 * Built by concatenation: `new URL()` would percent-encode the placeholders.
 */
export function tileUrlTemplate(tiles: Pick<BuildingTiles, 'packageId' | 'layerId' | 'revision'>): string {
  return `${TILE_PROTOCOL}://${encodeURIComponent(tiles.packageId)}/${encodeURIComponent(tiles.layerId)}/{z}/{x}/{y}?r=${encodeURIComponent(tiles.revision)}`;
}

export type TileRequest = { packageId: string; layerId: string; z: number; x: number; y: number };

const TILE_URL = new RegExp(`^${TILE_PROTOCOL}://([^/?#]+)/([^/?#]+)/(\\d{1,2})/(\\d{1,8})/(\\d{1,8})(?:\\?[^#]*)?$`);

/** The tile a `rkp-tiles://` URL asks for, or null when the URL is not one of ours. */
export function parseTileUrl(url: string): TileRequest | null {
  const m = TILE_URL.exec(url);
  if (!m) return null;
  let packageId: string;
  let layerId: string;
  try {
    packageId = decodeURIComponent(m[1] as string);
    layerId = decodeURIComponent(m[2] as string);
  } catch {
    return null;
  }
  const z = Number(m[3]);
  const x = Number(m[4]);
  const y = Number(m[5]);
  if (z > 24 || x >= 2 ** z || y >= 2 ** z) return null;
  return { packageId, layerId, z, x, y };
}
