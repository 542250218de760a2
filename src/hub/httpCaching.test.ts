import { describe, expect, it } from 'vitest';
import { ifNoneMatchHits, ifRangeAllows, parseRange } from './httpCaching';

describe('parseRange', () => {
  it.each([
    ['bytes=0-0', 10, { start: 0, end: 0 }],
    ['bytes=2-5', 10, { start: 2, end: 5 }],
    ['bytes=2-', 10, { start: 2, end: 9 }],
    ['bytes=5-999', 10, { start: 5, end: 9 }],
    ['bytes=-4', 10, { start: 6, end: 9 }],
    ['bytes=-999', 10, { start: 0, end: 9 }],
  ])('reads %s of %i bytes as a satisfiable range', (header, size, range) => {
    expect(parseRange(header, size)).toEqual(range);
  });

  it.each([
    ['bytes=10-', 10],
    ['bytes=10-20', 10],
    ['bytes=-0', 10],
    ['bytes=0-', 0],
    ['bytes=-5', 0],
    // positions beyond any byte offset (2^53 - 1) are no range of this chunk
    ['bytes=0-99999999999999999999', 10],
    ['bytes=99999999999999999999-', 10],
    ['bytes=-99999999999999999999', 10],
  ])('reads %s of %i bytes as unsatisfiable (416)', (header, size) => {
    expect(parseRange(header, size)).toBe('unsatisfiable');
  });

  it.each([undefined, 'items=0-5', 'bytes=5-2', 'bytes=0-1,4-5', 'bytes=-', 'bytes=a-b'])('ignores %s and lets the whole chunk be sent', (header) => {
    expect(parseRange(header, 10)).toBeUndefined();
  });
});

describe('entity tags', () => {
  const etag = '"abc"';
  it('matches If-None-Match by weak comparison, in lists and for *', () => {
    expect(ifNoneMatchHits('"abc"', etag)).toBe(true);
    expect(ifNoneMatchHits('W/"abc"', etag)).toBe(true);
    expect(ifNoneMatchHits('"x", "abc"', etag)).toBe(true);
    expect(ifNoneMatchHits('*', etag)).toBe(true);
    expect(ifNoneMatchHits('"abd"', etag)).toBe(false);
    expect(ifNoneMatchHits(undefined, etag)).toBe(false);
  });

  it('allows a range only when If-Range is absent or names this exact tag', () => {
    expect(ifRangeAllows(undefined, etag)).toBe(true);
    expect(ifRangeAllows('"abc"', etag)).toBe(true);
    expect(ifRangeAllows('W/"abc"', etag)).toBe(false);
    expect(ifRangeAllows('Wed, 21 Oct 2015 07:28:00 GMT', etag)).toBe(false);
  });
});
