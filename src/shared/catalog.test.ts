import { describe, expect, it } from 'vitest';
import { buildCatalog, catalogBytes, catalogEntry, signCatalog, verifyCatalog } from './catalog';
import { ExpiredError, MixAndMatchError, SignatureError, UnknownKeyError, ValidationError } from './errors';
import { sha256Hex } from './hash';
import { flipByte, makeKey, makeSignedManifest, trustOf } from '../../tests/helpers/packages';
import { verifyManifest } from './verifyManifest';

const issued = new Date('2026-06-01T12:00:00Z');

async function fixture() {
  const hubKey = await makeKey();
  const publisher = await makeKey();
  const v2 = await makeSignedManifest({ keys: [publisher], version: 2 });
  const catalog = await signCatalog(
    buildCatalog([{ packageId: v2.manifest.packageId, version: 2, manifestSha256: await sha256Hex(v2.manifestBytes), title: v2.manifest.title }], { now: issued }),
    hubKey.privateKey,
  );
  return { hubKey, publisher, v2, catalog, bytes: catalogBytes(catalog), trusted: [trustOf(hubKey, 'hub'), trustOf(publisher)] };
}

describe('catalog', () => {
  it('verifies a catalog signed by the pinned hub key, valid for 24 hours', async () => {
    const f = await fixture();
    const catalog = await verifyCatalog(f.bytes, { trusted: f.trusted, now: new Date(issued.getTime() + 60_000) });
    expect(catalog.expires).toBe('2026-06-02T12:00:00.000Z');
    expect(catalogEntry(catalog, f.v2.manifest.packageId)?.version).toBe(2);
  });

  it('rejects an expired catalog at an injected time (freeze)', async () => {
    const f = await fixture();
    await expect(verifyCatalog(f.bytes, { trusted: f.trusted, now: new Date('2026-06-02T12:00:00Z') })).rejects.toThrow(ExpiredError);
  });

  it('rejects a catalog signed by a publisher key rather than a hub key', async () => {
    const f = await fixture();
    const bytes = catalogBytes(await signCatalog({ ...f.catalog, signatures: [] }, f.publisher.privateKey));
    await expect(verifyCatalog(bytes, { trusted: f.trusted, now: issued })).rejects.toThrow(UnknownKeyError);
  });

  it('rejects a catalog with one flipped byte', async () => {
    const f = await fixture();
    const at = new TextDecoder().decode(f.bytes).indexOf('"version":2') + 10;
    await expect(verifyCatalog(flipByte(f.bytes, at), { trusted: f.trusted, now: issued })).rejects.toThrow(SignatureError);
  });

  it('rejects a manifest that does not match the signed catalog (mix-and-match)', async () => {
    const f = await fixture();
    const catalog = await verifyCatalog(f.bytes, { trusted: f.trusted, now: issued });
    const entry = catalogEntry(catalog, f.v2.manifest.packageId);
    // A validly signed older manifest served in place of the one the catalog names.
    const v1 = await makeSignedManifest({ keys: [f.publisher], version: 1 });
    await expect(verifyManifest(v1.manifestBytes, { trusted: f.trusted, now: issued, expectedSha256: entry?.manifestSha256 })).rejects.toThrow(MixAndMatchError);
    await expect(verifyManifest(f.v2.manifestBytes, { trusted: f.trusted, now: issued, expectedSha256: entry?.manifestSha256 })).resolves.toBeTruthy();
  });

  it('refuses to build a catalog that lists a package twice', () => {
    const entry = { packageId: 'nl.test.package', version: 1, manifestSha256: 'a'.repeat(64), title: 'T' };
    expect(() => buildCatalog([entry, { ...entry, version: 2 }], { now: issued })).toThrow(ValidationError);
  });
});
