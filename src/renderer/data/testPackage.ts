// Test-only helpers: build a valid, signed scenario package in memory (manifest + chunks with
// real SHA-256, signed with a test publisher key), serve it through a PackageSource that
// counts and can sabotage calls, and open fake-IndexedDB databases whose writes a test can
// intercept. Never import this from app code.
import type { DBCoreMutateRequest, DBCoreMutateResponse } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach } from 'vitest';
import { canonicalJsonBytes } from '../../shared/canonicalJson';
import { sha256Hex } from '../../shared/hash';
import type { PrivateKeyFile, PublicKeyFile, TrustedKey } from '../../shared/keys';
import { generateKeyPair, trustedKeyOf } from '../../shared/keys';
import { INDEX_PATH } from '../../shared/packageFormat';
import type { ChunkRef, Manifest } from '../../shared/packageFormat';
import { signDocument } from '../../shared/signing';
import { openDatabase } from './db';
import type { RaadskaartDb } from './db';
import type { PackageSource } from './install/packageSource';
import { addTrustedKey } from './trust';

export type TestKey = { privateKey: PrivateKeyFile; publicKey: PublicKeyFile };

let publisher: Promise<TestKey> | undefined;

/** The publisher key test packages are signed with (one per test process). */
export function testPublisherKey(): Promise<TestKey> {
  publisher ??= generateKeyPair();
  return publisher;
}

/** A trust entry for a test key (publisher role, any package unless scoped). */
export function trustOfKey(key: TestKey, role: TrustedKey['role'] = 'publisher', packageIds?: string[]): TrustedKey {
  return trustedKeyOf(key.publicKey, role, `test ${role} key`, packageIds);
}

/** Pins the test publisher key in the database's settings, as a user would. */
export async function trustTestPublisher(db: RaadskaartDb): Promise<TrustedKey> {
  return addTrustedKey(db, trustOfKey(await testPublisherKey()));
}

import { defaultIndex, square } from '../../../tests/helpers/packageIndex';

export { TEST_BBOX, defaultIndex } from '../../../tests/helpers/packageIndex';

/** GeoJSON of `n` extruded buildings. */
export function buildingsGeoJson(n = 2): string {
  const features = Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: { height: 10 + i },
    geometry: { type: 'Polygon', coordinates: square(4.445 + i * 0.002, 51.905) },
  }));
  return JSON.stringify({ type: 'FeatureCollection', features });
}

export type TestPackageSpec = {
  packageId?: string;
  version?: number;
  title?: string;
  demo?: boolean;
  created?: string;
  expires?: string;
  /** Replaces the content index (may be invalid on purpose). */
  index?: unknown;
  /** Chunk contents by path, merged over the defaults; `null` removes a default chunk. */
  files?: Record<string, string | Uint8Array | null>;
  /** Keys that sign the manifest; default the test publisher key; [] leaves it unsigned. */
  keys?: TestKey[];
};

export type TestPackage = {
  manifest: Manifest;
  manifestBytes: Uint8Array;
  /** Chunk bytes by path. */
  files: Map<string, Uint8Array>;
};

/** Builds a package in memory with real SHA-256 addresses. */
export async function makePackage(spec: TestPackageSpec = {}): Promise<TestPackage> {
  const encoder = new TextEncoder();
  const contents: Record<string, string | Uint8Array | null> = {
    [INDEX_PATH]: new TextDecoder().decode(canonicalJsonBytes(spec.index ?? defaultIndex())),
    'layers/buildings.geojson': buildingsGeoJson(),
    'briefings/herinrichting.md': '# Herinrichting Delfshaven\n\nHet college stelt voor…\n',
    ...spec.files,
  };
  const files = new Map<string, Uint8Array>();
  const chunks: ChunkRef[] = [];
  for (const [path, content] of Object.entries(contents)) {
    if (content === null) continue;
    const bytes = typeof content === 'string' ? encoder.encode(content) : content;
    files.set(path, bytes);
    const mediaType = path.endsWith('.json') ? 'application/json' : path.endsWith('.geojson') ? 'application/geo+json' : 'text/markdown';
    chunks.push({ path, sha256: await sha256Hex(bytes), size: bytes.byteLength, mediaType });
  }
  let manifest: Manifest = {
    formatVersion: 1,
    packageId: spec.packageId ?? 'test.delfshaven',
    version: spec.version ?? 1,
    title: spec.title ?? 'Delfshaven (test)',
    municipality: { statcode: 'GM0599', name: 'Rotterdam' },
    demo: spec.demo ?? false,
    created: spec.created ?? '2026-11-01T00:00:00.000Z',
    expires: spec.expires ?? '2027-11-01T00:00:00.000Z',
    chunks,
    signatures: [],
  };
  for (const key of spec.keys ?? [await testPublisherKey()]) manifest = await signDocument(manifest, key.privateKey);
  return { manifest, manifestBytes: canonicalJsonBytes(manifest), files };
}

export type MemorySourceOptions = {
  /** Serve these bytes as manifest.json instead of the package's. */
  manifestBytes?: Uint8Array;
  /** Throw on the n-th fetchChunk call (1-based). */
  failAtChunk?: number;
  /** Change the bytes served for a chunk. */
  tamper?: (ref: ChunkRef, bytes: Uint8Array) => Uint8Array;
};

export type MemorySource = PackageSource & {
  manifestCalls: number;
  /** Paths requested through fetchChunk, in order. */
  chunkCalls: string[];
};

/** Serves a TestPackage from memory, counting calls. */
export function memorySource(pkg: TestPackage, opts: MemorySourceOptions = {}): MemorySource {
  const bySha = new Map<string, Uint8Array>();
  for (const ref of pkg.manifest.chunks) {
    const bytes = pkg.files.get(ref.path);
    if (bytes) bySha.set(ref.sha256, bytes);
  }
  const source: MemorySource = {
    manifestCalls: 0,
    chunkCalls: [],
    fetchManifest() {
      source.manifestCalls += 1;
      return Promise.resolve(opts.manifestBytes ?? pkg.manifestBytes);
    },
    fetchChunk(ref) {
      source.chunkCalls.push(ref.path);
      if (opts.failAtChunk === source.chunkCalls.length) return Promise.reject(new Error(`connection lost at chunk ${source.chunkCalls.length}`));
      const bytes = bySha.get(ref.sha256);
      if (!bytes) return Promise.reject(new Error(`no chunk ${ref.sha256}`));
      // A copy, so a tamper function cannot change the package for other sources.
      const copy = bytes.slice();
      return Promise.resolve(opts.tamper ? opts.tamper(ref, copy) : copy);
    },
  };
  return source;
}

/** The trust list that accepts test packages, for tests that pass `trusted` instead of pinning. */
export async function testTrust(): Promise<TrustedKey[]> {
  return [trustOfKey(await testPublisherKey())];
}

/**
 * The logical state of a database: packages, content rows and the chunks packages reference.
 * Unreferenced chunks are garbage, not state (collected by the next install); staged chunks
 * are not active data and are compared separately.
 */
export async function logicalState(db: RaadskaartDb) {
  const packages = await db.packages.toArray();
  const referenced = new Set(packages.flatMap((p) => p.manifest.chunks.map((c) => c.sha256)));
  const chunks = (await db.chunks.toArray()).filter((c) => referenced.has(c.sha256));
  return {
    packages,
    chunks,
    missingChunks: [...referenced].filter((sha) => !chunks.some((c) => c.sha256 === sha)),
    meetings: await db.meetings.toArray(),
    agendaItems: await db.agendaItems.toArray(),
    scenarios: await db.scenarios.toArray(),
    interventions: await db.interventions.toArray(),
    indicators: await db.indicators.toArray(),
    layers: await db.layers.toArray(),
  };
}

/** sha256 of every chunk in the active `chunks` table, sorted. */
export async function activeChunkKeys(db: RaadskaartDb): Promise<string[]> {
  return (await db.chunks.toCollection().primaryKeys()).sort();
}

/** sha256 of every distinct chunk a package lists, sorted. */
export function chunkKeysOf(pkg: TestPackage): string[] {
  return [...new Set(pkg.manifest.chunks.map((c) => c.sha256))].sort();
}

/** Chunks no install has pinned, sorted: after a failed install exactly the previous version's. */
export async function unpinnedChunkKeys(database: RaadskaartDb): Promise<string[]> {
  const pinned = new Set(await database.stagedChunks.toCollection().primaryKeys());
  return (await activeChunkKeys(database)).filter((sha) => !pinned.has(sha));
}

export type FreshDatabases = {
  /** A new database that trusts no key yet. */
  freshDbUntrusted: () => RaadskaartDb;
  /** A new database that trusts the test publisher key (pinned in settings, as a user would). */
  freshDb: () => Promise<RaadskaartDb>;
  /** Deletes `db` after the test too (for databases opened by hand, such as schema upgrades). */
  track: (db: RaadskaartDb) => RaadskaartDb;
};

/** Opens fake-IndexedDB databases named `<prefix>-…` and deletes them after each test of the calling file. */
export function useFreshDatabases(prefix: string): FreshDatabases {
  const open: RaadskaartDb[] = [];
  let counter = 0;
  const track = (db: RaadskaartDb): RaadskaartDb => {
    open.push(db);
    return db;
  };
  const freshDbUntrusted = (): RaadskaartDb => track(openDatabase(`${prefix}-${Date.now()}-${counter++}`, { indexedDB, IDBKeyRange }));
  afterEach(async () => {
    for (const db of open.splice(0)) await db.delete();
  });
  return {
    freshDbUntrusted,
    freshDb: async () => {
      const db = freshDbUntrusted();
      await trustTestPublisher(db);
      return db;
    },
    track,
  };
}

/** The next step of a write request: the table's own mutate. */
export type NextMutate = (req: DBCoreMutateRequest) => Promise<DBCoreMutateResponse>;

/** Routes every write request on `db` (put, add, delete, deleteRange) through `intercept`, as a DBCore middleware named `name`. */
export function interceptWrites(db: RaadskaartDb, name: string, intercept: (req: DBCoreMutateRequest, tableName: string, next: NextMutate) => Promise<DBCoreMutateResponse>): void {
  db.use({
    stack: 'dbcore',
    name,
    create: (down) => ({
      ...down,
      table: (tableName) => {
        const table = down.table(tableName);
        return {
          ...table,
          mutate: (req) => intercept(req, tableName, (r) => table.mutate(r)),
        };
      },
    }),
  });
}
