// What package sync reports to the UI, as plain structured-cloneable data: the worker posts
// these, useSync() holds the latest. Also the mapping from any thrown error to a typed `code`
// that the UI turns into a sentence a clerk understands. Types and pure functions only.
import { FetchError, RaadskaartError } from '../../shared/errors';

export type PackageSummary = { packageId: string; title: string; version: number };

/** A package that was not brought up to date, and why (the `code` selects the sentence). */
export type SyncFailure = { packageId: string; title: string; code: SyncErrorCode; message: string };

export type SyncResult = {
  installed: PackageSummary[];
  upToDate: PackageSummary[];
  failed: SyncFailure[];
};

export type SyncState =
  | { kind: 'idle' }
  /** Fetching and verifying the catalog, or reading a package file. */
  | { kind: 'checking' }
  | { kind: 'downloading'; packageId: string; title: string; doneBytes: number; totalBytes: number; percent: number }
  /** Every chunk is staged; validating and switching to the new version. */
  | { kind: 'installing'; packageId: string; title: string }
  | ({ kind: 'done' } & SyncResult)
  | { kind: 'error'; code: SyncErrorCode; message: string };

/**
 * Error codes the UI has a sentence for: the `code` of RaadskaartError subclasses, plus
 * `unauthorized` (HTTP 401/403), `storage` (disk full), `worker` (the sync worker failed to
 * start) and `unknown`.
 */
export const SYNC_ERROR_CODES = [
  'signature',
  'unknown-key',
  'rollback',
  'expired',
  'mix-and-match',
  'integrity',
  'validation',
  'fetch',
  'unauthorized',
  'unsafe-archive',
  'hub-url',
  'hub-key-not-pinned',
  'hub-key-mismatch',
  'storage',
  'secret-storage-unavailable',
  'worker',
  'unknown',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export function isSyncErrorCode(value: string): value is SyncErrorCode {
  return (SYNC_ERROR_CODES as readonly string[]).includes(value);
}

/** The typed code of an error for the UI, and its technical message for the details. */
export function describeSyncError(error: unknown): { code: SyncErrorCode; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof FetchError && (error.status === 401 || error.status === 403)) return { code: 'unauthorized', message };
  if (error instanceof RaadskaartError) return { code: isSyncErrorCode(error.code) ? error.code : 'unknown', message };
  // IndexedDB (and Dexie, which keeps the DOMException name) report a full disk this way.
  if (error instanceof Error && (error.name === 'QuotaExceededError' || (error as { inner?: { name?: string } }).inner?.name === 'QuotaExceededError')) {
    return { code: 'storage', message };
  }
  return { code: 'unknown', message };
}

/** Whole percent of bytes done; 100 when there is nothing to download. */
export function percentOf(doneBytes: number, totalBytes: number): number {
  if (totalBytes <= 0) return 100;
  return Math.min(100, Math.floor((doneBytes * 100) / totalBytes));
}

/** True while a sync or import runs (the UI disables its buttons). */
export function isBusy(state: SyncState): boolean {
  return state.kind === 'checking' || state.kind === 'downloading' || state.kind === 'installing';
}
