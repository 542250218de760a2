// A package file brought on a USB stick: version 2 of the demo whose buildings layer is cut
// into vector tiles (thresholds lowered so the 853 buildings are tiled) is imported through
// "Pakketbestand importeren" (after a file that is not a package, which gets its own message),
// and the map draws the buildings from tiles read out of IndexedDB.
// Version 2 has no GeoJSON buildings chunk at all, so the pixels can only come from the tiles.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assemblePackage } from '../../src/shared/authoring/assemble';
import { folderSourceFiles } from '../../src/node/sourceFolder';
import { writeRkp } from '../../src/shared/rkp';
import { countPixelsNear, openSession } from './browser';

const ROOF_RGB: [number, number, number] = [0xd4, 0xce, 0xc4];
const MAP = '[data-map-state]';

describe('importing a .rkp whose buildings are vector tiles (Chromium)', () => {
  const baseUrl = inject('baseUrl');
  const work = mkdtempSync(join(tmpdir(), 'raadskaart-tiled-e2e-'));
  const rkpPath = join(work, 'delfshaven-v2-tiled.rkp');
  const notAPackagePath = join(work, 'notulen.rkp');
  let tiledChunks = 0;

  beforeAll(async () => {
    const source = join(work, 'delfshaven');
    cpSync(resolve(__dirname, '../../examples/delfshaven'), source, { recursive: true });
    const meta = JSON.parse(readFileSync(join(source, 'raadskaart.json'), 'utf8')) as { version: number };
    meta.version = 2;
    writeFileSync(join(source, 'raadskaart.json'), JSON.stringify(meta, null, 2));
    const built = await assemblePackage(folderSourceFiles(source), { tiling: { maxFeatures: 100 } });
    const layer = built.index.layers[0];
    if (layer?.format !== 'vector-tiles') throw new Error('the lowered threshold did not tile the buildings layer');
    expect(built.chunks.some((c) => c.ref.path.endsWith('.geojson'))).toBe(false);
    tiledChunks = built.chunks.filter((c) => c.ref.path.startsWith('tiles/')).length;
    const bytes = await writeRkp(built.manifestBytes, (ref) => built.chunks.find((c) => c.ref.sha256 === ref.sha256)!.bytes, built.manifest);
    writeFileSync(rkpPath, bytes);
    writeFileSync(notAPackagePath, 'Notulen van de raadsvergadering: dit is geen pakket.\n');
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs version 2 from the file and draws the buildings from tiles', async () => {
    const session = await openSession();
    try {
      const { page } = session;
      await page.goto(baseUrl);
      await page.getByText('versie 1').first().waitFor({ timeout: 60_000 });

      await page.getByRole('link', { name: 'Pakketten bijwerken' }).click();
      await page.getByRole('heading', { level: 1, name: 'Pakketten bijwerken' }).waitFor();
      expect(new URL(page.url()).hash).toBe('#/updates');

      // Step: a file that is not a package at all gets its own message, in Dutch only.
      await page.getByLabel('Pakketbestand importeren').setInputFiles(notAPackagePath);
      await page.getByRole('status').getByText('Dit bestand is geen pakketbestand van Raadskaart.', { exact: false }).waitFor({ timeout: 30_000 });
      expect(await page.getByRole('status').locator('.error-box > p').textContent()).not.toMatch(/gzip|package file/);

      // Step: the real package file.
      await page.getByLabel('Pakketbestand importeren').setInputFiles(rkpPath);
      await page
        .getByRole('status')
        .getByText(/bijgewerkt naar versie 2/)
        .waitFor({ timeout: 60_000 });

      await page.goto(`${baseUrl}#/p/nl.rotterdam.demo.delfshaven/a/herinrichting-delfshaven`);
      await page.locator(`${MAP}[data-map-state="idle"]`).waitFor({ timeout: 60_000 });
      await expect.poll(async () => (await countPixelsNear(page, MAP, ROOF_RGB, 6)).matching, { timeout: 30_000 }).toBeGreaterThan(2000);
      await page.getByRole('checkbox', { name: 'Gebouwen' }).uncheck();
      await expect.poll(async () => (await countPixelsNear(page, MAP, ROOF_RGB, 6)).matching, { timeout: 30_000 }).toBeLessThan(100);
      expect(tiledChunks).toBeGreaterThanOrEqual(2);
      expect(session.externalRequests).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
