// Installs a scenario package into IndexedDB: fetch the manifest and verify it (signature by a
// pinned key, expiry, catalog hash, rollback) BEFORE any chunk is fetched; download only the
// chunks neither stored nor staged, verify each against its size and SHA-256 and stage it at
// once (so a dropped connection resumes where it stopped); validate the content index and the
// layers; then switch the active version in ONE transaction that moves the staged chunks into
// `chunks`, and collect chunks no installed package references any more.
// It must never write active data before the switch transaction, never read past a declared
// chunk length, and never leave a half-installed package: a failure at any point leaves the
// previous version or the complete new one (DESIGN.md "Scenario packages"). Staged chunks are
// never active data: readers only look at `chunks`.
import { describeIssues, FetchError, IntegrityError, RollbackError, ValidationError } from '../../shared/errors';
import { sha256Hex } from '../../shared/hash';
import type { TrustedKey } from '../../shared/keys';
import { INDEX_PATH, PackageIndex } from '../../shared/packageFormat';
import type { ChunkRef, Manifest } from '../../shared/packageFormat';
import { verifyManifest } from '../../shared/verifyManifest';
import { contentTables, deletePackageRows } from './db';
import type { RaadskaartDb, StagedChunkRecord } from './db';
import { listTrustedKeys } from './trust';
import type { PackageRecord, PackageRows } from './types';

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
/** A manifest lists chunks, it does not carry content: anything larger is not a manifest. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Staged bytes moved per step of the switch, so memory stays bounded for large packages. */
const MOVE_BATCH_BYTES = 8 * 1024 * 1024;

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

async function install(db: RaadskaartDb, source: PackageSource, opts: InstallOptions, policy: Policy): Promise<InstallResult> {
  const now = opts.now ?? (() => new Date());
  const file = opts.manifestName ?? MANIFEST_FILE;
  const manifestBytes = await source.fetchManifest();
  const checkedAt = now();
  // The one place a manifest is accepted: catalog hash, form, signatures, expiry. Rollback is
  // decided below against the installed row, where the demo's keep-newer policy applies.
  const { manifest, sha256: manifestSha256 } = await verifyManifest(manifestBytes, {
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
  const stored = new Set(await db.chunks.where(':id').anyOf(wanted).primaryKeys());
  // Staging left by an earlier attempt for another version is of no use to this one.
  await db.stagedChunks
    .where('packageId')
    .equals(packageId)
    .filter((row) => !bySha.has(row.sha256))
    .delete();
  const staged = new Set(await db.stagedChunks.where(':id').anyOf(wanted.filter((sha) => !stored.has(sha))).primaryKeys());
  const needed = [...bySha.values()].filter((ref) => !stored.has(ref.sha256));
  const missing = needed.filter((ref) => !staged.has(ref.sha256));

  const progress: InstallProgress = {
    packageId,
    doneChunks: needed.length - missing.length,
    totalChunks: needed.length,
    doneBytes: needed.filter((ref) => staged.has(ref.sha256)).reduce((sum, ref) => sum + ref.size, 0),
    totalBytes: needed.reduce((sum, ref) => sum + ref.size, 0),
  };
  opts.onProgress?.({ ...progress });
  for (const ref of missing) {
    const data = await source.fetchChunk(ref);
    await verifyChunk(ref, data);
    // Its own small transaction: once written, a dropped connection never costs this chunk again.
    await db.stagedChunks.put({ sha256: ref.sha256, packageId, version, size: ref.size, data });
    progress.doneChunks += 1;
    progress.doneBytes += ref.size;
    opts.onProgress?.({ ...progress });
  }
  opts.onInstalling?.(packageId);

  let rows: PackageRows;
  try {
    rows = await validateContent(db, packageId, byPath);
  } catch (error) {
    // Invalid content fails the same way every time: its staged chunks are of no further use.
    if (error instanceof ValidationError) await clearStaging(db, packageId).catch(() => undefined);
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

  const result = await db.transaction('rw', [db.packages, db.chunks, db.stagedChunks, ...contentTables(db)], async (): Promise<InstallResult> => {
    // Another install (a second window, a double start) may have switched meanwhile.
    const raced = decideAgainstInstalled(await db.packages.get(packageId), manifest, policy, file);
    if (raced) return raced;
    // Chunks found stored earlier may have been collected by a concurrent removal.
    const reused = [...stored];
    const stillThere = await db.chunks.where(':id').anyOf(reused).primaryKeys();
    if (stillThere.length !== reused.length) {
      throw new IntegrityError(`package "${packageId}": stored chunks were removed during the install; try again`);
    }
    await moveStagedChunks(db, packageId, needed);
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
  // The new version is active from here on; if collecting fails, the next install collects.
  if (result.kind === 'installed') await collectUnreferencedChunks(db);
  return result;
}

/** Bytes of a chunk for validation: active storage first, else staging. */
async function chunkData(db: RaadskaartDb, ref: ChunkRef): Promise<Uint8Array> {
  const data = (await db.chunks.get(ref.sha256))?.data ?? (await db.stagedChunks.get(ref.sha256))?.data;
  if (!data) throw new IntegrityError(`${ref.path}: chunk ${ref.sha256} disappeared from storage during the install; try again`, { path: ref.path });
  return data;
}

/** Parses and checks index.json and every layer (read one at a time) and maps the index to rows. */
async function validateContent(db: RaadskaartDb, packageId: string, byPath: ReadonlyMap<string, ChunkRef>): Promise<PackageRows> {
  const readChunk = (path: string): Promise<Uint8Array> => {
    const ref = byPath.get(path);
    if (!ref) return Promise.reject(new IntegrityError(`${MANIFEST_FILE}: no chunk with path "${path}"`, { file: MANIFEST_FILE, path }));
    return chunkData(db, ref);
  };
  const index = parseIndex(await readChunk(INDEX_PATH));
  checkIndexPaths(index, byPath);
  for (const layer of index.layers) checkFeatureCollection(layer.path, await readChunk(layer.path));
  return indexToRows(packageId, index);
}

/**
 * Inside the switch transaction: copies the package's staged chunks into `chunks`, in batches
 * of about MOVE_BATCH_BYTES, and removes them from staging. A chunk that is gone from staging
 * but already stored (another package with the same content switched first) is fine.
 */
async function moveStagedChunks(db: RaadskaartDb, packageId: string, needed: readonly ChunkRef[]): Promise<void> {
  let batch: ChunkRef[] = [];
  let batchBytes = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const shas = batch.map((ref) => ref.sha256);
    const rows = await db.stagedChunks.bulkGet(shas);
    const present = rows.filter((row): row is StagedChunkRecord => row !== undefined);
    if (present.length !== rows.length) {
      const absent = shas.filter((_, i) => rows[i] === undefined);
      const storedMeanwhile = await db.chunks.where(':id').anyOf(absent).primaryKeys();
      if (storedMeanwhile.length !== absent.length) {
        throw new IntegrityError(`package "${packageId}": staged chunks disappeared during the install; try again`);
      }
    }
    await db.chunks.bulkPut(present.map((row) => ({ sha256: row.sha256, size: row.size, data: row.data })));
    await db.stagedChunks.bulkDelete(present.map((row) => row.sha256));
    batch = [];
    batchBytes = 0;
  };
  for (const ref of needed) {
    batch.push(ref);
    batchBytes += ref.size;
    if (batchBytes >= MOVE_BATCH_BYTES) await flush();
  }
  await flush();
}

/** Removes staged chunks (of one package, or all); returns how many. For retries that will not come. */
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
  await db.transaction('rw', [db.packages, db.stagedChunks, ...contentTables(db)], async () => {
    await deletePackageRows(db, packageId);
    await db.packages.delete(packageId);
    await db.stagedChunks.where('packageId').equals(packageId).delete();
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

/**
 * GeoJSON check of a layer (RFC 7946): a FeatureCollection of Features whose geometry is null or
 * a geometry with coordinates of the right nesting, positions of 2+ finite numbers, lines
 * of 2+ positions and closed rings of 4+. Hand-written rather than zod: layers hold 100,000s of
 * features and this runs on every install. Errors name the file and the feature index.
 */
function checkFeatureCollection(path: string, bytes: Uint8Array): void {
  const value = parseJson(bytes, path);
  if (!isObject(value) || value.type !== 'FeatureCollection') {
    throw new ValidationError(`${path}: $.type: not a GeoJSON FeatureCollection`, { file: path, path: '$.type' });
  }
  const features = value.features;
  if (!Array.isArray(features)) {
    throw new ValidationError(`${path}: $.features: must be an array`, { file: path, path: '$.features' });
  }
  features.forEach((feature: unknown, i) => {
    const where = `$.features.${i}`;
    if (!isObject(feature) || feature.type !== 'Feature') {
      throw new ValidationError(`${path}: ${where}: feature ${i} is not a GeoJSON Feature`, { file: path, path: where, featureIndex: i });
    }
    if (!('geometry' in feature)) {
      throw new ValidationError(`${path}: ${where}.geometry: feature ${i} has no geometry member`, { file: path, path: `${where}.geometry`, featureIndex: i });
    }
    const problem = feature.geometry === null ? undefined : geometryProblem(feature.geometry, 0);
    if (problem !== undefined) {
      throw new ValidationError(`${path}: ${where}.geometry: feature ${i}: ${problem}`, { file: path, path: `${where}.geometry`, featureIndex: i });
    }
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPosition(value: unknown): boolean {
  return Array.isArray(value) && value.length >= 2 && value.every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** What is wrong with coordinates nested `depth` levels above positions, or undefined. */
function coordinatesProblem(value: unknown, depth: number, minItems: readonly number[]): string | undefined {
  if (depth === 0) return isPosition(value) ? undefined : 'a position must be 2 or more finite numbers';
  if (!Array.isArray(value)) return 'coordinates are not nested arrays of the right depth';
  const min = minItems[depth - 1] ?? 0;
  if (value.length < min) return `an array at depth ${depth} needs at least ${min} items, has ${value.length}`;
  for (const item of value) {
    const problem = coordinatesProblem(item, depth - 1, minItems);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function ringsProblem(rings: unknown[]): string | undefined {
  for (const ring of rings as unknown[][]) {
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first.some((n, k) => n !== last[k])) return 'a polygon ring is not closed (first and last position differ)';
  }
  return undefined;
}

/** What is wrong with a GeoJSON geometry object, or undefined when it is valid. */
function geometryProblem(geometry: unknown, nesting: number): string | undefined {
  if (!isObject(geometry)) return 'geometry is not an object';
  const { type, coordinates } = geometry;
  switch (type) {
    case 'Point':
      return coordinatesProblem(coordinates, 0, []);
    case 'MultiPoint':
      return coordinatesProblem(coordinates, 1, [0]);
    case 'LineString':
      return coordinatesProblem(coordinates, 1, [2]);
    case 'MultiLineString':
      return coordinatesProblem(coordinates, 2, [2, 0]);
    case 'Polygon':
      return coordinatesProblem(coordinates, 2, [4, 1]) ?? ringsProblem(coordinates as unknown[]);
    case 'MultiPolygon':
      return coordinatesProblem(coordinates, 3, [4, 1, 0]) ?? (coordinates as unknown[][]).map(ringsProblem).find((p) => p !== undefined);
    case 'GeometryCollection': {
      if (nesting > 0) return 'a GeometryCollection must not contain another GeometryCollection';
      if (!Array.isArray(geometry.geometries)) return 'a GeometryCollection needs a geometries array';
      for (const g of geometry.geometries) {
        const problem = geometryProblem(g, nesting + 1);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    default:
      return `"${String(type)}" is not a GeoJSON geometry type`;
  }
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

