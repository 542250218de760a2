import { describe, expect, it } from 'vitest';
import { ENROLMENT_ALPHABET, formatEnrolmentCode, groupKeyCode, keyCodeLines, newEnrolmentCode, parseEnrolmentCode } from './codes';

describe('enrolment codes', () => {
  it('are 16 characters without look-alikes, shown as four groups of four', () => {
    const codes = Array.from({ length: 200 }, newEnrolmentCode);
    for (const code of codes) {
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{16}$/);
      expect(formatEnrolmentCode(code)).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    }
    expect(new Set(codes).size).toBe(codes.length);
    for (const lookAlike of ['0', 'O', '1', 'I', 'L']) expect(ENROLMENT_ALPHABET).not.toContain(lookAlike);
  });

  it('reads a typed code whatever its case, spaces and dashes', () => {
    expect(parseEnrolmentCode(' 7kqm x2pa-hc9t–zw4r ')).toEqual({ ok: true, code: '7KQMX2PAHC9TZW4R' });
  });

  it('says which character never occurs in codes, or that the length is wrong', () => {
    expect(parseEnrolmentCode('7KQM-X2PA-HC9T-ZW4O')).toEqual({ ok: false, reason: 'character', character: 'O' });
    expect(parseEnrolmentCode('7KQM-X2PA-HC9T')).toEqual({ ok: false, reason: 'length' });
    expect(parseEnrolmentCode('  ')).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('the hub key code', () => {
  const keyid = 'a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';
  it('is shown in groups of four, four groups to a line, the same on the console and in the app', () => {
    expect(groupKeyCode(keyid).split(' ')).toHaveLength(16);
    expect(keyCodeLines(keyid)).toEqual(['a1b2 c3d4 e5f6 0718', '293a 4b5c 6d7e 8f90', '1122 3344 5566 7788', '99aa bbcc ddee ff00']);
    expect(keyCodeLines(keyid).join(' ')).toBe(groupKeyCode(keyid));
  });
});
