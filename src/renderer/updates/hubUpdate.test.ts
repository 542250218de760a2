// Package updates against the real hub (src/hub, PGlite in a temporary folder, listening on a
// loopback port): publish a package, update a client database from it, publish version 2 with
// one indicator changed, update again and check that only the changed chunk was downloaded.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, upsertPublisherKey } from '../../hub/accounts';
import type { HubDb } from '../../hub/db';
import { openHubDb } from '../../hub/db';
import { buildHub, RKP_MEDIA_TYPE } from '../../hub/server';
import { writeRkp } from '../../shared/rkp';
import { openDatabase } from '../data/db';
import type { RaadskaartDb } from '../data/db';
import { listIndicators } from '../data/repositories';
import { activeChunkKeys, chunkKeysOf, defaultIndex, makePackage, testPublisherKey, trustTestPublisher } from '../../../tests/helpers/dexie';
import { trustOf } from '../data/trust';
import type { TestPackage } from '../../../tests/helpers/dexie';
import { fetchHubKey, pinHubKey, updateFromHub } from './updateFromHub';

const clock = () => new Date('2026-12-01T12:00:00.000Z');

function withIndicator(version: number, value: number): Promise<TestPackage> {
  const index = defaultIndex();
  index.indicators = index.indicators.map((i) => ({ ...i, values: { ...i.values, 's-park': value } }));
  return makePackage({ packageId: 'nl.rotterdam.delfshaven', version, index });
}

function rkpOf(pkg: TestPackage): Promise<Uint8Array> {
  const bySha = new Map(pkg.manifest.chunks.map((c) => [c.sha256, pkg.files.get(c.path) ?? new Uint8Array()]));
  return writeRkp(pkg.manifestBytes, (ref) => bySha.get(ref.sha256) ?? new Uint8Array(), pkg.manifest);
}

describe('updates from the real hub', () => {
  let dataDir: string;
  let hubDb: HubDb;
  let app: FastifyInstance;
  let hubUrl: string;
  let advisorToken: string;
  let memberToken: string;
  let client: RaadskaartDb;
  const requests: string[] = [];
  const countingFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(String(input));
    return fetch(input, init);
  }) as typeof fetch;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'raadskaart-updates-hub-'));
    hubDb = await openHubDb({ dataDir });
    app = await buildHub({ db: hubDb, dataDir, now: clock });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('the hub is not listening');
    hubUrl = `http://127.0.0.1:${address.port}`;
    const publisher = await testPublisherKey();
    await upsertPublisherKey(hubDb, { keyid: publisher.publicKey.keyid, publicKey: publisher.publicKey.publicKey, label: 'test advisors', packageIds: null });
    advisorToken = (await addUser(hubDb, { name: 'Anna Adviseur', role: 'advisor' })).token;
    memberToken = (await addUser(hubDb, { name: 'Mo Raadslid', role: 'member' })).token;
    client = openDatabase(`hub-updates-${Date.now()}`, { indexedDB, IDBKeyRange });
    await trustTestPublisher(client);
  }, 60_000);

  afterAll(async () => {
    await client?.delete();
    await app?.close();
    await hubDb?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function publish(pkg: TestPackage): Promise<void> {
    const response = await fetch(`${hubUrl}/v1/packages`, {
      method: 'POST',
      headers: { 'content-type': RKP_MEDIA_TYPE, authorization: `Bearer ${advisorToken}` },
      body: (await rkpOf(pkg)).slice(),
    });
    expect(response.status, await response.clone().text()).toBe(201);
  }

  const chunkRequests = () => requests.filter((u) => u.includes('/v1/chunks/')).map((u) => u.slice(u.lastIndexOf('/') + 1));

  it('pins the hub key the user confirmed', async () => {
    const shown = await fetchHubKey(hubUrl);

    const pinned = await pinHubKey(trustOf(client), hubUrl, { expectedKeyid: shown.keyid });

    expect(pinned).toMatchObject({ keyid: shown.keyid, role: 'hub', label: `Hub ${new URL(hubUrl).host}` });
  });

  it('installs a published package, downloading every chunk once', async () => {
    const v1 = await withIndicator(1, 900);
    await publish(v1);

    const result = await updateFromHub({ db: client, hubUrl, token: memberToken, fetchImpl: countingFetch, now: clock });

    expect(result).toEqual({ installed: [{ packageId: 'nl.rotterdam.delfshaven', title: 'Delfshaven (test)', version: 1 }], upToDate: [], failed: [] });
    expect(chunkRequests().sort()).toEqual(chunkKeysOf(v1));
    expect(await activeChunkKeys(client)).toEqual(chunkKeysOf(v1));
  });

  it('after version 2 with one indicator changed, downloads only the changed chunk', async () => {
    const v2 = await withIndicator(2, 975);
    await publish(v2);
    requests.length = 0;

    const result = await updateFromHub({ db: client, hubUrl, token: memberToken, fetchImpl: countingFetch, now: clock });

    expect(result.installed).toEqual([{ packageId: 'nl.rotterdam.delfshaven', title: 'Delfshaven (test)', version: 2 }]);
    const index = v2.manifest.chunks.find((c) => c.path === 'index.json');
    expect(chunkRequests()).toEqual([index?.sha256]);
    // The catalog, the manifest of version 2 and that one chunk.
    expect(requests).toHaveLength(3);
    expect((await listIndicators(client, 'nl.rotterdam.delfshaven'))[0]?.values['s-park']).toBe(975);
    expect(await activeChunkKeys(client)).toEqual(chunkKeysOf(v2));
  });

  it('is up to date on the next update and fetches only the catalog', async () => {
    requests.length = 0;

    const result = await updateFromHub({ db: client, hubUrl, token: memberToken, fetchImpl: countingFetch, now: clock });

    expect(result.upToDate.map((p) => p.version)).toEqual([2]);
    expect(requests).toEqual([`${hubUrl}/v1/catalog`]);
  });
});
