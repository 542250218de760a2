// The test package builder, in layers: buildPackage makes a package's bytes (a manifest signed
// by the given keys over chunks with real SHA-256 addresses), rkpOf makes a .rkp file of it,
// and the hostile-archive helpers below build deliberately broken files. The Dexie and hub
// fixtures (tests/helpers/dexie.ts, tests/helpers/hub.ts) build on these. Pure (WebCrypto,
// CompressionStream), so tests in Node and the renderer share them. Never used by product code.
// Packages get valid content by default (tests/helpers/packageIndex.ts's defaultIndex with the
// chunks it names), so the content check of the installer, `raadskaart verify` and the hub
// accepts them.
import { defaultIndex, square } from './packageIndex';
import { canonicalJsonBytes } from '../../src/shared/canonicalJson';
import { sha256Hex } from '../../src/shared/hash';
import type { PrivateKeyFile, PublicKeyFile, TrustedKey } from '../../src/shared/keys';
import { generateKeyPair, trustedKeyOf } from '../../src/shared/keys';
import type { ChunkRef, Manifest } from '../../src/shared/packageFormat';
import { INDEX_PATH } from '../../src/shared/packageFormat';
import { chunkEntryName, gzipParts, MANIFEST_ENTRY, writeRkp } from '../../src/shared/rkp';
import { signDocument } from '../../src/shared/signing';
import type { TarHeaderInput } from '../../src/shared/tar';
import { encodeTarEnd, encodeTarHeader, paddingFor } from '../../src/shared/tar';

export type TestKey = { privateKey: PrivateKeyFile; publicKey: PublicKeyFile };

export async function makeKey(): Promise<TestKey> {
  return generateKeyPair();
}

export function trustOf(key: TestKey, role: TrustedKey['role'] = 'publisher', packageIds?: string[]): TrustedKey {
  return trustedKeyOf(key.publicKey, role, `test ${role} key`, packageIds);
}

/** Media type of a chunk by its path, as the packer gives it. */
export function mediaTypeOf(path: string): string {
  if (path.endsWith('.geojson')) return 'application/geo+json';
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.md')) return 'text/markdown; charset=utf-8';
  if (path.endsWith('.pdf')) return 'application/pdf';
  return 'application/octet-stream';
}

/** GeoJSON of `n` extruded buildings in Delfshaven (the default index's `layers/buildings.geojson` has 2). */
export function buildingsGeoJson(n = 2): string {
  const features = Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: { height: 10 + i },
    geometry: { type: 'Polygon', coordinates: square(4.445 + i * 0.002, 51.905) },
  }));
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** The default index's layer: two valid buildings. */
export const BUILDINGS_GEOJSON = buildingsGeoJson(2);

/** The default index.json and the chunks it names: valid content for every test package. */
export function defaultContentFiles(): Record<string, string> {
  return {
    [INDEX_PATH]: JSON.stringify(defaultIndex()),
    'layers/buildings.geojson': BUILDINGS_GEOJSON,
    'briefings/herinrichting.md': '# Herinrichting Delfshaven\n\nHet college stelt voor…\n',
  };
}

/** What a test package is made of (every field has a default). */
export type PackageSpec = {
  packageId?: string;
  version?: number;
  title?: string;
  demo?: boolean;
  created?: string;
  expires?: string;
  /** The content index (default defaultIndex(), valid); anything, to be invalid on purpose. */
  index?: unknown;
  /** Chunk contents by path, over the default content; `null` removes a default chunk. */
  files?: Record<string, string | Uint8Array | null>;
  /** Leave out the default content (index.json, its layer and briefing): only `files`. */
  noDefaultContent?: boolean;
  /** Private keys that sign the manifest, in order; none: unsigned. */
  signers?: readonly PrivateKeyFile[];
  /** Changes the manifest after signing (a broken signature, a wrong field). */
  alter?: (manifest: Manifest) => Manifest;
};

/** A package in memory: the manifest and its canonical bytes, and the chunk bytes by path and by sha256. */
export type BuiltTestPackage = {
  manifest: Manifest;
  manifestBytes: Uint8Array;
  manifestSha256: string;
  /** Chunk bytes by path. */
  files: Map<string, Uint8Array>;
  /** Chunk bytes by sha256. */
  chunks: Map<string, Uint8Array>;
};

/**
 * The one test package builder (layer 1: bytes). Real SHA-256 addresses, a manifest signed by
 * `signers`. The layers above it: rkpOf (a .rkp file), tests/helpers/dexie.ts (installing into a
 * fake-IndexedDB app database) and tests/helpers/hub.ts (publishing to a real hub).
 */
export async function buildPackage(spec: PackageSpec = {}): Promise<BuiltTestPackage> {
  const encoder = new TextEncoder();
  const defaults: Record<string, string> = spec.noDefaultContent ? {} : defaultContentFiles();
  if (!spec.noDefaultContent && spec.index !== undefined) defaults[INDEX_PATH] = new TextDecoder().decode(canonicalJsonBytes(spec.index));
  const contents: Record<string, string | Uint8Array | null> = { ...defaults, ...spec.files };
  const files = new Map<string, Uint8Array>();
  const chunks = new Map<string, Uint8Array>();
  const refs: ChunkRef[] = [];
  for (const [path, content] of Object.entries(contents)) {
    if (content === null) continue;
    const bytes = typeof content === 'string' ? encoder.encode(content) : content;
    const sha256 = await sha256Hex(bytes);
    files.set(path, bytes);
    chunks.set(sha256, bytes);
    refs.push({ path, sha256, size: bytes.byteLength, mediaType: mediaTypeOf(path) });
  }
  let manifest: Manifest = {
    formatVersion: 1,
    packageId: spec.packageId ?? 'test.delfshaven',
    version: spec.version ?? 1,
    title: spec.title ?? 'Delfshaven (test)',
    municipality: { statcode: 'GM0599', name: 'Rotterdam' },
    demo: spec.demo ?? false,
    created: spec.created ?? '2026-11-01T00:00:00.000Z',
    expires: spec.expires ?? '2027-11-01T00:00:00.000Z',
    chunks: refs,
    signatures: [],
  };
  for (const key of spec.signers ?? []) manifest = await signDocument(manifest, key);
  if (spec.alter) manifest = spec.alter(manifest);
  const manifestBytes = canonicalJsonBytes(manifest);
  return { manifest, manifestBytes, manifestSha256: await sha256Hex(manifestBytes), files, chunks };
}

/** Layer 2: the package as a .rkp file, as `raadskaart pack` writes it. */
export function rkpOf(pkg: Pick<BuiltTestPackage, 'manifest' | 'manifestBytes' | 'chunks'>): Promise<Uint8Array> {
  return writeRkp(pkg.manifestBytes, (ref) => pkg.chunks.get(ref.sha256) ?? new Uint8Array(0), pkg.manifest);
}

export type SignedManifestFixture = {
  manifest: Manifest;
  manifestBytes: Uint8Array;
  /** Chunk bytes by sha256. */
  chunks: Map<string, Uint8Array>;
};

export type ManifestFixtureOptions = {
  keys: TestKey[];
  packageId?: string;
  version?: number;
  title?: string;
  created?: string;
  expires?: string;
  /** Chunk contents by path. When index.json is given, the default content is left out. */
  files?: Record<string, string | Uint8Array>;
};

/** buildPackage with the defaults of the format-level tests (package nl.test.package, an extra briefing). */
export function makeSignedManifest(opts: ManifestFixtureOptions): Promise<SignedManifestFixture> {
  return buildPackage({
    packageId: opts.packageId ?? 'nl.test.package',
    version: opts.version ?? 1,
    title: opts.title ?? 'Testpakket Delfshaven',
    created: opts.created ?? '2026-01-01T00:00:00.000Z',
    expires: opts.expires ?? '2027-01-01T00:00:00.000Z',
    noDefaultContent: opts.files !== undefined && INDEX_PATH in opts.files,
    files: { 'briefings/a.md': '# Agendapunt A\n', ...opts.files },
    signers: opts.keys.map((k) => k.privateKey),
  });
}

/** A valid .rkp of a fixture (rkpOf). */
export const makeRkp = rkpOf;

export type RawEntry = { header: TarHeaderInput; data: Uint8Array };

/** Tar entries of a fixture as a valid writer would lay them out, for tests to alter. */
export function rkpEntries(fixture: SignedManifestFixture): RawEntry[] {
  const entries: RawEntry[] = [{ header: { name: MANIFEST_ENTRY, size: fixture.manifestBytes.length }, data: fixture.manifestBytes }];
  for (const [sha256, data] of fixture.chunks) entries.push({ header: { name: chunkEntryName(sha256), size: data.length }, data });
  return entries;
}

/**
 * A gzip'd tar of arbitrary entries, for hostile archives. `data` is written as given even when
 * it disagrees with header.size; `end: false` leaves out the end marker; `trailing` is appended.
 */
export async function makeRawRkp(entries: RawEntry[], opts: { end?: boolean; trailing?: Uint8Array[] } = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (const e of entries) parts.push(encodeTarHeader(e.header), e.data, new Uint8Array(paddingFor(e.data.length)));
  if (opts.end !== false) parts.push(encodeTarEnd());
  parts.push(...(opts.trailing ?? []));
  return gzipParts(parts);
}

/**
 * A stream of bytes in pieces of `pieceSize`, pulled one at a time; `pulls` counts the pieces
 * handed out, `cancelled` tells whether the reader cancelled the stream, and `onPull` (when
 * given) runs, and is waited for, before each piece and before the end (`atEnd` true).
 */
export function countingStream(
  bytes: Uint8Array,
  pieceSize = 1024,
  onPull?: (atEnd: boolean) => void | Promise<void>,
): { stream: ReadableStream<Uint8Array>; pulls: () => number; pieces: number; cancelled: () => boolean } {
  let offset = 0;
  let pulls = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await onPull?.(offset >= bytes.length);
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        pulls++;
        controller.enqueue(bytes.slice(offset, offset + pieceSize));
        offset += pieceSize;
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulls: () => pulls, pieces: Math.ceil(bytes.length / pieceSize), cancelled: () => cancelled };
}

/** 512 MiB: the size of the zero chunk in hugeZeroChunkRkp. */
export const ZERO_CHUNK_SIZE = 512 * 1024 * 1024;
/** sha256 of 512 MiB of zero bytes (`head -c 536870912 /dev/zero | sha256sum`): hashing it here would allocate it. */
export const ZERO_CHUNK_SHA256 = '9acca8e8c22201155389f65abbf6bc9723edc7384ead80503839f49dcc56d767';

const ZERO_MEMBER_SIZE = 64 * 1024 * 1024;
let zeroMember: Promise<Uint8Array> | undefined;

/** One gzip member of `size` zero bytes, fed in 1 MiB pieces (never one buffer of `size`). */
function gzipZeros(size: number): Promise<Uint8Array> {
  const piece = new Uint8Array(Math.min(size, 1024 * 1024));
  const parts: Uint8Array[] = [];
  for (let left = size; left > 0; left -= piece.length) parts.push(left >= piece.length ? piece : piece.subarray(0, left));
  return gzipParts(parts);
}

/**
 * A small (about 520 KB) .rkp whose manifest lists index.json and one 512 MiB chunk of zeros
 * with its real sha256 (then the default index's layer and briefing, so the content is valid):
 * the shape of a decompression attack that a size limit alone does not stop. The archive is a
 * series of gzip members (readers inflate them as one stream), so building it never holds the
 * 512 MiB. `zeroBytes` (default all) cuts the chunk's data short: the archive then ends after
 * that many zero bytes, without an end marker. Signed by `keys` (none: unsigned).
 */
export async function hugeZeroChunkRkp(opts: {
  keys: TestKey[];
  packageId?: string;
  version?: number;
  zeroBytes?: number;
}): Promise<{ rkp: Uint8Array; manifest: Manifest; manifestBytes: Uint8Array }> {
  const encoder = new TextEncoder();
  const content = Object.entries(defaultContentFiles()).map(([path, text]) => ({ path, bytes: encoder.encode(text) }));
  const [index, ...rest] = content as [{ path: string; bytes: Uint8Array }, ...{ path: string; bytes: Uint8Array }[]];
  const refOf = async (c: { path: string; bytes: Uint8Array }): Promise<ChunkRef> => ({
    path: c.path,
    sha256: await sha256Hex(c.bytes),
    size: c.bytes.length,
    mediaType: c.path.endsWith('.md') ? 'text/markdown' : 'application/json',
  });
  let manifest: Manifest = {
    formatVersion: 1,
    packageId: opts.packageId ?? 'nl.test.package',
    version: opts.version ?? 1,
    title: 'Nullen',
    municipality: { statcode: 'GM0599', name: 'Rotterdam' },
    demo: false,
    created: '2026-01-01T00:00:00.000Z',
    expires: '2027-01-01T00:00:00.000Z',
    chunks: [
      await refOf(index),
      { path: 'layers/zeros.bin', sha256: ZERO_CHUNK_SHA256, size: ZERO_CHUNK_SIZE, mediaType: 'application/octet-stream' },
      ...(await Promise.all(rest.map(refOf))),
    ],
    signatures: [],
  };
  for (const key of opts.keys) manifest = await signDocument(manifest, key.privateKey);
  const manifestBytes = canonicalJsonBytes(manifest);
  const entry = (name: string, bytes: Uint8Array) => [encodeTarHeader({ name, size: bytes.length }), bytes, new Uint8Array(paddingFor(bytes.length))];
  const members: Uint8Array[] = [
    await gzipParts([
      ...entry(MANIFEST_ENTRY, manifestBytes),
      ...entry(chunkEntryName(manifest.chunks[0]?.sha256 ?? ''), index.bytes),
      encodeTarHeader({ name: chunkEntryName(ZERO_CHUNK_SHA256), size: ZERO_CHUNK_SIZE }),
    ]),
  ];
  const zeroBytes = Math.min(opts.zeroBytes ?? ZERO_CHUNK_SIZE, ZERO_CHUNK_SIZE);
  zeroMember ??= gzipZeros(ZERO_MEMBER_SIZE);
  for (let left = zeroBytes; left > 0; left -= ZERO_MEMBER_SIZE) members.push(left >= ZERO_MEMBER_SIZE ? await zeroMember : await gzipZeros(left));
  // the chunk's size is a whole number of blocks: no padding before the next entry
  if (zeroBytes === ZERO_CHUNK_SIZE) {
    const tail: Uint8Array[] = [];
    for (let i = 0; i < rest.length; i++) tail.push(...entry(chunkEntryName(manifest.chunks[i + 2]?.sha256 ?? ''), (rest[i] as { bytes: Uint8Array }).bytes));
    members.push(await gzipParts([...tail, encodeTarEnd()]));
  }
  const rkp = new Uint8Array(members.reduce((sum, m) => sum + m.length, 0));
  let offset = 0;
  for (const m of members) {
    rkp.set(m, offset);
    offset += m.length;
  }
  return { rkp, manifest, manifestBytes };
}

/** bytes with one bit flipped at `index`. */
export function flipByte(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}
