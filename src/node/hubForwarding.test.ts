import { describe, expect, it } from 'vitest';
import { FORWARDED_RESPONSE_HEADERS, declaredTooLarge, forwardedRequestHeaders, forwardedResponseHeaders, hubTargetFor, isRedirectStatus } from './hubForwarding';

describe('hubTargetFor', () => {
  it('maps /v1/ targets onto the hub, keeping the hub address path and the query', () => {
    expect(hubTargetFor('https://hub.nl', '/v1/catalog')?.href).toBe('https://hub.nl/v1/catalog');
    expect(hubTargetFor('https://hub.nl/base', '/v1/a?b=1')?.href).toBe('https://hub.nl/base/v1/a?b=1');
    expect(hubTargetFor('https://hub.nl/base/', '/v1/chunks/abc')?.href).toBe('https://hub.nl/base/v1/chunks/abc');
  });

  it.each([
    ['a plain dot segment', '/v1/../admin'],
    ['a backslash traversal', '/v1/..\\..\\x'],
    ['an encoded dot segment', '/v1/%2e%2e/%2e%2e/x'],
    ['an encoded slash after dots', '/v1/..%2f..%2fadmin'],
    ['a double-encoded dot segment', '/v1/%252e%252e/%252e%252e/admin'],
    ['an encoded backslash', '/v1/..%5c..%5cadmin'],
    ['a single dot', '/v1/./catalog'],
    ['a NUL byte', '/v1/catalog%00'],
    ['broken percent-encoding', '/v1/%zz'],
    ['five layers of encoding', '/v1/%25252525252e'],
    ['a path outside /v1/', '/admin'],
    ['a protocol-relative target', '//evil.example/v1/x'],
  ])('refuses %s', (_what, target) => {
    expect(hubTargetFor('https://hub.nl/base', target)).toBeNull();
  });

  it('refuses a hub address that is not http(s) or carries credentials', () => {
    expect(hubTargetFor('file:///etc', '/v1/passwd')).toBeNull();
    expect(hubTargetFor('https://user:pw@hub.nl', '/v1/catalog')).toBeNull();
  });
});

describe('forwarded headers', () => {
  it('passes only the headers the hub client sends, dropping cookies, proxy credentials and forwarding headers', () => {
    const sent = forwardedRequestHeaders([
      ['Authorization', 'Bearer t'],
      ['Range', 'bytes=0-9'],
      ['Cookie', 'a=b'],
      ['Proxy-Authorization', 'Basic x'],
      ['X-Forwarded-For', '10.0.0.1'],
      ['Forwarded', 'for=10.0.0.1'],
      ['Connection', 'keep-alive'],
      ['Host', 'evil.example'],
    ]);
    expect(sent).toEqual([
      ['authorization', 'Bearer t'],
      ['range', 'bytes=0-9'],
    ]);
  });

  it('drops Set-Cookie and Location from answers and adds a CSP that forbids rendering them', () => {
    const back = new Map(
      forwardedResponseHeaders(
        [
          ['Content-Type', 'application/json'],
          ['Set-Cookie', 's=1'],
          ['Location', 'https://x'],
          ['ETag', '"a"'],
        ],
        false,
      ),
    );
    expect(back.has('set-cookie')).toBe(false);
    expect(back.has('location')).toBe(false);
    expect(back.get('etag')).toBe('"a"');
    for (const [name, value] of Object.entries(FORWARDED_RESPONSE_HEADERS)) expect(back.get(name)).toBe(value);
  });

  it('drops encoding and length of a body the transport already decoded, and keeps them otherwise', () => {
    const headers: [string, string][] = [
      ['Content-Encoding', 'gzip'],
      ['Content-Length', '25'],
    ];
    expect(new Map(forwardedResponseHeaders(headers, true)).has('content-length')).toBe(false);
    expect(new Map(forwardedResponseHeaders(headers, false)).get('content-length')).toBe('25');
  });
});

describe('limits and redirects', () => {
  it('treats 3xx except 304 as a redirect', () => {
    expect([301, 302, 307, 308].every(isRedirectStatus)).toBe(true);
    expect(isRedirectStatus(304)).toBe(false);
    expect(isRedirectStatus(200)).toBe(false);
  });

  it('refuses a declared length over the limit or one that is not a number', () => {
    expect(declaredTooLarge('11', 10)).toBe(true);
    expect(declaredTooLarge('10', 10)).toBe(false);
    expect(declaredTooLarge('x', 10)).toBe(true);
    expect(declaredTooLarge(null, 10)).toBe(false);
  });
});
