// `raadskaart verify FILE.rkp --trust PUBKEYFILE [--trust ...] [--threshold N]`: the same checks
// the app makes when it imports a package file (archive safety, chunk sizes and hashes,
// signatures by the given publisher keys, expiry, and the content check of src/shared/content:
// index.json, layers, additive indicators). Exit 0 with a short summary, or exit 1 with
// one line naming the reason. The file is streamed in bounded memory: every chunk is hashed as
// it is inflated and dropped, except index.json and the layer chunks the content check reads
// (each at most MAX_CHECKED_CHUNK_BYTES). A layer that comes before index.json in the file is
// checked in a second read of the file, so no chunk is ever held just in case.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { ContentCheck } from '../shared/content/packageContent';
import { chunksByPath, startContentCheck } from '../shared/content/packageContent';
import { IntegrityError } from '../shared/errors';
import { parsePublicKeyFile, trustedKeyOf } from '../shared/keys';
import type { TrustedKey } from '../shared/keys';
import type { ChunkRef, Manifest } from '../shared/packageFormat';
import type { ChunkSink } from '../shared/rkp';
import { checkableChunk, readRkpStream } from '../shared/rkp';
import { verifyManifest } from '../shared/verifyManifest';
import type { CliIo } from './io';
import { UsageError, parseCommandArgs, positiveIntOption, processIo, runCommand, stringsOption } from './io';
import { readKeyFile } from './keyFiles';

export const VERIFY_USAGE = 'Usage: raadskaart verify FILE.rkp --trust PUBKEYFILE [--trust PUBKEYFILE ...] [--threshold N]';

/**
 * A sink that hashes a chunk with node:crypto as it streams and, when `keep` is given, also
 * collects it (the caller has checked its size) and hands the bytes to `keep` once they match
 * their sha256; `keep` may throw (a content check), which ends the read with that error.
 */
function hashingSink(ref: ChunkRef, keep?: (bytes: Uint8Array) => void): ChunkSink {
  const hash = createHash('sha256');
  const parts: Uint8Array[] = [];
  return {
    write(piece) {
      hash.update(piece);
      if (keep) parts.push(piece);
    },
    async finish() {
      const digest = hash.digest('hex');
      if (keep && digest === ref.sha256) keep(Buffer.concat(parts));
      parts.length = 0;
      return digest;
    },
    abort() {
      parts.length = 0;
    },
  };
}

export async function verifyCommand(args: string[], io: CliIo = processIo): Promise<number> {
  return runCommand('verify', VERIFY_USAGE, io, async () => {
    const parsed = parseCommandArgs(args, { trust: { type: 'string', multiple: true }, threshold: { type: 'string' } });
    if (parsed.values.help) {
      io.out(VERIFY_USAGE);
      return 0;
    }
    const [fileArg, ...extra] = parsed.positionals;
    if (!fileArg) throw new UsageError('give the package file: raadskaart verify FILE.rkp --trust PUBKEYFILE');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const trustFiles = stringsOption(parsed, 'trust');
    if (trustFiles.length === 0) throw new UsageError('give at least one trusted public key with --trust PUBKEYFILE');
    const threshold = positiveIntOption(parsed, 'threshold');

    const trusted: TrustedKey[] = [];
    for (const t of trustFiles) {
      const path = resolve(t);
      trusted.push(trustedKeyOf(await parsePublicKeyFile(await readKeyFile(path), basename(path)), 'publisher', basename(path)));
    }

    const path = resolve(fileArg);
    const name = basename(path);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new Error(`${path}: no such file`);
    const open = () => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;

    // First read: signatures and expiry as soon as the manifest is read, before any chunk is
    // inflated (an untrusted file never costs more than its manifest); then every chunk hashed,
    // index.json and the layers after it checked as they pass.
    let verified: Awaited<ReturnType<typeof verifyManifest>> | undefined;
    let byPath = new Map<string, ChunkRef>();
    let indexSha = '';
    let content: ContentCheck | undefined;
    const isUnchecked = (sha256: string) => content?.unchecked().some((ref) => ref.sha256 === sha256) ?? false;
    const { manifestBytes, manifest } = await readRkpStream(open(), {
      file: name,
      verifyManifest: async (bytes, read: Manifest) => {
        verified = await verifyManifest(bytes, { trusted, now: new Date(), file: `${name}: manifest.json`, ...(threshold !== undefined ? { threshold } : {}) });
        const found = chunksByPath(read);
        byPath = found.byPath;
        indexSha = found.indexRef.sha256;
      },
      chunkSink: (ref) => {
        if (ref.sha256 === indexSha) {
          checkableChunk(byPath.get('index.json') ?? ref);
          return hashingSink(ref, (bytes) => {
            content = startContentCheck(bytes, byPath);
            // a layer with the same bytes as index.json (unlikely, but possible) is checked now
            content.checkChunk(ref.sha256, bytes);
          });
        }
        if (!isUnchecked(ref.sha256)) return hashingSink(ref);
        checkableChunk(ref);
        return hashingSink(ref, (bytes) => content?.checkChunk(ref.sha256, bytes));
      },
    });
    if (!verified || !content) throw new Error(`${name}: the manifest was not verified`);

    // Second read, only when layers came before index.json: those chunks again, checked as they pass.
    const checks = content;
    if (checks.unchecked().length > 0) {
      for (const ref of checks.unchecked()) checkableChunk(ref);
      const again = await readRkpStream(open(), {
        file: name,
        verifyManifest: async (bytes) => {
          if (Buffer.compare(Buffer.from(bytes), Buffer.from(manifestBytes)) !== 0)
            throw new IntegrityError(`${name}: the file changed while it was being verified`, { file: name });
        },
        chunkSink: (ref) => (isUnchecked(ref.sha256) ? hashingSink(ref, (bytes) => checks.checkChunk(ref.sha256, bytes)) : hashingSink(ref)),
      });
      if (again.manifest.chunks.length !== manifest.chunks.length || checks.unchecked().length > 0) {
        throw new IntegrityError(`${name}: the file changed while it was being verified`, { file: name });
      }
    }

    const { sha256 } = verified;
    const signers = trusted.filter((k) => manifest.signatures.some((s) => s.keyid === k.keyid));
    const total = manifest.chunks.reduce((sum, c) => sum + c.size, 0);
    io.out(`OK ${manifest.packageId} version ${manifest.version}: "${manifest.title}"`);
    io.out(`  chunks: ${manifest.chunks.length} (${total} bytes)`);
    io.out(`  signed by: ${signers.map((k) => `${k.keyid} (${k.label})`).join(', ')}`);
    io.out(`  manifest sha256: ${sha256}; expires ${manifest.expires}`);
    return 0;
  });
}
