// HTTP caching helpers of the hub: single byte ranges (RFC 9110 §14) and entity-tag matching
// for If-None-Match / If-Range. Pure functions of header text and sizes, so every corner is
// unit-tested; they never touch the file system.

export type ByteRange = { start: number; end: number };

/**
 * Interprets a Range header for a representation of `size` bytes:
 * - a ByteRange (end inclusive, clamped to the last byte) when one satisfiable range is asked;
 * - 'unsatisfiable' when the one range asked starts at or past the end, or names a position
 *   too large to be a byte offset at all (above 2^53 - 1) (answer 416);
 * - undefined when the header is absent, malformed, not in bytes, or asks several ranges:
 *   the server then ignores it and sends the whole representation (RFC 9110 allows that).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header.trim());
  if (!m) return undefined;
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return undefined;
  // digits that are no byte offset: a client asking for them cannot be served a part of this
  if ((first !== '' && !Number.isSafeInteger(Number(first))) || (last !== '' && !Number.isSafeInteger(Number(last)))) return 'unsatisfiable';
  if (first === '') {
    // suffix range: the last N bytes
    const n = Number(last);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}

/** The entity tags listed in an If-None-Match / If-Range header, with W/ removed; ['*'] for any. */
function listedTags(header: string): string[] {
  if (header.trim() === '*') return ['*'];
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .filter((t) => t.length > 0);
}

/** If-None-Match uses weak comparison: true when the client's copy is current (answer 304). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = listedTags(header);
  return tags.includes('*') || tags.includes(etag);
}

/** If-Range needs a strong match; a date or another tag means "send the whole thing". */
export function ifRangeAllows(header: string | undefined, etag: string): boolean {
  if (header === undefined) return true;
  return header.trim() === etag;
}
