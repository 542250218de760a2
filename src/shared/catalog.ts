// The hub's signed catalog: the current version and manifest sha256 of every package, with an
// expiry (docs/package-format.md, "Catalog"). A client trusts a manifest from a hub only if
// its bytes hash to the catalog entry and the catalog is signed by a pinned hub key and fresh.
// Pure: the clock is passed in.
import { z } from 'zod';
import { ExpiredError, ValidationError } from './errors';
import type { PrivateKeyFile, TrustedKey } from './keys';
import { canonicalJsonBytes } from './canonicalJson';
import { Manifest, Sha256Hex, Signature } from './packageFormat';
import { parseCanonicalDocument, signDocument, verifySignatures } from './signing';

export const CatalogEntry = z.strictObject({
  packageId: Manifest.shape.packageId,
  version: Manifest.shape.version,
  manifestSha256: Sha256Hex,
  title: Manifest.shape.title,
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

export const Catalog = z.strictObject({
  formatVersion: z.literal(1),
  issued: z.iso.datetime(),
  expires: z.iso.datetime(),
  packages: z.array(CatalogEntry),
  signatures: z.array(Signature),
});
export type Catalog = z.infer<typeof Catalog>;

/** Default validity of a catalog: a client that cannot refresh it within a day freezes. */
export const CATALOG_TTL_MS = 24 * 60 * 60 * 1000;

function checkUnique(entries: readonly CatalogEntry[], file: string): void {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.packageId)) throw new ValidationError(`${file}: $.packages.${i}: package ${e.packageId} is listed twice`, { file, path: `$.packages.${i}` });
    seen.add(e.packageId);
  });
}

/** An unsigned catalog issued at `now`, entries sorted by packageId (one per package). */
export function buildCatalog(entries: readonly CatalogEntry[], opts: { now: Date; ttlMs?: number }): Catalog {
  const ttl = opts.ttlMs ?? CATALOG_TTL_MS;
  if (!(ttl > 0)) throw new ValidationError(`catalog lifetime must be positive, not ${ttl} ms`);
  const packages = entries.map((e) => CatalogEntry.parse(e)).sort((a, b) => (a.packageId < b.packageId ? -1 : a.packageId > b.packageId ? 1 : 0));
  checkUnique(packages, 'catalog');
  return {
    formatVersion: 1,
    issued: opts.now.toISOString(),
    expires: new Date(opts.now.getTime() + ttl).toISOString(),
    packages,
    signatures: [],
  };
}

/** The catalog signed (or re-signed) by the hub key. */
export async function signCatalog(catalog: Catalog, key: PrivateKeyFile): Promise<Catalog> {
  return signDocument(catalog, key);
}

/** The bytes to serve: canonical JSON. */
export function catalogBytes(catalog: Catalog): Uint8Array {
  return canonicalJsonBytes(catalog);
}

/** A catalog from its bytes (UTF-8, JSON, schema, canonical form, unique package ids). */
export function parseCatalogBytes(bytes: Uint8Array, file = 'catalog'): Catalog {
  const catalog = parseCanonicalDocument(bytes, Catalog, file);
  checkUnique(catalog.packages, file);
  return catalog;
}

/**
 * Verifies catalog bytes: form, a valid signature by a pinned hub key (threshold distinct
 * keys, default 1), and not expired at `now`. Throws ValidationError, UnknownKeyError,
 * SignatureError or ExpiredError.
 */
export async function verifyCatalog(bytes: Uint8Array, opts: { trusted: readonly TrustedKey[]; now: Date; threshold?: number; file?: string }): Promise<Catalog> {
  const file = opts.file ?? 'catalog';
  const catalog = parseCatalogBytes(bytes, file);
  await verifySignatures(catalog, opts.trusted, { role: 'hub', what: file, ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}) });
  if (opts.now.getTime() >= Date.parse(catalog.expires)) {
    throw new ExpiredError(`${file}: expired at ${catalog.expires}; the hub has not issued a fresh one`, catalog.expires, { file, path: '$.expires' });
  }
  return catalog;
}

/** The catalog's entry for a package, or undefined when the hub does not offer it. */
export function catalogEntry(catalog: Catalog, packageId: string): CatalogEntry | undefined {
  return catalog.packages.find((p) => p.packageId === packageId);
}
