import { describe, expect, it } from 'vitest';
import { CatalogEntry } from './catalog';
import { MAX_PACKAGE_VERSION } from './limits';
import { makeKey, makeSignedManifest } from '../../tests/helpers/packages';
import { Manifest } from './packageFormat';

describe('one maximum package version', () => {
  it(`lets the manifest schema and the catalog take versions 1 to ${MAX_PACKAGE_VERSION}, the hub's 32-bit column`, async () => {
    const { manifest } = await makeSignedManifest({ keys: [await makeKey()] });
    expect(MAX_PACKAGE_VERSION).toBe(2 ** 31 - 1);
    for (const version of [1, 999_999_999, 1_000_000_000, MAX_PACKAGE_VERSION]) expect(Manifest.safeParse({ ...manifest, version }).success, String(version)).toBe(true);
    for (const version of [0, MAX_PACKAGE_VERSION + 1, 2 ** 53]) expect(Manifest.safeParse({ ...manifest, version }).success, String(version)).toBe(false);
    const entry = { packageId: manifest.packageId, version: MAX_PACKAGE_VERSION, manifestSha256: 'a'.repeat(64), title: 'x' };
    expect(CatalogEntry.safeParse(entry).success).toBe(true);
    expect(CatalogEntry.safeParse({ ...entry, version: MAX_PACKAGE_VERSION + 1 }).success).toBe(false);
  });
});
