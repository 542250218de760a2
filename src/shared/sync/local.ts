// How a device keeps a synced record (DESIGN.md "Sync"): the hub's last version it knows
// (`synced`) and, while changes wait in the outbox, the device's own newer state (`local`). What
// the person sees is the local state if there is one, else the hub's. These pure functions say
// what each local edit, push outcome and pulled change does to that pair, so the Dexie code
// (src/renderer/data/syncStore.ts) stays a thin transaction around them and the property tests
// can run them without a browser. Never drop a text the person wrote: a rejected change keeps
// its text in the issue it becomes, and a local state is cleared only when nothing waits for it.
import type { RecordKind } from '../records/records';
import type { Hlc } from './hlc';
import type { Mutation, MutationOutcome, SyncedRecord } from './protocol';

/** The device's own state of a record, newer than the hub's, while a change waits to be pushed. */
export type LocalState = { body: unknown; deleted: boolean; hlc: Hlc; savedAt: string };

/** One record as a device keeps it for one account. */
export type LocalRecord = {
  id: string;
  kind: RecordKind;
  synced: SyncedRecord | null;
  local: LocalState | null;
};

/** What a person sees of a record: its body, whether it is gone, and whether it waits to be sent. */
export type RecordView = { id: string; kind: RecordKind; body: unknown; deleted: boolean; pending: boolean; synced: SyncedRecord | null };

export function viewOf(row: LocalRecord): RecordView {
  if (row.local) return { id: row.id, kind: row.kind, body: row.local.body, deleted: row.local.deleted, pending: true, synced: row.synced };
  return { id: row.id, kind: row.kind, body: row.synced?.body ?? null, deleted: row.synced?.deleted ?? true, pending: false, synced: row.synced };
}

/** The timestamp a new edit of `row` starts from (its baseHlc): the device's pending state, else the hub's version. */
export function baseOf(row: LocalRecord | undefined): Hlc | null {
  return row?.local?.hlc ?? row?.synced?.hlc ?? null;
}

/** A local put or delete: the row after it and the mutation for the outbox. */
export function localEdit(
  row: LocalRecord | undefined,
  edit: { id: string; kind: RecordKind; op: 'put' | 'delete'; body?: unknown },
  seq: number,
  hlc: Hlc,
  now: Date,
): { row: LocalRecord; mutation: Mutation } {
  const mutation: Mutation = {
    seq,
    hlc,
    kind: edit.kind,
    id: edit.id,
    op: edit.op,
    ...(edit.op === 'put' ? { body: edit.body } : {}),
    baseHlc: baseOf(row),
  };
  const local: LocalState = { body: edit.op === 'put' ? edit.body : null, deleted: edit.op === 'delete', hlc, savedAt: now.toISOString() };
  return { row: { id: edit.id, kind: edit.kind, synced: row?.synced ?? null, local }, mutation };
}

/** True when `candidate` is at least as new as what the device holds (the hub's versions only move forward). */
function newer(candidate: SyncedRecord, held: SyncedRecord | null): boolean {
  return held === null || candidate.updatedAt >= held.updatedAt;
}

/** A change the hub could not apply, kept with the text the person wrote, for them to see and act on. */
export type SyncIssue = { seq: number; kind: RecordKind; recordId: string; reason: { code: string; message: string }; mutation: Mutation; at: string };

/**
 * The row after the hub's answer to one of its mutations. `stillPending`: other outbox changes of
 * this record remain (then the local state stays, it is newer still). Returns null when the row
 * is gone (a rejected new record the hub never had), and the issue a rejection becomes.
 */
export function afterOutcome(
  row: LocalRecord | undefined,
  mutation: Mutation,
  outcome: MutationOutcome,
  stillPending: boolean,
  now: Date,
): { row: LocalRecord | null; issue: SyncIssue | null } {
  const base: LocalRecord = row ?? { id: mutation.id, kind: mutation.kind, synced: null, local: null };
  let synced = base.synced;
  let issue: SyncIssue | null = null;
  switch (outcome.outcome) {
    case 'applied':
    case 'conflict':
      if (newer(outcome.record, synced)) synced = outcome.record;
      break;
    case 'duplicate':
      if (outcome.record && newer(outcome.record, synced)) synced = outcome.record;
      break;
    case 'rejected':
      issue = { seq: mutation.seq, kind: mutation.kind, recordId: mutation.id, reason: outcome.reason, mutation, at: now.toISOString() };
      break;
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
  const local = stillPending ? base.local : null;
  if (local === null && synced === null) return { row: null, issue };
  return { row: { ...base, synced, local }, issue };
}

/** The row after a pulled change (the hub's version); a pending local state stays on top. */
export function afterPulled(row: LocalRecord | undefined, change: SyncedRecord): LocalRecord {
  const synced = row?.synced && !newer(change, row.synced) ? row.synced : change;
  return { id: change.id, kind: change.kind, synced, local: row?.local ?? null };
}

/** The row after the hub said the user may no longer see it: gone, unless the person's own change waits. */
export function afterRemoved(row: LocalRecord | undefined): LocalRecord | null {
  if (!row?.local) return null;
  return { ...row, synced: null };
}
