// The renderer's IndexedDB schema (Dexie). This module only declares tables and opens the
// database; reading and writing go through repositories.ts and installPackage.ts.
// Schema versions are append-only: a version that has shipped must never be edited; add
// version(n + 1) with its upgrade instead (STYLE.md item 4).
import { Dexie } from 'dexie';
import type { Collection, EntityTable, Table } from 'dexie';
import type {
  AccountRecord,
  AgendaItemRecord,
  ChunkRecord,
  IndicatorRecord,
  InterventionRecord,
  IssueRecord,
  LayerRecord,
  MeetingRow,
  NoteRecordV1,
  OutboxRecord,
  PackageRecord,
  RecordRow,
  ScenarioRecord,
  SettingRecord,
} from './types';
import type { BriefingStepsRecord, CompositionRecord } from './presentation';

/**
 * A pin: a chunk an install in progress has verified and written to `chunks` (schema v3; in
 * v2 the row held the bytes). Chunks are content-addressed and readers only reach them through
 * an installed package's manifest, so a pinned chunk stays invisible until the switch
 * transaction writes the package row that references it. The pin lets a resumed install skip
 * the chunk and keeps collectUnreferencedChunks from deleting it; the switch drops the pins.
 */
export type StagedChunkRecord = {
  sha256: string;
  /** The package (and version) whose install pinned it; pins are cleared per package. */
  packageId: string;
  version: number;
  /** When it was pinned (ms since the epoch); pins older than a week are dropped. Not indexed. */
  stagedAt?: number;
};

/** A v2 staging row, which carried the chunk bytes itself (only read by the v3 upgrade). */
type StagedChunkV2 = StagedChunkRecord & { size?: number; data?: Uint8Array };

/** Compound primary key of package content rows: [packageId, id]. */
export type PackageRowKey = [string, string];

/** Where IndexedDB comes from; tests pass fake-indexeddb here, the app uses the page's. */
export type DatabaseDeps = {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Chromium's commit durability (Dexie's option); the app uses the default. The benchmarks compare 'strict'. */
  chromeTransactionDurability?: 'default' | 'strict' | 'relaxed';
};

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
  /** Synced records (notes, motions, votes, decisions, …) per account (schema v5). */
  declare records: Table<RecordRow, [string, string]>;
  declare outbox: EntityTable<OutboxRecord, 'seq'>;
  declare accounts: EntityTable<AccountRecord, 'id'>;
  declare syncIssues: EntityTable<IssueRecord, 'id'>;
  declare settings: EntityTable<SettingRecord, 'key'>;
  declare stagedChunks: EntityTable<StagedChunkRecord, 'sha256'>;
  /** Custom compositions kept with an agenda item (presentation.ts); local until sync sends them. */
  declare compositions: EntityTable<CompositionRecord, 'id'>;
  /** A presenter's local adjustments of an agenda item's briefing steps (presentation.ts); never the package's. */
  declare briefingSteps: EntityTable<BriefingStepsRecord, 'id'>;

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
    // v3: staging rows become pins without bytes; a staged chunk's bytes live in `chunks` from
    // the moment they are verified (written once instead of staged, read back and moved). The
    // upgrade moves v2 staged bytes into `chunks`, so an interrupted install still resumes.
    this.version(3)
      .stores({ stagedChunks: 'sha256, packageId' })
      .upgrade(async (tx) => {
        const staged = tx.table<StagedChunkV2, string>('stagedChunks');
        const chunks = tx.table<ChunkRecord, string>('chunks');
        // One row at a time: v2 staging may hold a large package's bytes.
        for (const sha256 of await staged.toCollection().primaryKeys()) {
          const row = await staged.get(sha256);
          if (!row) continue;
          const { data, size: _size, ...pin } = row;
          if (data) await chunks.put({ sha256, size: data.byteLength, data });
          await staged.put(pin);
        }
      });
    // v4 (issue 7): compositions and briefing adjustments, both found by agenda item. Only adds
    // tables, so no upgrade function. Rows are { id: UUID, body, ... } so that syncing them later
    // needs no change of meaning.
    this.version(4).stores({
      compositions: 'id, [packageId+agendaItemId]',
      briefingSteps: 'id, [packageId+agendaItemId]',
    });
    // v5 (v4 belongs to the compositions and briefing steps of issue 7): notes, motions, votes and
    // decisions that sync with the hub. The v1 `notes` and `outbox` tables were placeholders:
    // `records` holds every synced record per account (src/shared/sync/local.ts), `outbox` the
    // changes waiting to be pushed, each written in one transaction with its record
    // (syncStore.ts), `accounts` who signed in here and their sync state, `syncIssues` the
    // changes the hub refused. The upgrade moves any placeholder note into `records` as a draft
    // of nobody yet ('' account), which the next person to sign in adopts; nothing is dropped.
    this.version(5)
      .stores({
        notes: null,
        outbox: '++seq, [account+clientSeq]',
        records: '[account+id], [account+kind], [account+agendaKey]',
        accounts: 'id, [hubUrl+userName]',
        syncIssues: '++id, account',
      })
      .upgrade(async (tx) => {
        const old = await tx.table<NoteRecordV1, string>('notes').toArray();
        const items = tx.table<AgendaItemRecord, PackageRowKey>('agendaItems');
        const records = tx.table<RecordRow, [string, string]>('records');
        for (const note of old) {
          const item = await items.get([note.packageId, note.agendaItemId]);
          await records.put(v1NoteAsDraft(note, item?.meetingId ?? 'onbekend'));
        }
        // Placeholder outbox rows carried no mutation the hub could take.
        await tx.table('outbox').clear();
      });
  }
}

/** A v1 placeholder note as a private draft of the agenda item, for the next person who signs in. */
function v1NoteAsDraft(note: NoteRecordV1, meetingId: string): RecordRow {
  const body = { target: { kind: 'agendaItem', packageId: note.packageId, meetingId, agendaItemId: note.agendaItemId }, text: note.text, visibility: 'private' };
  return {
    account: '',
    id: note.id,
    kind: 'note',
    agendaKey: `${note.packageId}/${note.agendaItemId}`,
    synced: null,
    local: { body, deleted: false, hlc: '000000000000000-000000-0000000000000000', savedAt: note.updatedAt },
  };
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
