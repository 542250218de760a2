// Row types of the renderer's IndexedDB (see db.ts), derived from the package format in
// src/shared/packageFormat.ts so a format change shows up here as a type error.
// Rows of package content carry `packageId` (the compound key's first part) and `order`,
// the position in index.json, because IndexedDB returns rows in key order, not file order.
// Types only: never put logic here.
import type { AgendaItem, Indicator, Intervention, Layer, Manifest, Meeting, Scenario } from '../../shared/packageFormat';
import type { HlcState } from '../../shared/sync/hlc';
import type { LocalRecord, SyncIssue } from '../../shared/sync/local';
import type { Mutation } from '../../shared/sync/protocol';
import type { UserRole } from '../../shared/sync/access';

/** One installed package: its active version and the manifest that lists its chunks. */
export type PackageRecord = {
  packageId: string;
  title: string;
  version: number;
  /** SHA-256 of the manifest bytes as fetched. */
  manifestSha256: string;
  municipality: Manifest['municipality'];
  demo: boolean;
  /** ISO 8601 time of the switch to this version. */
  installedAt: string;
  /** ISO 8601, copied from the manifest. */
  expires: string;
  manifest: Manifest;
};

/** A content-addressed chunk; `data` is raw bytes whose SHA-256 is `sha256`. */
export type ChunkRecord = {
  sha256: string;
  size: number;
  data: Uint8Array;
};

/** A meeting as stored: its agenda items live in their own table. */
export type MeetingRow = Omit<Meeting, 'agendaItems'> & { packageId: string; order: number };

export type AgendaItemRecord = AgendaItem & { packageId: string; meetingId: string; order: number };

/** A meeting with its agenda items sorted by number, as the UI reads it (useMeetings). */
export type MeetingRecord = MeetingRow & { agendaItems: AgendaItemRecord[] };

/** A scenario as stored: its interventions live in their own table. */
export type ScenarioRecord = Omit<Scenario, 'interventions'> & { packageId: string; order: number };

export type InterventionRecord = Intervention & { packageId: string; scenarioId: string; order: number };

export type IndicatorRecord = Indicator & { packageId: string; order: number };

export type LayerRecord = Layer & { packageId: string; order: number };

/** A user setting; the value is whatever the caller stored (structured-cloneable). */
export type SettingRecord = { key: string; value: unknown };

/**
 * A placeholder note of schema v1–v3 (nothing wrote these; the v5 upgrade moves any into
 * `records` as drafts the next person to sign in adopts). Only the upgrade reads it.
 */
export type NoteRecordV1 = {
  id: string;
  packageId: string;
  agendaItemId: string;
  /** ISO 8601. */
  updatedAt: string;
  text: string;
};

/** A person signed in (now or before) on this device to one hub: their sync state. Tokens are never kept here. */
export type AccountRecord = {
  /** Random; also the `account` of their records and outbox rows. */
  id: string;
  /** The hub address as the page reaches it (the web host: its own origin). */
  hubUrl: string;
  userName: string;
  role: UserRole;
  partyGroup: string | null;
  deviceLabel: string;
  /** This device's sync client id for this user (one client id belongs to one user). */
  clientId: string;
  /** The next seq of this client (seqs go up by one). */
  nextSeq: number;
  /** The hybrid logical clock of this client. */
  clock: HlcState;
  /** The pull cursor; null before the first pull. */
  cursor: string | null;
  /** ISO 8601 of the last complete sync (push and pull). */
  lastSyncedAt: string | null;
  /** The account whose token the app holds now (at most one). */
  signedIn: boolean;
  createdAt: string;
};

/** A synced record of one account (src/shared/sync/local.ts), with the keys the screens query by. */
export type RecordRow = LocalRecord & {
  account: string;
  /** `<packageId>/<agendaItemId>` for records that belong to an agenda item, else ''. */
  agendaKey: string;
};

/** A change waiting to be pushed; `seq` is IndexedDB's key, `mutation.seq` the client's. */
export type OutboxRecord = {
  seq?: number;
  account: string;
  clientSeq: number;
  mutation: Mutation;
  /** ISO 8601. */
  createdAt: string;
};

/** A change the hub refused, with the person's text, until they deal with it. */
export type IssueRecord = SyncIssue & { id?: number; account: string };

/** The package content rows that one index.json maps to (see indexToRows). */
export type PackageRows = {
  meetings: MeetingRow[];
  agendaItems: AgendaItemRecord[];
  scenarios: ScenarioRecord[];
  interventions: InterventionRecord[];
  indicators: IndicatorRecord[];
  layers: LayerRecord[];
};
