// The renderer's IndexedDB schema (Dexie). This module only declares tables and opens the
// database; reading and writing go through repositories.ts and installPackage.ts.
// Schema versions are append-only: a version that has shipped must never be edited; add
// version(n + 1) with its upgrade instead (STYLE.md item 4).
import { Dexie } from 'dexie';
import type { Collection, EntityTable, Table } from 'dexie';
import type {
  AgendaItemRecord,
  ChunkRecord,
  IndicatorRecord,
  InterventionRecord,
  LayerRecord,
  MeetingRow,
  NoteRecord,
  OutboxRecord,
  PackageRecord,
  ScenarioRecord,
  SettingRecord,
} from './types';

/**
 * A verified chunk of a package install in progress (schema v2). Staging makes a download
 * resumable: each chunk is written here as soon as it is verified, and the switch transaction
 * moves the package's staged chunks into `chunks`. Readers never look here, so staged bytes
 * are never active data.
 */
export type StagedChunkRecord = {
  sha256: string;
  /** The package (and version) whose install staged it; staging is cleared per package. */
  packageId: string;
  version: number;
  size: number;
  data: Uint8Array;
};

/** Compound primary key of package content rows: [packageId, id]. */
export type PackageRowKey = [string, string];

/** Where IndexedDB comes from; tests pass fake-indexeddb here, the app uses the page's. */
export type DatabaseDeps = { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange };

export class RaadskaartDb extends Dexie {
  declare packages: EntityTable<PackageRecord, 'packageId'>;
  /**
   * Chunk bytes are a Uint8Array, not a Blob: fake-indexeddb (structuredClone in Node) and
   * Chromium both round-trip typed arrays, while Blobs do not survive fake-indexeddb.
   * Revisit for large layers: Chromium writes 64 KiB Blobs about 3x faster (DESIGN.md).
   */
  declare chunks: EntityTable<ChunkRecord, 'sha256'>;
  declare meetings: Table<MeetingRow, PackageRowKey>;
  declare agendaItems: Table<AgendaItemRecord, PackageRowKey>;
  declare scenarios: Table<ScenarioRecord, PackageRowKey>;
  declare interventions: Table<InterventionRecord, PackageRowKey>;
  declare indicators: Table<IndicatorRecord, PackageRowKey>;
  declare layers: Table<LayerRecord, PackageRowKey>;
  declare notes: EntityTable<NoteRecord, 'id'>;
  declare outbox: EntityTable<OutboxRecord, 'seq'>;
  declare settings: EntityTable<SettingRecord, 'key'>;
  declare stagedChunks: EntityTable<StagedChunkRecord, 'sha256'>;

  constructor(name: string, deps: DatabaseDeps = {}) {
    super(name, deps);
    // v1 — SHIPPED VERSIONS MUST NEVER BE EDITED. Index only what is queried: every index
    // costs a write per row, and per-record cost dominates IndexedDB (DESIGN.md "Storage").
    // Package content is read by [packageId+id] ranges, so no separate packageId index.
    this.version(1).stores({
      packages: 'packageId',
      chunks: 'sha256',
      meetings: '[packageId+id]',
      agendaItems: '[packageId+id], [packageId+meetingId]',
      scenarios: '[packageId+id], [packageId+agendaItemId]',
      interventions: '[packageId+id], [packageId+scenarioId]',
      indicators: '[packageId+id]',
      layers: '[packageId+id]',
      notes: 'id, agendaItemId, packageId, updatedAt',
      outbox: '++seq, createdAt',
      settings: 'key',
    });
    // v2: staging for resumable installs (installPackage.ts). Only adds a table, so no upgrade
    // function: existing data stays as it is.
    this.version(2).stores({
      stagedChunks: 'sha256, packageId',
    });
  }
}

/** Opens (lazily, on first query) a database; a new instance per call. */
export function openDatabase(name = 'raadskaart', deps: DatabaseDeps = {}): RaadskaartDb {
  return new RaadskaartDb(name, deps);
}

/** All rows of one package in a content table, by the [packageId+id] key range. */
export function rowsOfPackage<T>(table: Table<T, PackageRowKey>, packageId: string): Collection<T, PackageRowKey> {
  return table.where('[packageId+id]').between([packageId, Dexie.minKey], [packageId, Dexie.maxKey], true, true);
}

/** The tables that hold one package's content rows (not packages, chunks or user data). */
export function contentTables(db: RaadskaartDb): Table[] {
  return [db.meetings, db.agendaItems, db.scenarios, db.interventions, db.indicators, db.layers];
}

/** Deletes one package's content rows; call inside a transaction over contentTables(db). */
export async function deletePackageRows(db: RaadskaartDb, packageId: string): Promise<void> {
  await Promise.all([
    rowsOfPackage(db.meetings, packageId).delete(),
    rowsOfPackage(db.agendaItems, packageId).delete(),
    rowsOfPackage(db.scenarios, packageId).delete(),
    rowsOfPackage(db.interventions, packageId).delete(),
    rowsOfPackage(db.indicators, packageId).delete(),
    rowsOfPackage(db.layers, packageId).delete(),
  ]);
}

let appDb: RaadskaartDb | undefined;

/** The app's single database instance, created on first use. */
export function getDb(): RaadskaartDb {
  appDb ??= openDatabase();
  return appDb;
}
