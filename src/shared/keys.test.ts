import { describe, expect, it } from 'vitest';
import { NotAKeyFileError, ValidationError } from './errors';
import {
  HUB_PRIVATE_KEY_TYPE,
  LEGACY_PRIVATE_KEY_TYPE,
  PUBLISHER_PRIVATE_KEY_TYPE,
  generateKeyPair,
  isPrivateKeyFileType,
  parsePrivateKeyFile,
  parsePublicKeyFile,
  privateKeyKind,
} from './keys';

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => new Error('the key file was accepted'),
    (e: unknown) => e,
  );

describe('kinds of private key file', () => {
  it('writes a publisher key or a hub key, each with its own type', async () => {
    expect((await generateKeyPair()).privateKey.type).toBe(PUBLISHER_PRIVATE_KEY_TYPE);
    expect((await generateKeyPair('publisher')).privateKey.type).toBe(PUBLISHER_PRIVATE_KEY_TYPE);
    expect((await generateKeyPair('hub')).privateKey.type).toBe(HUB_PRIVATE_KEY_TYPE);
  });

  it('reads a key file of the legacy type as a publisher key (the demo key, keys from older keygen)', async () => {
    const legacy = { ...(await generateKeyPair()).privateKey, type: LEGACY_PRIVATE_KEY_TYPE };
    const read = await parsePrivateKeyFile(JSON.stringify(legacy), 'old.json');
    expect(privateKeyKind(read)).toBe('publisher');
    expect(read.keyid).toBe(legacy.keyid);
  });

  it("refuses the hub's key where a publisher key is asked for, and a publisher key (also legacy) where the hub's is", async () => {
    const hub = JSON.stringify((await generateKeyPair('hub')).privateKey);
    const asPublisher = await refusal(parsePrivateKeyFile(hub, 'hub-key.json'));
    expect(asPublisher).toBeInstanceOf(NotAKeyFileError);
    expect((asPublisher as NotAKeyFileError).code).toBe('not-a-key-file');
    expect((asPublisher as Error).message).toMatch(/^hub-key\.json: this is a hub's own key file/);
    await expect(parsePrivateKeyFile(hub, 'hub-key.json', 'hub')).resolves.toMatchObject({ type: HUB_PRIVATE_KEY_TYPE });

    for (const type of [PUBLISHER_PRIVATE_KEY_TYPE, LEGACY_PRIVATE_KEY_TYPE]) {
      const publisher = JSON.stringify({ ...(await generateKeyPair()).privateKey, type });
      const asHub = await refusal(parsePrivateKeyFile(publisher, 'hub-key.json', 'hub'));
      expect(asHub).toBeInstanceOf(NotAKeyFileError);
      expect((asHub as Error).message).toMatch(/this is a publisher key file .*not a hub key/);
    }
  });

  it.each([
    ['a PEM file', '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n', /k: this is a PEM file, not a Raadskaart private key file/],
    ['text that is not JSON', 'hallo', /k: this is not a Raadskaart private key file \(it is not JSON\)/],
    ['other JSON', '{"kty":"OKP"}', /k: this is not a Raadskaart private key file \(its "type" is not "raadskaart-publisher-private-key"\)/],
  ])('says %s is not a Raadskaart private key file (not-a-key-file), without schema noise', async (_what, text, message) => {
    const err = await refusal(parsePrivateKeyFile(text, 'k'));
    expect(err).toBeInstanceOf(NotAKeyFileError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toMatch(/\$\.|expected|Invalid/);
  });

  it('says a public key file given as a private key is one, and the other way round', async () => {
    const pair = await generateKeyPair();
    const asPrivate = await refusal(parsePrivateKeyFile(JSON.stringify(pair.publicKey), 'raadskaart-public.json'));
    expect(asPrivate).toBeInstanceOf(NotAKeyFileError);
    expect((asPrivate as Error).message).toMatch(/this is a public key file, not a private key file/);
    const asPublic = await refusal(parsePublicKeyFile(JSON.stringify(pair.privateKey), 'raadskaart-private.json'));
    expect(asPublic).toBeInstanceOf(NotAKeyFileError);
    expect((asPublic as Error).message).toMatch(/this is a private key file, not a public key file/);
    expect(isPrivateKeyFileType(pair.privateKey.type)).toBe(true);
    expect(isPrivateKeyFileType(pair.publicKey.type)).toBe(false);
  });

  it('still names the JSON path of a damaged key file of a known type', async () => {
    const err = await refusal(parsePrivateKeyFile(`{"type":"${PUBLISHER_PRIVATE_KEY_TYPE}"}`, 'k.json'));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/^k\.json: \$\.algorithm/);
  });
});
