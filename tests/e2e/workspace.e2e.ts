// The presenter's workspace on the demo item at 1280x720 (a common projector), in Chromium
// through the web host: one screen with the map and the indicators, every intervention of every
// scenario visible and labelled or numbered on the scenario's opening view (by pixels and by
// the list), the what-if recompute by exactly the declared contributions, and a deep link that
// restores the same view in a fresh page. axe on every view; no request leaves 127.0.0.1.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { PackageIndex } from '../../src/shared/packageFormat';
import { sessionPerTest, seriousAxeViolations } from './browser';
import { COLOUR_CLASSES, KIND_CLASS, colourCounts, demoScenarios, focused, mapsIdle, openItem, pixelDifference, tabTo, viewParams } from './workspace';

const MAP = '.workspace-map [data-map-state]';

/** The demo package's content index as the app installed it (built by npm run test:e2e). */
function demoIndex(): PackageIndex {
  const demo = resolve(__dirname, '../../build/generated/public/demo');
  const manifest = JSON.parse(readFileSync(resolve(demo, 'manifest.json'), 'utf8')) as { chunks: { path: string; sha256: string }[] };
  const ref = manifest.chunks.find((c) => c.path === 'index.json');
  if (!ref) throw new Error('the demo manifest lists no index.json');
  return JSON.parse(readFileSync(resolve(demo, 'chunks', ref.sha256), 'utf8')) as PackageIndex;
}

/** A number as the Dutch table writes it ("49.088", "−753", "€ 4.800.000", "64,2"), read back. */
function dutchNumber(text: string): number {
  const match = /[−+-]?[\d.]+(?:,\d+)?/.exec(text.replace(/\u00a0/g, ' '));
  if (!match) throw new Error(`no number in "${text}"`);
  return Number(match[0].replace('−', '-').replace(/\./g, '').replace(',', '.'));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the presenter workspace at 1280x720 (Chromium)', () => {
  const session = sessionPerTest({ width: 1280, height: 720 });
  const baseUrl = inject('baseUrl');

  it('fits one screen and shows every intervention of the demo on its scenario’s opening view, labelled or numbered', async () => {
    const { page } = session;
    for (const scenario of demoScenarios()) {
      await openItem(page, baseUrl, `show=${scenario.id}`);

      // Step: one screen. Nothing scrolls; the map and the indicator table are both in view.
      const overflow = await page.evaluate(() => ({ down: document.documentElement.scrollHeight - innerHeight, across: document.documentElement.scrollWidth - innerWidth }));
      expect(overflow).toEqual({ down: 0, across: 0 });
      const map = await page.locator(MAP).boundingBox();
      const table = await page.getByRole('table', { name: /^Indicatoren: huidige situatie en scenario/ }).boundingBox();
      if (!map || !table) throw new Error('the map or the indicator table is missing');
      expect(map.x >= 0 && map.y >= 0 && map.x + map.width <= 1280 && map.y + map.height <= 720, 'the map lies in the window').toBe(true);
      expect(map.width * map.height, 'the map is the largest thing on screen').toBeGreaterThan(0.35 * 1280 * 720);
      expect(table.x >= 0 && table.x + table.width <= 1280 + 1 && table.y < 720 - 150, 'the indicator table starts in the window').toBe(true);

      // Step: every intervention is in the list, switched on, and has a label the engine placed or its number on the map.
      const unplaced = ((await page.locator(MAP).getAttribute('data-unplaced-labels')) ?? '').split(' ').filter(Boolean);
      for (const intervention of scenario.interventions) {
        const box = page.getByRole('checkbox', { name: new RegExp(escape(intervention.title)) });
        expect(await box.isChecked(), intervention.title).toBe(true);
        const item = page.locator(`li[data-intervention-id="${intervention.id}"]`);
        if (unplaced.includes(intervention.id)) expect(await item.textContent(), `${intervention.title} says its number`).toMatch(/op de kaart nummer \d+/);
      }
      expect(unplaced.filter((id) => !scenario.interventions.some((iv) => iv.id === id))).toEqual([]);

      // Pixels: the labels (and markers) are drawn; without the labels layer the dark text pixels go.
      const withLabels = await colourCounts(page, page.locator(MAP));
      await page.getByRole('checkbox', { name: 'Labels' }).uncheck();
      await mapsIdle(page);
      const withoutLabels = await colourCounts(page, page.locator(MAP));
      expect(withLabels.dark, `${scenario.id}: label text on the map`).toBeGreaterThan(withoutLabels.dark + 200);
      await page.getByRole('checkbox', { name: 'Labels' }).check();
      await mapsIdle(page);

      // Pixels: each intervention alone (the others switched off, the camera stays on the opening view) puts its own colour on the map.
      const ids = scenario.interventions.map((iv) => iv.id);
      await openItem(page, baseUrl, `show=${scenario.id}&off=${ids.join(',')}`);
      const nothing = await colourCounts(page, page.locator(MAP));
      for (const intervention of scenario.interventions) {
        await openItem(page, baseUrl, `show=${scenario.id}&off=${ids.filter((id) => id !== intervention.id).join(',')}`);
        const alone = await colourCounts(page, page.locator(MAP));
        const colour = KIND_CLASS[intervention.kind] ?? 'green';
        expect(alone[colour] - nothing[colour], `${intervention.title}: ${colour} pixels of its own on the opening view`).toBeGreaterThan(80);
      }
      for (const colour of COLOUR_CLASSES) expect(nothing[colour], `no ${colour} without interventions`).toBeLessThan(40);
    }
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('switching an intervention off changes each additive indicator by exactly its declared contribution, and keeps a model-based one with the notice', async () => {
    const { page } = session;
    const index = demoIndex();
    const off = 'groen-middenberm-bomen';
    await openItem(page, baseUrl, 'show=groen');
    const valueOf = async (title: string) => {
      const row = page.getByRole('row', { name: new RegExp(`^${escape(title)}`) });
      const cells = row.getByRole('cell');
      return { value: await cells.nth(1).textContent(), row };
    };

    await page.getByRole('checkbox', { name: /Groene middenberm met bomen/ }).uncheck();
    await mapsIdle(page);
    expect((await viewParams(page)).get('off')).toBe(off);

    for (const indicator of index.indicators) {
      const { value, row } = await valueOf(indicator.title);
      const curated = indicator.values['groen'] ?? Number.NaN;
      if (indicator.additive) {
        const contribution = indicator.contributions?.['groen']?.[off] ?? 0;
        expect(dutchNumber(value ?? ''), indicator.title).toBe(curated - contribution);
        if (contribution !== 0) expect(value, indicator.title).toContain('herberekend uit de bijdragen per ingreep');
      } else {
        expect(dutchNumber(value ?? ''), `${indicator.title} keeps its last curated value`).toBe(curated);
        expect(await row.textContent(), indicator.title).toContain('vraagt herberekening door de adviseur');
      }
    }
    // The green area fell by the strip's 753 m², paving rose by as much.
    const green = index.indicators.find((i) => i.id === 'groen-oppervlak');
    expect(green?.contributions?.['groen']?.[off]).toBeGreaterThan(0);

    // Switching it on again brings back the package's own numbers, without notices.
    await page.getByRole('checkbox', { name: /Groene middenberm met bomen/ }).check();
    await mapsIdle(page);
    expect((await viewParams(page)).get('off')).toBeNull();
    expect(await page.getByText('vraagt herberekening door de adviseur').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('does every flow with the keyboard alone: compare modes, the swipe divider, what-if, the inspector, zoom and the shortcut help', async () => {
    const { page } = session;
    await openItem(page, baseUrl, 'show=groen');

    // The compare modes are one radio group: Tab reaches it, the arrow keys choose.
    await tabTo(page, /^Eén kaart$/);
    await page.keyboard.press('ArrowRight');
    await mapsIdle(page, 2);
    expect((await viewParams(page)).get('mode')).toBe('side-by-side');
    await page.keyboard.press('ArrowRight');
    await mapsIdle(page, 2);
    expect((await viewParams(page)).get('mode')).toBe('swipe');

    // The swipe divider is a slider in the tab order.
    await tabTo(page, /^Scheiding tussen de kaarten$/);
    await page.keyboard.press('ArrowLeft');
    expect(Number((await viewParams(page)).get('swipe'))).toBeLessThan(0.5);

    // Back to one map, then switch an intervention off with Space and open its details with Enter.
    await tabTo(page, /^Schuiven$/, { backwards: true });
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await mapsIdle(page);
    expect((await viewParams(page)).get('mode')).toBeNull();
    await tabTo(page, /Groene middenberm met bomen/, { tag: 'INPUT' });
    await page.keyboard.press('Space');
    expect((await viewParams(page)).get('off')).toBe('groen-middenberm-bomen');
    expect(await page.getByText('vraagt herberekening door de adviseur').count()).toBeGreaterThan(0);
    // Its details say it is off the map; another one's details zoom to it.
    await tabTo(page, /^Details Groene middenberm met bomen$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ingreep: Groene middenberm met bomen' }).waitFor();
    expect(await page.getByText('Deze ingreep staat uit en is dus niet op de kaart.').count()).toBe(1);
    await tabTo(page, /Groene middenberm met bomen/, { tag: 'INPUT', backwards: true });
    await page.keyboard.press('Space');
    expect((await viewParams(page)).get('off')).toBeNull();
    await tabTo(page, /^Details Buurtpark in het binnenterrein \(noord\)$/, { backwards: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ingreep: Buurtpark in het binnenterrein (noord)' }).waitFor();
    expect(await page.getByText('Bijdrage aan de indicatoren').count()).toBe(1);
    await tabTo(page, /^Zoom naar deze ingreep$/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.location.hash.includes('cam='), undefined, { timeout: 30_000 });
    await mapsIdle(page);

    // O brings the opening view back ("Overzicht"): the link loses its camera.
    await page.keyboard.press('o');
    await page.waitForFunction(() => !window.location.hash.includes('cam='), undefined, { timeout: 30_000 });

    // ? shows the shortcuts on screen, Escape closes them and focus returns.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Sneltoetsen' });
    await help.waitFor();
    expect(await help.getByRole('row').count()).toBeGreaterThan(10);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    expect((await focused(page)).tag).not.toBe('');
  });

  it('composes a scenario from interventions of several, recomputes the additive indicators, and keeps it by a name typed with the keyboard alone with the agenda item (locally)', async () => {
    const { page } = session;
    const index = demoIndex();
    await openItem(page, baseUrl, 'show=groen');
    await page.getByRole('radio', { name: /^Eigen samenstelling/ }).check();
    await mapsIdle(page);
    expect((await viewParams(page)).get('show')).toBe('*');
    // Start from the green scenario's interventions and add a housing block of the densification scenario.
    await page.getByRole('checkbox', { name: /Woonblok noord/ }).check();
    await mapsIdle(page);
    const mix = ((await viewParams(page)).get('mix') ?? '').split(',');
    expect(mix).toContain('verdichting-woonblok-noord');

    // Additive indicators: the baseline plus the declared contribution of every intervention in the mix; the others ask for recalculation.
    for (const indicator of index.indicators) {
      const row = page.getByRole('row', { name: new RegExp(`^${escape(indicator.title)}`) });
      const text = (await row.textContent()) ?? '';
      if (indicator.additive) {
        const expected = mix.reduce((sum, id) => sum + Object.values(indicator.contributions ?? {}).reduce((found, parts) => found + (parts[id] ?? 0), 0), indicator.baseline);
        expect(dutchNumber((await row.getByRole('cell').nth(1).textContent()) ?? ''), indicator.title).toBe(expected);
      } else {
        expect(text, indicator.title).toContain('vraagt herberekening door de adviseur');
      }
    }

    // Named and kept by keyboard alone.
    await tabTo(page, /^Naam van deze samenstelling/);
    await page.keyboard.type('Groen met woonblok');
    await tabTo(page, /^Bewaren$/, { tag: 'BUTTON' });
    await page.keyboard.press('Enter');
    await page.getByText('„Groen met woonblok” is bewaard bij dit agendapunt.').waitFor();
    expect((await viewParams(page)).get('show')).toMatch(/^@[0-9a-f-]{36}$/);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Kept on this computer: after a reload it is a choice of its own, marked "lokaal", and still selected.
    await page.reload();
    await mapsIdle(page);
    const kept = page.getByRole('radio', { name: /Groen met woonblok/ });
    expect(await kept.isChecked()).toBe(true);
    expect(await kept.locator('xpath=..').textContent()).toContain('lokaal');
  });

  it('restores the same view from its link in a fresh page: scenario, switched-off intervention, layers and camera', async () => {
    const { page, context } = session;
    await openItem(page, baseUrl);
    await page.getByRole('radio', { name: /Verdichting met nieuwe woningen/ }).check();
    await mapsIdle(page);
    await page.getByRole('checkbox', { name: /Hofje met stadswoningen/ }).uncheck();
    await page.getByRole('checkbox', { name: 'Gebouwen' }).uncheck();
    // Move the camera with the keyboard: the map takes focus with K, zooms in a half step and pans.
    await page.keyboard.press('k');
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.waitForFunction(() => window.location.hash.includes('cam='), undefined, { timeout: 30_000 });
    await mapsIdle(page);
    const link = page.url();
    const params = await viewParams(page);
    expect(params.get('show')).toBe('verdichting');
    expect(params.get('off')).toBe('verdichting-hofje');
    expect(params.get('layers')).toBe('interventions,labels');
    const [, , zoom, bearing] = (params.get('cam') ?? '').split(',').map(Number);
    expect(bearing).not.toBe(0);
    const before = await page.locator(MAP).screenshot();

    const fresh = await context.newPage();
    await fresh.setViewportSize({ width: 1280, height: 720 });
    await fresh.goto(link);
    await mapsIdle(fresh);
    expect(await fresh.getByRole('radio', { name: /Verdichting met nieuwe woningen/ }).isChecked()).toBe(true);
    expect(await fresh.getByRole('checkbox', { name: /Hofje met stadswoningen/ }).isChecked()).toBe(false);
    expect(await fresh.getByRole('checkbox', { name: 'Gebouwen' }).isChecked()).toBe(false);
    expect((await viewParams(fresh)).get('cam')).toBe(params.get('cam'));
    expect(zoom).toBeGreaterThan(0);
    const after = await fresh.locator(MAP).screenshot();
    expect(await pixelDifference(fresh, before, after), 'the fresh page draws the same picture').toBeLessThan(0.02);
    await fresh.close();
  });
});
