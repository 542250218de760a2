// The audit log: one line per attempt to change data on the hub (publish, user, device and key
// administration, every sync mutation, the collection of old versions), written whether the
// attempt succeeded, was denied (authentication or role) or was rejected (invalid content). A
// successful change writes its line in the same transaction as the change. Refusals of requests
// without a valid token come in floods, so they are counted instead: one line per address,
// action, object and minute whose `count` grows (countAudit).
// The lines form a hash chain: each chained line holds the hash of the one before it and its
// own hash over its content and that link, so `raadskaart hub audit verify` (verifyAuditChain)
// detects a removed or altered line. A line is chained in the transaction that writes it, under
// one advisory lock (so two hub processes append one chain); a counted line is chained once its
// minute is over and no refusal can be added to it (CHAIN_GRACE_MS later), by the next write or
// by the hub's timer. Never put a token or key material into a line; never update a chained line.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonicalJson';
import type { HubDb, HubTx } from './db';

export type AuditResult = 'ok' | 'denied' | 'rejected';

export type AuditEntry = {
  at: Date;
  /** user name, 'anonymous' when no valid token was given, or 'cli:<os user>' */
  actor: string;
  /** dotted verb, e.g. 'package.publish', 'user.add', 'key.add' */
  action: string;
  /** what was acted on, e.g. 'demo.delfshaven@2' */
  object: string;
  result: AuditResult;
  /** request IP, or 'cli' */
  origin: string;
  /** the reason for a denial or rejection, in words */
  detail?: string | undefined;
};

export type AuditRow = AuditEntry & { id: string; /** attempts this line stands for (1, or more on a counted line) */ count: number };

/** The minute a counted line counts for. */
export function auditWindow(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

const MAX_FIELD = 500;
const MAX_DETAIL = 2000;

/** Any constant: serialises appends to the chain across hub processes (taken after the sync lock, never before). */
const AUDIT_CHAIN_LOCK = 724_201_008;
/** A counted line is chained this long after its minute ended (late refusals of that minute still count into it). */
export const CHAIN_GRACE_MS = 2 * 60_000;
const GENESIS = '0'.repeat(64);

function isDb(db: HubDb | HubTx): db is HubDb {
  return 'transaction' in db;
}

/** Writes one line and chains it (and any counted lines whose minute is over), in `db`'s transaction or a new one. */
export async function writeAudit(db: HubDb | HubTx, entry: AuditEntry): Promise<void> {
  await appendAudit(db, [entry]);
}

/** Writes several lines in order and chains them, in `db`'s transaction or a new one (a sync push writes one per mutation). */
export async function appendAudit(db: HubDb | HubTx, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (isDb(db)) {
    await db.transaction((tx) => appendAudit(tx, entries));
    return;
  }
  await db.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
  const rows = entries.map((e, n) => ({
    n,
    at: e.at.toISOString(),
    actor: clip(e.actor, MAX_FIELD),
    action: clip(e.action, MAX_FIELD),
    object: clip(e.object, MAX_FIELD),
    result: e.result,
    origin: clip(e.origin, MAX_FIELD),
    detail: e.detail === undefined ? null : clip(e.detail, MAX_DETAIL),
  }));
  await db.query(
    `INSERT INTO audit_log (at, actor, action, object, result, origin, detail)
     SELECT at, actor, action, object, result, origin, detail
       FROM jsonb_to_recordset($1::jsonb) AS x(n integer, at timestamptz, actor text, action text, object text, result text, origin text, detail text)
      ORDER BY n`,
    [JSON.stringify(rows)],
  );
  await chainPending(db, new Date(Math.max(...entries.map((e) => e.at.getTime()))));
}

type ChainRow = {
  id: string;
  at: Date;
  actor: string;
  action: string;
  object: string;
  result: AuditResult;
  origin: string;
  detail: string | null;
  count: number;
  window_start: Date | null;
};

/** The hash of a line at `chainPos` after the line with hash `prev`. */
function lineHash(prev: string, chainPos: number, row: ChainRow): string {
  const content = {
    prev,
    chainPos,
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    object: row.object,
    result: row.result,
    origin: row.origin,
    detail: row.detail,
    count: row.count,
    windowStart: row.window_start === null ? null : new Date(row.window_start).toISOString(),
  };
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

const CHAIN_COLUMNS = 'id::text AS id, at, actor, action, object, result, origin, detail, count, window_start';

/** Chains every unchained line that may be: plain lines, and counted lines whose minute ended CHAIN_GRACE_MS before `now`. Caller holds the chain lock. */
async function chainPending(tx: HubTx, now: Date): Promise<number> {
  const pending = await tx.query<ChainRow>(
    `SELECT ${CHAIN_COLUMNS} FROM audit_log WHERE chain_pos IS NULL AND (window_start IS NULL OR window_start < $1::timestamptz) ORDER BY audit_log.id`,
    [new Date(now.getTime() - 60_000 - CHAIN_GRACE_MS).toISOString()],
  );
  if (pending.length === 0) return 0;
  const head = (
    await tx.query<{ chain_pos: string; hash: string }>(
      'SELECT chain_pos::text AS chain_pos, hash FROM audit_log WHERE chain_pos IS NOT NULL ORDER BY audit_log.chain_pos DESC LIMIT 1',
    )
  )[0];
  let prev = head?.hash ?? GENESIS;
  let pos = head ? Number(head.chain_pos) : 0;
  const links = pending.map((row) => {
    pos += 1;
    const hash = lineHash(prev, pos, row);
    const link = { id: row.id, chain_pos: pos, prev_hash: prev, hash };
    prev = hash;
    return link;
  });
  await tx.query(
    `UPDATE audit_log a SET chain_pos = x.chain_pos, prev_hash = x.prev_hash, hash = x.hash
       FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, chain_pos bigint, prev_hash text, hash text) WHERE a.id = x.id`,
    [JSON.stringify(links)],
  );
  return links.length;
}

/** Chains the counted lines whose minute is over (the hub's timer, its start and its stop call this). Returns how many. */
export async function sealAudit(db: HubDb, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    return chainPending(tx, now);
  });
}

export type AuditVerification = {
  /** True when every chained line is intact and in place, and no plain line is outside the chain. */
  ok: boolean;
  /** Lines in the chain. */
  lines: number;
  /** The hash of the last chained line (note it: a removed last line shows only against an earlier head). */
  head: string | null;
  /** What is wrong, one sentence per problem (the first 20). */
  problems: string[];
  /** Counted lines not chained yet (their minute is recent, or no hub has run since). */
  pending: number;
};

/** Walks the whole chain: every line's hash, every link, the positions without gaps. Reads only. */
export async function verifyAuditChain(db: HubDb | HubTx): Promise<AuditVerification> {
  const problems: string[] = [];
  const report = (p: string) => {
    if (problems.length < 20) problems.push(p);
  };
  let prev = GENESIS;
  let expected = 1;
  let lines = 0;
  let after = 0;
  for (;;) {
    const page = await db.query<ChainRow & { chain_pos: string; prev_hash: string | null; hash: string | null }>(
      `SELECT ${CHAIN_COLUMNS}, chain_pos::text AS chain_pos, prev_hash, hash FROM audit_log WHERE chain_pos > $1 ORDER BY audit_log.chain_pos LIMIT 5000`,
      [after],
    );
    for (const row of page) {
      const pos = Number(row.chain_pos);
      if (pos !== expected)
        report(`line at chain position ${expected}${pos > expected + 1 ? `–${pos - 1}` : ''} is missing (removed?); the chain continues at ${pos} (audit id ${row.id})`);
      if (row.prev_hash !== prev) report(`audit line ${row.id} (position ${pos}) does not follow the line before it: the line before was removed or changed`);
      if (lineHash(row.prev_hash ?? '', pos, row) !== row.hash) report(`audit line ${row.id} (position ${pos}, ${row.action} ${row.object}) was changed after it was written`);
      prev = row.hash ?? '';
      expected = pos + 1;
      lines += 1;
    }
    if (page.length < 5000) break;
    after = Number(page[page.length - 1]?.chain_pos);
  }
  const outside = await db.query<{ id: string; action: string; object: string; counted: boolean }>(
    'SELECT id::text AS id, action, object, window_start IS NOT NULL AS counted FROM audit_log WHERE chain_pos IS NULL ORDER BY audit_log.id',
  );
  for (const row of outside.filter((r) => !r.counted)) report(`audit line ${row.id} (${row.action} ${row.object}) is not in the chain: it was not written by the hub`);
  return { ok: problems.length === 0, lines, head: lines > 0 ? prev : null, problems, pending: outside.filter((r) => r.counted).length };
}

/**
 * Adds `count` attempts to the counted line of (the minute of entry.at, origin, action, object,
 * actor, result), creating it when it is the first: its time and detail become this entry's
 * (the latest).
 */
export async function countAudit(db: HubDb | HubTx, entry: AuditEntry, count = 1): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (at, actor, action, object, result, origin, detail, count, window_start)
     VALUES ($1::timestamptz, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz)
     ON CONFLICT (window_start, origin, action, object, actor, result) WHERE window_start IS NOT NULL AND chain_pos IS NULL
     DO UPDATE SET count = audit_log.count + EXCLUDED.count, at = EXCLUDED.at, detail = EXCLUDED.detail`,
    [
      entry.at.toISOString(),
      clip(entry.actor, MAX_FIELD),
      clip(entry.action, MAX_FIELD),
      clip(entry.object, MAX_FIELD),
      entry.result,
      clip(entry.origin, MAX_FIELD),
      entry.detail === undefined ? null : clip(entry.detail, MAX_DETAIL),
      count,
      auditWindow(entry.at).toISOString(),
    ],
  );
}

/** The newest audit lines first (for tests and administration). */
export async function readAudit(db: HubDb | HubTx, limit = 100): Promise<AuditRow[]> {
  const rows = await db.query<{ id: string; at: Date; actor: string; action: string; object: string; result: AuditResult; origin: string; detail: string | null; count: number }>(
    'SELECT id::text AS id, at, actor, action, object, result, origin, detail, count FROM audit_log ORDER BY audit_log.id DESC LIMIT $1',
    [limit],
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at), detail: r.detail ?? undefined }));
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
