import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { FeatureCollection } from 'geojson';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './db';
import type { RaadskaartDb } from './db';
import { installPackage } from './install/installPackage';
import { compareAgendaNumbers, GeoJsonCache, getAgendaItem, getPackage, listLayers, listPackages, readChunkText, readLayerGeoJson, requestPersistentStorage } from './repositories';
import { defaultIndex, makePackage, memorySource, testTrust } from '../../../tests/helpers/dexie';

const open: RaadskaartDb[] = [];
let counter = 0;
function freshDb(): RaadskaartDb {
  const db = openDatabase(`repo-test-${Date.now()}-${counter++}`, { indexedDB, IDBKeyRange });
  open.push(db);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});
const clock = () => new Date('2026-12-01T12:00:00Z');

describe('repositories', () => {
  it('sorts agenda numbers the way a clerk reads them', () => {
    expect(['10', '7b', '2', '7a', '7.1', '1'].sort(compareAgendaNumbers)).toEqual(['1', '2', '7.1', '7a', '7b', '10']);
  });

  it('lists packages by title and answers null for unknown ids and paths', async () => {
    const db = freshDb();
    await installPackage(db, memorySource(await makePackage({ packageId: 'pkg.zuid', title: 'Zuid' })), { now: clock, trusted: await testTrust() });
    await installPackage(db, memorySource(await makePackage({ packageId: 'pkg.noord', title: 'Noord' })), { now: clock, trusted: await testTrust() });

    expect((await listPackages(db)).map((p) => p.title)).toEqual(['Noord', 'Zuid']);
    expect(await getPackage(db, 'pkg.west')).toBeNull();
    expect(await getAgendaItem(db, 'pkg.noord', 'ai-onbekend')).toBeNull();
    expect(await getAgendaItem(db, 'pkg.noord', 'ai-herinrichting')).toMatchObject({ number: '2', briefing: 'briefings/herinrichting.md' });
    expect(await readChunkText(db, 'pkg.noord', 'briefings/onbekend.md')).toBeNull();
    expect(await readChunkText(db, 'pkg.west', 'briefings/herinrichting.md')).toBeNull();
  });

  it('keeps the rows of two packages apart', async () => {
    const db = freshDb();
    const index = defaultIndex();
    index.layers = [];
    await installPackage(db, memorySource(await makePackage({ packageId: 'pkg.zonder-lagen', index, files: { 'layers/buildings.geojson': null } })), {
      now: clock,
      trusted: await testTrust(),
    });
    await installPackage(db, memorySource(await makePackage({ packageId: 'pkg.met-lagen' })), { now: clock, trusted: await testTrust() });

    expect(await listLayers(db, 'pkg.zonder-lagen')).toEqual([]);
    expect((await listLayers(db, 'pkg.met-lagen')).map((l) => l.id)).toEqual(['buildings']);
  });

  it('parses a layer once per chunk and returns the cached object afterwards', async () => {
    const db = freshDb();
    await installPackage(db, memorySource(await makePackage()), { now: clock, trusted: await testTrust() });
    const cache = new GeoJsonCache();

    const first = await readLayerGeoJson(db, 'test.delfshaven', 'buildings', cache);
    const second = await readLayerGeoJson(db, 'test.delfshaven', 'buildings', cache);

    expect(first?.type).toBe('FeatureCollection');
    expect(first?.features).toHaveLength(2);
    expect(second).toBe(first);
    expect(cache.size).toBe(1);
    expect(await readLayerGeoJson(db, 'test.delfshaven', 'onbekend', cache)).toBeNull();
  });

  it('evicts the least recently used layer when the cache is full', () => {
    const cache = new GeoJsonCache(2);
    const fc = (n: number): FeatureCollection => ({ type: 'FeatureCollection', features: [], bbox: [n, n, n, n] });
    cache.set('a', fc(1));
    cache.set('b', fc(2));
    cache.get('a');
    cache.set('c', fc(3));

    expect(cache.get('a')).toBeDefined();
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('reports non-persistent storage where the Storage API is missing', async () => {
    // Node has a navigator without storage.
    expect(await requestPersistentStorage()).toBe(false);
  });
});
