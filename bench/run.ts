// `npm run bench`: measures in Debian's Chromium (persistent profiles, as on a real laptop)
//  1. time from navigation to the first idle map frame of the demo agenda item, on a first
//     start (includes installing the demo) and on a second start (already installed);
//  2. installing the demo package with the app's installer against a raw Dexie bulkPut of
//     the same bytes, alternated in one page (a ratio, robust to a noisy shared machine).
// Writes bench/results/latest.json and BENCHMARKS.md. Never part of `npm test`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSession } from '../tests/e2e/browser';
import { startStaticServer } from '../scripts/lib/staticServer.mjs';
import { Manifest, PackageIndex, INDEX_PATH } from '../src/shared/packageFormat';

const root = resolve(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function demoRoute(): string {
  const demo = resolve(root, 'build/generated/public/demo');
  const manifest = Manifest.parse(JSON.parse(readFileSync(resolve(demo, 'manifest.json'), 'utf8')));
  const ref = manifest.chunks.find((c) => c.path === INDEX_PATH);
  if (!ref) throw new Error('demo manifest lists no index.json');
  const index = PackageIndex.parse(JSON.parse(readFileSync(resolve(demo, 'chunks', ref.sha256), 'utf8')));
  const item = index.meetings[0]!.agendaItems[0]!;
  return `#/p/${encodeURIComponent(manifest.packageId)}/a/${encodeURIComponent(item.id)}`;
}

async function firstFrame(appUrl: string, route: string): Promise<{ firstStartMs: number; secondStartMs: number }> {
  const session = await openSession();
  try {
    const { page } = session;
    const idleAt = () =>
      page
        .waitForFunction(() => (document.querySelector('[data-map-state="idle"]') ? performance.now() : 0), undefined, { polling: 'raf', timeout: 120_000 })
        .then((h) => h.jsonValue());
    await page.goto(new URL(route, appUrl).href);
    const firstStartMs = await idleAt();
    await page.reload();
    const secondStartMs = await idleAt();
    if (session.externalRequests.length) throw new Error(`requests left 127.0.0.1: ${session.externalRequests.join(', ')}`);
    return { firstStartMs, secondStartMs };
  } finally {
    await session.close();
  }
}

async function installVsRaw(benchUrl: string): Promise<{ rounds: { installMs: number; rawMs: number }[]; bytes: number; chunkCount: number }> {
  const session = await openSession();
  try {
    await session.page.goto(new URL('index.html', benchUrl).href);
    await session.page.waitForFunction(() => 'runInstallBench' in window);
    return await session.page.evaluate((n) => (window as unknown as { runInstallBench(n: number): Promise<{ rounds: { installMs: number; rawMs: number }[]; bytes: number; chunkCount: number }> }).runInstallBench(n), ROUNDS);
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const app = await startStaticServer({ root: resolve(root, 'out/renderer'), port: 0, host: '127.0.0.1' });
  const bench = await startStaticServer({ root: resolve(root, 'build/generated/bench'), port: 0, host: '127.0.0.1' });
  try {
    const route = demoRoute();
    const frames: { firstStartMs: number; secondStartMs: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) frames.push(await firstFrame(app.url, route));
    const install = await installVsRaw(bench.url);

    const firstStart = median(frames.map((f) => f.firstStartMs));
    const secondStart = median(frames.map((f) => f.secondStartMs));
    const installMs = median(install.rounds.map((r) => r.installMs));
    const rawMs = median(install.rounds.map((r) => r.rawMs));
    const results = {
      date: new Date().toISOString(),
      machine: 'Debian 12, 2 cores, Chromium via playwright-core, SwiftShader WebGL, persistent profiles',
      rounds: ROUNDS,
      mapFirstIdleFrame: { firstStartMedianMs: firstStart, secondStartMedianMs: secondStart, secondOverFirst: secondStart / firstStart, samples: frames },
      demoInstall: {
        bytes: install.bytes,
        chunks: install.chunkCount,
        installMedianMs: installMs,
        rawBulkPutMedianMs: rawMs,
        installThroughputOverRaw: rawMs / installMs,
        samples: install.rounds,
      },
    };
    mkdirSync(resolve(root, 'bench/results'), { recursive: true });
    writeFileSync(resolve(root, 'bench/results/latest.json'), JSON.stringify(results, null, 2) + '\n');
    const f = (ms: number) => `${ms.toFixed(0)} ms`;
    const md = `# Benchmarks

Measured by \`npm run bench\` (bench/run.ts) on ${results.date.slice(0, 10)}: ${results.machine}.
Medians of ${ROUNDS} rounds; every ratio compares two things measured side by side in the same run.
Raw numbers: bench/results/latest.json (not committed; re-run to reproduce).

## Map: navigation to the first idle frame of the demo agenda item

| start | median |
|---|---|
| first start (fresh profile: installs the demo, then draws) | ${f(firstStart)} |
| second start (demo already installed) | ${f(secondStart)} |
| ratio second / first | ${(secondStart / firstStart).toFixed(2)} |

## Demo install against a raw Dexie bulkPut of the same bytes

${install.chunkCount} chunks, ${(install.bytes / 1e6).toFixed(2)} MB. The installer parses and validates the
manifest and index, verifies every chunk's SHA-256, writes chunks and index rows in one transaction
and collects unreferenced chunks; the raw bulkPut only writes the chunk bytes.

| what | median |
|---|---|
| app installer (bytes already in memory) | ${f(installMs)} |
| raw Dexie bulkPut of the same chunks | ${f(rawMs)} |
| throughput ratio (raw time / install time; 1.0 = as fast as raw) | ${(rawMs / installMs).toFixed(2)} |
`;
    writeFileSync(resolve(root, 'BENCHMARKS.md'), md);
    console.log(md);
  } finally {
    await app.close();
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
