// Printing the current view in Chromium through the web host: "Afdrukken" puts the A4 sheet in
// the page and hands it to the browser's print dialog (window.print). The dialog itself cannot
// be driven headless, so the page's window.print is replaced by a recorder that reads the sheet
// at the moment the browser would print it: the map image (proven by its pixels: the green
// scenario's parks are in it), the legend, the indicator table, the sources and the package
// version, and the print style sheet's page is A4 landscape.
import { describe, expect, inject, it } from 'vitest';
import { sessionPerTest } from './browser';
import { openItem } from './workspace';

type Printed = { text: string; images: string[]; pageSizes: string[] };

describe('printing the current view (Chromium)', () => {
  const session = sessionPerTest({ width: 1280, height: 720 });
  const baseUrl = inject('baseUrl');

  it('prints an A4 landscape sheet with the map image, legend, indicator table, sources and package version', async () => {
    const { page } = session;
    await openItem(page, baseUrl, 'show=groen');
    await page.evaluate(() => {
      const record = window as unknown as { printed?: Printed };
      window.print = () => {
        const sheet = document.querySelector<HTMLElement>('.print-sheet');
        const rules = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]).flatMap((rule) => (rule instanceof CSSMediaRule ? [...rule.cssRules] : [rule]));
        record.printed = {
          text: (sheet?.textContent ?? '').replace(/\s+/g, ' '),
          images: [...(sheet?.querySelectorAll('img') ?? [])].map((img) => img.src),
          pageSizes: rules.filter((rule) => rule instanceof CSSPageRule).map((rule) => (rule as CSSPageRule).style.getPropertyValue('size')),
        };
      };
    });
    await page.getByRole('button', { name: 'Afdrukken' }).click();
    await page.waitForFunction(() => (window as unknown as { printed?: Printed }).printed !== undefined, undefined, { timeout: 30_000 });
    const printed = await page.evaluate(() => (window as unknown as { printed: Printed }).printed);

    expect(printed.text).toContain('Agendapunt 1: Herinrichting Delfshaven');
    expect(printed.text).toContain('Groen en klimaatadaptief');
    expect(printed.text).toContain('Legenda');
    expect(printed.text).toContain('Groen oppervlak');
    expect(printed.text).toContain('Bronnen: 3D-stadsmodel Gemeente Rotterdam.');
    expect(printed.text).toMatch(/Pakket „[^”]+” \(nl\.rotterdam\.demo\.delfshaven\), versie 1, manifest [0-9a-f]{12}\./);
    expect(printed.images).toHaveLength(1);
    expect(printed.pageSizes.map((size) => size.toLowerCase())).toContain('a4 landscape');

    // The map image is what the map drew: the parks of the green scenario are in it.
    const scratch = await page.context().newPage();
    const green = await scratch.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i + 1] ?? 0) - (data[i] ?? 0) > 25 && (data[i + 1] ?? 0) - (data[i + 2] ?? 0) > 15) count++;
      return { count, width: canvas.width, height: canvas.height };
    }, printed.images[0] ?? '');
    await scratch.close();
    expect(green.width).toBeGreaterThan(300);
    expect(green.count, 'green park pixels in the printed map image').toBeGreaterThan(150);

    // Once printed, the sheet leaves the page again.
    await page.locator('.print-sheet').waitFor({ state: 'detached' });
  });
});
