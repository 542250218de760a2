// One round of sync for one account: push every waiting change in seq order (batches of at most
// MAX_MUTATIONS_PER_PUSH and well under MAX_PUSH_BYTES), applying the hub's answer to each batch
// before the next, then pull until the hub has nothing more. The store (src/renderer/data/
// syncStore.ts) does the database work; the hub applies each change exactly once, so a round
// that breaks off anywhere is simply run again. What went wrong comes back as a SyncFailure the
// scheduler acts on: try again later (offline, transient), stop and wipe (revoked), or stop and
// ask the person to sign in again (the token is refused).
// Never pushes another account's changes, and never drops a change the hub has not answered.
import type { SyncStore, WipeSummary } from '../data/syncStore';
import { MAX_MUTATIONS_PER_PUSH, MAX_PUSH_BYTES } from '../../shared/sync/protocol';
import type { ErrorCode } from '../../shared/errors';
import type { SyncTransport } from './transport';
import { SyncHttpError } from './transport';

/** Why a round stopped. */
export type SyncFailure =
  | { kind: 'offline'; message: string }
  | { kind: 'transient'; code: ErrorCode; message: string; retryAfterSeconds?: number }
  | { kind: 'revoked'; summary: WipeSummary }
  | { kind: 'tokenRefused'; message: string }
  | { kind: 'fatal'; code: ErrorCode; message: string };

export type RoundResult = { ok: true; pushed: number; pulled: number } | { ok: false; failure: SyncFailure };

/** Most bytes one push request may take (a margin under the hub's limit for the envelope). */
const PUSH_BUDGET = Math.floor(MAX_PUSH_BYTES * 0.8);

/** The first mutations of `batch` that fit the byte budget (at least one). */
function fitting<T>(batch: T[]): T[] {
  let bytes = 0;
  const out: T[] = [];
  for (const m of batch) {
    bytes += JSON.stringify(m).length + 1;
    if (out.length > 0 && bytes > PUSH_BUDGET) break;
    out.push(m);
  }
  return out;
}

function classify(error: unknown): SyncFailure {
  if (!(error instanceof SyncHttpError)) return { kind: 'fatal', code: 'unknown', message: error instanceof Error ? error.message : String(error) };
  if (error.status === 0 || error.code === 'hub-unreachable' || error.code === 'hub-not-configured') return { kind: 'offline', message: error.message };
  if (error.code === 'unauthorized') return { kind: 'tokenRefused', message: error.message };
  if (error.status >= 500 || error.status === 429 || error.code === 'out-of-order' || error.status === 408) {
    return { kind: 'transient', code: error.code, message: error.message, ...(error.retryAfterSeconds ? { retryAfterSeconds: error.retryAfterSeconds } : {}) };
  }
  return { kind: 'fatal', code: error.code, message: error.message };
}

/** Runs one round for `accountId`. Never throws. */
export async function syncRound(store: SyncStore, accountId: string, transport: SyncTransport, now: () => Date = () => new Date()): Promise<RoundResult> {
  let pushed = 0;
  let pulled = 0;
  let newClientOnce = false;
  try {
    for (;;) {
      const account = await store.account(accountId);
      if (!account) return { ok: false, failure: { kind: 'fatal', code: 'unknown', message: 'this account is no longer on this device' } };
      const batch = fitting(await store.pending(accountId, MAX_MUTATIONS_PER_PUSH));
      if (batch.length === 0) break;
      let response;
      try {
        response = await transport.push({ clientId: account.clientId, mutations: batch });
      } catch (error) {
        // The hub bound this client id to someone else: take a new one once, renumber, go on.
        if (error instanceof SyncHttpError && error.code === 'client-mismatch' && !newClientOnce) {
          newClientOnce = true;
          await store.newClient(accountId);
          continue;
        }
        throw error;
      }
      await store.applyPush(accountId, batch, response, now());
      pushed += batch.length;
    }
    for (;;) {
      const account = await store.account(accountId);
      if (!account) return { ok: false, failure: { kind: 'fatal', code: 'unknown', message: 'this account is no longer on this device' } };
      const page = await transport.pull(account.cursor);
      await store.applyPull(accountId, page, now());
      pulled += page.changes.length;
      if (!page.more) break;
    }
    await store.markSynced(accountId, now());
    return { ok: true, pushed, pulled };
  } catch (error) {
    if (error instanceof SyncHttpError && error.code === 'device-revoked') {
      return { ok: false, failure: { kind: 'revoked', summary: await store.wipe(accountId) } };
    }
    return { ok: false, failure: classify(error) };
  }
}
