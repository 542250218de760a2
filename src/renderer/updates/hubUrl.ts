// The hub address as the user types it: checked and normalised to an origin plus optional
// path without a trailing slash, so `${hub}/v1/...` is always one well-formed URL. Pure
// (the page's origin is read from globalThis.location only as a default).
// It must never accept an address that would send the bearer token unencrypted over a
// network: https:// for any host; http:// only for this computer (127.0.0.0/8, ::1,
// localhost) or the page's own origin (the web host forwards /v1/ from there); and the
// Electron app's own app://raadskaart, which main forwards to the configured hub.
import { InvalidHubUrlError } from './hubErrors';

export type HubUrlReason = 'empty' | 'invalid' | 'scheme' | 'credentials' | 'insecure';
export type HubUrlCheck = { ok: true; url: string } | { ok: false; reason: HubUrlReason };

export type HubUrlContext = {
  /** Origin of the page (or worker) making the requests; http:// to it is same-origin. */
  pageOrigin?: string | undefined;
};

/** The Electron renderer's origin; main answers app://raadskaart/v1/ by forwarding to the hub. */
const APP_SCHEME = 'app:';
const APP_HOST = 'raadskaart';

function currentPageOrigin(): string | undefined {
  return (globalThis as { location?: { origin?: string } }).location?.origin;
}

/** Whether a URL hostname (as URL normalises it) is this computer. */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  // URL() has already turned 127.1, 0x7f.1 and the like into dotted decimal.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Checks a typed hub address; the reason selects the UI's sentence. */
export function checkHubUrl(text: string, context: HubUrlContext = { pageOrigin: currentPageOrigin() }): HubUrlCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const isApp = url.protocol === APP_SCHEME;
  if (isApp ? url.host !== APP_HOST : url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
  // A token belongs in the token field, where it is not shown; never in the address.
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'credentials' };
  if (url.hostname === '') return { ok: false, reason: 'invalid' };
  // The bearer token goes with every request: plain http only where no network is crossed.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && url.origin !== context.pageOrigin) return { ok: false, reason: 'insecure' };
  const path = url.pathname.replace(/\/+$/, '');
  // URL.origin is "null" for schemes it does not know, such as app:.
  const origin = isApp ? `${APP_SCHEME}//${APP_HOST}` : url.origin;
  return { ok: true, url: `${origin}${path}` };
}

/** The normalised hub address, or InvalidHubUrlError. */
export function normalizeHubUrl(text: string, context?: HubUrlContext): string {
  const check = checkHubUrl(text, context);
  if (check.ok) return check.url;
  const why: Record<HubUrlReason, string> = {
    empty: 'no hub address given',
    invalid: 'not a web address',
    scheme: 'the address must start with https:// (or http:// for a hub on this computer)',
    credentials: 'the address must not contain a user name or password; put the token in its own field',
    insecure: 'plain http:// would send the access code unencrypted over the network; use https://, or http:// only for a hub on this computer (localhost, 127.0.0.1, ::1)',
  };
  throw new InvalidHubUrlError(`"${text.trim().slice(0, 200)}": ${why[check.reason]}`);
}
