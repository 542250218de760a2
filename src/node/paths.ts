// Paths inside a root folder, for everything on the Node side that turns outside input into a
// file path: the app:// handler and the web host (URL paths), the source-folder reader
// (relative paths from a package source). One rule for all of them, the strictest: percent
// escapes are decoded once and a path that still holds a `%` (double encoding) is refused,
// backslashes count as separators, any `.` or `..` segment and any NUL is refused, and the
// resolved path must lie inside the root. Symlinks are the caller's to check (realpath), since
// only the caller knows whether the file must exist.
import path from 'node:path';

/** True when `candidate` lies strictly inside `root` (both absolute). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The segments of a decoded relative path, or null when one is `.`, `..`, empty in the middle, or holds a NUL or `%`. */
function safeSegments(decoded: string): string[] | null {
  if (decoded.includes('\0') || decoded.includes('%')) return null;
  const segments = decoded.replace(/\\/g, '/').replace(/^\/+/, '').split('/');
  if (segments.some((segment, i) => segment === '.' || segment === '..' || (segment === '' && i < segments.length - 1))) return null;
  return segments;
}

/**
 * Maps the pathname of a URL (still percent-encoded) to a file inside `root`, or null if it
 * would leave the root or is spelled in a way no honest client spells it. `/` and paths ending
 * in `/` mean their index.html.
 */
export function resolveInsideRoot(root: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  const segments = safeSegments(decoded);
  if (!segments) return null;
  if (segments[segments.length - 1] === '') segments[segments.length - 1] = 'index.html';
  const base = path.resolve(root);
  const candidate = path.resolve(base, ...segments);
  return isInside(base, candidate) ? candidate : null;
}

/** Maps a relative file path from a package source (not URL-encoded) to a file inside `root`, or null. */
export function resolveRelativeInsideRoot(root: string, relativePath: string): string | null {
  if (path.isAbsolute(relativePath) || /^[A-Za-z]:/.test(relativePath)) return null;
  const segments = safeSegments(relativePath);
  if (!segments || segments[segments.length - 1] === '') return null;
  const base = path.resolve(root);
  const candidate = path.resolve(base, ...segments);
  return isInside(base, candidate) ? candidate : null;
}
