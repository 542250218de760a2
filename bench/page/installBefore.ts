// The installer as it was before its content checks moved off the write path (commit 875bcf8,
// src/renderer/data/installPackage.ts), kept here only so the benchmark can measure it side by
// side with today's installer in one run: every GeoJSON layer decoded, JSON.parsed and checked
// in the installing thread before its write, staging writes one transaction at a time with the
// pin rows written after the chunks. Same verification, staging, switch and collection as the
// app's. Bench-only: never imported by the app.
import { checkParsedFeatureCollection } from '../../src/shared/content/geojson';
import { parseJsonBytes } from '../../src/shared/content/json';
import { startContentCheck } from '../../src/shared/content/packageContent';
import type { ContentCheck } from '../../src/shared/content/packageContent';
import { IntegrityError } from '../../src/shared/errors';
import { sha256Hex } from '../../src/shared/hash';
import type { TrustedKey } from '../../src/shared/keys';
import { INDEX_PATH } from '../../src/shared/packageFormat';
import type { ChunkRef } from '../../src/shared/packageFormat';
import { verifyPinnedManifest } from '../../src/shared/trust/pinnedManifest';
import { contentTables, deletePackageRows } from '../../src/renderer/data/db';
import type { RaadskaartDb } from '../../src/renderer/data/db';
import { collectUnreferencedChunks } from '../../src/renderer/data/install/collect';
import { indexToRows } from '../../src/renderer/data/install/indexToRows';
import type { InstallOptions } from '../../src/renderer/data/install/installPackage';
import type { PackageSource } from '../../src/renderer/data/install/packageSource';
import type { ChunkRecord, PackageRecord } from '../../src/renderer/data/types';

const WRITE_BATCH_BYTES = 8 * 1024 * 1024;

/** The content check of that time: index and tile indexes as today, GeoJSON layers always fully parsed. */
function fullParseCheck(indexBytes: Uint8Array, byPath: ReadonlyMap<string, ChunkRef>): { index: ContentCheck['index']; checkChunk(sha256: string, bytes: Uint8Array): void } {
  const content = startContentCheck(indexBytes, byPath);
  const layerPaths = new Set(content.index.layers.flatMap((l) => (l.format === 'vector-tiles' ? [] : [l.path])));
  const geojson = new Map([...byPath.values()].filter((ref) => layerPaths.has(ref.path)).map((ref) => [ref.sha256, ref.path]));
  return {
    index: content.index,
    checkChunk(sha256, bytes) {
      const path = geojson.get(sha256);
      if (path === undefined) content.checkChunk(sha256, bytes);
      else checkParsedFeatureCollection(path, parseJsonBytes(bytes, path));
    },
  };
}

/** A fresh install (the benchmark's case) with the pipeline of that time; returns when the switch and collection are done. */
export async function installBefore(
  db: RaadskaartDb,
  source: PackageSource,
  opts: Pick<InstallOptions, 'trusted' | 'onProgress' | 'onInstalling'> & { trusted: readonly TrustedKey[] },
): Promise<void> {
  const manifestBytes = await source.fetchManifest();
  const { manifest, sha256: manifestSha256 } = await verifyPinnedManifest(manifestBytes, { trusted: opts.trusted, now: new Date() });
  const { packageId, version } = manifest;
  const byPath = new Map(manifest.chunks.map((ref) => [ref.path, ref]));
  const bySha = new Map<string, ChunkRef>();
  for (const ref of manifest.chunks) if (!bySha.has(ref.sha256)) bySha.set(ref.sha256, ref);
  const wanted = [...bySha.keys()];
  const stored = new Set(await db.chunks.where(':id').anyOf(wanted).primaryKeys());
  const indexRef = byPath.get(INDEX_PATH);
  if (!indexRef) throw new IntegrityError('no index.json');
  const missing = [...bySha.values()].filter((ref) => !stored.has(ref.sha256)).sort((a, b) => Number(b.sha256 === indexRef.sha256) - Number(a.sha256 === indexRef.sha256));
  opts.onProgress?.({ packageId, doneChunks: 0, totalChunks: missing.length, doneBytes: 0, totalBytes: 0 });

  let batch: ChunkRecord[] = [];
  let batchBytes = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    batchBytes = 0;
    await inFlight;
    inFlight = db.transaction('rw', db.chunks, db.stagedChunks, async () => {
      await db.chunks.bulkPut(rows);
      await db.stagedChunks.bulkPut(rows.map((row) => ({ sha256: row.sha256, packageId, version, stagedAt: Date.now() })));
    });
    inFlight.catch(() => undefined);
  };

  let content: ReturnType<typeof fullParseCheck> | undefined;
  for (const ref of missing) {
    const data = await source.fetchChunk(ref);
    if (data.byteLength !== ref.size || (await sha256Hex(data)) !== ref.sha256) throw new IntegrityError(`${ref.path}: does not match the manifest`);
    if (ref.sha256 === indexRef.sha256) content = fullParseCheck(data, byPath);
    content?.checkChunk(ref.sha256, data);
    batch.push({ sha256: ref.sha256, size: ref.size, data });
    batchBytes += ref.size;
    if (batchBytes >= WRITE_BATCH_BYTES) await flush();
  }
  await flush();
  await inFlight;
  opts.onInstalling?.(packageId);
  if (!content) throw new IntegrityError('index.json was stored before: the benchmark installs into an empty database');
  const rows = indexToRows(packageId, content.index);
  const record: PackageRecord = {
    packageId,
    title: manifest.title,
    version,
    manifestSha256,
    municipality: manifest.municipality,
    demo: manifest.demo,
    installedAt: new Date().toISOString(),
    expires: manifest.expires,
    manifest,
  };
  await db.transaction('rw', [db.packages, db.chunks, db.stagedChunks, ...contentTables(db)], async () => {
    const present = await db.chunks.where(':id').anyOf(wanted).primaryKeys();
    if (present.length !== wanted.length) throw new IntegrityError('stored chunks were removed during the install');
    await db.stagedChunks.where('packageId').equals(packageId).delete();
    await deletePackageRows(db, packageId);
    await db.meetings.bulkPut(rows.meetings);
    await db.agendaItems.bulkPut(rows.agendaItems);
    await db.scenarios.bulkPut(rows.scenarios);
    await db.interventions.bulkPut(rows.interventions);
    await db.indicators.bulkPut(rows.indicators);
    await db.layers.bulkPut(rows.layers);
    await db.packages.put(record);
  });
  await collectUnreferencedChunks(db);
}
