// Standard, padded base64 (RFC 4648 section 4) for keys and signatures, without Buffer or atob
// so it runs in Node, the renderer and a worker alike. Decoding is strict: one text has
// exactly one accepted spelling, so a signature cannot be altered into a second valid form.
import { ValidationError } from './errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

function charAt(index: number): string {
  return ALPHABET.charAt(index & 63);
}

/** Standard padded base64 of bytes. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    parts.push(charAt(n >> 18) + charAt(n >> 12) + charAt(n >> 6) + charAt(n));
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    parts.push(`${charAt(n >> 18)}${charAt(n >> 12)}==`);
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    parts.push(`${charAt(n >> 18)}${charAt(n >> 12)}${charAt(n >> 6)}=`);
  }
  return parts.join('');
}

/**
 * Bytes of standard padded base64. Rejects (ValidationError) anything else: wrong length,
 * characters outside the alphabet (including whitespace and URL-safe `-`/`_`), misplaced
 * padding, and non-zero unused bits in the last character.
 */
export function fromBase64(text: string, what = 'base64 text'): Uint8Array {
  if (typeof text !== 'string') throw new ValidationError(`${what}: expected a base64 string`);
  if (text.length % 4 !== 0) throw new ValidationError(`${what}: base64 length ${text.length} is not a multiple of 4`);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  const digits = text.length - padding;
  let o = 0;
  let acc = 0;
  for (let i = 0; i < digits; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? (VALUES[code] ?? -1) : -1;
    if (v < 0) throw new ValidationError(`${what}: invalid base64 character at index ${i}`);
    acc = (acc << 6) | v;
    if (i % 4 === 3) {
      out[o++] = (acc >> 16) & 255;
      out[o++] = (acc >> 8) & 255;
      out[o++] = acc & 255;
      acc = 0;
    }
  }
  if (padding === 2) {
    if ((acc & 0xf) !== 0) throw new ValidationError(`${what}: base64 has non-zero bits before its padding`);
    out[o] = (acc >> 4) & 255;
  } else if (padding === 1) {
    if ((acc & 0x3) !== 0) throw new ValidationError(`${what}: base64 has non-zero bits before its padding`);
    out[o++] = (acc >> 10) & 255;
    out[o] = (acc >> 2) & 255;
  }
  return out;
}
