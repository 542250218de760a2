// The style is plain data, so it is checked here without WebGL: it validates against the
// MapLibre style specification, asks only the app's own origin for glyphs, honours the layer
// toggles, and its filters and expressions send each intervention to the right layer and colour.
import { createExpression, featureFilter, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { FilterSpecification, StyleSpecification as SpecStyle } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import type { Intervention, InterventionKind } from '../../shared/packageFormat';
import { KIND_ORDER, KIND_STYLES } from './palette';
import { LAYER_GROUPS, buildStyle, escapeHtml, glyphsUrl, halfExtentM, interventionsToGeoJson, labelOffsetExpression, labelPoint, pixelsPerMetre } from './style';
import type { InterventionFeatureProperties, LayerSpecification, MapLayerVisibility } from './style';

const ALL_VISIBLE: MapLayerVisibility = { buildings: true, interventions: true, labels: true };

const square = (x: number, y: number, size: number): Intervention['geometry'] => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
});

function makeIntervention(overrides: Partial<Intervention> = {}): Intervention {
  return { id: 'i1', title: 'Park aan de Schie', description: '', kind: 'park', geometry: square(4.455, 51.906, 0.001), ...overrides };
}

function layer(id: string, visibility = ALL_VISIBLE): LayerSpecification {
  const found = buildStyle({ origin: 'app://raadskaart', visibility }).layers.find((l) => l.id === id);
  if (!found) throw new Error(`no layer ${id}`);
  return found;
}

/** A layer's paint property as an evaluable expression. */
function paintExpression(id: string, property: string) {
  const layers = buildStyle({ origin: 'app://raadskaart', visibility: ALL_VISIBLE }).layers;
  const index = layers.findIndex((l) => l.id === id);
  const paint = (layers[index]?.paint ?? {}) as Record<string, unknown>;
  const parsed = createExpression(paint[property], `layers[${index}].paint.${property}`);
  if (parsed.result !== 'success') throw new Error(`${id} ${property}: ${JSON.stringify(parsed.value)}`);
  return parsed.value;
}

/** Which layers draw a feature with these properties (by their filters). */
function layersDrawing(properties: InterventionFeatureProperties, geometryType: 1 | 2 | 3): string[] {
  const style = buildStyle({ origin: 'app://raadskaart', visibility: ALL_VISIBLE });
  return style.layers
    .filter((l) => 'source' in l && l.source === 'interventions')
    .filter((l) =>
      featureFilter(('filter' in l ? l.filter : undefined) as FilterSpecification | undefined, `layers[${style.layers.indexOf(l)}].filter`).filter(
        { zoom: 16 },
        { type: geometryType, properties },
      ),
    )
    .map((l) => l.id);
}

describe('buildStyle', () => {
  it('produces a style the MapLibre style specification accepts', () => {
    const style = buildStyle({ origin: 'http://127.0.0.1:5173', visibility: { buildings: false, interventions: true, labels: false } });
    expect(validateStyleMin(style as SpecStyle)).toEqual([]);
  });

  it('would be caught by that validator if a layer were broken', () => {
    const style = buildStyle({ origin: 'app://raadskaart', visibility: ALL_VISIBLE });
    const broken = { ...style, layers: style.layers.map((l) => (l.id === 'interventions-line' ? { ...l, source: 'no-such-source' } : l)) };
    expect(
      validateStyleMin(broken as SpecStyle)
        .map((e) => e.message)
        .join('\n'),
    ).toMatch(/no-such-source/);
  });

  it('keeps the {fontstack} and {range} placeholders of the glyph URL intact', () => {
    expect(buildStyle({ origin: 'app://raadskaart', visibility: ALL_VISIBLE }).glyphs).toBe('app://raadskaart/glyphs/{fontstack}/{range}.pbf');
    expect(glyphsUrl('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/glyphs/{fontstack}/{range}.pbf');
  });

  it('refers to no URL other than the glyphs on the given origin', () => {
    const json = JSON.stringify(buildStyle({ origin: 'app://raadskaart', visibility: ALL_VISIBLE }));
    const urls = json.match(/[a-z]+:\/\/[^"]*/g) ?? [];
    expect(urls).toEqual(['app://raadskaart/glyphs/{fontstack}/{range}.pbf']);
  });

  it('starts with empty GeoJSON sources (data arrives through setData)', () => {
    const { sources } = buildStyle({ origin: 'app://raadskaart', visibility: ALL_VISIBLE });
    expect(Object.keys(sources).sort()).toEqual(['buildings', 'intervention-labels', 'intervention-markers', 'interventions']);
    for (const source of Object.values(sources)) expect(source).toEqual({ type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  });

  it.each(['buildings', 'interventions', 'labels'] as const)('hides only the %s layers when that toggle is off', (group) => {
    const visibility = { ...ALL_VISIBLE, [group]: false };
    const style = buildStyle({ origin: 'app://raadskaart', visibility });
    for (const [otherGroup, ids] of Object.entries(LAYER_GROUPS)) {
      for (const id of ids) {
        const found = style.layers.find((l) => l.id === id);
        expect(found?.layout?.visibility, id).toBe(otherGroup === group ? 'none' : 'visible');
      }
    }
  });

  it('extrudes buildings by their height property, 0 when it is missing', () => {
    expect(layer('buildings-3d').type).toBe('fill-extrusion');
    const height = paintExpression('buildings-3d', 'fill-extrusion-height');
    expect(height.evaluate({ zoom: 16 }, { type: 3, properties: { height: 23.5 } })).toBe(23.5);
    expect(height.evaluate({ zoom: 16 }, { type: 3, properties: {} })).toBe(0);
  });

  it.each(KIND_ORDER)('colours a %s intervention with its palette colour', (kind) => {
    const color = paintExpression('interventions-outline', 'line-color');
    expect(color.evaluate({ zoom: 16 }, { type: 3, properties: { kind } })).toBe(KIND_STYLES[kind].color);
  });

  it('extrudes a housing block instead of drawing it flat, and draws other areas flat with an outline', () => {
    const housing = interventionsToGeoJson([makeIntervention({ kind: 'housing', height: 21 })]).shapes.features[0]?.properties;
    const park = interventionsToGeoJson([makeIntervention()]).shapes.features[0]?.properties;
    if (!housing || !park) throw new Error('no features');
    expect(layersDrawing(housing, 3)).toEqual(['interventions-housing-3d']);
    expect(layersDrawing(park, 3)).toEqual(['interventions-fill', 'interventions-pattern', 'interventions-outline']);
  });

  it('draws a car-free street as a wide line', () => {
    const street = makeIntervention({
      kind: 'car-free',
      geometry: {
        type: 'LineString',
        coordinates: [
          [4.45, 51.9],
          [4.46, 51.9],
        ],
      },
    });
    const props = interventionsToGeoJson([street]).shapes.features[0]?.properties;
    if (!props) throw new Error('no feature');
    expect(layersDrawing(props, 2)).toEqual(['interventions-line']);
    expect(paintExpression('interventions-line', 'line-width').evaluate({ zoom: 17 }, { type: 2, properties: props })).toBeGreaterThanOrEqual(10);
  });

  it('labels interventions with their title in the bundled font, with a halo', () => {
    const labels = layer('interventions-labels');
    expect(labels.type).toBe('symbol');
    expect(labels.layout).toMatchObject({ 'text-field': ['get', 'title'], 'text-font': ['Noto Sans Regular'] });
    expect((labels.paint as Record<string, unknown>)['text-halo-width']).toBeGreaterThan(0);
  });
});

describe('interventionsToGeoJson', () => {
  it('keeps id, title and kind, and gives housing without a height a default height', () => {
    const { shapes, labels } = interventionsToGeoJson([makeIntervention({ id: 'h1', kind: 'housing', title: 'Woonblok' })]);
    expect(shapes.features[0]?.properties).toEqual({ id: 'h1', title: 'Woonblok', kind: 'housing', shape: 'polygon', height: 12, n: 1 });
    expect(labels.features[0]?.properties.title).toBe('Woonblok');
  });

  it('emits one shape and one label point per intervention', () => {
    const kinds: InterventionKind[] = ['park', 'water', 'bike-route'];
    const { shapes, labels } = interventionsToGeoJson(kinds.map((kind, i) => makeIntervention({ id: `i${i}`, kind })));
    expect(shapes.features).toHaveLength(3);
    expect(labels.features.map((f) => f.geometry.type)).toEqual(['Point', 'Point', 'Point']);
  });
});

describe('labels beside their shape', () => {
  it("puts a wide shape's label above or below it, half its height away, and a tall one's beside it", () => {
    const wide = makeIntervention({
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [4.45, 51.9],
            [4.4536, 51.9],
            [4.4536, 51.9004],
            [4.45, 51.9004],
            [4.45, 51.9],
          ],
        ],
      },
    });
    const tall = makeIntervention({
      id: 'i2',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [4.45, 51.9],
            [4.4504, 51.9],
            [4.4504, 51.9036],
            [4.45, 51.9036],
            [4.45, 51.9],
          ],
        ],
      },
    });
    const [w, t] = interventionsToGeoJson([wide, tall], 16).labels.features;
    expect([w?.properties.wide, t?.properties.wide]).toEqual([true, false]);
    expect(layersOf(w?.properties)).toEqual(['interventions-labels']);
    expect(layersOf(t?.properties)).toEqual(['interventions-labels-tall']);
    // At zoom 16 a 44 m half height is 44 × 1.357 px/m ≈ 60 px, 3.7 ems of 16 px, plus the gap.
    const { halfHeight } = halfExtentM(wide.geometry);
    const expected = (halfHeight * pixelsPerMetre(16, 51.9002)) / 16 + 0.5;
    expect(labelOffsetAt(w?.properties, 16)).toBeCloseTo(expected, 2);
    // The offset doubles with each zoom level, as the shape does on screen.
    expect(labelOffsetAt(w?.properties, 17) - 0.5).toBeCloseTo(2 * (expected - 0.5), 2);
  });

  it('labels a large zone inside it', () => {
    const zone = makeIntervention({ kind: 'speed-zone', geometry: square(4.45, 51.9, 0.004) });
    const label = interventionsToGeoJson([zone]).labels.features[0];
    expect(label?.properties.area).toBe(true);
    expect(layersOf(label?.properties)).toEqual(['interventions-labels-area']);
  });
});

/** The label layers (of the labels source) whose filter takes a label point with these properties. */
function layersOf(properties: Record<string, unknown> | undefined): string[] {
  const style = buildStyle({ origin: 'app://raadskaart', visibility: ALL_VISIBLE });
  return style.layers
    .filter((l) => 'source' in l && l.source === 'intervention-labels')
    .filter((l) =>
      featureFilter(('filter' in l ? l.filter : undefined) as FilterSpecification | undefined, 'filter').filter({ zoom: 16 }, { type: 1, properties: properties ?? {} }),
    )
    .map((l) => l.id);
}

/** The radial offset the beside-the-shape label layer gives a label at `zoom`. */
function labelOffsetAt(properties: Record<string, unknown> | undefined, zoom: number): number {
  const spec = (latest as unknown as Record<string, Record<string, never>>)['layout_symbol']?.['text-radial-offset'];
  const parsed = createExpression(labelOffsetExpression(), 'layers[0].layout.text-radial-offset', spec);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  return parsed.value.evaluate({ zoom }, { type: 1, properties: properties ?? {} }) as number;
}

describe('labelPoint', () => {
  it('puts the label of a square at its centre', () => {
    const [x, y] = labelPoint(square(4.455, 51.906, 0.002));
    expect(x).toBeCloseTo(4.456, 6);
    expect(y).toBeCloseTo(51.907, 6);
  });

  it('puts the label of a U-shaped area inside the area, not in the gap', () => {
    // A U open to the north: its centroid lies in the empty middle.
    const u: Intervention['geometry'] = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    const [x, y] = labelPoint(u);
    const inLeftArm = x > 0 && x < 1 && y > 0 && y < 3;
    const inRightArm = x > 2 && x < 3 && y > 0 && y < 3;
    const inBase = x > 0 && x < 3 && y > 0 && y < 1;
    expect(inLeftArm || inRightArm || inBase).toBe(true);
  });

  it('puts the label of a line halfway along it', () => {
    const [x, y] = labelPoint({
      type: 'LineString',
      coordinates: [
        [4.45, 51.9],
        [4.46, 51.9],
        [4.46, 51.9001],
      ],
    });
    expect(y).toBeCloseTo(51.9, 6);
    expect(x).toBeGreaterThan(4.454);
    expect(x).toBeLessThan(4.456);
  });
});

describe('escapeHtml', () => {
  it('turns markup in an attribution into text', () => {
    expect(escapeHtml('3D-stadsmodel <a href="x">Rotterdam</a> & co\'s')).toBe('3D-stadsmodel &#60;a href=&#34;x&#34;&#62;Rotterdam&#60;/a&#62; &#38; co&#39;s');
  });
});
