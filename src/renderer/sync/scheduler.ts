// When sync runs: at once when started, soon after a local change (a short debounce, so typing
// a note and saving it again does not cost two rounds), every minute to pull what others wrote,
// at once when the person asks ("Nu synchroniseren") or the browser comes back online, and after
// a failure again with a growing, jittered delay (2, 4, 8 … at most 60 seconds), never with two
// rounds at once. It reports a SyncStatus after every step. Timers and randomness are injected,
// so the tests drive it step by step. Never retries a revoked device or a refused token: those
// wait for the person.
import type { ErrorCode } from '../../shared/errors';
import type { WipeSummary } from '../data/syncStore';
import type { RoundResult } from './engine';

/** What the sync is doing, as the header shows it. */
export type SyncStatus =
  | { kind: 'stopped' }
  | { kind: 'syncing' }
  | { kind: 'synced'; at: string }
  | { kind: 'offline'; retryInSeconds: number }
  | { kind: 'retrying'; code: ErrorCode; message: string; retryInSeconds: number }
  | { kind: 'failed'; code: ErrorCode; message: string }
  | { kind: 'revoked'; summary: WipeSummary }
  | { kind: 'tokenRefused'; message: string };

export type Timers = { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };

export type SchedulerOptions = {
  round: () => Promise<RoundResult>;
  post: (status: SyncStatus) => void;
  timers?: Timers;
  random?: () => number;
  now?: () => Date;
  /** Between rounds when all is well (default 60 s). */
  intervalMs?: number;
  /** After a local change (default 400 ms). */
  debounceMs?: number;
};

export type SyncScheduler = {
  start(): void;
  stop(): void;
  /** Sync now (by hand, or the browser came back online): also cuts a wait after a failure short. */
  now(): void;
  /** A local change was saved. */
  changed(): void;
};

const MAX_BACKOFF_S = 60;

/** The wait before retry `attempt` (1, 2, …): 2^attempt seconds up to a minute, times 0.5–1. */
export function backoffSeconds(attempt: number, random: () => number): number {
  return Math.min(MAX_BACKOFF_S, 2 ** attempt) * (0.5 + random() / 2);
}

export function createScheduler(options: SchedulerOptions): SyncScheduler {
  const timers = options.timers ?? { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const interval = options.intervalMs ?? 60_000;
  const debounce = options.debounceMs ?? 400;
  let running = false;
  let again = false;
  let active = false;
  let attempt = 0;
  let timer: unknown;

  const schedule = (ms: number) => {
    if (timer !== undefined) timers.clear(timer);
    timer = timers.set(() => {
      timer = undefined;
      void run();
    }, ms);
  };

  const run = async (): Promise<void> => {
    if (!active) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    if (timer !== undefined) {
      timers.clear(timer);
      timer = undefined;
    }
    options.post({ kind: 'syncing' });
    let result: RoundResult;
    try {
      result = await options.round();
    } catch (error) {
      result = { ok: false, failure: { kind: 'fatal', code: 'unknown', message: error instanceof Error ? error.message : String(error) } };
    }
    running = false;
    if (!active) return;
    if (result.ok) {
      attempt = 0;
      options.post({ kind: 'synced', at: now().toISOString() });
      if (again) void run();
      else schedule(interval);
      return;
    }
    const failure = result.failure;
    switch (failure.kind) {
      case 'revoked':
        active = false;
        options.post({ kind: 'revoked', summary: failure.summary });
        return;
      case 'tokenRefused':
        active = false;
        options.post({ kind: 'tokenRefused', message: failure.message });
        return;
      case 'fatal':
        // Not worth hammering the hub: the next change, the next minute or a click tries again.
        attempt = 0;
        options.post({ kind: 'failed', code: failure.code, message: failure.message });
        schedule(interval);
        return;
      case 'offline':
      case 'transient': {
        attempt += 1;
        const wait = Math.max(backoffSeconds(attempt, random), failure.kind === 'transient' ? (failure.retryAfterSeconds ?? 0) : 0);
        options.post(
          failure.kind === 'offline'
            ? { kind: 'offline', retryInSeconds: Math.round(wait) }
            : { kind: 'retrying', code: failure.code, message: failure.message, retryInSeconds: Math.round(wait) },
        );
        schedule(wait * 1000);
        return;
      }
      default: {
        const unreachable: never = failure;
        return unreachable;
      }
    }
  };

  return {
    start() {
      if (active) return;
      active = true;
      attempt = 0;
      void run();
    },
    stop() {
      active = false;
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
      options.post({ kind: 'stopped' });
    },
    now() {
      attempt = 0;
      void run();
    },
    changed() {
      if (!active) return;
      if (running) again = true;
      else schedule(debounce);
    },
  };
}
