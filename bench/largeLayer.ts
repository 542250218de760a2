// `npm run bench`, third part (after bench/presenter.ts): a pre-tiled layer of 100,000 buildings
// in the presenter's workspace (issue 7, item 10). The demo source folder with its buildings
// replaced by 100,000 generated ones (bench/synthetic.ts) is packed by the packer's code
// (assemblePackage cuts the layer into vector tiles at its default thresholds) as version 2 of
// the demo, written as a .rkp and imported through "Pakketbestand importeren" into one
// persistent-profile Chromium. Then, alternated per round in that profile, the demo agenda item
// with the buildings shown and the same item without them (`layers=` of the view link):
//  1. time from navigation to the first idle map frame;
//  2. frame times while the map is panned with the mouse for a few seconds (requestAnimationFrame
//     deltas inside the page): the longest frame and the median.
// Writes bench/results/large-layer.json and its own section of BENCHMARKS.md (between markers,
// the rest of the file is left as the other parts wrote it). Never part of `npm test`. Only
// 127.0.0.1; the temporary folder and server are removed at the end, also on failure.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { assemblePackage } from '../src/shared/authoring/assemble';
import { folderSourceFiles } from '../src/node/sourceFolder';
import { writeRkp } from '../src/shared/rkp';
import { startStaticServer } from '../scripts/lib/staticServer';
import { countPixelsNear, openSession } from '../tests/e2e/browser';
import { buildingLayer } from './synthetic';

const root = resolve(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FEATURES = 100_000;
const PAN_MS = 8_000;
const FRAME_MS = 1000 / 60;
const ITEM = '#/p/nl.rotterdam.demo.delfshaven/a/herinrichting-delfshaven';
const MAP = '.workspace-map [data-map-state]';
const ROOF_RGB: [number, number, number] = [0xd4, 0xce, 0xc4];
/** The view link's layer groups without "buildings": the same map without the large layer. */
const WITHOUT = 'layers=interventions,labels,notes';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const worst = (xs: readonly number[]) => Math.max(...xs);
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

/** Version 2 of the demo with 100,000 generated buildings, tiled by the packer; returns the .rkp path and tile counts. */
async function buildPackage(work: string): Promise<{ rkpPath: string; bytes: number; bundles: number; minzoom: number; maxzoom: number }> {
  const source = join(work, 'delfshaven');
  cpSync(resolve(root, 'examples/delfshaven'), source, { recursive: true });
  const meta = JSON.parse(readFileSync(join(source, 'raadskaart.json'), 'utf8')) as { version: number; layers: { file: string }[] };
  meta.version = 2;
  writeFileSync(join(source, 'raadskaart.json'), JSON.stringify(meta, null, 2));
  writeFileSync(join(source, meta.layers[0]!.file), buildingLayer(0, FEATURES));
  const built = await assemblePackage(folderSourceFiles(source));
  const layer = built.index.layers[0];
  if (layer?.format !== 'vector-tiles') throw new Error(`the packer did not tile ${FEATURES} buildings`);
  const bytes = await writeRkp(built.manifestBytes, (ref) => built.chunks.find((c) => c.ref.sha256 === ref.sha256)!.bytes, built.manifest);
  const rkpPath = join(work, 'delfshaven-100k.rkp');
  writeFileSync(rkpPath, bytes);
  return { rkpPath, bytes: bytes.length, bundles: layer.bundles.length, minzoom: layer.minzoom, maxzoom: layer.maxzoom };
}

/** A full navigation to `url` (not a hash change); returns performance.now() of the first frame with the map idle. */
async function firstIdle(page: Page, url: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  return page
    .waitForFunction((sel) => (document.querySelector(sel)?.getAttribute('data-map-state') === 'idle' ? performance.now() : 0), MAP, { polling: 'raf', timeout: 300_000 })
    .then((h) => h.jsonValue());
}

/** Drags the map back and forth for PAN_MS while the page records every requestAnimationFrame delta. */
async function panFrames(page: Page): Promise<number[]> {
  const box = await page.locator(MAP).boundingBox();
  if (!box) throw new Error('the map has no box to pan');
  await page.evaluate(() => {
    const w = window as unknown as { benchFrames: number[]; benchStop: boolean };
    w.benchFrames = [];
    w.benchStop = false;
    let last = performance.now();
    const tick = (now: number) => {
      w.benchFrames.push(now - last);
      last = now;
      if (!w.benchStop) requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  });
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // One mouse move per step, so the pan stops after PAN_MS even when every frame is slow
  // (Playwright waits until the page has taken each input event).
  const STEPS = 30;
  const started = Date.now();
  for (let dir = 1; Date.now() - started < PAN_MS; dir = -dir) {
    await page.mouse.move(cx - dir * 150, cy - dir * 60);
    await page.mouse.down();
    for (let step = 1; step <= STEPS && Date.now() - started < PAN_MS; step++) {
      await page.mouse.move(cx - dir * 150 + (dir * 300 * step) / STEPS, cy - dir * 60 + (dir * 120 * step) / STEPS);
    }
    await page.mouse.up();
  }
  return page.evaluate(() => {
    const w = window as unknown as { benchFrames: number[]; benchStop: boolean };
    w.benchStop = true;
    return w.benchFrames;
  });
}

type Side = { firstIdle: number[]; longestFrame: number[]; medianFrame: number[]; frames: number[] };

const START = '<!-- large-layer-bench:start -->';
const END = '<!-- large-layer-bench:end -->';

async function main(): Promise<void> {
  for (const needed of ['out/renderer/index.html', 'out/renderer/demo/manifest.json']) {
    if (!existsSync(resolve(root, needed))) throw new Error(`${needed} is missing: run \`npm run bench\`, which builds it first.`);
  }
  const work = mkdtempSync(join(tmpdir(), 'raadskaart-bench-large-'));
  const app = await startStaticServer({ root: resolve(root, 'out/renderer'), port: 0, host: '127.0.0.1' });
  const session = await openSession();
  try {
    const t0 = performance.now();
    const pkg = await buildPackage(work);
    const packSeconds = (performance.now() - t0) / 1000;
    const { page, context } = session;
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(app.url);
    await page.getByText('versie 1').first().waitFor({ timeout: 120_000 });
    await page.getByRole('link', { name: 'Pakketten bijwerken' }).click();
    const i0 = performance.now();
    await page.getByLabel('Pakketbestand importeren').setInputFiles(pkg.rkpPath);
    await page
      .getByRole('status')
      .getByText(/bijgewerkt naar versie 2/)
      .waitFor({ timeout: 600_000 });
    const importSeconds = (performance.now() - i0) / 1000;

    const loadBefore = loadavg()[0] ?? 0;
    const sides: Record<'with' | 'without', Side> = {
      with: { firstIdle: [], longestFrame: [], medianFrame: [], frames: [] },
      without: { firstIdle: [], longestFrame: [], medianFrame: [], frames: [] },
    };
    let roofPixels = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
        const url = new URL(which === 'with' ? ITEM : `${ITEM}?${WITHOUT}`, app.url).href;
        const side = sides[which];
        side.firstIdle.push(await firstIdle(page, url));
        if (which === 'with' && round === 0) {
          roofPixels = (await countPixelsNear(page, MAP, ROOF_RGB, 6)).matching;
          if (roofPixels < 2000) throw new Error(`the 100,000 buildings are not on the map (${roofPixels} roof pixels)`);
        }
        const frames = await panFrames(page);
        side.longestFrame.push(worst(frames));
        side.medianFrame.push(median(frames));
        side.frames.push(frames.length);
      }
    }
    const load = [loadBefore, loadavg()[0] ?? 0];
    if (session.externalRequests.length) throw new Error(`requests left 127.0.0.1: ${session.externalRequests.join(', ')}`);

    const results = {
      date: new Date().toISOString(),
      rounds: ROUNDS,
      features: FEATURES,
      pkg: { ...pkg, rkpPath: undefined },
      packSeconds,
      importSeconds,
      load,
      roofPixels,
      sides,
    };
    mkdirSync(resolve(root, 'bench/results'), { recursive: true });
    writeFileSync(resolve(root, 'bench/results/large-layer.json'), JSON.stringify(results, null, 2));

    const w = sides.with;
    const wo = sides.without;
    const perRound = w.firstIdle.map((a, i) => a / (wo.firstIdle[i] ?? Number.NaN));
    const row = (label: string, pick: (s: Side) => number[], agg: (xs: number[]) => number) =>
      `| ${label} | ${ms(agg(pick(w)))} | ${ms(agg(pick(wo)))} | **${(agg(pick(w)) / agg(pick(wo))).toFixed(2)}** |`;
    const section = `${START}
### A pre-tiled layer of 100,000 buildings (issue 7)

Measured by bench/largeLayer.ts on ${results.date.slice(0, 10)}, same machine and Chromium, one persistent profile, 1280x720 window.
Version 2 of the demo with its buildings replaced by ${FEATURES.toLocaleString('en')} generated ones (bench/synthetic.ts), tiled by the packer at its
default thresholds (zoom ${pkg.minzoom}–${pkg.maxzoom}, ${pkg.bundles} tile bundles, .rkp ${(pkg.bytes / 1e6).toFixed(1)} MB; packing took ${packSeconds.toFixed(0)} s) and imported
through "Pakketbestand importeren" (${importSeconds.toFixed(0)} s). Then ${ROUNDS} rounds, alternated, of the demo agenda item with the buildings and the
same item without them (\`?${WITHOUT}\`): a full navigation until the first idle map frame, then ${PAN_MS / 1000} s of mouse drags across the
map while the page records every requestAnimationFrame delta (${median(w.frames)} frames per pan with the layer, ${median(wo.frames)} without).
Machine load (1-minute load average of the 2 cores) ${load.map((l) => l.toFixed(1)).join(' → ')}; SwiftShader (no GPU), so absolute times are inflated.

| figure (median over the rounds) | with 100,000 buildings | without | ratio |
|---|---|---|---|
${row('first idle frame after navigation', (s) => s.firstIdle, median)}
${row('longest frame while panning', (s) => s.longestFrame, median)}
${row('median frame while panning', (s) => s.medianFrame, median)}
${row('longest frame while panning, worst round', (s) => s.longestFrame, worst)}

Median of the per-round first-frame ratios: ${median(perRound).toFixed(2)}. One 60 Hz frame is ${ms(FRAME_MS)}.
${END}`;
    const file = resolve(root, 'BENCHMARKS.md');
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    const at = current.indexOf(START);
    const endAt = current.indexOf(END);
    const next = at >= 0 && endAt > at ? `${current.slice(0, at)}${section}${current.slice(endAt + END.length)}` : `${current.trimEnd()}\n\n${section}\n`;
    writeFileSync(file, next);
    console.log(section);
  } finally {
    await session.close();
    await app.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
