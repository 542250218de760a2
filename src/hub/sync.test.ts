// Sync on each database backend (PGlite always, PostgreSQL when DATABASE_URL is set): pushes
// apply exactly once and a retried push learns what happened; a mutation that can never apply
// is rejected with its reason and blocks nothing; a client id belongs to one user; a pull
// returns what the user may see, in order, never going back, and tells a device what it may no
// longer see; a revoked device is told so; hostile and oversized pushes are refused with a
// reason. On PostgreSQL also: a cursor on a plain sequence or on timestamps skips a row that
// commits late, and the hub's cursor does not.
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NOTE_TEXT } from '../shared/records/records';
import { MAX_PUSH_BYTES } from '../shared/sync/protocol';
import { addUser, createEnrolmentCode, revokeDevice } from './accounts';
import { readAudit, verifyAuditChain } from './audit';
import type { HubDb } from './db';
import { buildHub } from './server';
import { SYNC_POSITION_LOCK } from './services/sync';
import { availableBackends, tempDir, testDatabase, waitFor } from '../../tests/helpers/hub';
import { clientId, decisionBody, del, hlcAt, injectClient, noteBody, proposalBody, put, recordId, voteBody } from '../../tests/helpers/syncRecords';

const NOW = new Date('2026-12-10T20:00:00.000Z');

describe.each(availableBackends())('sync on $name', (backend) => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let database: ReturnType<typeof testDatabase>;
  let db: HubDb;
  let app: FastifyInstance;
  let tokens: Record<'anna' | 'bert' | 'carla' | 'griffier', string>;
  const as = (who: keyof typeof tokens) => injectClient(app, tokens[who]);

  beforeAll(async () => {
    dir = await tempDir();
    database = testDatabase(backend, dir.path);
    db = await database.open();
    app = await buildHub({ db, dataDir: dir.path, now: () => NOW });
    tokens = {
      anna: (await addUser(db, { name: 'Anna', role: 'member', partyGroup: 'Groen' })).token,
      bert: (await addUser(db, { name: 'Bert', role: 'member', partyGroup: 'Groen' })).token,
      carla: (await addUser(db, { name: 'Carla', role: 'alderman', partyGroup: 'Rood' })).token,
      griffier: (await addUser(db, { name: 'Greet', role: 'clerk' })).token,
    };
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await database?.drop();
    await dir?.cleanup();
  });

  const countRecords = async (id: string) => Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM sync_records WHERE id = $1', [id]))[0]?.n);

  describe('push', () => {
    it('applies a mutation once; the same push again is answered from its outcome and applies nothing', async () => {
      const client = clientId();
      const id = recordId();
      const batch = [put(1, 'note', id, noteBody('Eerste vraag')), put(2, 'note', id, noteBody('Eerste vraag, aangevuld'), hlcAt(10))];
      const first = await as('anna').push(client, batch);
      expect(first.status).toBe(200);
      expect(first.body.outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied']);
      expect(first.body.lastSeq).toBe(2);
      const posBefore = (await db.query<{ pos: string }>('SELECT pos::text AS pos FROM sync_records WHERE id = $1', [id]))[0]?.pos;

      // the answer was lost; the device sends the same push again
      const retry = await as('anna').push(client, batch);
      expect(retry.body.outcomes.map((o) => o.outcome)).toEqual(['duplicate', 'duplicate']);
      expect(retry.body.outcomes[1]).toMatchObject({ outcome: 'duplicate', record: { id, body: noteBody('Eerste vraag, aangevuld'), author: 'Anna' } });
      expect(await countRecords(id)).toBe(1);
      expect((await db.query<{ pos: string }>('SELECT pos::text AS pos FROM sync_records WHERE id = $1', [id]))[0]?.pos).toBe(posBefore);
      const lines = (await readAudit(db, 4)).reverse();
      expect(lines.map((l) => [l.action, l.result, l.detail?.split(' (')[0]])).toEqual([
        ['sync.note.put', 'ok', 'applied'],
        ['sync.note.put', 'ok', 'applied'],
        ['sync.note.put', 'ok', 'duplicate: applied before, not again'],
        ['sync.note.put', 'ok', 'duplicate: applied before, not again'],
      ]);
      expect(lines.every((l) => l.actor === 'Anna')).toBe(true);
    });

    it('rejects what can never apply with its reason, passes it, and applies what follows; a retry learns the same reason', async () => {
      const client = clientId();
      const ok1 = recordId();
      const ok2 = recordId();
      const batch = [
        put(1, 'note', ok1, noteBody('Goed')),
        put(2, 'note', recordId(), { ...noteBody('Ik ben Bert'), author: 'Bert' }),
        put(3, 'decision', recordId(), decisionBody(recordId(), recordId())),
        { seq: 4, kind: 'note', op: 'explode' },
        put(5, 'note', recordId(), noteBody('<script>alert(1)</script>')),
        put(6, 'note', recordId(), noteBody('x'.repeat(MAX_NOTE_TEXT + 1))),
        put(7, 'note', ok2, noteBody('Ook goed', 'public')),
      ];
      const { status, body } = await as('anna').push(client, batch);
      expect(status).toBe(200);
      expect(body.outcomes.map((o) => (o.outcome === 'rejected' ? `${o.outcome}:${o.reason.code}` : o.outcome))).toEqual([
        'applied',
        'rejected:validation',
        'rejected:forbidden',
        'rejected:validation',
        'rejected:validation',
        'rejected:validation',
        'applied',
      ]);
      const reasons = body.outcomes.flatMap((o) => (o.outcome === 'rejected' ? [o.reason.message] : []));
      expect(reasons[0]).toMatch(/author/);
      expect(reasons[1]).toMatch(/only the clerk \(griffier\) records decision records/);
      expect(reasons[2]).toMatch(/mutation 4: \$\.op/);
      expect(reasons[3]).toMatch(/contains HTML \("<script>"\)/);
      expect(reasons[4]).toMatch(new RegExp(`${MAX_NOTE_TEXT}`));
      expect(await countRecords(ok2)).toBe(1);

      const retry = await as('anna').push(client, batch);
      expect(retry.body.outcomes.map((o) => (o.outcome === 'rejected' ? o.reason.message : o.outcome))).toEqual(['duplicate', ...reasons.slice(0, 5), 'duplicate']);
      // and a later push goes on as if nothing happened
      const later = await as('anna').push(client, [put(8, 'note', recordId(), noteBody('Daarna'))]);
      expect(later.body.outcomes[0]?.outcome).toBe('applied');
    });

    it('keeps both texts when two devices of one user edit a note offline, and shows the kept one only to the author', async () => {
      const id = recordId();
      const laptop = clientId();
      const tablet = clientId();
      const created = await as('anna').push(laptop, [put(1, 'note', id, noteBody('Versie 1', 'partyGroup'))]);
      const base = created.body.outcomes[0]?.outcome === 'applied' ? created.body.outcomes[0].record.hlc : '';
      await as('anna').push(laptop, [put(2, 'note', id, noteBody('Laptop', 'partyGroup'), base, 20)]);
      const conflict = await as('anna').push(tablet, [put(1, 'note', id, noteBody('Tablet', 'partyGroup'), base, 30)]);
      expect(conflict.body.outcomes[0]).toMatchObject({ outcome: 'conflict', record: { body: noteBody('Tablet', 'partyGroup') } });
      const mine = (await as('anna').pullAll()).records.get(id);
      expect(mine?.revisions.map((r) => r.body)).toEqual([noteBody('Laptop', 'partyGroup')]);
      const bertSees = (await as('bert').pullAll()).records.get(id);
      expect(bertSees?.body).toEqual(noteBody('Tablet', 'partyGroup'));
      expect(bertSees?.revisions).toEqual([]);
    });

    it('refuses a push that overtook an earlier one (it starts beyond the next seq), so the earlier one is never taken for a duplicate', async () => {
      const client = clientId();
      const [a, b] = [recordId(), recordId()];
      const overtaking = await as('anna').push(client, [put(2, 'note', b, noteBody('Tweede'))]);
      expect(overtaking.status).toBe(409);
      expect(overtaking.body.error).toMatchObject({ code: 'out-of-order', message: expect.stringMatching(/send the changes from seq 1 first/) });
      expect(await countRecords(b)).toBe(0);
      const inOrder = await as('anna').push(client, [put(1, 'note', a, noteBody('Eerste')), put(2, 'note', b, noteBody('Tweede'))]);
      expect(inOrder.body.outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied']);
      // the overtaking request arrives again later: now it is a duplicate, answered, not applied twice
      expect((await as('anna').push(client, [put(2, 'note', b, noteBody('Tweede'))])).body.outcomes[0]?.outcome).toBe('duplicate');
    });

    it('refuses a push under a client id of another user, applying nothing', async () => {
      const client = clientId();
      await as('anna').push(client, [put(1, 'note', recordId(), noteBody('Van Anna'))]);
      const id = recordId();
      const { status, body } = await as('bert').push(client, [put(2, 'note', id, noteBody('Van Bert onder Anna'))]);
      expect(status).toBe(403);
      expect(body.error?.code).toBe('client-mismatch');
      expect(await countRecords(id)).toBe(0);
      expect((await readAudit(db, 1))[0]).toMatchObject({ action: 'sync.push', actor: 'Bert', result: 'denied' });
    });

    it('refuses a body over the documented limit, a malformed envelope and mutations without a seq, with a reason', async () => {
      const big = JSON.stringify({ clientId: clientId(), mutations: [put(1, 'note', recordId(), noteBody('x'.repeat(MAX_PUSH_BYTES)))] });
      const tooLarge = await app.inject({
        method: 'POST',
        url: '/v1/sync/push',
        headers: { authorization: `Bearer ${tokens.anna}`, 'content-type': 'application/json' },
        payload: big,
      });
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json().error.code).toBe('too-large');
      expect((await as('anna').push('not-hex', [put(1, 'note', recordId(), noteBody('x'))])).body.error?.message).toMatch(/clientId/);
      expect((await as('anna').push(clientId(), [{ kind: 'note' }])).body.error?.message).toMatch(/has no seq/);
      expect((await as('anna').push(clientId(), [put(2, 'note', recordId(), noteBody('a')), put(1, 'note', recordId(), noteBody('b'))])).body.error?.message).toMatch(
        /seq must go up by one/,
      );
      const anonymous = await app.inject({ method: 'POST', url: '/v1/sync/push', headers: { 'content-type': 'application/json' }, payload: '{}' });
      expect(anonymous.statusCode).toBe(401);
    });

    it('records a decision only once: a correction is a new record that names it, and both stay', async () => {
      const client = clientId();
      const [proposal, vote, decision, correction] = [recordId(), recordId(), recordId(), recordId()];
      const first = await as('griffier').push(client, [
        put(1, 'proposal', proposal, proposalBody()),
        put(2, 'vote', vote, voteBody(proposal)),
        put(3, 'decision', decision, decisionBody(proposal, vote)),
      ]);
      expect(first.body.outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied']);
      const hlc = first.body.outcomes[2]?.outcome === 'applied' ? first.body.outcomes[2].record.hlc : null;
      const edit = await as('griffier').push(client, [put(4, 'decision', decision, decisionBody(proposal, vote, 'verworpen'), hlc)]);
      expect(edit.body.outcomes[0]).toMatchObject({ outcome: 'rejected', reason: { code: 'immutable' } });
      const fix = await as('griffier').push(client, [put(5, 'decision', correction, { ...decisionBody(proposal, vote, 'verworpen'), corrects: decision })]);
      expect(fix.body.outcomes[0]?.outcome).toBe('applied');
      const seen = (await as('bert').pullAll()).records;
      expect(seen.get(decision)?.body).toMatchObject({ result: 'aangenomen' });
      expect(seen.get(correction)?.body).toMatchObject({ result: 'verworpen', corrects: decision });
    });
  });

  describe('pull', () => {
    it('returns only what each user may see, and nothing new when nothing changed', async () => {
      const client = clientId();
      const [mine, group, everyone] = [recordId(), recordId(), recordId()];
      await as('anna').push(client, [
        put(1, 'note', mine, noteBody('Privé')),
        put(2, 'note', group, noteBody('Fractie', 'partyGroup')),
        put(3, 'note', everyone, noteBody('Openbaar', 'public')),
      ]);
      const seenBy = async (who: keyof typeof tokens) => {
        const { records } = await as(who).pullAll();
        return [mine, group, everyone].filter((id) => records.has(id));
      };
      expect(await seenBy('anna')).toEqual([mine, group, everyone]);
      expect(await seenBy('bert')).toEqual([group, everyone]);
      expect(await seenBy('carla')).toEqual([everyone]);
      expect(await seenBy('griffier')).toEqual([everyone]);

      const { cursor } = await as('carla').pullAll();
      const again = await as('carla').pull(cursor);
      expect(again.body).toMatchObject({ reset: false, changes: [], removed: [], cursor, more: false });
    });

    it('pages in commit order and never goes backwards', async () => {
      const client = clientId();
      const created = Array.from({ length: 7 }, () => recordId());
      await as('carla').push(
        client,
        created.map((id, i) => put(i + 1, 'note', id, noteBody(`Notitie ${i}`, 'public'))),
      );
      const before = (await as('carla').pullAll()).cursor;
      await as('carla').push(client, [put(8, 'note', created[3] as string, noteBody('Notitie 3 gewijzigd', 'public'), hlcAt(40))]);
      const ids: string[] = [];
      const cursors = [before];
      for (let at: string = before; ;) {
        const { body } = await as('carla').pull(at, 1);
        ids.push(...body.changes.map((c) => c.id));
        cursors.push(body.cursor);
        at = body.cursor;
        if (!body.more) break;
      }
      expect(ids).toEqual([created[3]]);
      const positions = cursors.map((c) => Number(c.split('.').pop()));
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    });

    it('tells a device to drop what its user may no longer see, and passes deletions on', async () => {
      const client = clientId();
      const id = recordId();
      const gone = recordId();
      const made = await as('anna').push(client, [put(1, 'note', id, noteBody('Eerst openbaar', 'public')), put(2, 'note', gone, noteBody('Weg', 'public'))]);
      const hlcs = made.body.outcomes.map((o) => (o.outcome === 'applied' ? o.record.hlc : ''));
      const bertBefore = await as('bert').pullAll();
      const carlaBefore = await as('carla').pullAll();
      expect(bertBefore.records.has(id) && carlaBefore.records.has(id)).toBe(true);

      await as('anna').push(client, [put(3, 'note', id, noteBody('Nu voor de fractie', 'partyGroup'), hlcs[0] ?? null), del(4, 'note', gone, hlcs[1] ?? null)]);
      const bert = await as('bert').pullAll(bertBefore.cursor);
      expect(bert.records.get(id)?.body).toEqual(noteBody('Nu voor de fractie', 'partyGroup'));
      expect(bert.records.get(gone)).toMatchObject({ deleted: true, body: null });
      const carla = await as('carla').pullAll(carlaBefore.cursor);
      expect(carla.removed).toEqual([id]);
      expect(carla.records.has(id)).toBe(false);
      expect(carla.records.get(gone)).toMatchObject({ deleted: true });
    });

    it('starts over (reset) for a cursor from another user or one ahead of the hub', async () => {
      const { cursor } = await as('anna').pullAll();
      const other = await as('bert').pull(cursor);
      expect(other.body.reset).toBe(true);
      const ahead = cursor.replace(/\.\d+$/, '.999999999');
      expect((await as('anna').pull(ahead)).body.reset).toBe(true);
      expect((await as('anna').pull('nonsense')).status).toBe(200);
      expect((await as('anna').pull('nonsense')).body.reset).toBe(true);
    });
  });

  describe('devices', () => {
    it('exchanges a sign-in code once for a device token, and tells a revoked device so', async () => {
      const { user } = await addUser(db, { name: 'Dirk', role: 'member', partyGroup: 'Rood' });
      const { code } = await createEnrolmentCode(db, user, 'laptop', NOW);
      const enrol = (c: string) => app.inject({ method: 'POST', url: '/v1/enrol', headers: { 'content-type': 'application/json' }, payload: { code: c, label: 'Laptop Dirk' } });
      const grouped = `${code.slice(0, 4)}-${code.slice(4, 8)} ${code.slice(8, 12).toLowerCase()}-${code.slice(12)}`;
      const ok = await enrol(grouped);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ me: { name: 'Dirk', role: 'member', partyGroup: 'Rood', device: { label: 'Laptop Dirk' } } });
      const again = await enrol(code);
      expect(again.statusCode).toBe(401);
      expect(again.json().error.code).toBe('enrolment-invalid');

      const token = ok.json<{ token: string }>().token;
      const dirk = injectClient(app, token);
      expect((await dirk.push(clientId(), [put(1, 'note', recordId(), noteBody('Van Dirk'))])).status).toBe(200);
      await revokeDevice(db, 'Dirk', { label: 'Laptop Dirk' }, NOW);
      for (const res of [await dirk.pull(), await dirk.push(clientId(), [put(2, 'note', recordId(), noteBody('Te laat'))])]) {
        expect(res.status).toBe(401);
        expect(res.body.error?.code).toBe('device-revoked');
      }
      const me = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
      expect(me.json().error.code).toBe('device-revoked');
    });

    it('refuses an expired code', async () => {
      const { user } = await addUser(db, { name: 'Els', role: 'member' });
      const { code } = await createEnrolmentCode(db, user, 'laptop', new Date(NOW.getTime() - 25 * 3600_000));
      const res = await app.inject({ method: 'POST', url: '/v1/enrol', headers: { 'content-type': 'application/json' }, payload: { code, label: 'x' } });
      expect(res.json().error.code).toBe('enrolment-invalid');
    });
  });

  it('keeps the audit chain intact through all of the above', async () => {
    const result = await verifyAuditChain(db);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.lines).toBeGreaterThan(30);
  });
});

describe.each(availableBackends().filter((b) => b.name === 'postgres'))('pull cursors against transactions that commit out of order, on $name', (backend) => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let database: ReturnType<typeof testDatabase>;
  let db: HubDb;
  let app: FastifyInstance;
  let token = '';
  const connect = async () => {
    const client = new pg.Client({ connectionString: backend.databaseUrl, options: `-c search_path=${database.schema}` });
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    dir = await tempDir();
    database = testDatabase(backend, dir.path);
    db = await database.open();
    app = await buildHub({ db, dataDir: dir.path, now: () => NOW });
    token = (await addUser(db, { name: 'Anna', role: 'member', partyGroup: 'Groen' })).token;
    await db.query('CREATE TABLE naive_log (pos bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(), what text NOT NULL)');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await database?.drop();
    await dir?.cleanup();
  });

  it('a cursor on a plain sequence, or on a timestamp, skips a row whose transaction commits after a later one', async () => {
    const [early, late] = [await connect(), await connect()];
    try {
      await early.query('BEGIN');
      await early.query("INSERT INTO naive_log (what) VALUES ('begun first, commits last')");
      await late.query('BEGIN');
      await late.query("INSERT INTO naive_log (what) VALUES ('begun second, commits first')");
      await late.query('COMMIT');
      const firstRead = await db.query<{ pos: string; at: string }>('SELECT pos::text AS pos, at::text AS at FROM naive_log ORDER BY naive_log.pos');
      expect(firstRead).toHaveLength(1);
      const seqCursor = Number(firstRead[0]?.pos);
      const timeCursor = firstRead[0]?.at;
      await early.query('COMMIT');
      const bySeq = await db.query<{ what: string }>('SELECT what FROM naive_log WHERE pos > $1', [seqCursor]);
      const byTime = await db.query<{ what: string }>('SELECT what FROM naive_log WHERE at > $1::timestamptz', [timeCursor]);
      const all = await db.query<{ what: string }>('SELECT what FROM naive_log');
      expect(all).toHaveLength(2);
      expect(bySeq, 'the sequence cursor never returns the early row').toEqual([]);
      expect(byTime, 'the timestamp cursor never returns the early row').toEqual([]);
    } finally {
      await early.end();
      await late.end();
    }
  });

  it("the hub's cursor waits for a transaction that holds a position: a push that commits later is not skipped", async () => {
    const sync = injectClient(app, token);
    const { cursor: start } = await sync.pullAll();
    const holder = await connect();
    try {
      // A push that has taken its positions and not yet committed, written as the hub writes one.
      const early = recordId();
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [SYNC_POSITION_LOCK]);
      await holder.query(
        `INSERT INTO sync_records (id, kind, author_id, author, author_party_group, audience, hlc, deleted, body, created_at, updated_at, pos)
         SELECT $1, 'note', u.id, u.name, u.party_group, 'public', $2, false, $3::jsonb, now(), now(), nextval('sync_pos') FROM users u WHERE u.name = 'Anna'`,
        [early, hlcAt(1), JSON.stringify(noteBody('Vroeg begonnen, laat vastgelegd', 'public'))],
      );
      // Another push starts meanwhile and must wait for the position lock.
      const lateId = recordId();
      const late = sync.push(clientId(), [put(1, 'note', lateId, noteBody('Later begonnen', 'public'))]);
      await waitFor('the second push to wait on the position lock', async () => {
        const waiting = await db.query<{ n: string }>(
          "SELECT count(*)::text AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
          [SYNC_POSITION_LOCK],
        );
        return Number(waiting[0]?.n) > 0;
      });
      const during = await sync.pull(start);
      expect(during.body.changes, 'nothing uncommitted is visible, and the cursor does not move past it').toEqual([]);
      await holder.query('COMMIT');
      expect((await late).status).toBe(200);
      const after = await sync.pullAll(during.body.cursor);
      expect([...after.records.keys()]).toEqual([early, lateId]);
    } finally {
      await holder.end();
    }
  });
});
