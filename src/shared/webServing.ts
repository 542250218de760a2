// What both servers of the renderer send: the Electron app:// protocol handler (src/main) and
// the web host's server (scripts/lib/staticServer.ts). One definition, no drift.
// It must never allow remote code or connections: the app is offline-first and shows packages
// that came from elsewhere, so a string that slips into the DOM must find nothing to load or call.

/**
 * The Content-Security-Policy sent with every HTML page. Directive by directive:
 * - script-src 'self': only the bundled scripts; no inline script, no eval.
 * - worker-src 'self' blob:: the map engine's worker file, and workers it builds from blobs.
 * - style-src 'self': the bundled CSS. No 'unsafe-inline': maplibre-gl and React set styles
 *   through CSSOM properties (element.style.transform = ..., style.setProperty), which CSP
 *   does not govern. Only <style> elements, style="" in markup, setAttribute('style') and
 *   style.cssText need 'unsafe-inline'; maplibre-gl 6.17 and react-dom 19 use none of them
 *   (grepped in their dist files). Add it back only with a reason naming the code that needs it.
 * - img-src data: blob:: map sprites/icons built in memory and data: icons in maplibre's CSS.
 * - connect-src 'self': fetch only from app:// (demo package, glyphs) — and the hub, which
 *   the page reaches as app://raadskaart/v1/...: main forwards those requests to the hub the
 *   user configured (hubForwarder.ts), as the web host's server does for its page. So no hub
 *   origin is ever added here (docs/electron-shell.md).
 * - object-src/base-uri/frame-ancestors/form-action: nothing, nobody, never.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Content types by file extension (lowercase, with the dot); anything else is application/octet-stream. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json',
  '.map': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pbf': 'application/x-protobuf',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** The content type of a file by its name's extension. */
export function mimeTypeFor(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? MIME_TYPES[base.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}
