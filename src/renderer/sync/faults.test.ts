// The sync client through a fault-injecting proxy to a real hub (PGlite, on a loopback socket),
// over 120 seeds: the proxy drops answers after the hub committed, sends requests twice,
// delivers old copies out of order, answers 500 before or after committing, cuts connections
// and adds latency, while a person creates, edits and deletes notes between sync rounds. Once
// the faults stop, the outbox drains within a few rounds, the hub holds exactly the person's
// last version of every note (none lost, none twice, no deleted one back), every change of the
// client has exactly one outcome, and the device shows what the hub holds.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../hub/accounts';
import type { HubDb } from '../../hub/db';
import { buildHub } from '../../hub/server';
import { viewOf } from '../../shared/sync/local';
import { openDatabase } from '../data/db';
import { createSyncStore, deleteRecord, listRecords, newRecordId, saveRecord, signInAccount } from '../data/syncStore';
import { syncRound } from './engine';
import { hubTransport } from './transport';
import { FAULTS, seeded, startFaultProxy } from '../../../tests/helpers/faultProxy';
import type { FaultProxy } from '../../../tests/helpers/faultProxy';
import { availableBackends, tempDir, testDatabase } from '../../../tests/helpers/hub';
import { noteBody } from '../../../tests/helpers/syncRecords';

const SEEDS = 120;
const EDITS_PER_SEED = 8;

describe('sync through a faulty network', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let database: ReturnType<typeof testDatabase>;
  let db: HubDb;
  let app: FastifyInstance;
  let proxy: FaultProxy;

  beforeAll(async () => {
    dir = await tempDir();
    database = testDatabase(availableBackends()[0] ?? { name: 'pglite' }, dir.path);
    db = await database.open();
    app = await buildHub({ db, dataDir: dir.path });
    const hubUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    proxy = await startFaultProxy(hubUrl);
  });

  afterAll(async () => {
    await proxy?.close();
    await app?.close();
    await db?.close();
    await database?.drop();
    await dir?.cleanup();
  });

  it(`loses no note, duplicates none, and drains the outbox, over ${SEEDS} seeds`, { timeout: 600_000 }, async () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = seeded(seed * 7919);
      const { user, token } = await addUser(db, { name: `Raadslid ${seed}`, role: 'member', partyGroup: seed % 2 ? 'Groen' : 'Rood' });
      const transport = hubTransport(proxy.url, token);
      const local = openDatabase(`faults-${seed}`, { indexedDB, IDBKeyRange });
      try {
        proxy.calm();
        const account = await signInAccount(local, proxy.url, await transport.me());
        const store = createSyncStore(local);
        proxy.reseed(seed, 0.6);

        const expected = new Map<string, { text: string; visibility: 'private' | 'partyGroup' | 'public' } | null>();
        for (let i = 0; i < EDITS_PER_SEED; i++) {
          const live = [...expected].filter(([, v]) => v !== null).map(([id]) => id);
          const pick = random();
          if (live.length === 0 || pick < 0.45) {
            const id = newRecordId();
            const note = { text: `Notitie ${seed}.${i}`, visibility: (['private', 'partyGroup', 'public'] as const)[Math.floor(random() * 3)] ?? 'private' };
            await saveRecord(local, account.id, { kind: 'note', id, body: noteBody(note.text, note.visibility) });
            expected.set(id, note);
          } else if (pick < 0.8) {
            const id = live[Math.floor(random() * live.length)] as string;
            const note = { text: `Bewerkt ${seed}.${i}`, visibility: expected.get(id)?.visibility ?? 'private' };
            await saveRecord(local, account.id, { kind: 'note', id, body: noteBody(note.text, note.visibility) });
            expected.set(id, note);
          } else {
            const id = live[Math.floor(random() * live.length)] as string;
            await deleteRecord(local, account.id, { kind: 'note', id });
            expected.set(id, null);
          }
          if (random() < 0.6) await syncRound(store, account.id, transport);
        }

        proxy.calm();
        let rounds = 0;
        for (; rounds < 5; rounds++) {
          const result = await syncRound(store, account.id, transport);
          if (result.ok && (await store.pendingCount(account.id)) === 0) break;
        }
        expect(rounds, `seed ${seed}: the outbox drains once the network is calm`).toBeLessThan(5);

        const held = await db.query<{ id: string; deleted: boolean; body: { text: string; visibility: string } | null }>(
          'SELECT id, deleted, body FROM sync_records WHERE author_id = $1',
          [user.id],
        );
        const onHub = new Map(held.map((r) => [r.id, r.deleted ? null : { text: r.body?.text, visibility: r.body?.visibility }]));
        expect(onHub, `seed ${seed}: the hub holds exactly the last version of each note`).toEqual(expected);

        const client = (await store.account(account.id))?.clientId;
        const outcomes = await db.query<{ seq: string }>('SELECT seq::text AS seq FROM sync_outcomes WHERE client_id = $1 ORDER BY sync_outcomes.seq', [client]);
        const lastSeq = ((await store.account(account.id))?.nextSeq ?? 1) - 1;
        expect(
          outcomes.map((o) => Number(o.seq)),
          `seed ${seed}: one outcome per change`,
        ).toEqual(Array.from({ length: lastSeq }, (_, k) => k + 1));

        const shown = new Map(
          (await listRecords(local, account.id))
            // public and party-group notes of the people of earlier seeds arrive too
            .filter((row) => (row.synced?.author ?? user.name) === user.name)
            .map((row) => {
              const view = viewOf(row);
              const body = view.body as { text: string; visibility: 'private' | 'partyGroup' | 'public' } | null;
              return [row.id, view.deleted || body === null ? null : { text: body.text, visibility: body.visibility }];
            }),
        );
        expect(shown, `seed ${seed}: the device shows what the hub holds`).toEqual(expected);
      } finally {
        local.close();
        await indexedDB.deleteDatabase(`faults-${seed}`);
      }
    }
    // every kind of fault happened along the way
    for (const fault of FAULTS) expect(proxy.counts[fault], fault).toBeGreaterThan(0);
  });
});
