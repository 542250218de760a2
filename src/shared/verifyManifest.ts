// The one place a manifest is accepted (sync from a hub, .rkp import, `raadskaart verify`):
// pinned hash, form, signatures, expiry, rollback — in that order, so the cheapest and most
// specific rejection wins. Pure: the clock and the installed version are passed in.
import { ExpiredError, MixAndMatchError, RollbackError, ValidationError } from './errors';
import { sha256Hex } from './hash';
import type { TrustedKey } from './keys';
import { INDEX_PATH, Manifest } from './packageFormat';
import { parseCanonicalDocument, verifySignatures } from './signing';

/**
 * A manifest from its bytes: UTF-8, JSON, the Manifest schema, canonical form, and unique chunk
 * paths including index.json. Errors (ValidationError) name the file and the JSON path.
 */
export function parseManifestBytes(bytes: Uint8Array, file = 'manifest.json'): Manifest {
  const manifest = parseCanonicalDocument(bytes, Manifest, file);
  const paths = new Set<string>();
  const sizes = new Map<string, number>();
  manifest.chunks.forEach((c, i) => {
    if (paths.has(c.path)) throw new ValidationError(`${file}: $.chunks.${i}.path: "${c.path}" is listed twice`, { file, path: `$.chunks.${i}.path` });
    paths.add(c.path);
    // Same content, same size: anything else is a manifest no chunk can satisfy.
    const size = sizes.get(c.sha256);
    if (size !== undefined && size !== c.size) {
      throw new ValidationError(`${file}: $.chunks.${i}.size: chunk ${c.sha256} is listed with sizes ${size} and ${c.size}`, { file, path: `$.chunks.${i}.size` });
    }
    sizes.set(c.sha256, c.size);
  });
  if (!paths.has(INDEX_PATH)) throw new ValidationError(`${file}: $.chunks: no chunk has path "${INDEX_PATH}" (the content index)`, { file, path: '$.chunks' });
  return manifest;
}

export type VerifyManifestOptions = {
  trusted: readonly TrustedKey[];
  threshold?: number;
  now: Date;
  /** Version currently installed for this package id; a lower offered version is a rollback. */
  installedVersion?: number;
  /** sha256 the signed catalog lists for this manifest (mix-and-match protection). */
  expectedSha256?: string;
  /** Names the source in messages, e.g. a file name; default "manifest.json". */
  file?: string;
};

/**
 * Verifies manifest bytes and returns the manifest and the sha256 of the bytes. Throws
 * MixAndMatchError, ValidationError, UnknownKeyError/SignatureError, ExpiredError or
 * RollbackError, checked in that order.
 */
export async function verifyManifest(bytes: Uint8Array, opts: VerifyManifestOptions): Promise<{ manifest: Manifest; sha256: string }> {
  const file = opts.file ?? 'manifest.json';
  const sha256 = await sha256Hex(bytes);
  if (opts.expectedSha256 !== undefined && opts.expectedSha256 !== sha256) {
    throw new MixAndMatchError(
      `${file}: its sha256 ${sha256.slice(0, 16)}… differs from ${opts.expectedSha256.slice(0, 16)}… listed in the signed catalog`,
      opts.expectedSha256,
      sha256,
      { file },
    );
  }
  const manifest = parseManifestBytes(bytes, file);
  const what = `${file} (${manifest.packageId} version ${manifest.version})`;
  await verifySignatures(manifest, opts.trusted, {
    role: 'publisher',
    packageId: manifest.packageId,
    what,
    ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}),
  });
  if (opts.now.getTime() >= Date.parse(manifest.expires)) {
    throw new ExpiredError(`${what}: expired at ${manifest.expires}`, manifest.expires, { file, path: '$.expires' });
  }
  if (opts.installedVersion !== undefined && manifest.version < opts.installedVersion) {
    throw new RollbackError(`${what}: version ${manifest.version} is older than installed version ${opts.installedVersion}`, opts.installedVersion, manifest.version, {
      file,
      path: '$.version',
    });
  }
  return { manifest, sha256 };
}
