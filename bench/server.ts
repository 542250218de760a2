// The benchmark page's origin on 127.0.0.1: serves the built benchmark page, generated
// packages under /synthetic/, and forwards /v1/* to a hub, counting every byte the hub sends
// back (status line, headers, body) so an update's download can be measured on the wire.
// One origin for all three keeps the page within its CSP (connect-src 'self').
// Bench-only: never serves a file outside its roots, never listens beyond loopback.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mimeTypeFor, resolveInsideRoot } from '../scripts/lib/staticServer';

export type ProxiedResponse = { method: string; path: string; status: number; headerBytes: number; bodyBytes: number; contentLength: number | undefined };

export type BenchServer = {
  url: string;
  /** Where /v1/* goes (set once the hub listens). */
  setHub(url: string | undefined): void;
  /** Responses the hub sent through this server since the last reset. */
  proxied: ProxiedResponse[];
  resetCounts(): void;
  close(): Promise<void>;
};

/** Bytes of an HTTP/1.1 response head as sent: status line, header lines, blank line. */
function headBytes(res: IncomingMessage): number {
  let n = Buffer.byteLength(`HTTP/${res.httpVersion} ${res.statusCode ?? 0} ${res.statusMessage ?? ''}\r\n`);
  for (let i = 0; i < res.rawHeaders.length; i += 2) n += Buffer.byteLength(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`);
  return n + 2;
}

/** Starts the server; `mounts` maps a URL prefix ('/synthetic/') to a folder; '/' is `root`. */
export async function startBenchServer(opts: { root: string; mounts?: Record<string, string> }): Promise<BenchServer> {
  let hub: URL | undefined;
  const proxied: ProxiedResponse[] = [];

  const sendText = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const proxy = (req: IncomingMessage, res: ServerResponse, target: URL) => {
    const headers = { ...req.headers, host: target.host };
    const upstream = httpRequest(target, { method: req.method, headers }, (up) => {
      const record: ProxiedResponse = {
        method: req.method ?? 'GET',
        path: target.pathname,
        status: up.statusCode ?? 0,
        headerBytes: headBytes(up),
        bodyBytes: 0,
        contentLength: up.headers['content-length'] === undefined ? undefined : Number(up.headers['content-length']),
      };
      proxied.push(record);
      res.writeHead(up.statusCode ?? 502, up.rawHeaders);
      up.on('data', (chunk: Buffer) => {
        record.bodyBytes += chunk.length;
      });
      up.pipe(res);
    });
    upstream.on('error', (err) => {
      if (!res.headersSent) sendText(res, 502, `hub unreachable: ${err.message}`);
      else res.destroy();
    });
    req.pipe(upstream);
  };

  const serveFile = async (res: ServerResponse, folder: string, pathname: string) => {
    const file = resolveInsideRoot(folder, pathname);
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) return sendText(res, 404, 'Not found');
    res.writeHead(200, { 'content-type': mimeTypeFor(file), 'content-length': info.size, 'cache-control': 'no-store' });
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/v1/')) {
      if (!hub) return sendText(res, 503, 'no hub');
      return proxy(req, res, new URL(url.pathname + url.search, hub));
    }
    if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed');
    for (const [prefix, folder] of Object.entries(opts.mounts ?? {})) {
      if (url.pathname.startsWith(prefix)) return void serveFile(res, folder, url.pathname.slice(prefix.length - 1));
    }
    return void serveFile(res, opts.root, url.pathname);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('bench server: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    setHub: (u) => {
      hub = u === undefined ? undefined : new URL(u);
    },
    proxied,
    resetCounts: () => {
      proxied.length = 0;
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((err) => (err ? fail(err) : done()));
        server.closeAllConnections();
      }),
  };
}
