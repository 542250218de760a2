// "Import package file": installs a .rkp chosen from disk with the same checks as a sync —
// the archive is read as hostile (readRkp: names, links, sizes, hashes, decompression bomb),
// then installPackage verifies the manifest (signature by a pinned key, expiry, rollback)
// before anything is staged, and switches atomically.
import { readRkp } from '../../shared/rkp';
import type { RaadskaartDb } from '../data/db';
import type { InstallOptions, InstallResult } from '../data/installPackage';
import { installPackage, memoryPackageSource } from '../data/installPackage';

export type ImportOptions = Pick<InstallOptions, 'now' | 'onProgress' | 'onInstalling' | 'trusted'> & {
  /** Names the file in messages; default the File's name. */
  name?: string;
  /** Hard cap on the decompressed size (readRkp's default: 1 GiB). */
  maxBytes?: number;
  /** Called once the file is read and its chunks checked, before the manifest is verified. */
  onOpened?: (pkg: { packageId: string; title: string; version: number }) => void;
};

export type ImportResult = InstallResult & { title: string };

/** Reads, verifies and installs a package file. */
export async function importPackageFile(db: RaadskaartDb, file: Blob, opts: ImportOptions = {}): Promise<ImportResult> {
  const name = opts.name ?? ('name' in file && typeof file.name === 'string' && file.name ? file.name : 'package file');
  const contents = await readRkp(file.stream(), { file: name, ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}) });
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
