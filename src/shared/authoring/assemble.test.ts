import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { geometryLengthM, polygonAreaM2 } from '../geo';
import { sha256Hex } from '../hash';
import { Manifest, PackageIndex } from '../packageFormat';
import { assembleFolder, tempSourceFolders, validationFailure } from '../../../tests/helpers/sourceFolders';
import { assemblePackage } from './assemble';
import { memorySourceFiles } from './sourceFiles';

const folder = tempSourceFolders();
const failure = validationFailure;

const feature = (props: Record<string, unknown>, geometry: Record<string, unknown>): Record<string, unknown> => ({ type: 'Feature', properties: props, geometry });
const square = {
  type: 'Polygon',
  coordinates: [
    [
      [4.45, 51.9],
      [4.451, 51.9],
      [4.451, 51.901],
      [4.45, 51.901],
      [4.45, 51.9],
    ],
  ],
};

describe('assemblePackage', () => {
  it('builds the same bytes from files held in memory as from the folder on disk (the workbench and the CLI share it)', async () => {
    const dir = await folder();
    const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
    const files = Object.fromEntries(await Promise.all(names.map(async (name) => [name, new Uint8Array(await readFile(path.join(dir, name)))] as const)));

    const fromMemory = await assemblePackage(memorySourceFiles(files, 'in-memory project'));
    const fromDisk = await assembleFolder(dir);

    expect(fromMemory.manifestBytes).toEqual(fromDisk.manifestBytes);
    expect(fromMemory.chunks.map((c) => c.bytes)).toEqual(fromDisk.chunks.map((c) => c.bytes));
  });

  it('names the project in a missing-file message when the files are in memory', async () => {
    const e = await failure(assemblePackage(memorySourceFiles({}, 'project Delfshaven')));
    expect(e.message).toBe('raadskaart.json: file is missing in project Delfshaven');
  });

  it('builds a manifest whose chunks are the index, the layer and the briefing, with matching hashes', async () => {
    const dir = await folder();
    const pkg = await assembleFolder(dir);
    expect(Manifest.parse(pkg.manifest)).toEqual(pkg.manifest);
    expect(pkg.manifest.chunks.map((c) => c.path)).toEqual(['index.json', 'layers/buildings.geojson', 'briefings/a1.md']);
    for (const c of pkg.chunks) {
      expect(await sha256Hex(c.bytes)).toBe(c.ref.sha256);
      expect(c.bytes.byteLength).toBe(c.ref.size);
    }
    const layerBytes = new Uint8Array(await readFile(path.join(dir, 'layers/buildings.geojson')));
    expect(pkg.chunks[1]!.bytes).toEqual(layerBytes);
    const index = PackageIndex.parse(JSON.parse(new TextDecoder().decode(pkg.chunks[0]!.bytes)));
    expect(index.layers[0]).toMatchObject({ id: 'gebouwen', kind: 'buildings', featureCount: 1, attribution: 'Test' });
    expect(index.scenarios.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(pkg.manifest.signatures).toEqual([]);
  });

  it('fixes created from the source and sets expires validityDays later', async () => {
    const pkg = await assembleFolder(await folder());
    expect(pkg.manifest.created).toBe('2026-01-01T00:00:00.000Z');
    expect(pkg.manifest.expires).toBe('2026-01-11T00:00:00.000Z');
  });

  it('gives identical manifest bytes when built twice', async () => {
    const dir = await folder();
    const a = await assembleFolder(dir);
    const b = await assembleFolder(dir);
    expect(Buffer.from(a.manifestBytes).equals(Buffer.from(b.manifestBytes))).toBe(true);
  });

  it('computes green area and lost parking from the intervention geometry', async () => {
    const pkg = await assembleFolder(await folder());
    const green = pkg.index.indicators.find((i) => i.id === 'groen')!;
    const parking = pkg.index.indicators.find((i) => i.id === 'parkeren')!;
    const park = pkg.index.scenarios[0]!.interventions[0]!;
    const street = pkg.index.scenarios[1]!.interventions[0]!;
    expect(green.values).toEqual({ s1: Math.round(100 + polygonAreaM2(park.geometry)), s2: 100 });
    expect(green.values.s1).toBeGreaterThan(7000); // 0.001° x 0.001° at 52° N is about 7,650 m²
    expect(parking.values).toEqual({ s1: 500, s2: 500 - Math.floor(geometryLengthM(street.geometry) / 5.5) });
    expect(parking.values.s2).toBe(500 - 12); // 68.7 m / 5.5 m
  });

  it('computes housing units, paved area and sealed share from geometry', async () => {
    const dir = await folder({
      'scenarios/s2.geojson': { type: 'FeatureCollection', features: [feature({ id: 'h1', title: 'Woningen', description: '', kind: 'housing', height: 10 }, square)] },
      'indicators.json': {
        indicators: [
          {
            id: 'woningen',
            title: 'W',
            unit: 'st',
            direction: 'higherIsBetter',
            method: 'm',
            baseline: 10,
            compute: { kind: 'housingUnits', storeyHeightM: 3, netToGross: 0.8, m2PerUnit: 75 },
          },
          {
            id: 'aandeel',
            title: 'A',
            unit: '%',
            direction: 'lowerIsBetter',
            method: 'm',
            compute: { kind: 'sealedShare', buildingsLayer: 'gebouwen', pavedIndicator: 'verhard' },
          },
          { id: 'verhard', title: 'V', unit: 'm²', direction: 'lowerIsBetter', method: 'm', baseline: 1000000, compute: { kind: 'pavedArea' } },
        ],
      },
      // Two small buildings about 2 km apart: a plan area (their bbox) of about 4.6 km².
      'layers/buildings.geojson': {
        type: 'FeatureCollection',
        features: [
          feature(
            { id: 'b1', height: 5 },
            {
              type: 'Polygon',
              coordinates: [
                [
                  [4.44, 51.89],
                  [4.4401, 51.89],
                  [4.4401, 51.8901],
                  [4.44, 51.8901],
                  [4.44, 51.89],
                ],
              ],
            },
          ),
          feature(
            { id: 'b2', height: 5 },
            {
              type: 'Polygon',
              coordinates: [
                [
                  [4.47, 51.91],
                  [4.4701, 51.91],
                  [4.4701, 51.9101],
                  [4.47, 51.9101],
                  [4.47, 51.91],
                ],
              ],
            },
          ),
        ],
      },
    });
    const pkg = await assembleFolder(dir);
    const area = polygonAreaM2(square as never);
    const [units, share, paved] = pkg.index.indicators;
    expect(units!.values).toEqual({ s1: 10, s2: 10 + Math.floor((area * 3 * 0.8) / 75) });
    expect(paved!.values).toEqual({ s1: Math.round(1000000 - area), s2: Math.round(1000000 - area) });
    expect(share!.baseline).toBeGreaterThan(20);
    expect(share!.baseline).toBeLessThan(23);
    // Housing replaces paving: the sealed share of s2 equals the baseline; s1's park lowers it.
    expect(share!.values.s2).toBe(share!.baseline);
    expect(share!.values.s1).toBeLessThan(share!.baseline);
  });

  it('computes an agenda item’s bbox from the layers and its interventions when left out', async () => {
    const pkg = await assembleFolder(await folder());
    const bbox = pkg.index.meetings[0]!.agendaItems[0]!.bbox;
    expect(bbox[0]).toBe(4.45);
    expect(bbox[1]).toBe(51.9);
    expect(bbox[2]).toBeCloseTo(4.4522, 6);
    expect(bbox[3]).toBeCloseTo(51.9012, 6);
  });

  it('names the scenario file and feature index of an intervention with an unknown kind', async () => {
    const dir = await folder({
      'scenarios/s1.geojson': {
        type: 'FeatureCollection',
        features: [feature({ id: 'ok', title: 'Park', description: '', kind: 'park' }, square), feature({ id: 'bad', title: 'Zwembad', description: '', kind: 'pool' }, square)],
      },
    });
    const e = await failure(assembleFolder(dir));
    expect(e.message).toMatch(/^scenarios\/s1\.geojson: features\[1\]\.properties\.kind: /);
    expect(e.location).toMatchObject({ file: 'scenarios/s1.geojson', featureIndex: 1 });
  });

  it('names the feature of a housing block without a height', async () => {
    const dir = await folder({ 'scenarios/s2.geojson': { type: 'FeatureCollection', features: [feature({ id: 'h', title: 'W', description: '', kind: 'housing' }, square)] } });
    const e = await failure(assembleFolder(dir));
    expect(e.message).toBe('scenarios/s2.geojson: features[0].properties.height: housing needs a height in metres');
    expect(e.location.featureIndex).toBe(0);
  });

  it('names the feature whose geometry does not suit its kind, or is not WGS84, or has an open ring', async () => {
    const line = {
      type: 'LineString',
      coordinates: [
        [4.45, 51.9],
        [4.46, 51.9],
      ],
    };
    const rd = {
      type: 'LineString',
      coordinates: [
        [90409, 435440],
        [90500, 435440],
      ],
    };
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [4.45, 51.9],
          [4.451, 51.9],
          [4.451, 51.901],
          [4.45, 51.901],
        ],
      ],
    };
    const park = (g: Record<string, unknown>): Record<string, Record<string, unknown>> => ({
      'scenarios/s1.geojson': {
        type: 'FeatureCollection',
        features: [
          feature({ id: 'x', title: 'X', description: '', kind: 'park' }, square),
          feature({ id: 'p', title: 'P', description: '', kind: g === rd ? 'car-free' : 'park' }, g),
        ],
      },
    });
    expect((await failure(assembleFolder(await folder(park(line))))).message).toMatch(
      /features\[1\]\.geometry: a "park" intervention must be Polygon or MultiPolygon, not LineString/,
    );
    expect((await failure(assembleFolder(await folder(park(rd))))).message).toMatch(/features\[1\]\.geometry: position \[90409, 435440\] is not WGS84/);
    expect((await failure(assembleFolder(await folder(park(open))))).message).toMatch(/features\[1\]\.geometry: ring 0 is not closed/);
  });

  it('rejects an intervention id used twice in the package', async () => {
    const dir = await folder({ 'scenarios/s2.geojson': { type: 'FeatureCollection', features: [feature({ id: 'p1', title: 'P', description: '', kind: 'park' }, square)] } });
    expect((await failure(assembleFolder(dir))).message).toBe('scenarios/s2.geojson: features[0].properties.id: "p1" is already used in scenarios/s1.geojson');
  });

  it('names the JSON path of a scenario pointing at an unknown agenda item', async () => {
    const dir = await folder({ 'scenarios.json': { scenarios: [{ id: 's1', agendaItemId: 'nope', title: 'T', summary: '', file: 'scenarios/s1.geojson' }] } });
    const e = await failure(assembleFolder(dir));
    expect(e.message).toBe('scenarios.json: $.scenarios[0].agendaItemId: no agenda item "nope" in meeting.json');
  });

  it('names an indicator that lacks a value for a scenario', async () => {
    const dir = await folder({
      'indicators.json': { indicators: [{ id: 'kosten', title: 'K', unit: 'EUR', direction: 'lowerIsBetter', method: 'm', baseline: 0, values: { s1: 1 } }] },
    });
    expect((await failure(assembleFolder(dir))).message).toBe('indicators.json: $.indicators[0] ("kosten"): no value for scenario(s) s2');
  });

  it('reports schema errors with the file and JSON path', async () => {
    const dir = await folder({ 'meeting.json': { id: 'm', title: 'T', body: 'B', date: 'morgen', agendaItems: [{ id: 'a1', number: '1', title: 'P' }] } });
    const e = await failure(assembleFolder(dir));
    expect(e.message).toMatch(/^meeting\.json: \$\.date: /);
    expect(e.location).toEqual({ file: 'meeting.json', path: '$.date' });
  });

  it('says how to get the buildings layer when it is missing', async () => {
    const dir = await folder({ 'layers/buildings.geojson': null });
    expect((await failure(assembleFolder(dir))).message).toMatch(/layers\/buildings\.geojson: file is missing .*npm run demo:build/);
  });

  it('names the file that is not valid JSON', async () => {
    const dir = await folder({ 'scenarios/s2.geojson': '{"type": "FeatureCollection", ' });
    expect((await failure(assembleFolder(dir))).message).toMatch(/^scenarios\/s2\.geojson: not valid JSON/);
  });
});
