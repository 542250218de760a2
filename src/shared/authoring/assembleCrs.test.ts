// Coordinate systems of source GeoJSON: RD New (EPSG:28992) is reprojected at pack time,
// WGS84 is checked to lie in the Netherlands, and every refusal names file and feature.
import { describe, expect, it } from 'vitest';
import { polygonAreaM2 } from '../geo';
import { rdToWgs84 } from '../rd';
import { assembleFolder, rdRect, tempSourceFolders, validationFailure } from '../../../tests/helpers/sourceFolders';

const folder = tempSourceFolders();
const failure = validationFailure;

const RD_URN = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } };
const RD_SHORT = { type: 'name', properties: { name: 'EPSG:28992' } };
/** A closed RD ring of a w × h m rectangle. */
const rdRing = (x: number, y: number, w: number, h: number): number[][] => {
  const r = rdRect(x, y, w, h);
  return [...r, r[0] as [number, number]];
};
const park = (id: string, ring: number[][]): Record<string, unknown> => ({
  type: 'Feature',
  properties: { id, title: 'Park', description: '', kind: 'park' },
  geometry: { type: 'Polygon', coordinates: [ring] },
});

describe('RD New source GeoJSON', () => {
  it('reprojects a scenario file that declares EPSG:28992 and computes areas from the WGS84 result', async () => {
    const dir = await folder({ 'scenarios/s1.geojson': { type: 'FeatureCollection', crs: RD_URN, features: [park('p1', rdRing(90400, 435400, 100, 100))] } });
    const pkg = await assembleFolder(dir);
    const geometry = pkg.index.scenarios[0]!.interventions[0]!.geometry;
    expect(geometry.type).toBe('Polygon');
    const first = (geometry as { coordinates: number[][][] }).coordinates[0]![0]!;
    const [lon, lat] = rdToWgs84([90400, 435400]);
    expect(first[0]).toBeCloseTo(lon, 7);
    expect(first[1]).toBeCloseTo(lat, 7);
    expect(first[0]).toBeGreaterThan(4.4);
    expect(first[0]).toBeLessThan(4.5);
    // 100 m × 100 m in RD is 10,000 m² on the ground (RD's scale error here is far below 0.5 %).
    expect(polygonAreaM2(geometry)).toBeGreaterThan(9950);
    expect(polygonAreaM2(geometry)).toBeLessThan(10050);
    const green = pkg.index.indicators.find((i) => i.id === 'groen')!;
    expect(green.values.s1).toBe(Math.round(100 + polygonAreaM2(geometry)));
  });

  it('ships a layer declared as "EPSG:28992" as WGS84 GeoJSON without crs', async () => {
    const layer = {
      type: 'FeatureCollection',
      crs: RD_SHORT,
      features: [{ type: 'Feature', properties: { id: 'b1', height: 12 }, geometry: { type: 'Polygon', coordinates: [rdRing(90450, 435450, 20, 10)] } }],
    };
    const pkg = await assembleFolder(await folder({ 'layers/buildings.geojson': layer }));
    const chunk = pkg.chunks.find((c) => c.ref.path === 'layers/buildings.geojson')!;
    const shipped = JSON.parse(new TextDecoder().decode(chunk.bytes)) as { crs?: unknown; features: { properties: unknown; geometry: { coordinates: number[][][] } }[] };
    expect(shipped.crs).toBeUndefined();
    expect(shipped.features[0]!.properties).toEqual({ id: 'b1', height: 12 });
    const [lon, lat] = rdToWgs84([90450, 435450]);
    expect(shipped.features[0]!.geometry.coordinates[0]![0]).toEqual([Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7]);
    // RD north is not exactly true north, so the west edge is the corner of the rectangle furthest west.
    expect(pkg.index.layers[0]!.bbox[0]).toBeCloseTo(lon, 4);
  });

  it('refuses an RD position outside the RD grid and names the file and feature index', async () => {
    const dir = await folder({
      'scenarios/s1.geojson': { type: 'FeatureCollection', crs: RD_URN, features: [park('p1', rdRing(90400, 435400, 100, 100)), park('p2', rdRing(90400, 35400, 100, 100))] },
    });
    const e = await failure(assembleFolder(dir));
    expect(e.message).toMatch(/^scenarios\/s1\.geojson: features\[1\]\.geometry: position \[90400, 35400\] is not RD New metres/);
    expect(e.location).toMatchObject({ file: 'scenarios/s1.geojson', featureIndex: 1 });
  });

  it('refuses RD coordinates in a layer and names the feature', async () => {
    const layer = {
      type: 'FeatureCollection',
      crs: RD_SHORT,
      features: [{ type: 'Feature', properties: { height: 12 }, geometry: { type: 'Polygon', coordinates: [rdRing(4.45, 51.9, 0.001, 0.001)] } }],
    };
    const e = await failure(assembleFolder(await folder({ 'layers/buildings.geojson': layer })));
    expect(e.message).toMatch(/^layers\/buildings\.geojson: features\[0\]\.geometry: position \[4\.45, 51\.9\] is not RD New metres/);
    expect(e.location).toMatchObject({ file: 'layers/buildings.geojson', featureIndex: 0 });
  });

  it('refuses a crs it does not know, naming the JSON path', async () => {
    const crs = { type: 'name', properties: { name: 'EPSG:3857' } };
    const dir = await folder({ 'scenarios/s1.geojson': { type: 'FeatureCollection', crs, features: [park('p1', rdRing(90400, 435400, 100, 100))] } });
    const e = await failure(assembleFolder(dir));
    expect(e.message).toMatch(/^scenarios\/s1\.geojson: \$\.crs\.properties\.name: "EPSG:3857" is not supported/);
    expect(e.location).toEqual({ file: 'scenarios/s1.geojson', path: '$.crs.properties.name' });
  });
});

describe('WGS84 source GeoJSON', () => {
  it('refuses swapped longitude and latitude (outside the Netherlands) and names the feature', async () => {
    const swapped = [
      [51.9, 4.45],
      [51.9, 4.451],
      [51.901, 4.451],
      [51.9, 4.45],
    ];
    const dir = await folder({ 'scenarios/s1.geojson': { type: 'FeatureCollection', features: [park('p1', swapped)] } });
    const e = await failure(assembleFolder(dir));
    expect(e.message).toMatch(/^scenarios\/s1\.geojson: features\[0\]\.geometry: position \[51\.9, 4\.45\] lies outside the Netherlands/);
    expect(e.location).toMatchObject({ file: 'scenarios/s1.geojson', featureIndex: 0 });
  });

  it('accepts an explicit CRS84 crs as WGS84', async () => {
    const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } };
    const ring = [
      [4.45, 51.9],
      [4.451, 51.9],
      [4.451, 51.901],
      [4.45, 51.9],
    ];
    const pkg = await assembleFolder(await folder({ 'scenarios/s1.geojson': { type: 'FeatureCollection', crs, features: [park('p1', ring)] } }));
    expect(pkg.index.scenarios[0]!.interventions[0]!.geometry).toEqual({ type: 'Polygon', coordinates: [ring] });
  });
});
