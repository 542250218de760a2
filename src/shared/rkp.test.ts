import { describe, expect, it } from 'vitest';
import { IntegrityError, UnknownKeyError, UnsafeArchiveError, ValidationError } from './errors';
import { sha256Hex } from './hash';
import type { RawEntry, SignedManifestFixture } from '../../tests/helpers/packages';
import {
  countingStream,
  flipByte,
  hugeZeroChunkRkp,
  makeKey,
  makeRawRkp,
  makeRkp,
  makeSignedManifest,
  rkpEntries,
  trustOf,
  ZERO_CHUNK_SHA256,
  ZERO_CHUNK_SIZE,
} from '../../tests/helpers/packages';
import { MAX_CHECKED_CHUNK_BYTES } from './limits';
import type { Manifest } from './packageFormat';
import type { ChunkSink } from './rkp';
import { MAX_PIECE_BYTES, checkableChunk, gzipParts, readRkp, readRkpStream, writeRkp } from './rkp';
import { verifyManifest } from './verifyManifest';

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const reader = countingStream(bytes)
    .stream.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>)
    .getReader();
  const parts: number[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Uint8Array.from(parts);
    parts.push(...value);
  }
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return countingStream(bytes, 4096).stream;
}

async function fixture(files?: Record<string, string | Uint8Array>): Promise<SignedManifestFixture> {
  return makeSignedManifest({ keys: [await makeKey()], files: files ?? { 'layers/buildings.geojson': '{"type":"FeatureCollection","features":[]}' } });
}

async function readError(bytes: Uint8Array, maxBytes?: number): Promise<unknown> {
  return readRkp(streamOf(bytes), { file: 'test.rkp', ...(maxBytes ? { maxBytes } : {}) }).then(
    () => new Error('readRkp accepted the archive'),
    (e: unknown) => e,
  );
}

/** Entries of a valid archive with entry `index` changed. */
function alter(f: SignedManifestFixture, index: number, change: (e: RawEntry) => RawEntry): RawEntry[] {
  return rkpEntries(f).map((e, i) => (i === index ? change(e) : e));
}

describe('writeRkp and readRkp', () => {
  it('round-trips the manifest bytes and every chunk', async () => {
    const key = await makeKey();
    const f = await makeSignedManifest({ keys: [key], files: { 'layers/a.geojson': '{"a":1}', 'attachments/empty.pdf': '' } });
    const result = await readRkp(streamOf(await makeRkp(f)));
    expect(result.manifestBytes).toEqual(f.manifestBytes);
    expect(result.manifest).toEqual(f.manifest);
    expect(result.chunks).toEqual(f.chunks);
    await expect(verifyManifest(result.manifestBytes, { trusted: [trustOf(key)], now: new Date('2026-06-01T00:00:00Z') })).resolves.toBeTruthy();
  });

  it('stores content shared by two paths once', async () => {
    const f = await fixture({ 'briefings/a.md': 'same', 'briefings/b.md': 'same' });
    const result = await readRkp(streamOf(await makeRkp(f)));
    const same = await sha256Hex(new TextEncoder().encode('same'));
    expect(f.manifest.chunks.filter((c) => c.sha256 === same).map((c) => c.path)).toEqual(['briefings/a.md', 'briefings/b.md']);
    expect(result.chunks.size).toBe(f.manifest.chunks.length - 1);
    expect(result.chunks.get(same)).toEqual(new TextEncoder().encode('same'));
  });

  it('writes a tar that begins with a ustar header for manifest.json', async () => {
    const f = await fixture();
    const tar = await gunzip(await makeRkp(f));
    expect(new TextDecoder().decode(tar.subarray(0, 13))).toBe('manifest.json');
    expect(new TextDecoder().decode(tar.subarray(257, 263))).toBe('ustar\0');
  });

  it('refuses to write a chunk whose bytes do not match the manifest', async () => {
    const f = await fixture();
    await expect(writeRkp(f.manifestBytes, (ref) => flipByte(f.chunks.get(ref.sha256) ?? new Uint8Array(1), 0), f.manifest)).rejects.toThrow(IntegrityError);
  });
});

describe('readRkp rejects', () => {
  it('a chunk with one flipped byte, naming its path', async () => {
    const f = await fixture();
    const err = await readError(await makeRawRkp(alter(f, 1, (e) => ({ ...e, data: flipByte(e.data, 0) }))));
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as IntegrityError).message).toMatch(/test\.rkp: chunks\/[0-9a-f]{64} \(index\.json\) does not match its sha256/);
  });

  it('a chunk longer than declared', async () => {
    const f = await fixture();
    const entries = alter(f, 2, (e) => {
      const data = new Uint8Array(e.data.length + 100).fill(32);
      data.set(e.data);
      return { header: { ...e.header, size: data.length }, data };
    });
    const err = await readError(await makeRawRkp(entries));
    const declared = f.manifest.chunks[1]; // entry 2 is the second chunk
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as IntegrityError).location.path).toBe(declared?.path);
    expect((err as IntegrityError).message).toContain(`has ${(declared?.size ?? 0) + 100} bytes, the manifest declares ${declared?.size}`);
  });

  it('a truncated download (gzip cut off)', async () => {
    const f = await fixture({ 'layers/big.geojson': new Uint8Array(200_000).map((_, i) => (i * 31) % 251) });
    const rkp = await makeRkp(f);
    const err = await readError(rkp.subarray(0, Math.floor(rkp.length / 2)));
    expect(err).toBeInstanceOf(IntegrityError);
  });

  it('an archive that ends without its last chunk and end marker', async () => {
    const f = await fixture();
    const err = await readError(await makeRawRkp(rkpEntries(f).slice(0, 2), { end: false }));
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as Error).message).toMatch(/truncated/);
  });

  it('an archive that ends cleanly but misses a listed chunk', async () => {
    const f = await fixture();
    const err = await readError(await makeRawRkp(rkpEntries(f).slice(0, 2)));
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as Error).message).toMatch(/is missing/);
  });

  it('malformed manifest JSON', async () => {
    const f = await fixture();
    const bad = new TextEncoder().encode('{"formatVersion":1,');
    const err = await readError(await makeRawRkp(alter(f, 0, () => ({ header: { name: 'manifest.json', size: bad.length }, data: bad }))));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/^test\.rkp: manifest\.json: malformed JSON/);
  });

  it.each([
    ['path traversal', '../x'],
    ['path traversal inside chunks/', 'chunks/../../etc/passwd'],
    ['an absolute path', '/etc/x'],
    ['a Windows drive path', 'C:/x'],
    ['a backslash', 'chunks\\x'],
    ['an unexpected name', 'index.json'],
  ])('an entry with %s', async (_what, name) => {
    const f = await fixture();
    const data = new TextEncoder().encode('x');
    const entries = [...rkpEntries(f), { header: { name, size: 1 }, data }];
    const err = await readError(await makeRawRkp(entries));
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as Error).message).toContain(name);
  });

  it('a traversal hidden in the ustar prefix field', async () => {
    const f = await fixture();
    const entries = [...rkpEntries(f), { header: { name: 'x', prefix: '..', size: 0 }, data: new Uint8Array(0) }];
    await expect(readError(await makeRawRkp(entries))).resolves.toBeInstanceOf(UnsafeArchiveError);
  });

  it('a name with a NUL character followed by more text', async () => {
    const f = await fixture();
    const entries = alter(f, 1, (e) => ({ ...e, header: { ...e.header, name: `${e.header.name}\0../x` } }));
    const err = await readError(await makeRawRkp(entries));
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as Error).message).toMatch(/NUL/);
  });

  it('a symlink entry', async () => {
    const f = await fixture();
    const entries = alter(f, 1, (e) => ({ header: { name: e.header.name, size: 0, typeflag: '2', linkname: '/etc/passwd' }, data: new Uint8Array(0) }));
    const err = await readError(await makeRawRkp(entries));
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as Error).message).toMatch(/not a regular file \(tar type "2"\)/);
  });

  it('a duplicate entry', async () => {
    const f = await fixture();
    const entries = rkpEntries(f);
    // the smallest chunk: a copy of it still fits in the slack the size limit allows
    const smallest = entries.slice(1).reduce((a, b) => (b.data.length < a.data.length ? b : a));
    const err = await readError(await makeRawRkp([...entries, smallest]));
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as Error).message).toMatch(/duplicate entry/);
  });

  it('an entry the manifest does not list', async () => {
    const f = await fixture();
    const extra = new TextEncoder().encode('smuggled');
    const entries = [...rkpEntries(f), { header: { name: `chunks/${await sha256Hex(extra)}`, size: extra.length }, data: extra }];
    const err = await readError(await makeRawRkp(entries));
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as Error).message).toMatch(/not listed in the manifest/);
  });

  it('a chunk before manifest.json', async () => {
    const f = await fixture();
    const [manifest, ...rest] = rkpEntries(f);
    await expect(readError(await makeRawRkp([...rest, manifest as RawEntry]))).resolves.toBeInstanceOf(UnsafeArchiveError);
  });

  it('a header with a wrong checksum', async () => {
    const f = await fixture();
    const rkp = await makeRawRkp(rkpEntries(f), {});
    const tar = await gunzip(rkp);
    tar[0] = 'n'.charCodeAt(0); // "nanifest.json" with the old checksum
    const err = await readError(await gzipParts([tar]));
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as Error).message).toMatch(/checksum/);
  });

  it('data after the end marker that is not zero padding', async () => {
    const f = await fixture();
    const err = await readError(await makeRawRkp(rkpEntries(f), { trailing: [new TextEncoder().encode('extra')] }));
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as Error).message).toMatch(/after the end-of-archive marker/);
  });

  it('accepts a little zero padding after the end marker', async () => {
    const f = await fixture();
    const result = await readRkp(streamOf(await makeRawRkp(rkpEntries(f), { trailing: [new Uint8Array(1024)] })));
    expect(result.chunks.size).toBe(f.chunks.size);
  });

  it('a decompression bomb, and stops reading it early', async () => {
    const f = await fixture();
    // A valid archive followed by endless zeros: valid tar padding, but more than the manifest
    // accounts for. gzip members may follow one another, so the source repeats one 64 MiB zero
    // member (about 64 KB) for ever; a reader that did not stop would never return.
    const zeros = new Uint8Array(1024 * 1024);
    const zeroMember = await gzipParts(Array.from({ length: 64 }, () => zeros));
    let current = await makeRawRkp(rkpEntries(f));
    let offset = 0;
    let pulls = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          if (offset >= current.length) [current, offset] = [zeroMember, 0];
          controller.enqueue(current.slice(offset, offset + 1024));
          offset += 1024;
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const err = await readRkp(endless).then(
      () => new Error('accepted'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as Error).message).toMatch(/decompression bomb/);
    expect(cancelled).toBe(true);
    // Gave up within the first few hundred compressed KB (one member holds 64 MiB of zeros).
    expect(pulls).toBeLessThan(zeroMember.length / 1024 + 100);
  });

  it('an archive larger than the hard cap', async () => {
    const f = await fixture({ 'layers/big.geojson': new Uint8Array(100_000).fill(65) });
    const err = await readError(await makeRkp(f), 50_000);
    expect(err).toBeInstanceOf(UnsafeArchiveError);
  });

  it('a manifest entry that declares more than a manifest may be, before reading it', async () => {
    const f = await fixture();
    const huge = 1024 * 1024 * 1024;
    const entries = alter(f, 0, (e) => ({ ...e, header: { ...e.header, size: huge } }));
    const err = await readError(await makeRawRkp(entries));
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as Error).message).toMatch(/manifest\.json declares 1073741824 bytes/);
  });
});

describe('readRkp and its input stream', () => {
  it('passes on the error of a failing input stream unchanged', async () => {
    const f = await fixture();
    const rkp = await makeRkp(f);
    const dropped = new Error('connection reset');
    let sent = false;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(dropped);
        else controller.enqueue(rkp.slice(0, 100));
        sent = true;
      },
    });
    await expect(readRkp(failing)).rejects.toBe(dropped);
  });
});

describe('readRkp and a package nobody has vouched for yet', () => {
  const MiB = 1024 * 1024;

  it('hands verifyManifest the manifest once and returns the contents when it accepts', async () => {
    const f = await fixture();
    const seen: { bytes: Uint8Array; manifest: Manifest }[] = [];
    const result = await readRkp(streamOf(await makeRkp(f)), {
      verifyManifest: async (bytes, manifest) => {
        seen.push({ bytes, manifest });
      },
    });
    expect(seen).toEqual([{ bytes: f.manifestBytes, manifest: f.manifest }]);
    expect(result.chunks).toEqual(f.chunks);
  });

  it('refuses an unsigned 512 MiB zero chunk at its manifest, after reading a few KB', async () => {
    const { rkp } = await hugeZeroChunkRkp({ keys: [] });
    expect(rkp.length).toBeLessThan(600_000);
    const trusted = [trustOf(await makeKey())];
    const source = countingStream(rkp, 1024);
    const pullsAtVerify: number[] = [];
    const err = await readRkp(source.stream, {
      file: 'nullen.rkp',
      verifyManifest: async (bytes) => {
        pullsAtVerify.push(source.pulls());
        await verifyManifest(bytes, { trusted, now: new Date('2026-06-01T00:00:00Z') });
      },
    }).then(
      () => new Error('readRkp accepted the archive'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UnknownKeyError);
    expect(pullsAtVerify).toHaveLength(1);
    // The manifest is in the first KB. Node's DecompressionStream takes up to 64 KB of input
    // ahead of its reader (not more: each step waits for the previous one to be taken), so
    // at most that much of the 520 KB was read, and nothing after the refusal.
    expect(pullsAtVerify[0]).toBeLessThan(128);
    expect(source.pulls()).toBeLessThan(128);
    expect(source.cancelled()).toBe(true);
  });

  it('refuses a manifest that declares more than maxBytes before inflating its chunks', async () => {
    const { rkp } = await hugeZeroChunkRkp({ keys: [] });
    const source = countingStream(rkp, 1024);
    const err = await readRkp(source.stream, { file: 'nullen.rkp', maxBytes: 64 * MiB }).then(
      () => new Error('readRkp accepted the archive'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as Error).message).toMatch(/^nullen\.rkp: its manifest declares chunks that decompress to \d+ bytes, more than the 67108864 this reader accepts$/);
    expect(source.pulls()).toBeLessThan(128);
    expect(source.cancelled()).toBe(true);
  });

  // Node's memoryUsage counts ArrayBuffers from the moment they are allocated, zero-filled or not.
  const memoryUsage = (globalThis as { process?: { memoryUsage?: () => { arrayBuffers: number } } }).process?.memoryUsage;

  it.skipIf(!memoryUsage)('allocates a large chunk as its bytes arrive, not from its declared size', async () => {
    const { rkp, manifest } = await hugeZeroChunkRkp({ keys: [], zeroBytes: 2 * MiB });
    expect(manifest.chunks[1]?.size).toBe(ZERO_CHUNK_SIZE);
    const measure = () => memoryUsage?.().arrayBuffers ?? 0;
    const before = measure();
    let peak = before;
    // The whole file (3 KB) is taken at once; the end waits, so that the reader has by then
    // acted on the chunk header and read the 2 MiB, and is waiting for the rest.
    const source = countingStream(rkp, 1024, async (atEnd) => {
      if (atEnd) await new Promise((done) => setTimeout(done, 300));
      peak = Math.max(peak, measure());
    });
    const err = await readRkp(source.stream, { file: 'nullen.rkp' }).then(
      () => new Error('readRkp accepted the archive'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as Error).message).toMatch(/layers\/zeros\.bin\) is cut off/);
    // 2 MiB of data arrived: one 16 MiB piece at most, never the 512 MiB the header declares.
    expect(peak - before).toBeLessThan(64 * MiB);
  });
});

describe('readRkpStream: chunks to a sink, never held', () => {
  const MiB = 1024 * 1024;

  /** A sink that checks a chunk is all zeros as it passes and reports the known digest of that many zeros. */
  function zeroSink(pieces: number[], aborted: unknown[]): ChunkSink {
    let total = 0;
    let zeros = true;
    return {
      write(piece) {
        pieces.push(piece.byteLength);
        total += piece.byteLength;
        if (zeros && piece.some((b) => b !== 0)) zeros = false;
      },
      finish: async () => (zeros && total === ZERO_CHUNK_SIZE ? ZERO_CHUNK_SHA256 : 'not the zero chunk'),
      abort: (reason) => void aborted.push(reason),
    };
  }

  it('hands a 512 MiB chunk over in pieces of at most MAX_PIECE_BYTES and returns no chunk bytes', async () => {
    const { rkp, manifest } = await hugeZeroChunkRkp({ keys: [] });
    const pieces: number[] = [];
    const kept = new Map<string, Uint8Array>();
    const result = await readRkpStream(streamOf(rkp), {
      chunkSink: (ref) => {
        if (ref.sha256 === ZERO_CHUNK_SHA256) return zeroSink(pieces, []);
        // the small chunks go to an in-memory sink here, to compare their bytes
        const parts: Uint8Array[] = [];
        return {
          write: (piece) => void parts.push(piece.slice()),
          finish: async () => {
            const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
            let at = 0;
            for (const p of parts) {
              bytes.set(p, at);
              at += p.length;
            }
            kept.set(ref.sha256, bytes);
            return sha256Hex(bytes);
          },
          abort: () => undefined,
        };
      },
    });
    expect(Object.keys(result).sort()).toEqual(['manifest', 'manifestBytes']);
    expect(result.manifest).toEqual(manifest);
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(ZERO_CHUNK_SIZE);
    expect(Math.max(...pieces)).toBeLessThanOrEqual(MAX_PIECE_BYTES);
    expect(pieces.length).toBeGreaterThanOrEqual(ZERO_CHUNK_SIZE / MAX_PIECE_BYTES);
    expect(kept.size).toBe(manifest.chunks.length - 1);
  });

  it('refuses a chunk whose sink reports another digest, and aborts that sink', async () => {
    const { rkp } = await hugeZeroChunkRkp({ keys: [] });
    const aborted: unknown[] = [];
    const err = await readRkpStream(streamOf(rkp), {
      file: 'nullen.rkp',
      chunkSink: (ref) =>
        ref.sha256 === ZERO_CHUNK_SHA256
          ? { write: () => undefined, finish: async () => 'f'.repeat(64), abort: (reason) => void aborted.push(reason) }
          : { write: () => undefined, finish: async () => ref.sha256, abort: () => undefined },
    }).then(
      () => new Error('readRkpStream accepted the archive'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as Error).message).toBe(`nullen.rkp: chunks/${ZERO_CHUNK_SHA256} (layers/zeros.bin) does not match its sha256 (damaged or altered)`);
    expect(aborted).toEqual([err]);
  });

  it('hands a sink exactly the declared bytes: a chunk cut short is refused and its sink aborted', async () => {
    const { rkp } = await hugeZeroChunkRkp({ keys: [], zeroBytes: 2 * MiB });
    const pieces: number[] = [];
    const aborted: unknown[] = [];
    const err = await readRkpStream(streamOf(rkp), {
      file: 'nullen.rkp',
      chunkSink: (ref) => (ref.sha256 === ZERO_CHUNK_SHA256 ? zeroSink(pieces, aborted) : { write: () => undefined, finish: async () => ref.sha256, abort: () => undefined }),
    }).then(
      () => new Error('readRkpStream accepted the archive'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as Error).message).toMatch(/layers\/zeros\.bin\) is cut off/);
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(2 * MiB);
    expect(aborted).toEqual([err]);
  });

  it("stops and cancels the input when a sink fails (a full disk), with the sink's error", async () => {
    const { rkp } = await hugeZeroChunkRkp({ keys: [] });
    const source = countingStream(rkp, 1024);
    const full = new Error('ENOSPC: no space left on device');
    const err = await readRkpStream(source.stream, {
      chunkSink: (ref) => ({
        write: () => {
          if (ref.sha256 === ZERO_CHUNK_SHA256) throw full;
        },
        finish: async () => ref.sha256,
        abort: () => undefined,
      }),
    }).then(
      () => new Error('readRkpStream accepted the archive'),
      (e: unknown) => e,
    );
    expect(err).toBe(full);
    expect(source.cancelled()).toBe(true);
    expect(source.pulls()).toBeLessThan(source.pieces);
  });
});

describe('checkableChunk', () => {
  it(`refuses a chunk the content check would read whole when it is over ${MAX_CHECKED_CHUNK_BYTES} bytes, naming it`, () => {
    const ref = { path: 'layers/groot.geojson', sha256: 'a'.repeat(64), size: MAX_CHECKED_CHUNK_BYTES + 1, mediaType: 'application/geo+json' };
    expect(() => checkableChunk(ref)).toThrow(ValidationError);
    expect(() => checkableChunk(ref)).toThrow(/^layers\/groot\.geojson: 67108865 bytes; /);
    expect(() => checkableChunk({ ...ref, size: MAX_CHECKED_CHUNK_BYTES })).not.toThrow();
  });
});
