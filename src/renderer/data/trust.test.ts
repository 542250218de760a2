import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import demoPrivateKey from '../../../examples/delfshaven/keys/demo-private.json';
import demoPublicKey from '../../../examples/delfshaven/keys/demo-public.json';
import { UnknownKeyError, ValidationError } from '../../shared/errors';
import { keyidOf, parsePrivateKeyFile, parsePublicKeyFile } from '../../shared/keys';
import { fromBase64 } from '../../shared/base64';
import { openDatabase } from './db';
import type { RaadskaartDb } from './db';
import { ensureDemoInstalled } from '../updates/bundledDemo';
import { installPackage } from './install/installPackage';
import { makePackage, memorySource, testPublisherKey, trustOfKey } from '../../../tests/helpers/dexie';
import { DEMO_PACKAGE_ID, DEMO_TRUSTED_KEY, isDemoPackage } from '../../shared/trust/demoKey';
import { addTrustedKey, addTrustedKeyFile, listTrustedKeys, removeTrustedKey, resetTrustedKeys, TRUSTED_KEYS_SETTING, trustedKeysOfRole } from './trust';

const open: RaadskaartDb[] = [];
let counter = 0;
function freshDb(): RaadskaartDb {
  const db = openDatabase(`trust-test-${Date.now()}-${counter++}`, { indexedDB, IDBKeyRange });
  open.push(db);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

const clock = () => new Date('2026-12-01T12:00:00Z');

async function demoKey() {
  return { privateKey: await parsePrivateKeyFile(JSON.stringify(demoPrivateKey)), publicKey: await parsePublicKeyFile(JSON.stringify(demoPublicKey)) };
}

describe('the committed demo key pair', () => {
  it('is one Ed25519 key pair whose keyid is the hash of the public key', async () => {
    // parsePrivateKeyFile signs and verifies a probe with the pair.
    const key = await demoKey();
    expect(key.privateKey.publicKey).toBe(key.publicKey.publicKey);
    expect(await keyidOf(fromBase64(demoPublicKey.publicKey))).toBe(demoPublicKey.keyid);
  });

  it('is the key the app pins by default (src/shared/trust/demoKey.ts writes it out)', () => {
    expect({ keyid: DEMO_TRUSTED_KEY.keyid, publicKey: DEMO_TRUSTED_KEY.publicKey }).toEqual({ keyid: demoPublicKey.keyid, publicKey: demoPublicKey.publicKey });
  });
});

describe('trust list', () => {
  it('pins only the demo key by default, as a publisher for the demo package id', async () => {
    const db = freshDb();
    expect(await listTrustedKeys(db)).toEqual([
      { keyid: demoPublicKey.keyid, publicKey: demoPublicKey.publicKey, role: 'publisher', packageIds: [DEMO_PACKAGE_ID], label: DEMO_TRUSTED_KEY.label, demoOnly: true },
    ]);
    expect(await trustedKeysOfRole(db, 'hub')).toEqual([]);
  });

  it('installs a demo-id package signed with the demo key under the default trust', async () => {
    const db = freshDb();
    const pkg = await makePackage({ packageId: DEMO_PACKAGE_ID, demo: true, keys: [await demoKey()] });

    await expect(installPackage(db, memorySource(pkg), { now: clock })).resolves.toEqual({ kind: 'installed', packageId: DEMO_PACKAGE_ID, version: 1 });
  });

  it('rejects a package under any other id signed with the (public) demo key', async () => {
    const db = freshDb();
    const source = memorySource(await makePackage({ packageId: 'nl.rotterdam.echt', keys: [await demoKey()] }));

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(UnknownKeyError);
    await expect(failure).rejects.toThrow(`trusted only for ${DEMO_PACKAGE_ID}`);
    expect(source.chunkCalls).toEqual([]);
    expect(await db.packages.count()).toBe(0);
  });

  it('refuses a non-demo package signed with the public demo key (the v999 attack), and the real demo still installs', async () => {
    const db = freshDb();
    const attack = await makePackage({ packageId: DEMO_PACKAGE_ID, demo: false, version: 999, title: 'Raadsvoorstel (definitief)', keys: [await demoKey()] });
    const source = memorySource(attack);

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(UnknownKeyError);
    await expect(failure).rejects.toThrow(/signed only by the public demo key; the demo key may sign only packages marked as a demo/);
    expect(source.chunkCalls).toEqual([]);
    expect(await db.packages.count()).toBe(0);
    // The bundled demo is not locked out by a higher version.
    const demo = await makePackage({ packageId: DEMO_PACKAGE_ID, demo: true, keys: [await demoKey()] });
    await expect(ensureDemoInstalled(db, 'demo', { source: memorySource(demo), now: clock })).resolves.toEqual({ kind: 'installed', packageId: DEMO_PACKAGE_ID, version: 1 });
    expect((await db.packages.get(DEMO_PACKAGE_ID))?.demo).toBe(true);
  });

  it('treats the demo key as demo-only even in a stored list that lacks the flag', async () => {
    const db = freshDb();
    const { demoOnly: _dropped, ...legacy } = DEMO_TRUSTED_KEY;
    await db.settings.put({ key: TRUSTED_KEYS_SETTING, value: [{ ...legacy, packageIds: undefined }] });
    const attack = await makePackage({ packageId: 'nl.rotterdam.echt', demo: false, keys: [await demoKey()] });

    await expect(installPackage(db, memorySource(attack), { now: clock })).rejects.toThrow(/signed only by the public demo key/);
  });

  it('accepts a non-demo package the demo key co-signed when a real publisher key signed it too', async () => {
    const db = freshDb();
    await addTrustedKey(db, trustOfKey(await testPublisherKey()));
    const pkg = await makePackage({ packageId: DEMO_PACKAGE_ID, demo: false, version: 2, keys: [await demoKey(), await testPublisherKey()] });

    await expect(installPackage(db, memorySource(pkg), { now: clock })).resolves.toEqual({ kind: 'installed', packageId: DEMO_PACKAGE_ID, version: 2 });
    // With two signatures required, the demo key's does not count for a non-demo package.
    const db2 = freshDb();
    await addTrustedKey(db2, trustOfKey(await testPublisherKey()));
    await expect(installPackage(db2, memorySource(pkg), { now: clock, threshold: 2 })).rejects.toThrow(/too few signatures besides the public demo key/);
  });

  it('adds a key once per keyid and role, replacing label and scope when pinned again', async () => {
    const db = freshDb();
    const key = await testPublisherKey();

    await addTrustedKey(db, trustOfKey(key, 'publisher', ['nl.a']));
    await addTrustedKey(db, { ...trustOfKey(key, 'publisher', ['nl.b']), label: 'Adviseur B' });
    await addTrustedKey(db, trustOfKey(key, 'hub'));

    const list = await listTrustedKeys(db);
    expect(list.map((k) => [k.keyid.slice(0, 8), k.role, k.packageIds, k.label])).toEqual([
      [demoPublicKey.keyid.slice(0, 8), 'publisher', [DEMO_PACKAGE_ID], DEMO_TRUSTED_KEY.label],
      [key.publicKey.keyid.slice(0, 8), 'publisher', ['nl.b'], 'Adviseur B'],
      [key.publicKey.keyid.slice(0, 8), 'hub', undefined, 'test hub key'],
    ]);
  });

  it('refuses an entry that fails the schema, naming the field', async () => {
    const db = freshDb();
    const key = await testPublisherKey();

    await expect(addTrustedKey(db, { ...trustOfKey(key), role: 'admin' })).rejects.toThrow(/trusted key: \$\.role: /);
    await expect(addTrustedKey(db, { ...trustOfKey(key), publicKey: 'kort' })).rejects.toBeInstanceOf(ValidationError);
    expect(await listTrustedKeys(db)).toHaveLength(1);
  });

  it('refuses an entry whose keyid is not the hash of its public key', async () => {
    const db = freshDb();
    const key = await testPublisherKey();

    await expect(addTrustedKey(db, { ...trustOfKey(key), keyid: demoPublicKey.keyid })).rejects.toThrow(/is not the SHA-256 of its public key/);
  });

  it('pins a public key file made by keygen', async () => {
    const db = freshDb();
    const key = await testPublisherKey();

    const entry = await addTrustedKeyFile(db, JSON.stringify(key.publicKey), { role: 'publisher', label: 'Adviseur', packageIds: ['nl.x'] });

    expect(entry).toEqual({ keyid: key.publicKey.keyid, publicKey: key.publicKey.publicKey, role: 'publisher', label: 'Adviseur', packageIds: ['nl.x'] });
    expect(await listTrustedKeys(db)).toContainEqual(entry);
  });

  it('removes a key, after which its packages are rejected; reset restores the demo key', async () => {
    const db = freshDb();
    expect(await removeTrustedKey(db, demoPublicKey.keyid)).toBe(1);
    expect(await listTrustedKeys(db)).toEqual([]);
    const pkg = await makePackage({ packageId: DEMO_PACKAGE_ID, demo: true, keys: [await demoKey()] });

    await expect(installPackage(db, memorySource(pkg), { now: clock })).rejects.toBeInstanceOf(UnknownKeyError);

    await resetTrustedKeys(db);
    await expect(installPackage(db, memorySource(pkg), { now: clock })).resolves.toMatchObject({ kind: 'installed' });
  });

  it('reports a stored trust list that fails the schema instead of falling back to the default', async () => {
    const db = freshDb();
    await db.settings.put({ key: TRUSTED_KEYS_SETTING, value: [{ keyid: 'nope' }] });

    await expect(listTrustedKeys(db)).rejects.toThrow(/setting "trustedKeys": \$\.0\./);
  });
});

describe('isDemoPackage (the demo badge)', () => {
  it('is true for a package marked demo and for one signed by nothing but the demo key', async () => {
    const byDemo = await makePackage({ packageId: DEMO_PACKAGE_ID, demo: false, keys: [await demoKey()] });
    const byBoth = await makePackage({ packageId: DEMO_PACKAGE_ID, demo: false, keys: [await demoKey(), await testPublisherKey()] });
    const byPublisher = await makePackage({ demo: false });
    const markedDemo = await makePackage({ demo: true });

    expect(isDemoPackage({ demo: false, manifest: byDemo.manifest })).toBe(true);
    expect(isDemoPackage({ demo: true, manifest: markedDemo.manifest })).toBe(true);
    expect(isDemoPackage({ demo: false, manifest: byBoth.manifest })).toBe(false);
    expect(isDemoPackage({ demo: false, manifest: byPublisher.manifest })).toBe(false);
  });
});
