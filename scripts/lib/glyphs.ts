// Copies the map label glyphs (Noto Sans, SIL OFL 1.1, from tileserver-gl-styles) into the
// renderer's public folder: offline there is no glyph server. Only the Latin ranges that
// Dutch text needs, so the app stays small.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../../src/shared/errors';
import { writeFileAtomic } from '../../src/node/atomicWrite';

export const GLYPH_FONT = 'Noto Sans Regular';
/** Basic Latin + Latin-1, Latin Extended-A/B, general punctuation (– — ‘ ’ “ ” €). */
export const GLYPH_RANGES = ['0-255', '256-511', '8192-8447'] as const;

/** Path of the font stack inside node_modules. */
export function glyphSourceDir(repoRoot: string): string {
  return path.join(repoRoot, 'node_modules', 'tileserver-gl-styles', 'fonts', GLYPH_FONT);
}

/** Copies the ranges from `fromDir` to `toDir`; returns the bytes copied. */
export async function copyGlyphs(fromDir: string, toDir: string): Promise<number> {
  await mkdir(toDir, { recursive: true });
  let total = 0;
  for (const range of GLYPH_RANGES) {
    const src = path.join(fromDir, `${range}.pbf`);
    if (!existsSync(src)) throw new ValidationError(`glyph file ${src} is missing: is tileserver-gl-styles installed?`, { file: src });
    const bytes = new Uint8Array(await readFile(src));
    await writeFileAtomic(path.join(toDir, `${range}.pbf`), bytes);
    total += bytes.byteLength;
  }
  return total;
}
