// Sync of notes, motions, votes and decisions (docs/hub-api.md "Sync"): push applies a device's
// outbox mutations exactly once, pull hands a device what its user may see, changed after its
// cursor, in commit order. Everything lives in the database, so any hub process serves any
// device (docs/hub-operations.md: several processes on one PostgreSQL).
//
// Exactly once: one push is one transaction. It locks the client's row (one clientId belongs to
// one user for good), answers every mutation at or below the client's last seq from its stored
// outcome (a retried push after a lost answer learns what happened, nothing applies twice),
// merges the rest in seq order (a client's seqs go up by one; a push that would skip one is refused
// as out of order, so a reordered request can never make an earlier one look like a duplicate), (src/shared/sync/merge.ts: authorization, validation, conflicts),
// stores each outcome, advances the last seq and writes one audit line per mutation, all in
// that transaction. A mutation that can never apply is rejected with its reason and its seq is
// passed, so it never blocks later ones; a failure of the database (a serialization error, a
// restart) rolls the whole push back and the device sends it again.
//
// Commit order: positions come from one sequence, taken only under a transaction-level advisory
// lock that is held until commit. So a transaction that got position p has committed (or gone)
// before any other can take a position, and every position a reader has not seen yet is above
// the highest it has seen: a cursor cannot skip a row that commits late, as a cursor on
// timestamps or on a plain sequence would (sync.test.ts shows both). The lock covers only the
// writes at the end of a push, after every row lock is taken.
// Never trust what a mutation says about its author, and never answer a record to someone who
// may not see it.
import { createHash } from 'node:crypto';
import { RaadskaartError, describeIssues } from '../../shared/errors';
import type { RecordKind } from '../../shared/records/records';
import type { Audience, SyncUser } from '../../shared/sync/access';
import { canSee } from '../../shared/sync/access';
import type { StoredRecord } from '../../shared/sync/merge';
import { mergeMutation, toSyncedRecord } from '../../shared/sync/merge';
import type { MutationOutcome, PullResponse, PushResponse, SyncedRecord } from '../../shared/sync/protocol';
import { ClientId, MAX_MUTATIONS_PER_PUSH, MAX_PULL_CHANGES, Mutation } from '../../shared/sync/protocol';
import type { AuditEntry } from '../audit';
import { appendAudit, writeAudit } from '../audit';
import type { HubDb, HubTx } from '../db';
import { httpError } from '../httpErrors';

/** Any constant: serialises the hand-out of change positions (taken before the audit chain's lock, never after). */
export const SYNC_POSITION_LOCK = 724_201_007;

export type SyncService = {
  push(user: SyncUser, body: unknown, origin: string): Promise<PushResponse>;
  pull(user: SyncUser, cursor: string | null, limit?: number): Promise<PullResponse>;
};

type RecordRow = {
  id: string;
  kind: RecordKind;
  author_id: number;
  author: string;
  author_party_group: string | null;
  audience: Audience;
  hlc: string;
  deleted: boolean;
  body: unknown;
  revisions: StoredRecord['revisions'];
  created_at: Date;
  updated_at: Date;
  pos: string;
};

const RECORD_COLUMNS = 'id, kind, author_id, author, author_party_group, audience, hlc, deleted, body, revisions, created_at, updated_at, pos::text AS pos';

function toStored(row: RecordRow): StoredRecord {
  return {
    kind: row.kind,
    id: row.id,
    authorId: row.author_id,
    author: row.author,
    authorPartyGroup: row.author_party_group,
    audience: row.audience,
    hlc: row.hlc,
    deleted: row.deleted,
    body: row.body,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    revisions: row.revisions,
  };
}

/** SQL that is true when the user ($2 id, $3 party group) may see the row `t` of sync_records (or had it, for a row of sync_removals). Mirrors canSee. */
function visible(t: string): string {
  return `(${t}.author_id = $2 OR ${t}.audience IN ('public', 'council') OR (${t}.audience = 'partyGroup' AND $3::text IS NOT NULL AND ${t}.author_party_group = $3::text))`;
}

/** The envelope of a push; each mutation is checked on its own, so one malformed mutation is rejected alone. */
type Envelope = { clientId: string; mutations: unknown[] };

function readEnvelope(body: unknown): Envelope {
  const value = body as { clientId?: unknown; mutations?: unknown } | null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw httpError('bad-request', 'the push body must be a JSON object {clientId, mutations}');
  const extra = Object.keys(value).filter((k) => k !== 'clientId' && k !== 'mutations');
  if (extra.length) throw httpError('bad-request', `the push body has unknown field(s) ${extra.join(', ')}`);
  const client = ClientId.safeParse(value.clientId);
  if (!client.success) throw httpError('bad-request', 'clientId: must be 16 lowercase hex characters (the device makes one when it first syncs)');
  if (!Array.isArray(value.mutations) || value.mutations.length === 0 || value.mutations.length > MAX_MUTATIONS_PER_PUSH) {
    throw httpError('bad-request', `mutations: give 1 to ${MAX_MUTATIONS_PER_PUSH} mutations per push (send more in further pushes)`);
  }
  return { clientId: client.data, mutations: value.mutations };
}

/** A mutation whose form is wrong but whose seq is usable is rejected under that seq; without a usable seq the push is refused. */
type Checked = { seq: number; mutation: Mutation } | { seq: number; invalid: string };

function checkMutations(mutations: unknown[]): Checked[] {
  const checked = mutations.map((raw, i): Checked => {
    const parsed = Mutation.safeParse(raw);
    if (parsed.success) return { seq: parsed.data.seq, mutation: parsed.data };
    const seq = (raw as { seq?: unknown } | null)?.seq;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
      throw httpError('bad-request', `mutations[${i}]: has no seq (a whole number from 1), so the hub cannot say which change it refuses`);
    }
    return { seq, invalid: describeIssues(`mutation ${seq}`, parsed.error.issues) };
  });
  for (let i = 1; i < checked.length; i++) {
    if ((checked[i]?.seq ?? 0) !== (checked[i - 1]?.seq ?? 0) + 1) {
      throw httpError('bad-request', `mutations: seq must go up by one within a push (mutations[${i}] has ${checked[i]?.seq} after ${checked[i - 1]?.seq})`);
    }
  }
  return checked;
}

function auditOf(user: SyncUser, origin: string, at: Date, clientId: string, item: Checked, outcome: MutationOutcome): AuditEntry {
  const what = 'mutation' in item ? `${item.mutation.kind}:${item.mutation.id}` : 'mutation (malformed)';
  const action = 'mutation' in item ? `sync.${item.mutation.kind}.${item.mutation.op}` : 'sync.push';
  const where = `client ${clientId} seq ${item.seq}`;
  switch (outcome.outcome) {
    case 'applied':
      return { at, actor: user.name, action, object: what, result: 'ok', origin, detail: `applied (${where})` };
    case 'conflict':
      return { at, actor: user.name, action, object: what, result: 'ok', origin, detail: `conflict: both versions kept, the later one current (${where})` };
    case 'duplicate':
      return { at, actor: user.name, action, object: what, result: 'ok', origin, detail: `duplicate: applied before, not again (${where})` };
    case 'rejected':
      return {
        at,
        actor: user.name,
        action,
        object: what,
        result: outcome.reason.code === 'forbidden' ? 'denied' : 'rejected',
        origin,
        detail: `${outcome.reason.code}: ${outcome.reason.message} (${where})`,
      };
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

/** A cursor: `s1.<epoch>.<scope>.<position>`; scope changes with the user and their party group. */
function scopeTag(user: SyncUser): string {
  return createHash('sha256')
    .update(`${user.id}\u0000${user.partyGroup ?? ''}`)
    .digest('hex')
    .slice(0, 10);
}

function parseCursor(cursor: string | null): { epoch: string; scope: string; pos: number } | null {
  if (cursor === null) return null;
  const m = /^s1\.([0-9a-f]{1,32})\.([0-9a-f]{10})\.(\d{1,18})$/.exec(cursor);
  return m ? { epoch: m[1] as string, scope: m[2] as string, pos: Number(m[3]) } : null;
}

export function createSync(options: { db: HubDb; now: () => Date }): SyncService {
  const { db, now } = options;
  let epoch: string | undefined;
  const epochOf = async (tx: HubTx): Promise<string> => {
    epoch ??= (await tx.query<{ value: string }>("SELECT value FROM sync_meta WHERE key = 'epoch'"))[0]?.value ?? 'none';
    return epoch;
  };

  /** Locks (creating if new) the client's row; refuses a client id of another user (the caller audits that, after the rollback). */
  async function lockClient(tx: HubTx, clientId: string, user: SyncUser): Promise<number> {
    await tx.query('INSERT INTO sync_clients (client_id, user_id) VALUES ($1, $2) ON CONFLICT (client_id) DO NOTHING', [clientId, user.id]);
    const row = (
      await tx.query<{ user_id: number; last_seq: string }>('SELECT user_id, last_seq::text AS last_seq FROM sync_clients WHERE client_id = $1 FOR UPDATE', [clientId])
    )[0];
    if (!row) throw new Error(`sync client ${clientId} vanished`);
    if (row.user_id !== user.id) {
      throw httpError(
        'client-mismatch',
        `client ${clientId} syncs for another user of this hub; a device's changes are pushed only under the token of the user who made them (sign out and in again: the app then makes a new client id)`,
      );
    }
    return Number(row.last_seq);
  }

  return {
    async push(user, body, origin) {
      const envelope = readEnvelope(body);
      const checked = checkMutations(envelope.mutations);
      try {
        return await pushChecked(user, envelope, checked, origin);
      } catch (err) {
        if (err instanceof RaadskaartError && err.code === 'client-mismatch') {
          // The push's own transaction was rolled back by the refusal; its audit line is written on its own.
          await writeAudit(db, {
            at: now(),
            actor: user.name,
            action: 'sync.push',
            object: `client:${envelope.clientId}`,
            result: 'denied',
            origin,
            detail: 'this client id belongs to another user; none of its mutations were applied',
          });
        }
        throw err;
      }
    },

    async pull(user, cursorText, limit = MAX_PULL_CHANGES) {
      return pullFor(user, cursorText, limit);
    },
  };

  async function pushChecked(user: SyncUser, envelope: Envelope, checked: Checked[], origin: string): Promise<PushResponse> {
    return db.transaction(async (tx) => {
      const at = now();
      const lastSeq = await lockClient(tx, envelope.clientId, user);
      // A client's seqs go up by one: a push that starts beyond the next one arrived before an
      // earlier push (reordered on the way); applying it would turn the earlier one into "duplicates".
      const first = checked.find((c) => c.seq > lastSeq);
      if (first && first.seq !== lastSeq + 1) {
        throw httpError(
          'out-of-order',
          `this push starts at seq ${first.seq}, but the hub has applied up to ${lastSeq} of client ${envelope.clientId}: send the changes from seq ${lastSeq + 1} first`,
        );
      }
      const ids = [...new Set(checked.flatMap((c) => ('mutation' in c ? [c.mutation.id] : [])))].sort();
      const rows = ids.length ? await tx.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM sync_records WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [ids]) : [];
      const current = new Map<string, StoredRecord>(rows.map((r) => [r.id, toStored(r)]));
      const dupSeqs = checked.filter((c) => c.seq <= lastSeq).map((c) => c.seq);
      const stored = dupSeqs.length
        ? await tx.query<{ seq: string; outcome: string; reason: { code: string; message: string } | null }>(
            'SELECT seq::text AS seq, outcome, reason FROM sync_outcomes WHERE client_id = $1 AND seq = ANY($2::bigint[])',
            [envelope.clientId, dupSeqs],
          )
        : [];
      const storedBySeq = new Map(stored.map((s) => [Number(s.seq), s]));

      const outcomes: MutationOutcome[] = [];
      const newOutcomes: { seq: number; outcome: 'applied' | 'conflict' | 'rejected'; record_id: string; reason: unknown }[] = [];
      const changed = new Map<string, StoredRecord>();
      const removals: { id: string; kind: RecordKind; author_id: number; author_party_group: string | null; audience: Audience }[] = [];
      const visibleRecord = (id: string): SyncedRecord | null => {
        const record = current.get(id);
        return record && canSee(user, record) ? toSyncedRecord(record, user) : null;
      };
      const duplicates: { item: Checked; index: number }[] = [];

      for (const item of checked) {
        if (item.seq <= lastSeq) {
          duplicates.push({ item, index: outcomes.length });
          outcomes.push({ seq: item.seq, outcome: 'duplicate', record: null });
          continue;
        }
        if (!('mutation' in item)) {
          const reason = { code: 'validation' as const, message: item.invalid };
          outcomes.push({ seq: item.seq, outcome: 'rejected', reason });
          newOutcomes.push({ seq: item.seq, outcome: 'rejected', record_id: '', reason });
          continue;
        }
        const m = item.mutation;
        const before = current.get(m.id) ?? null;
        const merged = mergeMutation(before, m, user, at);
        if (merged.outcome === 'rejected') {
          outcomes.push({ seq: m.seq, outcome: 'rejected', reason: merged.reason });
          newOutcomes.push({ seq: m.seq, outcome: 'rejected', record_id: m.id, reason: merged.reason });
          continue;
        }
        if (merged.changed) {
          if (before && !before.deleted && before.audience !== merged.record.audience) {
            removals.push({ id: before.id, kind: before.kind, author_id: before.authorId, author_party_group: before.authorPartyGroup, audience: before.audience });
          }
          current.set(m.id, merged.record);
          changed.set(m.id, merged.record);
        }
        outcomes.push({ seq: m.seq, outcome: merged.outcome, record: toSyncedRecord(merged.record, user) });
        newOutcomes.push({ seq: m.seq, outcome: merged.outcome, record_id: m.id, reason: null });
      }

      // A retried mutation learns its stored outcome: the reason it was refused, or the record as it is now.
      for (const { item, index } of duplicates) {
        const previous = storedBySeq.get(item.seq);
        if (previous?.outcome === 'rejected' && previous.reason) {
          outcomes[index] = { seq: item.seq, outcome: 'rejected', reason: previous.reason as Extract<MutationOutcome, { outcome: 'rejected' }>['reason'] };
        } else {
          outcomes[index] = { seq: item.seq, outcome: 'duplicate', record: 'mutation' in item ? visibleRecord(item.mutation.id) : null };
        }
      }

      // Positions in commit order: from here to COMMIT no other push takes one.
      if (removals.length || changed.size) await tx.query('SELECT pg_advisory_xact_lock($1)', [SYNC_POSITION_LOCK]);
      if (removals.length) {
        await tx.query(
          `INSERT INTO sync_removals (pos, id, kind, author_id, author_party_group, audience)
             SELECT nextval('sync_pos'), id, kind, author_id, author_party_group, audience
               FROM jsonb_to_recordset($1::jsonb) AS x(n integer, id text, kind text, author_id integer, author_party_group text, audience text) ORDER BY n`,
          [JSON.stringify(removals.map((r, n) => ({ n, ...r })))],
        );
      }
      if (changed.size) {
        const records = [...changed.values()].map((r, n) => ({
          n,
          id: r.id,
          kind: r.kind,
          author_id: r.authorId,
          author: r.author,
          author_party_group: r.authorPartyGroup,
          audience: r.audience,
          hlc: r.hlc,
          deleted: r.deleted,
          body: r.deleted ? null : r.body,
          revisions: r.revisions,
          created_at: r.createdAt,
          updated_at: r.updatedAt,
        }));
        await tx.query(
          `INSERT INTO sync_records (id, kind, author_id, author, author_party_group, audience, hlc, deleted, body, revisions, created_at, updated_at, pos)
             SELECT id, kind, author_id, author, author_party_group, audience, hlc, deleted, body, revisions, created_at, updated_at, nextval('sync_pos')
               FROM jsonb_to_recordset($1::jsonb) AS x(n integer, id text, kind text, author_id integer, author text, author_party_group text, audience text, hlc text,
                                                       deleted boolean, body jsonb, revisions jsonb, created_at timestamptz, updated_at timestamptz) ORDER BY n
             ON CONFLICT (id) DO UPDATE SET author_party_group = EXCLUDED.author_party_group, audience = EXCLUDED.audience, hlc = EXCLUDED.hlc, deleted = EXCLUDED.deleted,
               body = EXCLUDED.body, revisions = EXCLUDED.revisions, updated_at = EXCLUDED.updated_at, pos = EXCLUDED.pos`,
          [JSON.stringify(records)],
        );
      }
      if (newOutcomes.length) {
        await tx.query(
          `INSERT INTO sync_outcomes (client_id, seq, outcome, record_id, reason, at)
             SELECT $1, seq, outcome, record_id, reason, $3::timestamptz FROM jsonb_to_recordset($2::jsonb) AS x(seq bigint, outcome text, record_id text, reason jsonb)`,
          [envelope.clientId, JSON.stringify(newOutcomes), at.toISOString()],
        );
      }
      const highest = Math.max(lastSeq, ...checked.map((c) => c.seq));
      if (highest > lastSeq) await tx.query('UPDATE sync_clients SET last_seq = $2 WHERE client_id = $1', [envelope.clientId, highest]);
      await appendAudit(
        tx,
        checked.map((item, i) => auditOf(user, origin, at, envelope.clientId, item, outcomes[i] as MutationOutcome)),
      );
      return { outcomes, lastSeq: highest };
    });
  }

  async function pullFor(user: SyncUser, cursorText: string | null, limit: number): Promise<PullResponse> {
    const take = Math.max(1, Math.min(limit, MAX_PULL_CHANGES));
    return db.transaction(async (tx) => {
      // One snapshot for the highest position and the rows below it.
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const dbEpoch = await epochOf(tx);
      const scope = scopeTag(user);
      const high = Number(
        (await tx.query<{ high: string }>('SELECT greatest(coalesce((SELECT max(pos) FROM sync_records), 0), coalesce((SELECT max(pos) FROM sync_removals), 0))::text AS high'))[0]
          ?.high ?? 0,
      );
      const cursor = parseCursor(cursorText);
      // From another database, another user or party group, or ahead of what the hub holds (a restored backup): start over.
      const reset = cursorText !== null && (cursor === null || cursor.epoch !== dbEpoch || cursor.scope !== scope || cursor.pos > high);
      const from = cursor !== null && !reset ? cursor.pos : 0;
      // Nothing committed after the cursor (the usual answer to a device asking every minute):
      // `high` covers both tables, so there is nothing to look for.
      if (cursor !== null && !reset && from === high) return { reset: false, changes: [], removed: [], cursor: `s1.${dbEpoch}.${scope}.${high}`, more: false };
      const params = [from, user.id, user.partyGroup];
      const rows = await tx.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM sync_records s WHERE s.pos > $1 AND ${visible('s')} ORDER BY s.pos LIMIT ${take + 1}`, params);
      let more = rows.length > take;
      const page = rows.slice(0, take);
      let end = more ? Number(page[page.length - 1]?.pos) : high;
      let removed: { id: string; kind: RecordKind; pos: string }[] = [];
      if (from > 0) {
        removed = await tx.query<{ id: string; kind: RecordKind; pos: string }>(
          `SELECT r.id, r.kind, r.pos::text AS pos FROM sync_removals r
              WHERE r.pos > $1 AND r.pos <= $4 AND ${visible('r')}
                AND NOT EXISTS (SELECT 1 FROM sync_records s WHERE s.id = r.id AND ${visible('s')})
              ORDER BY r.pos LIMIT ${take + 1}`,
          [...params, end],
        );
        if (removed.length > take) {
          removed = removed.slice(0, take);
          end = Number(removed[removed.length - 1]?.pos);
          more = true;
        }
      }
      const changes = page.filter((r) => Number(r.pos) <= end).map((r) => toSyncedRecord(toStored(r), user));
      const seen = new Set<string>();
      const removedIds = removed.filter((r) => !seen.has(r.id) && seen.add(r.id)).map((r) => ({ kind: r.kind, id: r.id }));
      return { reset, changes, removed: removedIds, cursor: `s1.${dbEpoch}.${scope}.${end}`, more };
    });
  }
}
