// The audit log: one line per attempt to change data on the hub (publish, user and key
// administration, the collection of old versions), written whether the attempt succeeded, was
// denied (authentication or role) or was rejected (invalid content). A successful change
// writes its line in the same transaction as the change. Refusals of requests without a
// valid token come in floods, so they are counted instead: one line per address, action,
// object and minute whose `count` grows (countAudit). Never put a token or key material into a line.
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

export async function writeAudit(db: HubDb | HubTx, entry: AuditEntry): Promise<void> {
  await db.query('INSERT INTO audit_log (at, actor, action, object, result, origin, detail) VALUES ($1::timestamptz, $2, $3, $4, $5, $6, $7)', [
    entry.at.toISOString(),
    clip(entry.actor, MAX_FIELD),
    clip(entry.action, MAX_FIELD),
    clip(entry.object, MAX_FIELD),
    entry.result,
    clip(entry.origin, MAX_FIELD),
    entry.detail === undefined ? null : clip(entry.detail, MAX_DETAIL),
  ]);
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
     ON CONFLICT (window_start, origin, action, object, actor, result) WHERE window_start IS NOT NULL
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
