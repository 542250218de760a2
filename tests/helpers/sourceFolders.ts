// Test helpers for the package builder and the demo build: small made-up CityJSON files and
// package source folders on disk, built by helpers so each test states only what it is about,
// and assembleFolder (the builder over a real folder, as `raadskaart pack` runs it).
// Test-only: never import this from product code.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import type { AssembleOptions, BuiltPackage } from '../../src/shared/authoring/assemble';
import { assemblePackage } from '../../src/shared/authoring/assemble';
import { ValidationError } from '../../src/shared/errors';
import { folderSourceFiles } from '../../src/node/sourceFolder';

export type FixtureBuilding = {
  id: string;
  /** Ground outline in RD metres, not closed, any winding. */
  ground: [number, number][];
  /** Extra rings (holes) of the ground surface. */
  holes?: [number, number][][];
  /** Z of the ground surface and the roof (metres NAP). */
  zBase?: number;
  zTop?: number;
  /** attributes.TerrainHeight; a string as in the Rotterdam data, or left out. */
  terrain?: string | number;
  type?: string;
};

/**
 * A CityJSON 0.3 document of prism-shaped `Solid` buildings: one GroundSurface (the outline),
 * one RoofSurface and a WallSurface per edge, semantics as nested arrays like the Delfshaven file.
 */
export function makeCityJson(opts: { buildings: FixtureBuilding[]; version?: string }): Record<string, unknown> {
  const vertices: [number, number, number][] = [];
  const add = (x: number, y: number, z: number): number => vertices.push([x, y, z]) - 1;
  const CityObjects: Record<string, unknown> = {};
  for (const b of opts.buildings) {
    const zBase = b.zBase ?? 0;
    const zTop = b.zTop ?? 10;
    const bottom = b.ground.map(([x, y]) => add(x, y, zBase));
    const top = b.ground.map(([x, y]) => add(x, y, zTop));
    const holes = (b.holes ?? []).map((h) => h.map(([x, y]) => add(x, y, zBase)));
    const surfaces: number[][][] = [[bottom, ...holes], [top]];
    const semantics: { type: string }[] = [{ type: 'GroundSurface' }, { type: 'RoofSurface' }];
    for (let i = 0; i < bottom.length; i++) {
      const j = (i + 1) % bottom.length;
      surfaces.push([[bottom[i] as number, bottom[j] as number, top[j] as number, top[i] as number]]);
      semantics.push({ type: 'WallSurface' });
    }
    CityObjects[b.id] = {
      type: b.type ?? 'Building',
      attributes: b.terrain === undefined ? { status: '1' } : { status: '1', TerrainHeight: b.terrain },
      geometry: [{ type: 'Solid', lod: 2, boundaries: [surfaces], semantics: [semantics] }],
    };
  }
  return { type: 'CityJSON', version: opts.version ?? '0.3', metadata: { crs: { epsg: 7415 } }, CityObjects, vertices };
}

/** An axis-aligned rectangle outline in RD metres. */
export function rdRect(x: number, y: number, w: number, h: number): [number, number][] {
  return [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ];
}

type Json = Record<string, unknown>;

/** A minimal valid source folder; `files` replaces or adds files by relative path (null removes). */
export async function makeSourceFolder(files: Record<string, Json | string | null> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'raadskaart-src-'));
  const square = (lon: number, lat: number, d: number): number[][][] => [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ];
  const defaults: Record<string, Json | string> = {
    'raadskaart.json': {
      sourceFormatVersion: 1,
      packageId: 'nl.example.test',
      version: 3,
      title: 'Testpakket',
      municipality: { statcode: 'GM0599', name: 'Rotterdam' },
      demo: true,
      created: '2026-01-01T00:00:00Z',
      validityDays: 10,
      layers: [{ id: 'gebouwen', title: 'Gebouwen', kind: 'buildings', file: 'layers/buildings.geojson', attribution: 'Test' }],
    },
    'meeting.json': {
      id: 'm1',
      title: 'Testvergadering',
      body: 'Gemeenteraad',
      date: '2026-02-01T19:00:00Z',
      agendaItems: [{ id: 'a1', number: '1', title: 'Punt', briefing: 'briefings/a1.md' }],
    },
    'scenarios.json': {
      scenarios: [
        { id: 's1', agendaItemId: 'a1', title: 'Een', summary: 'Eerste', file: 'scenarios/s1.geojson' },
        { id: 's2', agendaItemId: 'a1', title: 'Twee', summary: 'Tweede', file: 'scenarios/s2.geojson' },
      ],
    },
    'scenarios/s1.geojson': {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'p1', title: 'Park', description: 'Een park', kind: 'park' }, geometry: { type: 'Polygon', coordinates: square(4.45, 51.9, 0.001) } },
      ],
    },
    'scenarios/s2.geojson': {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'c1', title: 'Autovrij', description: 'Straat', kind: 'car-free' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [4.45, 51.9],
              [4.451, 51.9],
            ],
          },
        },
      ],
    },
    'indicators.json': {
      indicators: [
        { id: 'groen', title: 'Groen', unit: 'm²', direction: 'higherIsBetter', method: 'berekend', baseline: 100, compute: { kind: 'greenArea' } },
        {
          id: 'parkeren',
          title: 'Parkeren',
          unit: 'plaatsen',
          direction: 'higherIsBetter',
          method: 'berekend',
          baseline: 500,
          compute: { kind: 'parkingPlaces', metresPerPlace: 5.5 },
        },
        { id: 'kosten', title: 'Kosten', unit: 'EUR', direction: 'lowerIsBetter', method: 'illustratief', baseline: 0, values: { s1: 10, s2: 20 } },
      ],
    },
    'briefings/a1.md': '# Punt 1\n\nDemo.\n',
    'layers/buildings.geojson': {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { id: 'b1', height: 9.5, ground: 1 }, geometry: { type: 'Polygon', coordinates: square(4.452, 51.901, 0.0002) } }],
    },
  };
  const all: Record<string, Json | string | null> = { ...defaults, ...files };
  for (const [rel, content] of Object.entries(all)) {
    if (content === null) continue;
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/**
 * A maker of temporary source folders (see makeSourceFolder) for one test file; every folder
 * it made is removed after each test. Call it once at the top level of the test file.
 */
export function tempSourceFolders(): (files?: Parameters<typeof makeSourceFolder>[0]) => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async (files = {}) => {
    const dir = await makeSourceFolder(files);
    dirs.push(dir);
    return dir;
  };
}

/** The ValidationError `p` rejects with; the test fails if it resolves or rejects with anything else. */
export async function validationFailure(p: Promise<unknown>): Promise<ValidationError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ValidationError);
  return e as ValidationError;
}

/** The package builder over the source folder `dir` on disk, as `raadskaart pack` runs it. */
export function assembleFolder(dir: string, opts?: AssembleOptions): Promise<BuiltPackage> {
  return assemblePackage(folderSourceFiles(dir), opts);
}
