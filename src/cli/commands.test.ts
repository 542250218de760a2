// What the commands say when they are given the wrong thing, run in-process: a missing key
// file, a PEM, a public key or the hub's own key as `--key`, a key file of the legacy type
// (still a publisher key), a hub address that would send the token unencrypted or carries
// credentials; and `verify` on packages whose chunks it must stream: a 512 MiB chunk, a layer
// before index.json. cli.test.ts covers the launcher itself.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSourceFolder } from '../../tests/helpers/sourceFolders';
import { HUB_PRIVATE_KEY_TYPE, LEGACY_PRIVATE_KEY_TYPE, PUBLISHER_PRIVATE_KEY_TYPE, generateKeyPair } from '../shared/keys';
import { BUILDINGS_GEOJSON, defaultContentFiles, hugeZeroChunkRkp, makeKey, makeRawRkp, makeSignedManifest, rkpEntries } from '../../tests/helpers/packages';
import type { CliIo } from './io';
import { PRIVATE_KEY_FILE, keygenCommand } from './keygen';
import { packCommand } from './pack';
import { publishCommand } from './publish';
import { verifyCommand } from './verify';

type Captured = CliIo & { out_: string[]; err_: string[] };
function io(): Captured {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (l) => out_.push(l), err: (l) => err_.push(l) };
}

describe('raadskaart commands given the wrong thing', () => {
  let work: string;
  let src: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'raadskaart-commands-'));
    // valid from today, so the packed manifest has not expired
    src = await makeSourceFolder({
      'raadskaart.json': {
        sourceFormatVersion: 1,
        packageId: 'nl.example.test',
        version: 3,
        title: 'Testpakket',
        municipality: { statcode: 'GM0599', name: 'Rotterdam' },
        demo: false,
        created: new Date().toISOString(),
        validityDays: 30,
        layers: [{ id: 'gebouwen', title: 'Gebouwen', kind: 'buildings', file: 'layers/buildings.geojson', attribution: 'Test' }],
      },
    });
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await rm(src, { recursive: true, force: true });
  });

  const pack = async (keyFile: string) => {
    const run = io();
    const code = await packCommand([src, '--key', keyFile, '--out', join(work, 'out.rkp')], run);
    return { code, err: run.err_.join('\n'), out: run.out_.join('\n') };
  };

  it('says "no such key file" with the path, for --key and for --trust', async () => {
    const missing = join(work, 'nowhere', 'raadskaart-private.json');
    expect(await pack(missing)).toMatchObject({ code: 1, err: `raadskaart pack: no such key file: ${missing}` });
    const run = io();
    expect(await verifyCommand([join(work, 'x.rkp'), '--trust', missing], run)).toBe(1);
    expect(run.err_).toEqual([`raadskaart verify: no such key file: ${missing}`]);
  });

  it('says a PEM file or a public key file is not a Raadskaart private key file', async () => {
    const pem = join(work, 'key.pem');
    await writeFile(pem, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const pemRun = await pack(pem);
    expect(pemRun.code).toBe(1);
    expect(pemRun.err).toBe(
      `raadskaart pack: key.pem: this is a PEM file, not a Raadskaart private key file; make a key pair with "raadskaart keygen --out DIR" and use its raadskaart-private.json`,
    );

    const pair = await generateKeyPair();
    const pub = join(work, 'raadskaart-public.json');
    await writeFile(pub, JSON.stringify(pair.publicKey));
    const pubRun = await pack(pub);
    expect(pubRun.code).toBe(1);
    expect(pubRun.err).toMatch(/^raadskaart pack: raadskaart-public\.json: this is a public key file, not a private key file; sign with the private key file of the same pair/);
    expect(pubRun.err).not.toMatch(/\$\.|Invalid|expected/);
  });

  it("refuses the hub's own key file as a signing key", async () => {
    const hubKey = join(work, 'hub-key.json');
    await writeFile(hubKey, JSON.stringify((await generateKeyPair('hub')).privateKey), { mode: 0o600 });
    const run = await pack(hubKey);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^raadskaart pack: hub-key\.json: this is a hub's own key file \(type "raadskaart-hub-private-key"\); it signs that hub's catalog and never a package/);
  });

  it('writes publisher key files with their type, and still signs with a key file of the legacy type', async () => {
    const dir = join(work, 'keys');
    expect(await keygenCommand(['--out', dir], io())).toBe(0);
    const written = JSON.parse(await readFile(join(dir, PRIVATE_KEY_FILE), 'utf8')) as { type: string };
    expect(written.type).toBe(PUBLISHER_PRIVATE_KEY_TYPE);
    expect(written.type).not.toBe(HUB_PRIVATE_KEY_TYPE);

    const legacy = join(work, 'old-private.json');
    await writeFile(legacy, JSON.stringify({ ...(await generateKeyPair()).privateKey, type: LEGACY_PRIVATE_KEY_TYPE }), { mode: 0o600 });
    const run = await pack(legacy);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
  });

  it.each([
    ['http://hub.gemeente.example', /plain http:\/\/ would send your token unencrypted to hub\.gemeente\.example/],
    ['http://192.168.1.20:8787', /unencrypted to 192\.168\.1\.20/],
    ['https://anna:geheim@hub.gemeente.example', /must not contain a user name or password/],
    ['http://user:pw@127.0.0.1:8787', /must not contain a user name or password/],
    ['ftp://hub.gemeente.example', /is not a hub address/],
  ])('refuses to send the token to %s', async (hub, reason) => {
    const run = io();
    expect(await publishCommand([join(work, 'x.rkp'), '--hub', hub, '--token', 'A'.repeat(43)], run)).toBe(2);
    expect(run.err_[0]).toMatch(reason);
  });

  it.each(['http://127.0.0.1:9', 'http://localhost:9', 'http://[::1]:9'])('sends over plain http to this computer (%s)', async (hub) => {
    const file = join(work, 'some.rkp');
    await writeFile(file, 'x');
    const run = io();
    // nothing listens on port 9: the command got as far as connecting
    expect(await publishCommand([file, '--hub', hub, '--token', 'A'.repeat(43)], run)).toBe(1);
    expect(run.err_[0]).toMatch(/cannot reach the hub at/);
  });
});

describe('raadskaart verify in bounded memory', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'raadskaart-verify-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('verifies a package with a 512 MiB chunk, streaming it', async () => {
    const key = await makeKey();
    const { rkp } = await hugeZeroChunkRkp({ keys: [key] });
    await writeFile(join(work, 'nullen.rkp'), rkp);
    await writeFile(join(work, 'pub.json'), JSON.stringify(key.publicKey));
    const run = io();
    expect(await verifyCommand([join(work, 'nullen.rkp'), '--trust', join(work, 'pub.json'), '--threshold', '1'], run)).toBe(0);
    expect(run.out_[0]).toBe('OK nl.test.package version 1: "Nullen"');
    expect(run.out_[1]).toMatch(/chunks: 4 \(5368\d{5} bytes\)/);
  });

  it('checks a layer that comes before index.json in the file (a second read), and names its problem', async () => {
    const key = await makeKey();
    await writeFile(join(work, 'pub2.json'), JSON.stringify(key.publicKey));
    const files = { ...defaultContentFiles(), 'layers/buildings.geojson': BUILDINGS_GEOJSON.replace('"Polygon"', '"Polygoon"') };
    const fixture = await makeSignedManifest({ keys: [key], files });
    // the layer's entry first, then index.json and the rest
    const [manifestEntry, ...chunkEntries] = rkpEntries(fixture);
    const layerSha = fixture.manifest.chunks.find((c) => c.path === 'layers/buildings.geojson')?.sha256;
    const layerFirst = [...chunkEntries.filter((e) => e.header.name === `chunks/${layerSha}`), ...chunkEntries.filter((e) => e.header.name !== `chunks/${layerSha}`)];
    expect(layerFirst[0]?.header.name).toBe(`chunks/${layerSha}`);
    await writeFile(join(work, 'laag-eerst.rkp'), await makeRawRkp([manifestEntry as (typeof chunkEntries)[number], ...layerFirst]));

    const run = io();
    expect(await verifyCommand([join(work, 'laag-eerst.rkp'), '--trust', join(work, 'pub2.json')], run)).toBe(1);
    expect(run.err_).toHaveLength(1);
    expect(run.err_[0]).toMatch(/^raadskaart verify: layers\/buildings\.geojson: \$\.features\.0\.geometry: feature 0: /);
  });
});
