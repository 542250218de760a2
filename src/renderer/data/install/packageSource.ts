// Where a package's bytes come from, as the installer sees it: the manifest, then chunks one by
// one. The hub and the bundled demo are read over HTTP (src/renderer/updates/httpSource.ts); a
// .rkp file opened in memory is read through memoryPackageSource. A source only delivers bytes:
// the installer verifies everything it returns.
import { IntegrityError } from '../../../shared/errors';
import type { ChunkRef } from '../../../shared/packageFormat';

/** Where a package's bytes come from: the hub, the bundled demo, a .rkp file. */
export type PackageSource = {
  fetchManifest(): Promise<Uint8Array>;
  fetchChunk(ref: ChunkRef): Promise<Uint8Array>;
};

/** A source over bytes already in memory (an opened .rkp), chunks by sha256. */
export function memoryPackageSource(manifestBytes: Uint8Array, chunks: ReadonlyMap<string, Uint8Array>): PackageSource {
  return {
    fetchManifest: () => Promise.resolve(manifestBytes),
    fetchChunk: (ref) => {
      const bytes = chunks.get(ref.sha256);
      return bytes ? Promise.resolve(bytes) : Promise.reject(new IntegrityError(`${ref.path}: chunk ${ref.sha256} is missing from the package file`, { path: ref.path }));
    },
  };
}
