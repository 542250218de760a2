// The client's pinned keys (docs/package-format.md, "Trust"): which publisher keys may sign
// packages and which hub keys may sign catalogs. Stored in settings under `trustedKeys`; until
// the user changes the list, it holds only the demo key, scoped to the demo package's id
// because the demo's private key is public (examples/delfshaven/README.md).
// Never accepts an entry that fails the TrustedKey schema or whose keyid is not the hash of
// its public key: a wrong entry would let one key vouch for another's signatures.
import { z } from 'zod';
import demoPublicKeyFile from '../../../examples/delfshaven/keys/demo-public.json';
import { describeIssues, ValidationError } from '../../shared/errors';
import type { KeyRole } from '../../shared/keys';
import { issuePath, keyidOf, parsePublicKeyFile, rawPublicKey, TrustedKey, trustedKeyOf } from '../../shared/keys';
import type { RaadskaartDb } from './db';

export const TRUSTED_KEYS_SETTING = 'trustedKeys';
/** The bundled demo package: the only id the (public) demo key is trusted for. */
export const DEMO_PACKAGE_ID = 'nl.rotterdam.demo.delfshaven';

/** The demo publisher key as pinned by default. */
export const DEMO_TRUSTED_KEY: TrustedKey = TrustedKey.parse({
  keyid: demoPublicKeyFile.keyid,
  publicKey: demoPublicKeyFile.publicKey,
  role: 'publisher',
  packageIds: [DEMO_PACKAGE_ID],
  label: 'Demo-uitgever (openbare sleutel, alleen voor het demopakket)',
});

/** The trust list of a fresh installation. */
export function defaultTrustedKeys(): TrustedKey[] {
  return [structuredClone(DEMO_TRUSTED_KEY)];
}

const TrustList = z.array(TrustedKey);

/** Checks an entry (schema and keyid = sha256 of the key) and returns it as a TrustedKey. */
export async function validateTrustedKey(value: unknown, what = 'trusted key'): Promise<TrustedKey> {
  const parsed = TrustedKey.safeParse(value);
  if (!parsed.success) throw new ValidationError(describeIssues(what, parsed.error.issues), { file: what, path: issuePath(parsed.error.issues) });
  const key = parsed.data;
  if ((await keyidOf(rawPublicKey(key.publicKey, `${what}: publicKey`))) !== key.keyid) {
    throw new ValidationError(`${what}: keyid ${key.keyid.slice(0, 16)}… is not the SHA-256 of its public key`, { file: what, path: '$.keyid' });
  }
  return key;
}

/**
 * The pinned keys. A stored list that fails the schema is an error (never silently replaced by
 * the default: that could re-trust a key the user removed).
 */
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
    const list = await listTrustedKeys(db);
    const at = list.findIndex((k) => k.keyid === entry.keyid && k.role === entry.role);
    if (at >= 0) list[at] = entry;
    else list.push(entry);
    await db.settings.put({ key: TRUSTED_KEYS_SETTING, value: list });
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
    const kept = list.filter((k) => !(k.keyid === keyid && (role === undefined || k.role === role)));
    await db.settings.put({ key: TRUSTED_KEYS_SETTING, value: kept });
    return list.length - kept.length;
  });
}

/** Puts the default trust list back (only the demo key). */
export async function resetTrustedKeys(db: RaadskaartDb): Promise<void> {
  await db.settings.put({ key: TRUSTED_KEYS_SETTING, value: defaultTrustedKeys() });
}
