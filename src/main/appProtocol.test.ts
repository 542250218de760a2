// The app:// file server against real files in a temporary folder: it serves the renderer
// with the right types and CSP, and nothing outside its root; /v1/ goes to the hub forwarder
// (here a FAKE net.fetch), never to disk. No electron needed: the module only imports
// electron's types (the privileges object is checked as plain data).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_SCHEME_PRIVILEGED, createAppProtocolHandler, resolveInsideRoot } from './appProtocol';
import { CONTENT_SECURITY_POLICY } from '../shared/webServing';
import { createHubForwarder } from './hubForwarder';
import type { ForwardFetch } from './hubForwarder';

const SECRET = 'top-secret-outside-the-root';
let base: string;
let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'raadskaart-app-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await mkdir(path.join(root, 'glyphs', 'Noto Sans Regular'), { recursive: true });
  await mkdir(path.join(root, 'demo'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Raadskaart</title>');
  await writeFile(path.join(root, 'assets', 'maplibre-gl-worker.mjs'), 'export {};');
  await writeFile(path.join(root, 'assets', 'index.js'), 'console.log(1);');
  await writeFile(path.join(root, 'assets', 'engine.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(path.join(root, 'glyphs', 'Noto Sans Regular', '0-255.pbf'), new Uint8Array([1, 2, 3]));
  await writeFile(path.join(root, 'demo', 'manifest.json'), '{"formatVersion":1}');
  // A file where a hub path points: it must never be served for /v1/.
  await mkdir(path.join(root, 'v1'), { recursive: true });
  await writeFile(path.join(root, 'v1', 'catalog'), 'FROM-DISK');
  await writeFile(path.join(base, 'secret.txt'), SECRET);
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'escape.txt'));
  handle = createAppProtocolHandler(root);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

function get(url: string): Promise<Response> {
  return handle(new Request(url));
}

/** A request whose URL has not been normalised by the WHATWG parser (as a hostile caller might send). */
function rawGet(url: string): Promise<Response> {
  return handle({ url, method: 'GET' } as Request);
}

describe('app:// protocol handler (real files in a temp dir)', () => {
  it('serves index.html for / with the strict CSP header', async () => {
    const response = await get('app://raadskaart/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>Raadskaart</title>');
    const csp = response.headers.get('content-security-policy');
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "worker-src 'self' blob:",
      "img-src 'self' data: blob:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ]) {
      expect(csp?.split('; ')).toContain(directive);
    }
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('sends the CSP with /index.html too', async () => {
    const response = await get('app://raadskaart/index.html');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    ['assets/maplibre-gl-worker.mjs', 'text/javascript; charset=utf-8'],
    ['assets/index.js', 'text/javascript; charset=utf-8'],
    ['assets/engine.wasm', 'application/wasm'],
    ['glyphs/Noto%20Sans%20Regular/0-255.pbf', 'application/x-protobuf'],
    ['demo/manifest.json', 'application/json; charset=utf-8'],
  ])('serves %s as %s with nosniff', async (file, type) => {
    const response = await get(`app://raadskaart/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the exact bytes of a binary file', async () => {
    const response = await get('app://raadskaart/glyphs/Noto%20Sans%20Regular/0-255.pbf');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it.each([
    'app://raadskaart/..%2Fsecret.txt',
    'app://raadskaart/%2e%2e%2fsecret.txt',
    'app://raadskaart/%2E%2E%2Fsecret.txt',
    'app://raadskaart/assets/..%2F..%2Fsecret.txt',
    'app://raadskaart/..%5Csecret.txt',
    'app://raadskaart/%2e%2e/secret.txt',
    'app://raadskaart/../../etc/passwd',
    'app://raadskaart/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    'app://raadskaart/%2Fetc%2Fpasswd',
  ])('does not escape the root for %s', async (url) => {
    for (const response of [await get(url), await rawGet(url)]) {
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain(SECRET);
    }
  });

  it('does not escape the root for an un-normalised ../ path', async () => {
    const response = await rawGet('app://raadskaart/../secret.txt');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('does not follow a symlink that points outside the root', async () => {
    const response = await get('app://raadskaart/escape.txt');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('answers 404 for a missing file, a folder, a NUL byte and broken escapes', async () => {
    for (const url of ['app://raadskaart/missing.js', 'app://raadskaart/assets', 'app://raadskaart/index.html%00.js', 'app://raadskaart/%E0%A4%A']) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('serves nothing for another host on the scheme', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get('app://raadskaart:8080/index.html')).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await handle(new Request('app://raadskaart/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
    const head = await handle(new Request('app://raadskaart/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('app:// protocol handler: /v1/ goes to the hub (fake net.fetch)', () => {
  function withHub(hub: string | null) {
    const netFetch = vi.fn<ForwardFetch>(async (url) => new Response(`hub answered ${url}`, { headers: { 'Content-Type': 'text/plain' } }));
    const handler = createAppProtocolHandler(root, { forwardToHub: createHubForwarder({ hubUrl: async () => hub, fetch: netFetch }) });
    return { handler, netFetch };
  }

  it('forwards app://raadskaart/v1/... to the configured hub, not to the file on disk', async () => {
    const { handler, netFetch } = withHub('https://hub.gemeente.nl');
    const response = await handler(new Request('app://raadskaart/v1/catalog'));
    expect(await response.text()).toBe('hub answered https://hub.gemeente.nl/v1/catalog');
    expect(netFetch).toHaveBeenCalledTimes(1);
  });

  it('forwards a POST under /v1/ (files answer 405 to it)', async () => {
    const { handler, netFetch } = withHub('https://hub.gemeente.nl');
    const response = await handler(new Request('app://raadskaart/v1/packages', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(200);
    expect(netFetch.mock.calls[0]?.[1].method).toBe('POST');
  });

  it('serves every other path from disk without calling the hub', async () => {
    const { handler, netFetch } = withHub('https://hub.gemeente.nl');
    for (const url of ['app://raadskaart/', 'app://raadskaart/demo/manifest.json', 'app://raadskaart/assets/index.js']) {
      expect((await handler(new Request(url))).status, url).toBe(200);
    }
    expect((await handler(new Request('app://raadskaart/v1'))).status).toBe(404);
    expect(netFetch).not.toHaveBeenCalled();
  });

  it('answers 502 hub-not-configured when no hub is set, and never the file on disk', async () => {
    const { handler, netFetch } = withHub(null);
    const response = await handler(new Request('app://raadskaart/v1/catalog'));
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).not.toContain('FROM-DISK');
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'hub-not-configured' } });
    expect(netFetch).not.toHaveBeenCalled();
  });

  it('answers 502 hub-not-configured for /v1/ when created without a forwarder', async () => {
    const response = await handle(new Request('app://raadskaart/v1/catalog'));
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: 'hub-not-configured' } });
  });

  it('forwards nothing for another host on the scheme', async () => {
    const { handler, netFetch } = withHub('https://hub.gemeente.nl');
    expect((await handler(new Request('app://evil/v1/catalog'))).status).toBe(404);
    expect(netFetch).not.toHaveBeenCalled();
  });
});

describe('resolveInsideRoot', () => {
  it('maps paths inside the root and refuses the rest', () => {
    const r = path.resolve('/srv/renderer');
    expect(resolveInsideRoot(r, '/')).toBe(path.join(r, 'index.html'));
    expect(resolveInsideRoot(r, '')).toBe(path.join(r, 'index.html'));
    expect(resolveInsideRoot(r, '/assets/a.js')).toBe(path.join(r, 'assets', 'a.js'));
    // Dot segments are refused outright, however they would resolve (a parsed URL never has one).
    expect(resolveInsideRoot(r, '/assets/../index.html')).toBeNull();
    expect(resolveInsideRoot(r, '/%252e%252e/secret')).toBeNull();
    expect(resolveInsideRoot(r, '/..%5csecret')).toBeNull();
    expect(resolveInsideRoot(r, '/../secret')).toBeNull();
    expect(resolveInsideRoot(r, '/%2e%2e/secret')).toBeNull();
    expect(resolveInsideRoot(r, '/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveInsideRoot(r, '/%2e%2e')).toBeNull();
    expect(resolveInsideRoot(r, '/..')).toBeNull();
    expect(resolveInsideRoot(r, '/../renderer-evil/x')).toBeNull();
    expect(resolveInsideRoot(r, '/a%00b')).toBeNull();
  });
});

describe('app:// scheme privileges', () => {
  it('is standard, secure and fetchable, and neither CORS-open nor CSP-bypassing', () => {
    expect(APP_SCHEME_PRIVILEGED.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGED.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(APP_SCHEME_PRIVILEGED.privileges?.corsEnabled).not.toBe(true);
    expect(APP_SCHEME_PRIVILEGED.privileges?.bypassCSP).not.toBe(true);
    expect(APP_SCHEME_PRIVILEGED.privileges?.allowServiceWorkers).not.toBe(true);
  });
});
