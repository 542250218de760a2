// The web host's server: serves the built renderer (out/renderer) on 127.0.0.1 for
// `npm run start:web` and the end-to-end tests, and forwards /v1/ to a hub so the page reaches
// the hub on its own origin (CSP `connect-src 'self'` stays as strict as in the Electron app).
// File paths follow src/node/paths.ts and forwarding follows src/node/hubForwarding.ts: the
// same rules as the Electron app:// handler and its hub forwarder.
// It must never serve a file outside `root` (`..` in any spelling, backslashes, symlinks
// pointing out), never listen on a public interface by default, always send the app's CSP with
// HTML, and never pass cookies, forwarding headers or redirects between page and hub.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import path from 'node:path';
import type { ForwardingErrorCode } from '../../src/node/hubForwarding';
import {
  MAX_FORWARDED_BODY_BYTES,
  declaredTooLarge,
  forwardedRequestHeaders,
  forwardedResponseHeaders,
  forwardingError,
  hubTargetFor,
  isRedirectStatus,
} from '../../src/node/hubForwarding';
import { isInside, resolveInsideRoot } from '../../src/node/paths';
import { CONTENT_SECURITY_POLICY, MIME_TYPES, mimeTypeFor } from '../../src/shared/webServing';

export { CONTENT_SECURITY_POLICY, MIME_TYPES, mimeTypeFor, resolveInsideRoot };

export type StaticServer = { url: string; port: number; close: () => Promise<void> };

export type StaticServerOptions = {
  root: string;
  /** 0 picks a free port; the returned `url` has the real one. Default 5173. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Forward /v1/ requests to this hub (http or https). */
  hubUrl?: string;
  /** Largest request body forwarded (default MAX_FORWARDED_BODY_BYTES). */
  maxBodyBytes?: number;
};

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendForwardingError(res: ServerResponse, code: ForwardingErrorCode, message: string): void {
  const { status, headers, body } = forwardingError(code, message);
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Node's header object as [name, value] pairs (repeated headers joined as HTTP allows). */
function headerPairs(headers: IncomingMessage['headers']): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    pairs.push([name, Array.isArray(value) ? value.join(', ') : value]);
  }
  return pairs;
}

/**
 * Forwards one request under /v1/ to the hub. A client that goes away takes the hub request
 * with it (a cancelled chunk download must not keep streaming from the hub); a body larger than
 * the limit is cut off.
 */
function proxyToHub(hub: URL, target: URL, req: IncomingMessage, res: ServerResponse, maxBody: number): void {
  if (declaredTooLarge(req.headers['content-length'], maxBody)) {
    sendForwardingError(res, 'too-large', `The request body is larger than ${maxBody} bytes; not forwarded.`);
    req.resume();
    return;
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers: Object.fromEntries(forwardedRequestHeaders(headerPairs(req.headers))) }, (answer) => {
    const status = answer.statusCode ?? 502;
    if (isRedirectStatus(status)) {
      answer.resume();
      sendForwardingError(res, 'hub-unreachable', `The hub at ${hub.origin} answered with a redirect (HTTP ${status}); the hub API never redirects, so it was not followed.`);
      return;
    }
    // The body is piped as the hub sent it (still encoded): its encoding and length stay true.
    res.writeHead(status, Object.fromEntries(forwardedResponseHeaders(headerPairs(answer.headers), false)));
    answer.on('error', () => res.destroy());
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (res.destroyed || res.writableFinished) return;
    if (!res.headersSent) sendForwardingError(res, 'hub-unreachable', `The hub at ${hub.origin} does not answer.`);
    else res.destroy();
  });
  // 'close' before the response finished, or a request body cut off: the client is gone.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.on('close', () => {
    if (!req.complete) upstream.destroy();
  });
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > maxBody) {
      upstream.destroy();
      req.unpipe(upstream);
      if (!res.headersSent) sendForwardingError(res, 'too-large', `The request body is larger than ${maxBody} bytes; not forwarded.`);
    }
  });
  req.pipe(upstream);
}

/** Starts serving `root`; with `hubUrl`, requests under /v1/ go to that hub (see proxyToHub). */
export async function startStaticServer({ root, port = 5173, host = '127.0.0.1', hubUrl, maxBodyBytes }: StaticServerOptions): Promise<StaticServer> {
  const realRoot = await realpath(path.resolve(root));
  const hub = hubUrl === undefined ? undefined : new URL(hubUrl);
  if (hub && hub.protocol !== 'http:' && hub.protocol !== 'https:') throw new Error(`static server: the hub address must start with http:// or https://, got ${hubUrl}`);
  const maxBody = maxBodyBytes ?? MAX_FORWARDED_BODY_BYTES;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      console.error('static server:', error);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    if (hub && raw.startsWith('/v1/')) {
      const target = hubTargetFor(hub, raw);
      if (target === null) {
        sendForwardingError(res, 'bad-request', `${raw.slice(0, 200)} does not map to an address under /v1/ on the hub; not forwarded.`);
        return;
      }
      proxyToHub(hub, target, req, res, maxBody);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'Method not allowed');
      return;
    }
    // The raw path, not URL()'s: it would fold `/../` and `%2e%2e` away before they are judged.
    const rawPath = raw.split('?')[0] ?? '/';
    const filePath = resolveInsideRoot(realRoot, rawPath);
    if (filePath === null) {
      sendText(res, 403, 'Forbidden');
      return;
    }
    let realFile: string;
    let info: Awaited<ReturnType<typeof stat>>;
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
    const headers: Record<string, string | number> = {
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

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static server: no TCP address after listen');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}/`,
    port: address.port,
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        server.close((error) => (error ? reject(error) : resolvePromise()));
        server.closeAllConnections();
      }),
  };
}
