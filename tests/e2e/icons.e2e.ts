// The app icon is rendered from resources/icon.svg by Chromium into the files electron-builder
// needs (npm run icons, part of npm run dist), and those files are real images of the right sizes.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIcons } from '../../scripts/buildIcons';
import { pngSize } from '../../scripts/lib/iconContainers';

const root = path.resolve(__dirname, '../..');

describe('app icon', () => {
  it('renders the SVG into icon.png (1024 px, not blank), icon.ico, icon.icns and the Linux sizes', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'raadskaart-icons-'));
    try {
      const names = await buildIcons(path.join(root, 'resources', 'icon.svg'), out);
      expect(names).toEqual(expect.arrayContaining(['icon.png', 'icon.ico', 'icon.icns', 'icons/16x16.png', 'icons/512x512.png']));
      const png = new Uint8Array(await readFile(path.join(out, 'icon.png')));
      expect(pngSize(png)).toEqual({ width: 1024, height: 1024 });
      // A blank render compresses to a few hundred bytes; the drawn icon does not.
      expect(png.length).toBeGreaterThan(10_000);
      expect(pngSize(new Uint8Array(await readFile(path.join(out, 'icons/48x48.png'))))).toEqual({ width: 48, height: 48 });
      const ico = await readFile(path.join(out, 'icon.ico'));
      expect(ico.readUInt16LE(4)).toBe(6);
      const icns = await readFile(path.join(out, 'icon.icns'));
      expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
      expect(icns.readUInt32BE(4)).toBe(icns.length);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
