// Ed25519 key files and pinned trust entries for package signing (docs/package-format.md,
// "Keys"). Uses WebCrypto only, so it runs in Node, the renderer and a worker. Never trusts a
// key file's declared keyid: it is recomputed from the public key bytes wherever it matters.
// Private key files say what they are for: a publisher key signs packages, the hub's own key
// signs catalogs, and neither may be used as the other (a hub key that could sign packages
// would let whoever runs the hub publish in an advisor's name).
import { z } from 'zod';
import { fromBase64, toBase64 } from './base64';
import { NotAKeyFileError, ValidationError, describeIssues } from './errors';
import { sha256Hex } from './hash';
import { Sha256Hex } from './packageFormat';

/** Standard padded base64 text. */
export const Base64Text = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'must be standard padded base64');

/** Base64 of a raw 32-byte Ed25519 public key (always 44 characters). */
const RawPublicKeyText = Base64Text.length(44, 'must be the base64 of a 32-byte Ed25519 public key');

export const PublicKeyFile = z.strictObject({
  type: z.literal('raadskaart-public-key'),
  algorithm: z.literal('Ed25519'),
  keyid: Sha256Hex,
  publicKey: RawPublicKeyText,
});
export type PublicKeyFile = z.infer<typeof PublicKeyFile>;

/** `type` of a publisher's private key file (`raadskaart keygen`): it signs package manifests. */
export const PUBLISHER_PRIVATE_KEY_TYPE = 'raadskaart-publisher-private-key';
/** `type` of the hub's own private key file (`<data>/hub-key.json`): it signs catalogs only. */
export const HUB_PRIVATE_KEY_TYPE = 'raadskaart-hub-private-key';
/**
 * `type` written by keygen and by hubs before key files said what they are for. Read as a
 * publisher key (the demo key and every advisor's existing key keep working); a hub upgrades
 * its own legacy hub-key.json to HUB_PRIVATE_KEY_TYPE when it starts (src/hub/hubKey.ts).
 */
export const LEGACY_PRIVATE_KEY_TYPE = 'raadskaart-private-key';
const PRIVATE_KEY_TYPES = [PUBLISHER_PRIVATE_KEY_TYPE, HUB_PRIVATE_KEY_TYPE, LEGACY_PRIVATE_KEY_TYPE] as const;

/** What a private key may sign: 'publisher' package manifests, 'hub' the hub's catalog. */
export type PrivateKeyKind = 'publisher' | 'hub';

/** True for the `type` of any Raadskaart private key file (e.g. to refuse one where a public key belongs). */
export function isPrivateKeyFileType(type: unknown): boolean {
  return typeof type === 'string' && (PRIVATE_KEY_TYPES as readonly string[]).includes(type);
}

export const PrivateKeyFile = z.strictObject({
  type: z.enum(PRIVATE_KEY_TYPES),
  algorithm: z.literal('Ed25519'),
  keyid: Sha256Hex,
  /** Base64 of the PKCS#8 encoding of the private key. */
  privateKey: Base64Text.min(1),
  publicKey: RawPublicKeyText,
});
export type PrivateKeyFile = z.infer<typeof PrivateKeyFile>;

export const KeyRole = z.enum(['publisher', 'hub']);
export type KeyRole = z.infer<typeof KeyRole>;

/** A pinned key: which signatures the client accepts, for which role and (optionally) packages. */
export const TrustedKey = z.strictObject({
  keyid: Sha256Hex,
  publicKey: RawPublicKeyText,
  role: KeyRole,
  /** Scope: when present, the key is trusted only for manifests of these package ids. */
  packageIds: z.array(z.string().min(1)).optional(),
  label: z.string(),
  /**
   * The key's private half is public (the bundled demo key): it may vouch only for packages
   * marked `demo: true`, so whatever it signs is always shown as a demo.
   */
  demoOnly: z.boolean().optional(),
});
export type TrustedKey = z.infer<typeof TrustedKey>;

/** keyid = lowercase hex SHA-256 of the raw 32-byte public key. */
export async function keyidOf(rawPublicKey: Uint8Array): Promise<string> {
  return sha256Hex(rawPublicKey);
}

/** WebCrypto's key type, named the same way under DOM and Node typings. */
export type WebCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** Bytes as the BufferSource WebCrypto wants (our arrays are never SharedArrayBuffer-backed). */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}

/** The kind of a private key file: its type, with the legacy type read as a publisher key. */
export function privateKeyKind(key: Pick<PrivateKeyFile, 'type'>): PrivateKeyKind {
  return key.type === HUB_PRIVATE_KEY_TYPE ? 'hub' : 'publisher';
}

/** A fresh Ed25519 key pair as key file contents; the private file is of the given kind (default publisher). */
export async function generateKeyPair(kind: PrivateKeyKind = 'publisher'): Promise<{ privateKey: PrivateKeyFile; publicKey: PublicKeyFile }> {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  if (!('privateKey' in pair)) throw new Error('WebCrypto returned a single key for Ed25519');
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const keyid = await keyidOf(raw);
  return {
    privateKey: { type: kind === 'hub' ? HUB_PRIVATE_KEY_TYPE : PUBLISHER_PRIVATE_KEY_TYPE, algorithm: 'Ed25519', keyid, privateKey: toBase64(pkcs8), publicKey: toBase64(raw) },
    publicKey: { type: 'raadskaart-public-key', algorithm: 'Ed25519', keyid, publicKey: toBase64(raw) },
  };
}

/** The raw public key bytes of base64 text, checked to be 32 bytes. */
export function rawPublicKey(text: string, what = 'public key'): Uint8Array {
  const raw = fromBase64(text, what);
  if (raw.length !== 32) throw new ValidationError(`${what}: an Ed25519 public key has 32 bytes, this one ${raw.length}`);
  return raw;
}

/** WebCrypto verify key of a raw public key. */
export async function importPublicKey(raw: Uint8Array): Promise<WebCryptoKey> {
  return crypto.subtle.importKey('raw', bufferSource(raw), { name: 'Ed25519' }, false, ['verify']);
}

/** WebCrypto sign key of a private key file, after checking the file is self-consistent. */
export async function importPrivateKey(key: PrivateKeyFile, file = 'private key file'): Promise<WebCryptoKey> {
  const raw = rawPublicKey(key.publicKey, `${file}: publicKey`);
  if ((await keyidOf(raw)) !== key.keyid) throw new ValidationError(`${file}: keyid does not match its public key`, { file, path: '$.keyid' });
  let signKey: WebCryptoKey;
  try {
    signKey = await crypto.subtle.importKey('pkcs8', bufferSource(fromBase64(key.privateKey, `${file}: privateKey`)), { name: 'Ed25519' }, false, ['sign']);
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new ValidationError(`${file}: privateKey is not a PKCS#8 Ed25519 private key`, { file, path: '$.privateKey' });
  }
  // A private key that does not belong to the stated public key would produce signatures
  // nobody can verify: find that out here, not at the client.
  const probe = new TextEncoder().encode('raadskaart key check');
  const sig = await crypto.subtle.sign({ name: 'Ed25519' }, signKey, probe);
  const ok = await crypto.subtle.verify({ name: 'Ed25519' }, await importPublicKey(raw), sig, probe);
  if (!ok) throw new ValidationError(`${file}: privateKey does not belong to publicKey`, { file, path: '$.privateKey' });
  return signKey;
}

function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ValidationError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, { file });
  }
}

/** A public key file's contents, validated, with its keyid checked against the key bytes. */
export async function parsePublicKeyFile(text: string, file = 'public key file'): Promise<PublicKeyFile> {
  const value = parseJsonText(text, file);
  if (typeof value === 'object' && value !== null && isPrivateKeyFileType((value as { type?: unknown }).type)) {
    throw new NotAKeyFileError(
      `${file}: this is a private key file, not a public key file; give the public key file of the pair (raadskaart-public.json) and keep this one secret`,
      {
        file,
        path: '$.type',
      },
    );
  }
  const result = PublicKeyFile.safeParse(value);
  if (!result.success) throw new ValidationError(describeIssues(file, result.error.issues), { file, path: issuePath(result.error.issues) });
  const raw = rawPublicKey(result.data.publicKey, `${file}: publicKey`);
  if ((await keyidOf(raw)) !== result.data.keyid) throw new ValidationError(`${file}: keyid does not match its public key`, { file, path: '$.keyid' });
  return result.data;
}

const MAKE_A_KEY = 'make a key pair with "raadskaart keygen --out DIR" and use its raadskaart-private.json';

/**
 * Whether text is a Raadskaart private key file at all, before its fields are checked: a PEM
 * file, a public key file or other JSON is a NotAKeyFileError that says what it is instead.
 */
function privateKeyFileJson(text: string, file: string): unknown {
  if (/^\s*-----BEGIN /.test(text)) throw new NotAKeyFileError(`${file}: this is a PEM file, not a Raadskaart private key file; ${MAKE_A_KEY}`, { file });
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new NotAKeyFileError(`${file}: this is not a Raadskaart private key file (it is not JSON); ${MAKE_A_KEY}`, { file });
  }
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (type === 'raadskaart-public-key') {
    throw new NotAKeyFileError(`${file}: this is a public key file, not a private key file; sign with the private key file of the same pair (raadskaart-private.json)`, {
      file,
      path: '$.type',
    });
  }
  if (!isPrivateKeyFileType(type)) {
    throw new NotAKeyFileError(`${file}: this is not a Raadskaart private key file (its "type" is not "${PUBLISHER_PRIVATE_KEY_TYPE}"); ${MAKE_A_KEY}`, { file, path: '$.type' });
  }
  return value;
}

/**
 * A private key file's contents of the wanted kind (default: a publisher key, which the legacy
 * type also is), validated and checked to be self-consistent. A file of the other kind is a
 * NotAKeyFileError: the hub's own key never signs a package, and a publisher key is never a
 * hub's key. (A hub reads its own legacy key file through src/hub/hubKey.ts.)
 */
export async function parsePrivateKeyFile(text: string, file = 'private key file', kind: PrivateKeyKind = 'publisher'): Promise<PrivateKeyFile> {
  const result = PrivateKeyFile.safeParse(privateKeyFileJson(text, file));
  if (!result.success) throw new ValidationError(describeIssues(file, result.error.issues), { file, path: issuePath(result.error.issues) });
  const found = privateKeyKind(result.data);
  if (kind === 'publisher' && found === 'hub') {
    throw new NotAKeyFileError(
      `${file}: this is a hub's own key file (type "${HUB_PRIVATE_KEY_TYPE}"); it signs that hub's catalog and never a package. Sign packages with a publisher key (raadskaart keygen).`,
      { file, path: '$.type' },
    );
  }
  if (kind === 'hub' && result.data.type !== HUB_PRIVATE_KEY_TYPE) {
    throw new NotAKeyFileError(
      `${file}: this is a publisher key file (type "${result.data.type}"), not a hub key; a hub makes its own hub-key.json on first start, so move this file out of the hub's data folder`,
      { file, path: '$.type' },
    );
  }
  await importPrivateKey(result.data, file);
  return result.data;
}

/** A trust entry for a public key file. */
export function trustedKeyOf(key: PublicKeyFile, role: KeyRole, label: string, packageIds?: string[]): TrustedKey {
  return { keyid: key.keyid, publicKey: key.publicKey, role, label, ...(packageIds ? { packageIds } : {}) };
}

/** "$.a.0.b"-style path of the first zod issue (the format describeIssues uses), for ErrorLocation.path. */
export function issuePath(issues: readonly { path: readonly PropertyKey[] }[]): string {
  const first = issues[0];
  return first && first.path.length ? `$.${first.path.map(String).join('.')}` : '$';
}
