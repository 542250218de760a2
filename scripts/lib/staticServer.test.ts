import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, resolveInsideRoot, startStaticServer } from './staticServer';
import type { StaticServer } from './staticServer';

let base: string;
let root: string;
let server: StaticServer;

/** A raw GET: fetch() would normalise `..` in the path before sending it. */
function get(rawPath: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: rawPath, method }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'raadskaart-static-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await mkdir(path.join(root, 'glyphs', 'Noto Sans Regular'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(path.join(root, 'assets', 'worker.mjs'), 'export {}');
  await writeFile(path.join(root, 'glyphs', 'Noto Sans Regular', '0-255.pbf'), Buffer.from([1, 2, 3]));
  await writeFile(path.join(base, 'secret.txt'), 'secret');
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'link.txt'));
  server = await startStaticServer({ root, port: 0 });
});

afterAll(async () => {
  await server.close();
  await rm(base, { recursive: true, force: true });
});

describe('startStaticServer', () => {
  it('listens on 127.0.0.1 on a free port when asked for port 0', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves index.html for / with the same CSP as the Electron app', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.body).toContain('<title>t</title>');
  });

  it('serves .mjs as JavaScript and glyph .pbf as protobuf (paths with spaces)', async () => {
    expect((await get('/assets/worker.mjs')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    const glyphs = await get('/glyphs/Noto%20Sans%20Regular/0-255.pbf');
    expect(glyphs.status).toBe(200);
    expect(glyphs.headers['content-type']).toBe('application/x-protobuf');
  });

  it('refuses paths that leave the root, plain or encoded', async () => {
    for (const attempt of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%5c..%5csecret.txt']) {
      const res = await get(attempt);
      expect({ attempt, status: res.status, leaked: res.body.includes('secret') }).toEqual({ attempt, status: 403, leaked: false });
    }
  });

  it('refuses a symlink that points outside the root', async () => {
    const res = await get('/link.txt');
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('secret');
  });

  it('answers 404 for a missing file and 405 for POST', async () => {
    expect((await get('/nope.js')).status).toBe(404);
    expect((await get('/', 'POST')).status).toBe(405);
  });
});

describe('resolveInsideRoot', () => {
  it('maps a folder path to its index.html and rejects NUL bytes', () => {
    expect(resolveInsideRoot('/srv/app', '/')).toBe(path.resolve('/srv/app/index.html'));
    expect(resolveInsideRoot('/srv/app', '/a%00.js')).toBeNull();
  });

  it('matches the meta CSP of index.html (which cannot carry frame-ancestors)', async () => {
    const html = await readFile(path.resolve(__dirname, '../../src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const withoutFrameAncestors = CONTENT_SECURITY_POLICY.split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta).toBe(withoutFrameAncestors);
  });
});

describe('startStaticServer with a hub (web host sync on its own origin)', () => {
  it('forwards /v1/ requests with method, body and Authorization to the hub and serves the rest from disk', async () => {
    const seen: { method: string; url: string; authorization: string | undefined; body: string }[] = [];
    const hub = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (p: Buffer) => parts.push(p));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body: Buffer.concat(parts).toString('utf8') });
        res.writeHead(201, { 'Content-Type': 'application/json', ETag: '"abc"' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const address = hub.address() as AddressInfo;
    const proxied = await startStaticServer({ root, port: 0, hubUrl: `http://127.0.0.1:${address.port}` });
    try {
      const answer = await fetch(`${proxied.url}v1/packages?x=1`, { method: 'POST', headers: { Authorization: 'Bearer t0ken' }, body: 'payload' });
      expect(answer.status).toBe(201);
      expect(answer.headers.get('etag')).toBe('"abc"');
      expect(await answer.text()).toBe('{"ok":true}');
      expect(seen).toEqual([{ method: 'POST', url: '/v1/packages?x=1', authorization: 'Bearer t0ken', body: 'payload' }]);
      const page = await fetch(proxied.url);
      expect(await page.text()).toContain('<title>t</title>');
      expect(seen).toHaveLength(1);
    } finally {
      await proxied.close();
      await new Promise<void>((resolve) => hub.close(() => resolve()));
    }
  });

  it('passes no cookie, proxy credential or forwarding header to the hub, and no Set-Cookie or redirect back', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const hub = createServer((req, res) => {
      seen.push(req.headers);
      if (req.url === '/v1/elders') {
        res.writeHead(302, { Location: 'https://evil.example/' });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': 'sessie=1' });
      res.end('{}');
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const proxied = await startStaticServer({ root, port: 0, hubUrl: `http://127.0.0.1:${(hub.address() as AddressInfo).port}` });
    try {
      const answer = await fetch(`${proxied.url}v1/catalog`, {
        headers: { Authorization: 'Bearer t', Cookie: 'a=b', 'Proxy-Authorization': 'Basic x', 'X-Forwarded-For': '10.9.8.7', Forwarded: 'for=10.9.8.7' },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.has('set-cookie')).toBe(false);
      expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
      const sent = seen[0] ?? {};
      expect(sent.authorization).toBe('Bearer t');
      for (const name of ['cookie', 'proxy-authorization', 'x-forwarded-for', 'forwarded']) expect(sent[name]).toBeUndefined();

      const redirected = await fetch(`${proxied.url}v1/elders`, { redirect: 'manual' });
      expect(redirected.status).toBe(502);
      expect(redirected.headers.has('location')).toBe(false);
    } finally {
      await proxied.close();
      await new Promise<void>((resolve) => hub.close(() => resolve()));
    }
  });

  it('refuses a body over the limit with 413 too-large and forwards nothing', async () => {
    let calls = 0;
    const hub = createServer((_req, res) => {
      calls++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const proxied = await startStaticServer({ root, port: 0, hubUrl: `http://127.0.0.1:${(hub.address() as AddressInfo).port}`, maxBodyBytes: 10 });
    try {
      const answer = await fetch(`${proxied.url}v1/packages`, { method: 'POST', body: 'x'.repeat(11) });
      expect(answer.status).toBe(413);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('too-large');
      expect(calls).toBe(0);
    } finally {
      await proxied.close();
      await new Promise<void>((resolve) => hub.close(() => resolve()));
    }
  });

  it('answers 502 with a readable JSON error when the hub does not answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const proxied = await startStaticServer({ root, port: 0, hubUrl: `http://127.0.0.1:${port}` });
    try {
      const answer = await fetch(`${proxied.url}v1/catalog`);
      expect(answer.status).toBe(502);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('hub-unreachable');
    } finally {
      await proxied.close();
    }
  });

  it('joins /v1/ requests to the path of the hub address', async () => {
    const seen: string[] = [];
    const hub = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const proxied = await startStaticServer({ root, port: 0, hubUrl: `http://127.0.0.1:${(hub.address() as AddressInfo).port}/gemeente/hub/` });
    try {
      const answer = await fetch(`${proxied.url}v1/chunks/abc?x=1`);
      expect(answer.status).toBe(200);
      expect(seen).toEqual(['/gemeente/hub/v1/chunks/abc?x=1']);
    } finally {
      await proxied.close();
      await new Promise<void>((resolve) => hub.close(() => resolve()));
    }
  });

  it('answers 400 for /v1/ paths with a dot segment, plain or encoded, and never forwards them', async () => {
    const seen: string[] = [];
    const hub = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('hub');
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const proxied = await startStaticServer({ root, port: 0, hubUrl: `http://127.0.0.1:${(hub.address() as AddressInfo).port}/hub` });
    const rawGet = (rawPath: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: proxied.port, path: rawPath }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      for (const rawPath of [
        '/v1/../admin',
        '/v1/%2e%2e/admin',
        '/v1/%2E%2E/admin',
        '/v1/.%2e/admin',
        '/v1/..%2fadmin',
        '/v1/a/..\\..\\admin',
        '/v1/%252e%252e/admin',
        '/v1/./catalog',
        '/v1/%zz',
      ]) {
        expect([rawPath, await rawGet(rawPath)]).toEqual([rawPath, 400]);
      }
      expect(seen).toEqual([]);
      expect(await rawGet('/v1/catalog')).toBe(200);
      expect(seen).toEqual(['/hub/v1/catalog']);
    } finally {
      await proxied.close();
      await new Promise<void>((resolve) => hub.close(() => resolve()));
    }
  });

  it('aborts the request to the hub when the client disconnects', async () => {
    let hubSawClose: () => void = () => undefined;
    const upstreamClosed = new Promise<void>((resolve) => (hubSawClose = resolve));
    const hub = createServer((_req, res) => {
      // A slow, endless answer: only a disconnect ends it.
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.write(Buffer.alloc(1024));
      const timer = setInterval(() => res.write(Buffer.alloc(16)), 20);
      res.on('close', () => {
        clearInterval(timer);
        if (!res.writableFinished) hubSawClose();
      });
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const proxied = await startStaticServer({ root, port: 0, hubUrl: `http://127.0.0.1:${(hub.address() as AddressInfo).port}` });
    try {
      await new Promise<void>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: proxied.port, path: '/v1/chunks/big' }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', () => undefined);
        req.on('timeout', reject);
        req.end();
      });
      const outcome = await Promise.race([upstreamClosed.then(() => 'aborted'), new Promise((resolve) => setTimeout(() => resolve('still running'), 2000))]);
      expect(outcome).toBe('aborted');
    } finally {
      await proxied.close();
      hub.closeAllConnections();
      await new Promise<void>((resolve) => hub.close(() => resolve()));
    }
  });

  it('refuses a hub address that is not http or https', async () => {
    await expect(startStaticServer({ root, port: 0, hubUrl: 'file:///etc' })).rejects.toThrow(/http:\/\/ or https:\/\//);
  });
});
