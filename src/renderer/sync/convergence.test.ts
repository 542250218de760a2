// A seeded property test (fast-check) of sync end to end: three devices (two of one council
// member, one of a colleague in the same party group) make random offline edits, visibility
// changes and deletes, and reconnect at random, against a real hub (PGlite, through Fastify's
// inject). However the changes interleave, once every device has synced twice each one shows
// exactly what the hub holds for its user, and whenever the hub answers a conflict, the text
// that came in is kept: as the current version or as a revision.
import fc from 'fast-check';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../hub/accounts';
import type { HubDb } from '../../hub/db';
import { buildHub } from '../../hub/server';
import { viewOf } from '../../shared/sync/local';
import type { SyncedRecord } from '../../shared/sync/protocol';
import { openDatabase } from '../data/db';
import type { RaadskaartDb } from '../data/db';
import { createSyncStore, deleteRecord, listRecords, newRecordId, saveRecord, signInAccount } from '../data/syncStore';
import { syncRound } from './engine';
import type { SyncTransport } from './transport';
import { hubTransport } from './transport';
import { tempDir, testDatabase } from '../../../tests/helpers/hub';
import { injectClient, injectFetch, noteBody } from '../../../tests/helpers/syncRecords';

const VISIBILITIES = ['private', 'partyGroup', 'public'] as const;
type Command =
  | { kind: 'edit'; device: number; slot: number; text: string; visibility: (typeof VISIBILITIES)[number] }
  | { kind: 'delete'; device: number; slot: number }
  | { kind: 'sync'; device: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      device: fc.nat(2),
      slot: fc.nat(2),
      text: fc.string({ minLength: 1, maxLength: 12 }).map((s) => `tekst ${s}`),
      visibility: fc.constantFrom(...VISIBILITIES),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), device: fc.nat(2), slot: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), device: fc.nat(2) }) },
);

describe('three devices converge on what the hub holds', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let database: ReturnType<typeof testDatabase>;
  let db: HubDb;
  let app: FastifyInstance;
  let run = 0;
  /** Conflicts the hub answered over all runs: the property must have met some. */
  let conflicts = 0;

  beforeAll(async () => {
    dir = await tempDir();
    database = testDatabase({ name: 'pglite' }, dir.path);
    db = await database.open();
    app = await buildHub({ db, dataDir: dir.path });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await dir?.cleanup();
  });

  it('after random offline edits, deletes and reconnects, every device equals the hub for its user, and no conflicting text is lost', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 24 }), async (commands) => {
        run += 1;
        const group = `Fractie ${run}`;
        const anna = await addUser(db, { name: `Anna ${run}`, role: 'member', partyGroup: group });
        const bert = await addUser(db, { name: `Bert ${run}`, role: 'member', partyGroup: group });
        // devices 0 and 1 are Anna's, device 2 is Bert's; each owns the notes of its own slots
        const owners = [anna, anna, bert];
        const slots = { anna: [newRecordId(), newRecordId(), newRecordId()], bert: [newRecordId(), newRecordId(), newRecordId()] };
        const conflictsLost: string[] = [];
        const devices: { db: RaadskaartDb; account: string; transport: SyncTransport; owner: typeof anna; ids: string[] }[] = [];
        for (let d = 0; d < 3; d++) {
          const owner = owners[d] ?? anna;
          const base = hubTransport('http://hub.invalid', owner.token, injectFetch(app));
          // Watch every push answer: a conflict must keep the text that came in.
          const transport: SyncTransport = {
            ...base,
            async push(request) {
              const response = await base.push(request);
              for (const outcome of response.outcomes) {
                if (outcome.outcome !== 'conflict') continue;
                conflicts += 1;
                const sent = request.mutations.find((m) => m.seq === outcome.seq);
                if (sent?.op !== 'put') continue;
                const kept = [outcome.record.body, ...outcome.record.revisions.map((r) => r.body)].map((b) => JSON.stringify(b));
                if (!kept.includes(JSON.stringify(sent.body))) conflictsLost.push(`${sent.id}: ${JSON.stringify(sent.body)}`);
              }
              return response;
            },
          };
          const local = openDatabase(`convergence-${run}-${d}`, { indexedDB, IDBKeyRange });
          const account = await signInAccount(local, 'http://hub.invalid', await transport.me());
          devices.push({ db: local, account: account.id, transport, owner, ids: d === 2 ? slots.bert : slots.anna });
        }
        try {
          for (const c of commands) {
            const device = devices[c.device];
            if (!device) continue;
            const id = device.ids[c.kind === 'sync' ? 0 : c.slot] as string;
            const row = (await listRecords(device.db, device.account)).find((r) => r.id === id);
            const alive = row !== undefined && !viewOf(row).deleted;
            if (c.kind === 'edit') await saveRecord(device.db, device.account, { kind: 'note', id, body: noteBody(c.text, c.visibility) });
            else if (c.kind === 'delete' && alive) await deleteRecord(device.db, device.account, { kind: 'note', id });
            else if (c.kind === 'sync') await syncRound(createSyncStore(device.db), device.account, device.transport);
          }
          for (let round = 0; round < 2; round++) {
            for (const device of devices) {
              const result = await syncRound(createSyncStore(device.db), device.account, device.transport);
              expect(result.ok, JSON.stringify(result)).toBe(true);
            }
          }
          const ours = new Set([...slots.anna, ...slots.bert]);
          for (const device of devices) {
            const onHub = await injectClient(app, device.owner.token).pullAll();
            const hubView = new Map([...onHub.records.values()].filter((r: SyncedRecord) => ours.has(r.id) && !r.deleted).map((r) => [r.id, r.body]));
            const shown = new Map(
              (await listRecords(device.db, device.account))
                .map((row) => viewOf(row))
                .filter((v) => ours.has(v.id) && !v.deleted)
                .map((v) => [v.id, v.body]),
            );
            expect(shown).toEqual(hubView);
            expect(await createSyncStore(device.db).pendingCount(device.account)).toBe(0);
          }
          expect(conflictsLost).toEqual([]);
        } finally {
          for (const [d, device] of devices.entries()) {
            device.db.close();
            await indexedDB.deleteDatabase(`convergence-${run}-${d}`);
          }
        }
      }),
      { seed: 20261210, numRuns: 40 },
    );
    expect(conflicts, 'the runs contained concurrent edits the hub had to merge').toBeGreaterThan(0);
  });
});
