// The single-file package (.rkp): a gzip-compressed POSIX ustar archive whose first entry is
// manifest.json (the manifest bytes) followed by one `chunks/<sha256>` entry per distinct chunk
// in manifest order (docs/package-format.md, ".rkp"). Runs in Node and the renderer.
// readRkp treats the file as hostile: it never follows a name outside the package, never
// buffers more than an entry's declared size (and allocates a large entry only as its bytes
// arrive), stops inflating as soon as the output exceeds what the manifest allows, and checks
// every chunk's size and sha256. It does not check signatures itself: callers pass a
// `verifyManifest` option (signature, trust, expiry), which runs on the manifest BEFORE any
// chunk is inflated, so an untrusted file never costs more than its manifest to read.
// readRkpStream is the same reader without holding chunks: each chunk's bytes go, in pieces of
// at most MAX_PIECE_BYTES, to a sink the caller supplies (the hub writes them to its chunk
// store, `raadskaart verify` hashes and drops them), and the sink hashes them, so this module
// stays pure and a 900 MiB chunk never sits in one buffer.
import { IntegrityError, UnsafeArchiveError, ValidationError } from './errors';
import { canonicalJson } from './canonicalJson';
import { sha256Hex } from './hash';
import { MAX_CHECKED_CHUNK_BYTES, MAX_MANIFEST_BYTES } from './limits';
import type { ChunkRef, Manifest } from './packageFormat';
import { BLOCK_SIZE, blocksFor, decodeTarHeader, encodeTarEnd, encodeTarHeader, isZeroBlock, paddingFor } from './tar';
import { parseManifestBytes } from './verifyManifest';

export const MANIFEST_ENTRY = 'manifest.json';
/** Largest manifest.json a reader accepts (src/shared/limits.ts, shared with the app and the hub). */
export { MAX_MANIFEST_BYTES };
/** Default hard cap on the decompressed size of a .rkp (the reader holds every chunk in memory). */
export const DEFAULT_MAX_RKP_BYTES = 1024 * 1024 * 1024;
/** Compressed bytes handed to the decompressor per step, so inflating follows demand. */
const INFLATE_STEP = 16 * 1024;
/**
 * Entries up to this size get their buffer at once; larger ones are read into pieces of this
 * size allocated as the bytes arrive, and joined only when all of them are there, so a
 * declared size alone never allocates more than this.
 */
const ALLOCATION_STEP = 16 * 1024 * 1024;
/** Largest piece of a chunk handed to a ChunkSink at once. */
export const MAX_PIECE_BYTES = 1024 * 1024;

type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

const CHUNK_ENTRY = /^chunks\/([0-9a-f]{64})$/;

/**
 * Refuses a chunk the content check would have to hold whole (index.json, a GeoJSON layer, a
 * tile index) when it is larger than MAX_CHECKED_CHUNK_BYTES. Readers that stream chunks (the
 * hub, `raadskaart verify`) call it before reading such a chunk back.
 */
export function checkableChunk(ref: ChunkRef): void {
  if (ref.size > MAX_CHECKED_CHUNK_BYTES) {
    throw new ValidationError(
      `${ref.path}: ${ref.size} bytes; the content of index.json, GeoJSON layers and tile indexes is checked up to ${MAX_CHECKED_CHUNK_BYTES} bytes (64 MiB) per chunk: cut a large layer into vector tiles (raadskaart pack does for layers over 5 MiB)`,
      { file: ref.path, path: '$' },
    );
  }
}

/** Entry name of a chunk. */
export function chunkEntryName(sha256: string): string {
  return `chunks/${sha256}`;
}

/** Distinct chunks in first-appearance order: each content is stored once in a .rkp. */
function distinctChunks(manifest: Manifest): ChunkRef[] {
  const seen = new Set<string>();
  return manifest.chunks.filter((c) => (seen.has(c.sha256) ? false : (seen.add(c.sha256), true)));
}

/**
 * The most decompressed bytes a well-formed .rkp for this manifest can have: every entry's
 * data in whole blocks, a header per entry, the end marker, and a little slack for zero padding.
 */
export function rkpSizeLimit(manifestSize: number, manifest: Manifest, hardCap = DEFAULT_MAX_RKP_BYTES): number {
  const chunks = distinctChunks(manifest);
  const entries = chunks.length + 1;
  const data = blocksFor(manifestSize) + chunks.reduce((sum, c) => sum + blocksFor(c.size), 0);
  return Math.min(hardCap, data + BLOCK_SIZE * (entries + 4) + 2 * BLOCK_SIZE);
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    total += value.length;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** gzip of the concatenated parts (CompressionStream: Node 22 and Chromium). */
export function gzipParts(parts: readonly Uint8Array[]): Promise<Uint8Array> {
  let i = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = parts[i++];
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
  return collect(source.pipeThrough(new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>));
}

/**
 * A .rkp of a signed manifest and its chunks. Checks that manifestBytes is the canonical form of
 * manifest and that every chunk has its declared size and sha256 (IntegrityError otherwise), so a
 * broken package is never written.
 */
export async function writeRkp(manifestBytes: Uint8Array, chunkBytes: (ref: ChunkRef) => Promise<Uint8Array> | Uint8Array, manifest: Manifest): Promise<Uint8Array> {
  if (new TextDecoder().decode(manifestBytes) !== canonicalJson(manifest)) {
    throw new ValidationError(`${MANIFEST_ENTRY}: the manifest bytes are not the canonical JSON of the manifest being packed`, { file: MANIFEST_ENTRY });
  }
  const parts: Uint8Array[] = [encodeTarHeader({ name: MANIFEST_ENTRY, size: manifestBytes.length }), manifestBytes, new Uint8Array(paddingFor(manifestBytes.length))];
  for (const ref of distinctChunks(manifest)) {
    const bytes = await chunkBytes(ref);
    if (bytes.length !== ref.size) throw new IntegrityError(`${ref.path}: chunk has ${bytes.length} bytes, the manifest declares ${ref.size}`, { path: ref.path });
    if ((await sha256Hex(bytes)) !== ref.sha256) throw new IntegrityError(`${ref.path}: chunk bytes do not hash to ${ref.sha256}`, { path: ref.path });
    parts.push(encodeTarHeader({ name: chunkEntryName(ref.sha256), size: bytes.length }), bytes, new Uint8Array(paddingFor(bytes.length)));
  }
  parts.push(encodeTarEnd());
  return gzipParts(parts);
}

/**
 * The decompressed side of a .rkp stream. A feeder hands compressed input to the decompressor
 * in steps of at most INFLATE_STEP bytes and waits for each write to be taken before reading
 * more, so the decompressor's backpressure reaches the source: when the reader stops (limit
 * exceeded) the rest of the input is neither read nor inflated. Not pipeThrough: Node 22's
 * pipeTo into DecompressionStream reads the whole source ahead of the decompressor.
 */
class Inflater {
  private readonly out: ReadableStreamDefaultReader<Uint8Array>;
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly source: ReadableStreamDefaultReader<Uint8Array>;
  private stopped = false;
  /** Set when the input stream itself failed (file unreadable, connection dropped). */
  sourceError: unknown;

  constructor(input: ReadableStream<Uint8Array>) {
    const gunzip = new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>;
    this.out = gunzip.readable.getReader();
    this.writer = gunzip.writable.getWriter();
    this.source = input.getReader();
    void this.feed();
  }

  private async feed(): Promise<void> {
    try {
      for (;;) {
        let next: ReadResult;
        try {
          next = await this.source.read();
        } catch (err) {
          this.sourceError = err;
          throw err;
        }
        const { done, value } = next;
        if (this.stopped) return;
        if (done) {
          await this.writer.close();
          return;
        }
        for (let offset = 0; offset < value.length && !this.stopped; offset += INFLATE_STEP) {
          await this.writer.write(value.subarray(offset, offset + INFLATE_STEP));
        }
      }
    } catch (err) {
      // A failing source (network) or a damaged gzip stream: make the waiting read fail too.
      await this.writer.abort(err).catch(() => undefined);
    }
  }

  read(): Promise<ReadResult> {
    return this.out.read();
  }

  async stop(reason: unknown): Promise<void> {
    this.stopped = true;
    await Promise.all([this.source.cancel(reason).catch(() => undefined), this.writer.abort(reason).catch(() => undefined), this.out.cancel(reason).catch(() => undefined)]);
  }
}

/** Decompressed bytes of a .rkp, counted against a limit that can shrink once the manifest is known. */
class ArchiveBytes {
  total = 0;
  private pending: Uint8Array = new Uint8Array(0);
  private offset = 0;

  constructor(
    private readonly inflater: Inflater,
    private limit: number,
    private readonly file: string,
  ) {}

  setLimit(limit: number): void {
    this.limit = limit;
    this.check();
  }

  private check(): void {
    if (this.total > this.limit) {
      throw new UnsafeArchiveError(`${this.file}: decompresses to more than ${this.limit} bytes, more than its manifest accounts for (decompression bomb?)`, { file: this.file });
    }
  }

  private async fill(): Promise<boolean> {
    let result: ReadResult;
    try {
      result = await this.inflater.read();
    } catch (err) {
      // The caller's own stream error (e.g. a FetchError for a dropped download) stays as it is.
      if (this.inflater.sourceError !== undefined) throw this.inflater.sourceError;
      const detail = err instanceof Error && err.message ? ` (${err.message})` : '';
      throw new IntegrityError(`${this.file}: the compressed data is damaged or cut off${detail}`, { file: this.file });
    }
    if (result.done) return false;
    this.total += result.value.length;
    this.check();
    this.pending = result.value;
    this.offset = 0;
    return true;
  }

  /** Decompressed bytes the archive may still deliver before the limit is exceeded. */
  remaining(): number {
    return this.limit - this.total + (this.pending.length - this.offset);
  }

  /** Exactly `size` bytes in one buffer (only the manifest, at most MAX_MANIFEST_BYTES), or undefined when the data ends first. */
  async readExactly(size: number): Promise<Uint8Array | undefined> {
    const data = new Uint8Array(size);
    return (await this.readInto(data)) ? data : undefined;
  }

  /**
   * Hands exactly `size` bytes to `write` in order, in pieces of at most MAX_PIECE_BYTES, each
   * write awaited before the next byte is inflated; false when the data ends first. A piece is
   * a view of bytes the reader never reuses, so a sink may keep it.
   */
  async pipeExactly(size: number, write: (piece: Uint8Array) => void | Promise<void>): Promise<boolean> {
    let left = size;
    while (left > 0) {
      if (this.offset >= this.pending.length && !(await this.fill())) return false;
      const n = Math.min(left, this.pending.length - this.offset, MAX_PIECE_BYTES);
      await write(this.pending.subarray(this.offset, this.offset + n));
      this.offset += n;
      left -= n;
    }
    return true;
  }

  /** Fills target completely; false when the data ends first. */
  async readInto(target: Uint8Array): Promise<boolean> {
    let filled = 0;
    while (filled < target.length) {
      if (this.offset >= this.pending.length && !(await this.fill())) return false;
      const n = Math.min(target.length - filled, this.pending.length - this.offset);
      target.set(this.pending.subarray(this.offset, this.offset + n), filled);
      filled += n;
      this.offset += n;
    }
    return true;
  }

  /** Consumes the rest; true when all of it is zero bytes (tar padding). */
  async restIsZero(): Promise<boolean> {
    for (;;) {
      while (this.offset < this.pending.length) if (this.pending[this.offset++] !== 0) return false;
      if (!(await this.fill())) return true;
    }
  }
}

type EntryKind = { kind: 'manifest' } | { kind: 'chunk'; sha256: string };

/** What an entry name may be; anything else (outside the package, unexpected) is refused. */
function classifyEntry(name: string, where: string): EntryKind {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new UnsafeArchiveError(`${where}: entry "${name}" has an absolute path`, { path: name });
  if (name.includes('\\')) throw new UnsafeArchiveError(`${where}: entry "${name}" contains a backslash`, { path: name });
  if (name.includes('..')) throw new UnsafeArchiveError(`${where}: entry "${name}" contains ".." (path traversal)`, { path: name });
  if (name.includes('\0')) throw new UnsafeArchiveError(`${where}: entry name contains a NUL character`, { path: name });
  if (name === MANIFEST_ENTRY) return { kind: 'manifest' };
  const m = CHUNK_ENTRY.exec(name);
  if (m?.[1]) return { kind: 'chunk', sha256: m[1] };
  throw new UnsafeArchiveError(`${where}: entry "${name}" is neither ${MANIFEST_ENTRY} nor chunks/<sha256>`, { path: name });
}

export type ReadRkpOptions = {
  /** Hard cap on decompressed bytes (default DEFAULT_MAX_RKP_BYTES). */
  maxBytes?: number;
  /** Names the file in messages (default "package file"). */
  file?: string;
  /**
   * Called once with the manifest (its exact bytes and the parsed form) as soon as the
   * manifest entry is read, before any chunk is inflated. Pass the signature, trust and expiry
   * check here (verifyManifest from ./verifyManifest): when it throws, reading stops at once,
   * the input stream is cancelled and readRkp rejects with that error. Without it, readRkp
   * inflates and holds the chunks of a file nobody has vouched for (up to maxBytes).
   */
  verifyManifest?: (manifestBytes: Uint8Array, manifest: Manifest) => Promise<void>;
};

export type RkpContents = { manifestBytes: Uint8Array; manifest: Manifest; chunks: Map<string, Uint8Array> };

/** The manifest of a .rkp read by readRkpStream (its chunks went to the sinks). */
export type RkpManifest = { manifestBytes: Uint8Array; manifest: Manifest };

/**
 * Where readRkpStream puts one chunk's bytes. The reader checks the entry's declared size
 * against the manifest before it asks for a sink, hands over exactly that many bytes, and
 * compares the digest `finish` returns with the manifest's sha256.
 */
export type ChunkSink = {
  /** The next piece (at most MAX_PIECE_BYTES), in order; awaited before more is inflated. */
  write(piece: Uint8Array): void | Promise<void>;
  /** Every declared byte was written: the lowercase hex SHA-256 of the bytes received. */
  finish(): Promise<string>;
  /**
   * Reading this chunk failed (cut off, damaged, a digest that differs from the manifest's,
   * or any later error of this chunk): drop what was received. May follow `finish`.
   */
  abort(reason: unknown): void | Promise<void>;
};

export type ReadRkpStreamOptions = ReadRkpOptions & {
  /** A sink for each distinct chunk, asked for when its entry is reached (never for an unlisted entry). */
  chunkSink: (ref: ChunkRef) => ChunkSink | Promise<ChunkSink>;
};

/**
 * Reads a .rkp stream: the manifest (parsed; checked by opts.verifyManifest when given, before
 * any chunk is read) and every chunk by sha256, each checked against the manifest. Throws
 * UnsafeArchiveError (names, links, unlisted or duplicate entries, too much data, a package
 * larger than maxBytes), IntegrityError (size, hash, truncation, damaged gzip), ValidationError
 * (manifest) or whatever verifyManifest throws. Cancels the input stream on any error.
 * Holds every chunk in memory: for large packages use readRkpStream.
 */
export async function readRkp(stream: ReadableStream<Uint8Array>, opts: ReadRkpOptions = {}): Promise<RkpContents> {
  const chunks = new Map<string, Uint8Array>();
  const { manifestBytes, manifest } = await readRkpStream(stream, { ...opts, chunkSink: (ref) => memorySink(ref, (bytes) => chunks.set(ref.sha256, bytes)) });
  return { manifestBytes, manifest, chunks };
}

/**
 * readRkp without holding the chunks: each chunk's bytes go to the sink `opts.chunkSink` gives
 * for it, in bounded pieces, and its digest is compared with the manifest. Same checks and
 * errors as readRkp; on any error the current sink is aborted and the input stream cancelled
 * (sinks that finished earlier keep their verified chunks: the caller decides what to do
 * with them).
 */
export async function readRkpStream(stream: ReadableStream<Uint8Array>, opts: ReadRkpStreamOptions): Promise<RkpManifest> {
  const file = opts.file ?? 'package file';
  const hardCap = opts.maxBytes ?? DEFAULT_MAX_RKP_BYTES;
  const inflater = new Inflater(stream);
  const bytes = new ArchiveBytes(inflater, hardCap, file);
  try {
    return await readEntries(bytes, file, hardCap, opts.verifyManifest, opts.chunkSink);
  } catch (err) {
    await inflater.stop(err);
    throw err;
  }
}

/**
 * A sink that keeps a chunk in memory: entries up to ALLOCATION_STEP get their buffer at once,
 * larger ones pieces of that size allocated as bytes arrive, joined at the end, so a declared
 * size alone never allocates more than ALLOCATION_STEP. `keep` receives the bytes once hashed.
 */
function memorySink(ref: ChunkRef, keep: (bytes: Uint8Array) => void): ChunkSink {
  const parts: Uint8Array[] = [];
  let current = new Uint8Array(Math.min(ref.size, ALLOCATION_STEP));
  let filled = 0;
  let total = 0;
  return {
    write(piece) {
      let offset = 0;
      while (offset < piece.length) {
        if (filled === current.length) {
          parts.push(current);
          current = new Uint8Array(Math.min(ref.size - total, ALLOCATION_STEP));
          filled = 0;
        }
        const n = Math.min(piece.length - offset, current.length - filled);
        current.set(piece.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        total += n;
      }
    },
    async finish() {
      parts.push(current.subarray(0, filled));
      let data: Uint8Array;
      if (parts.length === 1) data = parts[0] as Uint8Array;
      else {
        data = new Uint8Array(total);
        let offset = 0;
        for (let i = 0; i < parts.length; i++) {
          const part = parts[i] as Uint8Array;
          data.set(part, offset);
          offset += part.length;
          // let each piece go as soon as it is copied
          parts[i] = new Uint8Array(0);
        }
      }
      parts.length = 0;
      const digest = await sha256Hex(data);
      if (digest === ref.sha256) keep(data);
      return digest;
    },
    abort() {
      parts.length = 0;
    },
  };
}

async function readEntries(
  bytes: ArchiveBytes,
  file: string,
  hardCap: number,
  verify: ReadRkpOptions['verifyManifest'],
  chunkSink: ReadRkpStreamOptions['chunkSink'],
): Promise<RkpManifest> {
  const block = new Uint8Array(BLOCK_SIZE);
  let manifestBytes: Uint8Array | undefined;
  let manifest: Manifest | undefined;
  let declared = new Map<string, ChunkRef>();
  const received = new Set<string>();

  for (let index = 0; ; index++) {
    const at = `${file}: entry ${index + 1}`;
    if (!(await bytes.readInto(block))) {
      throw new IntegrityError(`${file}: ends before the end-of-archive marker (truncated download?)`, { file });
    }
    if (isZeroBlock(block)) {
      if (!manifest) throw new UnsafeArchiveError(`${file}: has no ${MANIFEST_ENTRY}`, { file });
      if (!(await bytes.readInto(block))) throw new IntegrityError(`${file}: ends inside the end-of-archive marker (truncated download?)`, { file });
      if (!isZeroBlock(block) || !(await bytes.restIsZero())) {
        throw new UnsafeArchiveError(`${file}: has data after the end-of-archive marker`, { file });
      }
      break;
    }
    const header = decodeTarHeader(block, at);
    const entry = classifyEntry(header.name, at);
    // Links, directories, devices, pax or GNU extension headers: none belongs in a .rkp.
    if (header.typeflag !== '0' && header.typeflag !== '\0') {
      throw new UnsafeArchiveError(`${at}: "${header.name}" is not a regular file (tar type "${header.typeflag}")`, { file, path: header.name });
    }

    if (entry.kind === 'manifest') {
      if (manifest) throw new UnsafeArchiveError(`${at}: duplicate entry "${MANIFEST_ENTRY}"`, { file, path: header.name });
      if (index !== 0) throw new UnsafeArchiveError(`${at}: ${MANIFEST_ENTRY} must be the first entry`, { file, path: header.name });
      const max = Math.min(MAX_MANIFEST_BYTES, hardCap);
      if (header.size > max) throw new UnsafeArchiveError(`${at}: ${MANIFEST_ENTRY} declares ${header.size} bytes, more than the ${max} allowed`, { file, path: header.name });
      const data = await bytes.readExactly(header.size);
      if (!data) throw new IntegrityError(`${file}: ${MANIFEST_ENTRY} is cut off (truncated download?)`, { file, path: header.name });
      await skipPadding(bytes, header.size, file, header.name);
      manifestBytes = data;
      manifest = parseManifestBytes(data, `${file}: ${MANIFEST_ENTRY}`);
      declared = new Map(distinctChunks(manifest).map((c) => [c.sha256, c]));
      // A package this reader could never hold is refused now, not after inflating most of it.
      const needed = rkpSizeLimit(data.length, manifest, Number.MAX_SAFE_INTEGER);
      if (needed > hardCap) {
        throw new UnsafeArchiveError(`${file}: its manifest declares chunks that decompress to ${needed} bytes, more than the ${hardCap} this reader accepts`, { file });
      }
      bytes.setLimit(needed);
      // Signature, trust and expiry before a single chunk byte is inflated or allocated.
      if (verify) await verify(data, manifest);
      continue;
    }

    if (!manifest) throw new UnsafeArchiveError(`${at}: ${MANIFEST_ENTRY} must be the first entry, found "${header.name}"`, { file, path: header.name });
    const ref = declared.get(entry.sha256);
    if (!ref) throw new UnsafeArchiveError(`${at}: "${header.name}" is not listed in the manifest`, { file, path: header.name });
    if (received.has(entry.sha256)) throw new UnsafeArchiveError(`${at}: duplicate entry "${header.name}"`, { file, path: header.name });
    if (header.size !== ref.size) {
      throw new IntegrityError(`${file}: ${header.name} (${ref.path}) has ${header.size} bytes, the manifest declares ${ref.size}`, { file, path: ref.path });
    }
    // Never allocate for a size the rest of the archive cannot deliver within its limit.
    if (blocksFor(ref.size) > bytes.remaining()) {
      throw new UnsafeArchiveError(`${file}: ${header.name} (${ref.path}) declares ${ref.size} bytes, more than the ${bytes.remaining()} left within the limit`, {
        file,
        path: ref.path,
      });
    }
    const sink = await chunkSink(ref);
    try {
      if (!(await bytes.pipeExactly(ref.size, (piece) => sink.write(piece)))) {
        throw new IntegrityError(`${file}: ${header.name} (${ref.path}) is cut off (truncated download?)`, { file, path: ref.path });
      }
      if ((await sink.finish()) !== ref.sha256) {
        throw new IntegrityError(`${file}: ${header.name} (${ref.path}) does not match its sha256 (damaged or altered)`, { file, path: ref.path });
      }
      await skipPadding(bytes, ref.size, file, header.name);
    } catch (err) {
      await sink.abort(err);
      throw err;
    }
    received.add(ref.sha256);
  }

  if (!manifest || !manifestBytes) throw new UnsafeArchiveError(`${file}: has no ${MANIFEST_ENTRY}`, { file });
  for (const ref of declared.values()) {
    if (!received.has(ref.sha256)) throw new IntegrityError(`${file}: ${chunkEntryName(ref.sha256)} (${ref.path}) is missing`, { file, path: ref.path });
  }
  return { manifestBytes, manifest };
}

async function skipPadding(bytes: ArchiveBytes, size: number, file: string, name: string): Promise<void> {
  const padding = paddingFor(size);
  if (padding && !(await bytes.readInto(new Uint8Array(padding)))) {
    throw new IntegrityError(`${file}: ${name} is cut off (truncated download?)`, { file, path: name });
  }
}
