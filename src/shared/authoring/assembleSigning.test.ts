// Signing in the assembler: a demo folder's own (public) key signs the demo manifest,
// deterministically; nothing else is signed by a key found in the folder.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair, parsePrivateKeyFile, parsePublicKeyFile, trustedKeyOf } from '../keys';
import { verifyManifest } from '../verifyManifest';
import { DEMO_KEY_FILE } from './assemble';
import { assembleFolder, makeSourceFolder as makeFolder } from '../../../tests/helpers/sourceFolders';

const made: string[] = [];
async function makeSourceFolder(files: Parameters<typeof makeFolder>[0] = {}): Promise<string> {
  const dir = await makeFolder(files);
  made.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const demoKeys = path.join(repoRoot, 'examples', 'delfshaven', 'keys');

async function demoKeyFiles() {
  const privateText = await readFile(path.join(demoKeys, 'demo-private.json'), 'utf8');
  const publicText = await readFile(path.join(demoKeys, 'demo-public.json'), 'utf8');
  return { privateText, privateKey: await parsePrivateKeyFile(privateText), publicKey: await parsePublicKeyFile(publicText) };
}

const now = new Date('2026-01-02T00:00:00Z');

describe('assemblePackage signing', () => {
  it('signs a demo package with the folder’s keys/demo-private.json, identically on every build', async () => {
    const demo = await demoKeyFiles();
    const dir = await makeSourceFolder({ [DEMO_KEY_FILE]: demo.privateText });

    const a = await assembleFolder(dir);
    const b = await assembleFolder(dir);

    expect(a.manifest.signatures.map((s) => s.keyid)).toEqual([demo.publicKey.keyid]);
    expect(Buffer.from(a.manifestBytes).equals(Buffer.from(b.manifestBytes))).toBe(true);
    const trusted = [trustedKeyOf(demo.publicKey, 'publisher', 'demo', [a.manifest.packageId])];
    await expect(verifyManifest(a.manifestBytes, { trusted, now })).resolves.toMatchObject({ manifest: { packageId: 'nl.example.test' } });
  });

  it('leaves a demo package unsigned when the folder has no key', async () => {
    const pkg = await assembleFolder(await makeSourceFolder());

    expect(pkg.manifest.signatures).toEqual([]);
  });

  it('never signs a non-demo package with a key found in the folder', async () => {
    const demo = await demoKeyFiles();
    const base = await makeSourceFolder();
    const meta = JSON.parse(await readFile(path.join(base, 'raadskaart.json'), 'utf8')) as Record<string, unknown>;
    const dir = await makeSourceFolder({ 'raadskaart.json': { ...meta, demo: false }, [DEMO_KEY_FILE]: demo.privateText });

    expect((await assembleFolder(dir)).manifest.signatures).toEqual([]);
  });

  it('signs with an explicit key instead, and not at all with null', async () => {
    const demo = await demoKeyFiles();
    const own = await generateKeyPair();
    const dir = await makeSourceFolder({ [DEMO_KEY_FILE]: demo.privateText });

    expect((await assembleFolder(dir, { signingKey: own.privateKey })).manifest.signatures.map((s) => s.keyid)).toEqual([own.publicKey.keyid]);
    expect((await assembleFolder(dir, { signingKey: null })).manifest.signatures).toEqual([]);
  });

  it('reports a damaged key file by name', async () => {
    const dir = await makeSourceFolder({ [DEMO_KEY_FILE]: '{"type":"raadskaart-private-key"}' });

    await expect(assembleFolder(dir)).rejects.toThrow(/^keys\/demo-private\.json: /);
  });
});
