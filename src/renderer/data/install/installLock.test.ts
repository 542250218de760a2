// Installs that run at the same time (two windows, an update in the worker while a .rkp is
// imported) and staging that was abandoned long ago.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChunkRef } from '../../../shared/packageFormat';
import { installPackage } from './installPackage';
import { removePackage } from './collect';
import type { PackageSource } from './packageSource';
import { activeChunkKeys, buildingsGeoJson, chunkKeysOf, defaultIndex, makePackage, memorySource, useFreshDatabases } from '../../../../tests/helpers/dexie';

const { freshDb } = useFreshDatabases('install-lock-test');

const clock = () => new Date('2026-12-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A source whose chunk fetches wait until `gate` settles. */
function gated(source: PackageSource, gate: Promise<unknown>): PackageSource {
  return {
    fetchManifest: () => source.fetchManifest(),
    fetchChunk: async (ref: ChunkRef) => {
      await gate;
      return source.fetchChunk(ref);
    },
  };
}

describe('concurrent installs', () => {
  it('lets two concurrent installs of packages sharing a chunk both succeed', async () => {
    const db = await freshDb();
    // p v1 holds the buildings layer W; q shares W (and index and briefing) with it and
    // brings one chunk of its own; p v2 replaces W, so switching to it makes W garbage.
    const p1 = await makePackage({ packageId: 'test.p' });
    const q = await makePackage({ packageId: 'test.q', files: { 'extra/q.md': '# Alleen in q\n' } });
    const p2 = await makePackage({ packageId: 'test.p', version: 2, files: { 'layers/buildings.geojson': '{"type":"FeatureCollection","features":[]}' } });
    await installPackage(db, memorySource(p1), { now: clock });

    // q starts first and waits for its own chunk until p v2 is done, or at most 300 ms (with
    // installs serialised, p v2 cannot even start before q is done).
    const events: string[] = [];
    let p2Finished = () => undefined as void;
    const p2Settled = new Promise<void>((resolve) => (p2Finished = resolve));
    const qInstall = installPackage(db, gated(memorySource(q), Promise.race([p2Settled, delay(300)])), { now: clock }).finally(() => events.push('q done'));
    await delay(20);
    const p2Source = memorySource(p2);
    const tracked: PackageSource = {
      fetchManifest: () => {
        events.push('p2 starts');
        return p2Source.fetchManifest();
      },
      fetchChunk: (ref) => p2Source.fetchChunk(ref),
    };
    const p2Install = installPackage(db, tracked, { now: clock }).finally(() => {
      events.push('p2 done');
      p2Finished();
    });

    const [qResult, p2Result] = await Promise.allSettled([qInstall, p2Install]);

    expect(qResult).toEqual({ status: 'fulfilled', value: { kind: 'installed', packageId: 'test.q', version: 1 } });
    expect(p2Result).toEqual({ status: 'fulfilled', value: { kind: 'installed', packageId: 'test.p', version: 2 } });
    expect((await db.packages.get('test.p'))?.version).toBe(2);
    // One install at a time: p v2 did not even read its manifest before q had switched.
    expect(events).toEqual(['q done', 'p2 starts', 'p2 done']);
    expect(await activeChunkKeys(db)).toEqual([...new Set([...chunkKeysOf(q), ...chunkKeysOf(p2)])].sort());
    expect(await db.stagedChunks.count()).toBe(0);
  });
});

describe('the install lock', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('takes the origin-wide Web Lock named after the database where the page or worker has navigator.locks', async () => {
    const db = await freshDb();
    const requested: string[] = [];
    vi.stubGlobal('navigator', {
      locks: {
        request: <T>(name: string, callback: () => Promise<T>): Promise<T> => {
          requested.push(name);
          return callback();
        },
      },
    });

    await installPackage(db, memorySource(await makePackage()), { now: clock });
    await removePackage(db, 'test.delfshaven');

    expect(requested).toEqual([`raadskaart-install:${db.name}`, `raadskaart-install:${db.name}`]);
  });

  it('keeps serving installs after one failed (the fallback chain does not stay rejected)', async () => {
    const db = await freshDb();
    const broken = makePackage({ files: { 'layers/buildings.geojson': '{"type":"Feature"}' } });

    await expect(installPackage(db, memorySource(await broken), { now: clock })).rejects.toThrow(/not a GeoJSON FeatureCollection/);
    await expect(installPackage(db, memorySource(await makePackage()), { now: clock })).resolves.toMatchObject({ kind: 'installed' });
  });
});

describe('abandoned staging', () => {
  it('drops staging older than 7 days when an install starts, and keeps younger staging', async () => {
    const db = await freshDb();
    // Its first two chunks (index and layer) are its own, so no other install can use them.
    const index = defaultIndex();
    index.meetings[0]!.title = 'Een vergadering die nooit kwam';
    const abandoned = await makePackage({ packageId: 'test.abandoned', index, files: { 'layers/buildings.geojson': buildingsGeoJson(3) } });
    const other = await makePackage({ packageId: 'test.other', files: { 'extra/o.md': 'o' } });
    const start = new Date('2026-12-01T12:00:00Z');
    await expect(installPackage(db, memorySource(abandoned, { failAtChunk: 3 }), { now: () => start })).rejects.toThrow('connection lost');
    expect(await db.stagedChunks.count()).toBe(2);

    // Six days later the staged chunks still save a download.
    const sixDays = new Date(start.getTime() + 6 * DAY);
    await installPackage(db, memorySource(other), { now: () => sixDays });
    expect(await db.stagedChunks.count()).toBe(2);

    // Past seven days they are dropped by whichever install starts next.
    const eightDays = new Date(start.getTime() + 8 * DAY);
    const later = await makePackage({ packageId: 'test.other', version: 2, files: { 'extra/o.md': 'o2' } });
    await installPackage(db, memorySource(later), { now: () => eightDays });
    expect(await db.stagedChunks.count()).toBe(0);
  });
});
