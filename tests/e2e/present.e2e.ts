// Presentation mode on the demo item in Chromium through the web host: "Presenteren" opens the
// audience window (a second browser window on #/audience/<channel>); it follows the presenter's
// scenario and map moves, "Scherm zwart" blanks it, "Bevriezen" holds it, and text the presenter
// types into a step's talking points never appears in the audience page's DOM. The demo briefing
// is played from the keyboard (PageDown). axe on the presenter's and the audience's screens in
// the standard and the projector theme.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sessionPerTest, seriousAxeViolations } from './browser';
import { mapsIdle, openItem, pixelDifference, tabTo, viewParams } from './workspace';

/** The view the audience screen draws, as its data-view attribute says it (the presenter's link query). */
const audienceView = (audience: Page) => audience.locator('.audience-screen').getAttribute('data-view');

/** The part of a view query that names what is shown and the camera. */
function showAndCamera(query: string | null): string {
  const params = new URLSearchParams(query ?? '');
  return `show=${params.get('show') ?? ''}&cam=${params.get('cam') ?? ''}`;
}

describe('presenting to an audience window (Chromium)', () => {
  const session = sessionPerTest({ width: 1280, height: 720 });
  const baseUrl = inject('baseUrl');

  async function startPresenting(page: Page): Promise<Page> {
    const opened = session.context.waitForEvent('page');
    await page.getByRole('button', { name: 'Presenteren' }).click();
    const audience = await opened;
    await audience.setViewportSize({ width: 1280, height: 720 });
    await audience.locator('.audience-screen').waitFor({ timeout: 60_000 });
    await mapsIdle(audience);
    return audience;
  }

  it('follows the presenter, blanks, freezes, and never shows the talking points the presenter typed', async () => {
    const { page } = session;
    await openItem(page, baseUrl, 'show=groen');
    const audience = await startPresenting(page);
    expect(new URL(audience.url()).hash).toMatch(/^#\/audience\/[0-9a-f-]{36}$/);
    expect(await audience.getByRole('heading', { level: 1 }).textContent()).toBe('Herinrichting Delfshaven');
    expect(await audienceView(audience)).toContain('show=groen');

    // A scenario change reaches the audience within a second.
    await page.getByRole('radio', { name: /Verdichting met nieuwe woningen/ }).check();
    await expect.poll(() => audienceView(audience), { timeout: 1000, interval: 50 }).toContain('show=verdichting');
    await mapsIdle(audience);

    // A map move too: the audience's view gets the presenter's camera and its map redraws.
    const before = await audience.locator('[data-map-state]').screenshot();
    await page.keyboard.press('k');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.waitForFunction(() => window.location.hash.includes('cam='), undefined, { timeout: 30_000 });
    const presenterView = showAndCamera(`${(await viewParams(page)).toString()}`);
    await expect.poll(async () => showAndCamera(await audienceView(audience)), { timeout: 1000, interval: 50 }).toBe(presenterView);
    await mapsIdle(audience);
    expect(await pixelDifference(audience, before, await audience.locator('[data-map-state]').screenshot()), 'the audience map zoomed with the presenter').toBeGreaterThan(0.05);

    // The presenter writes talking points for the first step of the briefing and plays it.
    const secret = 'Niet hardop: de wethouder twijfelt over de middenberm (GEHEIM-7731)';
    await page.getByRole('tab', { name: 'Briefing' }).click();
    await page.getByRole('button', { name: 'Bewerken Het gebied nu' }).click();
    await page.getByLabel('Spreekpunten (alleen voor u)').fill(secret);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    // Kept in the local database first, then marked.
    await page.getByText('Lokale aanpassing').first().waitFor();
    await page.getByRole('button', { name: 'Tonen Het gebied nu' }).click();
    await page.getByRole('group', { name: 'Spreekpunten (alleen voor u)' }).getByText(secret).waitFor();
    await expect.poll(() => audience.getByRole('heading', { level: 1 }).textContent(), { timeout: 1000, interval: 50 }).toBe('Het gebied nu');
    await mapsIdle(audience);
    const dom = await audience.content();
    expect(dom).not.toContain('GEHEIM-7731');
    expect(dom).not.toContain('twijfelt over de middenberm');
    expect(await audience.evaluate(() => document.body.innerText)).not.toContain('GEHEIM');

    // Scherm zwart: the audience screen goes black (every pixel), and comes back.
    await page.getByRole('button', { name: 'Scherm zwart' }).click();
    await audience.locator('.audience-screen__blank').waitFor();
    const black = await audience.screenshot();
    expect(await pixelDifference(audience, black, await blackImage(audience)), 'the audience screen is black').toBeLessThan(0.001);
    await page.getByRole('button', { name: 'Scherm zwart' }).click();
    await audience.locator('.audience-screen__blank').waitFor({ state: 'detached' });

    // Bevriezen: the audience keeps its picture while the presenter looks something up, then catches up.
    await page.getByRole('button', { name: 'Bevriezen' }).click();
    await page.getByRole('radio', { name: /Mobiliteit/ }).check();
    await mapsIdle(page);
    expect(await page.getByText('Het publieksscherm is bevroren').count()).toBe(1);
    expect(await audienceView(audience)).toContain('show=~');
    await page.getByRole('button', { name: 'Bevriezen' }).click();
    await expect.poll(() => audienceView(audience), { timeout: 1000, interval: 50 }).toContain('show=mobiliteit');

    // Ending closes the audience window.
    const closed = audience.waitForEvent('close');
    await page.getByRole('button', { name: 'Presentatie beëindigen' }).first().click();
    await closed;
  });

  it('plays the demo briefing on the audience window from the keyboard, in both themes, without axe violations', async () => {
    const { page } = session;
    await openItem(page, baseUrl);
    const opened = session.context.waitForEvent('page');
    await page.keyboard.press('p');
    const audience = await opened;
    await audience.setViewportSize({ width: 1280, height: 720 });
    await audience.locator('.audience-screen').waitFor({ timeout: 60_000 });

    const titles = [
      'Het gebied nu',
      'Scenario Groen en klimaatadaptief',
      'Wat als de middenberm niet doorgaat?',
      'Groen naast verdichting',
      'Mobiliteit tegenover de huidige situatie',
    ];
    const shows = ['~', 'groen', 'groen', 'groen,verdichting', '~,mobiliteit'];
    for (const [i, title] of titles.entries()) {
      await page.keyboard.press('PageDown');
      // Playing the briefing, not its latency (the test above holds the audience to a second): a
      // step that changes the compare mode mounts new maps on both screens of this 2-core machine.
      await expect.poll(() => audience.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000, interval: 50 }).toBe(title);
      expect(new URLSearchParams((await audienceView(audience)) ?? '').get('show')).toBe(shows[i]);
      expect(await page.getByText(`Stap ${i + 1} van 5: ${title}`).count()).toBe(1);
    }
    // The third step switched the middenberm off: the audience's table recomputes, the model-based heat stress asks for recalculation.
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    await expect.poll(() => audience.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000, interval: 50 }).toBe('Wat als de middenberm niet doorgaat?');
    await audience.getByText('vraagt herberekening door de adviseur').first().waitFor();
    await mapsIdle(audience);
    expect(await seriousAxeViolations(audience)).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The projector theme: larger, high-contrast, on both screens.
    await page.getByRole('checkbox', { name: /Projectorthema/ }).check();
    await audience.locator('.audience-screen.theme-projector').waitFor();
    await mapsIdle(audience);
    expect(await seriousAxeViolations(audience)).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // B blanks and unblanks from the keyboard; P ends the presentation.
    await page.keyboard.press('b');
    await audience.locator('.audience-screen__blank').waitFor();
    await page.keyboard.press('b');
    await audience.locator('.audience-screen__blank').waitFor({ state: 'detached' });
    const closed = audience.waitForEvent('close');
    await page.keyboard.press('p');
    await closed;
  });

  it('adds a briefing step from the current view, moves it up and removes steps with the keyboard alone, kept locally and marked as a local change', async () => {
    const { page } = session;
    await openItem(page, baseUrl, 'show=verdichting&off=verdichting-hofje');
    const stepTitles = () => page.locator('.step-list .step-list__title').allTextContents();
    await tabTo(page, /^Indicatoren$/);
    await page.keyboard.press('End');
    await page.getByRole('tab', { name: 'Briefing', selected: true }).waitFor();
    const before = await stepTitles();
    expect(before).toHaveLength(5);

    await tabTo(page, /^Stap toevoegen$/);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Titel van de stap/);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Verdichting zonder het hofje');
    await tabTo(page, /^Opslaan$/);
    await page.keyboard.press('Enter');
    await expect.poll(stepTitles).toEqual([...before, 'Verdichting zonder het hofje']);
    expect(await page.getByText('Lokale aanpassing').count()).toBe(1);
    expect(await page.getByText('lokaal toegevoegd').count()).toBe(1);

    await tabTo(page, /^Omhoog Verdichting zonder het hofje$/, { backwards: true });
    await page.keyboard.press('Enter');
    await expect.poll(stepTitles).toEqual([...before.slice(0, 4), 'Verdichting zonder het hofje', before[4]]);

    // Kept on this computer: after a reload the step is still there, and showing it restores the view it took.
    await openItem(page, baseUrl, 'show=groen');
    await page.reload();
    await mapsIdle(page);
    await page.getByRole('tab', { name: 'Briefing' }).click();
    expect(await stepTitles()).toEqual([...before.slice(0, 4), 'Verdichting zonder het hofje', before[4]]);
    await page.getByRole('button', { name: 'Tonen Verdichting zonder het hofje' }).click();
    await mapsIdle(page);
    const params = await viewParams(page);
    expect([params.get('show'), params.get('off')]).toEqual(['verdichting', 'verdichting-hofje']);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Removing steps by keyboard alone: the added one and the package's first; kept locally across a reload.
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await tabTo(page, /^Verwijderen Verdichting zonder het hofje$/);
    await page.keyboard.press('Enter');
    await expect.poll(stepTitles).toEqual(before);
    await tabTo(page, new RegExp(`^Verwijderen ${escaped(before[0] ?? '')}$`), { backwards: true });
    await page.keyboard.press('Enter');
    await expect.poll(stepTitles).toEqual(before.slice(1));
    expect(await page.getByText('Lokale aanpassing').count()).toBe(1);
    await page.reload();
    await mapsIdle(page);
    await page.getByRole('tab', { name: 'Briefing' }).click();
    expect(await stepTitles()).toEqual(before.slice(1));
  });
});

/** A black PNG of the audience page's size, drawn in a scratch page. */
async function blackImage(page: Page): Promise<Buffer> {
  const size = page.viewportSize() ?? { width: 1280, height: 720 };
  const scratch = await page.context().newPage();
  try {
    await scratch.setViewportSize(size);
    await scratch.setContent('<html><body style="margin:0;background:#000"></body></html>');
    return await scratch.screenshot();
  } finally {
    await scratch.close();
  }
}
