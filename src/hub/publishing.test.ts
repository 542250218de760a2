// The publish pipeline under load, on each database backend: two publishes racing for one
// package id, the collection of old versions and chunks while another publish is still
// uploading a chunk it is about to record, the limit of publishes at once (503 busy), chunks
// streamed to the store in bounded pieces, and the size limit of chunks the content check
// reads. Uploads are held open on real sockets until the hub has pinned their chunks, so the
// interleavings are the ones the tests name, not a matter of timing.
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHECKED_CHUNK_BYTES } from '../shared/limits';
import { hugeZeroChunkRkp, ZERO_CHUNK_SHA256, ZERO_CHUNK_SIZE } from '../../tests/helpers/packages';
import { MAX_PIECE_BYTES } from '../shared/rkp';
import { addUser, upsertPublisherKey } from './accounts';
import { readAudit } from './audit';
import type { ChunkStore } from './chunkStore';
import { openChunkStore } from './chunkStore';
import type { HubDb } from './db';
import type { BuildHubOptions } from './server';
import { buildHub } from './server';
import { createPublishing } from './services/publishing';
import { createRetention } from './services/retention';
import type { KeyPair, MadePackage } from '../../tests/helpers/hub';
import { RKP, availableBackends, makeKeyPair, makeRkp, openUpload, rawResponse, tempDir, testDatabase, waitFor } from '../../tests/helpers/hub';

const enc = (s: string) => new TextEncoder().encode(s);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.each(availableBackends())('publishing on $name', (backend) => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let database: ReturnType<typeof testDatabase>;
  let db: HubDb;
  let publisher: KeyPair;
  let advisorToken: string;
  let memberToken: string;
  let packages = 0;
  const clock = new Date('2026-12-01T10:00:00.000Z');
  const hubs: FastifyInstance[] = [];

  beforeAll(async () => {
    dir = await tempDir();
    database = testDatabase(backend, dir.path);
    db = await database.open();
    publisher = await makeKeyPair();
    await upsertPublisherKey(db, { keyid: publisher.publicKey.keyid, publicKey: publisher.publicKey.publicKey, label: 'advisors', packageIds: null });
    advisorToken = (await addUser(db, { name: 'Anna Adviseur', role: 'advisor' })).token;
    memberToken = (await addUser(db, { name: 'Mo Raadslid', role: 'member' })).token;
  });

  afterAll(async () => {
    for (const hub of hubs) await hub.close();
    await db?.close();
    await database?.drop();
    await dir?.cleanup();
  });

  const freshId = () => `test.race-${++packages}`;

  /** A hub on this test's database and folder, listening on a loopback port. */
  const listening = async (options: Partial<BuildHubOptions> = {}) => {
    const hub = await buildHub({ db, dataDir: dir.path, now: () => clock, ...options });
    hubs.push(hub);
    const url = await hub.listen({ host: '127.0.0.1', port: 0 });
    return { hub, url };
  };

  const chunkFile = (h: string) => join(dir.path, 'chunks', h.slice(0, 2), h);
  const fileExists = (h: string) =>
    stat(chunkFile(h)).then(
      () => true,
      () => false,
    );
  const pinCount = async () => (await db.query<{ n: number }>('SELECT count(DISTINCT publish_id)::int AS n FROM chunk_pins'))[0]?.n ?? 0;
  const currentVersion = async (packageId: string) =>
    (await db.query<{ current_version: number }>('SELECT current_version FROM packages WHERE package_id = $1', [packageId]))[0]?.current_version;

  /**
   * Starts uploading `pkg` over a socket and sends all but its last byte: the hub has read the
   * manifest, pinned the chunks and streamed them, and waits for the end of the archive.
   */
  const heldUpload = async (url: string, pkg: MadePackage) => {
    const upload = await openUpload(url, advisorToken, pkg.rkp.length);
    upload.socket.write(pkg.rkp.subarray(0, pkg.rkp.length - 1));
    return {
      finish: async () => {
        upload.socket.write(pkg.rkp.subarray(pkg.rkp.length - 1));
        const answer = rawResponse(await upload.response);
        upload.socket.destroy();
        return answer;
      },
    };
  };

  /** Two publishes that both passed the version check against the same current version, then finished together. */
  const race = async (url: string, a: MadePackage, b: MadePackage) => {
    const pinsBefore = await pinCount();
    const first = await heldUpload(url, a);
    const second = await heldUpload(url, b);
    await waitFor('both publishes to pin their chunks', async () => (await pinCount()) === pinsBefore + 2);
    return Promise.all([first.finish(), second.finish()]);
  };

  /** Checks one race: one winner, the loser refused with version-not-newer, and the rows and files of exactly the winner. */
  const expectOneWinner = async (answers: { status: number; body: unknown }[], contenders: MadePackage[], version: number) => {
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409]);
    const lost = answers.find((a) => a.status === 409);
    expect((lost?.body as { error: { code: string } }).error.code).toBe('version-not-newer');
    const winner = contenders[answers.findIndex((a) => a.status === 201)] as MadePackage;
    const loser = contenders[answers.findIndex((a) => a.status === 409)] as MadePackage;
    const id = winner.manifest.packageId;

    const versions = await db.query<{ manifest_sha256: string }>('SELECT manifest_sha256 FROM package_versions WHERE package_id = $1 AND version = $2', [id, version]);
    expect(versions).toEqual([{ manifest_sha256: winner.manifestSha256 }]);
    expect(await currentVersion(id)).toBe(version);
    const listed = await db.query<{ sha256: string }>('SELECT sha256 FROM version_chunks WHERE package_id = $1 AND version = $2 ORDER BY sha256', [id, version]);
    expect(listed.map((r) => r.sha256)).toEqual([...new Set(winner.manifest.chunks.map((c) => c.sha256))].sort());
    for (const ref of winner.manifest.chunks) {
      expect(await db.query('SELECT 1 FROM chunks WHERE sha256 = $1', [ref.sha256])).toHaveLength(1);
      expect(await fileExists(ref.sha256)).toBe(true);
    }
    const losersOwn = loser.manifest.chunks.filter((c) => !winner.manifest.chunks.some((w) => w.sha256 === c.sha256));
    expect(losersOwn.length).toBeGreaterThan(0);
    for (const ref of losersOwn) {
      expect(await db.query('SELECT 1 FROM chunks WHERE sha256 = $1', [ref.sha256])).toEqual([]);
      expect(await fileExists(ref.sha256)).toBe(false);
    }
    expect(await pinCount()).toBe(0);
  };

  describe('two publishes racing for one package id', () => {
    it('lets one of two version 2 publishes win; the other is refused and leaves no trace but its audit line', async () => {
      const { url } = await listening();
      const id = freshId();
      const v1 = await makeRkp({ key: publisher.privateKey, packageId: id, version: 1 });
      const first = await heldUpload(url, v1);
      expect((await first.finish()).status).toBe(201);
      const contenders = await Promise.all(
        ['A', 'B'].map((who) => makeRkp({ key: publisher.privateKey, packageId: id, version: 2, chunks: [{ path: 'briefings/item-1.md', bytes: enc(`versie 2 van ${who}`) }] })),
      );

      const answers = await race(url, contenders[0] as MadePackage, contenders[1] as MadePackage);

      await expectOneWinner(answers, contenders, 2);
      const lines = (await readAudit(db, 10)).filter((l) => l.object === `${id}@2`);
      expect(lines.map((l) => l.result).sort()).toEqual(['ok', 'rejected']);
    });

    it('lets one of two first publishes of a new package win', async () => {
      const { url } = await listening();
      const id = freshId();
      const contenders = await Promise.all(
        ['A', 'B'].map((who) =>
          makeRkp({ key: publisher.privateKey, packageId: id, version: 1, chunks: [{ path: 'briefings/item-1.md', bytes: enc(`eerste versie van ${who}`) }] }),
        ),
      );

      const answers = await race(url, contenders[0] as MadePackage, contenders[1] as MadePackage);

      await expectOneWinner(answers, contenders, 1);
      expect(await db.query('SELECT package_id FROM packages WHERE package_id = $1', [id])).toHaveLength(1);
    });
  });

  describe('collecting old versions while a publish is under way', () => {
    it('never deletes a chunk another publish has pinned: it is kept, recorded by that publish and served whole', async () => {
      const { url } = await listening({ keepVersions: 1 });
      const shared = { path: 'layers/extra.bin', bytes: enc(`gedeeld door twee pakketten ${freshId()}`), mediaType: 'application/octet-stream' };
      const x = sha(shared.bytes);
      const a = freshId();
      const b = freshId();
      const aV1 = await makeRkp({ key: publisher.privateKey, packageId: a, version: 1, chunks: [shared] });
      expect((await (await heldUpload(url, aV1)).finish()).status).toBe(201);
      expect(await fileExists(x)).toBe(true);

      // B's publish reuses chunk X and is paused after pinning it (it found X's file and only hashed it)
      const bV1 = await makeRkp({ key: publisher.privateKey, packageId: b, version: 1, chunks: [shared] });
      const pinsBefore = await pinCount();
      const bUpload = await heldUpload(url, bV1);
      await waitFor('B to pin its chunks', async () => (await pinCount()) === pinsBefore + 1);

      // A version 2 no longer lists X: with keepVersions 1, A version 1 is retired and X is listed by no version
      const aV2 = await makeRkp({ key: publisher.privateKey, packageId: a, version: 2, chunks: [{ path: 'briefings/item-1.md', bytes: enc('zonder X') }] });
      expect((await (await heldUpload(url, aV2)).finish()).status).toBe(201);
      expect(await db.query('SELECT 1 FROM package_versions WHERE package_id = $1 AND version = 1', [a])).toEqual([]);
      expect(await db.query('SELECT 1 FROM version_chunks WHERE sha256 = $1', [x])).toEqual([]);
      // ... but B has pinned it: row and file stay
      expect(await db.query('SELECT 1 FROM chunks WHERE sha256 = $1', [x])).toHaveLength(1);
      expect(await fileExists(x)).toBe(true);

      expect((await bUpload.finish()).status).toBe(201);
      const served = await fetch(`${url}/v1/chunks/${x}`, { headers: { authorization: `Bearer ${memberToken}` } });
      expect(served.status).toBe(200);
      expect(sha(new Uint8Array(await served.arrayBuffer()))).toBe(x);
      expect(await pinCount()).toBe(0);
    });

    it('deletes a chunk no retained version lists and nobody pins, row and file', async () => {
      const { url } = await listening({ keepVersions: 1 });
      const id = freshId();
      const own = { path: 'layers/own.bin', bytes: enc(`alleen in versie 1 ${id}`), mediaType: 'application/octet-stream' };
      const v1 = await makeRkp({ key: publisher.privateKey, packageId: id, version: 1, chunks: [own] });
      expect((await (await heldUpload(url, v1)).finish()).status).toBe(201);
      const v2 = await makeRkp({ key: publisher.privateKey, packageId: id, version: 2 });
      expect((await (await heldUpload(url, v2)).finish()).status).toBe(201);
      expect(await db.query('SELECT 1 FROM chunks WHERE sha256 = $1', [sha(own.bytes)])).toEqual([]);
      expect(await fileExists(sha(own.bytes))).toBe(false);
      expect((await readAudit(db, 5)).map((l) => [l.action, l.object])).toContainEqual(['package.retire', `${id}@1`]);
    });
  });

  describe('limits', () => {
    it('runs at most maxConcurrentPublishes at once; a further one gets 503 busy with Retry-After and an audit line', async () => {
      const { hub, url } = await listening({ maxConcurrentPublishes: 1 });
      const id = freshId();
      const pinsBefore = await pinCount();
      const held = await heldUpload(url, await makeRkp({ key: publisher.privateKey, packageId: id, version: 1 }));
      await waitFor('the first publish to pin its chunks', async () => (await pinCount()) === pinsBefore + 1);

      const other = await makeRkp({ key: publisher.privateKey, packageId: freshId(), version: 1 });
      const busy = await hub.inject({
        method: 'POST',
        url: '/v1/packages',
        headers: { 'content-type': RKP, authorization: `Bearer ${advisorToken}` },
        payload: Buffer.from(other.rkp),
      });
      expect(busy.statusCode).toBe(503);
      expect(busy.json().error.code).toBe('busy');
      expect(busy.headers['retry-after']).toBe('30');
      expect((await readAudit(db, 1))[0]).toMatchObject({ action: 'package.publish', result: 'rejected', actor: 'Anna Adviseur', detail: busy.json().error.message });

      expect((await held.finish()).status).toBe(201);
      const after = await hub.inject({
        method: 'POST',
        url: '/v1/packages',
        headers: { 'content-type': RKP, authorization: `Bearer ${advisorToken}` },
        payload: Buffer.from(other.rkp),
      });
      expect(after.statusCode, after.body).toBe(201);
    });

    it('refuses a layer chunk larger than the content check reads, naming it, before parsing it', async () => {
      const { hub } = await listening();
      // valid GeoJSON, padded with spaces to one byte over the limit
      const big = new Uint8Array(MAX_CHECKED_CHUNK_BYTES + 1).fill(0x20);
      big.set(enc('{"type":"FeatureCollection","features":[]}'));
      const id = freshId();
      const withBigLayer = await makeRkp({ key: publisher.privateKey, packageId: id, version: 1, layerBytes: big });
      const res = await hub.inject({
        method: 'POST',
        url: '/v1/packages',
        headers: { 'content-type': RKP, authorization: `Bearer ${advisorToken}` },
        payload: Buffer.from(withBigLayer.rkp),
      });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.code).toBe('validation');
      expect(res.json().error.message).toMatch(/^layers\/buildings\.geojson: 67108865 bytes; .* up to 67108864 bytes \(64 MiB\) per chunk/);
      expect(await currentVersion(id)).toBeUndefined();
    });
  });

  describe('streaming', () => {
    it('writes a 512 MiB chunk to the store in pieces of at most MAX_PIECE_BYTES, never holding it whole', async () => {
      const store = await openChunkStore(dir.path);
      const pieces: number[] = [];
      // the real store, watched: every piece the publish hands it is recorded
      const watched: ChunkStore = {
        ...store,
        writer: async (sha256, size) => {
          const sink = await store.writer(sha256, size);
          return { ...sink, write: (piece) => (pieces.push(piece.byteLength), sink.write(piece)) };
        },
      };
      const retention = createRetention({ db, chunks: watched, now: () => clock });
      const hub = (await listening()).hub;
      const publishing = createPublishing({ db, chunks: watched, retention, now: () => clock, hubKeyId: 'f'.repeat(64), log: hub.log });
      const { rkp, manifest } = await hugeZeroChunkRkp({ keys: [publisher], packageId: freshId(), version: 1 });
      const user = { id: 0, name: 'Anna Adviseur', role: 'advisor' as const, partyGroup: null };
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(rkp);
          controller.close();
        },
      });

      const result = await publishing.publish(stream, user, { actor: user.name, object: 'package (unread)', origin: 'test' });

      expect(result).toMatchObject({ packageId: manifest.packageId, version: 1, chunks: manifest.chunks.length });
      expect(Math.max(...pieces)).toBeLessThanOrEqual(MAX_PIECE_BYTES);
      expect(pieces.reduce((a, b) => a + b, 0)).toBe(manifest.chunks.reduce((sum, c) => sum + c.size, 0));
      expect(pieces.length).toBeGreaterThanOrEqual(ZERO_CHUNK_SIZE / MAX_PIECE_BYTES);
      expect((await stat(chunkFile(ZERO_CHUNK_SHA256))).size).toBe(ZERO_CHUNK_SIZE);
      const fh = await open(chunkFile(ZERO_CHUNK_SHA256), 'r');
      try {
        const { buffer } = await fh.read(Buffer.alloc(16), 0, 16, ZERO_CHUNK_SIZE - 16);
        expect([...buffer]).toEqual(new Array(16).fill(0));
      } finally {
        await fh.close();
      }
    });
  });
});
