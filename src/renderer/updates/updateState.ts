// What package updates report to the UI, as plain structured-cloneable data: the worker posts
// these, useUpdates() holds the latest. An error travels as its ErrorCode (the UI's sentence,
// i18n/errorMessage.ts) and its technical message (the folded-away details). Types and pure
// functions only.
import type { ErrorCode } from '../../shared/errors';

export type PackageSummary = { packageId: string; title: string; version: number };

/** A package that was not brought up to date, and why (the `code` selects the sentence). */
export type UpdateFailure = { packageId: string; title: string; code: ErrorCode; message: string };

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
  | { kind: 'error'; code: ErrorCode; message: string };

/** Whole percent of bytes done; 100 when there is nothing to download. */
export function percentOf(doneBytes: number, totalBytes: number): number {
  if (totalBytes <= 0) return 100;
  return Math.min(100, Math.floor((doneBytes * 100) / totalBytes));
}

/** True while an update or import runs (the UI disables its buttons). */
export function isBusy(state: UpdateState): boolean {
  return state.kind === 'checking' || state.kind === 'downloading' || state.kind === 'installing';
}
