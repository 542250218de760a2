import { describe, expect, it } from 'vitest';
import { canonicalJsonBytes } from './canonicalJson';
import { ExpiredError, MixAndMatchError, RollbackError, SignatureError, UnknownKeyError, ValidationError } from './errors';
import { sha256Hex } from './hash';
import { flipByte, makeKey, makeSignedManifest, trustOf } from '../../tests/helpers/packages';
import { parseManifestBytes, verifyManifest } from './verifyManifest';

const now = new Date('2026-06-01T12:00:00Z');

async function fixture() {
  const key = await makeKey();
  const signed = await makeSignedManifest({ keys: [key], version: 3 });
  return { key, trusted: [trustOf(key)], ...signed };
}

describe('verifyManifest', () => {
  it('returns the manifest and the sha256 of its bytes when everything checks out', async () => {
    const f = await fixture();
    const result = await verifyManifest(f.manifestBytes, { trusted: f.trusted, now, installedVersion: 3 });
    expect(result.manifest).toEqual(f.manifest);
    expect(result.sha256).toBe(await sha256Hex(f.manifestBytes));
  });

  it('rejects a manifest with one flipped byte in a signed value', async () => {
    const f = await fixture();
    const at = new TextDecoder().decode(f.manifestBytes).indexOf('Testpakket');
    const err = await verifyManifest(flipByte(f.manifestBytes, at), { trusted: f.trusted, now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignatureError);
    expect((err as Error).message).toMatch(/manifest\.json \(nl\.test\.package version 3\): signature by key/);
  });

  it('rejects a manifest signed by an unknown key', async () => {
    const f = await fixture();
    const other = await makeKey();
    await expect(verifyManifest(f.manifestBytes, { trusted: [trustOf(other)], now })).rejects.toThrow(UnknownKeyError);
  });

  it('rejects malformed JSON naming the file', async () => {
    const f = await fixture();
    const bytes = f.manifestBytes.subarray(0, f.manifestBytes.length - 1);
    const err = await verifyManifest(bytes, { trusted: f.trusted, now, file: 'upload.rkp: manifest.json' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/^upload\.rkp: manifest\.json: malformed JSON/);
  });

  it('names the JSON path of a schema violation', async () => {
    const f = await fixture();
    const bytes = canonicalJsonBytes({ ...f.manifest, version: 0 });
    const err = (() => {
      try {
        parseManifestBytes(bytes);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).location).toEqual({ file: 'manifest.json', path: '$.version' });
  });

  it('rejects a manifest that is valid JSON but not canonical', async () => {
    const f = await fixture();
    const pretty = new TextEncoder().encode(JSON.stringify(f.manifest, null, 2));
    expect(() => parseManifestBytes(pretty)).toThrow(/not in canonical JSON form/);
  });

  it('rejects a manifest that lists a path twice', async () => {
    const f = await fixture();
    const chunk = f.manifest.chunks[0];
    if (!chunk) throw new Error('fixture has chunks');
    expect(() => parseManifestBytes(canonicalJsonBytes({ ...f.manifest, chunks: [...f.manifest.chunks, chunk] }))).toThrow(/is listed twice/);
  });

  it('rejects an expired manifest at an injected time', async () => {
    const key = await makeKey();
    const signed = await makeSignedManifest({ keys: [key], expires: '2026-05-01T00:00:00.000Z' });
    const err = await verifyManifest(signed.manifestBytes, { trusted: [trustOf(key)], now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExpiredError);
    expect((err as ExpiredError).expires).toBe('2026-05-01T00:00:00.000Z');
    // The same manifest was fine before it expired.
    await expect(verifyManifest(signed.manifestBytes, { trusted: [trustOf(key)], now: new Date('2026-04-30T00:00:00Z') })).resolves.toBeTruthy();
  });

  it('rejects a version lower than the installed one (rollback)', async () => {
    const f = await fixture();
    const err = await verifyManifest(f.manifestBytes, { trusted: f.trusted, now, installedVersion: 4 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RollbackError);
    expect(err).toMatchObject({ installedVersion: 4, offeredVersion: 3 });
  });

  it('rejects manifest bytes that differ from the hash the catalog pinned, before parsing them', async () => {
    const f = await fixture();
    const expectedSha256 = await sha256Hex(f.manifestBytes);
    const other = await makeSignedManifest({ keys: [f.key], version: 4 });
    await expect(verifyManifest(other.manifestBytes, { trusted: f.trusted, now, expectedSha256 })).rejects.toThrow(MixAndMatchError);
    await expect(verifyManifest(new TextEncoder().encode('{'), { trusted: f.trusted, now, expectedSha256 })).rejects.toThrow(MixAndMatchError);
  });
});
