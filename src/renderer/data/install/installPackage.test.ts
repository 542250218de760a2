import { describe, expect, it, vi } from 'vitest';
import { ExpiredError, IntegrityError, RollbackError, ValidationError } from '../../../shared/errors';
import { collectUnreferencedChunks, removePackage } from './collect';
import { installPackage } from './installPackage';
import type { InstallProgress } from './installPackage';
import { listIndicators, listInterventions, listMeetings, listScenarios, readChunkText } from '../repositories';
import { newRecordId, saveRecord, signInAccount } from '../syncStore';
import { defaultIndex, interceptWrites, logicalState, makePackage, memorySource, trustTestPublisher, useFreshDatabases } from '../../../../tests/helpers/dexie';
import type { TestPackage } from '../../../../tests/helpers/dexie';

const { freshDb, freshDbUntrusted } = useFreshDatabases('install-test');

const clock = () => new Date('2026-12-01T12:00:00Z');

/** A v2 whose briefing and layer differ from v1 and whose index drops a scenario. */
async function makeV2(): Promise<TestPackage> {
  const index = defaultIndex();
  index.scenarios = index.scenarios.slice(0, 1);
  index.indicators = index.indicators.map((i) => ({ ...i, values: { 's-park': 950 } }));
  return makePackage({ version: 2, index, files: { 'briefings/herinrichting.md': '# Versie 2\n' } });
}

describe('installPackage', () => {
  it('installs a package and reads back meetings, scenarios, interventions and indicators', async () => {
    const db = await freshDb();
    const pkg = await makePackage();
    const source = memorySource(pkg);
    const progress: InstallProgress[] = [];

    const result = await installPackage(db, source, { now: clock, onProgress: (p) => progress.push(p) });

    expect(result).toEqual({ kind: 'installed', packageId: 'test.delfshaven', version: 1 });
    expect(source.chunkCalls.sort()).toEqual(['briefings/herinrichting.md', 'index.json', 'layers/buildings.geojson']);
    const totalBytes = pkg.manifest.chunks.reduce((sum, c) => sum + c.size, 0);
    expect(progress[0]).toEqual({ packageId: 'test.delfshaven', doneChunks: 0, totalChunks: 3, doneBytes: 0, totalBytes });
    expect(progress.at(-1)).toEqual({ packageId: 'test.delfshaven', doneChunks: 3, totalChunks: 3, doneBytes: totalBytes, totalBytes });

    const pkgRow = await db.packages.get('test.delfshaven');
    expect(pkgRow).toMatchObject({ version: 1, title: 'Delfshaven (test)', demo: false, installedAt: '2026-12-01T12:00:00.000Z', expires: pkg.manifest.expires });
    expect(pkgRow?.manifest).toEqual(pkg.manifest);

    const meetings = await listMeetings(db, 'test.delfshaven');
    expect(meetings.map((m) => m.id)).toEqual(['raad-2026-12-10']);
    // Sorted by agenda number: 2 before 10, although index.json lists 10 first.
    expect(meetings[0]?.agendaItems.map((a) => a.number)).toEqual(['2', '10']);

    const scenarios = await listScenarios(db, 'test.delfshaven', 'ai-herinrichting');
    expect(scenarios.map((s) => s.id)).toEqual(['s-park', 's-housing']);
    const interventions = await listInterventions(db, 'test.delfshaven', 's-housing');
    expect(interventions.map((i) => [i.id, i.kind, i.height])).toEqual([
      ['i-housing', 'housing', 15],
      ['i-trees', 'trees', undefined],
    ]);
    const indicators = await listIndicators(db, 'test.delfshaven');
    expect(indicators[0]).toMatchObject({ id: 'green', baseline: 100, values: { 's-park': 900, 's-housing': 150 } });
    expect(await readChunkText(db, 'test.delfshaven', 'briefings/herinrichting.md')).toContain('# Herinrichting Delfshaven');
  });

  it('downloads nothing when the same version is installed again', async () => {
    const db = await freshDb();
    const pkg = await makePackage();
    await installPackage(db, memorySource(pkg), { now: clock });
    const before = await logicalState(db);

    const again = memorySource(pkg);
    const result = await installPackage(db, again, { now: clock });

    expect(result).toEqual({ kind: 'upToDate', packageId: 'test.delfshaven', version: 1 });
    expect(again.chunkCalls).toEqual([]);
    expect(await logicalState(db)).toEqual(before);
  });

  it('downloads only the changed chunk of an update and collects the old one', async () => {
    const db = await freshDb();
    const v1 = await makePackage();
    await installPackage(db, memorySource(v1), { now: clock });
    const v2 = await makePackage({ version: 2, files: { 'briefings/herinrichting.md': '# Versie 2\n' } });
    const oldBriefing = v1.manifest.chunks.find((c) => c.path === 'briefings/herinrichting.md')?.sha256;
    const newBriefing = v2.manifest.chunks.find((c) => c.path === 'briefings/herinrichting.md')?.sha256;

    const source = memorySource(v2);
    const result = await installPackage(db, source, { now: clock });

    expect(result).toEqual({ kind: 'installed', packageId: 'test.delfshaven', version: 2 });
    expect(source.chunkCalls).toEqual(['briefings/herinrichting.md']);
    const stored = await db.chunks.toCollection().primaryKeys();
    expect(stored).toHaveLength(3);
    expect(stored).toContain(newBriefing);
    expect(stored).not.toContain(oldBriefing);
    expect(await readChunkText(db, 'test.delfshaven', 'briefings/herinrichting.md')).toBe('# Versie 2\n');
  });

  it('replaces the rows of the previous version instead of merging them', async () => {
    const db = await freshDb();
    await installPackage(db, memorySource(await makePackage()), { now: clock });
    await installPackage(db, memorySource(await makeV2()), { now: clock });

    expect((await listScenarios(db, 'test.delfshaven', 'ai-herinrichting')).map((s) => s.id)).toEqual(['s-park']);
    expect(await db.interventions.count()).toBe(1);
    expect((await listIndicators(db, 'test.delfshaven'))[0]?.values).toEqual({ 's-park': 950 });
  });

  it('keeps chunks that another installed package still references', async () => {
    const db = await freshDb();
    await installPackage(db, memorySource(await makePackage()), { now: clock });
    const other = await makePackage({ packageId: 'test.other' });
    const otherSource = memorySource(other);
    await installPackage(db, otherSource, { now: clock });
    // Identical content: nothing to download for the second package.
    expect(otherSource.chunkCalls).toEqual([]);

    await installPackage(db, memorySource(await makePackage({ version: 2, files: { 'briefings/herinrichting.md': 'nieuw' } })), { now: clock });
    expect(await readChunkText(db, 'test.other', 'briefings/herinrichting.md')).toContain('# Herinrichting Delfshaven');
    expect(await collectUnreferencedChunks(db)).toBe(0);
  });

  it('rejects a chunk with a flipped byte and keeps the previous version', async () => {
    const db = await freshDb();
    await installPackage(db, memorySource(await makePackage()), { now: clock });
    const before = await logicalState(db);
    const tampered = memorySource(await makeV2(), {
      tamper: (ref, bytes) => {
        if (ref.path === 'briefings/herinrichting.md') bytes[0] = (bytes[0] ?? 0) ^ 1;
        return bytes;
      },
    });

    const failure = installPackage(db, tampered, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(IntegrityError);
    await expect(failure).rejects.toThrow(/briefings\/herinrichting\.md: SHA-256 is [0-9a-f]{64}, the manifest declares/);
    await expect(failure).rejects.toMatchObject({ location: { path: 'briefings/herinrichting.md' } });
    expect(await logicalState(db)).toEqual(before);
  });

  it('reports a layer damaged on the way as damaged, not as invalid content, even when the damage breaks its JSON', async () => {
    const db = await freshDb();
    const damaged = memorySource(await makePackage(), {
      tamper: (ref, bytes) => (ref.path === 'layers/buildings.geojson' ? bytes.map(() => 0x7b) : bytes),
    });

    const failure = installPackage(db, damaged, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(IntegrityError);
    await expect(failure).rejects.toThrow(/layers\/buildings\.geojson: SHA-256 is [0-9a-f]{64}, the manifest declares/);
    expect(await db.packages.count()).toBe(0);
  });

  it('rejects a chunk longer than its manifest entry', async () => {
    const db = await freshDb();
    const source = memorySource(await makePackage(), { tamper: (ref, bytes) => (ref.path === 'index.json' ? new Uint8Array([...bytes, 32]) : bytes) });

    await expect(installPackage(db, source, { now: clock })).rejects.toThrow(IntegrityError);
    expect(await db.packages.count()).toBe(0);
    expect(await db.chunks.count()).toBe(0);
  });

  it('rejects a lower version as a rollback and keeps the installed one', async () => {
    const db = await freshDb();
    await installPackage(db, memorySource(await makeV2()), { now: clock });
    const before = await logicalState(db);
    const old = memorySource(await makePackage({ version: 1 }));

    const failure = installPackage(db, old, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(RollbackError);
    await expect(failure).rejects.toMatchObject({ code: 'rollback', installedVersion: 2, offeredVersion: 1 });
    expect(old.chunkCalls).toEqual([]);
    expect(await logicalState(db)).toEqual(before);
  });

  it('rejects an expired manifest by the injected clock', async () => {
    const db = await freshDb();
    const source = memorySource(await makePackage({ expires: '2026-11-30T00:00:00Z' }));

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(ExpiredError);
    await expect(failure).rejects.toMatchObject({ code: 'expired', expires: '2026-11-30T00:00:00Z' });
    expect(source.chunkCalls).toEqual([]);
    expect(await db.packages.count()).toBe(0);
    // The same package is accepted one day earlier.
    await expect(installPackage(db, memorySource(await makePackage({ expires: '2026-11-30T00:00:00Z' })), { now: () => new Date('2026-11-29T00:00:00Z') })).resolves.toMatchObject({
      kind: 'installed',
    });
  });

  it('rejects malformed manifest JSON', async () => {
    const db = await freshDb();
    const source = memorySource(await makePackage(), { manifestBytes: new TextEncoder().encode('{"formatVersion":1,') });

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toThrow(/^manifest\.json: malformed JSON/);
    await expect(failure).rejects.toMatchObject({ location: { file: 'manifest.json' } });
  });

  it('rejects a manifest that breaks the schema, naming the JSON path', async () => {
    const db = await freshDb();
    const pkg = await makePackage();
    const bad = { ...pkg.manifest, version: 0 };
    const source = memorySource(pkg, { manifestBytes: new TextEncoder().encode(JSON.stringify(bad)) });

    await expect(installPackage(db, source, { now: clock })).rejects.toThrow(/manifest\.json: \$\.version: /);
  });

  it('rejects an invalid index.json, naming the file and the JSON path', async () => {
    const db = await freshDb();
    const index = defaultIndex() as unknown as { scenarios: { interventions: { kind: string }[] }[] };
    const first = index.scenarios[0]?.interventions[0];
    if (first) first.kind = 'skatepark';
    const source = memorySource(await makePackage({ index }));

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toThrow(/index\.json: \$\.scenarios\.0\.interventions\.0\.kind: /);
    await expect(failure).rejects.toMatchObject({ location: { file: 'index.json', path: '$.scenarios.0.interventions.0.kind' } });
    expect(await db.packages.count()).toBe(0);
    expect(await db.chunks.count()).toBe(0);
  });

  it('rejects a layer that is not a GeoJSON FeatureCollection', async () => {
    const db = await freshDb();
    const source = memorySource(await makePackage({ files: { 'layers/buildings.geojson': '{"type":"Feature"}' } }));

    await expect(installPackage(db, source, { now: clock })).rejects.toThrow(/layers\/buildings\.geojson: \$\.type: not a GeoJSON FeatureCollection/);
  });

  it('rejects an index.json that points at a chunk the manifest does not list', async () => {
    const db = await freshDb();
    const source = memorySource(await makePackage({ files: { 'briefings/herinrichting.md': null } }));

    await expect(installPackage(db, source, { now: clock })).rejects.toThrow(
      'index.json: $.meetings.0.agendaItems.1.briefing: "briefings/herinrichting.md" is not a chunk in manifest.json',
    );
  });

  it('leaves the old version intact when the source fails, and resumes without fetching staged chunks again', async () => {
    const db = await freshDb();
    await installPackage(db, memorySource(await makePackage()), { now: clock });
    const before = await logicalState(db);
    const v2 = await makePackage({
      version: 2,
      files: { 'briefings/herinrichting.md': 'v2', 'layers/buildings.geojson': '{"type":"FeatureCollection","features":[]}', 'extra/a.md': 'a', 'extra/b.md': 'b' },
    });
    const chunksToFetch = 4;

    // Each attempt gets one chunk further before the connection drops.
    for (let n = 1; n < chunksToFetch; n++) {
      const source = memorySource(v2, { failAtChunk: 2 });
      await expect(installPackage(db, source, { now: clock })).rejects.toThrow('connection lost at chunk 2');
      expect(source.chunkCalls).toHaveLength(2);
      expect(await logicalState(db)).toEqual(before);
      expect(await db.stagedChunks.count()).toBe(n);
    }
    const complete = memorySource(v2);
    await installPackage(db, complete, { now: clock });
    expect(complete.chunkCalls).toHaveLength(1);
    expect(await db.stagedChunks.count()).toBe(0);
  });

  it('holds exactly the old or the complete new version when the switch transaction fails at any write', async () => {
    // Reference: the state after an undisturbed update.
    const v1 = await makePackage();
    const v2 = await makeV2();
    const reference = await freshDb();
    await installPackage(reference, memorySource(v1), { now: clock });
    await installPackage(reference, memorySource(v2), { now: clock });
    const after = await logicalState(reference);

    // A DBCore middleware that fails the n-th write request (put, delete, deleteRange).
    let failAt: number | undefined;
    let writes = 0;
    const db = freshDbUntrusted();
    interceptWrites(db, 'failNthWrite', (req, _table, next) => {
      writes += 1;
      if (failAt !== undefined && writes === failAt) return Promise.reject(new Error(`disk full at write ${writes}`));
      return next(req);
    });
    await trustTestPublisher(db);
    await installPackage(db, memorySource(v1), { now: clock });
    const before = await logicalState(db);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let failures = 0;
    let collectFailures = 0;
    for (let n = 1; n < 100; n++) {
      writes = 0;
      failAt = n;
      const outcome = await installPackage(db, memorySource(v2), { now: clock }).then(
        (result) => result.kind,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      const state = await logicalState(db);
      expect(state.missingChunks).toEqual([]);
      if (outcome === 'installed' && writes < n) {
        // n is past the last write: the install went through untouched.
        expect(state).toEqual(after);
        break;
      }
      if (outcome === 'installed') {
        // The switch committed and only collecting the old chunks failed: v2 is active, the
        // result says so, and the next collection removes what was left.
        collectFailures += 1;
        expect(state).toEqual(after);
        failAt = undefined;
        await collectUnreferencedChunks(db);
        expect((await db.chunks.toCollection().primaryKeys()).sort()).toEqual([...new Set(v2.manifest.chunks.map((c) => c.sha256))].sort());
      } else {
        expect(outcome).toContain('disk full');
        failures += 1;
        // A failed install always leaves v1: the switch rolled back.
        expect(state).toEqual(before);
      }
      if (state.packages[0]?.version === 2) {
        // Undo for the next round: back to v1.
        failAt = undefined;
        await db.transaction('rw', [db.packages], () => db.packages.clear());
        await installPackage(db, memorySource(v1), { now: clock });
        expect(await logicalState(db)).toEqual(before);
      }
    }
    // chunks + 6 deletes + 6 bulkPuts + package row fail the install; the collection afterwards does not.
    expect(failures).toBeGreaterThanOrEqual(14);
    expect(collectFailures).toBeGreaterThanOrEqual(1);
    expect(warn).toHaveBeenCalledTimes(collectFailures);
    warn.mockRestore();
  });

  it('reports installed when collecting old chunks fails after the switch, and the next install collects them', async () => {
    const db = freshDbUntrusted();
    let refuseChunkDeletes = false;
    interceptWrites(db, 'refuseChunkDeletes', (req, name, next) =>
      refuseChunkDeletes && name === 'chunks' && (req.type === 'delete' || req.type === 'deleteRange') ? Promise.reject(new Error('disk error while collecting')) : next(req),
    );
    await trustTestPublisher(db);
    const v1 = await makePackage();
    const v2 = await makeV2();
    await installPackage(db, memorySource(v1), { now: clock });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    refuseChunkDeletes = true;

    const result = await installPackage(db, memorySource(v2), { now: clock });

    expect(result).toEqual({ kind: 'installed', packageId: 'test.delfshaven', version: 2 });
    expect((await db.packages.get('test.delfshaven'))?.version).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[1])).toContain('disk error while collecting');
    warn.mockRestore();
    const v1Only = v1.manifest.chunks.map((c) => c.sha256).filter((sha) => !v2.manifest.chunks.some((c) => c.sha256 === sha));
    expect(v1Only.length).toBeGreaterThan(0);
    expect(await db.chunks.where(':id').anyOf(v1Only).count()).toBe(v1Only.length);

    refuseChunkDeletes = false;
    const v3 = await makePackage({ version: 3, index: defaultIndex(), files: { 'briefings/herinrichting.md': '# Versie 3\n' } });
    await installPackage(db, memorySource(v3), { now: clock });
    expect((await db.chunks.toCollection().primaryKeys()).sort()).toEqual([...new Set(v3.manifest.chunks.map((c) => c.sha256))].sort());
  });

  it('rolls back the switch when a write hook throws and keeps the old version', async () => {
    const db = await freshDb();
    await installPackage(db, memorySource(await makePackage()), { now: clock });
    const before = await logicalState(db);
    const refuse = () => {
      throw new Error('layer write refused');
    };
    db.layers.hook('creating', refuse);

    await expect(installPackage(db, memorySource(await makeV2()), { now: clock })).rejects.toThrow('layer write refused');

    db.layers.hook('creating').unsubscribe(refuse);
    expect(await logicalState(db)).toEqual(before);
  });

  it('removes a package with its rows and chunks but keeps notes', async () => {
    const db = await freshDb();
    await installPackage(db, memorySource(await makePackage()), { now: clock });
    const account = await signInAccount(db, 'http://127.0.0.1:8787', { name: 'Anna', role: 'member', partyGroup: null, device: null }, clock());
    const body = { target: { kind: 'agendaItem', packageId: 'test.delfshaven', meetingId: 'm', agendaItemId: 'ai-herinrichting' }, text: 'Vragen stellen', visibility: 'private' };
    await saveRecord(db, account.id, { kind: 'note', id: newRecordId(), body });

    await removePackage(db, 'test.delfshaven');

    const state = await logicalState(db);
    expect(state.packages).toEqual([]);
    expect(state.meetings).toEqual([]);
    expect(state.interventions).toEqual([]);
    expect(await db.chunks.count()).toBe(0);
    expect(await db.records.count()).toBe(1);
  });
});
