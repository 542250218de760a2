// Which hub addresses a bearer token may be sent to, for tools outside the app (`raadskaart
// publish`): https:// to any host, plain http:// only to this computer (127.0.0.0/8, ::1,
// localhost), and never an address with a user name or password in it. The same rule as the
// app's (src/renderer/sync/hubUrl.ts), without the app's own origins. Pure.

export type HubAddressProblem = 'invalid' | 'scheme' | 'credentials' | 'insecure';
export type HubAddressCheck = { ok: true; url: URL } | { ok: false; problem: HubAddressProblem; message: string };

/** Whether a URL hostname (as URL normalises it: 127.1 becomes 127.0.0.1, IPv6 in brackets) is this computer. */
export function isLoopbackHostname(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Checks a hub address a token will be sent to; the message says what to use instead. */
export function checkHubAddress(text: string): HubAddressCheck {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: 'invalid', message: `"${text.slice(0, 200)}" is not a web address: give the hub as https://host[:port]` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: 'scheme', message: `${url.protocol}// is not a hub address: use https:// (or http:// for a hub on this computer)` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, problem: 'credentials', message: 'the hub address must not contain a user name or password; give the token with --token or RAADSKAART_TOKEN' };
  }
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return {
      ok: false,
      problem: 'insecure',
      message: `plain http:// would send your token unencrypted to ${url.hostname}; use https://, or http:// only for a hub on this computer (localhost, 127.0.0.1, ::1)`,
    };
  }
  return { ok: true, url };
}
