// The device side of sign-in and revocation, against a real hub (PGlite, Fastify inject) and the
// app's database (fake-indexeddb): a revoked device is told so at its next sync, lists what it
// could not send (without texts) and removes that person's records and changes (BIO 8.01);
// another person signing in on a device whose outbox holds the previous person's changes pushes
// none of them under the new token, and they go out under their own person's token later; a
// note refused by the hub is kept as an issue with its text and blocks nothing after it.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createEnrolmentCode, revokeDevice, userNamed } from '../../hub/accounts';
import type { HubDb } from '../../hub/db';
import { buildHub } from '../../hub/server';
import { openDatabase } from '../data/db';
import type { RaadskaartDb } from '../data/db';
import { createSyncStore, listIssues, listRecords, newRecordId, saveRecord, signInAccount, signOutAccount } from '../data/syncStore';
import { syncRound } from './engine';
import { enrol, hubTransport } from './transport';
import { tempDir, testDatabase } from '../../../tests/helpers/hub';
import { injectFetch, noteBody } from '../../../tests/helpers/syncRecords';

const BASE = 'http://hub.test';

describe('devices: revocation, a change of person, refused changes', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let database: ReturnType<typeof testDatabase>;
  let db: HubDb;
  let app: FastifyInstance;
  let local: RaadskaartDb;
  let n = 0;

  beforeAll(async () => {
    dir = await tempDir();
    database = testDatabase({ name: 'pglite' }, dir.path);
    db = await database.open();
    app = await buildHub({ db, dataDir: dir.path });
    await addUser(db, { name: 'Anna', role: 'member', partyGroup: 'Groen' });
    await addUser(db, { name: 'Bert', role: 'member', partyGroup: 'Rood' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await database?.drop();
    await dir?.cleanup();
  });

  /** A new device of `name`, signed in with a sign-in code as the app does. */
  async function device(name: string, label: string) {
    n += 1;
    local ??= openDatabase(`devices-${n}`, { indexedDB, IDBKeyRange });
    const { code } = await createEnrolmentCode(db, await userNamed(db, name), label, new Date());
    const { token, me } = await enrol(BASE, code, label, injectFetch(app));
    const account = await signInAccount(local, BASE, me);
    return { account, transport: hubTransport(BASE, token, injectFetch(app)), store: createSyncStore(local) };
  }

  const textsOnHub = async (author: string) =>
    (await db.query<{ text: string }>("SELECT body->>'text' AS text FROM sync_records WHERE author = $1 AND NOT deleted ORDER BY text", [author])).map((r) => r.text);

  it('removes a revoked person’s notes and changes from the device, listing what it could not send', async () => {
    const anna = await device('Anna', 'laptop');
    await saveRecord(local, anna.account.id, { kind: 'note', id: newRecordId(), body: noteBody('al verstuurd', 'private') });
    expect((await syncRound(anna.store, anna.account.id, anna.transport)).ok).toBe(true);
    await saveRecord(local, anna.account.id, { kind: 'note', id: newRecordId(), body: noteBody('nog niet verstuurd: geheim', 'private') });

    await revokeDevice(db, 'Anna', { label: 'laptop' }, new Date());
    const result = await syncRound(anna.store, anna.account.id, anna.transport);

    expect(result.ok).toBe(false);
    if (result.ok || result.failure.kind !== 'revoked') throw new Error(`expected a revoked device, got ${JSON.stringify(result)}`);
    expect(result.failure.summary.userName).toBe('Anna');
    expect(result.failure.summary.unsent).toEqual([expect.objectContaining({ kind: 'note', op: 'put' })]);
    expect(JSON.stringify(result.failure.summary), 'the notice holds no texts').not.toContain('geheim');
    expect(await listRecords(local, anna.account.id)).toEqual([]);
    expect(await anna.store.pendingCount(anna.account.id)).toBe(0);
    expect(await textsOnHub('Anna'), 'what was sent stays on the hub').toEqual(['al verstuurd']);
  });

  it('pushes none of the previous person’s waiting changes under the next person’s token', async () => {
    const anna = await device('Anna', 'raadzaal 1');
    await saveRecord(local, anna.account.id, { kind: 'note', id: newRecordId(), body: noteBody('Anna schreef dit offline', 'public') });
    expect(await signOutAccount(local, anna.account.id)).toEqual({ keptChanges: 1 });

    const bert = await device('Bert', 'raadzaal 1');
    expect(bert.account.id).not.toBe(anna.account.id);
    const round = await syncRound(bert.store, bert.account.id, bert.transport);
    expect(round).toMatchObject({ ok: true, pushed: 0 });
    expect(await textsOnHub('Bert')).toEqual([]);
    expect(await textsOnHub('Anna')).not.toContain('Anna schreef dit offline');
    expect(await anna.store.pendingCount(anna.account.id), 'kept for Anna').toBe(1);

    // Anna signs in again on this device: her change goes out under her own token.
    await signOutAccount(local, bert.account.id);
    const again = await device('Anna', 'raadzaal 1 opnieuw');
    expect(again.account.id).toBe(anna.account.id);
    expect(await syncRound(again.store, again.account.id, again.transport)).toMatchObject({ ok: true, pushed: 1 });
    expect(await textsOnHub('Anna')).toContain('Anna schreef dit offline');
  });

  it('keeps a refused note as an issue with its text, and sends what follows it', async () => {
    const bert = await device('Bert', 'tablet');
    // Written offline by hand into the outbox as an older app version might have: HTML in the text.
    await saveRecord(local, bert.account.id, { kind: 'note', id: newRecordId(), body: noteBody('<b>vet</b> in HTML', 'private') });
    await saveRecord(local, bert.account.id, { kind: 'note', id: newRecordId(), body: noteBody('daarna gewoon', 'private') });
    expect(await syncRound(bert.store, bert.account.id, bert.transport)).toMatchObject({ ok: true, pushed: 2 });
    expect(await textsOnHub('Bert')).toEqual(['daarna gewoon']);
    const issues = await listIssues(local, bert.account.id);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.reason.code).toBe('validation');
    expect((issues[0]?.mutation.body as { text: string }).text).toBe('<b>vet</b> in HTML');
    expect(await bert.store.pendingCount(bert.account.id)).toBe(0);
  });
});
