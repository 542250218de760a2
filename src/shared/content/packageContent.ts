// The content check of a package, once its manifest is verified: index.json (form, chunk
// paths, ids, references, additive indicators) and every layer chunk (GeoJSON layers fully,
// vector-tile layers by their tile index). One module for every reader of packages: the app's
// installer checks chunks as they arrive (startContentCheck), `raadskaart verify` and the hub's
// publish check a whole package (checkPackageContent), so a correctly signed package whose
// content every client would refuse is refused at publish with the same reason.
// Pure: bytes in, ValidationError out. Chunk bytes must already match their manifest entry.
import { IntegrityError } from '../errors';
import { INDEX_PATH } from '../packageFormat';
import type { ChunkRef, Manifest, PackageIndex, VectorTileLayer } from '../packageFormat';
import { checkTileIndex, parseTileIndex } from '../tileBundle';
import { checkFeatureCollection } from './geojson';
import { checkIndexPaths, checkIndexReferences, parsePackageIndex } from './packageIndex';

/** The checks still to run once index.json is known; checkChunk runs those that apply to a chunk. */
export type ContentCheck = {
  index: PackageIndex;
  /** Runs the layer checks of this chunk (none for briefings, attachments, tile bundles). */
  checkChunk(sha256: string, bytes: Uint8Array): void;
  /** Chunks whose checks have not run yet. */
  unchecked(): ChunkRef[];
};

/** Checks index.json and returns the per-chunk checks it implies. */
export function startContentCheck(indexBytes: Uint8Array, byPath: ReadonlyMap<string, ChunkRef>): ContentCheck {
  const index = parsePackageIndex(indexBytes);
  checkIndexPaths(index, byPath);
  checkIndexReferences(index);
  const pending = new Map<string, { ref: ChunkRef; checks: ((bytes: Uint8Array) => void)[] }>();
  const add = (path: string, check: (bytes: Uint8Array) => void): void => {
    // checkIndexPaths has made sure every path is a chunk of the manifest.
    const ref = byPath.get(path) as ChunkRef;
    const entry = pending.get(ref.sha256) ?? { ref, checks: [] };
    entry.checks.push(check);
    pending.set(ref.sha256, entry);
  };
  for (const layer of index.layers) {
    if (layer.format === 'vector-tiles') add(layer.tileIndex, (b) => checkVectorTileLayer(layer, b, byPath));
    else add(layer.path, (b) => checkFeatureCollection(layer.path, b));
  }
  return {
    index,
    checkChunk(sha256, bytes) {
      const entry = pending.get(sha256);
      if (!entry) return;
      for (const check of entry.checks) check(bytes);
      pending.delete(sha256);
    },
    unchecked: () => [...pending.values()].map((entry) => entry.ref),
  };
}

/** The manifest's chunks by path, and its index.json entry (an IntegrityError when there is none). */
export function chunksByPath(manifest: Manifest): { byPath: Map<string, ChunkRef>; indexRef: ChunkRef } {
  const byPath = new Map(manifest.chunks.map((ref) => [ref.path, ref]));
  const indexRef = byPath.get(INDEX_PATH);
  if (!indexRef) throw new IntegrityError(`manifest.json: no chunk with path "${INDEX_PATH}"`, { file: 'manifest.json', path: INDEX_PATH });
  return { byPath, indexRef };
}

/**
 * Checks the content of a whole package whose chunks `readChunk` returns (already verified
 * against the manifest): index.json, then each chunk a check applies to, one at a time.
 */
export async function checkPackageContent(manifest: Manifest, readChunk: (ref: ChunkRef) => Promise<Uint8Array>): Promise<PackageIndex> {
  const { byPath, indexRef } = chunksByPath(manifest);
  const content = startContentCheck(await readChunk(indexRef), byPath);
  for (const ref of content.unchecked()) content.checkChunk(ref.sha256, await readChunk(ref));
  return content.index;
}

/**
 * A vector-tile layer's tile index: valid JSON of the right form, and every tile inside the
 * layer's zoom range and inside one of its bundles, whose sizes the manifest declares. The tiles
 * are not decoded here: their bytes are covered by the chunk hashes and the signature, and
 * MapLibre decodes each tile in its worker when it is shown.
 */
function checkVectorTileLayer(layer: VectorTileLayer, indexBytes: Uint8Array, byPath: ReadonlyMap<string, ChunkRef>): void {
  const tileIndex = parseTileIndex(indexBytes, layer.tileIndex);
  const bundleSizes = layer.bundles.map((path) => byPath.get(path)?.size ?? 0);
  checkTileIndex(tileIndex, { minzoom: layer.minzoom, maxzoom: layer.maxzoom, bundleSizes }, layer.tileIndex);
}
