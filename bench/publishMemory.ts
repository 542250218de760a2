// Peak memory of the hub's publish and of `raadskaart verify` for the security review's case: a
// small .rkp (under 1 MB) whose manifest declares one 900 MiB chunk of zeros, signed by a key
// the hub trusts. Reports the hub process's resident memory (VmRSS) before, its peak (VmHWM)
// during, and its RSS after one publish and after two publishes at once, and the peak of a
// `verify` process. Linux only (reads /proc/<pid>/status). A measurement, not a test: it
// prints figures and asserts nothing. Bench-only: loopback only; removes its temporary folder.
//
//   npx tsx bench/publishMemory.ts            (about a minute; writes ~2 GiB to the temp folder)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultIndex } from '../tests/helpers/packageIndex';
import { canonicalJsonBytes } from '../src/shared/canonicalJson';
import type { PrivateKeyFile } from '../src/shared/keys';
import { generateKeyPair } from '../src/shared/keys';
import type { Manifest } from '../src/shared/packageFormat';
import { signDocument } from '../src/shared/signing';
import { encodeTarEnd, encodeTarHeader, paddingFor } from '../src/shared/tar';

const root = resolve(__dirname, '..');
const MiB = 1024 * 1024;
const CHUNK_SIZE = 900 * MiB;
const MEMBER = 64 * MiB;

/** sha256 of `size` zero bytes, hashed in 64 MiB steps. */
function zeroSha256(size: number): string {
  const hash = createHash('sha256');
  const zeros = Buffer.alloc(MEMBER);
  for (let left = size; left > 0; left -= MEMBER) hash.update(left >= MEMBER ? zeros : zeros.subarray(0, left));
  return hash.digest('hex');
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The .rkp: manifest, a valid index with its briefing and layer, then the zero chunk as a series of gzip members. */
async function hugeRkp(key: PrivateKeyFile, packageId: string): Promise<Buffer> {
  const files: [string, Uint8Array, string][] = [
    ['index.json', new TextEncoder().encode(JSON.stringify(defaultIndex())), 'application/json'],
    ['layers/buildings.geojson', new TextEncoder().encode('{"type":"FeatureCollection","features":[]}'), 'application/geo+json'],
    ['briefings/herinrichting.md', new TextEncoder().encode('# Herinrichting\n'), 'text/markdown'],
  ];
  const zeroSha = zeroSha256(CHUNK_SIZE);
  let manifest: Manifest = {
    formatVersion: 1,
    packageId,
    version: 1,
    title: 'Nullen',
    municipality: { statcode: 'GM0599', name: 'Rotterdam' },
    demo: false,
    created: '2026-01-01T00:00:00.000Z',
    expires: '2099-01-01T00:00:00.000Z',
    chunks: [
      ...files.map(([path, bytes, mediaType]) => ({ path, sha256: sha(bytes), size: bytes.length, mediaType })),
      { path: 'data/zeros.bin', sha256: zeroSha, size: CHUNK_SIZE, mediaType: 'application/octet-stream' },
    ],
    signatures: [],
  };
  manifest = await signDocument(manifest, key);
  const manifestBytes = canonicalJsonBytes(manifest);
  const head: Uint8Array[] = [encodeTarHeader({ name: 'manifest.json', size: manifestBytes.length }), manifestBytes, new Uint8Array(paddingFor(manifestBytes.length))];
  for (const [, bytes] of files) head.push(encodeTarHeader({ name: `chunks/${sha(bytes)}`, size: bytes.length }), bytes, new Uint8Array(paddingFor(bytes.length)));
  head.push(encodeTarHeader({ name: `chunks/${zeroSha}`, size: CHUNK_SIZE }));
  const members = [gzipSync(Buffer.concat(head))];
  const zeroMember = gzipSync(Buffer.alloc(MEMBER));
  for (let left = CHUNK_SIZE; left > 0; left -= MEMBER) members.push(left >= MEMBER ? zeroMember : gzipSync(Buffer.alloc(left)));
  members.push(gzipSync(encodeTarEnd()));
  return Buffer.concat(members);
}

/** VmRSS and VmHWM of a process, in MB (10^6 bytes). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: (kb('VmRSS') * 1024) / 1e6, peak: (kb('VmHWM') * 1024) / 1e6 };
}

/** Resets a process's peak (VmHWM) to its current RSS (Linux: write 5 to clear_refs). */
async function resetPeak(pid: number): Promise<void> {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
}

async function publish(url: string, token: string, body: Buffer): Promise<string> {
  const res = await fetch(`${url}/v1/packages`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.raadskaart.rkp', authorization: `Bearer ${token}` },
    body: new Uint8Array(body),
  });
  return `${res.status} ${(await res.text()).slice(0, 160)}`;
}

/** Polls a child's peak RSS until it exits; returns the last peak seen. */
function peakOfCommand(args: string[]): Promise<{ peak: number; code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let peak = 0;
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setInterval(() => {
      try {
        const seen = memoryOf(child.pid ?? 0).peak;
        if (Number.isFinite(seen)) peak = Math.max(peak, seen);
      } catch {
        // the process has just exited
      }
    }, 10);
    child.on('exit', (code) => {
      clearInterval(timer);
      done({ peak, code, out: out.trim().split('\n')[0] ?? '' });
    });
  });
}

/** The hub in this process (child mode): PGlite in DIR, trusting the key in DIR/publisher.json. */
async function runHub(dataDir: string): Promise<void> {
  const { openHubDb } = await import('../src/hub/db');
  const { buildHub } = await import('../src/hub/server');
  const { addUser, upsertPublisherKey } = await import('../src/hub/accounts');
  const db = await openHubDb({ dataDir });
  const app = await buildHub({ db, dataDir });
  const key = JSON.parse(await readFile(join(dataDir, 'publisher.json'), 'utf8')) as { keyid: string; publicKey: string };
  await upsertPublisherKey(db, { keyid: key.keyid, publicKey: key.publicKey, label: 'bench', packageIds: null });
  const { token } = await addUser(db, { name: 'Bench Adviseur', role: 'advisor' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, token })}\n`);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'hub') return runHub(process.argv[3] ?? '');
  const work = await mkdtemp(join(tmpdir(), 'raadskaart-publish-memory-'));
  try {
    const pair = await generateKeyPair();
    const dataDir = join(work, 'hub-data');
    await rm(dataDir, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(dataDir, { recursive: true }));
    await writeFile(join(dataDir, 'publisher.json'), JSON.stringify(pair.publicKey));
    await writeFile(join(work, 'publisher-public.json'), JSON.stringify(pair.publicKey));
    const rkps = await Promise.all(['bench.zeros-a', 'bench.zeros-b', 'bench.zeros-c'].map((id) => hugeRkp(pair.privateKey, id)));
    await writeFile(join(work, 'zeros.rkp'), rkps[0] as Buffer);
    console.log(`package file: ${((rkps[0] as Buffer).length / 1000).toFixed(0)} KB declaring one ${CHUNK_SIZE / MiB} MiB chunk`);

    const verify = await peakOfCommand([join(root, 'bin/raadskaart.mjs'), 'verify', join(work, 'zeros.rkp'), '--trust', join(work, 'publisher-public.json')]);
    console.log(`verify: exit ${verify.code}, peak RSS ${verify.peak.toFixed(0)} MB (${verify.out})`);

    const hub = spawn(process.execPath, ['--import', 'tsx', __filename, 'hub', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const { url, token } = await new Promise<{ url: string; token: string }>((done, fail) => {
        let out = '';
        hub.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const line = out.split('\n').find((l) => l.startsWith('{'));
          if (line) done(JSON.parse(line) as { url: string; token: string });
        });
        hub.once('exit', (code) => fail(new Error(`hub exited with ${code}`)));
      });
      const pid = hub.pid ?? 0;
      const idle = memoryOf(pid).rss;
      await resetPeak(pid);
      const one = await publish(url, token, rkps[0] as Buffer);
      const afterOne = memoryOf(pid);
      console.log(`hub, one publish: RSS before ${idle.toFixed(0)} MB, peak ${afterOne.peak.toFixed(0)} MB, after ${afterOne.rss.toFixed(0)} MB (${one})`);
      await resetPeak(pid);
      const before = memoryOf(pid).rss;
      const two = await Promise.all([publish(url, token, rkps[1] as Buffer), publish(url, token, rkps[2] as Buffer)]);
      await new Promise((done) => setTimeout(done, 2000));
      const afterTwo = memoryOf(pid);
      console.log(`hub, two at once: RSS before ${before.toFixed(0)} MB, peak ${afterTwo.peak.toFixed(0)} MB, after ${afterTwo.rss.toFixed(0)} MB (${two.join('; ')})`);
    } finally {
      hub.kill('SIGTERM');
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
