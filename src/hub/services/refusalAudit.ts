// Audit lines for refused requests, counted instead of one row each: a request refused for
// its token or role (401, 403) adds one to the counted line of its address, action, object and minute
// in the database at once (so the line is there even if the hub stops); requests answered 429
// rate-limited are only counted here and written as one counted line per address and minute
// when that minute is over, on a timer, and when the hub closes. So a flood from one address
// costs at most a few rows per minute, and never a database write per limited request.
// The same timer chains counted lines whose minute is over into the audit hash chain (audit.ts).
// Never lets an audit failure become the request's failure: it is logged instead.
import type { FastifyBaseLogger } from 'fastify';
import type { AuditEntry } from '../audit';
import { auditWindow, countAudit, sealAudit } from '../audit';
import type { HubDb } from '../db';

export type RefusalAudit = {
  /** A 401/403: adds one to its counted line now. */
  denied(entry: Omit<AuditEntry, 'result'>): Promise<void>;
  /** A 429: counted in memory, written when its minute is over (or on flush). */
  rateLimited(entry: Omit<AuditEntry, 'result' | 'detail'>): void;
  /** Writes every pending count (the hub calls this when it closes). */
  flush(): Promise<void>;
  /** Stops the timer (after a last flush). */
  close(): Promise<void>;
};

const FLUSH_EVERY_MS = 15_000;

export function createRefusalAudit(db: HubDb, now: () => Date, log: FastifyBaseLogger): RefusalAudit {
  const pending = new Map<string, { entry: Omit<AuditEntry, 'result' | 'detail'>; window: number; count: number }>();

  const write = async (key: string): Promise<void> => {
    const item = pending.get(key);
    if (!item) return;
    pending.delete(key);
    const detail = `${item.count} request(s) answered 429 rate-limited: too many refused requests from this address`;
    try {
      await countAudit(db, { ...item.entry, result: 'denied', detail }, item.count);
    } catch (err) {
      log.error({ err }, 'could not write the audit line of rate-limited requests');
    }
  };

  const flushEnded = async (all: boolean): Promise<void> => {
    const window = auditWindow(now()).getTime();
    for (const [key, item] of [...pending]) if (all || item.window < window) await write(key);
    try {
      await sealAudit(db, now());
    } catch (err) {
      log.error({ err }, 'could not chain the counted audit lines whose minute is over');
    }
  };

  const timer = setInterval(() => void flushEnded(false), FLUSH_EVERY_MS);
  timer.unref();

  return {
    async denied(entry) {
      try {
        await countAudit(db, { ...entry, result: 'denied' });
      } catch (err) {
        log.error({ err }, 'could not write the audit line of a refused request');
      }
    },
    rateLimited(entry) {
      const window = auditWindow(entry.at).getTime();
      const key = [window, entry.origin, entry.action, entry.object, entry.actor].join('\u0000');
      const item = pending.get(key) ?? { entry, window, count: 0 };
      item.entry = entry;
      item.count += 1;
      pending.set(key, item);
    },
    flush: () => flushEnded(true),
    async close() {
      clearInterval(timer);
      await flushEnded(true);
    },
  };
}
