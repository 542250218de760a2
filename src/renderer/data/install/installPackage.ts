// Installs a scenario package into IndexedDB: fetch the manifest and verify it (signature by a
// pinned key, expiry, catalog hash, the demo-only rule; src/shared/trust) BEFORE any chunk is
// fetched; download only the chunks not stored yet (index.json first), verify each against its
// size and SHA-256, check its content from the bytes in hand (src/shared/content) and stage it
// (staging.ts: written once into `chunks`, with a pin). Checking is off the write path: the
// staging writes of earlier chunks run in IndexedDB while this thread hashes and checks the
// next ones, and the check proves most layers valid in one pass without parsing them
// (geojsonScan.ts; BENCHMARKS.md has the figures). Then switch the active version in ONE
// small transaction that writes the content rows and the package row and drops the pins, and
// collect chunks nothing references or pins any more (collect.ts). Installs of one database run
// one at a time (installLock.ts).
// It must never write active data (package row, content rows) before the switch transaction,
// never delete a chunk an installed package references, never read past a declared chunk
// length, and never leave a half-installed package: a failure at any point leaves the previous
// version or the complete new one (DESIGN.md "Scenario packages"). A chunk written before the
// switch is invisible: readers reach chunks only through an installed package's manifest.
import { IntegrityError, RollbackError, ValidationError } from '../../../shared/errors';
import { startContentCheck } from '../../../shared/content/packageContent';
import type { ContentCheck } from '../../../shared/content/packageContent';
import { sha256Hex } from '../../../shared/hash';
import type { TrustedKey } from '../../../shared/keys';
import { INDEX_PATH } from '../../../shared/packageFormat';
import type { ChunkRef, Manifest } from '../../../shared/packageFormat';
import { verifyPinnedManifest } from '../../../shared/trust/pinnedManifest';
import { contentTables, deletePackageRows } from '../db';
import type { RaadskaartDb } from '../db';
import { listTrustedKeys } from '../trust';
import type { PackageRecord, PackageRows } from '../types';
import { collectUnreferencedChunks } from './collect';
import { indexToRows } from './indexToRows';
import { withInstallLock } from './installLock';
import type { PackageSource } from './packageSource';
import { chunkWriter, clearStaging, dropStaleStaging } from './staging';

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
  /** Accept only a manifest marked `demo: true` (the bundled demo package). */
  requireDemo?: boolean;
  /** Keep a newer installed version and report it as upToDate instead of a RollbackError (the bundled demo). */
  keepNewer?: boolean;
};

export type InstallResult = { kind: 'installed'; packageId: string; version: number } | { kind: 'upToDate'; packageId: string; version: number };

const MANIFEST_FILE = 'manifest.json';

/** Installs or updates the package `source` offers; see the module header for guarantees. */
export function installPackage(db: RaadskaartDb, source: PackageSource, opts: InstallOptions = {}): Promise<InstallResult> {
  return withInstallLock(db, () => installLocked(db, source, opts));
}

async function installLocked(db: RaadskaartDb, source: PackageSource, opts: InstallOptions): Promise<InstallResult> {
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
  if (opts.requireDemo && !manifest.demo) {
    throw new ValidationError(`${file}: $.demo: the bundled demo package "${packageId}" is not marked as a demo`, { file, path: '$.demo' });
  }
  const keepNewer = opts.keepNewer ?? false;
  const early = decideAgainstInstalled(await db.packages.get(packageId), manifest, keepNewer, file);
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
      checkLength(ref, data);
      // The hash is computed on WebCrypto's thread while this one checks the content; a chunk
      // whose hash differs is reported as damaged whatever its content check said.
      const hashed = sha256Hex(data);
      hashed.catch(() => undefined);
      let invalid: { error: unknown } | undefined;
      try {
        // Checked from the bytes in hand: reading them back from IndexedDB would cost a second pass.
        if (ref.sha256 === indexRef.sha256) content = startContentCheck(data, byPath);
        content?.checkChunk(ref.sha256, data);
      } catch (error) {
        invalid = { error };
      }
      checkHash(ref, await hashed);
      if (invalid) throw invalid.error;
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
    const raced = decideAgainstInstalled(await db.packages.get(packageId), manifest, keepNewer, file);
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

function decideAgainstInstalled(installed: PackageRecord | undefined, manifest: Manifest, keepNewer: boolean, file: string): InstallResult | undefined {
  if (!installed) return undefined;
  const { packageId, version } = manifest;
  if (version === installed.version) return { kind: 'upToDate', packageId, version };
  if (version < installed.version) {
    if (keepNewer) return { kind: 'upToDate', packageId, version: installed.version };
    throw new RollbackError(
      `${file}: package "${packageId}" version ${version} is older than the installed version ${installed.version}; the installed version is kept`,
      installed.version,
      version,
      { file, path: '$.version' },
    );
  }
  return undefined;
}

/** One ChunkRef per distinct sha256 (two paths may share content; parseManifestBytes checked their sizes agree). */
function uniqueChunks(manifest: Manifest): Map<string, ChunkRef> {
  const bySha = new Map<string, ChunkRef>();
  for (const ref of manifest.chunks) if (!bySha.has(ref.sha256)) bySha.set(ref.sha256, ref);
  return bySha;
}

function checkLength(ref: ChunkRef, data: Uint8Array): void {
  if (data.byteLength !== ref.size) {
    throw new IntegrityError(`${ref.path}: ${data.byteLength} bytes received, the manifest declares ${ref.size}`, { path: ref.path });
  }
}

function checkHash(ref: ChunkRef, actual: string): void {
  if (actual !== ref.sha256) {
    throw new IntegrityError(`${ref.path}: SHA-256 is ${actual}, the manifest declares ${ref.sha256}`, { path: ref.path });
  }
}
