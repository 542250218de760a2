// "Import package file": installs a .rkp chosen from disk with the same checks as an update from the hub —
// the archive is read as hostile (readRkp: names, links, sizes, hashes, decompression bomb),
// its manifest verified (signature by a pinned key, expiry, rollback) before any chunk is inflated,
// then installPackage verifies it again (and rollback) before anything is staged, and
// switches atomically.
import { readRkp } from '../../shared/rkp';
import type { RaadskaartDb } from '../data/db';
import { verifyPinnedManifest } from '../../shared/trust/pinnedManifest';
import type { InstallOptions, InstallResult } from '../data/install/installPackage';
import { installPackage } from '../data/install/installPackage';
import { memoryPackageSource } from '../data/install/packageSource';
import { listTrustedKeys } from '../data/trust';

export type ImportOptions = Pick<InstallOptions, 'now' | 'onProgress' | 'onInstalling' | 'trusted'> & {
  /** Names the file in messages; default the File's name. */
  name?: string;
  /** Hard cap on the decompressed size (readRkp's default: 1 GiB). */
  maxBytes?: number;
  /** Called once the file is read (its manifest verified, its chunks checked), before it is installed. */
  onOpened?: (pkg: { packageId: string; title: string; version: number }) => void;
};

export type ImportResult = InstallResult & { title: string };

/** Reads, verifies and installs a package file. */
export async function importPackageFile(db: RaadskaartDb, file: Blob, opts: ImportOptions = {}): Promise<ImportResult> {
  const name = opts.name ?? ('name' in file && typeof file.name === 'string' && file.name ? file.name : 'package file');
  const contents = await readRkp(file.stream(), {
    file: name,
    ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
    // Signature, trust (the demo-only rule included), expiry and rollback before a single
    // chunk is inflated; installPackage checks all of it again before it stages anything.
    verifyManifest: async (bytes, manifest) => {
      const installedVersion = (await db.packages.get(manifest.packageId))?.version;
      await verifyPinnedManifest(bytes, {
        trusted: opts.trusted ?? (await listTrustedKeys(db)),
        now: (opts.now ?? (() => new Date()))(),
        file: `${name}: manifest.json`,
        ...(installedVersion !== undefined ? { installedVersion } : {}),
      });
    },
  });
  opts.onOpened?.({ packageId: contents.manifest.packageId, title: contents.manifest.title, version: contents.manifest.version });
  const result = await installPackage(db, memoryPackageSource(contents.manifestBytes, contents.chunks), {
    manifestName: `${name}: manifest.json`,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.onInstalling ? { onInstalling: opts.onInstalling } : {}),
    ...(opts.trusted ? { trusted: opts.trusted } : {}),
  });
  return { ...result, title: contents.manifest.title };
}
