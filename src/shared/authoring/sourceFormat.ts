// Schemas of the hand-written source folder of a scenario package (examples/delfshaven/ is
// the reference; its README.md describes the same files for people). The builder turns a
// folder in this form into the package format of src/shared/packageFormat.ts. Pure zod
// schemas: no I/O. Never loosen a field that the package format requires strictly; the
// source may only add build-time conveniences (file references, computed indicators).
import { z } from 'zod';
import {
  AgendaItem,
  Attachment,
  BBox,
  BriefingStep,
  Geometry,
  Indicator,
  InterventionKind,
  MAX_BRIEFING_STEPS,
  MAX_TALKING_POINTS,
  Manifest,
  Meeting,
  PackagePath,
} from '../packageFormat';

/** Fixed file names inside a source folder. */
export const SOURCE_FILES = {
  package: 'raadskaart.json',
  meeting: 'meeting.json',
  scenarios: 'scenarios.json',
  indicators: 'indicators.json',
} as const;

/** First bytes of every PDF file. */
export const PDF_MAGIC = '%PDF-';

/** `raadskaart.json`: package metadata and the layers the builder must find in the folder. */
export const SourcePackage = z.strictObject({
  sourceFormatVersion: z.literal(1),
  packageId: Manifest.shape.packageId,
  version: Manifest.shape.version,
  title: Manifest.shape.title,
  municipality: Manifest.shape.municipality,
  demo: z.boolean(),
  /** Fixed creation time, so that rebuilding gives identical bytes. */
  created: z.iso.datetime(),
  /** Days from `created` until the manifest expires. */
  validityDays: z.number().int().min(1).max(36500),
  layers: z.array(
    z.strictObject({
      id: z.string().min(1).max(100),
      title: z.string().min(1).max(200),
      kind: z.literal('buildings'),
      /** File in the folder, also the chunk path in the package. */
      file: PackagePath,
      attribution: z.string().min(1).max(200),
    }),
  ),
});
export type SourcePackage = z.infer<typeof SourcePackage>;

/** Longest `view` of a briefing step in the source: a view query, or a whole link copied from the app. */
export const MAX_STEP_VIEW_LENGTH = 8000;

/**
 * A briefing step as the advisor writes it: `view` is the view's query string
 * (`show=groen,verdichting&mode=swipe`) or a whole link copied from the app's "Link kopiëren";
 * `talkingPoints` one text or a list of lines (joined with line breaks); `id` defaults to
 * `stap-<n>` (its position, from 1).
 */
export const SourceBriefingStep = z.strictObject({
  id: BriefingStep.shape.id.optional(),
  title: BriefingStep.shape.title,
  talkingPoints: z.union([z.string().max(MAX_TALKING_POINTS), z.array(z.string().max(MAX_TALKING_POINTS)).max(200)]).optional(),
  view: z.string().min(1).max(MAX_STEP_VIEW_LENGTH),
});
export type SourceBriefingStep = z.infer<typeof SourceBriefingStep>;

/** `meeting.json`: one meeting; an agenda item's bbox may be left out and is then computed. */
export const SourceMeeting = Meeting.extend({
  agendaItems: z
    .array(
      AgendaItem.extend({
        bbox: BBox.optional(),
        /** PDF files in the folder (each also its chunk path); the packer adds their size. */
        attachments: z
          .array(z.strictObject({ file: PackagePath, title: Attachment.shape.title }))
          .max(100)
          .optional(),
        /** The briefing as steps for presentation mode (docs/package-format.md "Briefing steps"). */
        briefingSteps: z.array(SourceBriefingStep).max(MAX_BRIEFING_STEPS).optional(),
      }),
    )
    .min(1),
});
export type SourceMeeting = z.infer<typeof SourceMeeting>;

/** `scenarios.json`: scenario metadata in display order; interventions live in `file`. */
export const SourceScenarios = z.strictObject({
  scenarios: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be lowercase letters, digits or dashes'),
        agendaItemId: z.string().min(1),
        title: z.string().min(1).max(200),
        summary: z.string().max(2000),
        /** GeoJSON FeatureCollection of interventions (WGS84, or RD New when it declares that `crs`). */
        file: PackagePath,
      }),
    )
    .min(1),
});
export type SourceScenarios = z.infer<typeof SourceScenarios>;

/** Properties of one intervention feature in a scenario's GeoJSON file. */
export const InterventionProperties = z.strictObject({
  id: z.string().min(1).max(100),
  title: z.string().min(1).max(200),
  description: z.string().max(2000),
  kind: InterventionKind,
  /** Metres; required for housing (extruded on the map). */
  height: z.number().positive().max(200).optional(),
});

export const InterventionFeature = z.strictObject({
  type: z.literal('Feature'),
  geometry: Geometry,
  properties: InterventionProperties,
});

export const InterventionCollection = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()).min(1),
});

/**
 * The old-style GeoJSON `crs` member (GeoJSON 2008; RFC 7946 dropped it, but QGIS and most
 * Dutch GIS exports still write it). Absent means WGS84 longitude/latitude.
 */
export const GeoJsonCrs = z.strictObject({
  type: z.literal('name'),
  properties: z.strictObject({ name: z.string().min(1).max(200) }),
});

/** `crs` names that mean RD New (EPSG:28992): coordinates are metres, reprojected at pack time. */
export const RD_NEW_CRS_NAMES: readonly string[] = ['urn:ogc:def:crs:EPSG::28992', 'EPSG:28992'];
/** `crs` names that mean WGS84 longitude/latitude (what no `crs` means too). EPSG:4326 is left out: its axis order is latitude first. */
export const WGS84_CRS_NAMES: readonly string[] = ['urn:ogc:def:crs:OGC:1.3:CRS84', 'urn:ogc:def:crs:OGC::CRS84'];

/** Where RD New coordinates may lie (metres): the grid's valid area around the Netherlands. */
export const RD_NEW_RANGE = { minX: 0, maxX: 300_000, minY: 289_000, maxY: 629_000 } as const;

/**
 * Longitude/latitude box around the Netherlands, with a margin. Every package belongs to a
 * Dutch municipality (a CBS `GM` statcode), so a position outside it is an error: it nearly
 * always means swapped axes or an undeclared CRS, and a map in the wrong place is worse than
 * a refused pack.
 */
export const NETHERLANDS_BBOX = { west: 3.2, south: 50.7, east: 7.3, north: 53.6 } as const;

/** Geometry types each intervention kind may use: areas for land use, lines for streets and routes. */
export const GEOMETRY_TYPES_BY_KIND: Record<InterventionKind, readonly Geometry['type'][]> = {
  park: ['Polygon', 'MultiPolygon'],
  water: ['Polygon', 'MultiPolygon'],
  trees: ['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString', 'Point'],
  housing: ['Polygon', 'MultiPolygon'],
  'speed-zone': ['Polygon', 'MultiPolygon'],
  'car-free': ['LineString', 'MultiLineString'],
  'bike-route': ['LineString', 'MultiLineString'],
  parking: ['Polygon', 'MultiPolygon', 'Point'],
};

/**
 * How the builder computes an indicator from the intervention geometry. Each kind documents
 * its rule; the parameters are in the source so the method text and the numbers sit together.
 */
export const ComputeSpec = z.discriminatedUnion('kind', [
  /** baseline + area of park and trees polygons (m², rounded). */
  z.strictObject({ kind: z.literal('greenArea') }),
  /** baseline − area of park, trees, water and housing polygons (they replace paving). */
  z.strictObject({ kind: z.literal('pavedArea') }),
  /** baseline − floor(length of car-free lines / metresPerPlace). */
  z.strictObject({ kind: z.literal('parkingPlaces'), metresPerPlace: z.number().positive() }),
  /** baseline + Σ floor(area × floor(height / storeyHeight) × netToGross / m2PerUnit) over housing. */
  z.strictObject({
    kind: z.literal('housingUnits'),
    storeyHeightM: z.number().positive(),
    netToGross: z.number().positive().max(1),
    m2PerUnit: z.number().positive(),
  }),
  /**
   * (footprint area of the buildings layer + housing area + paved area) / plan area × 100, one
   * decimal. The plan area is the buildings layer's bbox; `pavedIndicator` names the pavedArea
   * indicator whose values are used.
   */
  z.strictObject({ kind: z.literal('sealedShare'), buildingsLayer: z.string().min(1), pavedIndicator: z.string().min(1) }),
]);
export type ComputeSpec = z.infer<typeof ComputeSpec>;

/**
 * An indicator in `indicators.json`: fixed values, or a `compute` rule (baseline may then be
 * required by the rule). Fixed values may come with `contributions` (intervention id → its
 * change to the value); the indicator is then additive and the builder checks the sum.
 * `additive` is never written by hand: the builder derives it.
 */
export const SourceIndicator = Indicator.omit({ additive: true, contributions: true }).extend({
  baseline: Indicator.shape.baseline.optional(),
  values: Indicator.shape.values.optional(),
  contributions: z.record(z.string(), z.number().finite()).optional(),
  compute: ComputeSpec.optional(),
});
export type SourceIndicator = z.infer<typeof SourceIndicator>;

export const SourceIndicators = z.strictObject({ indicators: z.array(SourceIndicator).min(1) });
