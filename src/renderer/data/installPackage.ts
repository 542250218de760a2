// Installs a scenario package into IndexedDB: fetch the manifest and verify it (signature by a
// pinned key, expiry, catalog hash, rollback) BEFORE any chunk is fetched; download only the
// chunks not stored yet (index.json first), verify each against its size and SHA-256, check it
// from the bytes in hand (the index, each layer) and write it ONCE, straight into the
// content-addressed `chunks` table, in batches of about 8 MiB together with a small pin row in
// `stagedChunks` (so a dropped connection resumes where it stopped, and collection keeps it);
// then switch the active version in ONE small transaction that writes the content rows and the
// package row and drops the pins, and collect chunks nothing references or pins any more.
// Installs of one database run one at a time (withInstallLock); pins older than a week are dropped.
// It must never write active data (package row, content rows) before the switch transaction,
// never delete a chunk an installed package references, never read past a declared chunk
// length, and never leave a half-installed package: a failure at any point leaves the previous
// version or the complete new one (DESIGN.md "Scenario packages"). A chunk written before the
// switch is invisible: readers reach chunks only through an installed package's manifest.
import { FetchError, IntegrityError, RollbackError, ValidationError } from '../../shared/errors';
import { startContentCheck } from '../../shared/content/packageContent';
import type { ContentCheck } from '../../shared/content/packageContent';
import { sha256Hex } from '../../shared/hash';
import { MAX_MANIFEST_BYTES } from '../../shared/limits';
import type { TrustedKey } from '../../shared/keys';
import { INDEX_PATH } from '../../shared/packageFormat';
import type { ChunkRef, Manifest, PackageIndex } from '../../shared/packageFormat';
import { contentTables, deletePackageRows } from './db';
import type { RaadskaartDb, StagedChunkRecord } from './db';
import { listTrustedKeys, verifyPinnedManifest } from './trust';
import type { ChunkRecord, PackageRecord, PackageRows } from './types';

/** Where a package's bytes come from: the hub, the bundled demo, a .rkp file. */
export type PackageSource = {
  fetchManifest(): Promise<Uint8Array>;
  fetchChunk(ref: ChunkRef): Promise<Uint8Array>;
};

export type InstallProgress = {
  packageId: string;
  /** Chunks (and their bytes) this install needs that were not stored yet, staged ones included. */
  doneChunks: number;
  totalChunks: number;
  doneBytes: number;
  totalBytes: number;
};

export type InstallOptions = {
  onProgress?: (p: InstallProgress) => void;
  /** Called once every chunk is staged, before validation and the switch (the UI's "installing"). */
  onInstalling?: (packageId: string) => void;
  /** Clock for the expiry check (tests inject one). */
  now?: () => Date;
  /** Pinned keys to verify the manifest with; default: the trust list in settings (trust.ts). */
  trusted?: readonly TrustedKey[];
  /** Distinct trusted signatures required (default 1). */
  threshold?: number;
  /** The manifest's sha256 as listed in a verified catalog (mix-and-match protection). */
  expectedSha256?: string;
  /** Names the manifest in error messages (default "manifest.json"), e.g. a .rkp file name. */
  manifestName?: string;
};

export type InstallResult =
  | { kind: 'installed'; packageId: string; version: number }
  | { kind: 'upToDate'; packageId: string; version: number };

const MANIFEST_FILE = 'manifest.json';
/**
 * Verified chunks are written in transactions of about this many bytes: one transaction per
 * chunk costs more than the bytes themselves, one for the whole package holds it all in memory
 * and loses it all when the connection drops before the end.
 */
const WRITE_BATCH_BYTES = 8 * 1024 * 1024;
/** Staging this old is from an install nobody is coming back to; it only takes disk space. */
export const STAGING_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export type HttpSourceOptions = {
  manifestUrl: string;
  chunkUrl: (ref: ChunkRef) => string;
  fetchImpl?: typeof fetch;
  /** Sent with every request (e.g. Authorization). */
  headers?: Record<string, string>;
};

/** Reads a package over HTTP from the given URLs, never reading past a declared length. */
export function httpSource(opts: HttpSourceOptions): PackageSource {
  const fetchImpl = opts.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const headers = opts.headers ?? {};
  return {
    async fetchManifest() {
      const url = opts.manifestUrl;
      // Manifests change between versions; revalidate instead of trusting a cached copy.
      const response = await httpGet(fetchImpl, url, { cache: 'no-cache', headers });
      return readBodyAtMost(
        response,
        MAX_MANIFEST_BYTES,
        () => new ValidationError(`${url}: larger than ${MAX_MANIFEST_BYTES} bytes, not a manifest`, { file: MANIFEST_FILE }),
      );
    },
    async fetchChunk(ref) {
      const url = opts.chunkUrl(ref);
      const response = await httpGet(fetchImpl, url, { headers });
      return readBodyAtMost(
        response,
        ref.size,
        () => new IntegrityError(`${ref.path}: ${url} sends more than the ${ref.size} bytes the manifest declares`, { file: url, path: ref.path }),
      );
    },
  };
}

/** Reads a package over HTTP: `${baseUrl}/manifest.json` and `${baseUrl}/chunks/<sha256>`. */
export function httpPackageSource(baseUrl: string, fetchImpl?: typeof fetch): PackageSource {
  const base = baseUrl.replace(/\/+$/, '');
  return httpSource({ manifestUrl: `${base}/${MANIFEST_FILE}`, chunkUrl: (ref) => `${base}/chunks/${ref.sha256}`, ...(fetchImpl ? { fetchImpl } : {}) });
}

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

/** GET with the errors a clerk's message can be chosen from (FetchError with the status). */
export async function httpGet(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch (error) {
    throw new FetchError(`GET ${url}: ${error instanceof Error ? error.message : String(error)}`, undefined, { file: url });
  }
  if (!response.ok) {
    // The body of an error page is of no use; release the connection.
    await response.body?.cancel();
    throw new FetchError(`GET ${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, response.status, { file: url });
  }
  return response;
}

/** Reads a response body as a stream and stops as soon as more than `limit` bytes arrive. */
export async function readBodyAtMost(response: Response, limit: number, tooLong: () => Error): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch (error) {
      // A connection dropped mid-body is a fetch failure, not a damaged package.
      throw new FetchError(`${response.url || 'download'}: the connection broke off (${error instanceof Error ? error.message : String(error)})`, undefined, {
        file: response.url,
      });
    }
    const { done, value } = chunk;
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      // The length error is what the user must see; a failure to cancel adds nothing.
      await reader.cancel().catch(() => undefined);
      throw tooLong();
    }
    parts.push(value);
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** Installs or updates the package `source` offers; see the module header for guarantees. */
export function installPackage(db: RaadskaartDb, source: PackageSource, opts: InstallOptions = {}): Promise<InstallResult> {
  return install(db, source, opts, { keepNewer: false, requireDemo: false });
}

export type EnsureDemoOptions = InstallOptions & {
  /** Defaults to httpPackageSource(baseUrl, fetchImpl). */
  source?: PackageSource;
  fetchImpl?: typeof fetch;
};

// React StrictMode and quick reloads can ask twice at start; one download is enough.
const demoInstalls = new WeakMap<RaadskaartDb, Promise<InstallResult>>();

/**
 * Installs the demo package bundled with the app unless the same or a newer version of it is
 * installed (then `upToDate` with the installed version, without downloading chunks). The
 * demo is verified like any package: it must be signed by a pinned key (the demo key).
 */
export function ensureDemoInstalled(db: RaadskaartDb, baseUrl = 'demo', opts: EnsureDemoOptions = {}): Promise<InstallResult> {
  const running = demoInstalls.get(db);
  if (running) return running;
  const source = opts.source ?? httpPackageSource(baseUrl, opts.fetchImpl);
  const promise = install(db, source, opts, { keepNewer: true, requireDemo: true }).finally(() => demoInstalls.delete(db));
  demoInstalls.set(db, promise);
  return promise;
}

type Policy = {
  /** A newer installed version is kept and reported as upToDate instead of a RollbackError. */
  keepNewer: boolean;
  requireDemo: boolean;
};

function install(db: RaadskaartDb, source: PackageSource, opts: InstallOptions, policy: Policy): Promise<InstallResult> {
  return withInstallLock(db, () => installLocked(db, source, opts, policy));
}

type LockManagerLike = { request<T>(name: string, callback: () => Promise<T>): Promise<T> };

/** Fallback lock where the Web Locks API is missing (Node, fake-indexeddb tests): one chain per name. */
const localLocks = new Map<string, Promise<void>>();

/**
 * Runs `task` while holding the install lock of `db`, so installs (and removals) of one
 * database run one at a time. Staging is shared by sha256 across packages and the collection
 * after a switch deletes chunks that an install running beside it may have counted on, so two
 * installs at once can break each other. Two windows, or an update in the worker while the page
 * imports a .rkp, share one IndexedDB: only an origin-wide lock (navigator.locks, available in
 * pages and workers) covers them; the in-module chain covers a single JavaScript realm.
 */
export function withInstallLock<T>(db: RaadskaartDb, task: () => Promise<T>): Promise<T> {
  const name = `raadskaart-install:${db.name}`;
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks) return locks.request(name, task);
  const previous = localLocks.get(name) ?? Promise.resolve();
  const run = previous.then(task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  localLocks.set(name, settled);
  void settled.then(() => {
    if (localLocks.get(name) === settled) localLocks.delete(name);
  });
  return run;
}

/** Drops pins older than STAGING_MAX_AGE_MS (or of unknown age); returns how many. Their chunks go with the next collection. */
export function dropStaleStaging(db: RaadskaartDb, now: Date): Promise<number> {
  const cutoff = now.getTime() - STAGING_MAX_AGE_MS;
  return db.stagedChunks.filter((row) => !(typeof row.stagedAt === 'number' && row.stagedAt >= cutoff)).delete();
}

async function installLocked(db: RaadskaartDb, source: PackageSource, opts: InstallOptions, policy: Policy): Promise<InstallResult> {
  const now = opts.now ?? (() => new Date());
  await dropStaleStaging(db, now());
  const file = opts.manifestName ?? MANIFEST_FILE;
  const manifestBytes = await source.fetchManifest();
  const checkedAt = now();
  // The one place a manifest is accepted: catalog hash, form, signatures, expiry, and the
  // demo-only rule (a package vouched for only by the public demo key must be marked demo).
  // Rollback is decided below against the installed row, where the demo's keep-newer policy applies.
  const { manifest, sha256: manifestSha256 } = await verifyPinnedManifest(manifestBytes, {
    trusted: opts.trusted ?? (await listTrustedKeys(db)),
    now: checkedAt,
    file,
    ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}),
    ...(opts.expectedSha256 !== undefined ? { expectedSha256: opts.expectedSha256 } : {}),
  });
  const { packageId, version } = manifest;
  if (policy.requireDemo && !manifest.demo) {
    throw new ValidationError(`${file}: $.demo: the bundled demo package "${packageId}" is not marked as a demo`, { file, path: '$.demo' });
  }
  const early = decideAgainstInstalled(await db.packages.get(packageId), manifest, policy, file);
  if (early) return early;

  const byPath = new Map(manifest.chunks.map((ref) => [ref.path, ref]));
  const bySha = uniqueChunks(manifest);
  const wanted = [...bySha.keys()];
  // Pins left by an earlier attempt for another version are of no use to this one (their chunks
  // become garbage for the next collection).
  await db.stagedChunks
    .where('packageId')
    .equals(packageId)
    .filter((row) => !bySha.has(row.sha256))
    .delete();
  const stored = new Set(await db.chunks.where(':id').anyOf(wanted).primaryKeys());
  // A pinned chunk that is stored was verified by an earlier attempt: it counts as progress.
  const pinned = new Set((await db.stagedChunks.where(':id').anyOf(wanted).primaryKeys()).filter((sha) => stored.has(sha)));
  const needed = [...bySha.values()].filter((ref) => !stored.has(ref.sha256) || pinned.has(ref.sha256));
  const indexRef = byPath.get(INDEX_PATH);
  if (!indexRef) throw new IntegrityError(`${MANIFEST_FILE}: no chunk with path "${INDEX_PATH}"`, { file: MANIFEST_FILE, path: INDEX_PATH });
  // index.json first: it says which chunks are layers, so each layer is checked as it arrives.
  const missing = needed.filter((ref) => !stored.has(ref.sha256)).sort((a, b) => Number(b.sha256 === indexRef.sha256) - Number(a.sha256 === indexRef.sha256));

  const progress: InstallProgress = {
    packageId,
    doneChunks: needed.length - missing.length,
    totalChunks: needed.length,
    doneBytes: needed.filter((ref) => stored.has(ref.sha256)).reduce((sum, ref) => sum + ref.size, 0),
    totalBytes: needed.reduce((sum, ref) => sum + ref.size, 0),
  };
  opts.onProgress?.({ ...progress });

  const writer = chunkWriter(db, (sha256) => ({ sha256, packageId, version, stagedAt: now().getTime() }));
  let rows: PackageRows;
  try {
    let content: ContentCheck | undefined;
    if (stored.has(indexRef.sha256)) content = startContentCheck(await storedChunkData(db, indexRef), byPath);
    for (const ref of missing) {
      const data = await source.fetchChunk(ref);
      await verifyChunk(ref, data);
      // Checked from the bytes in hand: reading them back from IndexedDB would cost a second pass.
      if (ref.sha256 === indexRef.sha256) content = startContentCheck(data, byPath);
      content?.checkChunk(ref.sha256, data);
      await writer.add({ sha256: ref.sha256, size: ref.size, data });
      progress.doneChunks += 1;
      progress.doneBytes += ref.size;
      opts.onProgress?.({ ...progress });
    }
    await writer.finish();
    opts.onInstalling?.(packageId);
    if (!content) throw new IntegrityError(`${INDEX_PATH}: chunk ${indexRef.sha256} disappeared from storage during the install; try again`, { path: INDEX_PATH });
    // Layers whose chunks were stored before this attempt (unchanged ones, or verified by an
    // attempt that broke off) are read back once.
    for (const ref of content.unchecked()) content.checkChunk(ref.sha256, await storedChunkData(db, ref));
    rows = indexToRows(packageId, content.index);
  } catch (error) {
    if (error instanceof ValidationError) {
      // Invalid content fails the same way every time: its pinned chunks are of no further use.
      await writer.abandon();
      await clearStaging(db, packageId).catch(() => undefined);
      await collectUnreferencedChunks(db).catch(() => undefined);
    } else {
      // A dropped connection or a bad chunk: keep every chunk verified so far for the retry.
      await writer.finish().catch(() => undefined);
    }
    throw error;
  }
  const record: PackageRecord = {
    packageId,
    title: manifest.title,
    version,
    manifestSha256,
    municipality: manifest.municipality,
    demo: manifest.demo,
    installedAt: checkedAt.toISOString(),
    expires: manifest.expires,
    manifest,
  };

  // Only rows change here: the chunk bytes are already stored, so the switch stays small.
  const result = await db.transaction('rw', [db.packages, db.chunks, db.stagedChunks, ...contentTables(db)], async (): Promise<InstallResult> => {
    // Another install (a second window, a double start) may have switched meanwhile.
    const raced = decideAgainstInstalled(await db.packages.get(packageId), manifest, policy, file);
    if (raced) return raced;
    // Every chunk must be there when the package row starts to reference them; only a
    // collection outside the install lock could have removed one.
    const present = await db.chunks.where(':id').anyOf(wanted).primaryKeys();
    if (present.length !== wanted.length) {
      throw new IntegrityError(`package "${packageId}": stored chunks were removed during the install; try again`);
    }
    await db.stagedChunks.where('packageId').equals(packageId).delete();
    await deletePackageRows(db, packageId);
    await db.meetings.bulkPut(rows.meetings);
    await db.agendaItems.bulkPut(rows.agendaItems);
    await db.scenarios.bulkPut(rows.scenarios);
    await db.interventions.bulkPut(rows.interventions);
    await db.indicators.bulkPut(rows.indicators);
    await db.layers.bulkPut(rows.layers);
    await db.packages.put(record);
    return { kind: 'installed', packageId, version };
  });
  // The new version is active from here on, so the result is 'installed' whatever happens
  // next. Leftover chunks are garbage, not state: if collecting fails, the next install collects.
  if (result.kind === 'installed') {
    await collectUnreferencedChunks(db).catch((error: unknown) => {
      console.warn(`Package "${packageId}" version ${version} is installed, but collecting unused chunks failed; the next install retries`, error);
    });
  }
  return result;
}

/** Bytes of a chunk stored before this attempt (reused from an installed version, or pinned). */
async function storedChunkData(db: RaadskaartDb, ref: ChunkRef): Promise<Uint8Array> {
  const data = (await db.chunks.get(ref.sha256))?.data;
  if (!data) throw new IntegrityError(`${ref.path}: chunk ${ref.sha256} disappeared from storage during the install; try again`, { path: ref.path });
  return data;
}

/** Verified chunk bytes in a batch transaction of about WRITE_BATCH_BYTES, with their pins. */
type ChunkWriter = {
  /** Queues a chunk; writes the batch once it is full (while the next chunks are checked). */
  add(row: ChunkRecord): Promise<void>;
  /** Writes what is queued and waits for every write; rejects if one failed. */
  finish(): Promise<void>;
  /** Drops what is queued and waits for the write in flight, whatever its outcome. */
  abandon(): Promise<void>;
};

function chunkWriter(db: RaadskaartDb, pinOf: (sha256: string) => StagedChunkRecord): ChunkWriter {
  let batch: ChunkRecord[] = [];
  let batchBytes = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    batchBytes = 0;
    // One write at a time; a failed one surfaces here, before the next is started.
    await inFlight;
    // Chunk and pin in one transaction: a chunk written by an install is never unpinned
    // garbage that a resumed install would not know it has.
    inFlight = db.transaction('rw', db.chunks, db.stagedChunks, async () => {
      await db.chunks.bulkPut(rows);
      await db.stagedChunks.bulkPut(rows.map((row) => pinOf(row.sha256)));
    });
    // Awaited later (next flush, finish, abandon); mark it handled meanwhile.
    inFlight.catch(() => undefined);
  };
  return {
    async add(row) {
      batch.push(row);
      batchBytes += row.size;
      if (batchBytes >= WRITE_BATCH_BYTES) await flush();
    },
    async finish() {
      await flush();
      await inFlight;
    },
    async abandon() {
      batch = [];
      batchBytes = 0;
      await inFlight.catch(() => undefined);
    },
  };
}

/** Removes pins (of one package, or all); returns how many. For retries that will not come: the next collection takes their chunks. */
export function clearStaging(db: RaadskaartDb, packageId?: string): Promise<number> {
  return packageId === undefined ? db.stagedChunks.toCollection().delete() : db.stagedChunks.where('packageId').equals(packageId).delete();
}

function decideAgainstInstalled(installed: PackageRecord | undefined, manifest: Manifest, policy: Policy, file: string): InstallResult | undefined {
  if (!installed) return undefined;
  const { packageId, version } = manifest;
  if (version === installed.version) return { kind: 'upToDate', packageId, version };
  if (version < installed.version) {
    if (policy.keepNewer) return { kind: 'upToDate', packageId, version: installed.version };
    throw new RollbackError(
      `${file}: package "${packageId}" version ${version} is older than the installed version ${installed.version}; the installed version is kept`,
      installed.version,
      version,
      { file, path: '$.version' },
    );
  }
  return undefined;
}

/** Deletes chunks that no installed package's manifest references and no install has pinned; returns how many. */
export function collectUnreferencedChunks(db: RaadskaartDb): Promise<number> {
  return db.transaction('rw', db.packages, db.chunks, db.stagedChunks, async () => {
    const referenced = new Set<string>(await db.stagedChunks.toCollection().primaryKeys());
    await db.packages.each((p) => {
      for (const ref of p.manifest.chunks) referenced.add(ref.sha256);
    });
    const unreferenced = (await db.chunks.toCollection().primaryKeys()).filter((sha) => !referenced.has(sha));
    await db.chunks.bulkDelete(unreferenced);
    return unreferenced.length;
  });
}

/**
 * Removes an installed package and its content rows in one transaction, then collects its
 * chunks, under the install lock (an install beside it could count on chunks it collects).
 * Notes on its agenda items are the user's data and are kept.
 */
export function removePackage(db: RaadskaartDb, packageId: string): Promise<void> {
  return withInstallLock(db, () => removeLocked(db, packageId));
}

async function removeLocked(db: RaadskaartDb, packageId: string): Promise<void> {
  await db.transaction('rw', [db.packages, db.stagedChunks, ...contentTables(db)], async () => {
    await deletePackageRows(db, packageId);
    await db.packages.delete(packageId);
    await db.stagedChunks.where('packageId').equals(packageId).delete();
  });
  await collectUnreferencedChunks(db);
}

/** One ChunkRef per distinct sha256 (two paths may share content; parseManifestBytes checked their sizes agree). */
function uniqueChunks(manifest: Manifest): Map<string, ChunkRef> {
  const bySha = new Map<string, ChunkRef>();
  for (const ref of manifest.chunks) if (!bySha.has(ref.sha256)) bySha.set(ref.sha256, ref);
  return bySha;
}

async function verifyChunk(ref: ChunkRef, data: Uint8Array): Promise<void> {
  if (data.byteLength !== ref.size) {
    throw new IntegrityError(`${ref.path}: ${data.byteLength} bytes received, the manifest declares ${ref.size}`, { path: ref.path });
  }
  const actual = await sha256Hex(data);
  if (actual !== ref.sha256) {
    throw new IntegrityError(`${ref.path}: SHA-256 is ${actual}, the manifest declares ${ref.sha256}`, { path: ref.path });
  }
}

/**
 * Maps a checked content index to table rows (pure). The index must have passed the shared
 * content check (startContentCheck: unique ids, references that resolve), as every installed one has.
 */
export function indexToRows(packageId: string, index: PackageIndex): PackageRows {
  const rows: PackageRows = { meetings: [], agendaItems: [], scenarios: [], interventions: [], indicators: [], layers: [] };
  let agendaOrder = 0;
  index.meetings.forEach((meeting, m) => {
    const { agendaItems, ...rest } = meeting;
    rows.meetings.push({ ...rest, packageId, order: m });
    for (const item of agendaItems) rows.agendaItems.push({ ...item, packageId, meetingId: meeting.id, order: agendaOrder++ });
  });
  let interventionOrder = 0;
  index.scenarios.forEach((scenario, s) => {
    const { interventions, ...rest } = scenario;
    rows.scenarios.push({ ...rest, packageId, order: s });
    for (const intervention of interventions) rows.interventions.push({ ...intervention, packageId, scenarioId: scenario.id, order: interventionOrder++ });
  });
  index.indicators.forEach((indicator, i) => rows.indicators.push({ ...indicator, packageId, order: i }));
  index.layers.forEach((layer, i) => rows.layers.push({ ...layer, packageId, order: i }));
  return rows;
}
