// Schema version 5 (sync) on top of issue 7's version 4: a database a presenter used under v4 —
// a kept composition, local briefing steps, a placeholder note and a placeholder outbox row —
// opens as v5 with the composition and steps untouched, the note kept as a draft for whoever
// signs in next, and the placeholder outbox (no mutation the hub could take) emptied. The old
// schemas are written out here, not taken from db.ts.
import { Dexie } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './db';
import type { RaadskaartDb } from './db';
import { signInAccount } from './syncStore';

const V1 = {
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

const opened: RaadskaartDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    await db.delete();
  }
});

describe('schema version 5', () => {
  it('upgrades a version 4 database: compositions and steps stay, a placeholder note becomes a draft the next person adopts', async () => {
    const name = `schema-v4-to-v5-${Date.now()}`;
    const v4 = new Dexie(name, { indexedDB, IDBKeyRange });
    v4.version(1).stores(V1);
    v4.version(2).stores({ stagedChunks: 'sha256, packageId' });
    v4.version(3).stores({ stagedChunks: 'sha256, packageId' });
    v4.version(4).stores({ compositions: 'id, [packageId+agendaItemId]', briefingSteps: 'id, [packageId+agendaItemId]' });
    const composition = { id: 'c1', packageId: 'p', agendaItemId: 'a', body: { name: 'Groen en wonen' } };
    await v4.table('compositions').put(composition);
    await v4.table('briefingSteps').put({ id: 's1', packageId: 'p', agendaItemId: 'a', steps: [] });
    await v4.table('agendaItems').put({ packageId: 'p', id: 'a', meetingId: 'raad-1' });
    await v4.table('notes').put({ id: 'n1', packageId: 'p', agendaItemId: 'a', updatedAt: '2026-12-01T00:00:00Z', text: 'Vraag aan de wethouder' });
    await v4.table('outbox').add({ createdAt: '2026-12-01T00:00:00Z', what: 'placeholder' });
    v4.close();

    const db = openDatabase(name, { indexedDB, IDBKeyRange });
    opened.push(db);
    await db.open();

    expect(db.verno).toBe(5);
    expect(await db.compositions.get('c1')).toEqual(composition);
    expect(await db.briefingSteps.count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    const drafts = await db.records.toArray();
    expect(drafts.map((r) => [r.account, r.id, r.kind, r.local?.body])).toEqual([
      ['', 'n1', 'note', { target: { kind: 'agendaItem', packageId: 'p', meetingId: 'raad-1', agendaItemId: 'a' }, text: 'Vraag aan de wethouder', visibility: 'private' }],
    ]);

    // The first person to sign in adopts the draft: it is theirs, private, and waits to be sent.
    const account = await signInAccount(db, 'http://hub.test', { name: 'Anna', role: 'member', partyGroup: 'Groen', device: { id: 1, label: 'laptop' } });
    // (under a new record id: the hub takes UUIDs, the placeholder had its own kind of id)
    const adopted = await db.records.toArray();
    expect(adopted.map((r) => [r.account, (r.local?.body as { text?: string } | undefined)?.text])).toEqual([[account.id, 'Vraag aan de wethouder']]);
    expect((await db.outbox.toArray()).map((o) => [o.account, o.mutation.id, o.mutation.op])).toEqual([[account.id, adopted[0]?.id, 'put']]);
  });
});
