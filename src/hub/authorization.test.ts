// The authorization matrix of sync, against the real hub on each backend (PGlite always,
// PostgreSQL when DATABASE_URL is set): each role and party group against each action (write a
// note of each visibility, change or delete someone else's note, record each of the clerk's
// kinds) and each visibility (who receives a note, a decision). The expected tables are written
// out by hand, so the rules in src/shared/sync/access.ts are checked, not restated.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordKind } from '../shared/records/records';
import { addUser } from './accounts';
import type { HubDb } from './db';
import { buildHub } from './server';
import { availableBackends, tempDir, testDatabase } from '../../tests/helpers/hub';
import { COUNCIL_ID, ITEM, clientId, decisionBody, del, injectClient, noteBody, proposalBody, put, recordId, voteBody } from '../../tests/helpers/syncRecords';

const NOW = new Date('2026-12-10T20:00:00.000Z');
const PEOPLE = ['anna', 'bert', 'carla', 'greet', 'ad'] as const;
type Person = (typeof PEOPLE)[number];
/** Anna and Bert: members of Groen; Carla: alderman of Rood; Greet: clerk; Ad: advisor (no party group). */
const USERS: Record<Person, { name: string; role: string; partyGroup?: string }> = {
  anna: { name: 'Anna', role: 'member', partyGroup: 'Groen' },
  bert: { name: 'Bert', role: 'member', partyGroup: 'Groen' },
  carla: { name: 'Carla', role: 'alderman', partyGroup: 'Rood' },
  greet: { name: 'Greet', role: 'clerk' },
  ad: { name: 'Ad', role: 'advisor' },
};

const council = {
  name: 'Gemeenteraad Rotterdam',
  municipality: { statcode: 'GM0599', name: 'Rotterdam' },
  validFrom: '2026-03-30',
  partyGroups: [{ id: 'groen', name: 'Groen', seats: 5 }],
  people: [{ id: 'p1', name: 'A. Jansen', function: 'raadslid', partyGroupId: 'groen' }],
};
const CLERK_BODIES: Record<Exclude<RecordKind, 'note' | 'composition'>, () => unknown> = {
  council: () => council,
  attendance: () => ({ packageId: ITEM.packageId, meetingId: ITEM.meetingId, councilId: COUNCIL_ID, present: [{ personId: 'p1', role: 'raadslid' }] }),
  proposal: () => proposalBody(),
  vote: () => voteBody(recordId()),
  decision: () => decisionBody(recordId(), recordId()),
  commitment: () => ({ agendaItem: ITEM, byPersonId: 'w1', text: 'De wethouder stuurt voor 1 maart een brief.' }),
};

describe.each(availableBackends())('authorization matrix on $name', (backend) => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let database: ReturnType<typeof testDatabase>;
  let db: HubDb;
  let app: FastifyInstance;
  const clients = {} as Record<Person, ReturnType<typeof injectClient> & { id: string; seq: number }>;

  beforeAll(async () => {
    dir = await tempDir();
    database = testDatabase(backend, dir.path);
    db = await database.open();
    app = await buildHub({ db, dataDir: dir.path, now: () => NOW });
    for (const p of PEOPLE) clients[p] = Object.assign(injectClient(app, (await addUser(db, USERS[p])).token), { id: clientId(), seq: 0 });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await database?.drop();
    await dir?.cleanup();
  });

  /** The outcome of one put or delete by `who` (one at a time per person: a device pushes in order) ('applied', 'conflict' or 'rejected:<code>'), and the record. */
  async function attempt(who: Person, kind: RecordKind, id: string, body: unknown, baseHlc: string | null = null, op: 'put' | 'delete' = 'put') {
    const c = clients[who];
    c.seq += 1;
    const mutation = op === 'put' ? put(c.seq, kind, id, body, baseHlc) : del(c.seq, kind, id, baseHlc);
    const { status, body: answer } = await c.push(c.id, [mutation]);
    expect(status).toBe(200);
    const outcome = answer.outcomes[0];
    if (!outcome) throw new Error('no outcome');
    return { label: outcome.outcome === 'rejected' ? `rejected:${outcome.reason.code}` : outcome.outcome, record: 'record' in outcome ? outcome.record : null };
  }

  it('lets everyone write their own notes of each visibility, except a party-group note without a party group', async () => {
    const table: Record<string, string[]> = {};
    for (const p of PEOPLE) {
      const row: string[] = [];
      for (const visibility of ['private', 'partyGroup', 'public'] as const) row.push((await attempt(p, 'note', recordId(), noteBody(visibility, visibility))).label);
      table[p] = row;
    }
    expect(table).toEqual({
      anna: ['applied', 'applied', 'applied'],
      bert: ['applied', 'applied', 'applied'],
      carla: ['applied', 'applied', 'applied'],
      greet: ['applied', 'rejected:validation', 'applied'],
      ad: ['applied', 'rejected:validation', 'applied'],
    });
  });

  it('lets nobody but its author change or delete a note, whatever its visibility', async () => {
    const id = recordId();
    const made = await attempt('anna', 'note', id, noteBody('Van Anna', 'public'));
    const hlc = made.record?.hlc ?? null;
    const others = PEOPLE.filter((p) => p !== 'anna');
    const edits: string[][] = [];
    for (const p of others) edits.push([p, (await attempt(p, 'note', id, noteBody(`Van ${p}`, 'public'), hlc)).label, (await attempt(p, 'note', id, null, hlc, 'delete')).label]);
    expect(edits).toEqual(others.map((p) => [p, 'rejected:forbidden', 'rejected:forbidden']));
    expect((await attempt('anna', 'note', id, noteBody('Van Anna, bijgewerkt', 'public'), hlc)).label).toBe('applied');
  });

  it('lets only the clerk record the council, attendance, motions, votes, decisions and commitments', async () => {
    const kinds = Object.keys(CLERK_BODIES) as (keyof typeof CLERK_BODIES)[];
    const table: Record<string, string[]> = {};
    for (const p of PEOPLE) {
      const row: string[] = [];
      for (const k of kinds) row.push((await attempt(p, k, recordId(), CLERK_BODIES[k]())).label);
      table[p] = row;
    }
    const refused = kinds.map(() => 'rejected:forbidden');
    expect(table).toEqual({ anna: refused, bert: refused, carla: refused, greet: kinds.map(() => 'applied'), ad: refused });
  });

  it('sends a note to its audience only, and the clerk’s records to everyone', async () => {
    const ids = { private: recordId(), partyGroup: recordId(), public: recordId(), decision: recordId() };
    await attempt('anna', 'note', ids.private, noteBody('privé', 'private'));
    await attempt('anna', 'note', ids.partyGroup, noteBody('fractie', 'partyGroup'));
    await attempt('anna', 'note', ids.public, noteBody('openbaar', 'public'));
    await attempt('greet', 'decision', ids.decision, CLERK_BODIES.decision());
    const seen = Object.fromEntries(
      await Promise.all(
        PEOPLE.map(async (p) => {
          const { records } = await clients[p].pullAll();
          return [p, (Object.keys(ids) as (keyof typeof ids)[]).filter((k) => records.has(ids[k]))] as const;
        }),
      ),
    );
    expect(seen).toEqual({
      anna: ['private', 'partyGroup', 'public', 'decision'],
      bert: ['partyGroup', 'public', 'decision'],
      carla: ['public', 'decision'],
      greet: ['public', 'decision'],
      ad: ['public', 'decision'],
    });
  });
});
