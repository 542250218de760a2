// The hub end to end on each database backend (PGlite always, PostgreSQL when DATABASE_URL is
// set): migrations, accounts, reads behind a token (or public), publish (and every rejection,
// each leaving the current version intact and an audit line), uploads that break off or stall,
// catalog/manifest/chunk reads with caching and ranges, parameter validation, orphan chunk
// files, and a restart. One database per backend (opening PGlite takes seconds), but no test
// relies on another: each publishes the package versions it needs under its own package id.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalogBytes, verifyCatalog } from '../shared/catalog';
import type { PublicKeyFile } from '../shared/keys';
import { trustedKeyOf } from '../shared/keys';
import { MAX_PACKAGE_VERSION } from '../shared/limits';
import { defaultIndex } from '../../tests/helpers/packageIndex';
import { hugeZeroChunkRkp } from '../../tests/helpers/packages';
import { addUser, findUserByToken, removeUser, rotateToken, tokenHash, upsertPublisherKey } from './accounts';
import { readAudit } from './audit';
import type { HubDb } from './db';
import { HubDbError, migrate } from './db';
import type { BuildHubOptions } from './server';
import { buildHub } from './server';
import type { KeyPair } from '../../tests/helpers/hub';
import { RKP, availableBackends, makeKeyPair, makeRkp, openUpload, packRawRkp, tempDir, testDatabase, waitFor } from '../../tests/helpers/hub';

const enc = (s: string) => new TextEncoder().encode(s);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

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
  let packages = 0;

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
  const publish = (body: Uint8Array | string, token: string | null = advisorToken, contentType = RKP, hub: FastifyInstance = app) =>
    hub.inject({
      method: 'POST',
      url: '/v1/packages',
      headers: { 'content-type': contentType, ...(token !== null ? { authorization: `Bearer ${token}` } : {}) },
      payload: Buffer.from(body),
    });

  /** A GET as a council member (token null: anonymous). */
  const read = (url: string, token: string | null = memberToken, headers: Record<string, string> = {}, hub: FastifyInstance = app) =>
    hub.inject({ url, headers: { ...(token !== null ? { authorization: `Bearer ${token}` } : {}), ...headers } });

  const currentVersion = async (packageId: string) =>
    (await db.query<{ current_version: number }>('SELECT current_version FROM packages WHERE package_id = $1', [packageId]))[0]?.current_version;

  const lastAudit = async () => (await readAudit(db, 1))[0];

  /** The counted audit line of publishes refused for `actor` from `origin` (the test clock stays in one minute). */
  const countedLine = async (actor: string, origin = '127.0.0.1') =>
    (await readAudit(db, 1000)).find((l) => l.action === 'package.publish' && l.result === 'denied' && l.origin === origin && l.actor === actor);

  /** A package id no other test uses. */
  const freshId = () => `test.pkg-${++packages}`;

  /** Publishes version 1 of a new package (or of packageId) and returns it. */
  const publishedV1 = async (packageId = freshId()) => {
    const v1 = await makeRkp({ key: publisher.privateKey, packageId, version: 1 });
    const res = await publish(v1.rkp);
    expect(res.statusCode, res.body).toBe(201);
    return v1;
  };

  /** Another hub on the same database and folder, listening on a loopback port; close it after. */
  const listening = async (options: Partial<BuildHubOptions> = {}) => {
    const hub = await buildHub({ db, dataDir: dir.path, now: () => clock, ...options });
    const url = await hub.listen({ host: '127.0.0.1', port: 0 });
    return { hub, url };
  };

  describe('database', () => {
    it('applies migrations once: running them again changes nothing', async () => {
      expect(await migrate(db)).toEqual([]);
      const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      expect(rows.map((r) => r.name)).toEqual(['001_initial.sql', '002_retention_limits_refusals.sql', '003_devices_sync_audit_chain.sql']);
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
      const dump = await db.query<{ row: string }>('SELECT row_to_json(u)::text AS row FROM users u UNION ALL SELECT row_to_json(d)::text FROM devices d');
      expect(dump.length).toBeGreaterThan(0);
      for (const { row } of dump) expect(row).not.toContain(token);
      const stored = await db.query<{ token_sha256: string }>('SELECT token_sha256 FROM devices WHERE user_id = $1', [user.id]);
      expect(stored[0]?.token_sha256).toBe(createHash('sha256').update(token).digest('hex'));
      expect(stored[0]?.token_sha256).toBe(tokenHash(token));
      expect((await findUserByToken(db, token))?.name).toBe('Greet Griffier');
      expect(await findUserByToken(db, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    });

    it('refuses a role outside advisor, member, clerk, alderman', async () => {
      await expect(addUser(db, { name: 'X', role: 'admin' })).rejects.toThrow(/role "admin"/);
      await expect(db.query("INSERT INTO users (name, role, token_sha256) VALUES ('x', 'admin', repeat('a', 64))")).rejects.toThrow();
    });

    it('refuses a second user with a name already in use (remove and rotate find people by name)', async () => {
      await addUser(db, { name: 'Dubbel', role: 'member' });
      await expect(addUser(db, { name: ' Dubbel ', role: 'clerk' })).rejects.toThrow(/a user called "Dubbel" exists already/);
    });

    it('removes a user: their token stops working at once', async () => {
      const { token } = await addUser(db, { name: 'Vertrokken Raadslid', role: 'member' });
      expect((await read('/v1/me', token)).statusCode).toBe(200);
      expect(await removeUser(db, 'Vertrokken Raadslid')).toMatchObject({ name: 'Vertrokken Raadslid', role: 'member' });
      expect((await read('/v1/me', token)).statusCode).toBe(401);
      await expect(removeUser(db, 'Vertrokken Raadslid')).rejects.toThrow(/no user called "Vertrokken Raadslid"/);
    });

    it('rotates a token: the new one works, the old one no longer', async () => {
      const { token: old } = await addUser(db, { name: 'Wim Wethouder', role: 'alderman' });
      const { token, user } = await rotateToken(db, 'Wim Wethouder');
      expect(user.role).toBe('alderman');
      expect(token).not.toBe(old);
      expect((await read('/v1/me', old)).statusCode).toBe(401);
      expect((await read('/v1/me', token)).json()).toMatchObject({ name: 'Wim Wethouder', role: 'alderman' });
    });

    it('never hands out a token starting with "-" (the CLI would read it as an option)', async () => {
      const { token } = await addUser(db, { name: 'Veel Sleutels', role: 'member' });
      const tokens = [token];
      // a token starts with "-" once in 64 draws: 400 draws without one by chance is a 0.2% event
      for (let i = 0; i < 400; i++) tokens.push((await rotateToken(db, 'Veel Sleutels')).token);
      expect(tokens.filter((t) => t.startsWith('-'))).toEqual([]);
      expect(new Set(tokens).size).toBe(tokens.length);
    });
  });

  describe('reads', () => {
    it('answers health without a token', async () => {
      const res = await read('/v1/health', null);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', api: 1 });
    });

    it('serves its public key without a token and keeps the private key file at mode 0600', async () => {
      const res = await read('/v1/keys/hub', null);
      expect(res.statusCode).toBe(200);
      const key = res.json<PublicKeyFile>();
      expect(key.type).toBe('raadskaart-public-key');
      expect(res.body).not.toContain('privateKey');
      const mode = (await stat(join(dir.path, 'hub-key.json'))).mode & 0o777;
      expect(mode).toBe(0o600);
    });

    it('serves a catalog signed by the hub key, expiring in 24 hours, listing each current version', async () => {
      const v1 = await publishedV1();
      const key = (await read('/v1/keys/hub')).json<PublicKeyFile>();
      const res = await read('/v1/catalog');
      expect(res.statusCode).toBe(200);
      const catalog = await verifyCatalog(res.rawPayload, { trusted: [trustedKeyOf(key, 'hub', 'test hub')], now: clock });
      expect(catalog.packages).toContainEqual({ packageId: v1.manifest.packageId, version: 1, manifestSha256: v1.manifestSha256, title: v1.manifest.title });
      const current = await db.query<{ package_id: string; current_version: number }>('SELECT package_id, current_version FROM packages ORDER BY package_id');
      expect(catalog.packages.map((p) => [p.packageId, p.version])).toEqual(current.map((r) => [r.package_id, r.current_version]));
      expect(catalog.issued).toBe(clock.toISOString());
      expect(Date.parse(catalog.expires) - clock.getTime()).toBe(24 * 3600 * 1000);
    });

    it("tells a token's holder who they are, and refuses without a token", async () => {
      const me = await read('/v1/me');
      expect(me.statusCode).toBe(200);
      expect(me.json()).toEqual({ name: 'Mo Raadslid', role: 'member', partyGroup: 'Groen', device: { id: expect.any(Number), label: 'token' } });
      const anonymous = await read('/v1/me', null);
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().error.message).toMatch(/Authorization: Bearer/);
    });

    it('answers 404 with a JSON error for an unknown package', async () => {
      const res = await read('/v1/packages/nothing.here/manifest');
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not-found');
    });

    it('refuses to show the catalog, manifests and chunks without a valid token', async () => {
      const v1 = await publishedV1();
      const id = v1.manifest.packageId;
      const urls = ['/v1/catalog', `/v1/packages/${id}/manifest`, `/v1/packages/${id}/versions/1/manifest`, `/v1/chunks/${v1.manifest.chunks[0]?.sha256}`];
      for (const url of urls) {
        for (const token of [null, 'A'.repeat(43)]) {
          const res = await read(url, token);
          expect(res.statusCode, `${url} with ${token ?? 'no token'}`).toBe(401);
          expect(res.json().error.code).toBe('unauthorized');
          expect(res.headers['www-authenticate']).toBe('Bearer realm="raadskaart"');
          expect(res.body).not.toContain(v1.manifestSha256);
        }
        expect((await read(url, memberToken)).statusCode, url).toBe(200);
      }
      const head = await app.inject({ method: 'HEAD', url: urls[3] as string });
      expect(head.statusCode).toBe(401);
    });

    it('keeps token-protected versions and chunks out of shared caches; with publicRead, anyone reads them', async () => {
      const v1 = await publishedV1();
      const id = v1.manifest.packageId;
      const chunkUrl = `/v1/chunks/${v1.manifest.chunks[0]?.sha256}`;
      expect((await read(chunkUrl)).headers['cache-control']).toBe('private, max-age=31536000, immutable');
      expect((await read(`/v1/packages/${id}/versions/1/manifest`)).headers['cache-control']).toBe('private, max-age=31536000, immutable');

      const open = await buildHub({ db, dataDir: dir.path, now: () => clock, publicRead: true });
      try {
        for (const url of ['/v1/catalog', `/v1/packages/${id}/manifest`, `/v1/packages/${id}/versions/1/manifest`, chunkUrl]) {
          expect((await read(url, null, {}, open)).statusCode, url).toBe(200);
        }
        expect((await read(chunkUrl, null, {}, open)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
        // publishing still needs an advisor
        expect((await publish((await makeRkp({ key: publisher.privateKey, packageId: id, version: 2 })).rkp, null, RKP, open)).statusCode).toBe(401);
      } finally {
        await open.close();
      }
    });
  });

  describe('publish', () => {
    it("accepts an advisor's signed package, then serves it in the catalog, as manifest and as chunks", async () => {
      const id = freshId();
      const v1 = await makeRkp({ key: publisher.privateKey, packageId: id, version: 1 });
      const res = await publish(v1.rkp);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ packageId: id, version: 1, manifestSha256: v1.manifestSha256 });

      const catalog = parseCatalogBytes((await read('/v1/catalog')).rawPayload);
      expect(catalog.packages).toContainEqual({ packageId: id, version: 1, manifestSha256: v1.manifestSha256, title: v1.manifest.title });

      const current = await read(`/v1/packages/${id}/manifest`);
      expect(current.statusCode).toBe(200);
      expect(current.headers['content-type']).toMatch(/^application\/json/);
      expect(Buffer.compare(current.rawPayload, Buffer.from(v1.manifestBytes))).toBe(0);
      const pinned = await read(`/v1/packages/${id}/versions/1/manifest`);
      expect(Buffer.compare(pinned.rawPayload, Buffer.from(v1.manifestBytes))).toBe(0);

      for (const ref of v1.manifest.chunks) {
        const chunk = await read(`/v1/chunks/${ref.sha256}`);
        expect(chunk.statusCode).toBe(200);
        expect(sha(chunk.rawPayload)).toBe(ref.sha256);
      }
      expect(await lastAudit()).toMatchObject({ action: 'package.publish', object: `${id}@1`, result: 'ok', actor: 'Anna Adviseur', origin: '127.0.0.1' });
    });

    type Attempt = { body: Uint8Array; token?: string | null; contentType?: string };
    const rejections: [string, (id: string) => Promise<Attempt>, number, string, 'denied' | 'rejected'][] = [
      ['without a token', async (id) => ({ body: (await makeRkp({ key: publisher.privateKey, packageId: id, version: 2 })).rkp, token: null }), 401, 'unauthorized', 'denied'],
      [
        'with an unknown token',
        async (id) => ({ body: (await makeRkp({ key: publisher.privateKey, packageId: id, version: 2 })).rkp, token: 'A'.repeat(43) }),
        401,
        'unauthorized',
        'denied',
      ],
      [
        "with a member's token",
        async (id) => ({ body: (await makeRkp({ key: publisher.privateKey, packageId: id, version: 2 })).rkp, token: memberToken }),
        403,
        'forbidden',
        'denied',
      ],
      [
        'signed by a key the hub does not trust',
        async (id) => ({ body: (await makeRkp({ key: stranger.privateKey, packageId: id, version: 2 })).rkp }),
        422,
        'unknown-key',
        'rejected',
      ],
      [
        'signed by a key trusted only for another package',
        async (id) => ({ body: (await makeRkp({ key: scoped.privateKey, packageId: id, version: 2 })).rkp }),
        422,
        'unknown-key',
        'rejected',
      ],
      [
        'whose manifest was changed after signing',
        async (id) => ({ body: (await makeRkp({ key: publisher.privateKey, packageId: id, version: 2, alter: (m) => ({ ...m, title: 'Changed after signing' }) })).rkp }),
        422,
        'signature',
        'rejected',
      ],
      ['that is unsigned', async (id) => ({ body: (await makeRkp({ key: null, packageId: id, version: 2 })).rkp }), 422, 'unknown-key', 'rejected'],
      [
        'whose chunk bytes differ from the manifest',
        async (id) => {
          const good = await makeRkp({ key: publisher.privateKey, packageId: id, version: 2 });
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
      [
        'whose version equals the current one',
        async (id) => ({ body: (await makeRkp({ key: publisher.privateKey, packageId: id, version: 1, chunks: [{ path: 'x.md', bytes: enc('other') }] })).rkp }),
        409,
        'version-not-newer',
        'rejected',
      ],
      [
        'whose manifest has expired',
        async (id) => ({ body: (await makeRkp({ key: publisher.privateKey, packageId: id, version: 2, expires: '2026-11-30T00:00:00.000Z' })).rkp }),
        422,
        'expired',
        'rejected',
      ],
      ['with a path traversal entry', async () => ({ body: packRawRkp([{ name: '../../etc/passwd', bytes: enc('x') }]) }), 400, 'unsafe-archive', 'rejected'],
      ['that is not a package file', async () => ({ body: enc('this is not gzip') }), 422, 'integrity', 'rejected'],
      ['sent as JSON', async () => ({ body: enc('{"packageId":"x"}'), contentType: 'application/json' }), 415, 'unsupported-media-type', 'rejected'],
    ];

    it.each(rejections)('rejects a package %s, keeps the current version and audits the attempt', async (_name, make, status, code, result) => {
      const v1 = await publishedV1();
      const id = v1.manifest.packageId;
      const attempt = await make(id);
      const actor = status === 401 ? 'anonymous' : status === 403 ? 'Mo Raadslid' : 'Anna Adviseur';
      const auditBefore = (await lastAudit())?.id;
      const countedBefore = (await countedLine(actor))?.count ?? 0;
      const res = await publish(attempt.body, attempt.token === undefined ? advisorToken : attempt.token, attempt.contentType ?? RKP);
      expect(res.statusCode, res.body).toBe(status);
      const error = res.json<{ error: { code: string; message: string } }>().error;
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(10);
      expect(await currentVersion(id)).toBe(1);
      const current = await read(`/v1/packages/${id}/manifest`);
      expect(Buffer.compare(current.rawPayload, Buffer.from(v1.manifestBytes))).toBe(0);
      // a refusal for the token or role is counted on its address's line for this minute; anything else gets its own line
      const line = result === 'denied' ? await countedLine(actor) : await lastAudit();
      if (result === 'denied') expect(line?.count).toBe(countedBefore + 1);
      else expect(line?.id).not.toBe(auditBefore);
      expect(line).toMatchObject({ action: 'package.publish', result, origin: '127.0.0.1', actor });
      expect(line?.detail).toBe(error.message);
    });

    it('rejects a body larger than the configured limit with 413 and audits it', async () => {
      const v1 = await publishedV1();
      const small = await buildHub({ db, dataDir: dir.path, now: () => clock, publishLimitBytes: 64 });
      try {
        const res = await small.inject({
          method: 'POST',
          url: '/v1/packages',
          headers: { 'content-type': RKP, authorization: `Bearer ${advisorToken}` },
          payload: Buffer.alloc(1000),
        });
        expect(res.statusCode).toBe(413);
        expect(res.json().error.code).toBe('too-large');
        expect(await lastAudit()).toMatchObject({ result: 'rejected', actor: 'Anna Adviseur' });
        expect(await currentVersion(v1.manifest.packageId)).toBe(1);
      } finally {
        await small.close();
      }
    });

    it('accepts version 2, keeps version 1 retrievable and rejects a later lower version (rollback)', async () => {
      const v1 = await publishedV1();
      const id = v1.manifest.packageId;
      const v2 = await makeRkp({ key: publisher.privateKey, packageId: id, version: 2 });
      expect((await publish(v2.rkp)).statusCode).toBe(201);
      expect(await currentVersion(id)).toBe(2);
      const catalog = parseCatalogBytes((await read('/v1/catalog')).rawPayload);
      expect(catalog.packages.find((p) => p.packageId === id)).toMatchObject({ version: 2, manifestSha256: v2.manifestSha256 });
      const old = await read(`/v1/packages/${id}/versions/1/manifest`);
      expect(Buffer.compare(old.rawPayload, Buffer.from(v1.manifestBytes))).toBe(0);

      const lower = await makeRkp({ key: publisher.privateKey, packageId: id, version: 1, chunks: [{ path: 'y.md', bytes: enc('rollback') }] });
      const res = await publish(lower.rkp);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toMatch(/version 2/);
      expect(await currentVersion(id)).toBe(2);
      expect(await lastAudit()).toMatchObject({ result: 'rejected', object: `${id}@1` });
    });

    it('lets a scoped key publish the package it is trusted for', async () => {
      const demo = await makeRkp({ key: scoped.privateKey, packageId: 'demo.only', version: 1 });
      const res = await publish(demo.rkp);
      expect(res.statusCode, res.body).toBe(201);
      const ids = parseCatalogBytes((await read('/v1/catalog')).rawPayload).packages.map((p) => p.packageId);
      expect(ids).toContain('demo.only');
    });

    it('refuses a .rkp that leaves out a chunk the hub already stores: a package file carries every chunk its manifest lists', async () => {
      const v1 = await publishedV1();
      const id = v1.manifest.packageId;
      // version 2 keeps version 1's briefing (stored on the hub) and adds a chunk
      const briefing = v1.chunks.find((c) => c.path === 'briefings/item-1.md');
      if (!briefing) throw new Error('makeRkp made no briefing');
      const v2 = await makeRkp({ key: publisher.privateKey, packageId: id, version: 2, chunks: [briefing, { path: 'extra.md', bytes: enc('nieuw') }] });
      const kept = sha(briefing.bytes);
      expect((await read(`/v1/chunks/${kept}`)).statusCode).toBe(200);
      const entries = [{ name: 'manifest.json', bytes: v2.manifestBytes }];
      v2.manifest.chunks.forEach((ref, i) => {
        if (ref.sha256 !== kept) entries.push({ name: `chunks/${ref.sha256}`, bytes: v2.chunks[i]?.bytes ?? new Uint8Array() });
      });

      const res = await publish(packRawRkp(entries));

      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'integrity', message: expect.stringMatching(new RegExp(`chunks/${kept} \\(briefings/item-1\\.md\\) is missing`)) });
      expect(await currentVersion(id)).toBe(1);
      expect(await lastAudit()).toMatchObject({ result: 'rejected', object: `${id}@2`, actor: 'Anna Adviseur' });
    });

    it('refuses a correctly signed package whose content every client would refuse, with the same reason, and records nothing', async () => {
      const v1 = await publishedV1();
      const id = v1.manifest.packageId;
      const index = defaultIndex();
      // additive, but 100 + 800 is not the 950 the scenario claims
      Object.assign(index.indicators[0] ?? {}, {
        additive: true,
        values: { 's-park': 950, 's-housing': 150 },
        contributions: { 's-park': { 'i-park': 800 }, 's-housing': { 'i-trees': 50 } },
      });
      const bad = await makeRkp({
        key: publisher.privateKey,
        packageId: id,
        version: 2,
        index,
        chunks: [{ path: 'briefings/only-in-v2.md', bytes: enc(`alleen in versie 2 ${id}`) }],
      });
      const onlyHere = bad.manifest.chunks.filter((c) => !v1.manifest.chunks.some((o) => o.sha256 === c.sha256)).map((c) => c.sha256);
      expect(onlyHere.length).toBeGreaterThan(0);

      const res = await publish(bad.rkp);

      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error).toEqual({
        code: 'validation',
        message: 'index.json: $.indicators.0.values.s-park: indicator "green", scenario "s-park": baseline 100 + contributions 800 is 900, but the value is 950',
      });
      expect(await currentVersion(id)).toBe(1);
      const rows = await db.query<{ sha256: string }>('SELECT sha256 FROM chunks WHERE sha256 = ANY($1::text[])', [onlyHere]);
      expect(rows).toEqual([]);
      // the files it wrote before the check are gone too, and it holds no pins
      for (const h of onlyHere) await expect(stat(join(dir.path, 'chunks', h.slice(0, 2), h))).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await db.query('SELECT 1 FROM chunk_pins')).toEqual([]);
      expect(await lastAudit()).toMatchObject({ action: 'package.publish', result: 'rejected', object: `${id}@2`, detail: res.json().error.message });
    });

    it('answers an empty body with missing-body, not integrity', async () => {
      const v1 = await publishedV1();
      const res = await publish(new Uint8Array(0));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('missing-body');
      expect(await currentVersion(v1.manifest.packageId)).toBe(1);
      expect(await lastAudit()).toMatchObject({ action: 'package.publish', result: 'rejected', detail: res.json().error.message });
    });

    it('says "published", not "installed", when a lower version is offered', async () => {
      const v1 = await publishedV1();
      const id = v1.manifest.packageId;
      expect((await publish((await makeRkp({ key: publisher.privateKey, packageId: id, version: 3 })).rkp)).statusCode).toBe(201);
      const res = await publish((await makeRkp({ key: publisher.privateKey, packageId: id, version: 2 })).rkp);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toEqual({
        code: 'version-not-newer',
        message: `${id} has version 3 published on this hub; publish a version higher than 3 (this package is version 2)`,
      });
    });

    it(`publishes and serves every version up to ${MAX_PACKAGE_VERSION}, and refuses one above it without breaking the package`, async () => {
      const v1 = await publishedV1();
      const id = v1.manifest.packageId;
      // 10 digits: a version the route used to refuse although the database stored it
      const big = await makeRkp({ key: publisher.privateKey, packageId: id, version: 1_000_000_000 });
      expect((await publish(big.rkp)).statusCode).toBe(201);
      const fetched = await read(`/v1/packages/${id}/versions/1000000000/manifest`);
      expect(fetched.statusCode, fetched.body).toBe(200);
      expect(sha(fetched.rawPayload)).toBe(big.manifestSha256);

      const above = await makeRkp({ key: publisher.privateKey, packageId: id, version: MAX_PACKAGE_VERSION + 1 });
      const refused = await publish(above.rkp);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().error.code).toBe('validation');
      expect(refused.json().error.message).toContain(`$.version: must be at most ${MAX_PACKAGE_VERSION}`);
      expect(await currentVersion(id)).toBe(1_000_000_000);

      const top = await makeRkp({ key: publisher.privateKey, packageId: id, version: MAX_PACKAGE_VERSION });
      expect((await publish(top.rkp)).statusCode).toBe(201);
      expect(await currentVersion(id)).toBe(MAX_PACKAGE_VERSION);
      const topManifest = await read(`/v1/packages/${id}/versions/${MAX_PACKAGE_VERSION}/manifest`);
      expect(topManifest.statusCode).toBe(200);
      expect(sha(topManifest.rawPayload)).toBe(top.manifestSha256);
      const past = await read(`/v1/packages/${id}/versions/${MAX_PACKAGE_VERSION + 1}/manifest`);
      expect(past.statusCode).toBe(400);
      expect(past.json().error.code).toBe('invalid-version');
    });

    it('states the same maximum version in the database schema', async () => {
      const rows = await db.query<{ conname: string; def: string }>(
        "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname IN ('package_versions_version_range', 'packages_current_version_range') ORDER BY conname",
      );
      expect(rows.map((r) => r.conname)).toEqual(['package_versions_version_range', 'packages_current_version_range']);
      for (const r of rows) expect(r.def).toContain(String(MAX_PACKAGE_VERSION));
      await expect(db.query("INSERT INTO packages (package_id, title, current_version) VALUES ('test.zero', 'x', 0)")).rejects.toThrow();
    });

    it('keeps the last 3 versions of a package by default and removes the chunks only older ones listed', async () => {
      const id = freshId();
      const versions = [];
      for (let version = 1; version <= 4; version++) {
        const made = await makeRkp({ key: publisher.privateKey, packageId: id, version });
        expect((await publish(made.rkp)).statusCode).toBe(201);
        versions.push(made);
      }
      const [v1] = versions;
      if (!v1) throw new Error('no version 1');
      expect((await read(`/v1/packages/${id}/versions/1/manifest`)).statusCode).toBe(404);
      for (const version of [2, 3, 4]) expect((await read(`/v1/packages/${id}/versions/${version}/manifest`)).statusCode).toBe(200);
      // version 1's own briefing and index are gone (rows and files); the layer all versions share stays
      const own = v1.manifest.chunks.filter((c) => c.path === 'briefings/item-1.md' || c.path === 'index.json');
      for (const ref of own) {
        expect((await read(`/v1/chunks/${ref.sha256}`)).statusCode).toBe(404);
        await expect(stat(join(dir.path, 'chunks', ref.sha256.slice(0, 2), ref.sha256))).rejects.toMatchObject({ code: 'ENOENT' });
      }
      const shared = v1.manifest.chunks.find((c) => c.path === 'layers/buildings.geojson');
      expect((await read(`/v1/chunks/${shared?.sha256}`)).statusCode).toBe(200);
      const lines = await readAudit(db, 5);
      expect(lines).toContainEqual(expect.objectContaining({ action: 'package.retire', object: `${id}@1`, actor: 'hub', result: 'ok' }));
    });
  });

  describe('uploads over a real socket', () => {
    it('refuses an unsigned 512 MiB-chunk package at its manifest, without waiting for the rest of the upload', async () => {
      const v1 = await publishedV1();
      const id = v1.manifest.packageId;
      const { rkp } = await hugeZeroChunkRkp({ keys: [], packageId: id, version: 2 });
      const { hub, url } = await listening();
      try {
        const { socket, response } = await openUpload(url, advisorToken, rkp.length);
        // the manifest and a little of the zeros; the other ~500 KB never come
        socket.write(rkp.subarray(0, 16 * 1024));
        const answer = await Promise.race([response, new Promise<string>((done) => setTimeout(() => done('no answer within 5 s'), 5000))]);
        socket.destroy();
        expect(answer).toMatch(/^HTTP\/1\.1 422 /);
        expect(answer).toContain('"code":"unknown-key"');
        expect(await lastAudit()).toMatchObject({ action: 'package.publish', result: 'rejected', object: `${id}@2`, actor: 'Anna Adviseur' });
        expect(await currentVersion(id)).toBe(1);
      } finally {
        await hub.close();
      }
    });

    it('ends a publish whose connection breaks off mid-upload, audits it and keeps the current version', async () => {
      const v1 = await publishedV1();
      const id = v1.manifest.packageId;
      const v2 = await makeRkp({ key: publisher.privateKey, packageId: id, version: 2, chunks: [{ path: 'layers/noise.bin', bytes: randomBytes(200_000) }] });
      const { hub, url } = await listening();
      try {
        const auditBefore = (await lastAudit())?.id;
        const { socket } = await openUpload(url, advisorToken, v2.rkp.length);
        socket.write(v2.rkp.subarray(0, 50_000));
        await new Promise((done) => setTimeout(done, 200));
        socket.destroy();
        await waitFor('the audit line of the broken-off upload', async () => (await lastAudit())?.id !== auditBefore);
        const line = await lastAudit();
        expect(line).toMatchObject({ action: 'package.publish', result: 'rejected', object: `${id}@2`, actor: 'Anna Adviseur' });
        expect(line?.detail).toMatch(/^the upload broke off before the whole package arrived/);
        expect(await currentVersion(id)).toBe(1);
      } finally {
        await hub.close();
      }
    });

    it('closes a connection that goes silent mid-upload, and audits it', async () => {
      const v1 = await publishedV1();
      const id = v1.manifest.packageId;
      const v2 = await makeRkp({ key: publisher.privateKey, packageId: id, version: 2, chunks: [{ path: 'layers/noise.bin', bytes: randomBytes(200_000) }] });
      const { hub, url } = await listening({ idleTimeoutMs: 300 });
      try {
        const auditBefore = (await lastAudit())?.id;
        const { socket, response } = await openUpload(url, advisorToken, v2.rkp.length);
        socket.write(v2.rkp.subarray(0, 50_000));
        await waitFor('the audit line of the stalled upload', async () => (await lastAudit())?.id !== auditBefore);
        await response; // the hub closed the connection
        expect(await lastAudit()).toMatchObject({ result: 'rejected', object: `${id}@2`, detail: expect.stringMatching(/upload broke off/) });
        expect(await currentVersion(id)).toBe(1);
      } finally {
        await hub.close();
      }
    });
  });

  describe('chunks and caching', () => {
    const content = enc('0123456789abcdefghij'); // 20 bytes
    const hash = sha(content);

    beforeAll(async () => {
      const pkg = await makeRkp({ key: publisher.privateKey, packageId: 'test.ranges', version: 1, chunks: [{ path: 'data.bin', bytes: content }] });
      const res = await publish(pkg.rkp);
      expect(res.statusCode, res.body).toBe(201);
    });

    it('serves a whole chunk with a strong ETag and immutable caching', async () => {
      const res = await read(`/v1/chunks/${hash}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe(`"${hash}"`);
      expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.headers['content-length']).toBe('20');
      expect(res.body).toBe('0123456789abcdefghij');
    });

    it('answers 304 when If-None-Match carries the ETag', async () => {
      const res = await read(`/v1/chunks/${hash}`, memberToken, { 'if-none-match': `W/"other", "${hash}"` });
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
      const manifest = await read('/v1/packages/test.ranges/manifest');
      const again = await read('/v1/packages/test.ranges/manifest', memberToken, { 'if-none-match': manifest.headers.etag as string });
      expect(again.statusCode).toBe(304);
    });

    it.each([
      ['bytes=0-4', '01234', 'bytes 0-4/20'],
      ['bytes=15-', 'fghij', 'bytes 15-19/20'],
      ['bytes=-3', 'hij', 'bytes 17-19/20'],
      ['bytes=18-100', 'ij', 'bytes 18-19/20'],
    ])('answers Range %s with 206 and the right bytes', async (range, body, contentRange) => {
      const res = await read(`/v1/chunks/${hash}`, memberToken, { range });
      expect(res.statusCode).toBe(206);
      expect(res.body).toBe(body);
      expect(res.headers['content-range']).toBe(contentRange);
      expect(res.headers['content-length']).toBe(String(body.length));
    });

    it('answers 416 for a range past the end', async () => {
      const res = await read(`/v1/chunks/${hash}`, memberToken, { range: 'bytes=20-' });
      expect(res.statusCode).toBe(416);
      expect(res.headers['content-range']).toBe('bytes */20');
    });

    it('answers 416, not the whole chunk, for a range beyond any byte offset', async () => {
      const res = await read(`/v1/chunks/${hash}`, memberToken, { range: 'bytes=0-99999999999999999999' });
      expect(res.statusCode).toBe(416);
      expect(res.json().error.code).toBe('range-not-satisfiable');
      expect(res.headers['content-range']).toBe('bytes */20');
    });

    it('sends the whole chunk when If-Range names another version', async () => {
      const res = await read(`/v1/chunks/${hash}`, memberToken, { range: 'bytes=0-1', 'if-range': '"not-this"' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('0123456789abcdefghij');
    });

    it('serves ranges and HEAD over a real socket', async () => {
      const { hub, url } = await listening();
      try {
        const auth = { authorization: `Bearer ${memberToken}` };
        const ranged = await fetch(`${url}/v1/chunks/${hash}`, { headers: { ...auth, range: 'bytes=-5' } });
        expect(ranged.status).toBe(206);
        expect(await ranged.text()).toBe('fghij');
        const head = await fetch(`${url}/v1/chunks/${hash}`, { method: 'HEAD', headers: auth });
        expect(head.status).toBe(200);
        expect(head.headers.get('content-length')).toBe('20');
        expect(await head.text()).toBe('');
      } finally {
        await hub.close();
      }
    });

    it('does not serve a chunk file that no committed publish recorded', async () => {
      const stray = enc(`left by a failed publish ${randomBytes(8).toString('hex')}`);
      const h = sha(stray);
      await mkdir(join(dir.path, 'chunks', h.slice(0, 2)), { recursive: true });
      await writeFile(join(dir.path, 'chunks', h.slice(0, 2), h), stray);
      const res = await read(`/v1/chunks/${h}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not-found');
    });

    it('removes chunk files no version records when it starts, except recent ones, and logs how many', async () => {
      const path = (h: string) => join(dir.path, 'chunks', h.slice(0, 2), h);
      const plant = async (label: string, ageHours: number) => {
        const bytes = enc(`${label} ${randomBytes(8).toString('hex')}`);
        const h = sha(bytes);
        await mkdir(join(dir.path, 'chunks', h.slice(0, 2)), { recursive: true });
        await writeFile(path(h), bytes);
        const when = new Date(Date.now() - ageHours * 3600 * 1000);
        await utimes(path(h), when, when);
        return h;
      };
      const old = await plant('orphan of a publish that failed yesterday', 24);
      const recent = await plant('orphan of a publish still running elsewhere', 0);
      const recorded = hash; // test.ranges' chunk
      await utimes(path(recorded), new Date(0), new Date(0));
      const lines: string[] = [];
      const log = new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      });

      const restarted = await buildHub({ db, dataDir: dir.path, now: () => clock, logger: { level: 'info', stream: log } });
      await restarted.close();

      await expect(stat(path(old))).rejects.toMatchObject({ code: 'ENOENT' });
      expect((await stat(path(recent))).isFile()).toBe(true);
      expect((await stat(path(recorded))).isFile()).toBe(true);
      expect(lines.join('')).toMatch(/"orphans":1\b.*removed 1 chunk file/);
    });

    it.each([
      ['/v1/chunks/../../etc/passwd', [400, 404]],
      ['/v1/chunks/..%2F..%2Fetc%2Fpasswd', [400]],
      ['/v1/chunks/%2e%2e%2fhub-key.json', [400]],
      [`/v1/chunks/${'A'.repeat(64)}`, [400]],
      [`/v1/chunks/${'0'.repeat(63)}`, [400]],
      [`/v1/chunks/${'0'.repeat(64)}`, [404]],
      ['/v1/packages/..%2F..%2Fx/manifest', [400]],
      ['/v1/packages/test.ranges/versions/0/manifest', [400]],
      ['/v1/packages/test.ranges/versions/abc/manifest', [400]],
      ['/v1/packages/test.ranges/versions/99/manifest', [404]],
      ['/v1/chunks/%zz', [400]],
      ['/v1/no-such-endpoint', [404]],
    ])('refuses %s without touching a file outside the store', async (url, statuses) => {
      const res = await read(url);
      expect(statuses).toContain(res.statusCode);
      expect(res.json().error.code).toMatch(/^(invalid-[a-z-]+|not-found|bad-request)$/);
      expect(res.body).not.toContain('privateKey');
    });
  });

  describe('proxies', () => {
    it('takes the audit origin from X-Forwarded-For only when told to trust the proxy', async () => {
      const headers = { 'content-type': RKP, 'x-forwarded-for': '203.0.113.7' };
      const before = (await countedLine('anonymous'))?.count ?? 0;
      await app.inject({ method: 'POST', url: '/v1/packages', headers, payload: Buffer.from('x') });
      expect((await countedLine('anonymous'))?.count).toBe(before + 1);
      expect(await countedLine('anonymous', '203.0.113.7')).toBeUndefined();

      const behindProxy = await buildHub({ db, dataDir: dir.path, now: () => clock, trustProxy: 'loopback' });
      try {
        await behindProxy.inject({ method: 'POST', url: '/v1/packages', headers, payload: Buffer.from('x') });
        expect(await countedLine('anonymous', '203.0.113.7')).toMatchObject({ result: 'denied', count: 1 });
      } finally {
        await behindProxy.close();
      }
    });
  });

  describe('restart', () => {
    it('keeps packages, chunks, users and the hub key after closing and reopening the database', async () => {
      const v1 = await publishedV1();
      const id = v1.manifest.packageId;
      const keyBefore = (await read('/v1/keys/hub')).json<PublicKeyFile>().keyid;
      const catalogBefore = parseCatalogBytes((await read('/v1/catalog')).rawPayload).packages;
      await app.close();
      await db.close();

      db = await database.open();
      app = await buildHub({ db, dataDir: dir.path, now: () => clock });
      expect((await read('/v1/keys/hub')).json<PublicKeyFile>().keyid).toBe(keyBefore);
      expect(parseCatalogBytes((await read('/v1/catalog')).rawPayload).packages).toEqual(catalogBefore);
      const manifest = await read(`/v1/packages/${id}/manifest`);
      expect(sha(manifest.rawPayload)).toBe(v1.manifestSha256);
      for (const ref of v1.manifest.chunks) expect((await read(`/v1/chunks/${ref.sha256}`)).statusCode).toBe(200);
      expect((await findUserByToken(db, advisorToken))?.role).toBe('advisor');

      clock = new Date('2026-12-01T12:00:00.000Z');
      const v2 = await makeRkp({ key: publisher.privateKey, packageId: id, version: 2 });
      expect((await publish(v2.rkp)).statusCode).toBe(201);
    });
  });
});
