// `raadskaart keygen --out DIR`: a new Ed25519 publisher key pair as raadskaart-private.json
// (mode 0600) and raadskaart-public.json. Never overwrites an existing key file: losing a
// private key that clients pin cannot be undone.
import { constants } from 'node:fs';
import { access, mkdir, open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateKeyPair } from '../shared/keys';
import type { CliIo } from './io';
import { UsageError, parseCommandArgs, processIo, runCommand, stringOption } from './io';

export const PRIVATE_KEY_FILE = 'raadskaart-private.json';
export const PUBLIC_KEY_FILE = 'raadskaart-public.json';
export const KEYGEN_USAGE = 'Usage: raadskaart keygen --out DIR   (writes DIR/raadskaart-private.json and DIR/raadskaart-public.json)';

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

async function writeNew(file: string, text: string, mode: number): Promise<void> {
  // 'wx': fail rather than replace, even if the file appeared after the check above.
  const handle = await open(file, 'wx', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function keygenCommand(args: string[], io: CliIo = processIo): Promise<number> {
  return runCommand('keygen', KEYGEN_USAGE, io, async () => {
    const parsed = parseCommandArgs(args, { out: { type: 'string' } });
    if (parsed.values.help) {
      io.out(KEYGEN_USAGE);
      return 0;
    }
    const out = stringOption(parsed, 'out');
    if (!out) throw new UsageError('give the folder for the key files with --out DIR');
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    const dir = resolve(out);
    const privatePath = join(dir, PRIVATE_KEY_FILE);
    const publicPath = join(dir, PUBLIC_KEY_FILE);
    for (const file of [privatePath, publicPath]) {
      if (await exists(file)) throw new Error(`${file} already exists; not overwriting a key (choose another --out folder)`);
    }
    await mkdir(dir, { recursive: true });
    const { privateKey, publicKey } = await generateKeyPair();
    await writeNew(privatePath, `${JSON.stringify(privateKey, null, 2)}\n`, 0o600);
    try {
      await writeNew(publicPath, `${JSON.stringify(publicKey, null, 2)}\n`, 0o644);
    } catch (err) {
      await rm(privatePath, { force: true }); // never leave half a key pair behind
      throw err;
    }
    io.out(`keyid ${publicKey.keyid}`);
    io.out(`private key: ${privatePath} (keep it secret; mode 0600)`);
    io.out(`public key:  ${publicPath} (give this to hubs and clients to pin)`);
    return 0;
  });
}
