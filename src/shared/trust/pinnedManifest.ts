// The client's acceptance of a manifest against its pinned keys: verifyManifest (catalog hash,
// form, signatures by keys of the right role and scope with the threshold, expiry, rollback)
// followed by the demo-only rule. The one call every install path in the app makes before it
// stores anything of a package (docs/package-format.md "Trust"). Pure: keys, clock and installed
// version are passed in. Must never accept a manifest that only demo-only keys vouch for unless
// it is marked `demo: true`.
import { SignatureError, UnknownKeyError } from '../errors';
import type { TrustedKey } from '../keys';
import type { Manifest } from '../packageFormat';
import { verifySignatures } from '../signing';
import { verifyManifest } from '../verifyManifest';
import type { VerifyManifestOptions } from '../verifyManifest';
import { isDemoOnlyKey } from './demoKey';

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
