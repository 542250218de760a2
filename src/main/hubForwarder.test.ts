// The hub forwarder with a FAKE net.fetch (a recording function returning real Response
// objects): what the page sends to app://raadskaart/v1/... reaches the configured hub
// unchanged, answers come back unchanged, and nothing goes anywhere else.
import { describe, expect, it, vi } from 'vitest';
import { createHubForwarder, isHubRequest } from './hubForwarder';
import type { ForwardFetch } from './hubForwarder';

type Call = { url: string; init: Parameters<ForwardFetch>[1] };

function fakeNetFetch(answer: () => Response | Promise<Response> = () => new Response('ok')) {
  const calls: Call[] = [];
  const fetch = vi.fn<ForwardFetch>(async (url, init) => {
    calls.push({ url, init });
    return answer();
  });
  return { fetch, calls };
}

function forwarder(hub: string | null, fetch: ForwardFetch, maxBodyBytes?: number) {
  const forward = createHubForwarder({ hubUrl: async () => hub, fetch, ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }) });
  return (request: Request) => forward(request, new URL(request.url));
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('hub forwarder (fake net.fetch)', () => {
  it('forwards a GET to the same path and query on the configured hub, with Authorization and Range', async () => {
    const net = fakeNetFetch();
    const request = new Request('app://raadskaart/v1/chunks/abc?x=1', {
      headers: { Authorization: 'Bearer geheim-token', Range: 'bytes=0-99', 'If-None-Match': '"abc"', Accept: 'application/octet-stream' },
    });
    await forwarder('https://hub.gemeente.nl', net.fetch)(request);
    expect(net.calls).toHaveLength(1);
    const [{ url, init }] = net.calls as [Call];
    expect(url).toBe('https://hub.gemeente.nl/v1/chunks/abc?x=1');
    expect(init.method).toBe('GET');
    const headers = new Headers(init.headers);
    expect(headers.get('authorization')).toBe('Bearer geheim-token');
    expect(headers.get('range')).toBe('bytes=0-99');
    expect(headers.get('if-none-match')).toBe('"abc"');
    expect(headers.get('accept')).toBe('application/octet-stream');
    expect(init.body).toBeUndefined();
    expect(init.redirect).toBe('error');
    expect(init.credentials).toBe('omit');
    expect(init.bypassCustomProtocolHandlers).toBe(true);
  });

  it('forwards a POST with its method, content type and exact body bytes', async () => {
    const net = fakeNetFetch(() => new Response('{"published":true}', { status: 201 }));
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const request = new Request('app://raadskaart/v1/packages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', Authorization: 'Bearer t' },
      body: bytes,
    });
    const response = await forwarder('https://hub.gemeente.nl', net.fetch)(request);
    expect(response.status).toBe(201);
    const [{ init }] = net.calls as [Call];
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('content-type')).toBe('application/octet-stream');
    expect(init.duplex).toBe('half');
    expect(new Uint8Array(await new Response(init.body).arrayBuffer())).toEqual(bytes);
  });

  it('refuses a body whose declared length is over the limit without calling the hub', async () => {
    const net = fakeNetFetch();
    const request = new Request('app://raadskaart/v1/packages', { method: 'POST', headers: { 'Content-Length': '11' }, body: new Uint8Array(11) });
    const response = await forwarder('https://hub.gemeente.nl', net.fetch, 10)(request);
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('too-large');
    expect(net.fetch).not.toHaveBeenCalled();
  });

  it('stops passing a body on once it grows past the limit', async () => {
    const net = fakeNetFetch();
    await forwarder('https://hub.gemeente.nl', net.fetch, 10)(new Request('app://raadskaart/v1/packages', { method: 'POST', body: new Uint8Array(64) }));
    await expect(new Response(net.calls[0]?.init.body).arrayBuffer()).rejects.toThrow(/larger than 10 bytes/);
  });

  it.each(['PUT', 'DELETE'])('forwards %s with its method', async (method) => {
    const net = fakeNetFetch(() => new Response(null, { status: 204 }));
    const response = await forwarder('https://hub.gemeente.nl', net.fetch)(new Request('app://raadskaart/v1/x', { method, body: method === 'PUT' ? 'a' : null }));
    expect(response.status).toBe(204);
    expect(net.calls[0]?.init.method).toBe(method);
  });

  it('keeps the path prefix of a hub that lives under a path', async () => {
    const net = fakeNetFetch();
    await forwarder('https://gemeente.nl/raadskaart', net.fetch)(new Request('app://raadskaart/v1/catalog'));
    expect(net.calls[0]?.url).toBe('https://gemeente.nl/raadskaart/v1/catalog');
  });

  it('passes status, headers and body of the hub answer back unchanged', async () => {
    const body = new Uint8Array([9, 8, 7, 6]);
    const net = fakeNetFetch(
      () =>
        new Response(body, {
          status: 206,
          statusText: 'Partial Content',
          headers: { 'Content-Type': 'application/octet-stream', ETag: '"sha"', 'Content-Range': 'bytes 0-3/10', 'Cache-Control': 'public, max-age=31536000, immutable' },
        }),
    );
    const response = await forwarder('http://127.0.0.1:8787', net.fetch)(new Request('app://raadskaart/v1/chunks/sha', { headers: { Range: 'bytes=0-3' } }));
    expect(response.status).toBe(206);
    expect(response.statusText).toBe('Partial Content');
    expect(response.headers.get('etag')).toBe('"sha"');
    expect(response.headers.get('content-range')).toBe('bytes 0-3/10');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(body);
  });

  it("passes the hub's own errors (401 with its JSON) back as they are", async () => {
    const net = fakeNetFetch(() => Response.json({ error: { code: 'unauthorized', message: 'token unknown' } }, { status: 401 }));
    const response = await forwarder('https://hub.gemeente.nl', net.fetch)(new Request('app://raadskaart/v1/catalog'));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'token unknown' } });
  });

  it('never passes a redirect back to the page, whatever the transport did', async () => {
    const net = fakeNetFetch(() => new Response(null, { status: 302, headers: { Location: 'https://evil.example/' } }));
    const response = await forwarder('https://hub.gemeente.nl', net.fetch)(new Request('app://raadskaart/v1/catalog'));
    expect(response.status).toBe(502);
    expect(response.headers.has('location')).toBe(false);
    expect((await errorOf(response)).code).toBe('hub-unreachable');
  });

  it('drops cookies and hop-by-hop headers in both directions, and a stale content-encoding', async () => {
    const net = fakeNetFetch(() => new Response('plain', { headers: { 'Set-Cookie': 'session=1', 'Content-Encoding': 'gzip', 'Content-Length': '25', Connection: 'keep-alive' } }));
    const response = await forwarder(
      'https://hub.gemeente.nl',
      net.fetch,
    )(
      new Request('app://raadskaart/v1/catalog', {
        headers: { Cookie: 'a=b', 'Proxy-Authorization': 'Basic x', Authorization: 'Bearer t', 'X-Forwarded-For': '10.0.0.1', Forwarded: 'for=10.0.0.1', 'X-Real-IP': '10.0.0.1' },
      }),
    );
    const sent = new Headers(net.calls[0]?.init.headers);
    expect(sent.has('cookie')).toBe(false);
    expect(sent.has('proxy-authorization')).toBe(false);
    expect(sent.has('x-forwarded-for')).toBe(false);
    expect(sent.has('forwarded')).toBe(false);
    expect(sent.has('x-real-ip')).toBe(false);
    expect(sent.get('authorization')).toBe('Bearer t');
    expect(response.headers.has('set-cookie')).toBe(false);
    expect(response.headers.has('content-encoding')).toBe(false);
    expect(response.headers.has('content-length')).toBe(false);
    expect(await response.text()).toBe('plain');
  });

  it('answers 502 hub-not-configured, and calls nothing, when no hub is set', async () => {
    const net = fakeNetFetch();
    const response = await forwarder(null, net.fetch)(new Request('app://raadskaart/v1/catalog'));
    expect(response.status).toBe(502);
    expect((await errorOf(response)).code).toBe('hub-not-configured');
    expect(net.fetch).not.toHaveBeenCalled();
  });

  it('answers 502 hub-unreachable with the hub origin when the hub does not answer', async () => {
    const net = fakeNetFetch(() => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:8787') })));
    const response = await forwarder('http://127.0.0.1:8787', net.fetch)(new Request('app://raadskaart/v1/catalog'));
    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error.code).toBe('hub-unreachable');
    expect(error.message).toContain('http://127.0.0.1:8787');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('answers 502 hub-unreachable when the hub redirects (net.fetch with redirect: error rejects)', async () => {
    const net = fakeNetFetch(() => Promise.reject(new TypeError('redirect mode is set to error')));
    const response = await forwarder('https://hub.gemeente.nl', net.fetch)(new Request('app://raadskaart/v1/catalog'));
    expect((await errorOf(response)).code).toBe('hub-unreachable');
  });

  it('refuses a path that would leave /v1/ on the hub (backslashes become slashes in http URLs)', async () => {
    const net = fakeNetFetch();
    // app: is not a special scheme, so its parser keeps the backslashes; https would fold them.
    const request = { url: 'app://raadskaart/v1/..\\..\\admin', method: 'GET', headers: new Headers() } as unknown as Request;
    const response = await forwarder('https://hub.gemeente.nl/raadskaart', net.fetch)(request);
    expect(response.status).toBe(400);
    expect(net.fetch).not.toHaveBeenCalled();
  });

  it.each(['/v1/..%2f..%2fadmin', '/v1/%252e%252e/%252e%252e/admin', '/v1/..%5c..%5cadmin', '/v1/%2e%2e/admin'])(
    'refuses the encoded traversal %s and calls nothing',
    async (path) => {
      const net = fakeNetFetch();
      const response = await forwarder('https://hub.gemeente.nl/raadskaart', net.fetch)(new Request(`app://raadskaart${path}`));
      expect(net.fetch).not.toHaveBeenCalled();
      expect(response.status).toBe(400);
    },
  );
});

describe('isHubRequest', () => {
  it('is true only for app://raadskaart/v1/...', () => {
    expect(isHubRequest(new URL('app://raadskaart/v1/catalog'))).toBe(true);
    expect(isHubRequest(new URL('app://raadskaart/v1'))).toBe(false);
    expect(isHubRequest(new URL('app://raadskaart/v10/catalog'))).toBe(false);
    expect(isHubRequest(new URL('app://raadskaart/assets/v1/x.js'))).toBe(false);
    expect(isHubRequest(new URL('app://evil/v1/catalog'))).toBe(false);
    expect(isHubRequest(new URL('app://raadskaart:81/v1/catalog'))).toBe(false);
  });
});
