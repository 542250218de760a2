// The `rkp-tiles://` protocol: MapLibre asks for the tiles of a vector-tile buildings layer
// through it, and the loader answers from the app's own storage with the TileReader the
// feature handed to MapView (registered here; the map module never imports the database).
// Registered with MapLibre once per page; MapLibre runs the loader on the main thread, where
// IndexedDB is. A tile the layer does not have is an empty answer, not an error: empty tiles
// are left out at pack time.
// Must never fetch anything over the network.
import type { AddProtocolAction } from 'maplibre-gl';
import { TILE_PROTOCOL, parseTileUrl } from './buildingTiles';
import type { TileReader } from './buildingTiles';
import { maplibregl } from './engine';

let reader: TileReader | null = null;
let registered = false;

/**
 * Makes `readTile` the reader of `rkp-tiles://` URLs (the latest call wins: the app has one
 * database) and registers the protocol with MapLibre the first time.
 */
export function setTileReader(readTile: TileReader): void {
  reader = readTile;
  if (registered) return;
  maplibregl.addProtocol(TILE_PROTOCOL, loadTile);
  registered = true;
}

/** Answers one tile request (exported for tests). */
export const loadTile: AddProtocolAction = async (request) => {
  const tile = parseTileUrl(request.url);
  if (!tile) throw new Error(`${request.url}: not a tile URL of the form ${TILE_PROTOCOL}://<package>/<layer>/<z>/<x>/<y>`);
  if (!reader) throw new Error(`${request.url}: no tile reader is registered`);
  const bytes = await reader(tile.packageId, tile.layerId, tile.z, tile.x, tile.y);
  // MapLibre transfers the buffer to its worker, so it must hold exactly this tile (readTile
  // returns a fresh copy, but a view into a larger buffer would send, and detach, all of it).
  return { data: bytes === null ? new ArrayBuffer(0) : exactBuffer(bytes) };
};

function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer;
}
