import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { ExpiredError, FetchError, SignatureError } from '../../shared/errors';
import { generateKeyPair } from '../../shared/keys';
import { openDatabase } from '../data/db';
import type { RaadskaartDb } from '../data/db';
import { installPackage } from '../data/install/installPackage';
import { listIndicators } from '../data/repositories';
import { activeChunkKeys, chunkKeysOf, defaultIndex, logicalState, makePackage, memorySource, trustTestPublisher } from '../../../tests/helpers/dexie';
import type { TestPackage } from '../../../tests/helpers/dexie';
import { addTrustedKey, listTrustedKeys, trustOf } from '../data/trust';
import { HubKeyMismatchError, HubKeyNotPinnedError, InvalidHubUrlError } from './hubErrors';
import { pinHubKey, updateFromHub } from './updateFromHub';
import type { UpdateState } from './updateState';
import { HUB, makeFakeHub } from '../../../tests/helpers/fakeHub';
import type { FakeHub } from '../../../tests/helpers/fakeHub';

const clock = () => new Date('2026-12-01T12:00:00Z');

const open: RaadskaartDb[] = [];
let counter = 0;
/** A client that trusts the test publisher and, unless told otherwise, the hub's key. */
async function client(hub?: FakeHub): Promise<RaadskaartDb> {
  const db = openDatabase(`updates-test-${Date.now()}-${counter++}`, { indexedDB, IDBKeyRange });
  open.push(db);
  await trustTestPublisher(db);
  if (hub) await addTrustedKey(db, hub.trust);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

function update(db: RaadskaartDb, hub: FakeHub, extra: { token?: string; onProgress?: (s: UpdateState) => void; now?: () => Date } = {}) {
  return updateFromHub({ db, hubUrl: HUB, fetchImpl: hub.fetchImpl, now: clock, ...extra });
}

/** v2 of the test package with one indicator value changed: only index.json differs. */
function withIndicator(version: number, value: number): Promise<TestPackage> {
  const index = defaultIndex();
  index.indicators = index.indicators.map((i) => ({ ...i, values: { ...i.values, 's-park': value } }));
  return makePackage({ version, index });
}

describe('updateFromHub', () => {
  it('installs a package from the hub, reporting checking, downloading, installing and done, with the token on every request', async () => {
    const hub = await makeFakeHub();
    const pkg = await makePackage();
    hub.publish(pkg);
    const db = await client(hub);
    const states: UpdateState[] = [];

    const result = await update(db, hub, { token: 'geheim-token', onProgress: (s) => states.push(s) });

    expect(result).toEqual({ installed: [{ packageId: 'test.delfshaven', title: 'Delfshaven (test)', version: 1 }], upToDate: [], failed: [] });
    expect(states[0]).toEqual({ kind: 'checking' });
    const total = pkg.manifest.chunks.reduce((sum, c) => sum + c.size, 0);
    expect(states.filter((s) => s.kind === 'downloading').at(-1)).toEqual({
      kind: 'downloading',
      packageId: 'test.delfshaven',
      title: 'Delfshaven (test)',
      doneBytes: total,
      totalBytes: total,
      percent: 100,
    });
    expect(states.at(-2)).toEqual({ kind: 'installing', packageId: 'test.delfshaven', title: 'Delfshaven (test)' });
    expect(states.at(-1)).toMatchObject({ kind: 'done', installed: [{ packageId: 'test.delfshaven' }] });
    expect(hub.requests.map((r) => r.url.replace(HUB, ''))).toEqual([
      '/v1/catalog',
      '/v1/packages/test.delfshaven/versions/1/manifest',
      ...pkg.manifest.chunks.map((c) => `/v1/chunks/${c.sha256}`),
    ]);
    expect(hub.requests.every((r) => r.authorization === 'Bearer geheim-token')).toBe(true);
    expect(await activeChunkKeys(db)).toEqual(chunkKeysOf(pkg));
  });

  it('downloads only the chunk that changed in an update, and nothing when up to date', async () => {
    const hub = await makeFakeHub();
    hub.publish(await withIndicator(1, 900));
    const db = await client(hub);
    await update(db, hub);
    const v2 = await withIndicator(2, 975);
    hub.publish(v2);
    hub.requests.length = 0;

    const result = await update(db, hub);

    expect(result.installed).toEqual([{ packageId: 'test.delfshaven', title: 'Delfshaven (test)', version: 2 }]);
    expect(hub.chunkRequests()).toEqual([v2.manifest.chunks.find((c) => c.path === 'index.json')?.sha256]);
    expect((await listIndicators(db, 'test.delfshaven'))[0]?.values['s-park']).toBe(975);

    hub.requests.length = 0;
    expect(await update(db, hub)).toEqual({ installed: [], upToDate: [{ packageId: 'test.delfshaven', title: 'Delfshaven (test)', version: 2 }], failed: [] });
    expect(hub.requests.map((r) => r.url.replace(HUB, ''))).toEqual(['/v1/catalog']);
  });

  it('resumes an update whose connection dropped without downloading finished chunks again', async () => {
    const hub = await makeFakeHub();
    const pkg = await makePackage({ files: { 'extra/a.md': 'a', 'extra/b.md': 'b' } });
    hub.publish(pkg);
    const db = await client(hub);
    hub.failChunkRequests.add(4);

    const first = await update(db, hub);

    expect(first.failed).toEqual([{ packageId: 'test.delfshaven', title: 'Delfshaven (test)', version: 1, code: 'fetch', message: expect.stringMatching(/Failed to fetch/) }]);
    expect(await db.packages.count()).toBe(0);
    const fetchedBefore = hub.chunkRequests().slice(0, 3);

    const second = await update(db, hub);

    expect(second.installed).toHaveLength(1);
    const fetchedAfter = hub.chunkRequests().slice(4);
    expect(fetchedAfter).toHaveLength(2);
    expect(fetchedAfter.some((sha) => fetchedBefore.includes(sha))).toBe(false);
  });

  it('tells the user to pin the hub key when none is pinned, before any request', async () => {
    const hub = await makeFakeHub();
    hub.publish(await makePackage());
    const db = await client();

    const failure = update(db, hub);

    await expect(failure).rejects.toBeInstanceOf(HubKeyNotPinnedError);
    await expect(failure).rejects.toMatchObject({ code: 'hub-key-not-pinned' });
    expect(hub.requests).toEqual([]);
  });

  it('pins the hub key the user confirmed, and refuses one that differs from it', async () => {
    const hub = await makeFakeHub();
    const db = await client();

    const wrong = pinHubKey(trustOf(db), `${HUB}/`, { fetchImpl: hub.fetchImpl, expectedKeyid: '0'.repeat(64) });
    await expect(wrong).rejects.toBeInstanceOf(HubKeyMismatchError);
    expect((await listTrustedKeys(db)).filter((k) => k.role === 'hub')).toEqual([]);

    const pinned = await pinHubKey(trustOf(db), `${HUB}/`, { fetchImpl: hub.fetchImpl, expectedKeyid: hub.key.publicKey.keyid });

    expect(pinned).toEqual({ keyid: hub.key.publicKey.keyid, publicKey: hub.key.publicKey.publicKey, role: 'hub', label: 'Hub hub.example.nl' });
    expect(await listTrustedKeys(db)).toContainEqual(pinned);
  });

  it('refuses a catalog signed by a key other than the pinned hub key, installing nothing', async () => {
    const hub = await makeFakeHub();
    hub.publish(await makePackage());
    const db = await client();
    await addTrustedKey(db, { ...(await makeFakeHub({ key: await generateKeyPair() })).trust });

    await expect(update(db, hub)).rejects.toMatchObject({ code: 'hub-key-mismatch' });
    expect(hub.requests.map((r) => r.url.replace(HUB, ''))).toEqual(['/v1/catalog']);
    expect(await db.packages.count()).toBe(0);
  });

  it('refuses a catalog with a flipped byte', async () => {
    const hub = await makeFakeHub();
    hub.publish(await makePackage({ title: 'Delfshaven (test)' }));
    const db = await client(hub);
    hub.catalogBytes = (bytes) => {
      const text = new TextDecoder().decode(bytes).replace('Delfshaven (test)', 'Delfshaven (tesu)');
      return new TextEncoder().encode(text);
    };

    await expect(update(db, hub)).rejects.toBeInstanceOf(SignatureError);
    expect(await db.packages.count()).toBe(0);
  });

  it('refuses an expired catalog (freeze) and keeps the installed version', async () => {
    const hub = await makeFakeHub();
    hub.publish(await makePackage());
    const db = await client(hub);
    await update(db, hub);
    const before = await logicalState(db);
    hub.publish(await makePackage({ version: 2, files: { 'extra/a.md': 'nieuw' } }));
    hub.requests.length = 0;

    // The catalog was issued at 11:00 and lives 24 hours; the client's clock says two days later.
    const failure = update(db, hub, { now: () => new Date('2026-12-03T12:00:00Z') });

    await expect(failure).rejects.toBeInstanceOf(ExpiredError);
    expect(hub.requests).toHaveLength(1);
    expect(await logicalState(db)).toEqual(before);
  });

  it('refuses a manifest that does not match the signed catalog (mix-and-match) before any chunk', async () => {
    const hub = await makeFakeHub();
    hub.publish(await makePackage());
    const db = await client(hub);
    await update(db, hub);
    const before = await logicalState(db);
    hub.publish(await makePackage({ version: 2, files: { 'extra/a.md': 'gepubliceerd' } }));
    // Validly signed by the publisher, but not the version the catalog lists.
    hub.manifestOverride.set('test.delfshaven', (await makePackage({ version: 2, files: { 'extra/a.md': 'ondergeschoven' } })).manifestBytes);
    hub.requests.length = 0;

    const result = await update(db, hub);

    expect(result.failed).toEqual([expect.objectContaining({ packageId: 'test.delfshaven', code: 'mix-and-match' })]);
    expect(hub.chunkRequests()).toEqual([]);
    expect(await logicalState(db)).toEqual(before);
  });

  it('refuses a catalog entry older than the installed version (rollback) without fetching its manifest', async () => {
    const hub = await makeFakeHub();
    const db = await client(hub);
    await installPackage(db, memorySource(await makePackage({ version: 3 })), { now: clock });
    const before = await logicalState(db);
    hub.publish(await makePackage({ version: 2 }));

    const result = await update(db, hub);

    expect(result.failed).toEqual([expect.objectContaining({ packageId: 'test.delfshaven', version: 2, code: 'rollback' })]);
    expect(hub.requests.map((r) => r.url.replace(HUB, ''))).toEqual(['/v1/catalog']);
    expect(await logicalState(db)).toEqual(before);
  });

  it('installs the other packages when one fails', async () => {
    const hub = await makeFakeHub();
    const stranger = await generateKeyPair();
    hub.publish(await makePackage({ packageId: 'nl.a.goed' }));
    hub.publish(await makePackage({ packageId: 'nl.b.vreemd', keys: [stranger] }));
    hub.publish(await makePackage({ packageId: 'nl.c.goed', files: { 'extra/c.md': 'c' } }));
    const db = await client(hub);

    const result = await update(db, hub);

    expect(result.installed.map((p) => p.packageId)).toEqual(['nl.a.goed', 'nl.c.goed']);
    expect(result.failed).toEqual([expect.objectContaining({ packageId: 'nl.b.vreemd', code: 'unknown-key' })]);
  });

  it('reports an address that is not http(s) and a token the hub refuses', async () => {
    const hub = await makeFakeHub();
    const db = await client(hub);

    await expect(updateFromHub({ db, hubUrl: 'ftp://hub.example.nl', fetchImpl: hub.fetchImpl })).rejects.toBeInstanceOf(InvalidHubUrlError);
    hub.status = 401;
    const failure = update(db, hub, { token: 'verlopen' });
    await expect(failure).rejects.toBeInstanceOf(FetchError);
    await expect(failure).rejects.toMatchObject({ status: 401 });
  });
});
