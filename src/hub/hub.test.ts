// The hub end to end on each database backend (PGlite always, PostgreSQL when DATABASE_URL is
// set): migrations, accounts, publish (and every rejection, each leaving the current version
// intact and an audit line), catalog/manifest/chunk reads with caching and ranges, parameter
// validation, and a restart. One database and one app per backend, shared by the tests in
// order (publishing v1 before v2 and so on), because opening PGlite takes seconds.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalogBytes, verifyCatalog } from '../shared/catalog';
import type { PublicKeyFile } from '../shared/keys';
import { trustedKeyOf } from '../shared/keys';
import { addUser, findUserByToken, tokenHash, upsertPublisherKey } from './accounts';
import { readAudit } from './audit';
import type { HubDb } from './db';
import { HubDbError, migrate } from './db';
import { buildHub } from './server';
import type { KeyPair } from './testFixtures';
import { availableBackends, makeKeyPair, makeRkp, packRawRkp, tempDir, testDatabase } from './testFixtures';

const RKP = 'application/vnd.raadskaart.rkp';
const enc = (s: string) => new TextEncoder().encode(s);

describe.each(availableBackends())('hub on $name', (backend) => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let database: ReturnType<typeof testDatabase>;
  let db: HubDb;
  let app: FastifyInstance;
  let clock = new Date('2026-12-01T10:00:00.000Z');
  let publisher: KeyPair;
  let scoped: KeyPair;
  let stranger: KeyPair;
  let advisorToken: string;
  let memberToken: string;

  beforeAll(async () => {
    dir = await tempDir();
    database = testDatabase(backend, dir.path);
    db = await database.open();
    app = await buildHub({ db, dataDir: dir.path, now: () => clock });
    [publisher, scoped, stranger] = await Promise.all([makeKeyPair(), makeKeyPair(), makeKeyPair()]);
    await upsertPublisherKey(db, { keyid: publisher.publicKey.keyid, publicKey: publisher.publicKey.publicKey, label: 'advisors', packageIds: null });
    await upsertPublisherKey(db, { keyid: scoped.publicKey.keyid, publicKey: scoped.publicKey.publicKey, label: 'demo only', packageIds: ['demo.only'] });
    advisorToken = (await addUser(db, { name: 'Anna Adviseur', role: 'advisor' })).token;
    memberToken = (await addUser(db, { name: 'Mo Raadslid', role: 'member', partyGroup: 'Groen' })).token;
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await database?.drop();
    await dir?.cleanup();
  });

  // token null: no Authorization header at all
  const publish = (body: Uint8Array | string, token: string | null = advisorToken, contentType = RKP) =>
    app.inject({
      method: 'POST',
      url: '/v1/packages',
      headers: { 'content-type': contentType, ...(token !== null ? { authorization: `Bearer ${token}` } : {}) },
      payload: Buffer.from(body),
    });

  const currentVersion = async (packageId: string) =>
    (await db.query<{ current_version: number }>('SELECT current_version FROM packages WHERE package_id = $1', [packageId]))[0]?.current_version;

  const lastAudit = async () => (await readAudit(db, 1))[0];

  describe('database', () => {
    it('applies migrations once: running them again changes nothing', async () => {
      expect(await migrate(db)).toEqual([]);
      const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      expect(rows.map((r) => r.name)).toEqual(['001_initial.sql']);
    });

    it('rolls back a failing migration completely and does not record it', async () => {
      const migrations = await mkdtemp(join(tmpdir(), 'hub-migrations-'));
      try {
        await writeFile(join(migrations, '900_broken.sql'), 'CREATE TABLE broken_probe (x integer);\nSELECT 1 / 0;\n');
        await expect(migrate(db, migrations)).rejects.toBeInstanceOf(HubDbError);
        const tables = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'broken_probe'");
        expect(tables[0]?.n).toBe(0);
        const recorded = await db.query('SELECT name FROM schema_migrations WHERE name = $1', ['900_broken.sql']);
        expect(recorded).toHaveLength(0);
      } finally {
        await rm(migrations, { recursive: true, force: true });
      }
    });

    it('stores only the sha256 of a token, never the token itself', async () => {
      const { token, user } = await addUser(db, { name: 'Greet Griffier', role: 'clerk' });
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const dump = await db.query<{ row: string }>('SELECT row_to_json(u)::text AS row FROM users u');
      expect(dump.length).toBeGreaterThan(0);
      for (const { row } of dump) expect(row).not.toContain(token);
      const stored = await db.query<{ token_sha256: string }>('SELECT token_sha256 FROM users WHERE id = $1', [user.id]);
      expect(stored[0]?.token_sha256).toBe(createHash('sha256').update(token).digest('hex'));
      expect(stored[0]?.token_sha256).toBe(tokenHash(token));
      expect((await findUserByToken(db, token))?.name).toBe('Greet Griffier');
      expect(await findUserByToken(db, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    });

    it('refuses a role outside advisor, member, clerk, alderman', async () => {
      await expect(addUser(db, { name: 'X', role: 'admin' })).rejects.toThrow(/role "admin"/);
      await expect(db.query("INSERT INTO users (name, role, token_sha256) VALUES ('x', 'admin', repeat('a', 64))")).rejects.toThrow();
    });
  });

  describe('reads before anything is published', () => {
    it('answers health', async () => {
      const res = await app.inject('/v1/health');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', api: 1 });
    });

    it('serves its public key and keeps the private key file at mode 0600', async () => {
      const res = await app.inject('/v1/keys/hub');
      expect(res.statusCode).toBe(200);
      const key = res.json<PublicKeyFile>();
      expect(key.type).toBe('raadskaart-public-key');
      expect(res.body).not.toContain('privateKey');
      const mode = (await stat(join(dir.path, 'hub-key.json'))).mode & 0o777;
      expect(mode).toBe(0o600);
    });

    it('serves an empty catalog signed by the hub key, expiring in 24 hours', async () => {
      const key = (await app.inject('/v1/keys/hub')).json<PublicKeyFile>();
      const res = await app.inject('/v1/catalog');
      expect(res.statusCode).toBe(200);
      const catalog = await verifyCatalog(res.rawPayload, { trusted: [trustedKeyOf(key, 'hub', 'test hub')], now: clock });
      expect(catalog.packages).toEqual([]);
      expect(catalog.issued).toBe(clock.toISOString());
      expect(Date.parse(catalog.expires) - clock.getTime()).toBe(24 * 3600 * 1000);
    });

    it('tells a token\'s holder who they are, and refuses without a token', async () => {
      const me = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${memberToken}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toEqual({ name: 'Mo Raadslid', role: 'member', partyGroup: 'Groen' });
      const anonymous = await app.inject('/v1/me');
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().error.message).toMatch(/Authorization: Bearer/);
    });

    it('answers 404 with a JSON error for an unknown package', async () => {
      const res = await app.inject('/v1/packages/nothing.here/manifest');
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    });
  });

  describe('publish', () => {
    let v1: Awaited<ReturnType<typeof makeRkp>>;

    it('accepts an advisor\'s signed package, then serves it in the catalog, as manifest and as chunks', async () => {
      v1 = await makeRkp({ key: publisher.privateKey, version: 1 });
      const res = await publish(v1.rkp);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ packageId: 'test.delfshaven', version: 1, manifestSha256: v1.manifestSha256 });

      const catalog = parseCatalogBytes((await app.inject('/v1/catalog')).rawPayload);
      expect(catalog.packages).toEqual([{ packageId: 'test.delfshaven', version: 1, manifestSha256: v1.manifestSha256, title: v1.manifest.title }]);

      const current = await app.inject('/v1/packages/test.delfshaven/manifest');
      expect(current.statusCode).toBe(200);
      expect(current.headers['content-type']).toMatch(/^application\/json/);
      expect(Buffer.compare(current.rawPayload, Buffer.from(v1.manifestBytes))).toBe(0);
      const pinned = await app.inject('/v1/packages/test.delfshaven/versions/1/manifest');
      expect(Buffer.compare(pinned.rawPayload, Buffer.from(v1.manifestBytes))).toBe(0);
      expect(pinned.headers['cache-control']).toBe('public, max-age=31536000, immutable');

      for (const ref of v1.manifest.chunks) {
        const chunk = await app.inject(`/v1/chunks/${ref.sha256}`);
        expect(chunk.statusCode).toBe(200);
        expect(createHash('sha256').update(chunk.rawPayload).digest('hex')).toBe(ref.sha256);
      }
      expect(await lastAudit()).toMatchObject({ action: 'package.publish', object: 'test.delfshaven@1', result: 'ok', actor: 'Anna Adviseur', origin: '127.0.0.1' });
    });

    const rejections: [string, () => Promise<{ body: Uint8Array; token?: string | null; contentType?: string }>, number, string, 'denied' | 'rejected'][] = [
      ['without a token', async () => ({ body: (await makeRkp({ key: publisher.privateKey, version: 2 })).rkp, token: null }), 401, 'unauthorized', 'denied'],
      ['with an unknown token', async () => ({ body: (await makeRkp({ key: publisher.privateKey, version: 2 })).rkp, token: 'A'.repeat(43) }), 401, 'unauthorized', 'denied'],
      ['with a member\'s token', async () => ({ body: (await makeRkp({ key: publisher.privateKey, version: 2 })).rkp, token: memberToken }), 403, 'forbidden', 'denied'],
      ['signed by a key the hub does not trust', async () => ({ body: (await makeRkp({ key: stranger.privateKey, version: 2 })).rkp }), 422, 'unknown_key', 'rejected'],
      ['signed by a key trusted only for another package', async () => ({ body: (await makeRkp({ key: scoped.privateKey, version: 2 })).rkp }), 422, 'unknown_key', 'rejected'],
      [
        'whose manifest was changed after signing',
        async () => ({ body: (await makeRkp({ key: publisher.privateKey, version: 2, alter: (m) => ({ ...m, title: 'Changed after signing' }) })).rkp }),
        422,
        'bad_signature',
        'rejected',
      ],
      ['that is unsigned', async () => ({ body: (await makeRkp({ key: null, version: 2 })).rkp }), 422, 'unknown_key', 'rejected'],
      [
        'whose chunk bytes differ from the manifest',
        async () => {
          const good = await makeRkp({ key: publisher.privateKey, version: 2 });
          const entries = [{ name: 'manifest.json', bytes: good.manifestBytes }];
          good.manifest.chunks.forEach((ref, i) => {
            const bytes = Uint8Array.from(good.chunks[i]?.bytes ?? []);
            if (i === good.manifest.chunks.length - 1) bytes[0] = (bytes[0] ?? 0) ^ 1;
            entries.push({ name: `chunks/${ref.sha256}`, bytes });
          });
          return { body: packRawRkp(entries) };
        },
        422,
        'integrity',
        'rejected',
      ],
      ['whose version equals the current one', async () => ({ body: (await makeRkp({ key: publisher.privateKey, version: 1, chunks: [{ path: 'x.md', bytes: enc('other') }] })).rkp }), 409, 'version_not_newer', 'rejected'],
      [
        'whose manifest has expired',
        async () => ({ body: (await makeRkp({ key: publisher.privateKey, version: 2, expires: '2026-11-30T00:00:00.000Z' })).rkp }),
        422,
        'expired',
        'rejected',
      ],
      ['with a path traversal entry', async () => ({ body: packRawRkp([{ name: '../../etc/passwd', bytes: enc('x') }]) }), 400, 'unsafe_archive', 'rejected'],
      ['that is not a package file', async () => ({ body: enc('this is not gzip') }), 422, 'integrity', 'rejected'],
      ['sent as JSON', async () => ({ body: enc('{"packageId":"x"}'), contentType: 'application/json' }), 415, 'unsupported_media_type', 'rejected'],
    ];

    it.each(rejections)('rejects a package %s, keeps the current version and audits the attempt', async (_name, make, status, code, result) => {
      const attempt = await make();
      const auditBefore = (await readAudit(db, 1))[0]?.id;
      const res = await publish(attempt.body, attempt.token === undefined ? advisorToken : attempt.token, attempt.contentType ?? RKP);
      expect(res.statusCode, res.body).toBe(status);
      const error = res.json<{ error: { code: string; message: string } }>().error;
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(10);
      expect(await currentVersion('test.delfshaven')).toBe(1);
      const current = await app.inject('/v1/packages/test.delfshaven/manifest');
      expect(Buffer.compare(current.rawPayload, Buffer.from(v1.manifestBytes))).toBe(0);
      const line = await lastAudit();
      expect(line?.id).not.toBe(auditBefore);
      expect(line).toMatchObject({ action: 'package.publish', result, origin: '127.0.0.1' });
      expect(line?.actor).toBe(status === 401 ? 'anonymous' : status === 403 ? 'Mo Raadslid' : 'Anna Adviseur');
      expect(line?.detail).toBe(error.message);
    });

    it('rejects a body larger than the configured limit with 413 and audits it', async () => {
      const small = await buildHub({ db, dataDir: dir.path, now: () => clock, publishLimitBytes: 64 });
      try {
        const res = await small.inject({ method: 'POST', url: '/v1/packages', headers: { 'content-type': RKP, authorization: `Bearer ${advisorToken}` }, payload: Buffer.alloc(1000) });
        expect(res.statusCode).toBe(413);
        expect(res.json().error.code).toBe('too_large');
        expect(await lastAudit()).toMatchObject({ result: 'rejected', actor: 'Anna Adviseur' });
        expect(await currentVersion('test.delfshaven')).toBe(1);
      } finally {
        await small.close();
      }
    });

    it('accepts version 2, keeps version 1 retrievable and rejects a later lower version (rollback)', async () => {
      const v2 = await makeRkp({ key: publisher.privateKey, version: 2 });
      expect((await publish(v2.rkp)).statusCode).toBe(201);
      expect(await currentVersion('test.delfshaven')).toBe(2);
      const catalog = parseCatalogBytes((await app.inject('/v1/catalog')).rawPayload);
      expect(catalog.packages[0]).toMatchObject({ version: 2, manifestSha256: v2.manifestSha256 });
      const old = await app.inject('/v1/packages/test.delfshaven/versions/1/manifest');
      expect(Buffer.compare(old.rawPayload, Buffer.from(v1.manifestBytes))).toBe(0);

      const lower = await makeRkp({ key: publisher.privateKey, version: 1, chunks: [{ path: 'y.md', bytes: enc('rollback') }] });
      const res = await publish(lower.rkp);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toMatch(/version 2/);
      expect(await currentVersion('test.delfshaven')).toBe(2);
      expect(await lastAudit()).toMatchObject({ result: 'rejected', object: 'test.delfshaven@1' });
    });

    it('lets a scoped key publish the package it is trusted for', async () => {
      const demo = await makeRkp({ key: scoped.privateKey, packageId: 'demo.only', version: 1 });
      const res = await publish(demo.rkp);
      expect(res.statusCode, res.body).toBe(201);
      const ids = parseCatalogBytes((await app.inject('/v1/catalog')).rawPayload).packages.map((p) => p.packageId);
      expect(ids).toEqual(['demo.only', 'test.delfshaven']);
    });
  });

  describe('chunks and caching', () => {
    const content = enc('0123456789abcdefghij'); // 20 bytes
    const sha = createHash('sha256').update(content).digest('hex');

    beforeAll(async () => {
      const pkg = await makeRkp({ key: publisher.privateKey, packageId: 'test.ranges', version: 1, chunks: [{ path: 'data.bin', bytes: content }] });
      const res = await publish(pkg.rkp);
      expect(res.statusCode, res.body).toBe(201);
    });

    it('serves a whole chunk with a strong ETag and immutable caching', async () => {
      const res = await app.inject(`/v1/chunks/${sha}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe(`"${sha}"`);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.headers['content-length']).toBe('20');
      expect(res.body).toBe('0123456789abcdefghij');
    });

    it('answers 304 when If-None-Match carries the ETag', async () => {
      const res = await app.inject({ url: `/v1/chunks/${sha}`, headers: { 'if-none-match': `W/"other", "${sha}"` } });
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
      const manifest = await app.inject('/v1/packages/test.ranges/manifest');
      const again = await app.inject({ url: '/v1/packages/test.ranges/manifest', headers: { 'if-none-match': manifest.headers.etag as string } });
      expect(again.statusCode).toBe(304);
    });

    it.each([
      ['bytes=0-4', '01234', 'bytes 0-4/20'],
      ['bytes=15-', 'fghij', 'bytes 15-19/20'],
      ['bytes=-3', 'hij', 'bytes 17-19/20'],
      ['bytes=18-100', 'ij', 'bytes 18-19/20'],
    ])('answers Range %s with 206 and the right bytes', async (range, body, contentRange) => {
      const res = await app.inject({ url: `/v1/chunks/${sha}`, headers: { range } });
      expect(res.statusCode).toBe(206);
      expect(res.body).toBe(body);
      expect(res.headers['content-range']).toBe(contentRange);
      expect(res.headers['content-length']).toBe(String(body.length));
    });

    it('answers 416 for a range past the end', async () => {
      const res = await app.inject({ url: `/v1/chunks/${sha}`, headers: { range: 'bytes=20-' } });
      expect(res.statusCode).toBe(416);
      expect(res.headers['content-range']).toBe('bytes */20');
    });

    it('sends the whole chunk when If-Range names another version', async () => {
      const res = await app.inject({ url: `/v1/chunks/${sha}`, headers: { range: 'bytes=0-1', 'if-range': '"not-this"' } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('0123456789abcdefghij');
    });

    it('serves ranges and HEAD over a real socket', async () => {
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      const ranged = await fetch(`${address}/v1/chunks/${sha}`, { headers: { range: 'bytes=-5' } });
      expect(ranged.status).toBe(206);
      expect(await ranged.text()).toBe('fghij');
      const head = await fetch(`${address}/v1/chunks/${sha}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe('20');
      expect(await head.text()).toBe('');
    });

    it.each([
      ['/v1/chunks/../../etc/passwd', [400, 404]],
      ['/v1/chunks/..%2F..%2Fetc%2Fpasswd', [400]],
      ['/v1/chunks/%2e%2e%2fhub-key.json', [400]],
      [`/v1/chunks/${'A'.repeat(64)}`, [400]],
      [`/v1/chunks/${'0'.repeat(63)}`, [400]],
      [`/v1/chunks/${'0'.repeat(64)}`, [404]],
      ['/v1/packages/..%2F..%2Fx/manifest', [400]],
      ['/v1/packages/test.delfshaven/versions/0/manifest', [400]],
      ['/v1/packages/test.delfshaven/versions/abc/manifest', [400]],
      ['/v1/packages/test.delfshaven/versions/99/manifest', [404]],
      ['/v1/chunks/%zz', [400]],
      ['/v1/no-such-endpoint', [404]],
    ])('refuses %s without touching a file outside the store', async (url, statuses) => {
      const res = await app.inject(url);
      expect(statuses).toContain(res.statusCode);
      expect(res.json().error.code).toMatch(/^(invalid_|not_found|bad_request)/);
      expect(res.body).not.toContain('privateKey');
    });
  });

  describe('restart', () => {
    it('keeps packages, chunks, users and the hub key after closing and reopening the database', async () => {
      const keyBefore = (await app.inject('/v1/keys/hub')).json<PublicKeyFile>().keyid;
      const catalogBefore = parseCatalogBytes((await app.inject('/v1/catalog')).rawPayload).packages;
      await app.close();
      await db.close();

      db = await database.open();
      app = await buildHub({ db, dataDir: dir.path, now: () => clock });
      expect((await app.inject('/v1/keys/hub')).json<PublicKeyFile>().keyid).toBe(keyBefore);
      expect(parseCatalogBytes((await app.inject('/v1/catalog')).rawPayload).packages).toEqual(catalogBefore);
      const entry = catalogBefore.find((p) => p.packageId === 'test.delfshaven');
      const manifest = await app.inject('/v1/packages/test.delfshaven/manifest');
      expect(createHash('sha256').update(manifest.rawPayload).digest('hex')).toBe(entry?.manifestSha256);
      expect((await findUserByToken(db, advisorToken))?.role).toBe('advisor');

      clock = new Date('2026-12-01T12:00:00.000Z');
      const v3 = await makeRkp({ key: publisher.privateKey, version: 3 });
      expect((await publish(v3.rkp)).statusCode).toBe(201);
    });
  });
});
