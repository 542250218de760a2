// Test-only helpers for the app database (layer 3 of the test package builder, over
// tests/helpers/packages.ts): packages signed by a test publisher key, served through a
// PackageSource that counts and can sabotage calls, and fake-IndexedDB databases whose writes a
// test can intercept. Never import this from app code.
import type { DBCoreMutateRequest, DBCoreMutateResponse } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach } from 'vitest';
import type { TrustedKey } from '../../src/shared/keys';
import { generateKeyPair, trustedKeyOf } from '../../src/shared/keys';
import type { ChunkRef } from '../../src/shared/packageFormat';
import { openDatabase } from '../../src/renderer/data/db';
import type { RaadskaartDb } from '../../src/renderer/data/db';
import type { PackageSource } from '../../src/renderer/data/install/packageSource';
import { addTrustedKey } from '../../src/renderer/data/trust';
import { buildPackage, buildingsGeoJson } from './packages';
import type { BuiltTestPackage, PackageSpec, TestKey } from './packages';

export type { TestKey };

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

export { TEST_BBOX, defaultIndex } from './packageIndex';
export { buildingsGeoJson };

/** A package spec (tests/helpers/packages.ts PackageSpec) with test keys: default the test publisher key; [] leaves it unsigned. */
export type TestPackageSpec = Omit<PackageSpec, 'signers'> & { keys?: TestKey[] };

/** A package built by buildPackage (tests/helpers/packages.ts). */
export type TestPackage = BuiltTestPackage;

/** buildPackage with the app's defaults: signed by the test publisher key unless `keys` says otherwise. */
export async function makePackage(spec: TestPackageSpec = {}): Promise<TestPackage> {
  const { keys, ...rest } = spec;
  return buildPackage({ ...rest, signers: (keys ?? [await testPublisherKey()]).map((k) => k.privateKey) });
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
