// Benchmark packages built the way `raadskaart pack` builds them: a source folder (the
// examples/delfshaven meeting, scenarios and briefing, plus generated building layers) is
// assembled by src/shared/authoring/assemble.ts and signed with a key the benchmark generates.
// Deterministic (a seeded generator): the same arguments always give the same bytes.
// Bench-only: never used by the app, never writes outside the folders it is given.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { assemblePackage } from '../src/shared/authoring/assemble';
import type { BuiltPackage } from '../src/shared/authoring/assemble';
import { folderSourceFiles } from '../src/node/sourceFolder';
import type { PrivateKeyFile } from '../src/shared/keys';

const root = resolve(__dirname, '..');
const EXAMPLE = resolve(root, 'examples/delfshaven');

/** mulberry32: a small seeded PRNG, so generated layers are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;
const hex = (rand: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16))
    .join('')
    .toUpperCase();

/**
 * One building as GeoJSON text in the form the demo builder writes (sorted keys, a closed
 * 5-position footprint in WGS84 with 7 decimals, ground and height in metres, a GUID id).
 * `heightSeed` changes only the heights, so a layer can change without its geometry (and so
 * without index.json: featureCount and bbox stay the same).
 */
function building(index: number, heightSeed: number): string {
  const r = prng(index * 7919 + 17);
  const h = prng(index * 104729 + heightSeed * 15485863 + 3);
  // A grid over Delfshaven (about 4.43–4.47 E, 51.90–51.92 N), 400 columns.
  const col = index % 400;
  const row = Math.floor(index / 400);
  const x = 4.43 + col * 0.0001 + r() * 0.00002;
  const y = 51.9 + row * 0.00008 + r() * 0.00002;
  const dx = 0.00003 + r() * 0.00005;
  const dy = 0.00002 + r() * 0.00004;
  const ring = [
    [x, y],
    [x + dx, y],
    [x + dx, y + dy],
    [x, y + dy],
    [x, y],
  ]
    .map(([a, b]) => `[${round7(a as number)},${round7(b as number)}]`)
    .join(',');
  const ground = Math.round(r() * 400) / 100;
  const height = Math.round((3 + h() * 40) * 10) / 10;
  const id = `{${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}}`;
  return `{"geometry":{"coordinates":[[${ring}]],"type":"Polygon"},"properties":{"ground":${ground},"height":${height},"id":"${id}"},"type":"Feature"}`;
}

const PREFIX = '{"features":[';
const SUFFIX = '],"type":"FeatureCollection"}';

/**
 * Buildings 0..total-1 cut into layers of at most `maxLayerBytes` each (the packer keeps one
 * chunk per layer file, so this is the chunk size). Returns each layer's GeoJSON text.
 */
export function buildingLayers(total: number, maxLayerBytes: number, heightSeed = 1): string[] {
  const layers: string[] = [];
  let parts: string[] = [];
  let bytes = PREFIX.length + SUFFIX.length;
  for (let i = 0; i < total; i++) {
    const f = building(i, heightSeed);
    if (parts.length > 0 && bytes + f.length + 1 > maxLayerBytes) {
      layers.push(PREFIX + parts.join(',') + SUFFIX);
      parts = [];
      bytes = PREFIX.length + SUFFIX.length;
    }
    parts.push(f);
    bytes += f.length + 1;
  }
  if (parts.length) layers.push(PREFIX + parts.join(',') + SUFFIX);
  return layers;
}

/** Buildings `first`..`first+count-1` as one layer. */
export function buildingLayer(first: number, count: number, heightSeed = 1): string {
  const parts: string[] = [];
  for (let i = first; i < first + count; i++) parts.push(building(i, heightSeed));
  return PREFIX + parts.join(',') + SUFFIX;
}

export type SyntheticSpec = {
  packageId: string;
  version: number;
  /** GeoJSON text of each layer, in order. */
  layers: string[];
  signingKey: PrivateKeyFile;
};

/**
 * Writes a source folder into `dir` (the example's meeting, scenarios, briefing, attachments and
 * indicators, with the given layers) and assembles it with the packer's code.
 */
export async function assembleSynthetic(dir: string, spec: SyntheticSpec): Promise<BuiltPackage> {
  await mkdir(join(dir, 'layers'), { recursive: true });
  for (const name of ['meeting.json', 'scenarios.json', 'scenarios', 'briefings', 'attachments']) {
    await cp(join(EXAMPLE, name), join(dir, name), { recursive: true });
  }
  // The "sealed share" indicator relates a layer named "gebouwen" to the plan area of the
  // real demo; generated layers say nothing about that, so it is left out.
  const indicators = JSON.parse(await readFile(join(EXAMPLE, 'indicators.json'), 'utf8')) as { indicators: { compute?: { kind: string } }[] };
  indicators.indicators = indicators.indicators.filter((i) => i.compute?.kind !== 'sealedShare');
  await writeFile(join(dir, 'indicators.json'), JSON.stringify(indicators));

  const width = String(spec.layers.length).length;
  const layers = spec.layers.map((_, i) => {
    const n = String(i + 1).padStart(width, '0');
    return { id: `gebouwen-${n}`, title: `Gebouwen ${n}`, kind: 'buildings', file: `layers/buildings-${n}.geojson`, attribution: 'Synthetic buildings (benchmark)' };
  });
  for (const [i, l] of layers.entries()) await writeFile(join(dir, l.file), spec.layers[i] as string);
  // A fixed day keeps the bytes reproducible within a day; the manifest stays valid 30 days.
  const created = new Date(`${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`);
  const source = {
    sourceFormatVersion: 1,
    packageId: spec.packageId,
    version: spec.version,
    title: `Benchmark ${spec.packageId}`,
    municipality: { statcode: 'GM0599', name: 'Rotterdam' },
    demo: false,
    created: created.toISOString(),
    validityDays: 30,
    layers,
  };
  await writeFile(join(dir, 'raadskaart.json'), JSON.stringify(source, null, 2));
  return assemblePackage(folderSourceFiles(dir), { signingKey: spec.signingKey });
}
