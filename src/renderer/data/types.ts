// Row types of the renderer's IndexedDB (see db.ts), derived from the package format in
// src/shared/packageFormat.ts so a format change shows up here as a type error.
// Rows of package content carry `packageId` (the compound key's first part) and `order`,
// the position in index.json, because IndexedDB returns rows in key order, not file order.
// Types only: never put logic here.
import type { AgendaItem, Indicator, Intervention, Layer, Manifest, Meeting, Scenario } from '../../shared/packageFormat';

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
 * A council member's note on an agenda item. The table exists in schema v1 so annotation
 * sync can land without a schema change; its fields beyond the indexed ones are provisional.
 */
export type NoteRecord = {
  id: string;
  packageId: string;
  agendaItemId: string;
  /** ISO 8601. */
  updatedAt: string;
  text: string;
};

/** A local change waiting to be pushed to the hub (annotation sync); `seq` is assigned by IndexedDB. */
export type OutboxRecord = {
  seq: number;
  /** ISO 8601. */
  createdAt: string;
  mutation: unknown;
};

/** The package content rows that one index.json maps to (see indexToRows). */
export type PackageRows = {
  meetings: MeetingRow[];
  agendaItems: AgendaItemRecord[];
  scenarios: ScenarioRecord[];
  interventions: InterventionRecord[];
  indicators: IndicatorRecord[];
  layers: LayerRecord[];
};
