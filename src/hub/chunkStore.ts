// Content-addressed chunk files of the hub: <data>/chunks/<first two hex>/<sha256>.
// A chunk is written to a temporary file in <data>/chunks/tmp, hashed while it is written,
// fsynced, then renamed into place, so a reader never sees a half-written or wrong chunk
// under a hash name. Never write to a final path directly, never keep bytes whose hash
// differs from their name, and never build a path from input that is not 64 lowercase hex.
// A file here is not yet a published chunk: the hub serves only chunks its database records
// (a publish that failed after writing its files leaves orphans, removed at start-up). `writer`
// takes a chunk piece by piece (readRkpStream's sink), so a chunk is never held in memory whole.
// Removing files is the chunk collector's business (services/retention.ts), under its lock.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { IntegrityError, ValidationError } from '../shared/errors';
import type { ChunkSink } from '../shared/rkp';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True when s is a chunk address: 64 lowercase hex characters. */
export function isSha256Hex(s: string): boolean {
  return SHA256_HEX.test(s);
}

export type ChunkStore = {
  readonly root: string;
  /** Absolute file path of a chunk (whether or not it exists). */
  pathOf(sha256: string): string;
  /** Size in bytes of a stored chunk, or undefined when absent. */
  sizeOf(sha256: string): Promise<number | undefined>;
  /** Stores bytes under their hash; throws IntegrityError (nothing stored) when they differ. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /**
   * A sink for a chunk of `size` bytes that arrives in pieces: hashes them as they come and,
   * when the chunk is not stored yet, writes them to a temporary file that becomes the chunk
   * file only if the bytes hash to `sha256`. A chunk already stored with that size is kept as
   * it is (it was verified when written); the pieces are then only hashed. `finish` returns the
   * digest of the bytes received, whatever it is.
   */
  writer(sha256: string, size: number): Promise<ChunkSink>;
  /** Removes a chunk file (absent is fine). Only the chunk collector calls this, under its lock. */
  remove(sha256: string): Promise<void>;
  /** Reads a stored chunk (optionally a byte range, end inclusive) as a stream. */
  read(sha256: string, range?: { start: number; end: number }): Readable;
  /**
   * Removes chunk files for which `isRecorded` is false and that were last written before
   * `olderThan` (a publish running in another hub process on this folder may have written a
   * newer one and not committed yet). Returns how many files were removed.
   */
  removeOrphans(isRecorded: (sha256: string) => boolean, olderThan: Date): Promise<number>;
};

/** Opens (creating when needed) the chunk store under <dataDir>/chunks. */
export async function openChunkStore(dataDir: string): Promise<ChunkStore> {
  const root = join(dataDir, 'chunks');
  const tmpDir = join(root, 'tmp');
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  await removeStaleTemporaries(tmpDir);

  const pathOf = (sha256: string): string => {
    if (!isSha256Hex(sha256)) throw new ValidationError(`"${sha256.slice(0, 80)}" is not a chunk address (64 lowercase hex characters)`);
    return join(root, sha256.slice(0, 2), sha256);
  };

  const sizeOf = async (sha256: string): Promise<number | undefined> => {
    try {
      const s = await stat(pathOf(sha256));
      return s.isFile() ? s.size : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };

  const put = async (sha256: string, bytes: Uint8Array): Promise<void> => {
    const finalPath = pathOf(sha256);
    // content-addressed: an existing file was verified when it was written
    if ((await sizeOf(sha256)) === bytes.byteLength) return;
    const tmpPath = join(tmpDir, `${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    const fh = await open(tmpPath, 'wx', 0o600);
    try {
      const hash = createHash('sha256');
      // write in slices, hashing exactly the bytes handed to the file
      const SLICE = 1 << 20;
      for (let offset = 0; offset < bytes.byteLength; offset += SLICE) {
        const slice = bytes.subarray(offset, Math.min(offset + SLICE, bytes.byteLength));
        hash.update(slice);
        let written = 0;
        while (written < slice.byteLength) {
          const { bytesWritten } = await fh.write(slice, written, slice.byteLength - written);
          written += bytesWritten;
        }
      }
      const actual = hash.digest('hex');
      if (actual !== sha256) {
        throw new IntegrityError(`chunk ${sha256}: its bytes hash to ${actual}; nothing was stored`, { path: `chunks/${sha256}` });
      }
      await fh.sync();
      await fh.close();
      await mkdir(join(root, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
      await rename(tmpPath, finalPath);
      await syncDir(join(root, sha256.slice(0, 2)));
    } catch (err) {
      await fh.close().catch(() => undefined);
      await rm(tmpPath, { force: true });
      throw err;
    }
  };

  const writer = async (sha256: string, size: number): Promise<ChunkSink> => {
    const finalPath = pathOf(sha256);
    const hash = createHash('sha256');
    if ((await sizeOf(sha256)) === size) {
      return { write: (piece) => void hash.update(piece), finish: async () => hash.digest('hex'), abort: () => undefined };
    }
    const tmpPath = join(tmpDir, `${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    const fh = await open(tmpPath, 'wx', 0o600);
    const batch = new Uint8Array(Math.min(size, WRITE_BATCH));
    let batched = 0;
    let fileOpen = true;
    const flush = async () => {
      await writeAll(fh, batch.subarray(0, batched));
      batched = 0;
    };
    const discard = async () => {
      if (fileOpen) {
        fileOpen = false;
        await fh.close().catch(() => undefined);
      }
      await rm(tmpPath, { force: true });
    };
    return {
      async write(piece) {
        hash.update(piece);
        let offset = 0;
        while (offset < piece.length) {
          const n = Math.min(piece.length - offset, batch.length - batched);
          batch.set(piece.subarray(offset, offset + n), batched);
          batched += n;
          offset += n;
          if (batched === batch.length) await flush();
        }
      },
      async finish() {
        const digest = hash.digest('hex');
        try {
          if (batched > 0) await flush();
          if (digest !== sha256) {
            await discard();
            return digest;
          }
          await fh.sync();
          fileOpen = false;
          await fh.close();
          await mkdir(join(root, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
          await rename(tmpPath, finalPath);
          await syncDir(join(root, sha256.slice(0, 2)));
          return digest;
        } catch (err) {
          await discard();
          throw err;
        }
      },
      abort: discard,
    };
  };

  const remove = async (sha256: string): Promise<void> => {
    await rm(pathOf(sha256), { force: true });
  };

  const read = (sha256: string, range?: { start: number; end: number }): Readable => createReadStream(pathOf(sha256), range ? { start: range.start, end: range.end } : {});

  const removeOrphans = async (isRecorded: (sha256: string) => boolean, olderThan: Date): Promise<number> => {
    let removed = 0;
    for (const dirName of await readdir(root)) {
      // only the <aa> folders hold chunks; tmp is cleaned by removeStaleTemporaries
      if (!/^[0-9a-f]{2}$/.test(dirName)) continue;
      const dir = join(root, dirName);
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (!isSha256Hex(name) || name.slice(0, 2) !== dirName || isRecorded(name)) continue;
        const s = await stat(join(dir, name)).catch(() => undefined);
        if (!s?.isFile() || s.mtimeMs >= olderThan.getTime()) continue;
        await rm(join(dir, name), { force: true });
        removed += 1;
      }
    }
    return removed;
  };

  return { root, pathOf, sizeOf, put, writer, remove, read, removeOrphans };
}

/** Bytes a chunk writer collects before one write to its file. */
const WRITE_BATCH = 1 << 20;

async function writeAll(fh: Awaited<ReturnType<typeof open>>, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.byteLength) {
    const { bytesWritten } = await fh.write(bytes, written, bytes.byteLength - written);
    written += bytesWritten;
  }
}

/** Temporary files a crashed write left behind (older than an hour: no write takes that long). */
async function removeStaleTemporaries(tmpDir: string): Promise<void> {
  const cutoff = Date.now() - 60 * 60 * 1000;
  for (const name of await readdir(tmpDir)) {
    const path = join(tmpDir, name);
    const s = await stat(path).catch(() => undefined);
    if (s?.isFile() && s.mtimeMs < cutoff) await rm(path, { force: true });
  }
}

/** Makes a rename durable: fsync of the directory that holds the new name. */
async function syncDir(dir: string): Promise<void> {
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}
