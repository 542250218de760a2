// Where the client's pinned keys are stored (docs/package-format.md, "Trust"): the setting
// `trustedKeys` (settings.ts, which validates it and refuses a stored list that fails its schema
// instead of replacing it by the default: that could re-trust a key the user removed). Until
// the user changes the list, it holds only the demo key (src/shared/trust/demoKey.ts). The
// policy itself (demo-only rule, scope, threshold) is pure code in src/shared/trust; this module
// only reads and writes the list. Code outside data/ uses a TrustStore (trustOf(db), appTrust()).
// Never stores an entry that fails the TrustedKey schema or whose keyid is not the hash of its
// public key.
import type { KeyRole, TrustedKey } from '../../shared/keys';
import { parsePublicKeyFile, trustedKeyOf } from '../../shared/keys';
import { defaultTrustedKeys } from '../../shared/trust/demoKey';
import { validateTrustedKey, withoutTrustedKey, withTrustedKey } from '../../shared/trust/trustList';
import { getDb } from './db';
import type { RaadskaartDb } from './db';
import { readSetting, writeSetting } from './settings';

export const TRUSTED_KEYS_SETTING = 'trustedKeys';

/** The pinned keys. A stored list that fails the schema is an error (never silently replaced by the default). */
export function listTrustedKeys(db: RaadskaartDb): Promise<TrustedKey[]> {
  return readSetting(db, 'trustedKeys');
}

/** The pinned keys of one role. */
export async function trustedKeysOfRole(db: RaadskaartDb, role: KeyRole): Promise<TrustedKey[]> {
  return (await listTrustedKeys(db)).filter((k) => k.role === role);
}

/**
 * Pins a key (validated). An entry with the same keyid and role is replaced, so pinning again
 * changes label and scope instead of adding a duplicate. Returns the stored entry.
 */
export async function addTrustedKey(db: RaadskaartDb, key: unknown): Promise<TrustedKey> {
  const entry = await validateTrustedKey(key);
  await db.transaction('rw', db.settings, async () => {
    await writeSetting(db, 'trustedKeys', withTrustedKey(await listTrustedKeys(db), entry));
  });
  return entry;
}

export type TrustedKeyFileOptions = { role: KeyRole; label: string; packageIds?: string[]; file?: string };

/** Pins the key of a public key file (its JSON text), e.g. one made by `raadskaart keygen`. */
export async function addTrustedKeyFile(db: RaadskaartDb, text: string, opts: TrustedKeyFileOptions): Promise<TrustedKey> {
  const file = await parsePublicKeyFile(text, opts.file ?? 'public key file');
  return addTrustedKey(db, trustedKeyOf(file, opts.role, opts.label, opts.packageIds));
}

/** Unpins a key (of one role, or every role when `role` is left out); returns how many entries went. */
export async function removeTrustedKey(db: RaadskaartDb, keyid: string, role?: KeyRole): Promise<number> {
  return db.transaction('rw', db.settings, async () => {
    const list = await listTrustedKeys(db);
    const kept = withoutTrustedKey(list, keyid, role);
    await writeSetting(db, 'trustedKeys', kept);
    return list.length - kept.length;
  });
}

/** Puts the default trust list back (only the demo key). */
export async function resetTrustedKeys(db: RaadskaartDb): Promise<void> {
  await writeSetting(db, 'trustedKeys', defaultTrustedKeys());
}

/** The trust list of one database, for code that must not hold the database itself. */
export type TrustStore = {
  list(): Promise<TrustedKey[]>;
  add(key: unknown): Promise<TrustedKey>;
  addFile(text: string, opts: TrustedKeyFileOptions): Promise<TrustedKey>;
  remove(keyid: string, role?: KeyRole): Promise<number>;
};

export function trustOf(db: RaadskaartDb): TrustStore {
  return {
    list: () => listTrustedKeys(db),
    add: (key) => addTrustedKey(db, key),
    addFile: (text, opts) => addTrustedKeyFile(db, text, opts),
    remove: (keyid, role) => removeTrustedKey(db, keyid, role),
  };
}

/** The trust list of the app's database. */
export function appTrust(): TrustStore {
  return trustOf(getDb());
}
