// The trust list as a value: the schema of a stored list, the check of one entry (schema, and
// keyid = SHA-256 of its public key), and the pure edits the app's settings apply to it (pin
// once per keyid and role, unpin). Storage lives in the renderer (src/renderer/data/trust.ts).
// Must never accept an entry whose keyid is not the hash of its public key: a wrong entry
// would let one key vouch for another's signatures.
import { z } from 'zod';
import { describeIssues, ValidationError } from '../errors';
import type { KeyRole } from '../keys';
import { issuePath, keyidOf, rawPublicKey, TrustedKey } from '../keys';

/** A stored trust list. */
export const TrustList = z.array(TrustedKey);

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

/** The list with `entry` pinned: an entry with the same keyid and role is replaced (new label and scope), otherwise it is added. */
export function withTrustedKey(list: readonly TrustedKey[], entry: TrustedKey): TrustedKey[] {
  const at = list.findIndex((k) => k.keyid === entry.keyid && k.role === entry.role);
  return at >= 0 ? list.map((k, i) => (i === at ? entry : k)) : [...list, entry];
}

/** The list without the entries of `keyid` (of one role, or of every role when `role` is left out). */
export function withoutTrustedKey(list: readonly TrustedKey[], keyid: string, role?: KeyRole): TrustedKey[] {
  return list.filter((k) => !(k.keyid === keyid && (role === undefined || k.role === role)));
}
