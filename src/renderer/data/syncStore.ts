// The device's side of sync in IndexedDB (schema v5, db.ts): accounts, synced records, the
// outbox and refused changes. Every local change writes its record and its outbox mutation in
// one transaction (saveRecord, deleteRecord), so a note shown as saved is in IndexedDB with the
// change that will carry it to the hub, and survives a reload or a crash right after. The sync
// worker (src/renderer/sync) reads the outbox and applies the hub's answers through SyncStore;
// what each answer does to a record is src/shared/sync/local.ts. Records, outbox rows and
// issues belong to one account: a person signed in later never sees, nor pushes, another's.
// Never delete an outbox row before the hub has answered for it, except when the hub revoked
// the device (wipe: BIO 8.01 remote wipe, after the summary of what could not be sent is kept).
import { Dexie } from 'dexie';
import { RecordId } from '../../shared/records/records';
import type { RecordKind } from '../../shared/records/records';
import type { HlcState } from '../../shared/sync/hlc';
import { formatHlc, initialHlc, parseHlc, receive, tick } from '../../shared/sync/hlc';
import { afterOutcome, afterPulled, afterRemoved, localEdit } from '../../shared/sync/local';
import type { MeResponse, Mutation, PullResponse, PushResponse } from '../../shared/sync/protocol';
import { getDb } from './db';
import type { RaadskaartDb } from './db';
import type { AccountRecord, IssueRecord, OutboxRecord, RecordRow } from './types';

/** A new random id: 8 bytes as 16 hex characters (a client id). */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A new record id (a lowercase UUID). */
export function newRecordId(): string {
  return crypto.randomUUID().toLowerCase();
}

/** The agenda item a record body belongs to, as `<packageId>/<agendaItemId>`, or ''. */
export function agendaKeyOf(body: unknown): string {
  const b = body as { target?: { packageId?: unknown; agendaItemId?: unknown }; agendaItem?: { packageId?: unknown; agendaItemId?: unknown } } | null;
  const ref = b?.target ?? b?.agendaItem;
  return typeof ref?.packageId === 'string' && typeof ref.agendaItemId === 'string' ? `${ref.packageId}/${ref.agendaItemId}` : '';
}

function keepAgendaKey(row: RecordRow | undefined, body: unknown): string {
  return agendaKeyOf(body) || row?.agendaKey || '';
}

/** Wraps an account's clock after a remote timestamp (the hub's record). */
function seen(clock: HlcState, hlc: string, now: number): HlcState {
  try {
    return receive(clock, parseHlc(hlc), now);
  } catch {
    // A remote clock far ahead must not stop this device from syncing; its own clock stays.
    return clock;
  }
}

const RECORD_TABLES = (db: RaadskaartDb) => [db.records, db.outbox, db.accounts];

/**
 * Writes a record's new body and the mutation that carries it to the hub, in one transaction.
 * Resolves when both are committed to IndexedDB. Returns the client seq of the change.
 */
export async function saveRecord(db: RaadskaartDb, accountId: string, edit: { kind: RecordKind; id: string; body: unknown }, now = new Date()): Promise<number> {
  return writeEdit(db, accountId, { ...edit, op: 'put' }, now);
}

/** Deletes a record (a tombstone the hub passes on) and queues the delete, in one transaction. */
export async function deleteRecord(db: RaadskaartDb, accountId: string, edit: { kind: RecordKind; id: string }, now = new Date()): Promise<number> {
  return writeEdit(db, accountId, { ...edit, op: 'delete' }, now);
}

async function writeEdit(db: RaadskaartDb, accountId: string, edit: { kind: RecordKind; id: string; op: 'put' | 'delete'; body?: unknown }, now: Date): Promise<number> {
  return db.transaction('rw', RECORD_TABLES(db), async () => {
    const account = await db.accounts.get(accountId);
    if (!account) throw new Error(`no account ${accountId} on this device: sign in first`);
    const clock = tick(account.clock, now.getTime());
    const seq = account.nextSeq;
    const existing = await db.records.get([accountId, edit.id]);
    const { row, mutation } = localEdit(existing, edit, seq, formatHlc(clock), now);
    await db.records.put({ ...row, account: accountId, agendaKey: keepAgendaKey(existing, edit.body) });
    await db.outbox.add({ account: accountId, clientSeq: seq, mutation, createdAt: now.toISOString() });
    await db.accounts.update(accountId, { nextSeq: seq + 1, clock });
    return seq;
  });
}

/** Signs `me` in on this device for the hub at `hubUrl`: the account they had here, or a new one; every other account is signed out. */
export async function signInAccount(db: RaadskaartDb, hubUrl: string, me: MeResponse, now = new Date()): Promise<AccountRecord> {
  return db.transaction('rw', RECORD_TABLES(db), async () => {
    const known = await db.accounts.where('[hubUrl+userName]').equals([hubUrl, me.name]).first();
    const others = await db.accounts.filter((a) => a.signedIn && a.id !== known?.id).toArray();
    for (const other of others) await db.accounts.update(other.id, { signedIn: false });
    const clientId = known?.clientId ?? newClientId();
    const account: AccountRecord = known
      ? { ...known, role: me.role, partyGroup: me.partyGroup, deviceLabel: me.device?.label ?? known.deviceLabel, signedIn: true }
      : {
          id: newRecordId(),
          hubUrl,
          userName: me.name,
          role: me.role,
          partyGroup: me.partyGroup,
          deviceLabel: me.device?.label ?? '',
          clientId,
          nextSeq: 1,
          clock: initialHlc(clientId),
          cursor: null,
          lastSyncedAt: null,
          signedIn: true,
          createdAt: now.toISOString(),
        };
    await db.accounts.put(account);
    // Drafts from before anyone signed in (the v5 upgrade's) become this person's.
    const drafts = await db.records.where('[account+id]').between(['', Dexie.minKey], ['', Dexie.maxKey]).toArray();
    let next = account.nextSeq;
    let clock = account.clock;
    for (const draft of drafts) {
      await db.records.delete(['', draft.id]);
      if (!draft.local || draft.local.deleted) continue;
      const id = RecordId.safeParse(draft.id).success ? draft.id : newRecordId();
      clock = tick(clock, now.getTime());
      const { row, mutation } = localEdit(undefined, { id, kind: draft.kind, op: 'put', body: draft.local.body }, next, formatHlc(clock), now);
      await db.records.put({ ...row, account: account.id, agendaKey: draft.agendaKey });
      await db.outbox.add({ account: account.id, clientSeq: next, mutation, createdAt: now.toISOString() });
      next += 1;
    }
    if (next !== account.nextSeq) await db.accounts.update(account.id, { nextSeq: next, clock });
    return { ...account, nextSeq: next, clock };
  });
}

/**
 * Signs the account out: what came from the hub leaves this device (it can be pulled again),
 * the person's unsent changes stay, for them only, until they sign in again.
 */
export async function signOutAccount(db: RaadskaartDb, accountId: string): Promise<{ keptChanges: number }> {
  return db.transaction('rw', RECORD_TABLES(db), async () => {
    const rows = await recordsOf(db, accountId).toArray();
    for (const row of rows) {
      if (row.local) await db.records.put({ ...row, synced: null });
      else await db.records.delete([accountId, row.id]);
    }
    // Pulled again from the start at the next sign-in.
    await db.accounts.update(accountId, { signedIn: false, cursor: null });
    return { keptChanges: await outboxOf(db, accountId).count() };
  });
}

/** The account signed in now, or null. */
export async function signedInAccount(db: RaadskaartDb): Promise<AccountRecord | null> {
  return (await db.accounts.filter((a) => a.signedIn).first()) ?? null;
}

function recordsOf(db: RaadskaartDb, accountId: string) {
  return db.records.where('[account+id]').between([accountId, Dexie.minKey], [accountId, Dexie.maxKey]);
}

function outboxOf(db: RaadskaartDb, accountId: string) {
  return db.outbox.where('[account+clientSeq]').between([accountId, Dexie.minKey], [accountId, Dexie.maxKey]);
}

/** What a revoked device removed: one line per change it could not send (no texts: the device may be in the wrong hands). */
export type WipeSummary = { userName: string; unsent: { kind: RecordKind; op: 'put' | 'delete'; at: string; agendaKey: string }[]; records: number };

/** What the sync worker needs of the database. */
export type SyncStore = {
  account(accountId: string): Promise<AccountRecord | undefined>;
  /** The oldest waiting changes, in seq order. */
  pending(accountId: string, limit: number): Promise<Mutation[]>;
  pendingCount(accountId: string): Promise<number>;
  /** Applies the hub's answers to `mutations` (each answered outbox row leaves the outbox). */
  applyPush(accountId: string, mutations: Mutation[], response: PushResponse, now: Date): Promise<void>;
  /** Applies a pull page and stores its cursor. */
  applyPull(accountId: string, response: PullResponse, now: Date): Promise<void>;
  /** The whole sync (push and pull) went through. */
  markSynced(accountId: string, at: Date): Promise<void>;
  /** The hub bound this client id to another user: a new client id, the waiting changes renumbered from 1, pull from the start. */
  newClient(accountId: string): Promise<void>;
  /** The hub revoked this device: every record, change and issue of the account leaves it; returns what could not be sent. */
  wipe(accountId: string): Promise<WipeSummary>;
};

export function createSyncStore(db: RaadskaartDb): SyncStore {
  return {
    account: (accountId) => db.accounts.get(accountId),

    async pending(accountId, limit) {
      return (await outboxOf(db, accountId).limit(limit).toArray()).map((r) => r.mutation);
    },

    pendingCount: (accountId) => outboxOf(db, accountId).count(),

    async applyPush(accountId, mutations, response, now) {
      await db.transaction('rw', [db.records, db.outbox, db.accounts, db.syncIssues], async () => {
        const account = await db.accounts.get(accountId);
        if (!account) return;
        let clock = account.clock;
        const bySeq = new Map(mutations.map((m) => [m.seq, m]));
        // What waits per record, so a record keeps its local state while a later change of it waits.
        const waiting = new Map<number, OutboxRecord>();
        const waitingPerRecord = new Map<string, number>();
        for (const o of await outboxOf(db, accountId).toArray()) {
          waiting.set(o.clientSeq, o);
          waitingPerRecord.set(o.mutation.id, (waitingPerRecord.get(o.mutation.id) ?? 0) + 1);
        }
        for (const outcome of response.outcomes) {
          const mutation = bySeq.get(outcome.seq);
          const row = waiting.get(outcome.seq);
          if (!mutation || !row || row.mutation.id !== mutation.id) continue;
          if (row.seq !== undefined) await db.outbox.delete(row.seq);
          waiting.delete(outcome.seq);
          const left = (waitingPerRecord.get(mutation.id) ?? 1) - 1;
          waitingPerRecord.set(mutation.id, left);
          const stillPending = left > 0;
          const existing = await db.records.get([accountId, mutation.id]);
          const { row: next, issue } = afterOutcome(existing, mutation, outcome, stillPending, now);
          if (next) await db.records.put({ ...next, account: accountId, agendaKey: keepAgendaKey(existing, next.synced?.body ?? next.local?.body) });
          else await db.records.delete([accountId, mutation.id]);
          if (issue) {
            const stored: IssueRecord = { ...issue, account: accountId };
            await db.syncIssues.add(stored);
          }
          if ('record' in outcome && outcome.record) clock = seen(clock, outcome.record.hlc, now.getTime());
        }
        await db.accounts.update(accountId, { clock });
      });
    },

    async applyPull(accountId, response, now) {
      await db.transaction('rw', [db.records, db.accounts], async () => {
        const account = await db.accounts.get(accountId);
        if (!account) return;
        if (response.reset) {
          for (const row of await recordsOf(db, accountId).toArray()) {
            if (row.local) await db.records.put({ ...row, synced: null });
            else await db.records.delete([accountId, row.id]);
          }
        }
        let clock = account.clock;
        for (const change of response.changes) {
          const existing = await db.records.get([accountId, change.id]);
          const next = afterPulled(existing, change);
          await db.records.put({ ...next, account: accountId, agendaKey: keepAgendaKey(existing, change.body) });
          clock = seen(clock, change.hlc, now.getTime());
        }
        for (const gone of response.removed) {
          const next = afterRemoved(await db.records.get([accountId, gone.id]));
          if (next) await db.records.put({ ...next, account: accountId, agendaKey: '' });
          else await db.records.delete([accountId, gone.id]);
        }
        await db.accounts.update(accountId, { cursor: response.cursor, clock });
      });
    },

    async markSynced(accountId, at) {
      await db.accounts.update(accountId, { lastSyncedAt: at.toISOString() });
    },

    async newClient(accountId) {
      await db.transaction('rw', [db.outbox, db.accounts], async () => {
        const account = await db.accounts.get(accountId);
        if (!account) return;
        const clientId = newClientId();
        const rows = await outboxOf(db, accountId).toArray();
        let seq = 1;
        for (const row of rows) {
          if (row.seq === undefined) continue;
          await db.outbox.update(row.seq, { clientSeq: seq, mutation: { ...row.mutation, seq } });
          seq += 1;
        }
        await db.accounts.update(accountId, { clientId, nextSeq: seq, cursor: null, clock: { ...account.clock, node: clientId } });
      });
    },

    async wipe(accountId) {
      return db.transaction('rw', [db.records, db.outbox, db.accounts, db.syncIssues], async () => {
        const account = await db.accounts.get(accountId);
        const waiting = await outboxOf(db, accountId).toArray();
        const unsent = await Promise.all(
          waiting.map(async (o) => ({
            kind: o.mutation.kind,
            op: o.mutation.op,
            at: o.createdAt,
            agendaKey: (await db.records.get([accountId, o.mutation.id]))?.agendaKey ?? '',
          })),
        );
        const records = await recordsOf(db, accountId).count();
        await recordsOf(db, accountId).delete();
        await outboxOf(db, accountId).delete();
        await db.syncIssues.where('account').equals(accountId).delete();
        await db.accounts.delete(accountId);
        return { userName: account?.userName ?? '', unsent, records };
      });
    },
  };
}

/** Every record of an account (the screens filter by kind and agenda item). */
export function listRecords(db: RaadskaartDb, accountId: string, agendaKey?: string): Promise<RecordRow[]> {
  if (agendaKey !== undefined) return db.records.where('[account+agendaKey]').equals([accountId, agendaKey]).toArray();
  return recordsOf(db, accountId).toArray();
}

/** Records of one kind of an account. */
export function listRecordsOfKind(db: RaadskaartDb, accountId: string, kind: RecordKind): Promise<RecordRow[]> {
  return db.records.where('[account+kind]').equals([accountId, kind]).toArray();
}

/** The refused changes of an account, newest first. */
export async function listIssues(db: RaadskaartDb, accountId: string): Promise<IssueRecord[]> {
  return (await db.syncIssues.where('account').equals(accountId).toArray()).reverse();
}

/** Removes a refused change from the list (the person read it, or saved its text anew). */
export async function dismissIssue(db: RaadskaartDb, issueId: number): Promise<void> {
  await db.syncIssues.delete(issueId);
}

/** Counts for the sync status: waiting changes, refused ones, and the person's records where a conflict kept a second version. */
export async function syncCounts(db: RaadskaartDb, account: AccountRecord): Promise<{ pending: number; rejected: number; conflicts: number }> {
  const [pending, rejected, rows] = await Promise.all([
    outboxOf(db, account.id).count(),
    db.syncIssues.where('account').equals(account.id).count(),
    recordsOf(db, account.id).toArray(),
  ]);
  const conflicts = rows.filter((r) => r.synced && r.synced.author === account.userName && r.synced.revisions.length > 0 && !r.synced.deleted).length;
  return { pending, rejected, conflicts };
}

/** The sync store of the app's database (for the in-page stand-in of the sync worker). */
export function appSyncStore(): SyncStore {
  return createSyncStore(getDb());
}
