// The map's style, built in code: the app is offline, so there is no tile server, no remote
// style and no glyph server. Everything here is a pure function of its inputs (only type
// imports from the map engine), so it is unit-tested without WebGL. MapView.tsx is the only
// place that hands these objects to maplibre-gl.
// Must never reference a remote URL: the only URLs in the style are the app's own glyph path
// and, for a vector-tile buildings layer, its in-process `rkp-tiles://` URLs.
import type { FeatureCollection, Point } from 'geojson';
import type { MapOptions } from 'maplibre-gl';
import { distanceM, lineLengthM, pointInRing, ringAreaM2, ringCentroid } from '../../shared/geo';
import type { LonLat } from '../../shared/geo';
import type { Intervention, InterventionKind } from '../../shared/packageFormat';
import type { BuildingTiles } from './buildingTiles';
import { tileUrlTemplate } from './buildingTiles';
import { BUILDING_COLOR, KIND_ORDER, KIND_STYLES, LABEL_HALO_COLOR, LABEL_TEXT_COLOR, MAP_BACKGROUND } from './palette';

/** The style document MapLibre accepts (derived so that only maplibre-gl is a dependency). */
export type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;
export type LayerSpecification = StyleSpecification['layers'][number];
export type SourceSpecification = StyleSpecification['sources'][string];

/** Which groups of layers are shown; the layer toggles change these. */
export type MapLayerVisibility = { buildings: boolean; interventions: boolean; labels: boolean };
export type MapLayerGroup = keyof MapLayerVisibility;

/** [west, south, east, north] in WGS84 degrees. */
export type MapBBox = readonly [number, number, number, number];

export const SOURCE_IDS = { buildings: 'buildings', interventions: 'interventions', labels: 'intervention-labels' } as const;

/**
 * Source and layer of a buildings layer shipped as vector tiles. They are not in buildStyle's
 * document: MapController adds them when such a layer is shown (and removes them when not), just
 * below the interventions, drawn exactly like the GeoJSON buildings.
 */
export const TILED_BUILDINGS = { source: 'buildings-tiles', layer: 'buildings-3d-tiles', before: 'interventions-fill' } as const;

/** The one font stack the app ships (glyph PBFs under /glyphs/). */
export const LABEL_FONT = 'Noto Sans Regular';

/** Layer ids per toggle group, in drawing order. */
export const LAYER_GROUPS: Readonly<Record<MapLayerGroup, readonly string[]>> = {
  buildings: ['buildings-3d'],
  interventions: ['interventions-fill', 'interventions-outline', 'interventions-line', 'interventions-point', 'interventions-housing-3d'],
  labels: ['interventions-labels'],
};

/** Default camera pitch: steep enough that building heights read as 3D. */
export const MAP_PITCH = 50;

/** Housing blocks without a height are drawn this tall (metres), so they still read as 3D. */
export const DEFAULT_HOUSING_HEIGHT = 12;

/**
 * Glyph URL template for `origin` (e.g. `app://raadskaart` or `http://127.0.0.1:5173`).
 * Built by concatenation: `new URL()` would percent-encode the `{fontstack}`/`{range}`
 * placeholders and MapLibre would request a literal `%7Bfontstack%7D`.
 */
export function glyphsUrl(origin: string): string {
  return `${origin.replace(/\/+$/, '')}/glyphs/{fontstack}/{range}.pbf`;
}

/**
 * The attribution as HTML-safe text: MapLibre inserts attributions as HTML, and the string
 * comes from a package, so it must not be able to add markup or links.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What kind of shape an intervention is drawn as. */
export type ShapeClass = 'polygon' | 'line' | 'point';

export function shapeClassOf(geometry: Intervention['geometry']): ShapeClass {
  switch (geometry.type) {
    case 'Polygon':
    case 'MultiPolygon':
      return 'polygon';
    case 'LineString':
    case 'MultiLineString':
      return 'line';
    case 'Point':
      return 'point';
    default:
      return assertNever(geometry);
  }
}

/** Properties every intervention feature carries; the style's filters and expressions read them. */
export type InterventionFeatureProperties = {
  id: string;
  title: string;
  kind: InterventionKind;
  shape: ShapeClass;
  /** Extrusion height in metres (housing); 0 for other kinds without a height. */
  height: number;
};

export type InterventionGeoJson = {
  /** The shapes themselves. */
  shapes: FeatureCollection<Intervention['geometry'], InterventionFeatureProperties>;
  /** One point per intervention where its title is drawn. */
  labels: FeatureCollection<Point, InterventionFeatureProperties>;
};

/** Converts interventions to the two GeoJSON collections the map's sources show. */
export function interventionsToGeoJson(interventions: readonly Intervention[]): InterventionGeoJson {
  const shapes: InterventionGeoJson['shapes']['features'] = [];
  const labels: InterventionGeoJson['labels']['features'] = [];
  for (const intervention of interventions) {
    const properties: InterventionFeatureProperties = {
      id: intervention.id,
      title: intervention.title,
      kind: intervention.kind,
      shape: shapeClassOf(intervention.geometry),
      height: intervention.height ?? (intervention.kind === 'housing' ? DEFAULT_HOUSING_HEIGHT : 0),
    };
    shapes.push({ type: 'Feature', properties, geometry: intervention.geometry });
    const anchor = labelPoint(intervention.geometry);
    labels.push({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: anchor } });
  }
  return { shapes: { type: 'FeatureCollection', features: shapes }, labels: { type: 'FeatureCollection', features: labels } };
}

/**
 * Where the label of a geometry goes: a point itself; the point halfway along the longest
 * line; inside the largest polygon (its centroid, or, for a U- or L-shape whose centroid
 * falls outside, the middle of the widest horizontal chord through it).
 */
export function labelPoint(geometry: Intervention['geometry']): [number, number] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates[0], geometry.coordinates[1]];
    case 'LineString':
      return pointAlong(geometry.coordinates);
    case 'MultiLineString':
      return pointAlong(largestBy(geometry.coordinates, lineLengthM));
    case 'Polygon':
      return pointInside(outerRing(geometry.coordinates));
    case 'MultiPolygon':
      return pointInside(largestBy(geometry.coordinates.map(outerRing), ringAreaM2));
    default:
      return assertNever(geometry);
  }
}

function outerRing(rings: readonly (readonly LonLat[])[]): readonly LonLat[] {
  return rings[0] ?? [];
}

function largestBy<T>(items: readonly T[], size: (item: T) => number): T {
  let best = items[0] as T;
  for (const item of items) if (size(item) > size(best)) best = item;
  return best;
}

function pointAlong(line: readonly LonLat[]): [number, number] {
  const half = lineLengthM(line) / 2;
  let walked = 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as LonLat;
    const b = line[i] as LonLat;
    const step = distanceM(a, b);
    if (walked + step >= half && step > 0) {
      const f = (half - walked) / step;
      return [xOf(a) + f * (xOf(b) - xOf(a)), yOf(a) + f * (yOf(b) - yOf(a))];
    }
    walked += step;
  }
  const first = line[0] as LonLat;
  return [xOf(first), yOf(first)];
}

function pointInside(ring: readonly LonLat[]): [number, number] {
  const centroid = ringCentroid(ring);
  if (pointInRing(centroid, ring)) return centroid;
  // Widest chord of the ring along the centroid's latitude: its middle is inside the ring.
  const y = centroid[1];
  const xs: number[] = [];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const p = ring[i] as LonLat;
    const q = ring[j] as LonLat;
    if (yOf(p) > y !== yOf(q) > y) xs.push(xOf(p) + ((y - yOf(p)) * (xOf(q) - xOf(p))) / (yOf(q) - yOf(p)));
  }
  xs.sort((a, b) => a - b);
  let best: [number, number] = centroid;
  let widest = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const a = xs[i] as number;
    const b = xs[i + 1] as number;
    if (b - a > widest) {
      widest = b - a;
      best = [(a + b) / 2, y];
    }
  }
  return best;
}

function xOf(p: LonLat): number {
  return p[0] ?? Number.NaN;
}
function yOf(p: LonLat): number {
  return p[1] ?? Number.NaN;
}

function assertNever(value: never): never {
  throw new Error(`unexpected geometry: ${JSON.stringify(value)}`);
}

/** A `match` on the feature's kind, one output per kind (no kind is left to the fallback). */
function byKind<T>(valueFor: (kind: InterventionKind) => T, fallback: T): unknown[] {
  const expression: unknown[] = ['match', ['get', 'kind']];
  for (const kind of KIND_ORDER) expression.push(kind, valueFor(kind));
  expression.push(fallback);
  return expression;
}

const kindColorExpression = (): unknown[] => byKind((kind) => KIND_STYLES[kind].color, '#000000');
const kindDashExpression = (): unknown[] => byKind((kind) => ['literal', [...KIND_STYLES[kind].dash]], ['literal', [1, 0]]);

export type BuildStyleOptions = {
  /** Page origin, e.g. `location.origin`; glyphs are fetched from `${origin}/glyphs/...`. */
  origin: string;
  visibility: MapLayerVisibility;
};

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * The complete style: background, extruded buildings, the interventions (areas with a dashed
 * outline per kind, wide lines, points, extruded housing) and their labels. Sources start
 * empty; MapView fills them with setData so the map is never recreated for new data.
 */
export function buildStyle({ origin, visibility }: BuildStyleOptions): StyleSpecification {
  const shown = (group: MapLayerGroup) => (visibility[group] ? 'visible' : 'none');
  const isShape = (shape: ShapeClass) => ['==', ['get', 'shape'], shape];
  const isHousing = ['==', ['get', 'kind'], 'housing'];
  const layers = [
    { id: 'background', type: 'background', paint: { 'background-color': MAP_BACKGROUND } },
    {
      id: 'buildings-3d',
      type: 'fill-extrusion',
      source: SOURCE_IDS.buildings,
      layout: { visibility: shown('buildings') },
      paint: buildingsPaint(),
    },
    {
      id: 'interventions-fill',
      type: 'fill',
      source: SOURCE_IDS.interventions,
      filter: ['all', isShape('polygon'), ['!', isHousing]],
      layout: { visibility: shown('interventions') },
      paint: { 'fill-color': kindColorExpression(), 'fill-opacity': 0.55 },
    },
    {
      id: 'interventions-outline',
      type: 'line',
      source: SOURCE_IDS.interventions,
      filter: ['all', isShape('polygon'), ['!', isHousing]],
      layout: { visibility: shown('interventions'), 'line-join': 'round' },
      paint: { 'line-color': kindColorExpression(), 'line-width': 3, 'line-dasharray': kindDashExpression() },
    },
    {
      id: 'interventions-line',
      type: 'line',
      source: SOURCE_IDS.interventions,
      filter: isShape('line'),
      layout: { visibility: shown('interventions'), 'line-join': 'round' },
      paint: {
        'line-color': kindColorExpression(),
        // Wide enough to read as a street-level change, growing as one zooms in.
        'line-width': ['interpolate', ['linear'], ['zoom'], 14, 6, 16, 12, 18, 22, 20, 40],
        'line-dasharray': kindDashExpression(),
      },
    },
    {
      id: 'interventions-point',
      type: 'circle',
      source: SOURCE_IDS.interventions,
      filter: isShape('point'),
      layout: { visibility: shown('interventions') },
      paint: { 'circle-color': kindColorExpression(), 'circle-radius': 8, 'circle-stroke-color': LABEL_HALO_COLOR, 'circle-stroke-width': 2 },
    },
    {
      id: 'interventions-housing-3d',
      type: 'fill-extrusion',
      source: SOURCE_IDS.interventions,
      filter: ['all', isShape('polygon'), isHousing],
      layout: { visibility: shown('interventions') },
      paint: {
        'fill-extrusion-color': KIND_STYLES.housing.color,
        'fill-extrusion-height': ['to-number', ['get', 'height'], DEFAULT_HOUSING_HEIGHT],
        'fill-extrusion-base': 0,
        'fill-extrusion-opacity': 0.95,
      },
    },
    {
      id: 'interventions-labels',
      type: 'symbol',
      source: SOURCE_IDS.labels,
      layout: {
        visibility: shown('labels'),
        'text-field': ['get', 'title'],
        'text-font': [LABEL_FONT],
        'text-size': 14,
        'text-max-width': 12,
        // Titles that would collide move to another side of their anchor rather than overlap
        // into an unreadable tangle; the legend and the list beside the map name every one.
        'text-variable-anchor': ['center', 'top', 'bottom', 'left', 'right'],
        'text-radial-offset': 0.6,
        'text-justify': 'auto',
        'text-padding': 2,
      },
      paint: { 'text-color': LABEL_TEXT_COLOR, 'text-halo-color': LABEL_HALO_COLOR, 'text-halo-width': 2, 'text-halo-blur': 0.5 },
    },
  ] as LayerSpecification[];
  return {
    version: 8,
    name: 'Raadskaart',
    glyphs: glyphsUrl(origin),
    sources: {
      [SOURCE_IDS.buildings]: { type: 'geojson', data: EMPTY },
      [SOURCE_IDS.interventions]: { type: 'geojson', data: EMPTY },
      [SOURCE_IDS.labels]: { type: 'geojson', data: EMPTY },
    },
    layers,
  };
}

/** Existing buildings: extruded by their `height` (metres), one colour. Both building sources use it. */
function buildingsPaint(): Record<string, unknown> {
  return {
    'fill-extrusion-color': BUILDING_COLOR,
    'fill-extrusion-height': ['to-number', ['get', 'height'], 0],
    'fill-extrusion-base': 0,
    'fill-extrusion-opacity': 0.9,
  };
}

/** The vector source of a tiled buildings layer: its tiles come through the `rkp-tiles` protocol. */
export function tiledBuildingsSource(tiles: Omit<BuildingTiles, 'readTile' | 'featureCount'>): SourceSpecification {
  return {
    type: 'vector',
    tiles: [tileUrlTemplate(tiles)],
    minzoom: tiles.minzoom,
    maxzoom: tiles.maxzoom,
    bounds: [...tiles.bbox],
  };
}

/** The extruded buildings of a tiled layer (MVT layer `layerId`), painted like `buildings-3d`. */
export function tiledBuildingsLayer(layerId: string, visible: boolean): LayerSpecification {
  return {
    id: TILED_BUILDINGS.layer,
    type: 'fill-extrusion',
    source: TILED_BUILDINGS.source,
    'source-layer': layerId,
    layout: { visibility: visible ? 'visible' : 'none' },
    paint: buildingsPaint(),
  } as LayerSpecification;
}

/** `[[w, s], [e, n]]` for fitBounds. */
export function boundsOf(bbox: MapBBox): [[number, number], [number, number]] {
  return [
    [bbox[0], bbox[1]],
    [bbox[2], bbox[3]],
  ];
}

/** Number of buildings in a collection (0 while there is none). */
export function featureCount(collection: FeatureCollection | null | undefined): number {
  return collection?.features.length ?? 0;
}
