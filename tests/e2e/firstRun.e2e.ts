// First run on a fresh machine, with no network: the bundled demo is installed into IndexedDB,
// the user walks library -> package -> agenda item, sees Delfshaven's buildings drawn on the
// map (proven by pixels of a screenshot, not by asking the map engine), switches to English,
// and a reload keeps both the language and the data without reinstalling. Every screen gets
// an axe-core WCAG 2.1 AA scan, and no request may leave 127.0.0.1.
import { describe, expect, inject, it } from 'vitest';
import { sessionPerTest, countPixelsNear, seriousAxeViolations } from './browser';

/** Lit roofs of the buildings layer as the map draws them (map helper's measurement). */
const ROOF_RGB: [number, number, number] = [0xd4, 0xce, 0xc4];
const MAP = '[data-map-state]';

describe('first run of the web host on a fresh profile (Chromium)', () => {
  const session = sessionPerTest();
  const baseUrl = inject('baseUrl');

  it('installs the demo, shows the buildings on the map, switches to English and keeps both after a reload', async () => {
    const { page } = session;
    const chunkRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/demo/chunks/')) chunkRequests.push(r.url());
    });

    // Step: library with the installed demo package.
    await page.goto(baseUrl);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Pakketten' }).count(), { timeout: 60_000 }).toBe(1);
    const packageLink = page.getByRole('link', { name: /Herinrichting Delfshaven/ });
    await packageLink.waitFor();
    expect(await page.getByText('Demogegevens').count()).toBeGreaterThan(0);
    expect(chunkRequests.length, 'the first start downloads the bundled chunks').toBeGreaterThan(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Step: package with its meeting and agenda.
    await packageLink.first().click();
    const agendaLink = page.getByRole('link', { name: /Agendapunt 1: Herinrichting Delfshaven/ });
    await agendaLink.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Step: agenda item with the map.
    await agendaLink.click();
    await page.getByRole('heading', { level: 1, name: /Herinrichting Delfshaven/ }).waitFor();
    await page.locator(`${MAP}[data-map-state="idle"]`).waitFor({ timeout: 60_000 });
    expect(await page.locator(MAP).getAttribute('data-building-count')).toBe('853');
    const withBuildings = await countPixelsNear(page, MAP, ROOF_RGB, 6);
    expect(withBuildings.matching, 'roof-coloured pixels with the buildings layer on').toBeGreaterThan(2000);
    await expect.poll(() => page.getByText('3D-stadsmodel Gemeente Rotterdam').count()).toBeGreaterThan(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The pixels are the buildings': switching the layer off removes them.
    const buildingsToggle = page.getByRole('checkbox', { name: 'Gebouwen' });
    await buildingsToggle.uncheck();
    await expect.poll(async () => (await countPixelsNear(page, MAP, ROOF_RGB, 6)).matching, { timeout: 30_000 }).toBeLessThan(withBuildings.matching / 20);
    await buildingsToggle.check();
    await expect.poll(async () => (await countPixelsNear(page, MAP, ROOF_RGB, 6)).matching, { timeout: 30_000 }).toBeGreaterThan(2000);

    // A different scenario puts different interventions on the map and in the legend.
    // The scenario choice (the workspace's "Weergave" radios come before it on the page).
    const scenarios = page.getByRole('radiogroup', { name: 'Scenario' }).getByRole('radio');
    expect(await scenarios.count()).toBeGreaterThanOrEqual(3);
    const interventionsBefore = await page.locator(MAP).getAttribute('data-intervention-count');
    await scenarios.nth(2).check();
    await expect.poll(() => page.locator(MAP).getAttribute('data-intervention-count')).not.toBe(interventionsBefore);

    // Step: switch to English; the choice and the data survive a reload without reinstalling.
    await page.getByRole('combobox', { name: 'Taal' }).selectOption('en');
    await page.getByRole('group', { name: 'Map layers' }).waitFor();
    await page.getByRole('button', { name: 'Zoom in' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const requestsBeforeReload = chunkRequests.length;
    await page.reload();
    await page.locator(`${MAP}[data-map-state="idle"]`).waitFor({ timeout: 60_000 });
    await page.getByRole('group', { name: 'Map layers' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Language' }).inputValue()).toBe('en');
    expect(chunkRequests.length, 'a second start downloads no chunks').toBe(requestsBeforeReload);
    expect((await countPixelsNear(page, MAP, ROOF_RGB, 6)).matching).toBeGreaterThan(2000);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('can be used with the keyboard alone: skip link, links, and the scenario choice with arrow keys', async () => {
    const { page } = session;
    /** Presses Tab until the focused element matches, at most `limit` times. */
    const tabUntil = async (matches: () => boolean, limit = 30) => {
      for (let i = 0; i < limit; i++) {
        if (await page.evaluate(matches)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error('focus never reached the expected element');
    };
    await page.goto(baseUrl);
    await page
      .getByRole('link', { name: /Herinrichting Delfshaven/ })
      .first()
      .waitFor({ timeout: 60_000 });
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Naar de inhoud' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');

    await tabUntil(() => document.activeElement?.tagName === 'A' && /Herinrichting Delfshaven/.test(document.activeElement.textContent ?? ''));
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: /Agendapunt 1/ }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName), 'focus moves to the new page heading').toBe('H1');

    await tabUntil(() => document.activeElement?.tagName === 'A' && /Agendapunt 1/.test(document.activeElement.textContent ?? ''));
    await page.keyboard.press('Enter');
    await page.locator('[data-map-state="idle"]').waitFor({ timeout: 60_000 });
    const radios = page.getByRole('radio');
    expect(await radios.nth(0).isChecked()).toBe(true);
    await tabUntil(() => (document.activeElement as HTMLInputElement | null)?.type === 'radio');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => radios.nth(1).isChecked()).toBe(true);
    expect(await radios.nth(0).isChecked()).toBe(false);
  });
});
