// Resumable installs through the pins in stagedChunks (schema v3; bytes in v2), and the schema upgrades.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Dexie } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db';
import { clearStaging } from './staging';
import { collectUnreferencedChunks, removePackage } from './collect';
import { ensureDemoInstalled } from '../../updates/bundledDemo';
import { installPackage } from './installPackage';
import type { InstallProgress } from './installPackage';
import { readChunkBytes, readChunkText } from '../repositories';
import { signInAccount } from '../syncStore';
import { activeChunkKeys, chunkKeysOf, logicalState, makePackage, memorySource, trustTestPublisher, useFreshDatabases } from '../../../../tests/helpers/dexie';
import type { TestPackage } from '../../../../tests/helpers/dexie';

const { freshDb, track } = useFreshDatabases('staged-test');

const clock = () => new Date('2026-12-01T12:00:00Z');

/** The stores of schema version 1, written out here on purpose: the upgrade tests start from it, not from db.ts. */
const SCHEMA_V1_STORES = {
  packages: 'packageId',
  chunks: 'sha256',
  meetings: '[packageId+id]',
  agendaItems: '[packageId+id], [packageId+meetingId]',
  scenarios: '[packageId+id], [packageId+agendaItemId]',
  interventions: '[packageId+id], [packageId+scenarioId]',
  indicators: '[packageId+id]',
  layers: '[packageId+id]',
  notes: 'id, agendaItemId, packageId, updatedAt',
  outbox: '++seq, createdAt',
  settings: 'key',
};

/** v2 of the test package with six new chunks to download. */
function makeV2(): Promise<TestPackage> {
  return makePackage({
    version: 2,
    files: {
      'briefings/herinrichting.md': '# Versie 2\n',
      'layers/buildings.geojson': '{"type":"FeatureCollection","features":[]}',
      'extra/a.md': 'a',
      'extra/b.md': 'bb',
      'extra/c.md': 'ccc',
      'extra/d.md': 'dddd',
    },
  });
}

describe('resumable install', () => {
  it('fetches only the chunks it did not get before the connection dropped after k chunks', async () => {
    const v2 = await makeV2();
    for (let k = 1; k <= 5; k++) {
      const db = await freshDb();
      await installPackage(db, memorySource(await makePackage()), { now: clock });
      const before = await logicalState(db);

      const dropping = memorySource(v2, { failAtChunk: k + 1 });
      await expect(installPackage(db, dropping, { now: clock })).rejects.toThrow(`connection lost at chunk ${k + 1}`);
      expect(await logicalState(db)).toEqual(before);
      expect(await db.stagedChunks.count()).toBe(k);

      const retry = memorySource(v2);
      await expect(installPackage(db, retry, { now: clock })).resolves.toEqual({ kind: 'installed', packageId: 'test.delfshaven', version: 2 });
      // 6 chunks are new in v2: the retry fetches exactly the ones not staged, none twice.
      expect(retry.chunkCalls).toHaveLength(6 - k);
      expect(new Set([...dropping.chunkCalls.slice(0, k), ...retry.chunkCalls]).size).toBe(6);
      expect(await db.stagedChunks.count()).toBe(0);
      expect(await activeChunkKeys(db)).toEqual(chunkKeysOf(v2));
    }
  });

  it('reports progress of a resumed install from the bytes already staged', async () => {
    const db = await freshDb();
    const v2 = await makeV2();
    await expect(installPackage(db, memorySource(v2, { failAtChunk: 3 }), { now: clock })).rejects.toThrow();
    const progress: InstallProgress[] = [];

    await installPackage(db, memorySource(v2), { now: clock, onProgress: (p) => progress.push(p) });

    const total = v2.manifest.chunks.reduce((sum, c) => sum + c.size, 0);
    const first = progress[0];
    const firstTwo = v2.manifest.chunks.slice(0, 2).reduce((sum, c) => sum + c.size, 0);
    expect(first).toMatchObject({ doneChunks: 2, totalChunks: 7, doneBytes: firstTwo, totalBytes: total });
    expect(progress.at(-1)).toMatchObject({ doneChunks: 7, totalChunks: 7, doneBytes: total, totalBytes: total });
  });

  it('never shows pinned chunks to readers before the switch, and collection keeps them', async () => {
    const db = await freshDb();
    await installPackage(db, memorySource(await makePackage()), { now: clock });
    const v2 = await makeV2();
    // The first chunk v2 needs is verified and written; the second fetch fails.
    await expect(installPackage(db, memorySource(v2, { failAtChunk: 2 }), { now: clock })).rejects.toThrow();
    const staged = await db.stagedChunks.toArray();
    expect(staged).toHaveLength(1);

    // Written once, straight into `chunks`, with a pin that holds no bytes of its own.
    const pin = staged[0];
    const ref = v2.manifest.chunks.find((c) => c.sha256 === pin?.sha256);
    expect(pin).toEqual({ sha256: ref?.sha256, packageId: 'test.delfshaven', version: 2, stagedAt: clock().getTime() });
    expect((await db.chunks.get(pin?.sha256 ?? ''))?.data).toEqual(v2.files.get(ref?.path ?? ''));
    // Readers go through the installed (v1) manifest, which does not reference it.
    expect((await db.packages.get('test.delfshaven'))?.manifest.chunks.map((c) => c.sha256)).not.toContain(pin?.sha256);
    expect(await readChunkText(db, 'test.delfshaven', 'briefings/herinrichting.md')).toContain('# Herinrichting Delfshaven');
    expect(await readChunkBytes(db, 'test.delfshaven', 'extra/a.md')).toBeNull();

    expect(await collectUnreferencedChunks(db)).toBe(0);
    expect(await db.chunks.get(pin?.sha256 ?? '')).toBeDefined();
  });

  it('drops staged chunks of another version that the new manifest does not list, and reuses the ones it does', async () => {
    const db = await freshDb();
    await installPackage(db, memorySource(await makePackage()), { now: clock });
    // v2 needs briefing, oud, b (in that order); the connection drops at b.
    const abandoned = await makePackage({ version: 2, files: { 'briefings/herinrichting.md': 'gedeeld', 'extra/oud.md': 'verlaten', 'extra/b.md': 'bb' } });
    await expect(installPackage(db, memorySource(abandoned, { failAtChunk: 3 }), { now: clock })).rejects.toThrow();
    const sha = (pkg: TestPackage, p: string) => pkg.manifest.chunks.find((c) => c.path === p)?.sha256;
    expect((await db.stagedChunks.toCollection().primaryKeys()).sort()).toEqual([sha(abandoned, 'briefings/herinrichting.md'), sha(abandoned, 'extra/oud.md')].sort());

    const v3 = await makePackage({ version: 3, files: { 'briefings/herinrichting.md': 'gedeeld', 'extra/b.md': 'bb' } });
    const source = memorySource(v3);
    await installPackage(db, source, { now: clock });

    expect(source.chunkCalls).toEqual(['extra/b.md']);
    expect(await db.stagedChunks.count()).toBe(0);
    expect(await activeChunkKeys(db)).toEqual(chunkKeysOf(v3));
  });

  it('keeps staging after a download failure and clears it when the content itself is invalid', async () => {
    const db = await freshDb();
    const broken = await makePackage({ version: 2, files: { 'layers/buildings.geojson': '{"type":"FeatureCollection","features":[{"type":"Feature"}]}' } });

    await expect(installPackage(db, memorySource(broken), { now: clock })).rejects.toThrow(/layers\/buildings\.geojson: \$\.features\.0\.geometry: feature 0 has no geometry/);

    expect(await db.stagedChunks.count()).toBe(0);
    expect(await db.chunks.count()).toBe(0);
  });

  it('removePackage and clearStaging drop a package’s staged chunks', async () => {
    const db = await freshDb();
    await installPackage(db, memorySource(await makePackage()), { now: clock });
    await expect(installPackage(db, memorySource(await makeV2(), { failAtChunk: 4 }), { now: clock })).rejects.toThrow();
    expect(await db.stagedChunks.count()).toBe(3);

    await removePackage(db, 'test.delfshaven');
    expect(await db.stagedChunks.count()).toBe(0);

    await expect(installPackage(db, memorySource(await makeV2(), { failAtChunk: 3 }), { now: clock })).rejects.toThrow();
    expect(await clearStaging(db)).toBe(2);
  });
});

/** The version a database opened by the app ends up at: the highest one declared in db.ts. */
const latestSchemaVersion = openDatabase('schema-latest-probe', { indexedDB, IDBKeyRange }).verno;

describe('schema version 2', () => {
  it('upgrades a version 1 database without touching its data and adds stagedChunks', async () => {
    const name = `schema-upgrade-${Date.now()}`;
    const v1 = new Dexie(name, { indexedDB, IDBKeyRange });
    v1.version(1).stores(SCHEMA_V1_STORES);
    await v1.table('settings').put({ key: 'language', value: 'en' });
    await v1.table('notes').put({ id: 'n1', packageId: 'p', agendaItemId: 'a', updatedAt: '2026-12-01T00:00:00Z', text: 'Vraag' });
    v1.close();

    const db = openDatabase(name, { indexedDB, IDBKeyRange });
    track(db);
    await db.open();

    expect(db.verno).toBe(latestSchemaVersion);
    expect(await db.settings.get('language')).toEqual({ key: 'language', value: 'en' });
    // schema v5 keeps the note, as a draft for whoever signs in next
    expect((await db.records.toArray()).map((r) => [r.account, r.id, (r.local?.body as { text?: string }).text])).toEqual([['', 'n1', 'Vraag']]);
    expect(db.stagedChunks.schema.indexes.map((i) => i.name)).toEqual(['packageId']);
    expect(await db.stagedChunks.count()).toBe(0);
  });
});

describe('schema version 3', () => {
  it('moves the bytes of v2 staging rows into chunks and keeps pins, so an interrupted install still resumes', async () => {
    const name = `schema-upgrade-v3-${Date.now()}`;
    const v2 = await makeV2();
    const [first, second] = v2.manifest.chunks.filter((c) => c.path.startsWith('extra/'));
    if (!first || !second) throw new Error('test package lacks extra chunks');
    // A database as schema v2 left it: an install broke off after staging two chunks with bytes.
    const legacy = new Dexie(name, { indexedDB, IDBKeyRange });
    legacy.version(1).stores(SCHEMA_V1_STORES);
    legacy.version(2).stores({ stagedChunks: 'sha256, packageId' });
    for (const ref of [first, second]) {
      await legacy
        .table('stagedChunks')
        .put({ sha256: ref.sha256, packageId: 'test.delfshaven', version: 2, size: ref.size, data: v2.files.get(ref.path), stagedAt: clock().getTime() });
    }
    legacy.close();

    const db = openDatabase(name, { indexedDB, IDBKeyRange });
    track(db);
    await db.open();
    await trustTestPublisher(db);

    expect(db.verno).toBe(latestSchemaVersion);
    const pins = await db.stagedChunks.toArray();
    expect(pins.map((p) => Object.keys(p).sort())).toEqual([
      ['packageId', 'sha256', 'stagedAt', 'version'],
      ['packageId', 'sha256', 'stagedAt', 'version'],
    ]);
    expect((await db.chunks.get(first.sha256))?.data).toEqual(v2.files.get(first.path));
    const retry = memorySource(v2);
    await installPackage(db, retry, { now: clock });
    expect(retry.chunkCalls).toHaveLength(v2.manifest.chunks.length - 2);
    expect(retry.chunkCalls).not.toContain(first.path);
    expect(retry.chunkCalls).not.toContain(second.path);
    expect(await activeChunkKeys(db)).toEqual(chunkKeysOf(v2));
  });
});

describe('schema version 5', () => {
  it('moves placeholder notes into the synced records as drafts the next person to sign in adopts, and drops placeholder outbox rows', async () => {
    const name = `schema-upgrade-v5-${Date.now()}`;
    const legacy = new Dexie(name, { indexedDB, IDBKeyRange });
    legacy.version(1).stores(SCHEMA_V1_STORES);
    legacy.version(2).stores({ stagedChunks: 'sha256, packageId' });
    legacy.version(3).stores({ stagedChunks: 'sha256, packageId' });
    await legacy.table('agendaItems').put({ packageId: 'p', id: 'a', meetingId: 'raad-1', number: '1', title: 'Punt', order: 0 });
    await legacy.table('notes').put({ id: 'n1', packageId: 'p', agendaItemId: 'a', updatedAt: '2026-12-01T00:00:00Z', text: 'Vraag over **bomen**' });
    await legacy.table('outbox').put({ createdAt: '2026-12-01T00:00:00Z', mutation: { placeholder: true } });
    legacy.close();

    const db = openDatabase(name, { indexedDB, IDBKeyRange });
    track(db);
    await db.open();
    expect(await db.outbox.count()).toBe(0);
    const me = { name: 'Anna', role: 'member' as const, partyGroup: 'Groen', device: { id: 1, label: 'laptop' } };
    const account = await signInAccount(db, 'http://127.0.0.1:8787', me, clock());
    const rows = await db.records.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ account: account.id, agendaKey: 'p/a', kind: 'note' });
    expect(rows[0]?.local?.body).toEqual({
      target: { kind: 'agendaItem', packageId: 'p', meetingId: 'raad-1', agendaItemId: 'a' },
      text: 'Vraag over **bomen**',
      visibility: 'private',
    });
    const queued = await db.outbox.toArray();
    expect(queued.map((o) => [o.account, o.clientSeq, o.mutation.op, o.mutation.id])).toEqual([[account.id, 1, 'put', rows[0]?.id]]);
    expect(rows[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

const demoDir = path.resolve(import.meta.dirname, '../../../../build/generated/public/demo');

// Never skipped: tests/unit/globalSetup.ts builds the demo before the unit tests, so a missing
// demo means its build failed (the reason is printed above the test results).
describe('the built demo package (npm run demo:build)', () => {
  it("is there: built by the unit tests' globalSetup", () => {
    const manifest = path.join(demoDir, 'manifest.json');
    expect(existsSync(manifest), `${manifest} is missing: the demo build in tests/unit/globalSetup.ts failed (see its output above)`).toBe(true);
  });

  it('installs under the default trust list: signed with the demo key, valid GeoJSON', async () => {
    const db = openDatabase(`demo-${Date.now()}`, { indexedDB, IDBKeyRange });
    track(db);
    const fetchImpl = async (input: RequestInfo | URL): Promise<Response> => {
      const url = String(input);
      const file = url === 'demo/manifest.json' ? 'manifest.json' : url.replace(/^demo\//, '');
      return new Response(await readFile(path.join(demoDir, file)));
    };

    const result = await ensureDemoInstalled(db, 'demo', { fetchImpl: fetchImpl as typeof fetch });

    expect(result).toEqual({ kind: 'installed', packageId: 'nl.rotterdam.demo.delfshaven', version: 1 });
    expect((await db.packages.get('nl.rotterdam.demo.delfshaven'))?.manifest.signatures.map((s) => s.keyid)).toEqual([
      'afea432612546372a13fad5df74fdf18a717fddf0f1d7f38beacabe7c97a7b0a',
    ]);
  });
});
