// What package updates report to the UI, as plain structured-cloneable data: the worker posts
// these, useUpdates() holds the latest. Also the mapping from any thrown error to a typed `code`
// that the UI turns into a sentence a clerk understands. Types and pure functions only.
import { FetchError, RaadskaartError } from '../../shared/errors';

export type PackageSummary = { packageId: string; title: string; version: number };

/** A package that was not brought up to date, and why (the `code` selects the sentence). */
export type UpdateFailure = { packageId: string; title: string; code: UpdateErrorCode; message: string };

export type UpdateResult = {
  installed: PackageSummary[];
  upToDate: PackageSummary[];
  failed: UpdateFailure[];
};

export type UpdateState =
  | { kind: 'idle' }
  /** Fetching and verifying the catalog, or reading a package file. */
  | { kind: 'checking' }
  | { kind: 'downloading'; packageId: string; title: string; doneBytes: number; totalBytes: number; percent: number }
  /** Every chunk is staged; validating and switching to the new version. */
  | { kind: 'installing'; packageId: string; title: string }
  | ({ kind: 'done' } & UpdateResult)
  | { kind: 'error'; code: UpdateErrorCode; message: string };

/**
 * Error codes the UI has a sentence for: the `code` of RaadskaartError subclasses, plus
 * `unauthorized` (HTTP 401/403), `storage` (disk full), `worker` (the updates worker failed to
 * start) and `unknown`.
 */
export const UPDATE_ERROR_CODES = [
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
export type UpdateErrorCode = (typeof UPDATE_ERROR_CODES)[number];

export function isUpdateErrorCode(value: string): value is UpdateErrorCode {
  return (UPDATE_ERROR_CODES as readonly string[]).includes(value);
}

/** The typed code of an error for the UI, and its technical message for the details. */
export function describeUpdateError(error: unknown): { code: UpdateErrorCode; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof FetchError && (error.status === 401 || error.status === 403)) return { code: 'unauthorized', message };
  if (error instanceof RaadskaartError) return { code: isUpdateErrorCode(error.code) ? error.code : 'unknown', message };
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

/** True while an update or import runs (the UI disables its buttons). */
export function isBusy(state: UpdateState): boolean {
  return state.kind === 'checking' || state.kind === 'downloading' || state.kind === 'installing';
}
