// The sync protocol between the app and the hub for notes, motions, votes and decisions
// (docs/hub-api.md "Sync"): what a device pushes (its outbox mutations, each with its
// (clientId, seq) and hybrid logical clock timestamp), what the hub answers for each mutation
// (applied, duplicate, conflict or rejected, kept by the hub so a retried push learns what
// happened), and what a pull returns (the records the user may see, changed after a cursor that
// follows commit order, and the ids the user may no longer see). Pure zod schemas and types:
// both sides validate with these. The hub, never the mutation, decides who the author is.
import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import { RecordId, RecordKindSchema, Visibility } from '../records/records';
import { USER_ROLES } from './access';
import { Hlc, NodeId } from './hlc';

/** A device's id for sync: one per user and device (a clientId belongs to one user; the hub refuses a push for another user under it). */
export const ClientId = NodeId;

/** Most mutations in one push request; the outbox sends more in further requests. */
export const MAX_MUTATIONS_PER_PUSH = 500;
/** Largest push request body, in bytes (documented in docs/hub-api.md). */
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;
/** Most changes in one pull answer; `more` says when there are further ones. */
export const MAX_PULL_CHANGES = 1000;

/** One change a device made: create or replace a record's body, or delete it (a tombstone). */
export const Mutation = z.strictObject({
  seq: z.number().int().positive(),
  hlc: Hlc,
  kind: RecordKindSchema,
  id: RecordId,
  op: z.enum(['put', 'delete']),
  /** The record's new body (op put); validated against the kind's schema by the hub. */
  body: z.unknown().optional(),
  /** The timestamp of the version this edit started from (null when the device created the record); a mismatch is a conflict. */
  baseHlc: Hlc.nullable(),
});
export type Mutation = z.infer<typeof Mutation>;

export const PushRequest = z.strictObject({
  clientId: ClientId,
  mutations: z.array(Mutation).min(1).max(MAX_MUTATIONS_PER_PUSH),
});
export type PushRequest = z.infer<typeof PushRequest>;

/** Most revisions the hub keeps of one record (src/shared/sync/merge.ts MAX_REVISIONS). */
const MAX_REVISIONS_SENT = 10;

/** A version a conflict kept: its timestamp, its body and when the hub kept it. */
export const Revision = z.strictObject({ hlc: Hlc, body: z.unknown(), savedAt: z.iso.datetime() });

/** A record as the hub holds it and sends it to those who may see it. */
export const SyncedRecord = z.strictObject({
  kind: RecordKindSchema,
  id: RecordId,
  /** The hub user who created it (from their token, whatever a mutation claimed). */
  author: z.string().min(1).max(200),
  /** The author's party group when the record was written (who a partyGroup note reaches). */
  authorPartyGroup: z.string().min(1).max(200).nullable(),
  /** Who sees it: a note's visibility, or `council` for the clerk's records. */
  audience: z.union([Visibility, z.literal('council')]),
  hlc: Hlc,
  deleted: z.boolean(),
  /** Null for a deleted record. */
  body: z.unknown(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /**
   * Earlier versions kept by conflicts, newest first: both texts survive, and the author can
   * restore one. Sent only to the author (to the clerks for the council's records), else empty.
   */
  revisions: z.array(Revision).max(MAX_REVISIONS_SENT),
});
export type SyncedRecord = z.infer<typeof SyncedRecord>;

/** A reason the hub gives, in the shared vocabulary. */
export const SyncReason = z.strictObject({ code: z.enum(ERROR_CODES), message: z.string().max(2000) });

/** What became of one mutation. `duplicate`: it was applied before (a retried push); `record` is the hub's current version. */
export const MutationOutcome = z.discriminatedUnion('outcome', [
  z.strictObject({ seq: z.number().int().positive(), outcome: z.literal('applied'), record: SyncedRecord }),
  z.strictObject({ seq: z.number().int().positive(), outcome: z.literal('duplicate'), record: SyncedRecord.nullable() }),
  /** Applied against a newer version than it started from: the later (by hlc) text is current, the other kept as a revision. */
  z.strictObject({ seq: z.number().int().positive(), outcome: z.literal('conflict'), record: SyncedRecord }),
  /** Can never apply (not allowed, invalid, target gone): shown to the user, never retried, never blocks later ones. */
  z.strictObject({ seq: z.number().int().positive(), outcome: z.literal('rejected'), reason: SyncReason }),
]);
export type MutationOutcome = z.infer<typeof MutationOutcome>;

export const PushResponse = z.strictObject({
  outcomes: z.array(MutationOutcome),
  /** The highest seq of this client the hub has an outcome for. */
  lastSeq: z.number().int().nonnegative(),
});
export type PushResponse = z.infer<typeof PushResponse>;

/** A pull cursor: opaque to the app; `null` (first pull) means from the beginning. */
export const Cursor = z.string().min(1).max(200);

export const PullResponse = z.strictObject({
  /**
   * The device must first drop every record it got from the hub (not its unsent changes): the
   * cursor was from before the user's access changed (another party group), from another
   * database, or ahead of what the hub holds (a restored backup). `changes` then start over.
   */
  reset: z.boolean(),
  /** Records changed after the cursor that the user may see, in commit order. */
  changes: z.array(SyncedRecord).max(MAX_PULL_CHANGES),
  /** Records the user may no longer see (visibility changed, or the user's access did): they leave the device. */
  removed: z.array(z.strictObject({ kind: RecordKindSchema, id: RecordId })).max(MAX_PULL_CHANGES),
  cursor: Cursor,
  /** More changes wait after this cursor. */
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

/** `GET /v1/me`: who the token belongs to, and the device it was issued to (null for a token from before devices). */
export const MeResponse = z.strictObject({
  name: z.string().min(1).max(200),
  role: z.enum(USER_ROLES),
  partyGroup: z.string().min(1).max(200).nullable(),
  device: z.strictObject({ id: z.number().int().positive(), label: z.string().max(200) }).nullable(),
});
export type MeResponse = z.infer<typeof MeResponse>;

/** `POST /v1/enrol`: a one-time enrolment code (any case, spaces or dashes) and a name for this device. */
export const EnrolRequest = z.strictObject({
  code: z.string().min(1).max(64),
  label: z.string().trim().min(1).max(200),
});
export type EnrolRequest = z.infer<typeof EnrolRequest>;

/** The device token (shown once; the hub keeps only its hash) and who it belongs to. */
export const EnrolResponse = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  me: MeResponse,
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;
