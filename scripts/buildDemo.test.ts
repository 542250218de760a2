// The demo build end to end: on made-up CityJSON always, and on the real Delfshaven file
// when ../shared/data/delfshaven exists. On CI (CI=true) the real-data tests always run, so
// a missing data folder fails them instead of skipping. Tests never use the network.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../src/shared/errors';
import { bboxContains, bboxOf, distanceM, expandBBoxM, ringCentroid } from '../src/shared/geo';
import { sha256Hex } from '../src/shared/hash';
import { Manifest, PackageIndex } from '../src/shared/packageFormat';
import { buildDemo } from './lib/buildDemoPipeline';
import type { BuildDemoSummary } from './lib/buildDemoPipeline';
import type { BuildingCollection } from './lib/cityJson';
import { makeCityJson, makeSourceFolder, rdRect } from '../tests/helpers/sourceFolders';
import { GLYPH_RANGES, glyphSourceDir } from './lib/glyphs';
import { findBuildingConflicts } from '../src/shared/authoring/placement';
import { DELFSHAVEN_SOURCE, delfshavenLocalPath, loadVerifiedSource } from './lib/source';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const noFetch = (): Promise<never> => Promise.reject(new Error('tests must not download'));

const dirs: string[] = [];
async function tmp(prefix: string): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Checks every chunk file of a written package against its manifest; returns the parsed manifest. */
async function readWrittenPackage(demoDir: string): Promise<{ manifest: Manifest; bytes: Buffer; chunk: (p: string) => Promise<Buffer> }> {
  const bytes = await readFile(path.join(demoDir, 'manifest.json'));
  const manifest = Manifest.parse(JSON.parse(bytes.toString('utf8')));
  const files = await readdir(path.join(demoDir, 'chunks'));
  expect(files.sort()).toEqual(manifest.chunks.map((c) => c.sha256).sort());
  for (const c of manifest.chunks) {
    const b = await readFile(path.join(demoDir, 'chunks', c.sha256));
    expect(await sha256Hex(b), c.path).toBe(c.sha256);
    expect(b.byteLength, c.path).toBe(c.size);
  }
  const chunk = (p: string): Promise<Buffer> => readFile(path.join(demoDir, 'chunks', manifest.chunks.find((c) => c.path === p)!.sha256));
  return { manifest, bytes, chunk };
}

describe('buildDemo on a made-up city model', () => {
  async function setup(): Promise<{ src: string; publicDir: string; glyphs: string; source: Uint8Array }> {
    const src = await makeSourceFolder({ 'layers/buildings.geojson': null });
    dirs.push(src);
    const glyphs = await tmp('raadskaart-glyphs-');
    for (const r of GLYPH_RANGES) await writeFile(path.join(glyphs, `${r}.pbf`), `glyphs ${r}`);
    const city = makeCityJson({
      buildings: [
        { id: 'b1', ground: rdRect(90600, 435600, 10, 10), zTop: 12, terrain: '2' },
        { id: 'b2', ground: rdRect(90700, 435700, 20, 8), zTop: 8, terrain: '1.5' },
      ],
    });
    return { src, publicDir: path.join(await tmp('raadskaart-public-'), 'public'), glyphs, source: new TextEncoder().encode(JSON.stringify(city)) };
  }

  it('writes the buildings layer, the package and the glyphs', async () => {
    const { src, publicDir, glyphs, source } = await setup();
    const summary = await buildDemo({ srcDir: src, publicDir, glyphSrcDir: glyphs, expectedBuildings: 2, loadSource: async () => ({ bytes: source, origin: 'fixture.json' }) });
    const layer = JSON.parse(await readFile(path.join(src, 'layers/buildings.geojson'), 'utf8')) as BuildingCollection;
    expect(layer.features.map((f) => [f.properties.id, f.properties.height])).toEqual([
      ['b1', 10],
      ['b2', 6.5],
    ]);
    const { manifest, chunk } = await readWrittenPackage(path.join(publicDir, 'demo'));
    expect(summary.chunks).toBe(manifest.chunks.length);
    const index = PackageIndex.parse(JSON.parse((await chunk('index.json')).toString('utf8')));
    expect(index.layers[0]!.featureCount).toBe(2);
    expect(await readdir(path.join(publicDir, 'glyphs', 'Noto Sans Regular'))).toEqual(GLYPH_RANGES.map((r) => `${r}.pbf`).sort());
  });

  it('stops before writing anything when the building count is not the expected one', async () => {
    const { src, publicDir, glyphs, source } = await setup();
    const run = buildDemo({ srcDir: src, publicDir, glyphSrcDir: glyphs, expectedBuildings: 3, loadSource: async () => ({ bytes: source, origin: '/x/fixture.json' }) });
    await expect(run).rejects.toThrow(ValidationError);
    await expect(run).rejects.toThrow('fixture.json: found 2 buildings, expected 3');
    expect(existsSync(path.join(src, 'layers/buildings.geojson'))).toBe(false);
    expect(existsSync(publicDir)).toBe(false);
  });
});

const dataPath = delfshavenLocalPath(repoRoot);
const runOnRealData = existsSync(dataPath) || process.env.CI === 'true';

describe.skipIf(!runOnRealData)('buildDemo on the real Delfshaven city model', () => {
  let first: BuildDemoSummary;
  let publicA: string;
  let publicB: string;
  let layer: BuildingCollection;

  beforeAll(async () => {
    // A copy of the example folder, so the test never races `npm run demo:build` on the real one.
    const src = path.join(await tmp('raadskaart-delfshaven-'), 'delfshaven');
    await cp(path.join(repoRoot, 'examples', 'delfshaven'), src, { recursive: true, filter: (p) => !p.endsWith('buildings.geojson') });
    await mkdir(path.join(src, 'layers'), { recursive: true });
    publicA = path.join(await tmp('raadskaart-public-a-'), 'public');
    publicB = path.join(await tmp('raadskaart-public-b-'), 'public');
    const opts = {
      srcDir: src,
      glyphSrcDir: glyphSourceDir(repoRoot),
      expectedBuildings: DELFSHAVEN_SOURCE.buildingCount,
      loadSource: () => loadVerifiedSource({ localPath: dataPath, url: DELFSHAVEN_SOURCE.url, sha256: DELFSHAVEN_SOURCE.sha256 }, noFetch),
    };
    first = await buildDemo({ ...opts, publicDir: publicA });
    await buildDemo({ ...opts, publicDir: publicB });
    layer = JSON.parse(await readFile(path.join(src, 'layers/buildings.geojson'), 'utf8')) as BuildingCollection;
  });

  it('derives 853 footprints with heights between 0 and 60 m', () => {
    expect(first.buildings).toBe(853);
    expect(layer.features).toHaveLength(853);
    for (const f of layer.features) {
      expect(f.properties.height, f.properties.id).toBeGreaterThan(0);
      expect(f.properties.height, f.properties.id).toBeLessThan(60);
    }
  });

  it('puts the first building near 4.4585 E, 51.9063 N (within 50 m)', () => {
    const g = layer.features[0]!.geometry;
    const ring = g.type === 'Polygon' ? g.coordinates[0]! : g.coordinates[0]![0]!;
    expect(distanceM(ringCentroid(ring), [4.4585, 51.9063])).toBeLessThan(50);
  });

  it('gives identical manifest bytes when built twice, and every chunk file matches its name and size', async () => {
    const a = await readWrittenPackage(path.join(publicA, 'demo'));
    const b = await readWrittenPackage(path.join(publicB, 'demo'));
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.manifest).toMatchObject({ packageId: 'nl.rotterdam.demo.delfshaven', version: 1, demo: true, municipality: { statcode: 'GM0599', name: 'Rotterdam' } });
    // Signed with the folder's public demo key (examples/delfshaven/keys, see its README).
    expect(a.manifest.signatures.map((s) => s.keyid)).toEqual(['afea432612546372a13fad5df74fdf18a717fddf0f1d7f38beacabe7c97a7b0a']);
    expect(a.manifest.chunks.map((c) => c.path)).toEqual(['index.json', 'layers/buildings.geojson', 'briefings/herinrichting-delfshaven.md', 'attachments/raadsvoorstel-demo.pdf']);
  });

  it('credits the city model and counts its features in the layer entry', () => {
    expect(first.pkg.index.layers).toEqual([
      expect.objectContaining({ kind: 'buildings', attribution: '3D-stadsmodel Gemeente Rotterdam', featureCount: 853, path: 'layers/buildings.geojson' }),
    ]);
  });

  it('places every intervention within 200 m of the buildings’ bbox', () => {
    const area = expandBBoxM(bboxOf(layer.features.map((f) => f.geometry)), 200);
    for (const s of first.pkg.index.scenarios) for (const iv of s.interventions) expect(bboxContains(area, bboxOf(iv.geometry)), iv.id).toBe(true);
  });

  it('places no park, water, trees, housing, car-free street or bike route on top of a building', () => {
    const interventions = first.pkg.index.scenarios.flatMap((s) => s.interventions);
    expect(interventions.length).toBeGreaterThanOrEqual(9);
    expect(findBuildingConflicts(interventions, layer.features)).toEqual([]);
  });

  it('has three scenarios of 2-5 interventions and six indicators with a value for each scenario', () => {
    const { scenarios, indicators } = first.pkg.index;
    expect(scenarios.map((s) => s.title)).toEqual(['Groen en klimaatadaptief', 'Verdichting met nieuwe woningen', 'Mobiliteit: 30 km/u-zone en autovrije straat']);
    for (const s of scenarios) expect(s.interventions.length).toBeGreaterThanOrEqual(2);
    for (const s of scenarios) expect(s.interventions.length).toBeLessThanOrEqual(5);
    expect(indicators.length).toBeGreaterThanOrEqual(6);
    for (const i of indicators) expect(Object.keys(i.values).sort()).toEqual(scenarios.map((s) => s.id).sort());
  });
});
