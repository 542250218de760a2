// `npm run bench`, second part (after bench/run.ts): the presenter's workspace of issue 7 in
// Debian's Chromium through the web host, each figure measured side by side in one run:
//  1. first idle frame of the demo agenda item in the app (second start: the demo installed)
//     against the bare map page (bench/page/baremap.ts: the same map module and engine on an empty
//     page), alternated per round, both from the app's own static server code;
//  2. scenario switch: a click on another scenario until the indicator table shows it and until
//     the map is idle (the camera flies to the new extent in 600 ms);
//  3. compare mode: a click on "Naast elkaar" / "Raster" until every map is idle;
//  4. audience follow latency: a scenario change in the presenter's window until the audience
//     window's map shows it and is idle (median and worst of 20), against the presenter's own map;
//  5. the what-if recompute (src/shared/scenario/whatIf.ts) for 1,000 interventions and 20
//     indicators, in Node, against one 16.7 ms frame.
// Timings come from performance.now() inside the pages (rAF polling, so within one frame).
// Writes bench/results/presenter.json and its section of BENCHMARKS.md (between markers, the
// rest of the file is left as bench/run.ts wrote it). Never part of `npm test`. Only 127.0.0.1.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startStaticServer } from '../scripts/lib/staticServer';
import { createWhatIfModel } from '../src/shared/scenario/whatIf';
import type { ScenarioInterventions, WhatIfIndicator } from '../src/shared/scenario/whatIf';
import type { ShownView } from '../src/shared/view/presentationView';
import { openSession } from '../tests/e2e/browser';

const root = resolve(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FOLLOW_ACTIONS = 20;
const FRAME_MS = 1000 / 60;
const ITEM = '#/p/nl.rotterdam.demo.delfshaven/a/herinrichting-delfshaven';
const SCENARIOS = [
  { id: 'groen', title: 'Groen en klimaatadaptief' },
  { id: 'verdichting', title: 'Verdichting met nieuwe woningen' },
] as const;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const worst = (xs: readonly number[]) => Math.max(...xs);
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

/** Waits until `count` maps on the page are idle; returns performance.now() of that frame. */
function idleAt(page: Page, selector: string, count = 1): Promise<number> {
  return page
    .waitForFunction(
      ({ selector, count }) => {
        const maps = [...document.querySelectorAll(selector)];
        return maps.length >= count && maps.every((m) => m.getAttribute('data-map-state') === 'idle') ? performance.now() : 0;
      },
      { selector, count },
      { polling: 'raf', timeout: 120_000 },
    )
    .then((h) => h.jsonValue());
}

/**
 * Clicks the radio whose label contains `label`, then returns how long until `ready()` holds and
 * until every map (at least `maps`) is idle after having left idle: measured inside the page.
 */
function clickAndTime(page: Page, args: { label: string; caption?: string; maps: number; selector: string }): Promise<{ readyMs: number; idleMs: number }> {
  return page.evaluate(
    ({ label, caption, maps, selector }) =>
      new Promise<{ readyMs: number; idleMs: number }>((done, fail) => {
        const input = [...document.querySelectorAll<HTMLInputElement>('input[type=radio]')].find((i) => i.closest('label')?.textContent?.includes(label));
        if (!input) return fail(new Error(`no radio labelled ${label}`));
        const t0 = performance.now();
        input.click();
        let readyAt: number | undefined;
        let left = false;
        const tick = () => {
          const now = performance.now();
          if (now - t0 > 60_000) return fail(new Error(`no idle map after clicking ${label}`));
          const captions = [...document.querySelectorAll('.workspace-right table caption')].map((c) => c.textContent ?? '');
          if (readyAt === undefined && (caption === undefined || captions.some((c) => c.includes(caption)))) readyAt = now;
          const all = [...document.querySelectorAll(selector)];
          if (all.some((m) => m.getAttribute('data-map-state') !== 'idle')) left = true;
          if (readyAt !== undefined && left && all.length >= maps && all.every((m) => m.getAttribute('data-map-state') === 'idle'))
            done({ readyMs: readyAt - t0, idleMs: now - t0 });
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    args,
  );
}

async function firstFrames(appUrl: string, bareUrl: string): Promise<{ app: number[]; bare: number[] }> {
  const app: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of round % 2 === 0 ? (['app', 'bare'] as const) : (['bare', 'app'] as const)) {
      const session = await openSession();
      try {
        const { page } = session;
        await page.setViewportSize({ width: 1280, height: 720 });
        const selector = which === 'app' ? '.workspace-map [data-map-state]' : '#map[data-map-state]';
        await page.goto(which === 'app' ? new URL(ITEM, appUrl).href : new URL('baremap.html', bareUrl).href);
        await idleAt(page, selector); // first start: installs the demo (app), fills the HTTP cache (both)
        await page.reload();
        (which === 'app' ? app : bare).push(await idleAt(page, selector));
        if (session.externalRequests.length) throw new Error(`requests left 127.0.0.1: ${session.externalRequests.join(', ')}`);
      } finally {
        await session.close();
      }
    }
  }
  return { app, bare };
}

async function workspaceFlows(
  appUrl: string,
): Promise<{ switchTable: number[]; switchIdle: number[]; sideBySide: number[]; grid: number[]; follow: number[]; presenterOwn: number[] }> {
  const session = await openSession();
  const out = { switchTable: [] as number[], switchIdle: [] as number[], sideBySide: [] as number[], grid: [] as number[], follow: [] as number[], presenterOwn: [] as number[] };
  const MAPS = '.workspace-map [data-map-state]';
  try {
    const { page, context } = session;
    // tsx keeps function names with a __name helper that the pages do not have: give every page one.
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(new URL(`${ITEM}?show=groen`, appUrl).href);
    await idleAt(page, MAPS);

    for (let i = 0; i < 2 * ROUNDS; i++) {
      const to = SCENARIOS[(i + 1) % 2]!;
      const t = await clickAndTime(page, { label: to.title, caption: to.title, maps: 1, selector: MAPS });
      out.switchTable.push(t.readyMs);
      out.switchIdle.push(t.idleMs);
    }
    for (let i = 0; i < ROUNDS; i++) {
      out.sideBySide.push((await clickAndTime(page, { label: 'Naast elkaar', maps: 2, selector: MAPS })).idleMs);
      await clickAndTime(page, { label: 'Eén kaart', maps: 1, selector: MAPS });
      out.grid.push((await clickAndTime(page, { label: 'Raster', maps: 2, selector: MAPS })).idleMs);
      await clickAndTime(page, { label: 'Eén kaart', maps: 1, selector: MAPS });
    }

    // The audience window: a scenario change in the presenter's window until the audience's map has drawn it.
    const opened = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Presenteren' }).click();
    const audience = await opened;
    await audience.setViewportSize({ width: 1280, height: 720 });
    await audience.locator('.audience-screen').waitFor({ timeout: 60_000 });
    await idleAt(audience, '[data-map-state]');
    for (let i = 0; i < FOLLOW_ACTIONS; i++) {
      const to = SCENARIOS[i % 2 === 0 ? 1 : 0]!;
      const shown = audience.evaluate(
        (id) =>
          new Promise<number>((done, fail) => {
            const t0 = performance.now();
            let left = false;
            const tick = () => {
              const now = performance.now();
              if (now - t0 > 60_000) return fail(new Error(`the audience never showed ${id}`));
              const screen = document.querySelector('.audience-screen');
              const maps = [...document.querySelectorAll('[data-map-state]')];
              const showing = new URLSearchParams(screen?.getAttribute('data-view') ?? '').get('show') === id;
              if (showing && maps.some((m) => m.getAttribute('data-map-state') !== 'idle')) left = true;
              if (showing && left && maps.length > 0 && maps.every((m) => m.getAttribute('data-map-state') === 'idle')) done(performance.timeOrigin + now);
              else requestAnimationFrame(tick);
            };
            requestAnimationFrame(tick);
          }),
        to.id,
      );
      const startAt = await page.evaluate(() => performance.timeOrigin + performance.now());
      const own = await clickAndTime(page, { label: to.title, caption: to.title, maps: 1, selector: MAPS });
      out.follow.push((await shown) - startAt);
      out.presenterOwn.push(own.idleMs);
    }
    if (session.externalRequests.length) throw new Error(`requests left 127.0.0.1: ${session.externalRequests.join(', ')}`);
  } finally {
    await session.close();
  }
  return out;
}

/** 1,000 interventions in 10 scenarios, 20 indicators (14 additive with a contribution per intervention, 6 model-based). */
function whatIfBench(): { create: number; oneOff: number[]; halfOff: number[]; composition: number[] } {
  const scenarios: ScenarioInterventions[] = Array.from({ length: 10 }, (_, s) => ({ id: `s${s}`, interventionIds: Array.from({ length: 100 }, (_, i) => `s${s}-iv${i}`) }));
  const indicators: WhatIfIndicator[] = Array.from({ length: 20 }, (_, k) => {
    const additive = k < 14;
    return {
      id: `ind${k}`,
      baseline: 1000 + k,
      values: Object.fromEntries(scenarios.map((s, i) => [s.id, 2000 + k + i])),
      additive,
      ...(additive ? { contributions: Object.fromEntries(scenarios.map((s) => [s.id, Object.fromEntries(s.interventionIds.map((id, i) => [id, (i % 7) + k]))])) } : {}),
    };
  });
  const t0 = performance.now();
  const model = createWhatIfModel(indicators, scenarios);
  const create = performance.now() - t0;
  const all = scenarios.flatMap((s) => s.interventionIds);
  const views: { key: 'oneOff' | 'halfOff' | 'composition'; view: (i: number) => ShownView }[] = [
    { key: 'oneOff', view: (i) => ({ kind: 'scenario', scenarioId: `s${i % 10}`, off: [`s${i % 10}-iv${i % 100}`] }) },
    { key: 'halfOff', view: (i) => ({ kind: 'scenario', scenarioId: `s${i % 10}`, off: scenarios[i % 10]!.interventionIds.slice(0, 50) }) },
    { key: 'composition', view: (i) => ({ kind: 'composition', interventionIds: all.filter((_, j) => j % 2 === i % 2 || j % 3 === 0) }) },
  ];
  const out = { create, oneOff: [] as number[], halfOff: [] as number[], composition: [] as number[] };
  let sink = 0;
  for (const { key, view } of views) {
    for (let i = 0; i < 50; i++) sink += model.outcomes(view(i)).length; // warm-up
    for (let i = 0; i < 500; i++) {
      const v = view(i);
      const start = performance.now();
      const outcomes = model.outcomes(v);
      out[key].push(performance.now() - start);
      sink += outcomes.length;
    }
  }
  if (sink === 0) throw new Error('the what-if model returned nothing');
  return out;
}

const START = '<!-- presenter-bench:start -->';
const END = '<!-- presenter-bench:end -->';

async function main(): Promise<void> {
  for (const needed of ['out/renderer/index.html', 'out/renderer/demo/manifest.json', 'build/generated/bench/baremap.html']) {
    if (!existsSync(resolve(root, needed))) throw new Error(`${needed} is missing: run \`npm run bench\`, which builds it first.`);
  }
  const whatIf = whatIfBench();
  const app = await startStaticServer({ root: resolve(root, 'out/renderer'), port: 0, host: '127.0.0.1' });
  const bare = await startStaticServer({ root: resolve(root, 'build/generated/bench'), port: 0, host: '127.0.0.1' });
  try {
    const loadBefore = loadavg()[0] ?? 0;
    const frames = await firstFrames(app.url, bare.url);
    const flows = await workspaceFlows(app.url);
    const load = [loadBefore, loadavg()[0] ?? 0];
    const mainBundle = readFileSync(resolve(root, 'out/renderer/index.html'), 'utf8').match(/assets\/index-[^"]+\.js/)?.[0];
    const mainBytes = mainBundle ? readFileSync(resolve(root, 'out/renderer', mainBundle)).length : 0;
    const appMs = median(frames.app);
    const bareMs = median(frames.bare);
    const perRound = frames.app.map((a, i) => a / (frames.bare[i] ?? Number.NaN));
    const results = { date: new Date().toISOString(), rounds: ROUNDS, load, frames, flows, whatIf, mainBundleBytes: mainBytes };
    mkdirSync(resolve(root, 'bench/results'), { recursive: true });
    writeFileSync(resolve(root, 'bench/results/presenter.json'), JSON.stringify(results, null, 2));

    const section = `${START}
## Presenter's workspace (issue 7)

Measured by bench/presenter.ts on ${results.date.slice(0, 10)}, same machine and Chromium as above, 1280x720 windows, the demo agenda item.
${ROUNDS} rounds; machine load (1-minute load average of the 2 cores) ${load.map((l) => l.toFixed(1)).join(' → ')}.

First idle frame of the demo item (second start, demo installed), against a bare page that draws the same opening view
with the same map module and engine and nothing else (bench/page/baremap.ts). Alternated per round, each in a fresh profile,
both from the app's static server. Main bundle (\`${mainBundle ?? '?'}\`) ${(mainBytes / 1e6).toFixed(2)} MB; the map engine, the
compare and presentation screens and the charts are separate chunks loaded when needed.

| page | median | ratio |
|---|---|---|
| bare map page | ${ms(bareMs)} | 1.00 |
| app, demo agenda item | ${ms(appMs)} | **${(appMs / bareMs).toFixed(2)}** (median of per-round ratios ${median(perRound).toFixed(2)}; aim 1.2 or less) |

Workspace flows (in-page timings from the click; ratios to the bare page's first frame above, measured in the same run):

| flow | median | worst | ratio to bare first frame |
|---|---|---|---|
| scenario switch until the indicator table shows it (${flows.switchTable.length}×) | ${ms(median(flows.switchTable))} | ${ms(worst(flows.switchTable))} | ${(median(flows.switchTable) / bareMs).toFixed(2)} |
| scenario switch until the map is idle (includes the 600 ms flight to the new extent) | ${ms(median(flows.switchIdle))} | ${ms(worst(flows.switchIdle))} | ${(median(flows.switchIdle) / bareMs).toFixed(2)} |
| "Naast elkaar" until both maps are idle (${flows.sideBySide.length}×) | ${ms(median(flows.sideBySide))} | ${ms(worst(flows.sideBySide))} | ${(median(flows.sideBySide) / bareMs).toFixed(2)} |
| "Raster" until every map is idle (${flows.grid.length}×) | ${ms(median(flows.grid))} | ${ms(worst(flows.grid))} | ${(median(flows.grid) / bareMs).toFixed(2)} |

Audience follow latency: a scenario change in the presenter's window until the audience window's map shows it and is idle
(${flows.follow.length} changes; both windows in one Chromium, so they share the 2 cores), against the presenter's own map for the same change:

| what | median | worst |
|---|---|---|
| presenter's own map idle | ${ms(median(flows.presenterOwn))} | ${ms(worst(flows.presenterOwn))} |
| audience map idle | ${ms(median(flows.follow))} | ${ms(worst(flows.follow))} |
| ratio audience / presenter (medians) | ${(median(flows.follow) / median(flows.presenterOwn)).toFixed(2)} | |

What-if recompute (createWhatIfModel of src/shared/scenario/whatIf.ts in Node 22) for 1,000 interventions in 10 scenarios and
20 indicators (14 additive with a declared contribution per intervention, 6 model-based); 500 recomputes per case after a warm-up.
Preparing the model once: ${ms(whatIf.create)}.

| view recomputed | median | worst | median / 16.7 ms frame |
|---|---|---|---|
| scenario with one intervention off | ${ms(median(whatIf.oneOff))} | ${ms(worst(whatIf.oneOff))} | ${(median(whatIf.oneOff) / FRAME_MS).toFixed(4)} |
| scenario with 50 of its 100 off | ${ms(median(whatIf.halfOff))} | ${ms(worst(whatIf.halfOff))} | ${(median(whatIf.halfOff) / FRAME_MS).toFixed(4)} |
| composition of about 670 interventions from all 10 scenarios | ${ms(median(whatIf.composition))} | ${ms(worst(whatIf.composition))} | ${(median(whatIf.composition) / FRAME_MS).toFixed(4)} |

The first frame and panning with a pre-tiled layer of 100,000 buildings: bench/largeLayer.ts, next section.
${END}`;
    const file = resolve(root, 'BENCHMARKS.md');
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    const at = current.indexOf(START);
    const endAt = current.indexOf(END);
    const next = at >= 0 && endAt > at ? `${current.slice(0, at)}${section}${current.slice(endAt + END.length)}` : `${current.trimEnd()}\n\n${section}\n`;
    writeFileSync(file, next);
    console.log(section);
  } finally {
    await app.close();
    await bare.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
