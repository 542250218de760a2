// The hub address as the user types it: checked (http or https, no credentials, no query) and
// normalised to an origin plus optional path without a trailing slash, so `${hub}/v1/...`
// is always one well-formed URL. Pure.
import { InvalidHubUrlError } from './syncErrors';

export type HubUrlCheck = { ok: true; url: string } | { ok: false; reason: 'empty' | 'invalid' | 'scheme' | 'credentials' };

/** Checks a typed hub address; the reason selects the UI's sentence. */
export function checkHubUrl(text: string): HubUrlCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
  // A token belongs in the token field, where it is not shown; never in the address.
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'credentials' };
  if (url.hostname === '') return { ok: false, reason: 'invalid' };
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}` };
}

/** The normalised hub address, or InvalidHubUrlError. */
export function normalizeHubUrl(text: string): string {
  const check = checkHubUrl(text);
  if (check.ok) return check.url;
  const why = {
    empty: 'no hub address given',
    invalid: 'not a web address',
    scheme: 'the address must start with https:// or http://',
    credentials: 'the address must not contain a user name or password; put the token in its own field',
  }[check.reason];
  throw new InvalidHubUrlError(`"${text.trim().slice(0, 200)}": ${why}`);
}
