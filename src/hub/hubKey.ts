// The hub's own online Ed25519 key, which signs the catalog. Generated on first start as
// <data>/hub-key.json (mode 0600) and reused afterwards; clients pin its public half
// (GET /v1/keys/hub) with role 'hub'. Never serve or log the private half, and never
// replace an existing key file silently: clients pinned it.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrivateKeyFile, PublicKeyFile } from '../shared/keys';
import { generateKeyPair, parsePrivateKeyFile } from '../shared/keys';

export type HubKey = { privateKey: PrivateKeyFile; publicKey: PublicKeyFile; path: string };

export const HUB_KEY_FILE = 'hub-key.json';

/** Reads <dataDir>/hub-key.json, creating it (0600) when the folder has none yet. */
export async function loadOrCreateHubKey(dataDir: string): Promise<HubKey> {
  const path = join(dataDir, HUB_KEY_FILE);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text === undefined) {
    const pair = await generateKeyPair();
    try {
      // 'wx': if another process created the file meanwhile, keep theirs and read it below
      await writeFile(path, `${JSON.stringify(pair.privateKey, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      return { privateKey: pair.privateKey, publicKey: pair.publicKey, path };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      text = await readFile(path, 'utf8');
    }
  }
  const privateKey = await parsePrivateKeyFile(text, path);
  // a key file copied in with looser permissions is tightened, not refused
  await chmod(path, 0o600);
  const publicKey: PublicKeyFile = { type: 'raadskaart-public-key', algorithm: 'Ed25519', keyid: privateKey.keyid, publicKey: privateKey.publicKey };
  return { privateKey, publicKey, path };
}
