// The one origin the app's own pages come from: app://raadskaart. Main uses it to decide
// which pages may navigate, call IPC or be served files. It must never accept a look-alike:
// URLs are parsed, never compared as prefixes.

export const APP_SCHEME = 'app';
export const APP_HOST = 'raadskaart';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True if `raw` is a URL on app://raadskaart. Checked by protocol and host rather than
 * `URL.origin`, because Node's URL (used in main) reports origin "null" for schemes it does
 * not know as special, while Chromium reports app://raadskaart for our registered scheme.
 */
export function isAppUrl(raw: string | null | undefined): boolean {
  if (!raw) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}
