// The one map from an error to the sentence a clerk reads (errors.* in i18n/{nl,en}/errors.json):
// a RaadskaartError by its ErrorCode, a FetchError with HTTP 401/403 as `unauthorized`, a full
// disk (QuotaExceededError, also when Dexie wraps it as `inner`) as `storage`, anything else as
// `unknown`. The start-up screen and the updates screen both choose their sentence here. The
// technical text (English, for an administrator) only ever goes into the folded-away details.
// Pure: no i18next instance, no DOM.
import { FetchError, RaadskaartError } from '../../shared/errors';
import type { ErrorCode } from '../../shared/errors';
import type { TranslationTree } from './resources';

/** The sentences of errors.json. */
export type ErrorSentence = keyof TranslationTree['errors'];
export type ErrorMessageKey = `errors.${ErrorSentence}`;

/** Every code's sentence; several codes the hub sends share one. */
const SENTENCE_OF: Readonly<Record<ErrorCode, ErrorSentence>> = {
  validation: 'validation',
  integrity: 'integrity',
  'damaged-file': 'damagedFile',
  'not-a-package': 'notAPackage',
  'unsafe-archive': 'unsafeArchive',
  fetch: 'fetch',
  rollback: 'rollback',
  expired: 'expired',
  signature: 'signature',
  'unknown-key': 'unknownKey',
  'mix-and-match': 'mixAndMatch',
  'not-a-key-file': 'notAKeyFile',
  unauthorized: 'unauthorized',
  forbidden: 'unauthorized',
  'not-found': 'hubNotFound',
  'rate-limited': 'hubBusy',
  busy: 'hubBusy',
  'bad-request': 'hubRefused',
  'invalid-package-id': 'hubRefused',
  'invalid-version': 'hubRefused',
  'invalid-chunk-address': 'hubRefused',
  'missing-body': 'hubRefused',
  'unsupported-media-type': 'hubRefused',
  'too-large': 'hubRefused',
  'upload-aborted': 'hubRefused',
  'version-not-newer': 'hubRefused',
  'range-not-satisfiable': 'hubRefused',
  'database-unavailable': 'hubFailed',
  internal: 'hubFailed',
  'hub-db': 'hubFailed',
  'device-revoked': 'deviceRevoked',
  'enrolment-invalid': 'enrolmentInvalid',
  'client-mismatch': 'clientMismatch',
  'out-of-order': 'hubBusy',
  'target-deleted': 'targetDeleted',
  immutable: 'immutable',
  'hub-url': 'hubUrl',
  'hub-not-configured': 'hubUrl',
  'hub-unreachable': 'fetch',
  'hub-key-not-pinned': 'hubKeyNotPinned',
  'hub-key-mismatch': 'hubKeyMismatch',
  'secret-storage-unavailable': 'secretStorageUnavailable',
  'forbidden-sender': 'unknown',
  storage: 'storage',
  'file-write': 'fileWrite',
  worker: 'worker',
  'popup-blocked': 'popupBlocked',
  'map-image': 'mapImage',
  'search-index': 'searchIndex',
  unknown: 'unknown',
};

/** Whether an error is the browser's "storage is full", as IndexedDB reports it and as Dexie wraps it. */
export function isStorageFull(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'QuotaExceededError' || (error as { inner?: { name?: unknown } }).inner?.name === 'QuotaExceededError';
}

/** The code the UI chooses a sentence by, for any thrown value. */
export function errorCodeOf(error: unknown): ErrorCode {
  if (error instanceof FetchError && (error.status === 401 || error.status === 403)) return 'unauthorized';
  if (error instanceof RaadskaartError) return error.code;
  if (isStorageFull(error)) return 'storage';
  return 'unknown';
}

/** The translation key of the sentence for `code`. */
export function errorMessageKey(code: ErrorCode): ErrorMessageKey {
  return `errors.${SENTENCE_OF[code]}`;
}

/** The code and the technical message of an error, as plain data (what a worker posts). */
export function describeError(error: unknown): { code: ErrorCode; message: string } {
  return { code: errorCodeOf(error), message: error instanceof Error ? error.message : String(error) };
}

/** What the administrator needs: error class, code, message and where it happened. */
export function technicalDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const lines = [`${error.name}: ${error.message}`];
  if (error instanceof RaadskaartError) {
    lines.push(`code: ${error.code}`);
    const { file, path, featureIndex } = error.location;
    if (file !== undefined) lines.push(`file: ${file}`);
    if (path !== undefined) lines.push(`path: ${path}`);
    if (featureIndex !== undefined) lines.push(`feature: ${featureIndex}`);
  }
  return lines.join('\n');
}
