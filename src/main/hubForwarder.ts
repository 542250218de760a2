// Forwards the page's hub requests (app://raadskaart/v1/...) to the hub the user configured
// (hub.json), with Electron's net.fetch, and passes the answer back. This is how the app talks
// to a hub while its CSP keeps `connect-src 'self'`: the page only ever fetches its own origin,
// just as the web host's page does through scripts/lib/staticServer.ts. The rules of what is
// forwarded are src/node/hubForwarding.ts, shared with the web host.
// It must never send a request anywhere but the configured hub (no redirects followed, the
// target is rebuilt and checked), never forward a path outside /v1/ in any spelling, never pass
// cookies or forwarding headers, never read a request body past the limit, and never hand back
// an answer that the page could render as a document. Plain Node: fetch is injected, so tests
// need no Electron.
import { APP_HOST, APP_SCHEME } from './appOrigin';
import type { ForwardingErrorCode } from '../node/hubForwarding';
import {
  HUB_PATH_PREFIX,
  MAX_FORWARDED_BODY_BYTES,
  declaredTooLarge,
  forwardedRequestHeaders,
  forwardedResponseHeaders,
  forwardingError,
  hubTargetFor,
  isRedirectStatus,
} from '../node/hubForwarding';

export { HUB_PATH_PREFIX };

/** net.fetch's signature, narrowed to what is used. */
export type ForwardFetch = (input: string, init: RequestInit & { bypassCustomProtocolHandlers?: boolean; duplex?: 'half' }) => Promise<Response>;

export type HubForwarderOptions = {
  /** The configured hub address (normalised, http or https), or null. */
  hubUrl: () => Promise<string | null>;
  /** Electron's net.fetch in the app; a fake in tests. */
  fetch: ForwardFetch;
  /** Largest request body passed on (default MAX_FORWARDED_BODY_BYTES). */
  maxBodyBytes?: number;
};

/** Statuses whose response must not have a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A failure in the hub's own error shape ({error: {code, message}}), so the page reads it alike. */
export function hubErrorResponse(code: ForwardingErrorCode, message: string): Response {
  const { status, headers, body } = forwardingError(code, message);
  return new Response(body, { status, headers });
}

/** True if `url` (already parsed) is one the forwarder handles: app://raadskaart/v1/... */
export function isHubRequest(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.pathname.startsWith(HUB_PATH_PREFIX);
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

/** The request body as a stream that fails once more than `limit` bytes have passed. */
function limitedBody(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new Error(`the request body is larger than ${limit} bytes; not forwarded`));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/** Creates the function the app:// handler calls for every request under /v1/. */
export function createHubForwarder(options: HubForwarderOptions): (request: Request, url: URL) => Promise<Response> {
  const maxBody = options.maxBodyBytes ?? MAX_FORWARDED_BODY_BYTES;
  return async (request, url) => {
    let hubBase: string | null;
    try {
      hubBase = await options.hubUrl();
    } catch (error) {
      return hubErrorResponse('hub-not-configured', `The hub setting could not be read: ${describeError(error)}`);
    }
    if (hubBase === null) {
      return hubErrorResponse('hub-not-configured', 'No hub address is set in this app; enter it under "Pakketten bijwerken".');
    }
    // The raw request target: `url` comes from the same string, but the path as received (not
    // as a URL parser folded it) is what must be judged.
    const rawTarget = request.url.replace(/^[a-z]+:\/\/[^/]*/i, '');
    const target = hubTargetFor(hubBase, rawTarget.startsWith('/') ? rawTarget : `${url.pathname}${url.search}`);
    if (target === null) {
      return hubErrorResponse('bad-request', `${url.pathname.slice(0, 200)} does not map to an address under /v1/ on the hub; not forwarded.`);
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
    if (hasBody && declaredTooLarge(request.headers.get('content-length'), maxBody)) {
      return hubErrorResponse('too-large', `The request body is larger than ${maxBody} bytes; not forwarded.`);
    }

    let answer: Response;
    try {
      answer = await options.fetch(target.href, {
        method: request.method,
        headers: forwardedRequestHeaders(request.headers.entries()).filter(([name]) => name !== 'content-length'),
        ...(hasBody && request.body ? { body: limitedBody(request.body, maxBody), duplex: 'half' as const } : {}),
        // A redirect could lead anywhere; the hub API never redirects, so one is an error.
        redirect: 'error',
        credentials: 'omit',
        // Never loop back into app:// or any other handler of this app.
        bypassCustomProtocolHandlers: true,
        signal: request.signal,
      });
    } catch (error) {
      return hubErrorResponse('hub-unreachable', `The hub at ${target.origin} does not answer: ${describeError(error)}`);
    }
    if (isRedirectStatus(answer.status)) {
      await answer.body?.cancel();
      return hubErrorResponse(
        'hub-unreachable',
        `The hub at ${target.origin} answered with a redirect (HTTP ${answer.status}); the hub API never redirects, so it was not followed.`,
      );
    }
    // fetch hands over the body already decoded (gzip, br).
    const headers = new Headers(forwardedResponseHeaders(answer.headers.entries(), true));
    const body = request.method === 'HEAD' || NULL_BODY_STATUSES.has(answer.status) ? null : answer.body;
    return new Response(body, { status: answer.status, statusText: answer.statusText, headers });
  };
}
