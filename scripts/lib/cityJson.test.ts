import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/shared/errors';
import { polygonAreaM2, ringSignedAreaM2 } from '../../src/shared/geo';
import { rdToWgs84 } from '../../src/shared/rd';
import { cityJsonToFootprints } from './cityJson';
import { makeCityJson, rdRect } from '../../tests/helpers/sourceFolders';

describe('cityJsonToFootprints', () => {
  it('takes the footprint from the GroundSurface, reprojected, closed, counter-clockwise, 7 decimals', () => {
    // Clockwise outline, as a downward-facing ground surface usually is.
    const ground = [...rdRect(90500, 435500, 20, 10)].reverse();
    const fc = cityJsonToFootprints(makeCityJson({ buildings: [{ id: 'b1', ground, zBase: 2, zTop: 14.26, terrain: '2.53' }] }));
    expect(fc.features).toHaveLength(1);
    const f = fc.features[0]!;
    expect(f.geometry.type).toBe('Polygon');
    const ring = (f.geometry.coordinates as number[][][])[0]!;
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(ringSignedAreaM2(ring)).toBeGreaterThan(0);
    for (const p of ring) for (const c of p) expect(Number(c.toFixed(7))).toBe(c);
    const [lon, lat] = rdToWgs84([90500, 435500]);
    expect(ring.some(([x, y]) => Math.abs(x! - lon) < 1e-7 && Math.abs(y! - lat) < 1e-7)).toBe(true);
    expect(polygonAreaM2(f.geometry)).toBeCloseTo(200, 0);
  });

  it('gives height = highest z minus TerrainHeight (a string) to 1 decimal, and ground = TerrainHeight', () => {
    const fc = cityJsonToFootprints(makeCityJson({ buildings: [{ id: 'b1', ground: rdRect(90500, 435500, 5, 5), zBase: 0, zTop: 14.26, terrain: '2.53' }] }));
    expect(fc.features[0]!.properties).toEqual({ id: 'b1', height: 11.7, ground: 2.53 });
  });

  it('falls back to the solid’s own height when TerrainHeight is missing, not a number, or above the roof', () => {
    const fc = cityJsonToFootprints(
      makeCityJson({
        buildings: [
          { id: 'none', ground: rdRect(90500, 435500, 5, 5), zBase: 1, zTop: 7 },
          { id: 'text', ground: rdRect(90510, 435500, 5, 5), zBase: 1, zTop: 7, terrain: 'onbekend' },
          { id: 'high', ground: rdRect(90520, 435500, 5, 5), zBase: 1, zTop: 7, terrain: '9' },
        ],
      }),
    );
    expect(fc.features.map((f) => f.properties.height)).toEqual([6, 6, 6]);
    expect(fc.features[0]!.properties.ground).toBe(1);
  });

  it('keeps source order, skips objects that are not buildings', () => {
    const fc = cityJsonToFootprints(
      makeCityJson({
        buildings: [
          { id: 'z', ground: rdRect(90500, 435500, 5, 5) },
          { id: 'tree', ground: rdRect(90510, 435500, 1, 1), type: 'SolitaryVegetationObject' },
          { id: 'a', ground: rdRect(90520, 435500, 5, 5) },
        ],
      }),
    );
    expect(fc.features.map((f) => f.properties.id)).toEqual(['z', 'a']);
  });

  it('keeps a hole in the ground surface, wound clockwise', () => {
    const fc = cityJsonToFootprints(makeCityJson({ buildings: [{ id: 'ring', ground: rdRect(90500, 435500, 30, 30), holes: [rdRect(90510, 435510, 10, 10)] }] }));
    const rings = fc.features[0]!.geometry.coordinates as number[][][];
    expect(rings).toHaveLength(2);
    expect(ringSignedAreaM2(rings[1]!)).toBeLessThan(0);
    expect(polygonAreaM2(fc.features[0]!.geometry)).toBeCloseTo(800, 0);
  });

  it('makes a MultiPolygon from two ground surfaces and drops a degenerate one', () => {
    const json = makeCityJson({ buildings: [{ id: 'two', ground: rdRect(90500, 435500, 10, 10) }] });
    const obj = (json.CityObjects as Record<string, { geometry: { boundaries: number[][][][]; semantics: { type: string }[][] }[] }>)['two']!;
    const vertices = json.vertices as number[][];
    const add = (x: number, y: number): number => vertices.push([x, y, 0]) - 1;
    const second = rdRect(90520, 435500, 4, 4).map(([x, y]) => add(x, y));
    const collinear = [add(90530, 435500), add(90531, 435500), add(90532, 435500)];
    obj.geometry[0]!.boundaries[0]!.push([second], [collinear]);
    obj.geometry[0]!.semantics[0]!.push({ type: 'GroundSurface' }, { type: 'GroundSurface' });
    const f = cityJsonToFootprints(json).features[0]!;
    expect(f.geometry.type).toBe('MultiPolygon');
    expect(f.geometry.coordinates).toHaveLength(2);
    expect(polygonAreaM2(f.geometry)).toBeCloseTo(116, 0);
  });

  it('reads CityJSON 1.x semantics ({surfaces, values}) and vertex transforms', () => {
    const json = makeCityJson({ buildings: [{ id: 'v1', ground: rdRect(905, 4355, 1, 1), zBase: 0, zTop: 1, terrain: 0 }], version: '1.1' });
    json.transform = { scale: [100, 100, 8], translate: [0, 0, 0] };
    const obj = (json.CityObjects as Record<string, { geometry: { semantics: unknown }[] }>)['v1']!;
    obj.geometry[0]!.semantics = { surfaces: [{ type: 'GroundSurface' }, { type: 'RoofSurface' }, { type: 'WallSurface' }], values: [[0, 1, 2, 2, 2, 2]] };
    const f = cityJsonToFootprints(json).features[0]!;
    expect(polygonAreaM2(f.geometry)).toBeCloseTo(10000, -1);
    expect(f.properties.height).toBe(8);
  });

  it('names the building that has no GroundSurface', () => {
    const json = makeCityJson({ buildings: [{ id: '{ABC}', ground: rdRect(90500, 435500, 5, 5) }] });
    const obj = (json.CityObjects as Record<string, { geometry: { semantics: { type: string }[][] }[] }>)['{ABC}']!;
    obj.geometry[0]!.semantics[0]![0] = { type: 'WallSurface' };
    expect(() => cityJsonToFootprints(json, 'delfshaven.json')).toThrow(/delfshaven\.json: CityObjects\["\{ABC\}"\]: building has no GroundSurface/);
  });

  it('names the building whose vertex index is out of range', () => {
    const json = makeCityJson({ buildings: [{ id: 'b9', ground: rdRect(90500, 435500, 5, 5) }] });
    (json.vertices as number[][]).splice(2);
    expect(() => cityJsonToFootprints(json)).toThrow(/CityObjects\["b9"\]\.geometry\[0\]: vertex index \d+ is out of range/);
  });

  it('rejects a document that is not CityJSON, naming the file', () => {
    expect(() => cityJsonToFootprints({ type: 'FeatureCollection', features: [] }, 'x.json')).toThrow(ValidationError);
    expect(() => cityJsonToFootprints({ type: 'FeatureCollection' }, 'x.json')).toThrow(/^x\.json is not CityJSON/);
  });
});
