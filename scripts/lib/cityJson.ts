// CityJSON buildings -> GeoJSON footprints (WGS84) with a height per building, for the demo
// package's baseline layer. Pure: takes parsed JSON, returns a FeatureCollection; no I/O.
// Reads CityJSON 0.3 (semantics as nested arrays of {type}) and 1.x (semantics as
// {surfaces, values}, optional `transform`). Never guesses a footprint: a building without a
// usable GroundSurface is an error that names it.
import { z } from 'zod';
import { ValidationError, describeIssues } from '../../src/shared/errors';
import { rdToWgs84 } from '../../src/shared/rd';

/** Properties of one footprint feature of the buildings layer. */
export type BuildingProperties = {
  /** CityObject id in the source. */
  id: string;
  /** Metres above the ground, one decimal. */
  height: number;
  /** Ground level in metres NAP (the source's TerrainHeight), two decimals. */
  ground: number;
};

type Position = [number, number];
export type FootprintGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

export type BuildingFeature = { type: 'Feature'; geometry: FootprintGeometry; properties: BuildingProperties };
export type BuildingCollection = { type: 'FeatureCollection'; features: BuildingFeature[] };

const CityGeometry = z.looseObject({
  type: z.string(),
  lod: z.union([z.number(), z.string()]).optional(),
  boundaries: z.array(z.unknown()),
  semantics: z.unknown().optional(),
});

const CityObject = z.looseObject({
  type: z.string(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  geometry: z.array(CityGeometry).optional(),
});

const CityJson = z.looseObject({
  type: z.literal('CityJSON'),
  version: z.string(),
  CityObjects: z.record(z.string(), CityObject),
  vertices: z.array(z.array(z.number()).min(3)),
  transform: z.strictObject({ scale: z.tuple([z.number(), z.number(), z.number()]), translate: z.tuple([z.number(), z.number(), z.number()]) }).optional(),
});
type CityJson = z.infer<typeof CityJson>;
type CityGeometry = z.infer<typeof CityGeometry>;

/** Decimal places kept in output coordinates: 1e-7 degree is about 1 cm here. */
const COORD_DECIMALS = 7;
/** Rings smaller than this (m²) are slivers from the modelling, not building parts. */
const MIN_RING_AREA_M2 = 0.01;

type Ring = number[]; // vertex indices, as in CityJSON (not closed)
type Surface = Ring[]; // [outer, ...holes]

/** Footprints of every `Building` CityObject in source order. Throws ValidationError naming the object. */
export function cityJsonToFootprints(json: unknown, file = 'CityJSON'): BuildingCollection {
  const parsed = CityJson.safeParse(json);
  if (!parsed.success) throw new ValidationError(`${file} is not CityJSON:\n${describeIssues(file, parsed.error.issues)}`, { file });
  const city = parsed.data;
  const vertices = city.vertices.map((v) => applyTransform(v, city.transform));
  const features: BuildingFeature[] = [];
  for (const [id, obj] of Object.entries(city.CityObjects)) {
    if (obj.type !== 'Building') continue;
    const where = `${file}: CityObjects["${id}"]`;
    const geometries = obj.geometry ?? [];
    if (geometries.length === 0) throw new ValidationError(`${where}: building has no geometry`, { file, path: `$.CityObjects.${id}` });
    const grounds: Surface[] = [];
    let maxZ = -Infinity;
    let minZ = Infinity;
    geometries.forEach((g, gi) => {
      for (const { surface, type } of surfacesOf(g, `${where}.geometry[${gi}]`, file)) {
        for (const ring of surface)
          for (const vi of ring) {
            const v = vertices[vi];
            if (!v) throw new ValidationError(`${where}.geometry[${gi}]: vertex index ${vi} is out of range (${vertices.length} vertices)`, { file, path: `$.CityObjects.${id}` });
            maxZ = Math.max(maxZ, v[2]);
            minZ = Math.min(minZ, v[2]);
          }
        if (type === 'GroundSurface') grounds.push(surface);
      }
    });
    if (grounds.length === 0) throw new ValidationError(`${where}: building has no GroundSurface to take a footprint from`, { file, path: `$.CityObjects.${id}` });
    const polygons = grounds.map((s) => surfaceToPolygon(s, vertices)).filter((p): p is Position[][] => p !== null);
    if (polygons.length === 0)
      throw new ValidationError(`${where}: every GroundSurface is degenerate (fewer than 3 distinct points or no area)`, { file, path: `$.CityObjects.${id}` });
    const geometry: FootprintGeometry = polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] as Position[][] } : { type: 'MultiPolygon', coordinates: polygons };
    const terrain = parseTerrainHeight(obj.attributes?.['TerrainHeight']);
    // Height above the ground the city model states; when that is missing or above the roof
    // (bad attribute), fall back to the solid's own vertical extent.
    const fromTerrain = terrain === null ? Number.NaN : maxZ - terrain;
    const height = Number.isFinite(fromTerrain) && fromTerrain > 0 ? fromTerrain : maxZ - minZ;
    features.push({
      type: 'Feature',
      geometry,
      properties: { id, height: round(height, 1), ground: round(terrain ?? minZ, 2) },
    });
  }
  return { type: 'FeatureCollection', features };
}

function applyTransform(v: number[], t: CityJson['transform']): [number, number, number] {
  const [x = 0, y = 0, z = 0] = v;
  if (!t) return [x, y, z];
  return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1], z * t.scale[2] + t.translate[2]];
}

function parseTerrainHeight(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/** Every surface of a geometry with its semantic type (null when it has none). */
function surfacesOf(g: CityGeometry, where: string, file: string): { surface: Surface; type: string | null }[] {
  const out: { surface: Surface; type: string | null }[] = [];
  const push = (surfaces: unknown, shellPath: string, typeAt: (i: number) => string | null): void => {
    if (!Array.isArray(surfaces)) throw new ValidationError(`${where}${shellPath}: expected an array of surfaces`, { file });
    surfaces.forEach((s, i) => out.push({ surface: asSurface(s, `${where}${shellPath}[${i}]`, file), type: typeAt(i) }));
  };
  switch (g.type) {
    case 'MultiSurface':
    case 'CompositeSurface':
      push(g.boundaries, '.boundaries', (i) => semanticType(g.semantics, [i]));
      break;
    case 'Solid':
      g.boundaries.forEach((shell, si) => push(shell, `.boundaries[${si}]`, (i) => semanticType(g.semantics, [si, i])));
      break;
    case 'MultiSolid':
    case 'CompositeSolid':
      g.boundaries.forEach((solid, di) => {
        if (!Array.isArray(solid)) throw new ValidationError(`${where}.boundaries[${di}]: expected an array of shells`, { file });
        solid.forEach((shell, si) => push(shell, `.boundaries[${di}][${si}]`, (i) => semanticType(g.semantics, [di, si, i])));
      });
      break;
    default:
      // Points and lines have no surfaces; other types carry no footprint.
      break;
  }
  return out;
}

function asSurface(value: unknown, where: string, file: string): Surface {
  if (!Array.isArray(value) || value.length === 0) throw new ValidationError(`${where}: expected a surface (array of rings)`, { file });
  return value.map((ring, ri) => {
    if (!Array.isArray(ring) || !ring.every((i) => Number.isInteger(i) && i >= 0)) throw new ValidationError(`${where}[${ri}]: expected a ring of vertex indices`, { file });
    return ring as number[];
  });
}

/** Semantic surface type at an index path, for CityJSON 0.3 (nested objects) and 1.x ({surfaces, values}). */
function semanticType(semantics: unknown, indexPath: number[]): string | null {
  if (semantics === null || semantics === undefined) return null;
  if (Array.isArray(semantics)) {
    // CityJSON 0.3: the same nesting as the surfaces, each leaf {type: ...}.
    let node: unknown = semantics;
    for (const i of indexPath) node = Array.isArray(node) ? node[i] : undefined;
    return typeOf(node);
  }
  if (typeof semantics === 'object' && 'surfaces' in semantics && 'values' in semantics) {
    // CityJSON 1.x: values hold indices into surfaces, nested one level less than boundaries' rings.
    const { surfaces, values } = semantics as { surfaces: unknown; values: unknown };
    let node: unknown = values;
    for (const i of indexPath) node = Array.isArray(node) ? node[i] : undefined;
    if (typeof node !== 'number' || !Array.isArray(surfaces)) return null;
    return typeOf(surfaces[node]);
  }
  return null;
}

function typeOf(node: unknown): string | null {
  return typeof node === 'object' && node !== null && 'type' in node && typeof node.type === 'string' ? node.type : null;
}

/** A surface as a closed, RFC 7946-wound WGS84 polygon, or null when its outer ring is degenerate. */
function surfaceToPolygon(surface: Surface, vertices: readonly [number, number, number][]): Position[][] | null {
  const rings: Position[][] = [];
  for (const [ri, ring] of surface.entries()) {
    let xy = dedupe(ring.map((i) => vertices[i] as [number, number, number]).map(([x, y]): [number, number] => [x, y]));
    const area = planarSignedArea(xy);
    if (xy.length < 3 || Math.abs(area) < MIN_RING_AREA_M2) {
      if (ri === 0) return null;
      continue; // a degenerate hole is simply dropped
    }
    // RFC 7946: outer rings counter-clockwise, holes clockwise (RD x/y is east/north, so the sign carries over).
    const wantCcw = ri === 0;
    if (area > 0 !== wantCcw) xy = [...xy].reverse();
    const lonlat = dedupe(xy.map((p) => rdToWgs84(p).map((c) => round(c, COORD_DECIMALS)) as [number, number]));
    if (lonlat.length < 3) {
      if (ri === 0) return null;
      continue;
    }
    lonlat.push([...(lonlat[0] as Position)]);
    rings.push(lonlat);
  }
  return rings;
}

/** Drops consecutive repeats and a closing point equal to the first. */
function dedupe(points: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1) {
    const first = out[0] as [number, number];
    const last = out[out.length - 1] as [number, number];
    if (first[0] === last[0] && first[1] === last[1]) out.pop();
    else break;
  }
  return out;
}

function planarSignedArea(ring: readonly [number, number][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i] as [number, number];
    const [x2, y2] = ring[(i + 1) % ring.length] as [number, number];
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

/** Rounds half away from zero to `decimals` places, without binary-fraction surprises in the text form. */
export function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}
