// The app's HTTP client for the hub's sign-in and sync endpoints (docs/hub-api.md): enrol,
// me, push and pull, each answer validated with the shared protocol schemas before use. A
// failure becomes a SyncHttpError that says what kind it is (the network, the hub refusing,
// the hub failing), so the engine can tell a revoked device from a flaky connection.
// Never sends the token anywhere but the hub base it was given, and never logs it.
import { RaadskaartError, isErrorCode } from '../../shared/errors';
import type { ErrorCode } from '../../shared/errors';
import type { EnrolResponse, MeResponse, PullResponse, PushRequest, PushResponse } from '../../shared/sync/protocol';
import { EnrolResponse as EnrolSchema, MeResponse as MeSchema, PullResponse as PullSchema, PushResponse as PushSchema } from '../../shared/sync/protocol';
import type { z } from 'zod';

/** A sync request that failed: `status` 0 when the hub could not be reached at all. */
export class SyncHttpError extends RaadskaartError {
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;
  constructor(status: number, code: ErrorCode, message: string, retryAfterSeconds?: number) {
    super(code, message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export type SyncTransport = {
  push(request: PushRequest): Promise<PushResponse>;
  pull(cursor: string | null): Promise<PullResponse>;
  me(): Promise<MeResponse>;
};

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

async function call<S extends z.ZodType>(fetchImpl: FetchLike, url: string, init: RequestInit, schema: S): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, cache: 'no-store', redirect: 'error' });
  } catch (error) {
    throw new SyncHttpError(0, 'hub-unreachable', `${init.method ?? 'GET'} ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const err = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code: ErrorCode = isErrorCode(err?.code) ? err.code : response.status >= 500 ? 'internal' : 'bad-request';
    const retry = Number(response.headers.get('retry-after'));
    throw new SyncHttpError(
      response.status,
      code,
      typeof err?.message === 'string' ? err.message : `the hub answered HTTP ${response.status}`,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new SyncHttpError(response.status, 'internal', `${url}: the hub's answer is not what this app expects (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

/** The sync endpoints of the hub at `base` (the page's request base: its own origin, or app://raadskaart), with a device token. */
export function hubTransport(base: string, token: string, fetchImpl: FetchLike = (input, init) => fetch(input, init)): SyncTransport {
  const root = base.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${token}` };
  return {
    push: (request) =>
      call(fetchImpl, `${root}/v1/sync/push`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(request) }, PushSchema),
    pull: (cursor) => call(fetchImpl, `${root}/v1/sync/pull${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: auth }, PullSchema),
    me: () => call(fetchImpl, `${root}/v1/me`, { headers: auth }, MeSchema),
  };
}

/** Exchanges a one-time sign-in code for this device's token (no token needed). */
export function enrol(base: string, code: string, label: string, fetchImpl: FetchLike = (input, init) => fetch(input, init)): Promise<EnrolResponse> {
  const root = base.replace(/\/+$/, '');
  return call(fetchImpl, `${root}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, label }) }, EnrolSchema);
}
