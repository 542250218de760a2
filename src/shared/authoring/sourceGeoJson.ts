// The GeoJSON files of a package source: scenario files of interventions and buildings
// layers, in WGS84 or in RD New (EPSG:28992, declared by the old-style `crs` member that QGIS and
// most Dutch GIS exports still write), checked and reprojected to the WGS84 a package holds.
// Errors name the file and the feature index, with what to do. Pure: bytes in, values out.
import { z } from 'zod';
import { ValidationError, describeIssues } from '../errors';
import type { BBox } from '../geo';
import { bboxOf } from '../geo';
import type { Geometry as GeometryType, Intervention } from '../packageFormat';
import { Geometry } from '../packageFormat';
import { rdToWgs84 } from '../rd';
import { decodeUtf8, parseJsonText } from './sourceFiles';
import { GEOMETRY_TYPES_BY_KIND, GeoJsonCrs, InterventionCollection, InterventionFeature, NETHERLANDS_BBOX, RD_NEW_CRS_NAMES, RD_NEW_RANGE, WGS84_CRS_NAMES } from './sourceFormat';
import type { TileableFeature } from './tiles';

/** Interventions of one scenario file; errors name the file and the feature index. */
export function parseInterventions(text: string, file: string): Intervention[] {
  const json = parseJsonText(text, file);
  const fc = InterventionCollection.safeParse(json);
  if (!fc.success) throw new ValidationError(describeIssues(file, fc.error.issues), { file, path: issuePath(fc.error.issues) });
  const crs = crsOf(fc.data, file);
  const ids = new Set<string>();
  return fc.data.features.map((raw, fi) => {
    const where = `${file}: features[${fi}]`;
    const parsed = InterventionFeature.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const detail = parsed.error.issues
        .slice(0, 5)
        .map((is) => `${where}${is.path.length ? '.' + is.path.map(String).join('.') : ''}: ${is.message}`)
        .join('\n');
      return fail(detail, file, fi, first ? `$.features[${fi}].${first.path.map(String).join('.')}` : undefined);
    }
    const { properties: p } = parsed.data;
    const geometry = crs === 'rd' ? reprojectRd(parsed.data.geometry, `${where}.geometry`, file, fi) : parsed.data.geometry;
    if (ids.has(p.id)) fail(`${where}.properties.id: duplicate intervention id "${p.id}"`, file, fi);
    ids.add(p.id);
    const allowed = GEOMETRY_TYPES_BY_KIND[p.kind];
    if (!allowed.includes(geometry.type)) fail(`${where}.geometry: a "${p.kind}" intervention must be ${allowed.join(' or ')}, not ${geometry.type}`, file, fi);
    if (p.kind === 'housing' && p.height === undefined) fail(`${where}.properties.height: housing needs a height in metres`, file, fi);
    checkGeometry(geometry, `${where}.geometry`, file, fi);
    const iv: Intervention = { id: p.id, title: p.title, description: p.description, kind: p.kind, geometry };
    if (p.height !== undefined) iv.height = p.height;
    return iv;
  });
}

/** WGS84 ranges and closed rings: the schema checks shape, this checks meaning. */
function checkGeometry(g: GeometryType, where: string, file: string, fi: number): void {
  const rings: (readonly (readonly number[])[])[] = g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
  for (const [ri, ring] of rings.entries()) {
    const a = ring[0] as readonly number[];
    const b = ring[ring.length - 1] as readonly number[];
    if (a[0] !== b[0] || a[1] !== b[1]) fail(`${where}: ring ${ri} is not closed (first and last position differ)`, file, fi);
  }
  checkPositions(g, where, file, fi);
}

/** Every position is WGS84 longitude/latitude inside the Netherlands (NETHERLANDS_BBOX says why). */
function checkPositions(g: GeometryType, where: string, file: string, fi: number): void {
  const nl = NETHERLANDS_BBOX;
  for (const p of positions(g)) {
    const [lon = Number.NaN, lat = Number.NaN] = p;
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90))
      fail(
        `${where}: position [${p.join(', ')}] is not WGS84 longitude/latitude (for RD New metres, declare "crs": {"type": "name", "properties": {"name": "EPSG:28992"}})`,
        file,
        fi,
      );
    if (!(lon >= nl.west && lon <= nl.east && lat >= nl.south && lat <= nl.north))
      fail(
        `${where}: position [${p.join(', ')}] lies outside the Netherlands (longitude ${nl.west}..${nl.east}, latitude ${nl.south}..${nl.north}); are longitude and latitude swapped?`,
        file,
        fi,
      );
  }
}

export type Crs = 'wgs84' | 'rd';

/** The coordinate system a GeoJSON file declares in its `crs` member; none means WGS84. */
export function crsOf(fc: Readonly<Record<string, unknown>>, file: string): Crs {
  if (fc['crs'] === undefined) return 'wgs84';
  const r = GeoJsonCrs.safeParse(fc['crs']);
  if (!r.success)
    throw new ValidationError(`${file}: $.crs: must be {"type": "name", "properties": {"name": "EPSG:28992"}} (RD New), or left out for WGS84`, { file, path: '$.crs' });
  const name = r.data.properties.name;
  if (RD_NEW_CRS_NAMES.includes(name)) return 'rd';
  if (WGS84_CRS_NAMES.includes(name)) return 'wgs84';
  throw new ValidationError(`${file}: $.crs.properties.name: "${name}" is not supported; give WGS84 longitude/latitude without "crs", or RD New as "EPSG:28992"`, {
    file,
    path: '$.crs.properties.name',
  });
}

/** Rounds reprojected degrees to 7 decimals (about 1 cm), as the demo's buildings are. */
const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;

/** A geometry in RD New metres as WGS84; positions outside RD_NEW_RANGE are refused. Z values are kept. */
export function reprojectRd(g: GeometryType, where: string, file: string, fi: number): GeometryType {
  const r = RD_NEW_RANGE;
  const pos = (p: readonly number[]): [number, number, ...number[]] => {
    const [x = Number.NaN, y = Number.NaN, ...rest] = p;
    if (!(x >= r.minX && x <= r.maxX && y >= r.minY && y <= r.maxY))
      fail(`${where}: position [${p.join(', ')}] is not RD New metres (x ${r.minX}..${r.maxX}, y ${r.minY}..${r.maxY}), although the file declares EPSG:28992`, file, fi);
    const [lon, lat] = rdToWgs84([x, y]);
    return [round7(lon), round7(lat), ...rest];
  };
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: pos(g.coordinates) };
    case 'LineString':
      return { type: 'LineString', coordinates: g.coordinates.map(pos) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(pos)) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map((line) => line.map(pos)) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(pos))) };
  }
}

function positions(g: GeometryType): readonly (readonly number[])[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'LineString':
      return g.coordinates;
    case 'Polygon':
    case 'MultiLineString':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
  }
}

const BuildingsLayerFeature = z.looseObject({
  type: z.literal('Feature'),
  geometry: Geometry,
  properties: z.looseObject({ height: z.number().positive() }),
});
const BuildingsLayerCollection = z.looseObject({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });

/**
 * Checks a buildings layer file and returns its geometries, bbox, what tiling keeps of each
 * feature, and the bytes to ship: `bytes` itself for WGS84, else the reprojected GeoJSON.
 */
export function parseBuildingsLayer(bytes: Uint8Array, file: string): { geometries: GeometryType[]; bbox: BBox; features: TileableFeature[]; bytes: Uint8Array } {
  const json = parseJsonText(decodeUtf8(bytes, file), file);
  const fc = BuildingsLayerCollection.safeParse(json);
  if (!fc.success) throw new ValidationError(describeIssues(file, fc.error.issues), { file });
  if (fc.data.features.length === 0) throw new ValidationError(`${file}: the buildings layer has no features`, { file });
  const crs = crsOf(fc.data, file);
  const features = fc.data.features.map((raw, fi): TileableFeature => {
    const f = BuildingsLayerFeature.safeParse(raw);
    if (!f.success) {
      const is = f.error.issues[0];
      return fail(`${file}: features[${fi}]${is?.path.length ? '.' + is.path.map(String).join('.') : ''}: ${is?.message ?? 'invalid'}`, file, fi);
    }
    const { properties } = f.data;
    const geometry = crs === 'rd' ? reprojectRd(f.data.geometry, `${file}: features[${fi}].geometry`, file, fi) : f.data.geometry;
    if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')
      return fail(`${file}: features[${fi}].geometry: a building footprint must be a Polygon or MultiPolygon`, file, fi);
    checkPositions(geometry, `${file}: features[${fi}].geometry`, file, fi);
    const id = properties.id;
    return typeof id === 'string' || typeof id === 'number' ? { geometry, height: properties.height, id } : { geometry, height: properties.height };
  });
  const geometries = features.map((f) => f.geometry);
  let shipped = bytes;
  if (crs === 'rd') {
    // The package holds WGS84 only: the same features with reprojected geometry and no `crs`.
    const { crs: _crs, ...rest } = fc.data;
    const reprojected = fc.data.features.map((raw, fi) => ({ ...(raw as Record<string, unknown>), geometry: features[fi]?.geometry }));
    shipped = new TextEncoder().encode(JSON.stringify({ ...rest, features: reprojected }));
  }
  return { geometries, bbox: bboxOf(geometries), features, bytes: shipped };
}

function fail(message: string, file: string, featureIndex: number, jsonPath?: string): never {
  throw new ValidationError(message, jsonPath ? { file, featureIndex, path: jsonPath } : { file, featureIndex });
}

function issuePath(issues: readonly { path: readonly PropertyKey[] }[]): string {
  const p = issues[0]?.path ?? [];
  return p.length ? `$.${p.map(String).join('.')}` : '$';
}
