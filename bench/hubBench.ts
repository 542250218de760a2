// The real hub for the benchmarks: buildHub on embedded PGlite in a temporary folder,
// listening on 127.0.0.1, with a publisher key and an advisor generated here; packages are
// published as .rkp over HTTP like `raadskaart publish` does. Also the chunk-throughput
// benchmark: the hub's GET /v1/chunks/<sha256> against a plain node:http file server
// serving the same files from disk, driven by bench/loadClient.ts in a separate process.
// Bench-only: loopback only; close() removes the temporary folder.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BuiltPackage } from '../src/shared/authoring/assemble';
import { addUser, upsertPublisherKey } from '../src/hub/accounts';
import { openChunkStore } from '../src/hub/chunkStore';
import type { HubDb } from '../src/hub/db';
import { openHubDb } from '../src/hub/db';
import { buildHub, RKP_MEDIA_TYPE } from '../src/hub/server';
import { sha256Hex } from '../src/shared/hash';
import type { PrivateKeyFile, PublicKeyFile, TrustedKey } from '../src/shared/keys';
import { generateKeyPair, trustedKeyOf } from '../src/shared/keys';
import { writeRkp } from '../src/shared/rkp';
import type { LoadConfig, LoadSample } from './loadClient';

const root = resolve(__dirname, '..');

export type BenchHub = {
  url: string;
  dataDir: string;
  signingKey: PrivateKeyFile;
  /** The trust entry a client pins for the bench publisher. */
  publisherTrust: TrustedKey;
  /** A council member's bearer token: the hub's read routes need one. */
  memberToken: string;
  publish(pkg: BuiltPackage): Promise<void>;
  /** Records a chunk put straight into the chunk store, as a committed publish would (the hub serves only recorded chunks). */
  recordChunk(sha256: string, size: number): Promise<void>;
  close(): Promise<void>;
};

export async function startBenchHub(): Promise<BenchHub> {
  const dataDir = await mkdtemp(join(tmpdir(), 'raadskaart-bench-hub-'));
  let db: HubDb | undefined;
  let app: FastifyInstance | undefined;
  try {
    db = await openHubDb({ dataDir });
    app = await buildHub({ db, dataDir });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('the bench hub is not listening');
    const url = `http://127.0.0.1:${address.port}`;
    const publisher: { privateKey: PrivateKeyFile; publicKey: PublicKeyFile } = await generateKeyPair();
    await upsertPublisherKey(db, { keyid: publisher.publicKey.keyid, publicKey: publisher.publicKey.publicKey, label: 'bench publisher', packageIds: null });
    const { token } = await addUser(db, { name: 'Bench Adviseur', role: 'advisor' });
    const { token: memberToken } = await addUser(db, { name: 'Bench Raadslid', role: 'member' });
    const hubDb = db;
    const hubApp = app;
    return {
      url,
      dataDir,
      signingKey: publisher.privateKey,
      publisherTrust: trustedKeyOf(publisher.publicKey, 'publisher', 'bench publisher'),
      memberToken,
      async publish(pkg) {
        const bySha = new Map(pkg.chunks.map((c) => [c.ref.sha256, c.bytes]));
        const rkp = await writeRkp(pkg.manifestBytes, (ref) => bySha.get(ref.sha256) ?? new Uint8Array(), pkg.manifest);
        const response = await fetch(`${url}/v1/packages`, {
          method: 'POST',
          headers: { 'content-type': RKP_MEDIA_TYPE, authorization: `Bearer ${token}` },
          body: rkp.slice(),
        });
        if (response.status !== 201) throw new Error(`publishing ${pkg.manifest.packageId} v${pkg.manifest.version}: HTTP ${response.status} ${await response.text()}`);
      },
      async recordChunk(sha256, size) {
        await hubDb.query('INSERT INTO chunks (sha256, size) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [sha256, size]);
      },
      async close() {
        try {
          await hubApp.close();
          await hubDb.close();
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await app?.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** A plain node:http server for `<chunksRoot>/<aa>/<sha256>` at /chunks/<sha256>: the baseline. */
async function startPlainChunkServer(chunksRoot: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const m = /^\/chunks\/([0-9a-f]{64})$/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const sha = m[1] as string;
    const file = join(chunksRoot, sha.slice(0, 2), sha);
    stat(file).then(
      (info) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': info.size });
        createReadStream(file)
          .on('error', () => res.destroy())
          .pipe(res);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('plain chunk server: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((err) => (err ? fail(err) : done()));
        server.closeAllConnections();
      }),
  };
}

function runLoadClient(cfg: LoadConfig): Promise<LoadSample[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'bench/loadClient.ts'), JSON.stringify(cfg)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(JSON.parse(out) as LoadSample[]) : fail(new Error(`load client exited with ${code}`))));
  });
}

export type ChunkThroughput = { chunks: number; chunkBytes: number; concurrency: number; passes: number; samples: LoadSample[] };

/** Stores `count` random chunks of `chunkBytes` in the hub's chunk store and measures both servers. */
export async function chunkThroughput(hub: BenchHub, opts: { count: number; chunkBytes: number; concurrency: number; passes: number; rounds: number }): Promise<ChunkThroughput> {
  const store = await openChunkStore(hub.dataDir);
  const shas: string[] = [];
  for (let i = 0; i < opts.count; i++) {
    const bytes = new Uint8Array(randomBytes(opts.chunkBytes));
    const sha = await sha256Hex(bytes);
    await store.put(sha, bytes);
    await hub.recordChunk(sha, bytes.byteLength);
    shas.push(sha);
  }
  const plain = await startPlainChunkServer(store.root);
  try {
    const samples = await runLoadClient({
      targets: [
        { name: 'hub', prefix: `${hub.url}/v1/chunks/`, headers: { authorization: `Bearer ${hub.memberToken}` } },
        { name: 'plain', prefix: `${plain.url}/chunks/` },
      ],
      shas,
      chunkBytes: opts.chunkBytes,
      concurrency: opts.concurrency,
      passes: opts.passes,
      rounds: opts.rounds,
    });
    return { chunks: opts.count, chunkBytes: opts.chunkBytes, concurrency: opts.concurrency, passes: opts.passes, samples };
  } finally {
    await plain.close();
  }
}
