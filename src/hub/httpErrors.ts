// The hub's HTTP errors: every failure becomes JSON {error: {code, message}} with a code from
// the shared ErrorCode union (src/shared/errors.ts) and the one HTTP status that code has
// (docs/hub-api.md, "Errors"). Errors thrown by shared code (verification, parsing, content
// checks) keep their code and message here, so the hub refuses a package with the same reason
// the app and `raadskaart verify` give. Never puts a token, a secret or a stack into a body.
import type { FastifyReply } from 'fastify';
import type { ErrorCode } from '../shared/errors';
import { RaadskaartError } from '../shared/errors';

/** The HTTP status of each code the hub sends; a code not listed here is never sent (it becomes `internal`). */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  'bad-request': 400,
  'invalid-package-id': 400,
  'invalid-version': 400,
  'invalid-chunk-address': 400,
  'missing-body': 400,
  'upload-aborted': 400,
  'unsafe-archive': 400,
  'not-a-key-file': 400,
  unauthorized: 401,
  'device-revoked': 401,
  'enrolment-invalid': 401,
  forbidden: 403,
  'client-mismatch': 403,
  'not-found': 404,
  'version-not-newer': 409,
  'out-of-order': 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  'range-not-satisfiable': 416,
  validation: 422,
  integrity: 422,
  signature: 422,
  'unknown-key': 422,
  expired: 422,
  'mix-and-match': 422,
  'rate-limited': 429,
  internal: 500,
  busy: 503,
  'database-unavailable': 503,
};

/** An error that becomes an HTTP response {error: {code, message}} (with Retry-After when given). */
export class HttpError extends RaadskaartError {
  readonly status: number;
  /** Seconds a client should wait before trying again (429, 503). */
  readonly retryAfterSeconds: number | undefined;
  constructor(status: number, code: ErrorCode, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(code, message);
    this.status = status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** An HttpError with the status its code has. */
export function httpError(code: ErrorCode, message: string, options: { retryAfterSeconds?: number } = {}): HttpError {
  return new HttpError(HTTP_STATUS[code] ?? 500, code, message, options);
}

/** What a person does next, added to the shared message of a refused publish. */
const ADVICE: Partial<Record<ErrorCode, string>> = {
  'unknown-key': 'Ask the hub administrator to trust your public key (raadskaart hub key add).',
  signature: 'Sign the package again with raadskaart pack.',
  expired: 'Pack the package again with a later expiry.',
};

/** Maps what verification, parsing and the services throw to a response; anything unknown is a 500. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof RaadskaartError) {
    // a rollback found by the shared verifier is, on the hub, a version that is not newer
    const code: ErrorCode = err.code === 'rollback' ? 'version-not-newer' : err.code;
    const status = HTTP_STATUS[code];
    if (status !== undefined && status < 500) {
      const advice = ADVICE[code];
      return new HttpError(status, code, advice ? `${err.message}. ${advice}` : err.message);
    }
  }
  return httpError('internal', 'the hub failed to handle this request; its log has the details');
}

export function sendError(reply: FastifyReply, err: HttpError): FastifyReply {
  if (err.status === 401) reply.header('www-authenticate', 'Bearer realm="raadskaart"');
  if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
  return reply
    .code(err.status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({ error: { code: err.code, message: err.message } });
}
