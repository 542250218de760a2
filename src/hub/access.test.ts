// Who may ask the hub what, on each database backend: the per-address limit of refused
// requests (429 with Retry-After) and their counted audit lines, the local admin routes
// (loopback only, the secret of hub-admin.json), and the two kinds of key file (the hub never
// takes a publisher key as its own, never accepts its own key as a publisher's).
import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotAKeyFileError } from '../shared/errors';
import { HUB_PRIVATE_KEY_TYPE, LEGACY_PRIVATE_KEY_TYPE, generateKeyPair } from '../shared/keys';
import { addUser, findUserByToken, upsertPublisherKey } from './accounts';
import { newAdminSecret } from './adminAccess';
import { readAudit } from './audit';
import type { HubDb } from './db';
import { loadOrCreateHubKey } from './hubKey';
import { ADMIN_SCHEME } from './routes/admin';
import { buildHub } from './server';
import { RKP, availableBackends, makeKeyPair, makeRkp, tempDir, testDatabase } from '../../tests/helpers/hub';

describe.each(availableBackends())('access on $name', (backend) => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let database: ReturnType<typeof testDatabase>;
  let db: HubDb;
  let memberToken: string;
  let minute = 0;

  beforeAll(async () => {
    dir = await tempDir();
    database = testDatabase(backend, dir.path);
    db = await database.open();
    memberToken = (await addUser(db, { name: 'Mo Raadslid', role: 'member' })).token;
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
    await dir?.cleanup();
  });

  /** A clock in a minute no other test of this file uses, so counted audit lines are this test's own. */
  const ownMinute = () => {
    const at = new Date(Date.UTC(2026, 11, 1, 9, minute++, 30));
    return () => at;
  };

  const countedLines = async (at: Date) => (await readAudit(db, 1000)).filter((l) => l.at.getTime() >= at.getTime() - 30_000 && l.at.getTime() < at.getTime() + 30_000);

  describe('rate limit of refused requests', () => {
    it('answers an address 429 with Retry-After once its refusals are used up, and audits the flood in two counted lines', async () => {
      const now = ownMinute();
      const hub = await buildHub({ db, dataDir: dir.path, now, rateLimit: { burst: 5, perMinute: 1 } });
      const linesBefore = (await readAudit(db, 10_000)).length;
      try {
        const statuses: number[] = [];
        let limited: Awaited<ReturnType<FastifyInstance['inject']>> | undefined;
        for (let i = 0; i < 200; i++) {
          const res = await hub.inject({ method: 'POST', url: '/v1/packages', headers: { 'content-type': RKP }, payload: Buffer.from('x') });
          statuses.push(res.statusCode);
          if (res.statusCode === 429) limited ??= res;
        }
        expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
        expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
        expect(limited?.json().error.code).toBe('rate-limited');
        expect(Number(limited?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        // while limited, even a valid token from that address waits; the health check does not
        expect((await hub.inject({ url: '/v1/me', headers: { authorization: `Bearer ${memberToken}` } })).statusCode).toBe(429);
        expect((await hub.inject({ url: '/v1/health' })).statusCode).toBe(200);
        // another address is not limited by this one's refusals
        expect((await hub.inject({ url: '/v1/me', headers: { authorization: `Bearer ${memberToken}` }, remoteAddress: '192.0.2.10' })).statusCode).toBe(200);
      } finally {
        await hub.close();
      }
      // 5 refused tokens, 195 limited publishes and one limited read: three lines, not 201
      expect((await readAudit(db, 10_000)).length - linesBefore).toBe(3);
      const lines = await countedLines(now());
      expect(lines.map((l) => [l.action, l.object, l.result, l.actor, l.origin, l.count]).sort()).toEqual([
        ['package.publish', 'POST /v1/packages', 'denied', 'anonymous', '127.0.0.1', 195],
        ['package.publish', 'package (unread)', 'denied', 'anonymous', '127.0.0.1', 5],
        ['read', 'GET /v1/me', 'denied', 'anonymous', '127.0.0.1', 1],
      ]);
      expect(lines.find((l) => l.object === 'POST /v1/packages')?.detail).toMatch(/answered 429 rate-limited/);
    });
  });

  describe('local admin routes', () => {
    const adminHeaders = (secret: string) => ({ 'content-type': 'application/json', authorization: `${ADMIN_SCHEME} ${secret}` });

    it('add a user only for a loopback connection that carries the secret, and audit it as the CLI', async () => {
      const secret = newAdminSecret();
      const hub = await buildHub({ db, dataDir: dir.path, now: ownMinute(), adminSecret: secret });
      try {
        const body = JSON.stringify({ actor: 'cli:beheer', name: 'Greet Griffier', role: 'clerk' });
        const add = (headers: Record<string, string>, remoteAddress = '127.0.0.1') => hub.inject({ method: 'POST', url: '/v1/admin/users', headers, payload: body, remoteAddress });

        const remote = await add(adminHeaders(secret), '192.0.2.7');
        expect(remote.statusCode).toBe(403);
        expect(remote.json().error.code).toBe('forbidden');
        // a request a proxy on this machine forwarded is not from this machine
        expect((await add({ ...adminHeaders(secret), 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(403);
        expect((await add({ 'content-type': 'application/json' })).statusCode).toBe(401);
        expect((await add(adminHeaders(newAdminSecret()))).statusCode).toBe(401);
        expect((await add({ 'content-type': 'application/json', authorization: `Bearer ${memberToken}` })).statusCode).toBe(401);

        const ok = await add(adminHeaders(secret));
        expect(ok.statusCode, ok.body).toBe(201);
        const { user, enrolment } = ok.json<{ user: { name: string; role: string }; enrolment: { code: string } }>();
        expect(user).toMatchObject({ name: 'Greet Griffier', role: 'clerk' });
        const enrolled = await hub.inject({
          method: 'POST',
          url: '/v1/enrol',
          headers: { 'content-type': 'application/json' },
          payload: { code: enrolment.code, label: 'laptop' },
        });
        const { token } = enrolled.json<{ token: string }>();
        expect((await findUserByToken(db, token))?.name).toBe('Greet Griffier');
        expect((await readAudit(db, 2))[1]).toMatchObject({ action: 'user.add', object: 'user:Greet Griffier', result: 'ok', actor: 'cli:beheer', origin: 'cli' });
        expect(JSON.stringify(await readAudit(db, 100))).not.toContain(enrolment.code);
        expect(JSON.stringify(await readAudit(db, 100))).not.toContain(token);
        expect(JSON.stringify(await readAudit(db, 100))).not.toContain(secret);
      } finally {
        await hub.close();
      }
    });

    it('do not exist on a hub without an admin secret', async () => {
      const hub = await buildHub({ db, dataDir: dir.path, now: ownMinute() });
      try {
        const res = await hub.inject({ method: 'POST', url: '/v1/admin/users', headers: adminHeaders(newAdminSecret()), payload: '{}' });
        expect(res.statusCode).toBe(404);
      } finally {
        await hub.close();
      }
    });

    it("refuse to trust the hub's own key as a publisher key", async () => {
      const secret = newAdminSecret();
      const hub = await buildHub({ db, dataDir: dir.path, now: ownMinute(), adminSecret: secret });
      try {
        const own = (await hub.inject({ url: '/v1/keys/hub' })).json();
        const res = await hub.inject({
          method: 'POST',
          url: '/v1/admin/keys',
          headers: adminHeaders(secret),
          payload: JSON.stringify({ actor: 'cli:beheer', publicKey: own, label: 'hub', packageIds: null }),
        });
        expect(res.statusCode).toBe(422);
        expect(res.json().error).toMatchObject({ code: 'validation', message: expect.stringMatching(/is this hub's own key/) });
        expect((await readAudit(db, 1))[0]).toMatchObject({ action: 'key.add', result: 'rejected' });
      } finally {
        await hub.close();
      }
    });
  });

  describe('key file kinds', () => {
    it("refuses a publisher key file as the hub's own key", async () => {
      const other = await tempDir();
      try {
        await writeFile(join(other.path, 'hub-key.json'), JSON.stringify((await generateKeyPair('publisher')).privateKey), { mode: 0o600 });
        const err = await buildHub({ db, dataDir: other.path }).then(
          () => new Error('the hub started with a publisher key'),
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(NotAKeyFileError);
        expect((err as Error).message).toMatch(/hub-key\.json: this is a publisher key file .*not a hub key/);
      } finally {
        await other.cleanup();
      }
    });

    it('keeps a hub key file of the legacy type (same key, pinned by clients) and rewrites it with the hub type', async () => {
      const other = await tempDir();
      try {
        const pair = await generateKeyPair('hub');
        await writeFile(join(other.path, 'hub-key.json'), JSON.stringify({ ...pair.privateKey, type: LEGACY_PRIVATE_KEY_TYPE }), { mode: 0o600 });
        const key = await loadOrCreateHubKey(other.path);
        expect(key).toMatchObject({ upgraded: true, publicKey: pair.publicKey });
        const stored = JSON.parse(await readFile(join(other.path, 'hub-key.json'), 'utf8')) as { type: string; keyid: string };
        expect(stored).toMatchObject({ type: HUB_PRIVATE_KEY_TYPE, keyid: pair.publicKey.keyid });
        expect((await loadOrCreateHubKey(other.path)).upgraded).toBe(false);
      } finally {
        await other.cleanup();
      }
    });

    it('refuses a package signed by its own key, even when someone trusted that key as a publisher', async () => {
      const hub = await buildHub({ db, dataDir: dir.path, now: () => new Date('2026-12-01T10:00:00.000Z') });
      try {
        const own = await loadOrCreateHubKey(dir.path);
        await upsertPublisherKey(db, { keyid: own.publicKey.keyid, publicKey: own.publicKey.publicKey, label: 'by mistake', packageIds: null });
        const { token } = await addUser(db, { name: 'Anna Adviseur', role: 'advisor' });
        const pkg = await makeRkp({ key: own.privateKey, packageId: 'test.signed-by-hub', version: 1 });
        const res = await hub.inject({ method: 'POST', url: '/v1/packages', headers: { 'content-type': RKP, authorization: `Bearer ${token}` }, payload: Buffer.from(pkg.rkp) });
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json().error.code).toBe('unknown-key');
        // a real publisher key still works
        const publisher = await makeKeyPair();
        await upsertPublisherKey(db, { keyid: publisher.publicKey.keyid, publicKey: publisher.publicKey.publicKey, label: 'advisors', packageIds: null });
        const good = await makeRkp({ key: publisher.privateKey, packageId: 'test.signed-by-hub', version: 1 });
        expect(
          (await hub.inject({ method: 'POST', url: '/v1/packages', headers: { 'content-type': RKP, authorization: `Bearer ${token}` }, payload: Buffer.from(good.rkp) }))
            .statusCode,
        ).toBe(201);
      } finally {
        await hub.close();
      }
    });
  });
});
