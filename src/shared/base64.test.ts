import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './base64';
import { ValidationError } from './errors';

function viaBtoa(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

describe('base64', () => {
  it('encodes and decodes every length from 0 to 40 like the platform codec', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 255);
      expect(toBase64(bytes)).toBe(viaBtoa(bytes));
      expect(fromBase64(viaBtoa(bytes))).toEqual(bytes);
    }
  });

  it.each([
    ['a length that is not a multiple of 4', 'QUJD='],
    ['whitespace', 'QUJD\nREVG'],
    ['URL-safe characters', 'ab-_'],
    ['padding in the middle', 'QQ==QUJD'],
    ['three padding characters', 'Q==='],
    ['non-zero bits before the padding', 'QR=='],
    ['a non-ASCII character', 'QUJé'],
  ])('rejects %s', (_what, text) => {
    expect(() => fromBase64(text)).toThrow(ValidationError);
  });
});
