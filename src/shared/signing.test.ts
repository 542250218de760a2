import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './base64';
import { canonicalJson } from './canonicalJson';
import { SignatureError, UnknownKeyError, ValidationError } from './errors';
import { sha256Hex } from './hash';
import { PrivateKeyFile, PublicKeyFile, generateKeyPair, keyidOf, parsePrivateKeyFile, parsePublicKeyFile } from './keys';
import { makeKey, makeSignedManifest, trustOf } from '../../tests/helpers/packages';
import { signDocument, signedBytesOf, verifySignatures } from './signing';

describe('keys', () => {
  it('generates key files whose keyid is the sha256 of the raw public key', async () => {
    const { privateKey, publicKey } = await generateKeyPair();
    expect(PrivateKeyFile.parse(privateKey)).toEqual(privateKey);
    expect(PublicKeyFile.parse(publicKey)).toEqual(publicKey);
    const raw = fromBase64(publicKey.publicKey);
    expect(raw).toHaveLength(32);
    expect(publicKey.keyid).toBe(await sha256Hex(raw));
    expect(await keyidOf(raw)).toBe(privateKey.keyid);
  });

  it('rejects a public key file whose keyid does not match its key', async () => {
    const a = await generateKeyPair();
    const b = await generateKeyPair();
    const text = JSON.stringify({ ...a.publicKey, keyid: b.publicKey.keyid });
    await expect(parsePublicKeyFile(text, 'a.json')).rejects.toThrow(/a\.json: keyid does not match/);
  });

  it('rejects a private key file whose private key belongs to another public key', async () => {
    const a = await generateKeyPair();
    const b = await generateKeyPair();
    const text = JSON.stringify({ ...a.privateKey, privateKey: b.privateKey.privateKey });
    await expect(parsePrivateKeyFile(text, 'k.json')).rejects.toThrow(/k\.json: privateKey does not belong to publicKey/);
  });

  it('names the file and JSON path of a malformed key file', async () => {
    await expect(parsePublicKeyFile('{"type":"raadskaart-public-key"}', 'pub.json')).rejects.toThrow(/pub\.json: \$\.algorithm/);
    await expect(parsePublicKeyFile('{nope', 'pub.json')).rejects.toThrow(ValidationError);
  });
});

describe('signatures', () => {
  it('signs the canonical JSON without signatures and verifies it', async () => {
    const key = await makeKey();
    const { manifest } = await makeSignedManifest({ keys: [key] });
    const { signatures: _s, ...unsigned } = manifest;
    expect(new TextDecoder().decode(signedBytesOf(manifest))).toBe(canonicalJson(unsigned));
    expect(await verifySignatures(manifest, [trustOf(key)], { role: 'publisher', packageId: manifest.packageId })).toEqual([key.publicKey.keyid]);
  });

  it("replaces a key's earlier signature instead of adding a second", async () => {
    const key = await makeKey();
    const { manifest } = await makeSignedManifest({ keys: [key] });
    const resigned = await signDocument({ ...manifest, title: 'Nieuwe titel' }, key.privateKey);
    expect(resigned.signatures).toHaveLength(1);
    await expect(verifySignatures(resigned, [trustOf(key)], { role: 'publisher', packageId: manifest.packageId })).resolves.toHaveLength(1);
  });

  it('rejects a signature with one flipped byte', async () => {
    const key = await makeKey();
    const { manifest } = await makeSignedManifest({ keys: [key] });
    const sig = fromBase64(manifest.signatures[0]?.sig ?? '');
    sig[10] = (sig[10] ?? 0) ^ 1;
    const tampered = { ...manifest, signatures: [{ keyid: key.publicKey.keyid, sig: toBase64(sig) }] };
    await expect(verifySignatures(tampered, [trustOf(key)], { role: 'publisher', packageId: manifest.packageId })).rejects.toThrow(SignatureError);
  });

  it('rejects a signature that is not base64 as a bad signature', async () => {
    const key = await makeKey();
    const { manifest } = await makeSignedManifest({ keys: [key] });
    const tampered = { ...manifest, signatures: [{ keyid: key.publicKey.keyid, sig: 'not base64!' }] };
    await expect(verifySignatures(tampered, [trustOf(key)], { role: 'publisher', packageId: manifest.packageId })).rejects.toThrow(SignatureError);
  });

  it('rejects a document signed by an unknown key', async () => {
    const signer = await makeKey();
    const pinned = await makeKey();
    const { manifest } = await makeSignedManifest({ keys: [signer] });
    const err = await verifySignatures(manifest, [trustOf(pinned)], { role: 'publisher', packageId: manifest.packageId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownKeyError);
    expect((err as UnknownKeyError).keyids).toEqual([signer.publicKey.keyid]);
  });

  it('rejects a manifest signed by a pinned hub key when a publisher is required', async () => {
    const key = await makeKey();
    const { manifest } = await makeSignedManifest({ keys: [key] });
    await expect(verifySignatures(manifest, [trustOf(key, 'hub')], { role: 'publisher', packageId: manifest.packageId })).rejects.toThrow(UnknownKeyError);
  });

  it('accepts a scoped key for its own package id', async () => {
    const demoKey = await makeKey();
    const { manifest } = await makeSignedManifest({ keys: [demoKey], packageId: 'nl.raadskaart.demo' });
    const trusted = [trustOf(demoKey, 'publisher', ['nl.raadskaart.demo'])];
    await expect(verifySignatures(manifest, trusted, { role: 'publisher', packageId: 'nl.raadskaart.demo' })).resolves.toHaveLength(1);
  });

  it('rejects the scoped demo key used for another package id', async () => {
    const demoKey = await makeKey();
    const { manifest } = await makeSignedManifest({ keys: [demoKey], packageId: 'nl.rotterdam.begroting' });
    const trusted = [trustOf(demoKey, 'publisher', ['nl.raadskaart.demo'])];
    await expect(verifySignatures(manifest, trusted, { role: 'publisher', packageId: manifest.packageId })).rejects.toThrow(/trusted only for nl\.raadskaart\.demo/);
    await expect(verifySignatures(manifest, trusted, { role: 'publisher', packageId: manifest.packageId })).rejects.toBeInstanceOf(UnknownKeyError);
  });

  it('accepts threshold 2 when two distinct trusted keys signed', async () => {
    const a = await makeKey();
    const b = await makeKey();
    const { manifest } = await makeSignedManifest({ keys: [a, b] });
    const verified = await verifySignatures(manifest, [trustOf(a), trustOf(b)], { role: 'publisher', packageId: manifest.packageId, threshold: 2 });
    expect(new Set(verified)).toEqual(new Set([a.publicKey.keyid, b.publicKey.keyid]));
  });

  it('rejects threshold 2 when only one trusted key signed', async () => {
    const a = await makeKey();
    const b = await makeKey();
    const stranger = await makeKey();
    const { manifest } = await makeSignedManifest({ keys: [a, stranger] });
    await expect(verifySignatures(manifest, [trustOf(a), trustOf(b)], { role: 'publisher', packageId: manifest.packageId, threshold: 2 })).rejects.toThrow(
      /1 trusted publisher key\(s\) signed it, 2 required/,
    );
  });

  it('does not count the same key twice towards the threshold', async () => {
    const a = await makeKey();
    const { manifest } = await makeSignedManifest({ keys: [a] });
    const doubled = { ...manifest, signatures: [...manifest.signatures, ...manifest.signatures] };
    await expect(verifySignatures(doubled, [trustOf(a)], { role: 'publisher', packageId: manifest.packageId, threshold: 2 })).rejects.toThrow(SignatureError);
  });

  it('rejects a trust entry whose keyid is not the hash of its public key', async () => {
    const a = await makeKey();
    const b = await makeKey();
    const { manifest } = await makeSignedManifest({ keys: [a] });
    const forged = { ...trustOf(b), keyid: a.publicKey.keyid };
    await expect(verifySignatures(manifest, [forged], { role: 'publisher', packageId: manifest.packageId })).rejects.toThrow(ValidationError);
  });
});
