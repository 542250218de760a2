// The fast path of the GeoJSON layer check: it must never call a layer valid that the full check
// (JSON.parse + checkParsedFeatureCollection) refuses, and it must take the fast path for the
// layers the packer writes. Checked on hand-picked cases and on random, randomly damaged layers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFeatureCollection, checkParsedFeatureCollection } from './geojson';
import { isSurelyValidFeatureCollection } from './geojsonScan';

const bytes = (text: string) => new TextEncoder().encode(text);

/** What the full check says: true when it accepts. */
function fullCheckAccepts(data: Uint8Array): boolean {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    return false;
  }
  try {
    checkParsedFeatureCollection('layer.geojson', value);
    return true;
  } catch {
    return false;
  }
}

const square = '[[4.1,51.9],[4.2,51.9],[4.2,52],[4.1,52],[4.1,51.9]]';
const collection = (...features: string[]) => `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
const feature = (geometry: string, extra = '') => `{"type":"Feature","properties":{"height":12.5}${extra},"geometry":${geometry}}`;

describe('isSurelyValidFeatureCollection', () => {
  const valid: Record<string, string> = {
    'a polygon': collection(feature(`{"type":"Polygon","coordinates":[${square}]}`)),
    'keys in sorted order, as the packer writes them': `{"features":[{"geometry":{"coordinates":[${square}],"type":"Polygon"},"properties":{"id":"{AB-12}"},"type":"Feature"}],"type":"FeatureCollection"}`,
    'every geometry type': collection(
      feature('{"type":"Point","coordinates":[4.1,51.9]}'),
      feature('{"type":"MultiPoint","coordinates":[[4.1,51.9],[4.2,51.9,3]]}'),
      feature('{"type":"LineString","coordinates":[[4.1,51.9],[4.2,51.9]]}'),
      feature('{"type":"MultiLineString","coordinates":[[[4.1,51.9],[4.2,51.9]],[[1,2],[3,4],[5,6]]]}'),
      feature(`{"type":"MultiPolygon","coordinates":[[${square}],[${square},${square}]]}`),
      feature('{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[1,2],[3,4]]}]}'),
      feature('{"type":"GeometryCollection","geometries":[]}'),
      feature('null'),
    ),
    'no features': collection(),
    'whitespace everywhere': ` {\n "type" : "FeatureCollection" ,\r\n\t"features" : [ { "type" : "Feature" , "geometry" : { "type" : "Point" , "coordinates" : [ 1 , 2 ] } } ] } \n`,
    'a ring closed by the same numbers written differently': collection(feature('{"type":"Polygon","coordinates":[[[1.0,2],[3,4],[5,6],[1,2.00]]]}')),
    'a ring closed at minus zero and zero': collection(feature('{"type":"Polygon","coordinates":[[[-0,2],[3,4],[5,6],[0,2]]]}')),
    'properties of any JSON, escapes and non-ASCII text included': collection(
      feature('{"type":"Point","coordinates":[1,2]}', ',"naam":"Straße \\"Oude\\" Haven \\u00e9 ─","tags":[true,false,null,{"a":[1e5,-2.5E-3]}],"type2":"x"'),
    ),
    'a GeometryCollection whose geometries come before its type': collection(feature('{"geometries":[{"coordinates":[1,2],"type":"Point"}],"type":"GeometryCollection"}')),
  };
  for (const [name, text] of Object.entries(valid)) {
    it(`proves valid: ${name}`, () => {
      expect(fullCheckAccepts(bytes(text)), 'the full check accepts it').toBe(true);
      expect(isSurelyValidFeatureCollection(bytes(text))).toBe(true);
    });
  }

  const invalid: Record<string, string> = {
    'not JSON': '{"type":"FeatureCollection","features":[',
    'trailing text': `${collection()} x`,
    'a trailing comma': '{"type":"FeatureCollection","features":[],}',
    'another type': '{"type":"Feature","features":[]}',
    'features not an array': '{"type":"FeatureCollection","features":{}}',
    'a feature of another type': collection('{"type":"Feat","geometry":null}'),
    'a feature without geometry': collection('{"type":"Feature","properties":{}}'),
    'an open ring': collection(feature('{"type":"Polygon","coordinates":[[[1,2],[3,4],[5,6],[1,3]]]}')),
    'a ring of three positions': collection(feature('{"type":"Polygon","coordinates":[[[1,2],[3,4],[1,2]]]}')),
    'a position of one number': collection(feature('{"type":"Point","coordinates":[1]}')),
    'a position with a string': collection(feature('{"type":"Point","coordinates":[1,"2"]}')),
    'a line of one position': collection(feature('{"type":"LineString","coordinates":[[1,2]]}')),
    'coordinates one level too deep': collection(feature('{"type":"LineString","coordinates":[[[1,2],[3,4]]]}')),
    'an unknown geometry type': collection(feature('{"type":"Circle","coordinates":[1,2]}')),
    'a GeometryCollection inside a GeometryCollection': collection(feature('{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[]}]}')),
    'a GeometryCollection without geometries': collection(feature('{"type":"GeometryCollection"}')),
    'a coordinate that overflows to Infinity': collection(feature('{"type":"Point","coordinates":[1e999,2]}')),
    'a leading zero': collection(feature('{"type":"Point","coordinates":[01,2]}')),
    'a raw control character in a string': `{"type":"FeatureCollection","features":[],"x":"a\u0001b"}`,
    'a duplicate type that the full check reads last': '{"type":"FeatureCollection","features":[],"type":"Feature"}',
  };
  for (const [name, text] of Object.entries(invalid)) {
    it(`is not sure about: ${name}`, () => {
      expect(fullCheckAccepts(bytes(text)), 'the full check refuses it').toBe(false);
      expect(isSurelyValidFeatureCollection(bytes(text))).toBe(false);
    });
  }

  it('is not sure about bytes that are not UTF-8, even inside a string', () => {
    const text = bytes(collection(feature('{"type":"Point","coordinates":[1,2]}', ',"naam":"XX"')));
    const at = new TextDecoder().decode(text).indexOf('XX');
    text[at] = 0xc3;
    text[at + 1] = 0x28;
    expect(fullCheckAccepts(text)).toBe(false);
    expect(isSurelyValidFeatureCollection(text)).toBe(false);
  });

  it('leaves the unusual but valid to the full check, which accepts it', () => {
    for (const text of [
      `\ufeff${collection()}`,
      '{"typ\\u0065":"FeatureCollection","features":[]}',
      collection(feature('{"type":"Point","coordinates":[1e2,2]}')),
      collection(feature('{"type":"MultiPoint","coordinates":[]}')),
    ]) {
      expect(isSurelyValidFeatureCollection(bytes(text)), text).toBe(false);
      expect(() => checkFeatureCollection('layer.geojson', bytes(text)), text).not.toThrow();
    }
  });
});

// Random layers: geometries of every type with small integer or decimal coordinates, in any
// member order, with and without whitespace, then damaged by changing, inserting or removing bytes.
const coordinate = fc.oneof(fc.integer({ min: -180, max: 180 }), fc.double({ min: -180, max: 180, noNaN: true, noDefaultInfinity: true }));
const position = fc.array(coordinate, { minLength: 2, maxLength: 3 });
const line = fc.array(position, { minLength: 2, maxLength: 4 });
const ring = fc.array(position, { minLength: 3, maxLength: 5 }).map((ps) => [...ps, ps[0] as number[]]);
const polygon = fc.array(ring, { minLength: 1, maxLength: 2 });
const simpleGeometry = fc.oneof(
  position.map((coordinates) => ({ type: 'Point', coordinates })),
  fc.array(position, { minLength: 1, maxLength: 3 }).map((coordinates) => ({ type: 'MultiPoint', coordinates })),
  line.map((coordinates) => ({ type: 'LineString', coordinates })),
  fc.array(line, { minLength: 1, maxLength: 2 }).map((coordinates) => ({ type: 'MultiLineString', coordinates })),
  polygon.map((coordinates) => ({ type: 'Polygon', coordinates })),
  fc.array(polygon, { minLength: 1, maxLength: 2 }).map((coordinates) => ({ type: 'MultiPolygon', coordinates })),
);
const geometry = fc.oneof(
  { weight: 6, arbitrary: simpleGeometry },
  { weight: 1, arbitrary: fc.array(simpleGeometry, { maxLength: 2 }).map((geometries) => ({ type: 'GeometryCollection', geometries })) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const properties = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 3 });
const featureValue = fc.record({ type: fc.constant('Feature'), properties, geometry });
const layerValue = fc.record({ type: fc.constant('FeatureCollection'), features: fc.array(featureValue, { maxLength: 4 }) });

/** JSON text of `value` with the members of each object in an order chosen by `seed`. */
function shuffledJson(value: unknown, seed: number, spaced: boolean): string {
  let state = seed >>> 0 || 1;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0);
  const write = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(write);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v).map(([k, x]) => [k, write(x)] as const);
    entries.sort(() => (next() % 3) - 1);
    return Object.fromEntries(entries);
  };
  return JSON.stringify(write(value), null, spaced ? 1 : undefined);
}

const edit = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.constantFrom(...bytes('[]{},:"0123456789.-eE \\nulltruefalse\u00e9')) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.constantFrom(...bytes('[]{},:"01.-e \\')) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat(), byte: fc.constant(0) }),
);

function damaged(data: Uint8Array, edits: { kind: 'set' | 'insert' | 'remove'; at: number; byte: number }[]): Uint8Array {
  const out = Array.from(data);
  for (const e of edits) {
    if (out.length === 0) break;
    const at = e.at % out.length;
    if (e.kind === 'set') out[at] = e.byte;
    else if (e.kind === 'insert') out.splice(at, 0, e.byte);
    else out.splice(at, 1);
  }
  return Uint8Array.from(out);
}

describe('isSurelyValidFeatureCollection on random layers', () => {
  it('takes the fast path for every valid layer without exponents or empty arrays', () => {
    fc.assert(
      fc.property(layerValue, fc.nat(), fc.boolean(), (value, seed, spaced) => {
        const text = shuffledJson(value, seed, spaced);
        fc.pre(!/[eE][+-]?\d/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""')));
        return fullCheckAccepts(bytes(text)) && isSurelyValidFeatureCollection(bytes(text));
      }),
      { numRuns: 400 },
    );
  });

  it('never calls a damaged layer valid when the full check refuses it', () => {
    fc.assert(
      fc.property(layerValue, fc.nat(), fc.boolean(), fc.array(edit, { minLength: 1, maxLength: 3 }), (value, seed, spaced, edits) => {
        const data = damaged(bytes(shuffledJson(value, seed, spaced)), edits);
        return !isSurelyValidFeatureCollection(data) || fullCheckAccepts(data);
      }),
      { numRuns: 3000 },
    );
  });
});
