// What one mutation does to the record the hub holds (DESIGN.md "Sync"): checked against the
// token's user (access.ts) and the kind's schema, then merged. An edit that started from the
// version the hub holds replaces it; an edit that started from an older version is a conflict
// in which both texts survive: the later one (by hybrid logical clock) is current and the other
// is kept as a revision its author is shown and can restore. A delete that did not see the
// latest edit loses (the unseen edit survives). A decision is never changed: a correction is a
// new record. Pure: the hub stores what this returns; the property tests run it directly.
// Never lose a text: every path that replaces a body either started from it or keeps it.
import { canonicalJson } from '../canonicalJson';
import { describeIssues } from '../errors';
import type { ErrorCode } from '../errors';
import { RECORD_BODIES, SCOPED_KINDS } from '../records/records';
import type { RecordKind } from '../records/records';
import type { Audience, SyncUser } from './access';
import { audienceOf, refusalOf } from './access';
import { MAX_DRIFT_MS, parseHlc } from './hlc';
import type { Hlc } from './hlc';
import type { Mutation, SyncedRecord } from './protocol';

/** Revisions kept per record (the newest); older ones are dropped. */
export const MAX_REVISIONS = 10;

export type Revision = { hlc: Hlc; body: unknown; savedAt: string };

/** A record as the hub keeps it. */
export type StoredRecord = {
  kind: RecordKind;
  id: string;
  authorId: number;
  author: string;
  authorPartyGroup: string | null;
  audience: Audience;
  hlc: Hlc;
  deleted: boolean;
  /** null when deleted. */
  body: unknown;
  createdAt: string;
  updatedAt: string;
  /** Newest first. */
  revisions: Revision[];
};

export type MergeResult =
  /** `changed` false: nothing to store (a delete of what is already deleted). */
  | { outcome: 'applied'; record: StoredRecord; changed: boolean }
  | { outcome: 'conflict'; record: StoredRecord; changed: boolean }
  | { outcome: 'rejected'; reason: { code: ErrorCode; message: string } };

function rejected(code: ErrorCode, message: string): MergeResult {
  return { outcome: 'rejected', reason: { code, message } };
}

function withRevision(revisions: Revision[], revision: Revision): Revision[] {
  return [revision, ...revisions].slice(0, MAX_REVISIONS);
}

function sameBody(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The result of applying mutation `m` by `user` to `current` (null: the hub has no such record) at `now`. */
export function mergeMutation(current: StoredRecord | null, m: Mutation, user: SyncUser, now: Date): MergeResult {
  if (parseHlc(m.hlc).millis - now.getTime() > MAX_DRIFT_MS) {
    return rejected('validation', "the change's time stamp is more than a day ahead of the hub's clock: set this device's date and time right, then edit again");
  }
  let body: unknown = null;
  if (m.op === 'put') {
    const parsed = RECORD_BODIES[m.kind].safeParse(m.body);
    if (!parsed.success) return rejected('validation', describeIssues(`${m.kind} ${m.id}`, parsed.error.issues));
    body = parsed.data;
  }
  const audience: Audience = m.op === 'put' ? audienceOf(m.kind, body) : (current?.audience ?? 'private');
  const refusal = refusalOf(user, { kind: m.kind, op: m.op, audience }, current);
  if (refusal) return rejected(refusal.code, refusal.message);

  const at = now.toISOString();
  const group = SCOPED_KINDS.includes(m.kind) ? user.partyGroup : (current?.authorPartyGroup ?? user.partyGroup);

  if (current === null) {
    const record: StoredRecord = {
      kind: m.kind,
      id: m.id,
      authorId: user.id,
      author: user.name,
      authorPartyGroup: user.partyGroup,
      audience,
      hlc: m.hlc,
      deleted: m.op === 'delete',
      body,
      createdAt: at,
      updatedAt: at,
      revisions: [],
    };
    return { outcome: 'applied', record, changed: true };
  }

  if (current.deleted) {
    if (m.op === 'delete') return { outcome: 'applied', record: current, changed: false };
    // Restoring what one has seen deleted is an edit of the tombstone; anything else edits a text that is gone.
    if (m.baseHlc !== current.hlc) {
      return rejected('target-deleted', `this ${m.kind} was deleted (on another device or by its author) before this change reached the hub; the change was not stored`);
    }
    return { outcome: 'applied', record: { ...current, audience, authorPartyGroup: group, hlc: m.hlc, deleted: false, body, updatedAt: at }, changed: true };
  }

  if (m.baseHlc === current.hlc) {
    if (m.op === 'delete') return { outcome: 'applied', record: { ...current, hlc: m.hlc, deleted: true, body: null, revisions: [], updatedAt: at }, changed: true };
    return { outcome: 'applied', record: { ...current, audience, authorPartyGroup: group, hlc: m.hlc, body, updatedAt: at }, changed: true };
  }

  // Concurrent: this change did not start from the version the hub holds.
  if (m.op === 'delete') return { outcome: 'conflict', record: current, changed: false };
  if (sameBody(body, current.body)) {
    const later = m.hlc > current.hlc;
    return { outcome: 'applied', record: later ? { ...current, hlc: m.hlc, updatedAt: at } : current, changed: later };
  }
  if (m.hlc > current.hlc) {
    const revisions = withRevision(current.revisions, { hlc: current.hlc, body: current.body, savedAt: at });
    return { outcome: 'conflict', record: { ...current, audience, authorPartyGroup: group, hlc: m.hlc, body, revisions, updatedAt: at }, changed: true };
  }
  const revisions = withRevision(current.revisions, { hlc: m.hlc, body, savedAt: at });
  return { outcome: 'conflict', record: { ...current, revisions, updatedAt: at }, changed: true };
}

/** Who may see a record's revisions: a note's author; for the council's records, the clerks. */
export function seesRevisions(viewer: SyncUser, record: Pick<StoredRecord, 'kind' | 'authorId'>): boolean {
  return SCOPED_KINDS.includes(record.kind) ? viewer.id === record.authorId : viewer.role === 'clerk';
}

/** The record as `viewer` receives it (revisions only for those who may see them). */
export function toSyncedRecord(record: StoredRecord, viewer: SyncUser): SyncedRecord {
  return {
    kind: record.kind,
    id: record.id,
    author: record.author,
    authorPartyGroup: record.authorPartyGroup,
    audience: record.audience,
    hlc: record.hlc,
    deleted: record.deleted,
    body: record.deleted ? null : record.body,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    revisions: seesRevisions(viewer, record) ? record.revisions : [],
  };
}
