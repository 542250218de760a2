// Serves the built renderer (out/renderer) on app://raadskaart, and hands requests under
// /v1/ to the hub forwarder (hubForwarder.ts), so the page reaches the hub on its own origin.
// It must never serve a file outside that folder (`..`, encoded `%2e%2e`/`%2f`, backslashes,
// symlinks), never serve another host, never serve /v1/ from disk, and must always send the
// CSP with HTML. Plain Node: no electron import, so it is tested against real files in a
// temporary folder.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from './appOrigin';
import { CONTENT_SECURITY_POLICY, mimeTypeFor } from '../shared/webServing';
import { hubErrorResponse, isHubRequest } from './hubForwarder';
import { isInside, resolveInsideRoot } from '../node/paths';

export { resolveInsideRoot };

/**
 * Privileges of the app:// scheme (registered before `ready`):
 * - standard: URLs have a host and resolve relative paths like http, and the page gets the
 *   stable origin app://raadskaart, so IndexedDB and localStorage survive updates.
 * - secure: a secure context; WebCrypto's subtle API (package hashes, signatures) needs it.
 * - supportFetchAPI: the renderer fetches the demo package, glyphs and (forwarded) hub
 *   requests with fetch().
 * - corsEnabled stays false: everything is same-origin, and enabling it would let other
 *   origins read app:// responses (Electron checks no Access-Control-Allow-Origin for it).
 * - bypassCSP, allowServiceWorkers, stream, allowExtensions stay false: not needed.
 */
export const APP_SCHEME_PRIVILEGED: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false },
};

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

export type AppProtocolOptions = {
  /**
   * Handles app://raadskaart/v1/... (main passes createHubForwarder). Without it, such
   * requests get a 502 `hub-not-configured`; they are never looked up on disk.
   */
  forwardToHub?: (request: Request, url: URL) => Promise<Response>;
};

/**
 * The handler for protocol.handle('app', ...): host raadskaart only. Paths under /v1/ go to
 * the hub forwarder (any method); everything else is GET/HEAD of files under `rootDir` only
 * (checked again after resolving symlinks). HTML responses carry the CSP.
 */
export function createAppProtocolHandler(rootDir: string, options: AppProtocolOptions = {}): (request: Request) => Promise<Response> {
  const root = path.resolve(rootDir);
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '') return notFound();
    if (isHubRequest(url)) {
      return options.forwardToHub ? options.forwardToHub(request, url) : hubErrorResponse('hub-not-configured', 'This build of the app does not forward hub requests.');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
    }
    const filePath = resolveInsideRoot(root, url.pathname);
    if (filePath === null) return notFound();
    try {
      const [realRoot, realFile] = await Promise.all([realpath(root), realpath(filePath)]);
      if (!isInside(realRoot, realFile) || !(await stat(realFile)).isFile()) return notFound();
      const body = request.method === 'HEAD' ? null : await readFile(realFile);
      const contentType = mimeTypeFor(realFile);
      const headers: Record<string, string> = {
        'Content-Type': contentType,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      };
      if (contentType.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
      return new Response(body, { status: 200, headers });
    } catch {
      // Missing file, unreadable file or a root that does not exist: all the same to the page.
      return notFound();
    }
  };
}
