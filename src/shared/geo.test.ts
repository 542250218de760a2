import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import type { BBox } from './geo';
import {
  bboxContains,
  bboxOf,
  distanceM,
  expandBBoxM,
  geometryLengthM,
  lineLengthM,
  pointInRing,
  polygonAreaM2,
  ringAreaM2,
  ringCentroid,
  ringSignedAreaM2,
  segmentsIntersect,
  unionBBox,
} from './geo';
import type { Geometry } from './packageFormat';
import { rdToWgs84 } from './rd';

/** Exact area of a lat/lon quadrangle on the WGS84 ellipsoid (authalic formula), independent of geo.ts. */
function ellipsoidQuadAreaM2(lat1: number, lat2: number, dLonDeg: number): number {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const e2 = f * (2 - f);
  const e = Math.sqrt(e2);
  const q = (latDeg: number): number => {
    const s = Math.sin((latDeg * Math.PI) / 180);
    return s / (1 - e2 * s * s) + (1 / (2 * e)) * Math.log((1 + e * s) / (1 - e * s));
  };
  return ((a * a * (1 - e2) * ((dLonDeg * Math.PI) / 180)) / 2) * (q(lat2) - q(lat1));
}

/** A square in RD metres (corner x, y; side d), reprojected, closed and counter-clockwise. */
function rdSquare(x: number, y: number, d: number): number[][] {
  const ring = [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ] as [number, number][];
  return ring.map((p) => rdToWgs84(p));
}

const cell = (lon: number, lat: number, d: number): number[][] => [
  [lon, lat],
  [lon + d, lat],
  [lon + d, lat + d],
  [lon, lat + d],
  [lon, lat],
];

describe('ringAreaM2', () => {
  it('gives 10,000 m² for a 100 m x 100 m square laid out in RD metres (within 0.1%)', () => {
    expect(ringAreaM2(rdSquare(90600, 435600, 100))).toBeGreaterThan(9990);
    expect(ringAreaM2(rdSquare(90600, 435600, 100))).toBeLessThan(10010);
  });

  it('matches the exact ellipsoidal area of a 0.01° cell at 52° N within 0.05%', () => {
    const exact = ellipsoidQuadAreaM2(51.9, 51.91, 0.01);
    expect(Math.abs(ringAreaM2(cell(4.45, 51.9, 0.01)) / exact - 1)).toBeLessThan(0.0005);
  });

  it('matches the exact area of a 1 km-sized cell at the equator within 0.05%', () => {
    const exact = ellipsoidQuadAreaM2(0, 0.01, 0.01);
    expect(Math.abs(ringAreaM2(cell(10, 0, 0.01)) / exact - 1)).toBeLessThan(0.0005);
  });

  it('does not depend on winding or on the ring being closed', () => {
    const ring = cell(4.45, 51.9, 0.001);
    const reversed = [...ring].reverse();
    const open = ring.slice(0, -1);
    expect(ringAreaM2(reversed)).toBeCloseTo(ringAreaM2(ring), 6);
    expect(ringAreaM2(open)).toBeCloseTo(ringAreaM2(ring), 6);
  });

  it('is signed by winding in ringSignedAreaM2: counter-clockwise positive', () => {
    const ring = cell(4.45, 51.9, 0.001);
    expect(ringSignedAreaM2(ring)).toBeGreaterThan(0);
    expect(ringSignedAreaM2([...ring].reverse())).toBeLessThan(0);
  });

  it('is 0 for fewer than three positions', () => {
    expect(ringAreaM2([[4.45, 51.9]])).toBe(0);
  });
});

describe('polygonAreaM2', () => {
  const outer = rdSquare(90600, 435600, 100);
  const hole = [...rdSquare(90620, 435620, 50)].reverse();

  it('subtracts holes', () => {
    const area = polygonAreaM2({ type: 'Polygon', coordinates: [outer, hole] });
    expect(area).toBeGreaterThan(7490);
    expect(area).toBeLessThan(7510);
  });

  it('sums the parts of a MultiPolygon', () => {
    const area = polygonAreaM2({ type: 'MultiPolygon', coordinates: [[outer], [rdSquare(91000, 435600, 10)]] });
    expect(area).toBeGreaterThan(10090);
    expect(area).toBeLessThan(10110);
  });

  it('is 0 for points and lines', () => {
    expect(polygonAreaM2({ type: 'Point', coordinates: [4.45, 51.9] })).toBe(0);
    expect(polygonAreaM2({ type: 'LineString', coordinates: outer })).toBe(0);
  });
});

describe('lengths', () => {
  it('measures 1° of latitude at the equator as 110,574 m (within 2 m)', () => {
    expect(distanceM([0, 0], [0, 1])).toBeGreaterThan(110572);
    expect(distanceM([0, 0], [0, 1])).toBeLessThan(110576);
  });

  it('measures a 1 km x 1 km RD diagonal as 1414.2 m within 0.1%', () => {
    const len = lineLengthM([rdToWgs84([90000, 435000]), rdToWgs84([90500, 435500]), rdToWgs84([91000, 436000])]);
    expect(Math.abs(len / 1414.21 - 1)).toBeLessThan(0.001);
  });

  it('sums the parts of a MultiLineString and ignores polygon outlines', () => {
    const a = rdToWgs84([90000, 435000]);
    const b = rdToWgs84([90100, 435000]);
    const c = rdToWgs84([90000, 435100]);
    expect(
      geometryLengthM({
        type: 'MultiLineString',
        coordinates: [
          [a, b],
          [a, c],
        ],
      }),
    ).toBeCloseTo(200, 0);
    expect(geometryLengthM({ type: 'Polygon', coordinates: [[a, b, c, a]] })).toBe(0);
  });
});

describe('bounding boxes', () => {
  const line: Geometry = {
    type: 'LineString',
    coordinates: [
      [4.45, 51.91],
      [4.46, 51.9],
    ],
  };
  const point: Geometry = { type: 'Point', coordinates: [4.44, 51.95] };

  it('bounds positions, one geometry, or a list of geometries', () => {
    expect(
      bboxOf([
        [1, 2],
        [3, -1],
      ]),
    ).toEqual([1, -1, 3, 2]);
    expect(bboxOf(line)).toEqual([4.45, 51.9, 4.46, 51.91]);
    expect(bboxOf([line, point])).toEqual([4.44, 51.9, 4.46, 51.95]);
  });

  it('refuses to bound nothing', () => {
    expect(() => bboxOf([])).toThrow(ValidationError);
  });

  it('grows a bbox by the given metres on every side', () => {
    const b: BBox = [4.45, 51.9, 4.46, 51.91];
    const e = expandBBoxM(b, 200);
    expect(distanceM([e[0], 51.905], [b[0], 51.905])).toBeGreaterThanOrEqual(199.9);
    expect(distanceM([4.455, e[1]], [4.455, b[1]])).toBeCloseTo(200, 0);
    expect(distanceM([4.455, e[3]], [4.455, b[3]])).toBeCloseTo(200, 0);
    expect(bboxContains(e, b)).toBe(true);
    expect(bboxContains(b, e)).toBe(false);
  });

  it('unions two bboxes', () => {
    expect(unionBBox([0, 0, 1, 1], [0.5, -1, 2, 0.5])).toEqual([0, -1, 2, 1]);
  });
});

describe('centroid and point/segment tests', () => {
  it('finds the centre of a square and the area-weighted centre of an L shape', () => {
    const [lon, lat] = ringCentroid(cell(4.45, 51.9, 0.002));
    expect(lon).toBeCloseTo(4.451, 6);
    expect(lat).toBeCloseTo(51.901, 6);
    // L of three unit squares in RD: (0,0)-(2,1) plus (0,1)-(1,2); centroid at (5/6, 5/6).
    const l = (
      [
        [0, 0],
        [2, 0],
        [2, 1],
        [1, 1],
        [1, 2],
        [0, 2],
        [0, 0],
      ] as [number, number][]
    ).map(([x, y]) => rdToWgs84([90000 + x * 100, 435000 + y * 100]));
    const expected = rdToWgs84([90000 + (5 / 6) * 100, 435000 + (5 / 6) * 100]);
    expect(distanceM(ringCentroid(l), expected)).toBeLessThan(0.5);
  });

  it('tells inside from outside', () => {
    const ring = cell(4.45, 51.9, 0.001);
    expect(pointInRing([4.4505, 51.9005], ring)).toBe(true);
    expect(pointInRing([4.4515, 51.9005], ring)).toBe(false);
  });

  it('detects crossing, touching and separate segments', () => {
    expect(segmentsIntersect([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [2, 0], [3, 1])).toBe(true);
    expect(segmentsIntersect([0, 0], [1, 0], [0, 1], [1, 1])).toBe(false);
  });
});
