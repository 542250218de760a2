// Typed errors that the UI maps to translated messages a clerk can act on. Each carries a
// stable `code` from ErrorCode (the one vocabulary of failures: error classes, the hub's
// HTTP error bodies and the UI's translated messages all use it) and, where it applies,
// where the problem is.

/**
 * Every code a Raadskaart error may carry, kebab-case. The hub sends these in its HTTP error
 * bodies (docs/hub-api.md "Errors"), the renderer maps each to a translated sentence
 * (src/renderer/i18n/errorMessage.ts). Add a code here, never a string elsewhere.
 */
export const ERROR_CODES = [
  // Package content and trust (src/shared, installer, CLI, hub publish)
  'validation',
  'integrity',
  'fetch',
  'rollback',
  'expired',
  'signature',
  'unknown-key',
  'mix-and-match',
  'unsafe-archive',
  'not-a-package',
  'damaged-file',
  'not-a-key-file',
  // Hub HTTP API
  'bad-request',
  'unauthorized',
  'forbidden',
  'not-found',
  'invalid-package-id',
  'invalid-version',
  'invalid-chunk-address',
  'missing-body',
  'unsupported-media-type',
  'too-large',
  'upload-aborted',
  'version-not-newer',
  'range-not-satisfiable',
  'rate-limited',
  'busy',
  'database-unavailable',
  'internal',
  'hub-db',
  // Sync of notes and decisions (src/shared/sync, the hub's sync routes)
  'device-revoked',
  'enrolment-invalid',
  'client-mismatch',
  'out-of-order',
  'target-deleted',
  'immutable',
  // The app's environment
  'hub-url',
  'hub-unreachable',
  'hub-not-configured',
  'hub-key-not-pinned',
  'hub-key-mismatch',
  'secret-storage-unavailable',
  'forbidden-sender',
  'storage',
  'file-write',
  'worker',
  // Presenting (issue 7)
  'popup-blocked',
  'map-image',
  // Search (src/shared/search): a saved index that cannot be used and is rebuilt
  'search-index',
  'unknown',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** True when `value` is one of ERROR_CODES (for codes that crossed a worker, IPC or HTTP). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Where a problem was found: a file or package path, a JSON path, a feature index. */
export type ErrorLocation = { file?: string; path?: string; featureIndex?: number };

/** Base class: `code` selects the translated message in the UI. */
export class RaadskaartError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation;
  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.location = location;
  }
}

/** Input does not have the required form (schema, JSON, GeoJSON). */
export class ValidationError extends RaadskaartError {
  constructor(message: string, location: ErrorLocation = {}) {
    super('validation', message, location);
  }
}

/** Package content does not match what its manifest promises (hash, length, missing chunk). */
export class IntegrityError extends RaadskaartError {
  constructor(message: string, location: ErrorLocation = {}) {
    super('integrity', message, location);
  }
}

/** A package could not be fetched (network, HTTP status). */
export class FetchError extends RaadskaartError {
  readonly status: number | undefined;
  constructor(message: string, status?: number, location: ErrorLocation = {}) {
    super('fetch', message, location);
    this.status = status;
  }
}

/** Formats zod issues as "file: json.path: message" lines. */
export function describeIssues(file: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${file}: ${i.path.length ? `$.${i.path.map(String).join('.')}` : '$'}: ${i.message}`)
    .join('\n');
}

/** A package offers a lower version than the one installed (rollback); the installed one stays. */
export class RollbackError extends RaadskaartError {
  readonly installedVersion: number;
  readonly offeredVersion: number;
  constructor(message: string, installedVersion: number, offeredVersion: number, location: ErrorLocation = {}) {
    super('rollback', message, location);
    this.installedVersion = installedVersion;
    this.offeredVersion = offeredVersion;
  }
}

/** A manifest or catalog is past its `expires` time (freeze attack or a stale source). */
export class ExpiredError extends RaadskaartError {
  readonly expires: string;
  constructor(message: string, expires: string, location: ErrorLocation = {}) {
    super('expired', message, location);
    this.expires = expires;
  }
}

/** A signature by a trusted key does not verify, or too few trusted keys signed (threshold). */
export class SignatureError extends RaadskaartError {
  readonly keyid: string | undefined;
  constructor(message: string, keyid?: string, location: ErrorLocation = {}) {
    super('signature', message, location);
    this.keyid = keyid;
  }
}

/** No signature on a manifest or catalog is by a key trusted for that role and package. */
export class UnknownKeyError extends RaadskaartError {
  readonly keyids: readonly string[];
  constructor(message: string, keyids: readonly string[], location: ErrorLocation = {}) {
    super('unknown-key', message, location);
    this.keyids = keyids;
  }
}

/** A manifest's hash differs from the one the signed catalog lists for it (mix-and-match). */
export class MixAndMatchError extends RaadskaartError {
  readonly expectedSha256: string;
  readonly actualSha256: string;
  constructor(message: string, expectedSha256: string, actualSha256: string, location: ErrorLocation = {}) {
    super('mix-and-match', message, location);
    this.expectedSha256 = expectedSha256;
    this.actualSha256 = actualSha256;
  }
}

/** A package file (.rkp) holds something a reader must refuse: a path outside the package,
 * a link, an unlisted or duplicate entry, or more data than it declares (decompression bomb). */
export class UnsafeArchiveError extends RaadskaartError {
  constructor(message: string, location: ErrorLocation = {}) {
    super('unsafe-archive', message, location);
  }
}

/**
 * A file given as a private key is not one that may be used for this: not a Raadskaart private
 * key file at all (a PEM file, a public key file, other JSON), or the other kind of key (the
 * hub's own key given to sign a package, a publisher key given to a hub).
 */
export class NotAKeyFileError extends RaadskaartError {
  constructor(message: string, location: ErrorLocation = {}) {
    super('not-a-key-file', message, location);
  }
}

/** Why a saved search index cannot be used: damaged, made by an older format, or made for another signed-in user. */
export type SearchIndexProblem = 'corrupt' | 'outdated' | 'other-viewer';

/**
 * A saved search index cannot be loaded (src/shared/search/searchIndex.ts). Nothing is lost: the
 * index is only a copy of what is stored elsewhere, and the caller rebuilds it from there.
 */
export class SearchIndexError extends RaadskaartError {
  readonly problem: SearchIndexProblem;
  constructor(message: string, problem: SearchIndexProblem, location: ErrorLocation = {}) {
    super('search-index', message, location);
    this.problem = problem;
  }
}
