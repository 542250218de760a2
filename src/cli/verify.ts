// `raadskaart verify FILE.rkp --trust PUBKEYFILE [--trust ...] [--threshold N]`: the same checks
// the app makes when it imports a package file (archive safety, chunk sizes and hashes,
// signatures by the given publisher keys, expiry, and the content check of src/shared/content:
// index.json, layers, additive indicators). Exit 0 with a short summary, or exit 1 with
// one line naming the reason. The file is streamed, never read whole before checking.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { checkPackageContent } from '../shared/content/packageContent';
import { IntegrityError } from '../shared/errors';
import { parsePublicKeyFile, trustedKeyOf } from '../shared/keys';
import type { TrustedKey } from '../shared/keys';
import { readRkp } from '../shared/rkp';
import { verifyManifest } from '../shared/verifyManifest';
import type { CliIo } from './io';
import { UsageError, parseCommandArgs, positiveIntOption, processIo, runCommand, stringsOption } from './io';

export const VERIFY_USAGE = 'Usage: raadskaart verify FILE.rkp --trust PUBKEYFILE [--trust PUBKEYFILE ...] [--threshold N]';

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
      trusted.push(trustedKeyOf(await parsePublicKeyFile(await readFile(path, 'utf8'), basename(path)), 'publisher', basename(path)));
    }

    const path = resolve(fileArg);
    const name = basename(path);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new Error(`${path}: no such file`);
    const stream = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
    let verified: Awaited<ReturnType<typeof verifyManifest>> | undefined;
    // Signatures and expiry are checked as soon as the manifest is read, before any chunk is
    // inflated: an untrusted file never costs more than its manifest.
    const rkp = await readRkp(stream, {
      file: name,
      verifyManifest: async (manifestBytes) => {
        verified = await verifyManifest(manifestBytes, {
          trusted,
          now: new Date(),
          file: `${name}: manifest.json`,
          ...(threshold !== undefined ? { threshold } : {}),
        });
      },
    });
    if (!verified) throw new Error(`${name}: the manifest was not verified`);
    const { manifest, sha256 } = verified;
    // The content every client checks before it installs: a package the app would refuse is refused here too.
    await checkPackageContent(manifest, (ref) => {
      const bytes = rkp.chunks.get(ref.sha256);
      return bytes ? Promise.resolve(bytes) : Promise.reject(new IntegrityError(`${name}: chunk ${ref.path} is missing`, { path: ref.path }));
    });

    const signers = trusted.filter((k) => manifest.signatures.some((s) => s.keyid === k.keyid));
    const total = manifest.chunks.reduce((sum, c) => sum + c.size, 0);
    io.out(`OK ${manifest.packageId} version ${manifest.version}: "${manifest.title}"`);
    io.out(`  chunks: ${manifest.chunks.length} (${total} bytes)`);
    io.out(`  signed by: ${signers.map((k) => `${k.keyid} (${k.label})`).join(', ')}`);
    io.out(`  manifest sha256: ${sha256}; expires ${manifest.expires}`);
    return 0;
  });
}
