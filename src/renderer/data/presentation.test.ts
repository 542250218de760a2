// The presenter's own records on fake-indexeddb: compositions kept with an agenda item and the
// local adjustment of its briefing steps (schema v4), checked before they are written and
// never mixed with the signed package's content.
import { Dexie } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import { CompositionBody } from '../../shared/records/records';
import { openDatabase } from './db';
import { clearBriefingAdjustment, getBriefingAdjustment, listCompositions, saveBriefingAdjustment, saveComposition } from './presentation';
import type { LocalBriefingStep } from './presentation';
import { useFreshDatabases } from '../../../tests/helpers/dexie';

const { freshDbUntrusted } = useFreshDatabases('presentation');
const item = { packageId: 'nl.rotterdam.demo.delfshaven', meetingId: 'm1', agendaItemId: 'herinrichting' };
const clock = (iso: string) => () => new Date(iso);

const step = (id: string, scenarioId: string): LocalBriefingStep => ({
  id,
  title: `Stap ${id}`,
  talkingPoints: 'Mijn woorden.',
  view: { mode: 'single', shown: [{ kind: 'scenario', scenarioId, off: [] }] },
  origin: 'local',
  changed: false,
});

describe('compositions kept with an agenda item', () => {
  it('keeps a named composition as a record body that sync can send as it is, marked local', async () => {
    const db = freshDbUntrusted();
    const kept = await saveComposition(db, { ...item, name: 'Groen zonder middenberm', interventionIds: ['park', 'wadi', 'park'] }, clock('2026-12-10T19:00:00Z'));
    expect(kept.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(kept).toMatchObject({ packageId: item.packageId, agendaItemId: item.agendaItemId, syncState: 'local', createdAt: '2026-12-10T19:00:00.000Z' });
    expect(CompositionBody.parse(kept.body)).toEqual({ agendaItem: item, name: 'Groen zonder middenberm', interventionIds: ['park', 'wadi'], visibility: 'private' });
    await saveComposition(db, { ...item, agendaItemId: 'ander-punt', name: 'Elders', interventionIds: ['x'] });
    expect((await listCompositions(db, item.packageId, item.agendaItemId)).map((c) => c.body.name)).toEqual(['Groen zonder middenberm']);
  });

  it('refuses a composition without a name or without interventions, and writes nothing', async () => {
    const db = freshDbUntrusted();
    await expect(saveComposition(db, { ...item, name: '  ', interventionIds: ['park'] })).rejects.toBeInstanceOf(ValidationError);
    await expect(saveComposition(db, { ...item, name: 'Leeg', interventionIds: [] })).rejects.toThrow(/interventionIds/);
    expect(await db.compositions.count()).toBe(0);
  });
});

describe('local adjustments of a briefing', () => {
  it('keeps one adjusted list per agenda item, replaces it on the next save, and drops it to return to the package', async () => {
    const db = freshDbUntrusted();
    const target = { packageId: item.packageId, agendaItemId: item.agendaItemId, basedOnVersion: 1 };
    const first = await saveBriefingAdjustment(db, target, [step('1', 'groen')], clock('2026-12-10T19:00:00Z'));
    const second = await saveBriefingAdjustment(db, target, [step('2', 'verdichting'), step('1', 'groen')], clock('2026-12-10T19:05:00Z'));
    expect(second.id).toBe(first.id);
    expect(await db.briefingSteps.count()).toBe(1);
    expect((await getBriefingAdjustment(db, item.packageId, item.agendaItemId))?.steps.map((s) => s.id)).toEqual(['2', '1']);
    await clearBriefingAdjustment(db, item.packageId, item.agendaItemId);
    expect(await getBriefingAdjustment(db, item.packageId, item.agendaItemId)).toBeNull();
  });

  it('refuses a step whose view is not a view, naming the step', async () => {
    const db = freshDbUntrusted();
    const broken = { ...step('1', 'groen'), view: { mode: 'swipe', shown: [{ kind: 'baseline' }] } } as LocalBriefingStep;
    await expect(saveBriefingAdjustment(db, { packageId: 'p', agendaItemId: 'a', basedOnVersion: 1 }, [broken])).rejects.toThrow(/briefing step 1/);
    expect(await db.briefingSteps.count()).toBe(0);
  });
});

describe('schema version 4', () => {
  it('adds the compositions and briefing steps tables to a version 3 database and keeps what it had', async () => {
    const name = `schema-v4-${Date.now()}`;
    const v3 = new Dexie(name, { indexedDB, IDBKeyRange });
    v3.version(1).stores({ packages: 'packageId', chunks: 'sha256', settings: 'key', notes: 'id, agendaItemId, packageId, updatedAt', outbox: '++seq, createdAt' });
    v3.version(3).stores({ stagedChunks: 'sha256, packageId' });
    await v3.table('settings').put({ key: 'language', value: 'en' });
    v3.close();

    const db = openDatabase(name, { indexedDB, IDBKeyRange });
    try {
      await db.open();
      expect(await db.settings.get('language')).toEqual({ key: 'language', value: 'en' });
      expect(db.compositions.schema.indexes.map((i) => i.name)).toEqual(['[packageId+agendaItemId]']);
      expect(db.briefingSteps.schema.indexes.map((i) => i.name)).toEqual(['[packageId+agendaItemId]']);
    } finally {
      await db.delete();
    }
  });
});
