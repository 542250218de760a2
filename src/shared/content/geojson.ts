// GeoJSON check of a package layer (RFC 7946): a FeatureCollection of Features whose geometry
// is null or a geometry with coordinates of the right nesting, positions of 2+ finite numbers,
// lines of 2+ positions and closed rings of 4+. Hand-written rather than zod: layers hold
// 100,000s of features and this runs on every install and every publish. A layer the one-pass
// scan of geojsonScan.ts proves valid is not parsed at all; every other layer is decoded,
// parsed and checked here, which decides and names the problem. Errors name the file and the
// feature index. Pure: no I/O.
import { ValidationError } from '../errors';
import { isSurelyValidFeatureCollection } from './geojsonScan';
import { parseJsonBytes } from './json';

/** Checks a GeoJSON layer chunk; throws ValidationError naming `path` and the feature. */
export function checkFeatureCollection(path: string, bytes: Uint8Array): void {
  // Parsing a layer costs about as much as storing it; the scan costs a fraction of that.
  if (isSurelyValidFeatureCollection(bytes)) return;
  checkParsedFeatureCollection(path, parseJsonBytes(bytes, path));
}

/** The check of checkFeatureCollection on a layer already parsed. */
export function checkParsedFeatureCollection(path: string, value: unknown): void {
  if (!isObject(value) || value.type !== 'FeatureCollection') {
    throw new ValidationError(`${path}: $.type: not a GeoJSON FeatureCollection`, { file: path, path: '$.type' });
  }
  const features = value.features;
  if (!Array.isArray(features)) {
    throw new ValidationError(`${path}: $.features: must be an array`, { file: path, path: '$.features' });
  }
  features.forEach((feature: unknown, i) => {
    const where = `$.features.${i}`;
    if (!isObject(feature) || feature.type !== 'Feature') {
      throw new ValidationError(`${path}: ${where}: feature ${i} is not a GeoJSON Feature`, { file: path, path: where, featureIndex: i });
    }
    if (!('geometry' in feature)) {
      throw new ValidationError(`${path}: ${where}.geometry: feature ${i} has no geometry member`, { file: path, path: `${where}.geometry`, featureIndex: i });
    }
    const problem = feature.geometry === null ? undefined : geometryProblem(feature.geometry);
    if (problem !== undefined) {
      throw new ValidationError(`${path}: ${where}.geometry: feature ${i}: ${problem}`, { file: path, path: `${where}.geometry`, featureIndex: i });
    }
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPosition(value: unknown): boolean {
  return Array.isArray(value) && value.length >= 2 && value.every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** What is wrong with coordinates nested `depth` levels above positions, or undefined. */
function coordinatesProblem(value: unknown, depth: number, minItems: readonly number[]): string | undefined {
  if (depth === 0) return isPosition(value) ? undefined : 'a position must be 2 or more finite numbers';
  if (!Array.isArray(value)) return 'coordinates are not nested arrays of the right depth';
  const min = minItems[depth - 1] ?? 0;
  if (value.length < min) return `an array at depth ${depth} needs at least ${min} items, has ${value.length}`;
  for (const item of value) {
    const problem = coordinatesProblem(item, depth - 1, minItems);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function ringsProblem(rings: unknown[]): string | undefined {
  for (const ring of rings as unknown[][]) {
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first.some((n, k) => n !== last[k])) return 'a polygon ring is not closed (first and last position differ)';
  }
  return undefined;
}

/** What is wrong with a GeoJSON geometry object, or undefined when it is valid. */
export function geometryProblem(geometry: unknown, nesting = 0): string | undefined {
  if (!isObject(geometry)) return 'geometry is not an object';
  const { type, coordinates } = geometry;
  switch (type) {
    case 'Point':
      return coordinatesProblem(coordinates, 0, []);
    case 'MultiPoint':
      return coordinatesProblem(coordinates, 1, [0]);
    case 'LineString':
      return coordinatesProblem(coordinates, 1, [2]);
    case 'MultiLineString':
      return coordinatesProblem(coordinates, 2, [2, 0]);
    case 'Polygon':
      return coordinatesProblem(coordinates, 2, [4, 1]) ?? ringsProblem(coordinates as unknown[]);
    case 'MultiPolygon':
      return coordinatesProblem(coordinates, 3, [4, 1, 0]) ?? (coordinates as unknown[][]).map(ringsProblem).find((p) => p !== undefined);
    case 'GeometryCollection': {
      if (nesting > 0) return 'a GeometryCollection must not contain another GeometryCollection';
      if (!Array.isArray(geometry.geometries)) return 'a GeometryCollection needs a geometries array';
      for (const g of geometry.geometries) {
        const problem = geometryProblem(g, nesting + 1);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    default:
      return `"${String(type)}" is not a GeoJSON geometry type`;
  }
}
