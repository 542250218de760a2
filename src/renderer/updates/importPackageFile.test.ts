import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RollbackError, UnknownKeyError, UnsafeArchiveError } from '../../shared/errors';
import demoPrivateKey from '../../../examples/delfshaven/keys/demo-private.json';
import demoPublicKey from '../../../examples/delfshaven/keys/demo-public.json';
import { generateKeyPair, parsePrivateKeyFile, parsePublicKeyFile } from '../../shared/keys';
import { countingStream, hugeZeroChunkRkp, makeRawRkp } from '../../../tests/helpers/packages';
import type { RawEntry } from '../../../tests/helpers/packages';
import { gzipParts, writeRkp } from '../../shared/rkp';
import { openDatabase } from '../data/db';
import type { RaadskaartDb } from '../data/db';
import { installPackage } from '../data/install/installPackage';
import { activeChunkKeys, chunkKeysOf, logicalState, makePackage, memorySource, testPublisherKey, trustTestPublisher } from '../../../tests/helpers/dexie';
import { DEMO_PACKAGE_ID } from '../../shared/trust/demoKey';
import type { TestPackage } from '../../../tests/helpers/dexie';
import { importPackageFile } from './importPackageFile';
import { DamagedPackageFileError, NotAPackageError } from './packageFileErrors';

const clock = () => new Date('2026-12-01T12:00:00Z');

let db: RaadskaartDb;
let counter = 0;
beforeEach(async () => {
  db = openDatabase(`import-test-${Date.now()}-${counter++}`, { indexedDB, IDBKeyRange });
  await trustTestPublisher(db);
});
afterEach(async () => {
  await db.delete();
});

function rkpOf(pkg: TestPackage): Promise<Uint8Array> {
  const bySha = new Map(pkg.manifest.chunks.map((c) => [c.sha256, pkg.files.get(c.path) ?? new Uint8Array()]));
  return writeRkp(pkg.manifestBytes, (ref) => bySha.get(ref.sha256) ?? new Uint8Array(), pkg.manifest);
}

function fileOf(bytes: Uint8Array, name = 'delfshaven-v2.rkp'): File {
  return new File([bytes.slice()], name, { type: 'application/vnd.raadskaart.rkp' });
}

/** Entries of a valid .rkp for a package, to alter. */
function entriesOf(pkg: TestPackage): RawEntry[] {
  const entries: RawEntry[] = [{ header: { name: 'manifest.json', size: pkg.manifestBytes.length }, data: pkg.manifestBytes }];
  const seen = new Set<string>();
  for (const c of pkg.manifest.chunks) {
    if (seen.has(c.sha256)) continue;
    seen.add(c.sha256);
    const data = pkg.files.get(c.path) ?? new Uint8Array();
    entries.push({ header: { name: `chunks/${c.sha256}`, size: data.length }, data });
  }
  return entries;
}

describe('importPackageFile', () => {
  it('installs a signed .rkp and reports its title', async () => {
    const pkg = await makePackage({ version: 4 });

    const result = await importPackageFile(db, fileOf(await rkpOf(pkg)), { now: clock });

    expect(result).toEqual({ kind: 'installed', packageId: 'test.delfshaven', version: 4, title: 'Delfshaven (test)' });
    expect(await activeChunkKeys(db)).toEqual(chunkKeysOf(pkg));
  });

  it('refuses a .rkp signed by an unknown key and keeps the installed version', async () => {
    await installPackage(db, memorySource(await makePackage()), { now: clock });
    const before = await logicalState(db);
    const foreign = await makePackage({ version: 2, keys: [await generateKeyPair()], files: { 'extra/a.md': 'a' } });

    const failure = importPackageFile(db, fileOf(await rkpOf(foreign), 'vreemd.rkp'), { now: clock });

    await expect(failure).rejects.toBeInstanceOf(UnknownKeyError);
    await expect(failure).rejects.toThrow(/^vreemd\.rkp: manifest\.json \(test\.delfshaven version 2\)/);
    expect(await logicalState(db)).toEqual(before);
    expect(await db.stagedChunks.count()).toBe(0);
  });

  it('refuses an older version from a file (rollback)', async () => {
    await installPackage(db, memorySource(await makePackage({ version: 5 })), { now: clock });

    await expect(importPackageFile(db, fileOf(await rkpOf(await makePackage({ version: 4 }))), { now: clock })).rejects.toBeInstanceOf(RollbackError);
    expect((await db.packages.get('test.delfshaven'))?.version).toBe(5);
  });

  it.each([
    ['a path traversal', '../chunks/evil', /contains "\.\." \(path traversal\)/],
    ['an absolute path', '/etc/passwd', /has an absolute path/],
  ])('refuses an entry with %s', async (_what, name, message) => {
    await installPackage(db, memorySource(await makePackage()), { now: clock });
    const before = await logicalState(db);
    const v2 = await makePackage({ version: 2, files: { 'extra/a.md': 'a' } });
    const entries = entriesOf(v2);
    entries.push({ header: { name, size: 4 }, data: new TextEncoder().encode('boem') });

    const failure = importPackageFile(db, fileOf(await makeRawRkp(entries)), { now: clock });

    await expect(failure).rejects.toBeInstanceOf(UnsafeArchiveError);
    await expect(failure).rejects.toThrow(message);
    expect(await logicalState(db)).toEqual(before);
  });

  it('stops inflating a decompression bomb and installs nothing', async () => {
    const v2 = await makePackage({ version: 2 });
    // 64 MiB of zeros after the archive: a few KB compressed, far beyond what the manifest accounts for.
    const bomb = await makeRawRkp(entriesOf(v2), { trailing: [new Uint8Array(64 * 1024 * 1024)] });
    expect(bomb.length).toBeLessThan(200_000);

    const failure = importPackageFile(db, fileOf(bomb), { now: clock });

    await expect(failure).rejects.toBeInstanceOf(UnsafeArchiveError);
    await expect(failure).rejects.toThrow(/decompression bomb/);
    expect(await db.packages.count()).toBe(0);
    expect(await db.chunks.count()).toBe(0);
  });

  it('refuses an unsigned file at its manifest, before inflating its 512 MiB chunk', async () => {
    const { rkp } = await hugeZeroChunkRkp({ keys: [], packageId: 'test.delfshaven' });
    const source = countingStream(rkp, 1024);
    const file = { name: 'nullen.rkp', stream: () => source.stream } as unknown as File;

    await expect(importPackageFile(db, file, { now: clock })).rejects.toBeInstanceOf(UnknownKeyError);
    expect(source.pulls()).toBeLessThan(128);
    expect(source.cancelled()).toBe(true);
    expect(await db.packages.count()).toBe(0);
  });

  it('refuses a non-demo .rkp signed only by the public demo key at its manifest, before inflating its chunks', async () => {
    const demoKey = { privateKey: await parsePrivateKeyFile(JSON.stringify(demoPrivateKey)), publicKey: await parsePublicKeyFile(JSON.stringify(demoPublicKey)) };
    const { rkp } = await hugeZeroChunkRkp({ keys: [demoKey], packageId: DEMO_PACKAGE_ID, version: 999 });
    const source = countingStream(rkp, 1024);
    const file = { name: 'raadsvoorstel.rkp', stream: () => source.stream } as unknown as File;

    const failure = importPackageFile(db, file, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(UnknownKeyError);
    await expect(failure).rejects.toThrow(/signed only by the public demo key/);
    expect(source.pulls()).toBeLessThan(128);
    expect(await db.packages.count()).toBe(0);
  });

  it('refuses an older version at its manifest, before inflating its chunks', async () => {
    await installPackage(db, memorySource(await makePackage({ version: 5 })), { now: clock });
    const { rkp } = await hugeZeroChunkRkp({ keys: [await testPublisherKey()], packageId: 'test.delfshaven', version: 4 });
    const source = countingStream(rkp, 1024);
    const file = { name: 'oud.rkp', stream: () => source.stream } as unknown as File;

    await expect(importPackageFile(db, file, { now: clock })).rejects.toBeInstanceOf(RollbackError);
    expect(source.pulls()).toBeLessThan(128);
    expect((await db.packages.get('test.delfshaven'))?.version).toBe(5);
  });

  it('calls a truncated file a damaged package file, not a damaged download', async () => {
    const rkp = await rkpOf(await makePackage());

    const failure = importPackageFile(db, fileOf(rkp.slice(0, Math.floor(rkp.length / 2)), 'half.rkp'), { now: clock });

    await expect(failure).rejects.toBeInstanceOf(DamagedPackageFileError);
    await expect(failure).rejects.toThrow(/^half\.rkp: /);
    expect(await db.packages.count()).toBe(0);
  });

  it('calls a package file with a chunk whose bytes were changed a damaged package file', async () => {
    const pkg = await makePackage();
    const entries = entriesOf(pkg);
    const last = entries[entries.length - 1] as RawEntry;
    last.data = last.data.map((b, i) => (i === 0 ? b ^ 1 : b));

    await expect(importPackageFile(db, fileOf(await makeRawRkp(entries)), { now: clock })).rejects.toMatchObject({ code: 'damaged-file' });
    expect(await db.packages.count()).toBe(0);
  });

  it('calls a file that is not gzip data not a package at all', async () => {
    const failure = importPackageFile(db, fileOf(new TextEncoder().encode('{"type":"raadskaart-public-key"}'), 'sleutel.json'), { now: clock });

    await expect(failure).rejects.toBeInstanceOf(NotAPackageError);
    await expect(failure).rejects.toThrow('sleutel.json: not a Raadskaart package file (it does not start as gzip data)');
  });

  it('calls gzip data that is not an archive starting with manifest.json not a package at all', async () => {
    const notATar = await gzipParts([new TextEncoder().encode('Notulen van de raadsvergadering\n'.repeat(40))]);
    const otherArchive = await makeRawRkp([{ header: { name: 'notulen.txt', size: 5 }, data: new TextEncoder().encode('hallo') }]);

    for (const bytes of [notATar, otherArchive]) {
      await expect(importPackageFile(db, fileOf(bytes, 'notulen.tar.gz'), { now: clock })).rejects.toMatchObject({
        code: 'not-a-package',
        message: 'notulen.tar.gz: not a Raadskaart package file (gzip data, but not an archive that starts with manifest.json)',
      });
    }
    expect(await db.packages.count()).toBe(0);
  });
});
