// Staging of an install in progress: verified chunk bytes are written ONCE, straight into the
// content-addressed `chunks` table, each with a small pin row in `stagedChunks` in the same
// transaction (db.ts StagedChunkRecord). A pinned chunk is invisible to readers (they reach
// chunks only through an installed package's manifest) and kept by the collection; the pin lets
// a resumed install skip it. The switch transaction drops the pins; pins older than a week are
// from installs nobody is coming back to and are dropped at the next install.
// Must never write a chunk without its pin, nor a chunk whose bytes were not verified first.
import type { RaadskaartDb, StagedChunkRecord } from '../db';
import type { ChunkRecord } from '../types';

/** Staging this old is from an install nobody is coming back to; it only takes disk space. */
export const STAGING_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Verified chunks are written in transactions of about this many bytes: one transaction per
 * chunk costs more than the bytes themselves, one for the whole package holds it all in memory
 * and loses it all when the connection drops before the end.
 */
export const WRITE_BATCH_BYTES = 8 * 1024 * 1024;

/** Drops pins older than STAGING_MAX_AGE_MS (or of unknown age); returns how many. Their chunks go with the next collection. */
export function dropStaleStaging(db: RaadskaartDb, now: Date): Promise<number> {
  const cutoff = now.getTime() - STAGING_MAX_AGE_MS;
  return db.stagedChunks.filter((row) => !(typeof row.stagedAt === 'number' && row.stagedAt >= cutoff)).delete();
}

/** Removes pins (of one package, or all); returns how many. For retries that will not come: the next collection takes their chunks. */
export function clearStaging(db: RaadskaartDb, packageId?: string): Promise<number> {
  return packageId === undefined ? db.stagedChunks.toCollection().delete() : db.stagedChunks.where('packageId').equals(packageId).delete();
}

/**
 * Batch transactions that may be waiting at once. IndexedDB runs them one after another anyway;
 * a second one queued behind the first saves the round trip between them, while the installer
 * goes on hashing and checking the next chunks.
 */
const WRITES_IN_FLIGHT = 2;

/** Verified chunk bytes in batch transactions of about WRITE_BATCH_BYTES, with their pins. */
export type ChunkWriter = {
  /** Queues a chunk; starts the batch's write once it is full, waiting only while WRITES_IN_FLIGHT writes are already under way. */
  add(row: ChunkRecord): Promise<void>;
  /** Writes what is queued and waits for every write; rejects with the first failure. */
  finish(): Promise<void>;
  /** Drops what is queued and waits for the writes under way, whatever their outcome. */
  abandon(): Promise<void>;
};

/** A writer of verified chunks with the pin `pinOf` gives each. */
export function chunkWriter(db: RaadskaartDb, pinOf: (sha256: string) => StagedChunkRecord): ChunkWriter {
  let batch: ChunkRecord[] = [];
  let batchBytes = 0;
  const inFlight: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  const throwIfFailed = (): void => {
    if (failure) throw failure.error;
  };
  const flush = async (): Promise<void> => {
    throwIfFailed();
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    batchBytes = 0;
    while (inFlight.length >= WRITES_IN_FLIGHT) await inFlight[0];
    // A write that failed meanwhile stops the install before more is written.
    throwIfFailed();
    // Chunk and pin in one transaction: a chunk written by an install is never unpinned
    // garbage that a resumed install would not know it has.
    const write = db
      .transaction('rw', db.chunks, db.stagedChunks, async () => {
        // Both requests at once: the transaction then runs to its commit without waiting for
        // this thread, which is busy hashing and checking the next chunks.
        await Promise.all([db.chunks.bulkPut(rows), db.stagedChunks.bulkPut(rows.map((row) => pinOf(row.sha256)))]);
      })
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => {
        // The removed element is this very write, already settled.
        void inFlight.splice(inFlight.indexOf(write), 1);
      });
    inFlight.push(write);
  };
  return {
    async add(row) {
      throwIfFailed();
      batch.push(row);
      batchBytes += row.size;
      if (batchBytes >= WRITE_BATCH_BYTES) await flush();
    },
    async finish() {
      await flush();
      await Promise.all([...inFlight]);
      throwIfFailed();
    },
    async abandon() {
      batch = [];
      batchBytes = 0;
      await Promise.all([...inFlight]);
    },
  };
}
