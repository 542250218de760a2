// The hub's own online Ed25519 key, which signs the catalog. Generated on first start as
// <data>/hub-key.json (mode 0600, type "raadskaart-hub-private-key") and reused afterwards;
// clients pin its public half (GET /v1/keys/hub) with role 'hub'. A publisher's key file is
// refused as the hub's key, and the hub's key file is refused by `raadskaart pack`.
// A hub-key.json of the legacy type (written by hubs before key files had kinds) is the hub's
// own key: it is rewritten once with the hub type, same key bytes, so clients' pins still hold.
// Never serve or log the private half, and never replace the key itself: clients pinned it.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { writeFileAtomic } from '../node/atomicWrite';
import { join } from 'node:path';
import type { PrivateKeyFile, PublicKeyFile } from '../shared/keys';
import { HUB_PRIVATE_KEY_TYPE, LEGACY_PRIVATE_KEY_TYPE, generateKeyPair, parsePrivateKeyFile } from '../shared/keys';

export type HubKey = {
  privateKey: PrivateKeyFile;
  publicKey: PublicKeyFile;
  path: string;
  /** True when this start rewrote a legacy-type hub-key.json with the hub type. */
  upgraded: boolean;
};

export const HUB_KEY_FILE = 'hub-key.json';

const keyText = (key: PrivateKeyFile) => `${JSON.stringify(key, null, 2)}\n`;

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
    const pair = await generateKeyPair('hub');
    try {
      // 'wx': if another process created the file meanwhile, keep theirs and read it below
      await writeFile(path, keyText(pair.privateKey), { mode: 0o600, flag: 'wx' });
      return { privateKey: pair.privateKey, publicKey: pair.publicKey, path, upgraded: false };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      text = await readFile(path, 'utf8');
    }
  }
  let upgraded = false;
  let privateKey: PrivateKeyFile;
  if (legacyType(text)) {
    const legacy = await parsePrivateKeyFile(text, path, 'publisher');
    privateKey = { ...legacy, type: HUB_PRIVATE_KEY_TYPE };
    await replaceFile(path, keyText(privateKey));
    upgraded = true;
  } else {
    privateKey = await parsePrivateKeyFile(text, path, 'hub');
  }
  // a key file copied in with looser permissions is tightened, not refused
  await chmod(path, 0o600);
  const publicKey: PublicKeyFile = { type: 'raadskaart-public-key', algorithm: 'Ed25519', keyid: privateKey.keyid, publicKey: privateKey.publicKey };
  return { privateKey, publicKey, path, upgraded };
}

/** The keyid in <dataDir>/hub-key.json, when there is a readable one (for refusing it as a publisher key). */
export async function hubKeyIdIn(dataDir: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, HUB_KEY_FILE), 'utf8');
  } catch (err) {
    // no hub has started on this folder yet
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  // the hub refuses a damaged key file when it starts; there is nothing to compare here
  const keyid = jsonField(text, 'keyid');
  return typeof keyid === 'string' && /^[0-9a-f]{64}$/.test(keyid) ? keyid : undefined;
}

/** A top-level field of JSON text, or undefined when the text is not a JSON object (parsePrivateKeyFile says why). */
function jsonField(text: string, field: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
}

function legacyType(text: string): boolean {
  return jsonField(text, 'type') === LEGACY_PRIVATE_KEY_TYPE;
}

/** Replaces a file's contents atomically (same folder, 0600, fsync, rename). */
function replaceFile(path: string, text: string): Promise<void> {
  return writeFileAtomic(path, text, { mode: 0o600 });
}
