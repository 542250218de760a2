// Chromium for the end-to-end tests: Debian's /usr/bin/chromium through playwright-core with
// the flags of DESIGN.md "Testing", a fresh persistent profile per test (IndexedDB behaves as
// on a real machine), and a network guard that blocks and records every request that would
// leave 127.0.0.1, so a test can assert the app never talks to the outside world.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { afterEach, beforeEach, expect } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export type Session = {
  context: BrowserContext;
  page: Page;
  /** Every URL the page tried to reach outside 127.0.0.1 (blocked). */
  externalRequests: string[];
  close(): Promise<void>;
};

function isLoopback(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return u.hostname === '127.0.0.1';
}

/** Opens Chromium with a new, empty profile directory (a first start on a fresh machine). */
export async function openSession(options: { locale?: string } = {}): Promise<Session> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\`.`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'raadskaart-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
    locale: options.locale ?? 'nl-NL',
  });
  const externalRequests: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    externalRequests.push(url);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    externalRequests,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh session for every test of the calling describe block, closed after it; a test fails
 * when its page tried to reach anything outside 127.0.0.1. Read `page` and `context` inside a test.
 */
export function sessionPerTest(viewport?: { width: number; height: number }): Pick<Session, 'context' | 'page' | 'externalRequests'> {
  let current: Session | undefined;
  beforeEach(async () => {
    current = await openSession();
    if (viewport) await current.page.setViewportSize(viewport);
  });
  afterEach(async () => {
    if (!current) return;
    const leaked = [...current.externalRequests];
    await current.close();
    current = undefined;
    expect(leaked, 'requests that tried to leave 127.0.0.1').toEqual([]);
  });
  const open = (): Session => {
    if (!current) throw new Error('sessionPerTest: the session exists only while a test runs.');
    return current;
  };
  return {
    get context() {
      return open().context;
    },
    get page() {
      return open().page;
    },
    get externalRequests() {
      return open().externalRequests;
    },
  };
}

/** axe-core WCAG 2.1 A/AA scan of the current page; returns serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/**
 * Counts pixels of a screenshot of `selector` that are within `tolerance` (per channel) of
 * `rgb`. The screenshot is what the compositor shows, so a blank WebGL canvas counts zero.
 * Decoding happens in a separate blank page to keep the app page untouched.
 */
export async function countPixelsNear(page: Page, selector: string, rgb: [number, number, number], tolerance = 24): Promise<{ matching: number; total: number }> {
  const png = await page.locator(selector).screenshot();
  const scratch = await page.context().newPage();
  try {
    return await scratch.evaluate(
      async ({ b64, rgb, tolerance }) => {
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
        let matching = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (Math.abs(data[i]! - rgb[0]) <= tolerance && Math.abs(data[i + 1]! - rgb[1]) <= tolerance && Math.abs(data[i + 2]! - rgb[2]) <= tolerance) matching++;
        }
        return { matching, total: data.length / 4 };
      },
      { b64: png.toString('base64'), rgb, tolerance },
    );
  } finally {
    await scratch.close();
  }
}
