// The client's pinned keys (docs/package-format.md, "Trust"): which publisher keys may sign
// packages and which hub keys may sign catalogs. Stored in settings under `trustedKeys`; until
// the user changes the list, it holds only the demo key, scoped to the demo package's id
// because the demo's private key is public (examples/delfshaven/README.md), and marked
// demoOnly: it vouches only for manifests marked `demo: true` (verifyPinnedManifest), so
// anyone who signs with it can at most produce something the app labels as a demo.
// Never accepts an entry that fails the TrustedKey schema or whose keyid is not the hash of
// its public key: a wrong entry would let one key vouch for another's signatures.
import { z } from 'zod';
import demoPublicKeyFile from '../../../examples/delfshaven/keys/demo-public.json';
import { describeIssues, SignatureError, UnknownKeyError, ValidationError } from '../../shared/errors';
import type { KeyRole } from '../../shared/keys';
import { issuePath, keyidOf, parsePublicKeyFile, rawPublicKey, TrustedKey, trustedKeyOf } from '../../shared/keys';
import type { Manifest } from '../../shared/packageFormat';
import { verifySignatures } from '../../shared/signing';
import { verifyManifest } from '../../shared/verifyManifest';
import type { VerifyManifestOptions } from '../../shared/verifyManifest';
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
  demoOnly: true,
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

/**
 * Whether a pinned key may vouch only for demo packages: marked demoOnly, or the bundled demo
 * key itself whatever its entry says (its private key is in the repository, so a trust list
 * stored before demoOnly existed, or edited by hand, must not make it a real publisher).
 */
export function isDemoOnlyKey(key: TrustedKey): boolean {
  return key.demoOnly === true || key.keyid === DEMO_TRUSTED_KEY.keyid;
}

/**
 * A manifest that is not marked `demo: true` must be vouched for by keys that are not
 * demo-only: the threshold is checked again without them. Call after the signatures were
 * verified against the whole list (verifyManifest), so every signature counted here is valid.
 * Throws UnknownKeyError (no other trusted key signed) or SignatureError (too few others).
 */
export async function checkDemoOnlySigners(manifest: Manifest, trusted: readonly TrustedKey[], opts: { threshold?: number; file?: string } = {}): Promise<void> {
  if (manifest.demo) return;
  const what = `${opts.file ?? 'manifest.json'} (${manifest.packageId} version ${manifest.version})`;
  const others = trusted.filter((k) => !isDemoOnlyKey(k));
  try {
    await verifySignatures(manifest, others, {
      role: 'publisher',
      packageId: manifest.packageId,
      what,
      ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}),
    });
  } catch (error) {
    const rule = 'the demo key may sign only packages marked as a demo ("demo": true), and this one is not';
    if (error instanceof UnknownKeyError) {
      throw new UnknownKeyError(`${what}: signed only by the public demo key; ${rule}`, error.keyids, { file: opts.file ?? 'manifest.json', path: '$.demo' });
    }
    if (error instanceof SignatureError) {
      throw new SignatureError(`${what}: too few signatures besides the public demo key; ${rule}`, error.keyid, { file: opts.file ?? 'manifest.json', path: '$.demo' });
    }
    throw error;
  }
}

/**
 * verifyManifest (pinned hash, form, signatures, expiry, rollback) followed by the demo-only
 * rule: the one call every install path makes before it stores anything of a package.
 */
export async function verifyPinnedManifest(bytes: Uint8Array, opts: VerifyManifestOptions): Promise<{ manifest: Manifest; sha256: string }> {
  const verified = await verifyManifest(bytes, opts);
  await checkDemoOnlySigners(verified.manifest, opts.trusted, {
    ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}),
    ...(opts.file !== undefined ? { file: opts.file } : {}),
  });
  return verified;
}

/**
 * Whether the UI must label a package as a demo: marked `demo: true`, or signed by nothing but
 * the public demo key (which install refuses for non-demo manifests; this also covers a row
 * stored before that rule existed). The badge must never be missing on what anyone could sign.
 */
export function isDemoPackage(pkg: { demo: boolean; manifest: Pick<Manifest, 'signatures'> }): boolean {
  if (pkg.demo) return true;
  const signers = pkg.manifest.signatures;
  return signers.length > 0 && signers.every((s) => s.keyid === DEMO_TRUSTED_KEY.keyid);
}
