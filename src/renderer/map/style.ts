// The map's style, built in code: the app is offline, so there is no tile server, no remote
// style and no glyph server. Everything here is a pure function of its inputs (only type
// imports from the map engine), so it is unit-tested without WebGL. MapView.tsx is the only
// place that hands these objects to maplibre-gl.
// Interventions are drawn to be unmistakable on a projector: a translucent fill with a
// per-kind pattern (patterns.ts) and dashed outline, housing extruded by its height, labels
// beside their shape (never over it: above or below a wide shape, left or right of a tall one,
// offset by the shape's own half height or half width at the current zoom), large zones
// labelled inside, and a numbered marker for an intervention whose label the engine could not
// place (the controller finds those).
// Must never reference a remote URL: the only URLs in the style are the app's own glyph path
// and, for a vector-tile buildings layer, its in-process `rkp-tiles://` URLs.
import type { FeatureCollection, Point } from 'geojson';
import type { MapOptions } from 'maplibre-gl';
import { bboxOf, distanceM, lineLengthM, pointInRing, ringAreaM2, ringCentroid } from '../../shared/geo';
import type { LonLat } from '../../shared/geo';
import type { Intervention, InterventionKind } from '../../shared/packageFormat';
import type { BuildingTiles } from './buildingTiles';
import { tileUrlTemplate } from './buildingTiles';
import { BUILDING_COLOR, KIND_ORDER, KIND_STYLES, LABEL_HALO_COLOR, LABEL_TEXT_COLOR, MAP_BACKGROUND } from './palette';
import { PATTERNED_KINDS, patternName } from './patterns';

/** The style document MapLibre accepts (derived so that only maplibre-gl is a dependency). */
export type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;
export type LayerSpecification = StyleSpecification['layers'][number];
export type SourceSpecification = StyleSpecification['sources'][string];

/** Which groups of layers are shown; the layer toggles change these. */
export type MapLayerVisibility = { buildings: boolean; interventions: boolean; labels: boolean };
export type MapLayerGroup = keyof MapLayerVisibility;

/** [west, south, east, north] in WGS84 degrees. */
export type MapBBox = readonly [number, number, number, number];

export const SOURCE_IDS = { buildings: 'buildings', interventions: 'interventions', labels: 'intervention-labels', markers: 'intervention-markers' } as const;

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
  interventions: [
    'interventions-fill',
    'interventions-pattern',
    'interventions-outline',
    'interventions-line',
    'interventions-point',
    'interventions-housing-3d',
    'interventions-selected-casing',
    'interventions-selected',
  ],
  labels: ['interventions-labels-area', 'interventions-labels-tall', 'interventions-labels', 'interventions-marker-disc', 'interventions-marker-number'],
};

/** The symbol layers whose placed labels the controller reads back (a label it does not find gets a marker). */
export const LABEL_LAYERS = ['interventions-labels', 'interventions-labels-tall', 'interventions-labels-area'] as const;

/** Layers a click or tap on the map picks an intervention from. */
export const PICKABLE_LAYERS = [
  'interventions-fill',
  'interventions-outline',
  'interventions-line',
  'interventions-point',
  'interventions-housing-3d',
  ...LABEL_LAYERS,
  'interventions-marker-disc',
] as const;

/** Filters the controller changes at run time: the selected intervention's outline, and the markers of unplaced labels. */
export const DYNAMIC_FILTER_LAYERS = {
  selected: ['interventions-selected-casing', 'interventions-selected'],
  markers: ['interventions-marker-disc', 'interventions-marker-number'],
} as const;

/** Label sizes in pixels: the standard theme, and the projector theme (read from the back of a council chamber). */
export const LABEL_TEXT_SIZE = { standard: 16, projector: 20 } as const;
export type MapTheme = keyof typeof LABEL_TEXT_SIZE;

/** A shape whose smaller half-extent is more than this (metres) is an area (a zone): labelled inside. */
export const AREA_LABEL_MIN_HALF_M = 80;

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
  /** The intervention's number (from 1) in the list beside the map; a marker shows it when the label cannot be placed. */
  n: number;
};

/**
 * A label point's properties: `area` for a zone labelled inside; `wide` for a shape labelled
 * above or below it (else left or right); and the label's distance from the point (ems) at zoom
 * 10 and 22, between which the style interpolates by powers of two, exactly as the shape grows
 * on screen. (Numbers only: the engine's worker turns array properties into strings.)
 */
export type LabelFeatureProperties = InterventionFeatureProperties & { area: boolean; wide: boolean; offset10: number; offset22: number };

export type InterventionGeoJson = {
  /** The shapes themselves. */
  shapes: FeatureCollection<Intervention['geometry'], InterventionFeatureProperties>;
  /** One point per intervention where its title is drawn: the middle of its extent, the label beside it. */
  labels: FeatureCollection<Point, LabelFeatureProperties>;
  /** One point per intervention inside its shape, for its numbered marker. */
  markers: FeatureCollection<Point, InterventionFeatureProperties>;
};

/** Zooms between which label offsets are interpolated (outside them the nearest applies). */
const OFFSET_ZOOMS = [10, 22] as const;
/** Room between a shape and its label, in ems. */
const LABEL_GAP_EM = 0.5;
const EARTH_CIRCUMFERENCE_M = 40_075_016.686;

/** Pixels per metre on the ground at `zoom` and latitude `lat` (MapLibre's 512-pixel world). */
export function pixelsPerMetre(zoom: number, lat: number): number {
  return (512 * 2 ** zoom) / (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180));
}

/** Half the width and height of a geometry's extent in metres, and the middle of that extent. */
export function halfExtentM(geometry: Intervention['geometry']): { halfWidth: number; halfHeight: number; middle: [number, number] } {
  const [west, south, east, north] = bboxOf(geometry);
  const lat = (south + north) / 2;
  return {
    halfWidth: ((east - west) / 2) * (EARTH_CIRCUMFERENCE_M / 360) * Math.cos((lat * Math.PI) / 180),
    halfHeight: ((north - south) / 2) * (EARTH_CIRCUMFERENCE_M / 360),
    middle: [(west + east) / 2, lat],
  };
}

/**
 * How far (ems, text size `textSize`) a label sits from the middle of a shape at `zoom` to be
 * just outside it: half its height for a wide shape (label above or below), half its width for a
 * tall one (label beside it), plus a small gap.
 */
export function besideOffset(halfWidth: number, halfHeight: number, lat: number, zoom: number, textSize: number): number {
  const half = halfWidth >= halfHeight ? halfHeight : halfWidth;
  return Math.round(((half * pixelsPerMetre(zoom, lat)) / textSize + LABEL_GAP_EM) * 1000) / 1000;
}

/** Converts interventions to the GeoJSON collections the map's sources show; numbers are `numbers`' or follow the given order. */
export function interventionsToGeoJson(
  interventions: readonly Intervention[],
  textSize: number = LABEL_TEXT_SIZE.standard,
  numbers?: ReadonlyMap<string, number>,
): InterventionGeoJson {
  const shapes: InterventionGeoJson['shapes']['features'] = [];
  const labels: InterventionGeoJson['labels']['features'] = [];
  const markers: InterventionGeoJson['markers']['features'] = [];
  for (const [i, intervention] of interventions.entries()) {
    const shape = shapeClassOf(intervention.geometry);
    const properties: InterventionFeatureProperties = {
      id: intervention.id,
      title: intervention.title,
      kind: intervention.kind,
      shape,
      height: intervention.height ?? (intervention.kind === 'housing' ? DEFAULT_HOUSING_HEIGHT : 0),
      n: numbers?.get(intervention.id) ?? i + 1,
    };
    shapes.push({ type: 'Feature', properties, geometry: intervention.geometry });
    const { halfWidth, halfHeight, middle } = halfExtentM(intervention.geometry);
    const area = shape === 'polygon' && Math.min(halfWidth, halfHeight) > AREA_LABEL_MIN_HALF_M;
    const inside = labelPoint(intervention.geometry);
    const [low, high] = OFFSET_ZOOMS;
    labels.push({
      type: 'Feature',
      properties: {
        ...properties,
        area,
        wide: halfWidth >= halfHeight,
        offset10: besideOffset(halfWidth, halfHeight, middle[1], low, textSize),
        offset22: besideOffset(halfWidth, halfHeight, middle[1], high, textSize),
      },
      geometry: { type: 'Point', coordinates: area ? inside : middle },
    });
    markers.push({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: inside } });
  }
  return {
    shapes: { type: 'FeatureCollection', features: shapes },
    labels: { type: 'FeatureCollection', features: labels },
    markers: { type: 'FeatureCollection', features: markers },
  };
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
  /** Label size; default the standard theme's. */
  textSize?: number;
};

/** A filter that matches the interventions with these ids (none at first: no selection, no marker). */
export function idFilter(ids: readonly string[]): unknown[] {
  return ['in', ['get', 'id'], ['literal', [...ids]]];
}

/** A label's distance from its shape's middle, interpolated between its zoom 10 and zoom 22 values. */
export function labelOffsetExpression(): unknown[] {
  return ['interpolate', ['exponential', 2], ['zoom'], OFFSET_ZOOMS[0], ['get', 'offset10'], OFFSET_ZOOMS[1], ['get', 'offset22']];
}

const patternExpression = (): unknown[] => ['match', ['get', 'kind'], ...PATTERNED_KINDS.flatMap((kind) => [kind, patternName(kind)]), ''];

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * The complete style: background, extruded buildings, the interventions (areas with a dashed
 * outline per kind, wide lines, points, extruded housing) and their labels. Sources start
 * empty; MapView fills them with setData so the map is never recreated for new data.
 */
export function buildStyle({ origin, visibility, textSize = LABEL_TEXT_SIZE.standard }: BuildStyleOptions): StyleSpecification {
  const shown = (group: MapLayerGroup) => (visibility[group] ? 'visible' : 'none');
  const isShape = (shape: ShapeClass) => ['==', ['get', 'shape'], shape];
  const isHousing = ['==', ['get', 'kind'], 'housing'];
  const flatArea = ['all', isShape('polygon'), ['!', isHousing]];
  const halo = { 'text-color': LABEL_TEXT_COLOR, 'text-halo-color': LABEL_HALO_COLOR, 'text-halo-width': 2.5, 'text-halo-blur': 0.5 };
  const labelLayout = {
    visibility: shown('labels'),
    'text-field': ['get', 'title'],
    'text-font': [LABEL_FONT],
    'text-size': textSize,
    'text-max-width': 10,
    'text-justify': 'auto',
    'text-padding': 3,
    // Lower numbers first: when two labels compete, the first intervention in the list wins.
    'symbol-sort-key': ['get', 'n'],
  };
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
      filter: flatArea,
      layout: { visibility: shown('interventions') },
      paint: { 'fill-color': kindColorExpression(), 'fill-opacity': 0.45 },
    },
    {
      // The kind's texture over its colour: parks dotted, water waved, zones hatched.
      id: 'interventions-pattern',
      type: 'fill',
      source: SOURCE_IDS.interventions,
      filter: ['all', flatArea, ['in', ['get', 'kind'], ['literal', [...PATTERNED_KINDS]]]],
      layout: { visibility: shown('interventions') },
      paint: { 'fill-pattern': patternExpression(), 'fill-opacity': 0.85 },
    },
    {
      id: 'interventions-outline',
      type: 'line',
      source: SOURCE_IDS.interventions,
      filter: flatArea,
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
      // The selected intervention (inspector): a white casing under a black line, on any background.
      id: 'interventions-selected-casing',
      type: 'line',
      source: SOURCE_IDS.interventions,
      filter: idFilter([]),
      layout: { visibility: shown('interventions'), 'line-join': 'round' },
      paint: { 'line-color': LABEL_HALO_COLOR, 'line-width': 9 },
    },
    {
      id: 'interventions-selected',
      type: 'line',
      source: SOURCE_IDS.interventions,
      filter: idFilter([]),
      layout: { visibility: shown('interventions'), 'line-join': 'round' },
      paint: { 'line-color': LABEL_TEXT_COLOR, 'line-width': 4.5 },
    },
    {
      // Large zones are named inside; placed after the labels beside shapes (a lower layer yields).
      id: 'interventions-labels-area',
      type: 'symbol',
      source: SOURCE_IDS.labels,
      filter: ['==', ['get', 'area'], true],
      layout: { ...labelLayout, 'text-variable-anchor-offset': ['literal', ['center', [0, 0], 'top', [0, 1], 'bottom', [0, -1]]] },
      paint: halo,
    },
    {
      // Tall shapes: the label left or right of the shape.
      id: 'interventions-labels-tall',
      type: 'symbol',
      source: SOURCE_IDS.labels,
      filter: ['all', ['!=', ['get', 'area'], true], ['!=', ['get', 'wide'], true]],
      layout: { ...labelLayout, 'text-variable-anchor': ['left', 'right'], 'text-radial-offset': labelOffsetExpression() },
      paint: halo,
    },
    {
      // Wide shapes (most blocks, parks, streets): the label above or below the shape.
      id: 'interventions-labels',
      type: 'symbol',
      source: SOURCE_IDS.labels,
      filter: ['all', ['!=', ['get', 'area'], true], ['==', ['get', 'wide'], true]],
      layout: { ...labelLayout, 'text-variable-anchor': ['bottom', 'top'], 'text-radial-offset': labelOffsetExpression() },
      paint: halo,
    },
    {
      // A label that could not be placed: its number on a disc, always drawn (the list beside the map names it).
      id: 'interventions-marker-disc',
      type: 'circle',
      source: SOURCE_IDS.markers,
      filter: idFilter([]),
      layout: { visibility: shown('labels') },
      paint: { 'circle-color': LABEL_HALO_COLOR, 'circle-radius': textSize * 0.8, 'circle-stroke-color': LABEL_TEXT_COLOR, 'circle-stroke-width': 2.5 },
    },
    {
      id: 'interventions-marker-number',
      type: 'symbol',
      source: SOURCE_IDS.markers,
      filter: idFilter([]),
      layout: {
        visibility: shown('labels'),
        'text-field': ['to-string', ['get', 'n']],
        'text-font': [LABEL_FONT],
        'text-size': textSize,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': LABEL_TEXT_COLOR },
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
      [SOURCE_IDS.markers]: { type: 'geojson', data: EMPTY },
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
