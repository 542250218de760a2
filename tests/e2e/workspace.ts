// Helpers for the end-to-end tests of the presenter's workspace (issue 7): open the demo agenda
// item with a view query, wait until every map on the page has drawn, read the view back from
// the address, and count pixels of a screenshot by colour class, so "the map shows it" is
// proven by what the compositor shows, never by asking the map engine.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const DEMO_ITEM = '#/p/nl.rotterdam.demo.delfshaven/a/herinrichting-delfshaven';

/** The demo's scenarios and their interventions, from the source folder (what the package holds). */
export type DemoIntervention = { id: string; title: string; kind: string };
export function demoScenarios(): { id: string; title: string; interventions: DemoIntervention[] }[] {
  const folder = resolve(__dirname, '../../examples/delfshaven');
  const list = JSON.parse(readFileSync(resolve(folder, 'scenarios.json'), 'utf8')) as { scenarios: { id: string; title: string; file: string }[] };
  return list.scenarios.map((s) => {
    const collection = JSON.parse(readFileSync(resolve(folder, s.file), 'utf8')) as { features: { properties: DemoIntervention }[] };
    return { id: s.id, title: s.title, interventions: collection.features.map((f) => ({ id: f.properties.id, title: f.properties.title, kind: f.properties.kind })) };
  });
}

/** Opens the demo agenda item with `query` (the part after `?`) and waits until its maps are drawn. */
export async function openItem(page: Page, baseUrl: string, query = ''): Promise<void> {
  await page.goto(`${baseUrl}${DEMO_ITEM}${query ? `?${query}` : ''}`);
  await page.getByRole('heading', { level: 1, name: 'Herinrichting Delfshaven' }).waitFor({ timeout: 90_000 });
  await mapsIdle(page);
}

/** Waits until the page has at least `count` maps and every one of them is idle (drawn what it was given). */
export async function mapsIdle(page: Page, count = 1): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const maps = [...document.querySelectorAll('[data-map-state]')];
      return maps.length >= n && maps.every((m) => m.getAttribute('data-map-state') === 'idle');
    },
    count,
    { timeout: 90_000, polling: 100 },
  );
}

/** The view query in the page's address (after `?`), as URLSearchParams. */
export async function viewParams(page: Page): Promise<URLSearchParams> {
  const hash = await page.evaluate(() => window.location.hash);
  return new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
}

/**
 * Colour classes of rendered map pixels. The interventions are drawn in palette.ts colours,
 * partly translucent over the light ground and lit in 3D; buildings and labels are grey,
 * black or white, so a class says which kind of intervention a pixel belongs to.
 */
export const COLOUR_CLASSES = ['green', 'blue', 'red', 'purple', 'orange', 'darkred'] as const;
export type ColourClass = (typeof COLOUR_CLASSES)[number];

/** The colour class each intervention kind is drawn in. */
export const KIND_CLASS: Record<string, ColourClass> = {
  park: 'green',
  trees: 'green',
  water: 'blue',
  housing: 'red',
  'speed-zone': 'purple',
  'car-free': 'orange',
  'bike-route': 'darkred',
  parking: 'blue',
};

/** The app's own controls drawn over a map (toolbar, zoom buttons, captions, divider): not the map's pixels. */
const UI_OVER_MAP = '.map-toolbar, .maplibregl-ctrl, .map-area__caption, .swipe-divider';
function uiOverMap(page: Page): Locator[] {
  return [page.locator(UI_OVER_MAP)];
}
const MASK_COLOUR = '#888888';

/**
 * A screenshot of a map with the app's controls over it hidden for the shot: only what the map
 * draws, so two maps' shots compare like for like (a mask would paint a control's place on one
 * of them). Hidden through the CSSOM: the app's CSP refuses an injected style sheet.
 */
export async function mapScreenshot(target: Locator): Promise<Buffer> {
  const page = target.page();
  const hide = (hidden: boolean) =>
    page.evaluate(
      ({ selector, hidden }) => {
        for (const el of document.querySelectorAll<HTMLElement>(selector)) el.style.visibility = hidden ? 'hidden' : '';
      },
      { selector: UI_OVER_MAP, hidden },
    );
  await hide(true);
  try {
    return await target.screenshot();
  } finally {
    await hide(false);
  }
}

/**
 * Pixels of each colour class in a screenshot of `target` (decoded in a scratch page, the app
 * page untouched). The app's own buttons over the map (toolbar, zoom buttons, captions,
 * divider) are painted grey first: their colours are the UI's, not the map's.
 */
export async function colourCounts(page: Page, target: Locator, clip?: { x: number; y: number; width: number; height: number }): Promise<Record<ColourClass | 'dark', number>> {
  const mask = uiOverMap(page);
  const png = clip ? await page.screenshot({ clip, mask, maskColor: MASK_COLOUR }) : await target.screenshot({ mask, maskColor: MASK_COLOUR });
  const scratch = await page.context().newPage();
  try {
    return await scratch.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const counts = { green: 0, blue: 0, red: 0, purple: 0, orange: 0, darkred: 0, dark: 0 };
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i] ?? 0;
        const g = data[i + 1] ?? 0;
        const b = data[i + 2] ?? 0;
        if (r < 90 && g < 90 && b < 90) counts.dark++;
        else if (g - r > 25 && g - b > 15) counts.green++;
        else if (b - r > 50 && b >= g - 10 && g - r > 20) counts.blue++;
        else if (b - g > 35 && r - g > 25) counts.purple++;
        else if (r - g > 50 && g - b > 40 && r > 150) counts.orange++;
        else if (r - g > 70 && r - b > 70 && r >= 130) counts.red++;
        else if (r - g > 40 && r - b > 30 && r < 130) counts.darkred++;
      }
      return counts;
    }, png.toString('base64'));
  } finally {
    await scratch.close();
  }
}

/** Share of pixels that differ (by more than `tolerance` on any channel) between two screenshots of the same size. */
export async function pixelDifference(page: Page, a: Buffer, b: Buffer, tolerance = 24): Promise<number> {
  const scratch = await page.context().newPage();
  try {
    return await scratch.evaluate(
      async ({ a, b, tolerance }) => {
        const read = async (b64: string) => {
          const img = new Image();
          img.src = `data:image/png;base64,${b64}`;
          await img.decode();
          const canvas = document.createElement('canvas');
          canvas.width = img.naturalWidth;
          canvas.height = img.naturalHeight;
          const ctx = canvas.getContext('2d');
          if (!ctx) throw new Error('no 2d context');
          ctx.drawImage(img, 0, 0);
          return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        };
        const [x, y] = await Promise.all([read(a), read(b)]);
        if (x.length !== y.length) return 1;
        let differ = 0;
        for (let i = 0; i < x.length; i += 4) {
          if (Math.abs((x[i] ?? 0) - (y[i] ?? 0)) > tolerance || Math.abs((x[i + 1] ?? 0) - (y[i + 1] ?? 0)) > tolerance || Math.abs((x[i + 2] ?? 0) - (y[i + 2] ?? 0)) > tolerance)
            differ++;
        }
        return differ / (x.length / 4);
      },
      { a: a.toString('base64'), b: b.toString('base64'), tolerance },
    );
  } finally {
    await scratch.close();
  }
}

/** What the focused element is: its tag, role, type and the text a person reads on it (or its label). */
export async function focused(page: Page): Promise<{ tag: string; role: string; type: string; text: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const labelled = el?.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : undefined;
    const text = el?.getAttribute('aria-label') ?? labelled ?? el?.closest('label')?.textContent ?? el?.textContent ?? '';
    return { tag: el?.tagName ?? '', role: el?.getAttribute('role') ?? '', type: (el as HTMLInputElement | null)?.type ?? '', text: text.replace(/\s+/g, ' ').trim() };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element's text matches `text`; fails after `limit` presses. */
export async function tabTo(page: Page, text: RegExp, options: { limit?: number; backwards?: boolean; tag?: string } = {}): Promise<void> {
  for (let i = 0; i < (options.limit ?? 120); i++) {
    const now = await focused(page);
    if (text.test(now.text) && (options.tag === undefined || now.tag === options.tag)) return;
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`focus never reached an element reading ${text}`);
}
