// `npm run icons` (part of `npm run dist`): renders resources/icon.svg with Chromium (Debian's
// /usr/bin/chromium through playwright-core, the browser the tests use) to the PNG sizes
// electron-builder needs, and writes icon.png (1024), icons/<size>x<size>.png (Linux), icon.ico
// (Windows) and icon.icns (macOS) to build/generated/resources (electron-builder.yml's
// buildResources). Generated files are never committed: the SVG is the source.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { writeFileAtomic } from '../src/node/atomicWrite';
import { encodeIcns, encodeIco } from './lib/iconContainers';

const ICO_SIZES = [16, 24, 32, 48, 64, 256];
const ICNS_SIZES = [128, 256, 512, 1024];
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

/** PNGs of `svg` at each size, rendered with a transparent background. */
export async function renderSvg(svg: string, sizes: readonly number[], executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'): Promise<Map<number, Uint8Array>> {
  const browser = await chromium.launch({ executablePath, args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    const pngs = new Map<number, Uint8Array>();
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`,
      );
      pngs.set(size, new Uint8Array(await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })));
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

/** Writes every icon file into `outDir`; returns the file names written. */
export async function buildIcons(svgPath: string, outDir: string): Promise<string[]> {
  const svg = await readFile(svgPath, 'utf8');
  const pngs = await renderSvg(
    svg,
    [...new Set([...ICO_SIZES, ...ICNS_SIZES, ...LINUX_SIZES])].sort((a, b) => a - b),
  );
  const at = (size: number): Uint8Array => pngs.get(size) as Uint8Array;
  await mkdir(path.join(outDir, 'icons'), { recursive: true });
  const written: [string, Uint8Array][] = [
    ['icon.png', at(1024)],
    ['icon.ico', encodeIco(ICO_SIZES.map(at))],
    ['icon.icns', encodeIcns(ICNS_SIZES.map(at))],
    ...LINUX_SIZES.map((size): [string, Uint8Array] => [`icons/${size}x${size}.png`, at(size)]),
  ];
  for (const [name, bytes] of written) await writeFileAtomic(path.join(outDir, name), bytes);
  return written.map(([name]) => name);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const root = path.resolve(__dirname, '..');
  buildIcons(path.join(root, 'resources', 'icon.svg'), path.join(root, 'build', 'generated', 'resources')).then(
    (names) => console.log(`icons: wrote ${names.length} files to build/generated/resources`),
    (error: unknown) => {
      console.error(`icons: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
