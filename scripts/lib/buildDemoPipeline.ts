// The demo build as one function: verified source -> footprints layer -> package -> glyphs.
// scripts/buildDemo.ts calls it with the real paths; tests call it with temporary folders
// and made-up sources. The source is checked before anything is written, so a wrong or
// truncated download leaves every output as it was.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJsonBytes } from '../../src/shared/canonicalJson';
import { ValidationError } from '../../src/shared/errors';
import { assemblePackage } from '../../src/shared/authoring/assemble';
import type { BuiltPackage } from '../../src/shared/authoring/assemble';
import { folderSourceFiles } from '../../src/node/sourceFolder';
import { cityJsonToFootprints } from './cityJson';
import { copyGlyphs } from './glyphs';
import type { LoadedSource } from './source';
import { writeFileAtomic } from '../../src/node/atomicWrite';
import { writePackage } from './writePackage';

export type BuildDemoOptions = {
  /** Source folder (examples/delfshaven); receives layers/buildings.geojson. */
  srcDir: string;
  /** The renderer's public folder (build/generated/public): gets demo/ and glyphs/. */
  publicDir: string;
  /** Folder with the glyph PBFs to copy. */
  glyphSrcDir: string;
  /** Returns the checked CityJSON bytes (see loadVerifiedSource). */
  loadSource: () => Promise<LoadedSource>;
  /** Buildings the source must yield; anything else means the wrong file or a broken parser. */
  expectedBuildings: number;
  /** Chunk path of the buildings layer inside srcDir. */
  buildingsFile?: string;
};

export type BuildDemoSummary = {
  origin: string;
  buildings: number;
  chunks: number;
  packageBytes: number;
  glyphBytes: number;
  ms: number;
  pkg: BuiltPackage;
};

/** Runs the whole build; see the module header for the order and why. */
export async function buildDemo(opts: BuildDemoOptions): Promise<BuildDemoSummary> {
  const t0 = performance.now();
  const source = await opts.loadSource();
  const json = JSON.parse(new TextDecoder().decode(source.bytes)) as unknown;
  const name = path.basename(source.origin);
  const buildings = cityJsonToFootprints(json, name);
  if (buildings.features.length !== opts.expectedBuildings)
    throw new ValidationError(`${name}: found ${buildings.features.length} buildings, expected ${opts.expectedBuildings}`, { file: name });
  const buildingsPath = path.join(opts.srcDir, opts.buildingsFile ?? 'layers/buildings.geojson');
  await mkdir(path.dirname(buildingsPath), { recursive: true });
  await writeFileAtomic(buildingsPath, canonicalJsonBytes(buildings));
  const pkg = await assemblePackage(folderSourceFiles(opts.srcDir));
  const packageBytes = await writePackage(path.join(opts.publicDir, 'demo'), pkg);
  const glyphBytes = await copyGlyphs(opts.glyphSrcDir, path.join(opts.publicDir, 'glyphs', 'Noto Sans Regular'));
  return { origin: source.origin, buildings: buildings.features.length, chunks: pkg.chunks.length, packageBytes, glyphBytes, ms: performance.now() - t0, pkg };
}
