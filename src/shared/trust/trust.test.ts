// The client's trust policy as pure functions: the demo-only rule on top of verifyManifest,
// which keys count as demo-only, when a package gets the demo badge, and the edits of a trust
// list. No storage involved (the renderer's data/trust.test.ts covers the stored list).
import { describe, expect, it } from 'vitest';
import { canonicalJsonBytes } from '../canonicalJson';
import { SignatureError, UnknownKeyError, ValidationError } from '../errors';
import { makeKey, makeSignedManifest, trustOf } from '../../../tests/helpers/packages';
import type { TestKey } from '../../../tests/helpers/packages';
import type { Manifest } from '../packageFormat';
import { signDocument } from '../signing';
import { DEMO_PACKAGE_ID, DEMO_TRUSTED_KEY, defaultTrustedKeys, isDefaultTrustedKey, isDemoOnlyKey, isDemoPackage } from './demoKey';
import { verifyPinnedManifest } from './pinnedManifest';
import { validateTrustedKey, withoutTrustedKey, withTrustedKey } from './trustList';

const now = new Date('2026-12-01T12:00:00Z');

/** Manifest bytes for `packageId`, marked demo or not, signed by `keys`. */
async function manifestBytes(opts: { demo: boolean; keys: TestKey[]; packageId?: string }): Promise<Uint8Array> {
  const fixture = await makeSignedManifest({ keys: [], packageId: opts.packageId ?? 'nl.test.package' });
  let manifest: Manifest = { ...fixture.manifest, demo: opts.demo, signatures: [] };
  for (const key of opts.keys) manifest = await signDocument(manifest, key.privateKey);
  return canonicalJsonBytes(manifest);
}

describe('verifyPinnedManifest: the demo-only rule', () => {
  it('refuses a manifest not marked demo when only a demo-only key vouches for it', async () => {
    const demoLike = await makeKey();
    const trusted = [{ ...trustOf(demoLike), demoOnly: true }];

    const failure = verifyPinnedManifest(await manifestBytes({ demo: false, keys: [demoLike] }), { trusted, now });

    await expect(failure).rejects.toBeInstanceOf(UnknownKeyError);
    await expect(failure).rejects.toThrow(/signed only by the public demo key/);
  });

  it('accepts the same key for a manifest marked demo', async () => {
    const demoLike = await makeKey();
    const trusted = [{ ...trustOf(demoLike), demoOnly: true }];

    const { manifest } = await verifyPinnedManifest(await manifestBytes({ demo: true, keys: [demoLike] }), { trusted, now });

    expect(manifest.demo).toBe(true);
  });

  it('counts a real publisher beside the demo key, but not the demo key towards the threshold', async () => {
    const demoLike = await makeKey();
    const publisher = await makeKey();
    const trusted = [{ ...trustOf(demoLike), demoOnly: true }, trustOf(publisher)];
    const bytes = await manifestBytes({ demo: false, keys: [demoLike, publisher] });

    await expect(verifyPinnedManifest(bytes, { trusted, now })).resolves.toMatchObject({ manifest: { demo: false } });
    await expect(verifyPinnedManifest(bytes, { trusted, now, threshold: 2 })).rejects.toBeInstanceOf(SignatureError);
  });

  it('keeps the scope of a key: a key trusted for another package does not vouch', async () => {
    const publisher = await makeKey();
    const bytes = await manifestBytes({ demo: false, keys: [publisher], packageId: 'nl.other.package' });

    await expect(verifyPinnedManifest(bytes, { trusted: [trustOf(publisher, 'publisher', ['nl.test.package'])], now })).rejects.toThrow(/trusted only for nl\.test\.package/);
  });
});

describe('the demo key', () => {
  it('is the whole default trust list, scoped to the demo package and demo-only', () => {
    expect(defaultTrustedKeys()).toEqual([DEMO_TRUSTED_KEY]);
    expect(DEMO_TRUSTED_KEY).toMatchObject({ role: 'publisher', packageIds: [DEMO_PACKAGE_ID], demoOnly: true });
    expect(isDefaultTrustedKey(DEMO_TRUSTED_KEY)).toBe(true);
    expect(isDefaultTrustedKey({ ...DEMO_TRUSTED_KEY, role: 'hub' })).toBe(false);
  });

  it('is demo-only by its keyid even in an entry without the flag', async () => {
    const { demoOnly: _dropped, ...legacy } = DEMO_TRUSTED_KEY;
    expect(isDemoOnlyKey(legacy)).toBe(true);
    expect(isDemoOnlyKey(trustOf(await makeKey()))).toBe(false);
  });

  it('gives the demo badge to a package marked demo or signed by nothing but the demo key', () => {
    const signed = (...keyids: string[]) => ({ signatures: keyids.map((keyid) => ({ keyid, sig: '' })) });
    const other = 'b'.repeat(64);
    expect(isDemoPackage({ demo: true, manifest: signed(other) })).toBe(true);
    expect(isDemoPackage({ demo: false, manifest: signed(DEMO_TRUSTED_KEY.keyid) })).toBe(true);
    expect(isDemoPackage({ demo: false, manifest: signed(DEMO_TRUSTED_KEY.keyid, other) })).toBe(false);
    expect(isDemoPackage({ demo: false, manifest: signed() })).toBe(false);
  });
});

describe('trust list edits', () => {
  it('pins once per keyid and role, replacing label and scope, and unpins by role or altogether', async () => {
    const key = trustOf(await makeKey());
    const asHub = { ...key, role: 'hub' as const };

    const once = withTrustedKey(withTrustedKey(defaultTrustedKeys(), key), { ...key, label: 'Adviseur B', packageIds: ['nl.b'] });
    const both = withTrustedKey(once, asHub);

    expect(once).toEqual([DEMO_TRUSTED_KEY, { ...key, label: 'Adviseur B', packageIds: ['nl.b'] }]);
    expect(both).toHaveLength(3);
    expect(withoutTrustedKey(both, key.keyid, 'hub')).toEqual(once);
    expect(withoutTrustedKey(both, key.keyid)).toEqual([DEMO_TRUSTED_KEY]);
  });

  it('refuses an entry that fails the schema or whose keyid is not the hash of its key', async () => {
    const key = trustOf(await makeKey());

    await expect(validateTrustedKey({ ...key, role: 'admin' })).rejects.toThrow(/trusted key: \$\.role: /);
    await expect(validateTrustedKey({ ...key, keyid: DEMO_TRUSTED_KEY.keyid })).rejects.toThrow(/is not the SHA-256 of its public key/);
    await expect(validateTrustedKey({ ...key, publicKey: 'kort' })).rejects.toBeInstanceOf(ValidationError);
    await expect(validateTrustedKey(key)).resolves.toEqual(key);
  });
});
