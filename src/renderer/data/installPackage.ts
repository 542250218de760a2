// Installs a scenario package into IndexedDB: fetch and validate the manifest, download only
// the chunks not already stored, verify each against its size and SHA-256, validate the
// content index and layers, then switch the active version in ONE transaction and collect
// chunks that no installed package references any more.
// It must never write anything before the switch transaction, never read past a declared
// chunk length, and never leave a half-installed package: a failure at any point leaves the
// previous version or the complete new one (DESIGN.md "Scenario packages").
// Signatures and the signed catalog are not checked here: that belongs to package sync.
import { describeIssues, ExpiredError, FetchError, IntegrityError, RollbackError, ValidationError } from '../../shared/errors';
import { sha256Hex } from '../../shared/hash';
import { INDEX_PATH, Manifest, PackageIndex } from '../../shared/packageFormat';
import type { ChunkRef } from '../../shared/packageFormat';
import { contentTables, deletePackageRows } from './db';
import type { RaadskaartDb } from './db';
import type { PackageRecord, PackageRows } from './types';

/** Where a package's bytes come from: the hub, the bundled demo, a .rkp file. */
export type PackageSource = {
  fetchManifest(): Promise<Uint8Array>;
  fetchChunk(ref: ChunkRef): Promise<Uint8Array>;
};

export type InstallProgress = {
  packageId: string;
  doneChunks: number;
  totalChunks: number;
  doneBytes: number;
  totalBytes: number;
};

export type InstallOptions = {
  onProgress?: (p: InstallProgress) => void;
  /** Clock for the expiry check (tests inject one). */
  now?: () => Date;
};

export type InstallResult =
  | { kind: 'installed'; packageId: string; version: number }
  | { kind: 'upToDate'; packageId: string; version: number };

const MANIFEST_FILE = 'manifest.json';
/** A manifest lists chunks, it does not carry content: anything larger is not a manifest. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** Reads a package over HTTP: `${baseUrl}/manifest.json` and `${baseUrl}/chunks/<sha256>`. */
export function httpPackageSource(baseUrl: string, fetchImpl: typeof fetch = fetch): PackageSource {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async fetchManifest() {
      const url = `${base}/${MANIFEST_FILE}`;
      // Manifests change between versions; revalidate instead of trusting a cached copy.
      const response = await httpGet(fetchImpl, url, { cache: 'no-cache' });
      return readBodyAtMost(
        response,
        MAX_MANIFEST_BYTES,
        () => new ValidationError(`${url}: larger than ${MAX_MANIFEST_BYTES} bytes, not a manifest`, { file: MANIFEST_FILE }),
      );
    },
    async fetchChunk(ref) {
      const url = `${base}/chunks/${ref.sha256}`;
      const response = await httpGet(fetchImpl, url, {});
      return readBodyAtMost(
        response,
        ref.size,
        () => new IntegrityError(`${ref.path}: ${url} sends more than the ${ref.size} bytes the manifest declares`, { file: url, path: ref.path }),
      );
    },
  };
}

async function httpGet(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<Response> {
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
async function readBodyAtMost(response: Response, limit: number, tooLong: () => Error): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
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
 * installed (then `upToDate` with the installed version, without downloading chunks).
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

async function install(db: RaadskaartDb, source: PackageSource, opts: InstallOptions, policy: Policy): Promise<InstallResult> {
  const now = opts.now ?? (() => new Date());
  const manifestBytes = await source.fetchManifest();
  const manifest = parseManifest(manifestBytes);
  const { packageId, version } = manifest;
  if (policy.requireDemo && !manifest.demo) {
    throw new ValidationError(`${MANIFEST_FILE}: $.demo: the bundled demo package "${packageId}" is not marked as a demo`, {
      file: MANIFEST_FILE,
      path: '$.demo',
    });
  }
  const checkedAt = now();
  if (checkedAt.getTime() > Date.parse(manifest.expires)) {
    throw new ExpiredError(
      `${MANIFEST_FILE}: package "${packageId}" version ${version} expired at ${manifest.expires}; ask the publisher for a current version`,
      manifest.expires,
      { file: MANIFEST_FILE, path: '$.expires' },
    );
  }
  const early = decideAgainstInstalled(await db.packages.get(packageId), manifest, policy);
  if (early) return early;

  const manifestSha256 = await sha256Hex(manifestBytes);
  const byPath = new Map(manifest.chunks.map((ref) => [ref.path, ref]));
  const bySha = uniqueChunks(manifest);
  const stored = new Set(await db.chunks.where('sha256').anyOf([...bySha.keys()]).primaryKeys());
  const missing = [...bySha.values()].filter((ref) => !stored.has(ref.sha256));

  // Verified bytes stay in memory until the switch: a package is a few MB here. Large
  // packages need a staging table so that memory stays bounded (see the package sync issue).
  const fetched = new Map<string, Uint8Array>();
  const progress: InstallProgress = {
    packageId,
    doneChunks: 0,
    totalChunks: missing.length,
    doneBytes: 0,
    totalBytes: missing.reduce((sum, ref) => sum + ref.size, 0),
  };
  opts.onProgress?.({ ...progress });
  for (const ref of missing) {
    const data = await source.fetchChunk(ref);
    await verifyChunk(ref, data);
    fetched.set(ref.sha256, data);
    progress.doneChunks += 1;
    progress.doneBytes += ref.size;
    opts.onProgress?.({ ...progress });
  }

  const readChunk = async (path: string): Promise<Uint8Array> => {
    const ref = byPath.get(path);
    if (!ref) throw new IntegrityError(`${MANIFEST_FILE}: no chunk with path "${path}"`, { file: MANIFEST_FILE, path });
    const data = fetched.get(ref.sha256) ?? (await db.chunks.get(ref.sha256))?.data;
    if (!data) throw new IntegrityError(`${path}: chunk ${ref.sha256} disappeared from storage during the install; try again`, { path });
    return data;
  };

  const index = parseIndex(await readChunk(INDEX_PATH));
  checkIndexPaths(index, byPath);
  for (const layer of index.layers) checkFeatureCollection(layer.path, await readChunk(layer.path));
  const rows = indexToRows(packageId, index);
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

  const result = await db.transaction('rw', [db.packages, db.chunks, ...contentTables(db)], async (): Promise<InstallResult> => {
    // Another install (a second window, a double start) may have switched meanwhile.
    const raced = decideAgainstInstalled(await db.packages.get(packageId), manifest, policy);
    if (raced) return raced;
    // Chunks found stored earlier may have been collected by a concurrent removal.
    const reused = [...stored];
    const stillThere = await db.chunks.where('sha256').anyOf(reused).primaryKeys();
    if (stillThere.length !== reused.length) {
      throw new IntegrityError(`package "${packageId}": stored chunks were removed during the install; try again`);
    }
    await db.chunks.bulkPut([...fetched].map(([sha256, data]) => ({ sha256, size: data.byteLength, data })));
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
  // The new version is active from here on; if collecting fails, the next install collects.
  if (result.kind === 'installed') await collectUnreferencedChunks(db);
  return result;
}

function decideAgainstInstalled(installed: PackageRecord | undefined, manifest: Manifest, policy: Policy): InstallResult | undefined {
  if (!installed) return undefined;
  const { packageId, version } = manifest;
  if (version === installed.version) return { kind: 'upToDate', packageId, version };
  if (version < installed.version) {
    if (policy.keepNewer) return { kind: 'upToDate', packageId, version: installed.version };
    throw new RollbackError(
      `${MANIFEST_FILE}: package "${packageId}" version ${version} is older than the installed version ${installed.version}; the installed version is kept`,
      installed.version,
      version,
      { file: MANIFEST_FILE, path: '$.version' },
    );
  }
  return undefined;
}

/** Deletes chunks that no installed package's manifest references; returns how many. */
export function collectUnreferencedChunks(db: RaadskaartDb): Promise<number> {
  return db.transaction('rw', db.packages, db.chunks, async () => {
    const referenced = new Set<string>();
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
 * chunks. Notes on its agenda items are the user's data and are kept.
 */
export async function removePackage(db: RaadskaartDb, packageId: string): Promise<void> {
  await db.transaction('rw', [db.packages, ...contentTables(db)], async () => {
    await deletePackageRows(db, packageId);
    await db.packages.delete(packageId);
  });
  await collectUnreferencedChunks(db);
}

function parseJson(bytes: Uint8Array, file: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError(`${file}: not UTF-8 text`, { file });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { file });
  }
}

function firstIssuePath(issues: readonly { path: readonly PropertyKey[] }[]): string {
  const path = issues[0]?.path ?? [];
  return path.length ? `$.${path.map(String).join('.')}` : '$';
}

function parseManifest(bytes: Uint8Array): Manifest {
  const parsed = Manifest.safeParse(parseJson(bytes, MANIFEST_FILE));
  if (!parsed.success) {
    throw new ValidationError(describeIssues(MANIFEST_FILE, parsed.error.issues), { file: MANIFEST_FILE, path: firstIssuePath(parsed.error.issues) });
  }
  const manifest = parsed.data;
  const seen = new Set<string>();
  manifest.chunks.forEach((ref, i) => {
    if (seen.has(ref.path)) {
      throw new ValidationError(`${MANIFEST_FILE}: $.chunks.${i}.path: "${ref.path}" is listed twice`, { file: MANIFEST_FILE, path: `$.chunks.${i}.path` });
    }
    seen.add(ref.path);
  });
  if (!seen.has(INDEX_PATH)) {
    throw new ValidationError(`${MANIFEST_FILE}: $.chunks: no chunk with path "${INDEX_PATH}"`, { file: MANIFEST_FILE, path: '$.chunks' });
  }
  return manifest;
}

/** One ChunkRef per distinct sha256 (two paths may share content); sizes must agree. */
function uniqueChunks(manifest: Manifest): Map<string, ChunkRef> {
  const bySha = new Map<string, ChunkRef>();
  manifest.chunks.forEach((ref, i) => {
    const other = bySha.get(ref.sha256);
    if (!other) bySha.set(ref.sha256, ref);
    else if (other.size !== ref.size) {
      throw new ValidationError(`${MANIFEST_FILE}: $.chunks.${i}.size: ${ref.size} differs from ${other.size} for the same sha256 at "${other.path}"`, {
        file: MANIFEST_FILE,
        path: `$.chunks.${i}.size`,
      });
    }
  });
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

function parseIndex(bytes: Uint8Array): PackageIndex {
  const parsed = PackageIndex.safeParse(parseJson(bytes, INDEX_PATH));
  if (!parsed.success) {
    throw new ValidationError(describeIssues(INDEX_PATH, parsed.error.issues), { file: INDEX_PATH, path: firstIssuePath(parsed.error.issues) });
  }
  return parsed.data;
}

/** Every chunk path index.json points at must be in the manifest. */
function checkIndexPaths(index: PackageIndex, byPath: ReadonlyMap<string, ChunkRef>): void {
  const check = (path: string, jsonPath: string): void => {
    if (!byPath.has(path)) {
      throw new ValidationError(`${INDEX_PATH}: ${jsonPath}: "${path}" is not a chunk in ${MANIFEST_FILE}`, { file: INDEX_PATH, path: jsonPath });
    }
  };
  index.layers.forEach((layer, i) => check(layer.path, `$.layers.${i}.path`));
  index.meetings.forEach((meeting, m) =>
    meeting.agendaItems.forEach((item, a) => {
      if (item.briefing !== undefined) check(item.briefing, `$.meetings.${m}.agendaItems.${a}.briefing`);
    }),
  );
}

/** Minimal GeoJSON check: a FeatureCollection whose features are Features. */
function checkFeatureCollection(path: string, bytes: Uint8Array): void {
  const value = parseJson(bytes, path);
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== 'FeatureCollection') {
    throw new ValidationError(`${path}: $.type: not a GeoJSON FeatureCollection`, { file: path, path: '$.type' });
  }
  const features = (value as { features?: unknown }).features;
  if (!Array.isArray(features)) {
    throw new ValidationError(`${path}: $.features: must be an array`, { file: path, path: '$.features' });
  }
  features.forEach((feature: unknown, i) => {
    if (typeof feature !== 'object' || feature === null || (feature as { type?: unknown }).type !== 'Feature') {
      throw new ValidationError(`${path}: $.features.${i}: not a GeoJSON Feature`, { file: path, path: `$.features.${i}`, featureIndex: i });
    }
  });
}

/**
 * Maps a validated content index to table rows (pure). Rejects ids that would collide in a
 * [packageId+id] key and references to agenda items or scenarios that do not exist, naming
 * the JSON path in index.json.
 */
export function indexToRows(packageId: string, index: PackageIndex): PackageRows {
  const rows: PackageRows = { meetings: [], agendaItems: [], scenarios: [], interventions: [], indicators: [], layers: [] };
  const unique = (kind: string) => {
    const seen = new Map<string, string>();
    return (id: string, jsonPath: string): void => {
      const first = seen.get(id);
      if (first !== undefined) {
        throw new ValidationError(`${INDEX_PATH}: ${jsonPath}: ${kind} id "${id}" is already used at ${first}`, { file: INDEX_PATH, path: jsonPath });
      }
      seen.set(id, jsonPath);
    };
  };
  const meetingId = unique('meeting');
  const agendaItemId = unique('agenda item');
  const scenarioId = unique('scenario');
  const interventionId = unique('intervention');
  const indicatorId = unique('indicator');
  const layerId = unique('layer');

  let agendaOrder = 0;
  index.meetings.forEach((meeting, m) => {
    meetingId(meeting.id, `$.meetings.${m}.id`);
    const { agendaItems, ...rest } = meeting;
    rows.meetings.push({ ...rest, packageId, order: m });
    agendaItems.forEach((item, a) => {
      agendaItemId(item.id, `$.meetings.${m}.agendaItems.${a}.id`);
      rows.agendaItems.push({ ...item, packageId, meetingId: meeting.id, order: agendaOrder++ });
    });
  });
  const agendaIds = new Set(rows.agendaItems.map((item) => item.id));

  let interventionOrder = 0;
  index.scenarios.forEach((scenario, s) => {
    scenarioId(scenario.id, `$.scenarios.${s}.id`);
    if (!agendaIds.has(scenario.agendaItemId)) {
      const jsonPath = `$.scenarios.${s}.agendaItemId`;
      throw new ValidationError(`${INDEX_PATH}: ${jsonPath}: no agenda item "${scenario.agendaItemId}"`, { file: INDEX_PATH, path: jsonPath });
    }
    const { interventions, ...rest } = scenario;
    rows.scenarios.push({ ...rest, packageId, order: s });
    interventions.forEach((intervention, i) => {
      interventionId(intervention.id, `$.scenarios.${s}.interventions.${i}.id`);
      rows.interventions.push({ ...intervention, packageId, scenarioId: scenario.id, order: interventionOrder++ });
    });
  });
  const scenarioIds = new Set(rows.scenarios.map((scenario) => scenario.id));

  index.indicators.forEach((indicator, i) => {
    indicatorId(indicator.id, `$.indicators.${i}.id`);
    for (const key of Object.keys(indicator.values)) {
      if (!scenarioIds.has(key)) {
        const jsonPath = `$.indicators.${i}.values.${key}`;
        throw new ValidationError(`${INDEX_PATH}: ${jsonPath}: no scenario "${key}"`, { file: INDEX_PATH, path: jsonPath });
      }
    }
    rows.indicators.push({ ...indicator, packageId, order: i });
  });
  index.layers.forEach((layer, i) => {
    layerId(layer.id, `$.layers.${i}.id`);
    rows.layers.push({ ...layer, packageId, order: i });
  });
  return rows;
}

