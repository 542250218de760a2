// Small geometry helpers on WGS84 longitude/latitude: areas and lengths in metres, bounding
// boxes, centroids and point/segment tests. Pure functions, no I/O, no map engine.
//
// Areas and lengths use the WGS84 ellipsoid's local radii of curvature at the shape's mean
// latitude (a sinusoidal, i.e. equal-area, projection around the shape). For neighbourhood
// shapes (up to a few km) that is within 0.05% of the geodesic value; it is NOT meant for
// country-sized shapes, and must never be used for legal surveying figures.
import { ValidationError } from './errors';

/** A GeoJSON position: [longitude, latitude, ...]. */
export type LonLat = readonly number[];
type Line = readonly LonLat[];
/** Any GeoJSON geometry these helpers measure; the package format's Geometry is one. */
export type AnyGeometry =
  | { type: 'Point'; coordinates: LonLat }
  | { type: 'LineString'; coordinates: Line }
  | { type: 'MultiLineString'; coordinates: readonly Line[] }
  | { type: 'Polygon'; coordinates: readonly Line[] }
  | { type: 'MultiPolygon'; coordinates: readonly (readonly Line[])[] };
/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];

const WGS84_A = 6378137;
const WGS84_F = 1 / 298.257223563;
const WGS84_E2 = WGS84_F * (2 - WGS84_F);
const DEG = Math.PI / 180;

/** Radii of curvature at latitude `latDeg`: meridional M and prime vertical N, in metres. */
export function radiiOfCurvature(latDeg: number): { m: number; n: number } {
  const s = Math.sin(latDeg * DEG);
  const w = Math.sqrt(1 - WGS84_E2 * s * s);
  return { m: (WGS84_A * (1 - WGS84_E2)) / (w * w * w), n: WGS84_A / w };
}

function lon(p: LonLat): number {
  return p[0] ?? Number.NaN;
}
function lat(p: LonLat): number {
  return p[1] ?? Number.NaN;
}

/** Local metric coordinates [x east, y north] (metres) of `p` around the origin (lon0, lat0). */
function localXY(p: LonLat, lon0: number, lat0: number, m: number, n: number): [number, number] {
  // Sinusoidal: x scales with cos of the point's own latitude, which keeps areas equal.
  return [(lon(p) - lon0) * DEG * n * Math.cos(lat(p) * DEG), (lat(p) - lat0) * DEG * m];
}

function meanLatitude(ring: readonly LonLat[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const p of ring) {
    min = Math.min(min, lat(p));
    max = Math.max(max, lat(p));
  }
  return (min + max) / 2;
}

/** Signed area (m², positive when counter-clockwise) of a lon/lat ring; closed or not. */
export function ringSignedAreaM2(ring: readonly LonLat[]): number {
  if (ring.length < 3) return 0;
  const first = ring[0] as LonLat;
  const lat0 = meanLatitude(ring);
  const { m, n } = radiiOfCurvature(lat0);
  const lon0 = lon(first);
  let sum = 0;
  let prev = localXY(ring[ring.length - 1] as LonLat, lon0, lat0, m, n);
  for (const p of ring) {
    const cur = localXY(p, lon0, lat0, m, n);
    sum += prev[0] * cur[1] - cur[0] * prev[1];
    prev = cur;
  }
  return sum / 2;
}

/** Area (m², always >= 0) enclosed by a lon/lat ring; closed or not. */
export function ringAreaM2(ring: readonly LonLat[]): number {
  return Math.abs(ringSignedAreaM2(ring));
}

/** Area in m² of a Polygon or MultiPolygon (holes subtracted); 0 for points and lines. */
export function polygonAreaM2(geometry: AnyGeometry): number {
  switch (geometry.type) {
    case 'Polygon':
      return polygonRingsArea(geometry.coordinates);
    case 'MultiPolygon':
      return geometry.coordinates.reduce((sum, poly) => sum + polygonRingsArea(poly), 0);
    case 'Point':
    case 'LineString':
    case 'MultiLineString':
      return 0;
    default:
      return assertNever(geometry);
  }
}

function polygonRingsArea(rings: readonly (readonly LonLat[])[]): number {
  const [outer, ...holes] = rings;
  if (!outer) return 0;
  return Math.max(0, ringAreaM2(outer) - holes.reduce((sum, h) => sum + ringAreaM2(h), 0));
}

/** Distance in metres between two lon/lat positions (local ellipsoidal radii; short distances). */
export function distanceM(a: LonLat, b: LonLat): number {
  const latM = (lat(a) + lat(b)) / 2;
  const { m, n } = radiiOfCurvature(latM);
  const dx = (lon(b) - lon(a)) * DEG * n * Math.cos(latM * DEG);
  const dy = (lat(b) - lat(a)) * DEG * m;
  return Math.hypot(dx, dy);
}

/** Length in metres of a line of lon/lat positions. */
export function lineLengthM(line: readonly LonLat[]): number {
  let sum = 0;
  for (let i = 1; i < line.length; i++) sum += distanceM(line[i - 1] as LonLat, line[i] as LonLat);
  return sum;
}

/** Length in metres of a LineString or MultiLineString (polygon perimeters are not counted). */
export function geometryLengthM(geometry: AnyGeometry): number {
  switch (geometry.type) {
    case 'LineString':
      return lineLengthM(geometry.coordinates);
    case 'MultiLineString':
      return geometry.coordinates.reduce((sum, line) => sum + lineLengthM(line), 0);
    case 'Point':
    case 'Polygon':
    case 'MultiPolygon':
      return 0;
    default:
      return assertNever(geometry);
  }
}

/** Every position of a geometry, in order. */
export function positionsOf(geometry: AnyGeometry): LonLat[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'LineString':
      return [...geometry.coordinates];
    case 'Polygon':
    case 'MultiLineString':
      return geometry.coordinates.flat();
    case 'MultiPolygon':
      return geometry.coordinates.flat(2);
    default:
      return assertNever(geometry);
  }
}

/** Bounding box of positions, or of geometries; throws when there is no position at all. */
export function bboxOf(input: readonly LonLat[] | readonly AnyGeometry[] | AnyGeometry): BBox {
  const positions: LonLat[] = [];
  if (!Array.isArray(input)) positions.push(...positionsOf(input as AnyGeometry));
  else
    for (const item of input as readonly (LonLat | AnyGeometry)[]) {
      if (isGeometry(item)) positions.push(...positionsOf(item));
      else positions.push(item);
    }
  if (positions.length === 0) throw new ValidationError('bbox of nothing: the geometry has no positions');
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const p of positions) {
    w = Math.min(w, lon(p));
    e = Math.max(e, lon(p));
    s = Math.min(s, lat(p));
    n = Math.max(n, lat(p));
  }
  return [w, s, e, n];
}

function isGeometry(item: LonLat | AnyGeometry): item is AnyGeometry {
  return !Array.isArray(item) && typeof item === 'object' && 'type' in item;
}

/** Smallest bbox holding both. */
export function unionBBox(a: BBox, b: BBox): BBox {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/** The bbox grown by `metres` on every side. */
export function expandBBoxM(bbox: BBox, metres: number): BBox {
  const { m, n } = radiiOfCurvature((bbox[1] + bbox[3]) / 2);
  const dLat = metres / (m * DEG);
  // Widest at the latitude closest to the equator: use that so the margin is never short.
  const latNearEquator = Math.min(Math.abs(bbox[1]), Math.abs(bbox[3]));
  const dLon = metres / (n * Math.cos(latNearEquator * DEG) * DEG);
  return [bbox[0] - dLon, bbox[1] - dLat, bbox[2] + dLon, bbox[3] + dLat];
}

/** True when `inner` lies entirely within `outer` (edges included). */
export function bboxContains(outer: BBox, inner: BBox): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

/** Area-weighted centroid of a ring (lon/lat); the vertex mean for a degenerate ring. */
export function ringCentroid(ring: readonly LonLat[]): [number, number] {
  const first = ring[0];
  if (!first) throw new ValidationError('centroid of an empty ring');
  const lat0 = meanLatitude(ring);
  const { m, n } = radiiOfCurvature(lat0);
  const lon0 = lon(first);
  // A plain equirectangular frame keeps the inverse exact; at this scale the weights agree.
  const k = Math.cos(lat0 * DEG);
  const xy = ring.map((p): [number, number] => [(lon(p) - lon0) * DEG * n * k, (lat(p) - lat0) * DEG * m]);
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < xy.length; i++) {
    const [x1, y1] = xy[i] as [number, number];
    const [x2, y2] = xy[(i + 1) % xy.length] as [number, number];
    const cross = x1 * y2 - x2 * y1;
    a2 += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  if (Math.abs(a2) < 1e-9) {
    const mx = xy.reduce((s, p) => s + p[0], 0) / xy.length;
    const my = xy.reduce((s, p) => s + p[1], 0) / xy.length;
    return [lon0 + mx / (DEG * n * k), lat0 + my / (DEG * m)];
  }
  return [lon0 + cx / (3 * a2) / (DEG * n * k), lat0 + cy / (3 * a2) / (DEG * m)];
}

/** True when the point lies inside the ring (even-odd rule; points on an edge may go either way). */
export function pointInRing(point: LonLat, ring: readonly LonLat[]): boolean {
  const x = lon(point);
  const y = lat(point);
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const pi = ring[i] as LonLat;
    const pj = ring[j] as LonLat;
    const xi = lon(pi);
    const yi = lat(pi);
    const xj = lon(pj);
    const yj = lat(pj);
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when segments ab and cd cross or touch (planar test in degrees; fine at street scale). */
export function segmentsIntersect(a: LonLat, b: LonLat, c: LonLat, d: LonLat): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, c, b)) || (o2 === 0 && onSegment(a, d, b)) || (o3 === 0 && onSegment(c, a, d)) || (o4 === 0 && onSegment(c, b, d));
}

function orientation(p: LonLat, q: LonLat, r: LonLat): -1 | 0 | 1 {
  const v = (lat(q) - lat(p)) * (lon(r) - lon(q)) - (lon(q) - lon(p)) * (lat(r) - lat(q));
  return v === 0 ? 0 : v > 0 ? 1 : -1;
}

function onSegment(p: LonLat, q: LonLat, r: LonLat): boolean {
  return lon(q) <= Math.max(lon(p), lon(r)) && lon(q) >= Math.min(lon(p), lon(r)) && lat(q) <= Math.max(lat(p), lat(r)) && lat(q) >= Math.min(lat(p), lat(r));
}

function assertNever(value: never): never {
  throw new ValidationError(`unexpected geometry: ${JSON.stringify(value)}`);
}
