// Ed25519 signatures over canonical JSON documents (manifests, catalogs) and their
// verification against pinned trusted keys with role, scope and threshold
// (docs/package-format.md, "Signatures" and "Trust"). WebCrypto only. Never accepts a
// document because *some* signature verifies: only signatures by keys trusted for this role
// and package count, and any invalid one among those rejects the document.
import type { z } from 'zod';
import { fromBase64, toBase64 } from './base64';
import { canonicalJson, canonicalJsonBytes } from './canonicalJson';
import { SignatureError, UnknownKeyError, ValidationError, describeIssues } from './errors';
import type { KeyRole, PrivateKeyFile, TrustedKey } from './keys';
import { bufferSource, importPrivateKey, importPublicKey, issuePath, keyidOf, rawPublicKey } from './keys';
import type { Signature } from './packageFormat';

export type Sig = z.infer<typeof Signature>;

/** Anything signed the Raadskaart way: a JSON object with a `signatures` array. */
export type SignedDocument = { readonly signatures: readonly Sig[] };

const ED25519 = { name: 'Ed25519' } as const;
const SIGNATURE_BYTES = 64;

/** The bytes a signature covers: canonical JSON of the document without its `signatures` key. */
export function signedBytesOf(doc: object): Uint8Array {
  const { signatures: _omitted, ...rest } = doc as Record<string, unknown>;
  return canonicalJsonBytes(rest);
}

/** A copy of doc with this key's signature added, or replaced if that keyid already signed. */
export async function signDocument<T extends { signatures: Sig[] }>(doc: T, key: PrivateKeyFile): Promise<T> {
  const signKey = await importPrivateKey(key);
  const sig = new Uint8Array(await crypto.subtle.sign(ED25519, signKey, bufferSource(signedBytesOf(doc))));
  const entry: Sig = { keyid: key.keyid, sig: toBase64(sig) };
  const others = doc.signatures.filter((s) => s.keyid !== key.keyid);
  const at = doc.signatures.findIndex((s) => s.keyid === key.keyid);
  const signatures = at < 0 ? [...others, entry] : [...others.slice(0, at), entry, ...others.slice(at)];
  return { ...doc, signatures };
}

export type VerifyOptions = {
  role: KeyRole;
  /** Distinct trusted keyids whose valid signature is required; default 1. */
  threshold?: number;
  /** Package the document is for: scoped keys count only when it is in their packageIds. */
  packageId?: string;
  /** Names the document in error messages, e.g. "manifest of nl.example v2". */
  what?: string;
};

function short(keyid: string): string {
  return keyid.slice(0, 16);
}

/**
 * Checks doc's signatures against the trusted keys of opts.role (and scope). Throws
 * UnknownKeyError when no signature is by such a key, SignatureError when one of them does not
 * verify or fewer than `threshold` distinct keyids verified. Returns the verified keyids.
 */
export async function verifySignatures(doc: SignedDocument, trusted: readonly TrustedKey[], opts: VerifyOptions): Promise<string[]> {
  const threshold = opts.threshold ?? 1;
  const what = opts.what ?? (opts.packageId ? `package ${opts.packageId}` : 'document');
  if (!Number.isInteger(threshold) || threshold < 1) throw new ValidationError(`signature threshold must be a whole number of at least 1, not ${threshold}`);

  const ofRole = trusted.filter((k) => k.role === opts.role);
  const inScope = new Map<string, TrustedKey>();
  for (const k of ofRole) {
    if (!k.packageIds || (opts.packageId !== undefined && k.packageIds.includes(opts.packageId))) inScope.set(k.keyid, k);
  }
  const relevant = doc.signatures.filter((s) => inScope.has(s.keyid));
  const signers = doc.signatures.map((s) => s.keyid);

  if (relevant.length === 0) {
    const scoped = ofRole.filter((k) => signers.includes(k.keyid));
    if (scoped.length > 0) {
      const k = scoped[0] as TrustedKey;
      throw new UnknownKeyError(`${what}: signed by key ${short(k.keyid)} ("${k.label}"), which is trusted only for ${(k.packageIds ?? []).join(', ')}`, signers);
    }
    const by = signers.length ? `signed only by unknown key(s) ${signers.map(short).join(', ')}` : 'not signed';
    throw new UnknownKeyError(`${what}: ${by}; no trusted ${opts.role} key signed it`, signers);
  }

  const bytes = bufferSource(signedBytesOf(doc));
  const verified = new Set<string>();
  for (const s of relevant) {
    const key = inScope.get(s.keyid) as TrustedKey;
    const raw = rawPublicKey(key.publicKey, `trusted key "${key.label}"`);
    // The trust list names keys by keyid; a keyid that is not the hash of the key would let one
    // entry vouch for another key's signatures.
    if ((await keyidOf(raw)) !== key.keyid) throw new ValidationError(`trusted key "${key.label}": keyid does not match its public key`);
    let sig: Uint8Array;
    try {
      sig = fromBase64(s.sig);
    } catch {
      throw new SignatureError(`${what}: signature by key ${short(s.keyid)} ("${key.label}") is not valid base64`, s.keyid);
    }
    const ok = sig.length === SIGNATURE_BYTES && (await crypto.subtle.verify(ED25519, await importPublicKey(raw), bufferSource(sig), bytes));
    if (!ok) throw new SignatureError(`${what}: signature by key ${short(s.keyid)} ("${key.label}") does not match the signed content`, s.keyid);
    verified.add(s.keyid);
  }
  if (verified.size < threshold) {
    throw new SignatureError(`${what}: ${verified.size} trusted ${opts.role} key(s) signed it, ${threshold} required`);
  }
  return [...verified];
}

/**
 * Parses a signed JSON document (manifest, catalog): strict UTF-8, JSON, the schema, and
 * canonical form — the bytes must be exactly canonicalJson of their value, so one document
 * has one byte form and its sha256 (what a catalog pins) cannot vary. Errors name file and path.
 */
export function parseCanonicalDocument<S extends z.ZodType>(bytes: Uint8Array, schema: S, file: string): z.infer<S> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ValidationError(`${file}: not valid UTF-8`, { file });
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    throw new ValidationError(`${file}: malformed JSON (${err instanceof Error ? err.message : String(err)})`, { file, path: '$' });
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(describeIssues(file, result.error.issues), { file, path: issuePath(result.error.issues) });
  if (canonicalJson(value) !== text) {
    throw new ValidationError(`${file}: not in canonical JSON form (sorted keys, no whitespace, no duplicate keys)`, { file, path: '$' });
  }
  return result.data as z.infer<S>;
}
