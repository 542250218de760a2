// The rules for forwarding the page's hub requests, shared by the Electron app:// forwarder
// (src/main/hubForwarder.ts) and the web host's server (scripts/lib/staticServer.ts): the page
// reaches the hub only on its own origin (CSP `connect-src 'self'`), and whatever forwards must
// not become a way around that. Pure functions of URLs and headers.
// Rules: only paths under /v1/, with no `.`/`..` segment in any spelling (`%2e%2e`, `..%2f`,
// `%252e%252e`, `..%5c`); only the request headers the app's hub client sends (no cookies,
// proxy credentials or forwarding headers, so a client cannot forge the hub's audit address);
// only the response headers a hub answer needs (no Set-Cookie), redirects are never followed or
// passed on, bodies are limited, and every forwarded answer carries a CSP that forbids rendering
// it as a page.
import type { ErrorCode } from '../shared/errors';

/** The prefix of every hub endpoint (docs/hub-api.md); nothing else is forwarded. */
export const HUB_PATH_PREFIX = '/v1/';

/** Largest request body forwarded (a .rkp publish): the hub's own default publish limit, 1 GiB. */
export const MAX_FORWARDED_BODY_BYTES = 1024 ** 3;

/** Request headers passed to the hub; everything else (Cookie, Proxy-Authorization, X-Forwarded-*, Forwarded, hop-by-hop) is dropped. */
const REQUEST_HEADERS_KEPT = new Set([
  'accept',
  'accept-language',
  'authorization',
  'cache-control',
  'content-length',
  'content-type',
  'if-match',
  'if-none-match',
  'if-range',
  'pragma',
  'range',
]);

/** Response headers passed back to the page; everything else (Set-Cookie, Location, hop-by-hop) is dropped. */
const RESPONSE_HEADERS_KEPT = new Set([
  'accept-ranges',
  'cache-control',
  'content-encoding',
  'content-length',
  'content-range',
  'content-type',
  'etag',
  'last-modified',
  'retry-after',
  'vary',
  'www-authenticate',
]);

/** Sent with every forwarded answer: a hub response is data for the page's fetch, never a document. */
export const FORWARDED_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * The hub URL for a request target under /v1/ (path and query, still percent-encoded as
 * received), or null when the target does not start with /v1/, is not well-formed
 * percent-encoding, or has a `.` or `..` segment after decoding until stable (more than four
 * layers of encoding is no honest client). The hub address's own path is kept
 * (https://gemeente.nl/raadskaart + /v1/catalog), and the result must stay under it.
 */
export function hubTargetFor(hubBase: string | URL, rawTarget: string): URL | null {
  let hub: URL;
  try {
    hub = new URL(hubBase);
  } catch {
    return null;
  }
  if ((hub.protocol !== 'https:' && hub.protocol !== 'http:') || hub.username !== '' || hub.password !== '') return null;
  if (!rawTarget.startsWith(HUB_PATH_PREFIX)) return null;
  const queryAt = rawTarget.indexOf('?');
  const rawPath = queryAt < 0 ? rawTarget : rawTarget.slice(0, queryAt);
  const query = queryAt < 0 ? '' : rawTarget.slice(queryAt);
  let decoded = rawPath;
  for (let round = 0; ; round++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return null;
    }
    if (next === decoded) break;
    if (round === 4) return null;
    decoded = next;
  }
  if (decoded.includes('\0') || decoded.split(/[/\\]/).some((segment) => segment === '..' || segment === '.')) return null;
  const basePath = hub.pathname.replace(/\/+$/, '');
  let target: URL;
  try {
    target = new URL(`${hub.origin}${basePath}${rawPath}${query}`);
  } catch {
    return null;
  }
  if (target.origin !== hub.origin || !target.pathname.startsWith(`${basePath}${HUB_PATH_PREFIX}`)) return null;
  return target;
}

/** The request headers to send on to the hub (lower-case names). */
export function forwardedRequestHeaders(headers: Iterable<readonly [string, string]>): [string, string][] {
  const kept: [string, string][] = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (REQUEST_HEADERS_KEPT.has(lower)) kept.push([lower, value]);
  }
  return kept;
}

/**
 * The response headers to pass back to the page, plus FORWARDED_RESPONSE_HEADERS.
 * `bodyDecoded`: the transport hands over the body already decompressed (fetch), so its
 * encoding and length no longer describe it and are dropped.
 */
export function forwardedResponseHeaders(headers: Iterable<readonly [string, string]>, bodyDecoded: boolean): [string, string][] {
  const kept: [string, string][] = [];
  let encoded = false;
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!RESPONSE_HEADERS_KEPT.has(lower)) continue;
    if (lower === 'content-encoding') encoded = true;
    kept.push([lower, value]);
  }
  const out = bodyDecoded && encoded ? kept.filter(([name]) => name !== 'content-encoding' && name !== 'content-length') : kept;
  for (const [name, value] of Object.entries(FORWARDED_RESPONSE_HEADERS)) out.push([name, value]);
  return out;
}

/** True for a status that would send the page elsewhere: the hub API never redirects, so one is refused. */
export function isRedirectStatus(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/** Why forwarding failed, in the hub's own error shape ({error: {code, message}}), so the page reads it alike. */
export type ForwardingErrorCode = Extract<ErrorCode, 'hub-unreachable' | 'hub-not-configured' | 'bad-request' | 'too-large'>;

/** Status and JSON body of a forwarding failure. */
export function forwardingError(code: ForwardingErrorCode, message: string): { status: number; headers: Record<string, string>; body: string } {
  const status = code === 'bad-request' ? 400 : code === 'too-large' ? 413 : 502;
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...FORWARDED_RESPONSE_HEADERS },
    body: JSON.stringify({ error: { code, message } }),
  };
}

/** A declared Content-Length over the limit (a request that will be refused before it is read). */
export function declaredTooLarge(contentLength: string | null | undefined, limit = MAX_FORWARDED_BODY_BYTES): boolean {
  if (contentLength === null || contentLength === undefined || contentLength === '') return false;
  const n = Number(contentLength);
  return !Number.isFinite(n) || n > limit;
}
