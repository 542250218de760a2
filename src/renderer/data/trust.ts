// Where the client's pinned keys are stored (docs/package-format.md, "Trust"): the settings
// row `trustedKeys`. Until the user changes the list, it holds only the demo key (see
// src/shared/trust/demoKey.ts). The policy itself (demo-only rule, scope, threshold) is pure
// code in src/shared/trust; this module only reads and writes the list.
// Never stores an entry that fails the TrustedKey schema or whose keyid is not the hash of its
// public key, and never replaces a stored list that fails the schema by the default (that
// could re-trust a key the user removed): reading it is an error instead.
import { describeIssues, ValidationError } from '../../shared/errors';
import type { KeyRole, TrustedKey } from '../../shared/keys';
import { issuePath, parsePublicKeyFile, trustedKeyOf } from '../../shared/keys';
import { defaultTrustedKeys } from '../../shared/trust/demoKey';
import { TrustList, validateTrustedKey, withoutTrustedKey, withTrustedKey } from '../../shared/trust/trustList';
import type { RaadskaartDb } from './db';

export const TRUSTED_KEYS_SETTING = 'trustedKeys';

/** The pinned keys. A stored list that fails the schema is an error (never silently replaced by the default). */
export async function listTrustedKeys(db: RaadskaartDb): Promise<TrustedKey[]> {
  const row = await db.settings.get(TRUSTED_KEYS_SETTING);
  if (row === undefined) return defaultTrustedKeys();
  const parsed = TrustList.safeParse(row.value);
  if (!parsed.success) {
    throw new ValidationError(describeIssues(`setting "${TRUSTED_KEYS_SETTING}"`, parsed.error.issues), {
      file: TRUSTED_KEYS_SETTING,
      path: issuePath(parsed.error.issues),
    });
  }
  return parsed.data;
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
    await db.settings.put({ key: TRUSTED_KEYS_SETTING, value: withTrustedKey(await listTrustedKeys(db), entry) });
  });
  return entry;
}

/** Pins the key of a public key file (its JSON text), e.g. one made by `raadskaart keygen`. */
export async function addTrustedKeyFile(
  db: RaadskaartDb,
  text: string,
  opts: { role: KeyRole; label: string; packageIds?: string[]; file?: string },
): Promise<TrustedKey> {
  const file = await parsePublicKeyFile(text, opts.file ?? 'public key file');
  return addTrustedKey(db, trustedKeyOf(file, opts.role, opts.label, opts.packageIds));
}

/** Unpins a key (of one role, or every role when `role` is left out); returns how many entries went. */
export async function removeTrustedKey(db: RaadskaartDb, keyid: string, role?: KeyRole): Promise<number> {
  return db.transaction('rw', db.settings, async () => {
    const list = await listTrustedKeys(db);
    const kept = withoutTrustedKey(list, keyid, role);
    await db.settings.put({ key: TRUSTED_KEYS_SETTING, value: kept });
    return list.length - kept.length;
  });
}

/** Puts the default trust list back (only the demo key). */
export async function resetTrustedKeys(db: RaadskaartDb): Promise<void> {
  await db.settings.put({ key: TRUSTED_KEYS_SETTING, value: defaultTrustedKeys() });
}
