// A minimal POSIX ustar encoder/decoder for .rkp files: 512-byte headers, octal fields, header
// checksum. Only what .rkp needs (regular files with short names); deliberately no tar library,
// so there is no code path for links, devices, pax/GNU extensions or long names to go wrong.
// Decoding reports what a header says; rkp.ts decides what is allowed.
import { UnsafeArchiveError, ValidationError } from './errors';

export const BLOCK_SIZE = 512;
/** Largest size an 11-digit octal field holds (8 GiB - 1). */
export const MAX_ENTRY_SIZE = 0o77777777777;

const encoder = new TextEncoder();

/** Bytes from `size` up to the next block boundary. */
export function paddingFor(size: number): number {
  return (BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE;
}

/** size rounded up to whole blocks. */
export function blocksFor(size: number): number {
  return size + paddingFor(size);
}

function writeString(block: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > length) throw new ValidationError(`tar: "${value}" does not fit in a ${length}-byte header field`);
  block.set(bytes, offset);
}

function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  // length - 1 octal digits, zero padded, then NUL.
  writeString(block, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

export type TarHeaderInput = {
  name: string;
  size: number;
  /** '0' regular file (default); tests use others ('2' symlink, '5' directory) to build bad archives. */
  typeflag?: string;
  linkname?: string;
  mode?: number;
  /** Bytes of the ustar prefix field; only tests that build hostile archives set it. */
  prefix?: string;
};

/** One ustar header block. mtime, uid and gid are 0 so the same package gives the same bytes. */
export function encodeTarHeader(entry: TarHeaderInput): Uint8Array {
  if (!Number.isInteger(entry.size) || entry.size < 0 || entry.size > MAX_ENTRY_SIZE) throw new ValidationError(`tar: ${entry.name}: size ${entry.size} cannot be stored`);
  const block = new Uint8Array(BLOCK_SIZE);
  writeString(block, 0, 100, entry.name);
  writeOctal(block, 100, 8, entry.mode ?? 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, entry.size);
  writeOctal(block, 136, 12, 0);
  block.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  writeString(block, 156, 1, entry.typeflag ?? '0');
  writeString(block, 157, 100, entry.linkname ?? '');
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
  writeOctal(block, 329, 8, 0);
  writeOctal(block, 337, 8, 0);
  writeString(block, 345, 155, entry.prefix ?? '');
  const sum = block.reduce((a, b) => a + b, 0);
  writeString(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** The two zero blocks that end an archive. */
export function encodeTarEnd(): Uint8Array {
  return new Uint8Array(2 * BLOCK_SIZE);
}

export type TarHeader = {
  /** prefix + "/" + name when a prefix is present. */
  name: string;
  size: number;
  typeflag: string;
};

export function isZeroBlock(block: Uint8Array): boolean {
  for (const b of block) if (b !== 0) return false;
  return true;
}

function readOctal(block: Uint8Array, offset: number, length: number, field: string, where: string): number {
  const bytes = block.subarray(offset, offset + length);
  // Base-256 (high bit set) is a GNU extension for huge values: never in a .rkp.
  if (((bytes[0] ?? 0) & 0x80) !== 0) throw new UnsafeArchiveError(`${where}: tar ${field} uses a binary encoding`);
  let text = '';
  for (const b of bytes) {
    if (b === 0 || b === 0x20) {
      if (text.length > 0) break;
      continue; // leading spaces/NULs are tolerated by every tar
    }
    if (b < 0x30 || b > 0x37) throw new UnsafeArchiveError(`${where}: tar ${field} is not an octal number`);
    text += String.fromCharCode(b);
  }
  return text.length ? parseInt(text, 8) : 0;
}

/** A NUL-terminated text field; NUL followed by more text is rejected (a name hiding a second name). */
function readText(block: Uint8Array, offset: number, length: number, field: string, where: string): string {
  const bytes = block.subarray(offset, offset + length);
  let end = bytes.indexOf(0);
  if (end < 0) end = length;
  for (let i = end; i < length; i++) {
    if (bytes[i] !== 0) throw new UnsafeArchiveError(`${where}: tar ${field} contains a NUL character`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
  } catch {
    throw new UnsafeArchiveError(`${where}: tar ${field} is not valid UTF-8`);
  }
}

/**
 * Decodes a header block (the caller handles zero blocks first). Throws UnsafeArchiveError
 * on a bad checksum, a missing ustar magic or malformed fields. `where` names the archive position.
 */
export function decodeTarHeader(block: Uint8Array, where: string): TarHeader {
  if (block.length !== BLOCK_SIZE) throw new UnsafeArchiveError(`${where}: tar header is ${block.length} bytes, not ${BLOCK_SIZE}`);
  const stored = readOctal(block, 148, 8, 'checksum', where);
  let sum = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  if (sum !== stored) throw new UnsafeArchiveError(`${where}: tar header checksum does not match (damaged or not a tar archive)`);
  const magic = String.fromCharCode(...block.subarray(257, 265));
  // Only POSIX "ustar\0" + "00": GNU and pre-POSIX headers use the prefix field differently.
  if (magic !== 'ustar\u000000') throw new UnsafeArchiveError(`${where}: not a POSIX ustar header`);
  const name = readText(block, 0, 100, 'name', where);
  const prefix = readText(block, 345, 155, 'name prefix', where);
  const size = readOctal(block, 124, 12, 'size', where);
  const typeflag = String.fromCharCode(block[156] ?? 0);
  return { name: prefix ? `${prefix}/${name}` : name, size, typeflag };
}
