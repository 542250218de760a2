// The scenario package format (format version 1): the manifest that lists content-addressed
// chunks, and the content index (chunk `index.json`) that describes meetings, layers,
// scenarios, interventions and indicators. Pure zod schemas and types: no I/O here.
// Everything that reads a package (demo install, sync, .rkp import) validates with these.
// docs/package-format.md describes the same structure for people.
import { z } from 'zod';
import { MAX_PACKAGE_VERSION } from './limits';
import { ViewContent } from './view/presentationView';

/** Lowercase hex SHA-256 of a chunk's bytes: also its address. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters (SHA-256)');

/** A path inside a package: relative, forward slashes, no `..`, no empty segment. */
export const PackagePath = z
  .string()
  .min(1)
  .max(512)
  .regex(/^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))(?!.*\/\/)[A-Za-z0-9._\-/]+$/, 'must be a relative path without ".." or "//"');

export const ChunkRef = z.strictObject({
  path: PackagePath,
  sha256: Sha256Hex,
  size: z.number().int().nonnegative(),
  mediaType: z.string().min(1).max(100),
});
export type ChunkRef = z.infer<typeof ChunkRef>;

export const Signature = z.strictObject({
  keyid: z.string().min(1).max(128),
  sig: z.string().min(1).max(256),
});

/** Path of the content index inside every package. */
export const INDEX_PATH = 'index.json';

export const Manifest = z.strictObject({
  formatVersion: z.literal(1),
  packageId: z.string().regex(/^[a-z0-9][a-z0-9.-]{2,99}$/, 'must be lowercase letters, digits, dots or dashes'),
  /** 1 to MAX_PACKAGE_VERSION (2^31 - 1, src/shared/limits.ts): the hub stores it as a 32-bit integer. */
  version: z.number().int().positive().max(MAX_PACKAGE_VERSION, `must be at most ${MAX_PACKAGE_VERSION}`),
  title: z.string().min(1).max(200),
  municipality: z.strictObject({ statcode: z.string().regex(/^GM\d{4}$/), name: z.string().min(1) }),
  demo: z.boolean(),
  created: z.iso.datetime(),
  expires: z.iso.datetime(),
  chunks: z.array(ChunkRef).min(1),
  signatures: z.array(Signature),
});
export type Manifest = z.infer<typeof Manifest>;

const Position = z.tuple([z.number().finite(), z.number().finite()]).rest(z.number().finite());
const Ring = z.array(Position).min(4);
export const Geometry = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('Point'), coordinates: Position }),
  z.strictObject({ type: z.literal('LineString'), coordinates: z.array(Position).min(2) }),
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) }),
  z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1)).min(1) }),
  z.strictObject({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(Position).min(2)).min(1) }),
]);
export type Geometry = z.infer<typeof Geometry>;

/** [west, south, east, north] in WGS84 degrees. */
export const BBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const InterventionKind = z.enum(['park', 'water', 'trees', 'housing', 'speed-zone', 'car-free', 'bike-route', 'parking']);
export type InterventionKind = z.infer<typeof InterventionKind>;

export const Intervention = z.strictObject({
  id: z.string().min(1).max(100),
  title: z.string().min(1).max(200),
  description: z.string().max(2000),
  kind: InterventionKind,
  geometry: Geometry,
  /** Height in metres for extruded interventions (new housing blocks). */
  height: z.number().nonnegative().optional(),
});
export type Intervention = z.infer<typeof Intervention>;

export const Scenario = z.strictObject({
  id: z.string().min(1).max(100),
  agendaItemId: z.string().min(1),
  title: z.string().min(1).max(200),
  summary: z.string().max(2000),
  interventions: z.array(Intervention).min(1),
});
export type Scenario = z.infer<typeof Scenario>;

export const Indicator = z.strictObject({
  id: z.string().min(1).max(100),
  title: z.string().min(1).max(200),
  unit: z.string().min(1).max(40),
  direction: z.enum(['higherIsBetter', 'lowerIsBetter']),
  target: z.number().finite().optional(),
  method: z.string().min(1).max(2000),
  /** Baseline value (current situation). */
  baseline: z.number().finite(),
  /** Value per scenario id. */
  values: z.record(z.string(), z.number().finite()),
  /**
   * True when the scenario value is the baseline plus the sum of its interventions'
   * contributions (areas, counts); false for ratios and hand-typed totals. Optional: packages
   * made before contributions existed have neither field.
   */
  additive: z.boolean().optional(),
  /** For additive indicators: scenario id → intervention id → that intervention's change to the value. */
  contributions: z.record(z.string(), z.record(z.string(), z.number().finite())).optional(),
});
export type Indicator = z.infer<typeof Indicator>;

/** Fields every layer has, whatever form its geometry is stored in. */
const LayerCommon = {
  id: z.string().min(1).max(100),
  title: z.string().min(1).max(200),
  kind: z.literal('buildings'),
  attribution: z.string().min(1).max(200),
  featureCount: z.number().int().nonnegative(),
  bbox: BBox,
};

/**
 * A layer stored as one GeoJSON chunk. `format` may be left out (packages written before
 * vector tiles existed have none); it then means 'geojson'.
 */
export const GeoJsonLayer = z.strictObject({
  ...LayerCommon,
  format: z.literal('geojson').optional(),
  /** Chunk path of a GeoJSON FeatureCollection (WGS84) whose features carry `height`. */
  path: PackagePath,
});
export type GeoJsonLayer = z.infer<typeof GeoJsonLayer>;

/** Zoom levels a vector-tile layer may span (the Web Mercator tile pyramid MapLibre reads). */
const TileZoom = z.number().int().min(0).max(24);

/**
 * A large layer cut into Mapbox Vector Tiles at pack time (docs/package-format.md, "Vector-tile
 * layers"): tiles are packed into bundle chunks, and the tile index chunk says where each
 * `z/x/y` tile lies (src/shared/tileBundle.ts). The MVT layer name inside every tile is `id`.
 */
export const VectorTileLayer = z
  .strictObject({
    ...LayerCommon,
    format: z.literal('vector-tiles'),
    /** Chunk path of the tile index (JSON, `TileIndex` in tileBundle.ts). */
    tileIndex: PackagePath,
    /** Chunk paths of the tile bundles; the tile index refers to them by position. */
    bundles: z.array(PackagePath).min(1).max(100_000),
    minzoom: TileZoom,
    maxzoom: TileZoom,
  })
  .refine((layer) => layer.minzoom <= layer.maxzoom, { path: ['maxzoom'], message: 'maxzoom must not be below minzoom' });
export type VectorTileLayer = z.infer<typeof VectorTileLayer>;

export const Layer = z.discriminatedUnion('format', [GeoJsonLayer, VectorTileLayer]);
export type Layer = z.infer<typeof Layer>;

/** Largest attachment the packer accepts (bytes): council documents, not archives. */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

/** A document that goes with an agenda item (a PDF, chunk mediaType application/pdf). */
export const Attachment = z.strictObject({
  /** Chunk path of the document. */
  path: PackagePath,
  title: z.string().min(1).max(200),
  /** Bytes, as in the chunk's manifest entry: shown before the user saves it. */
  size: z.number().int().nonnegative().max(MAX_ATTACHMENT_BYTES),
});
export type Attachment = z.infer<typeof Attachment>;

/** Longest talking points of one briefing step, in characters. */
export const MAX_TALKING_POINTS = 5000;
/** Most steps one agenda item's briefing may have. */
export const MAX_BRIEFING_STEPS = 100;

/**
 * One step of a briefing the advisor prepared: a view to show (the same view a deep link
 * restores), its title (shown to the audience too) and the talking points (presenter only).
 */
export const BriefingStep = z.strictObject({
  /** Unique within the agenda item; local adjustments in the app refer to it. */
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be letters, digits, ".", "_" or "-"'),
  title: z.string().min(1).max(200),
  /** What the presenter says at this step: a Markdown subset rendered as text; never sent to the audience window. */
  talkingPoints: z.string().max(MAX_TALKING_POINTS),
  /** The scenarios, compare mode, what-if toggles, camera and layers of the step (no kept composition: those are local). */
  view: ViewContent,
});
export type BriefingStep = z.infer<typeof BriefingStep>;

export const AgendaItem = z.strictObject({
  id: z.string().min(1).max(100),
  number: z.string().min(1).max(20),
  title: z.string().min(1).max(200),
  /** Chunk path of the briefing (Markdown). */
  briefing: PackagePath.optional(),
  /** Documents (PDF) for this item; optional, so packages made before attachments stay valid. */
  attachments: z.array(Attachment).max(100).optional(),
  /** The advisor's briefing as ordered steps for presentation mode; optional, so packages made before briefings had steps stay valid. */
  briefingSteps: z.array(BriefingStep).max(MAX_BRIEFING_STEPS).optional(),
  bbox: BBox,
});
export type AgendaItem = z.infer<typeof AgendaItem>;

export const Meeting = z.strictObject({
  id: z.string().min(1).max(100),
  title: z.string().min(1).max(200),
  body: z.string().min(1).max(200),
  date: z.iso.datetime(),
  agendaItems: z.array(AgendaItem).min(1),
});
export type Meeting = z.infer<typeof Meeting>;

export const PackageIndex = z.strictObject({
  meetings: z.array(Meeting).min(1),
  layers: z.array(Layer),
  scenarios: z.array(Scenario),
  indicators: z.array(Indicator),
});
export type PackageIndex = z.infer<typeof PackageIndex>;
