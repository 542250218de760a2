// `raadskaart pack SRC_DIR --key KEYFILE --out FILE.rkp [--version N]`: builds the package of a
// source folder (the same assembler that builds the bundled demo), signs its manifest and writes
// one .rkp atomically. Never writes a file that a reader would reject: the bytes are read back
// and verified against the signing key before the rename.
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { assemblePackage } from '../shared/authoring/assemble';
import { folderSourceFiles } from '../node/sourceFolder';
import { canonicalJsonBytes } from '../shared/canonicalJson';
import { parsePrivateKeyFile, trustedKeyOf } from '../shared/keys';
import { Manifest } from '../shared/packageFormat';
import { readRkp, writeRkp } from '../shared/rkp';
import { signDocument } from '../shared/signing';
import { verifyManifest } from '../shared/verifyManifest';
import type { CliIo } from './io';
import { UsageError, parseCommandArgs, positiveIntOption, processIo, runCommand, stringOption } from './io';
import { writeFileAtomic } from '../node/atomicWrite';
import { readKeyFile } from './keyFiles';

export const PACK_USAGE = 'Usage: raadskaart pack SRC_DIR --key KEYFILE --out FILE.rkp [--version N]';

/** A stream of in-memory bytes (the read-back check goes through the same reader as imports). */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

export async function packCommand(args: string[], io: CliIo = processIo): Promise<number> {
  return runCommand('pack', PACK_USAGE, io, async () => {
    const parsed = parseCommandArgs(args, { key: { type: 'string' }, out: { type: 'string' }, version: { type: 'string' } });
    if (parsed.values.help) {
      io.out(PACK_USAGE);
      return 0;
    }
    const [src, ...extra] = parsed.positionals;
    if (!src) throw new UsageError('give the source folder: raadskaart pack SRC_DIR ...');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const keyFile = stringOption(parsed, 'key');
    if (!keyFile) throw new UsageError('give the private key file with --key KEYFILE');
    const outOption = stringOption(parsed, 'out');
    if (!outOption) throw new UsageError('give the output file with --out FILE.rkp');
    const version = positiveIntOption(parsed, 'version');
    const out = resolve(outOption);

    const keyPath = resolve(keyFile);
    // a missing file, a PEM, a public key or the hub's own key are each refused in words (not-a-key-file)
    const key = await parsePrivateKeyFile(await readKeyFile(keyPath), basename(keyPath));
    if (process.platform !== 'win32' && ((await stat(keyPath)).mode & 0o077) !== 0) {
      io.err(`warning: ${keyPath} can be read by other users; chmod 600 it`);
    }

    const built = await assemblePackage(folderSourceFiles(resolve(src), src));
    const unsigned = Manifest.parse({ ...built.manifest, ...(version !== undefined ? { version } : {}), signatures: [] });
    const manifest = await signDocument(unsigned, key);
    const manifestBytes = canonicalJsonBytes(manifest);
    const bytesBySha = new Map(built.chunks.map((c) => [c.ref.sha256, c.bytes]));
    const rkp = await writeRkp(
      manifestBytes,
      (ref) => {
        const bytes = bytesBySha.get(ref.sha256);
        if (!bytes) throw new Error(`${ref.path}: the assembler returned no bytes for this chunk`);
        return bytes;
      },
      manifest,
    );

    // Read back what is about to be written, exactly as `verify` and the app's import would.
    const contents = await readRkp(streamOf(rkp), { file: basename(out) });
    const trusted = [trustedKeyOf({ type: 'raadskaart-public-key', algorithm: 'Ed25519', keyid: key.keyid, publicKey: key.publicKey }, 'publisher', basename(keyPath))];
    const { sha256 } = await verifyManifest(contents.manifestBytes, { trusted, now: new Date(), file: `${basename(out)}: manifest.json` });

    await writeFileAtomic(out, rkp);
    const total = manifest.chunks.reduce((sum, c) => sum + c.size, 0);
    io.out(`packed ${manifest.packageId} version ${manifest.version}: ${manifest.chunks.length} chunks, ${total} bytes -> ${out} (${rkp.length} bytes)`);
    io.out(`signed by keyid ${key.keyid}; manifest sha256 ${sha256}; expires ${manifest.expires}`);
    return 0;
  });
}
