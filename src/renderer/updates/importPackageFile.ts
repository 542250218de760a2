// "Import package file": installs a .rkp chosen from disk with the same checks as an update from the hub —
// the archive is read as hostile (readRkp: names, links, sizes, hashes, decompression bomb),
// its manifest verified (signature by a pinned key, expiry, rollback) before any chunk is inflated,
// then installPackage verifies it again (and rollback) before anything is staged, and
// switches atomically. A file that is not a package at all, or a damaged one, fails with its own
// error (packageFileErrors.ts), not with the "damaged in download" of an update from the hub.
import { IntegrityError } from '../../shared/errors';
import { MANIFEST_ENTRY, readRkp } from '../../shared/rkp';
import type { RkpContents } from '../../shared/rkp';
import { BLOCK_SIZE } from '../../shared/tar';
import type { RaadskaartDb } from '../data/db';
import { verifyPinnedManifest } from '../../shared/trust/pinnedManifest';
import type { InstallOptions, InstallResult } from '../data/install/installPackage';
import { installPackage } from '../data/install/installPackage';
import { memoryPackageSource } from '../data/install/packageSource';
import { listTrustedKeys } from '../data/trust';
import { DamagedPackageFileError, NotAPackageError } from './packageFileErrors';

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
  const head = recordHead(file.stream());
  let manifestRead = false;
  let contents: RkpContents;
  try {
    contents = await readRkp(head.stream, {
      file: name,
      ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
      // Signature, trust (the demo-only rule included), expiry and rollback before a single
      // chunk is inflated; installPackage checks all of it again before it stages anything.
      verifyManifest: async (bytes, manifest) => {
        manifestRead = true;
        const installedVersion = (await db.packages.get(manifest.packageId))?.version;
        await verifyPinnedManifest(bytes, {
          trusted: opts.trusted ?? (await listTrustedKeys(db)),
          now: (opts.now ?? (() => new Date()))(),
          file: `${name}: manifest.json`,
          ...(installedVersion !== undefined ? { installedVersion } : {}),
        });
      },
    });
  } catch (error) {
    throw manifestRead ? asDamagedFile(error) : await asFileProblem(error, head.bytes(), name);
  }
  opts.onOpened?.({ packageId: contents.manifest.packageId, title: contents.manifest.title, version: contents.manifest.version });
  try {
    const result = await installPackage(db, memoryPackageSource(contents.manifestBytes, contents.chunks), {
      manifestName: `${name}: manifest.json`,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.onInstalling ? { onInstalling: opts.onInstalling } : {}),
      ...(opts.trusted ? { trusted: opts.trusted } : {}),
    });
    return { ...result, title: contents.manifest.title };
  } catch (error) {
    // The bytes came from the file, not over a network: a chunk that does not match is the file's damage.
    throw asDamagedFile(error);
  }
}

/** How much of the file's start is kept, to tell a file that is no package from a damaged one. */
const HEAD_BYTES = 64 * 1024;

/** Passes `stream` through unchanged and keeps its first HEAD_BYTES. */
function recordHead(stream: ReadableStream<Uint8Array>): { stream: ReadableStream<Uint8Array>; bytes(): Uint8Array } {
  const parts: Uint8Array[] = [];
  let kept = 0;
  const recorder = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (kept < HEAD_BYTES) {
        const part = chunk.slice(0, HEAD_BYTES - kept);
        parts.push(part);
        kept += part.byteLength;
      }
      controller.enqueue(chunk);
    },
  });
  return {
    stream: stream.pipeThrough(recorder),
    bytes() {
      const out = new Uint8Array(kept);
      let at = 0;
      for (const part of parts) {
        out.set(part, at);
        at += part.byteLength;
      }
      return out;
    },
  };
}

/** An IntegrityError of a package file as the file's damage; any other error as it is. */
function asDamagedFile(error: unknown): unknown {
  return error instanceof IntegrityError ? new DamagedPackageFileError(error.message, error.location) : error;
}

/**
 * Why a file failed before its manifest was read: not gzip data, or gzip data that does not
 * start with a tar entry named manifest.json, is not a package at all; otherwise it is a package
 * file that is damaged (or unsafe, as readRkp said).
 */
async function asFileProblem(error: unknown, head: Uint8Array, name: string): Promise<unknown> {
  if (head[0] !== 0x1f || head[1] !== 0x8b) return new NotAPackageError(`${name}: not a Raadskaart package file (it does not start as gzip data)`, { file: name });
  const block = await firstInflatedBlock(head);
  if (block.byteLength >= BLOCK_SIZE && !startsWithManifestEntry(block)) {
    return new NotAPackageError(`${name}: not a Raadskaart package file (gzip data, but not an archive that starts with ${MANIFEST_ENTRY})`, { file: name });
  }
  return asDamagedFile(error);
}

/** Up to the first tar block of gzip data (less when the data is damaged that early). */
async function firstInflatedBlock(gzip: Uint8Array): Promise<Uint8Array> {
  const reader = new Blob([gzip.slice()]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const block = new Uint8Array(BLOCK_SIZE);
  let filled = 0;
  try {
    while (filled < BLOCK_SIZE) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = value.subarray(0, BLOCK_SIZE - filled);
      block.set(take, filled);
      filled += take.byteLength;
    }
  } catch {
    // The prefix ends mid-stream or the data is damaged: what was inflated is what there is.
  }
  await reader.cancel().catch(() => undefined);
  return block.subarray(0, filled);
}

/** Whether a tar header block names manifest.json and carries the ustar magic, as every .rkp's first entry does. */
function startsWithManifestEntry(block: Uint8Array): boolean {
  const text = (from: number, length: number) => String.fromCharCode(...block.subarray(from, from + length));
  return text(0, MANIFEST_ENTRY.length + 1) === `${MANIFEST_ENTRY}\0` && text(257, 5) === 'ustar';
}
