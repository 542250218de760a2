// A small static file server for the built renderer (out/renderer) on 127.0.0.1, used by
// `npm run start:web` and the end-to-end tests. It must never serve a file outside `root`
// (`..`, encoded `%2e%2e`/`%2f`, backslashes, symlinks pointing out), never listen on a
// public interface by default, and always send the same CSP as the Electron app:// handler.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, MIME_TYPES, mimeTypeFor } from '../../src/shared/webServing.ts';

// The CSP and content types are the Electron protocol handler's own (one definition; Node
// loads the import-free TypeScript file directly).
export { CONTENT_SECURITY_POLICY, MIME_TYPES, mimeTypeFor };

/** @param {string} root @param {string} candidate */
function isInside(root, candidate) {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Maps a URL path to a file inside `root`, or null when it would leave the root. Percent
 * escapes are decoded first, so `..%2f` and `%2e%2e` count as `..`; backslashes count as
 * separators. `/` and paths ending in `/` mean index.html.
 * @param {string} root absolute, resolved root folder
 * @param {string} urlPathname the URL's pathname (still percent-encoded)
 * @returns {string | null}
 */
export function resolveInsideRoot(root, urlPathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  let relative = decoded.replace(/\\/g, '/').replace(/^\/+/, '');
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  if (relative.split('/').some((segment) => segment === '..')) return null;
  const candidate = path.resolve(root, relative);
  return isInside(root, candidate) ? candidate : null;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 */
function sendText(res, status, text) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Headers that describe one hop and must not be forwarded by a proxy (RFC 9110 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

/**
 * The hub URL a raw request target under /v1/ is forwarded to: the hub address's own path
 * (e.g. https://gemeente.nl/raadskaart) joined with the raw path and query, or null when the
 * target does not start with /v1/, is not well-formed percent-encoding, or has a `.` or `..`
 * segment in any spelling (`%2e%2e`, `%252e%252e`, `..%2f`, backslashes): URL() would fold
 * those away and reach any path on the hub's origin.
 * @param {URL} hub
 * @param {string} rawUrl the request target as received (path and query, still encoded)
 * @returns {URL | null}
 */
export function hubTargetFor(hub, rawUrl) {
  if (!rawUrl.startsWith('/v1/')) return null;
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = queryAt < 0 ? '' : rawUrl.slice(queryAt);
  // Decode until stable, so no layer of encoding hides a dot segment; more than a few
  // layers is no honest client.
  let decoded = rawPath;
  for (let round = 0; ; round++) {
    let next;
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
  let target;
  try {
    target = new URL(`${hub.origin}${basePath}${rawPath}${query}`);
  } catch {
    return null;
  }
  // Belt and braces: the result must stay under the hub's /v1/.
  if (target.origin !== hub.origin || !target.pathname.startsWith(`${basePath}/v1/`)) return null;
  return target;
}

/**
 * Forwards one request under /v1/ to the hub, so the page reaches the hub on its own origin
 * (CSP `connect-src 'self'` stays as strict as in the Electron app, and the hub needs no CORS).
 * A client that goes away takes the hub request with it (a cancelled chunk download must not
 * keep streaming from the hub).
 * @param {URL} hub
 * @param {URL} target from hubTargetFor
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function proxyToHub(hub, target, req, res) {
  /** @type {Record<string, string | string[]>} */
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers }, (answer) => {
    /** @type {Record<string, string | string[]>} */
    const back = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) back[name] = value;
    }
    res.writeHead(answer.statusCode ?? 502, back);
    answer.on('error', () => res.destroy());
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (res.destroyed || res.writableFinished) return;
    if (!res.headersSent) {
      res.writeHead(502, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: { code: 'hub-unreachable', message: `The hub at ${hub.origin} does not answer.` } }));
    } else res.destroy();
  });
  // 'close' before the response finished, or a request body cut off: the client is gone.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.on('close', () => {
    if (!req.complete) upstream.destroy();
  });
  req.pipe(upstream);
}

/**
 * Starts serving `root`. `port: 0` picks a free port; the returned `url` has the real one.
 * With `hubUrl`, requests under /v1/ are forwarded to that hub (see proxyToHub).
 * @param {{ root: string; port?: number; host?: string; hubUrl?: string }} options
 * @returns {Promise<{ url: string; port: number; close: () => Promise<void> }>}
 */
export async function startStaticServer({ root, port = 5173, host = '127.0.0.1', hubUrl }) {
  const realRoot = await realpath(path.resolve(root));
  const hub = hubUrl === undefined ? undefined : new URL(hubUrl);
  if (hub && hub.protocol !== 'http:' && hub.protocol !== 'https:') throw new Error(`static server: the hub address must start with http:// or https://, got ${hubUrl}`);

  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => {
      console.error('static server:', error);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    if (hub && (req.url ?? '').startsWith('/v1/')) {
      const target = hubTargetFor(hub, req.url ?? '');
      if (target === null) {
        sendText(res, 400, 'Bad request');
        return;
      }
      proxyToHub(hub, target, req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'Method not allowed');
      return;
    }
    let pathname;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      sendText(res, 400, 'Bad request');
      return;
    }
    // Check the raw path too: URL() already folds `/../`, but a literal `..` must never pass.
    const filePath = resolveInsideRoot(realRoot, pathname);
    if (filePath === null || /(^|[/\\])\.\.([/\\]|$)/.test(decodeURIComponentSafe(req.url ?? ''))) {
      sendText(res, 403, 'Forbidden');
      return;
    }
    let realFile;
    let info;
    try {
      realFile = await realpath(filePath);
      info = await stat(realFile);
    } catch {
      sendText(res, 404, 'Not found');
      return;
    }
    // A symlink inside the root may point outside it.
    if (!isInside(realRoot, realFile) || !info.isFile()) {
      sendText(res, info.isFile() ? 403 : 404, info.isFile() ? 'Forbidden' : 'Not found');
      return;
    }
    const contentType = mimeTypeFor(realFile);
    /** @type {Record<string, string | number>} */
    const headers = {
      'Content-Type': contentType,
      'Content-Length': info.size,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
      // The demo package and app files change with each build; never serve stale ones.
      'Cache-Control': 'no-cache',
    };
    if (contentType.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(realFile);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  await new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise(undefined);
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static server: no TCP address after listen');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}/`,
    port: address.port,
    close: () =>
      new Promise((resolvePromise, reject) => {
        server.close((error) => (error ? reject(error) : resolvePromise(undefined)));
        server.closeAllConnections();
      }),
  };
}

/** @param {string} value */
function decodeURIComponentSafe(value) {
  try {
    return decodeURIComponent(value.split('?')[0] ?? '');
  } catch {
    return value;
  }
}
