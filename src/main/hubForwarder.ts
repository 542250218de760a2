// Forwards the page's hub requests (app://raadskaart/v1/...) to the hub the user configured
// (hub.json), with Electron's net.fetch, and passes the answer back. This is how the app talks
// to a hub while its CSP keeps `connect-src 'self'`: the page only ever fetches its own origin,
// just as the web host's page does through scripts/lib/staticServer.mjs.
// It must never send a request anywhere but the configured hub (no redirects followed, the
// target is rebuilt and checked), never forward a path outside /v1/, and never pass cookies
// either way. Plain Node: fetch is injected, so tests need no Electron.
import { APP_HOST, APP_SCHEME } from './appOrigin';

/** The prefix of every hub endpoint (docs/hub-api.md); nothing else is forwarded. */
export const HUB_PATH_PREFIX = '/v1/';

/** net.fetch's signature, narrowed to what is used. */
export type ForwardFetch = (input: string, init: RequestInit & { bypassCustomProtocolHandlers?: boolean }) => Promise<Response>;

export type HubForwarderOptions = {
  /** The configured hub address (normalised, http or https), or null. */
  hubUrl: () => Promise<string | null>;
  /** Electron's net.fetch in the app; a fake in tests. */
  fetch: ForwardFetch;
};

/**
 * Headers that describe one hop, or that the forwarder sets itself, and are not passed on
 * (RFC 9110 7.6.1). Cookies: the app uses none, and the hub must not set any on app://.
 */
const REQUEST_HEADERS_DROPPED = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'content-length', 'cookie']);
const RESPONSE_HEADERS_DROPPED = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'transfer-encoding', 'upgrade', 'trailer', 'set-cookie', 'set-cookie2']);

/** Statuses whose response must not have a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export type HubErrorCode = 'hub-unreachable' | 'hub-not-configured';

/** A 502 in the hub's own error shape ({error: {code, message}}), so the page reads it alike. */
export function hubErrorResponse(code: HubErrorCode, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status: 502,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** True if `url` (already parsed) is one the forwarder handles: app://raadskaart/v1/... */
export function isHubRequest(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.pathname.startsWith(HUB_PATH_PREFIX);
}

/**
 * The hub URL for an app:// request path, or null if the result would leave the hub: the
 * hub's own path prefix is kept (https://gemeente.nl/raadskaart + /v1/catalog), and the
 * rebuilt URL must still have the hub's origin and lie under <hub path>/v1/.
 */
export function hubTargetUrl(hubBase: string, pathname: string, search: string): string | null {
  let hub: URL;
  let target: URL;
  try {
    hub = new URL(hubBase);
    target = new URL(`${hubBase}${pathname}${search}`);
  } catch {
    return null;
  }
  if (hub.protocol !== 'https:' && hub.protocol !== 'http:') return null;
  const prefix = `${hub.pathname.replace(/\/+$/, '')}${HUB_PATH_PREFIX}`;
  if (target.origin !== hub.origin || target.username !== '' || target.password !== '' || !target.pathname.startsWith(prefix)) return null;
  return target.href;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

/** Creates the function the app:// handler calls for every request under /v1/. */
export function createHubForwarder(options: HubForwarderOptions): (request: Request, url: URL) => Promise<Response> {
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
    const target = hubTargetUrl(hubBase, url.pathname, url.search);
    if (target === null) {
      return hubErrorResponse('hub-unreachable', `${url.pathname.slice(0, 200)} does not map to an address on the hub ${new URL(hubBase).origin}; not forwarded.`);
    }

    const headers = new Headers();
    request.headers.forEach((value, name) => {
      if (!REQUEST_HEADERS_DROPPED.has(name.toLowerCase())) headers.append(name, value);
    });
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';

    let answer: Response;
    try {
      answer = await options.fetch(target, {
        method: request.method,
        headers,
        ...(hasBody ? { body: await request.arrayBuffer() } : {}),
        // A redirect could lead anywhere; the hub API never redirects, so one is an error.
        redirect: 'error',
        credentials: 'omit',
        // No `cache` option (Node's RequestInit has none): Cache-Control or Pragma headers
        // the page sent travel with the request. A stale answer cannot install anything
        // old: the catalog is signed with an expiry and chunks are addressed by hash.
        // Never loop back into app:// or any other handler of this app.
        bypassCustomProtocolHandlers: true,
        signal: request.signal,
      });
    } catch (error) {
      return hubErrorResponse('hub-unreachable', `The hub at ${new URL(hubBase).origin} does not answer: ${describeError(error)}`);
    }

    const back = new Headers();
    answer.headers.forEach((value, name) => {
      if (!RESPONSE_HEADERS_DROPPED.has(name.toLowerCase())) back.append(name, value);
    });
    // fetch hands over the body already decoded (gzip, br): its encoding and length no
    // longer describe it.
    if (back.has('content-encoding')) {
      back.delete('content-encoding');
      back.delete('content-length');
    }
    back.set('X-Content-Type-Options', 'nosniff');
    const body = request.method === 'HEAD' || NULL_BODY_STATUSES.has(answer.status) ? null : answer.body;
    return new Response(body, { status: answer.status, statusText: answer.statusText, headers: back });
  };
}
