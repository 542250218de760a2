// Assembles a scenario package from a source folder (see examples/delfshaven/README.md):
// validates every file, computes geometry-derived indicators and agenda bboxes, and returns
// the manifest and chunk bytes in memory. Reads files only; writing is writePackage.ts's job.
// Deterministic: the same folder always gives the same bytes (no clock, no random, no
// directory-listing order; Ed25519 signatures are deterministic too). Errors name the file,
// the JSON path or the feature index.
// Signing: a demo folder may carry its own, intentionally public key in keys/demo-private.json
// (examples/delfshaven/README.md); a demo package is signed with it. Any other key is passed in
// (`raadskaart pack --key` signs the unsigned manifest itself). Never signs a non-demo package
// with a key found in the folder.
// Coordinates: a scenario or layer GeoJSON without `crs` is WGS84; one that declares RD New
// (EPSG:28992) is reprojected here with src/shared/rd.ts, so a package only ever holds WGS84.
// Large layers (over the tiling thresholds) are cut into vector tiles here (tiles.ts) and ship
// as a tile index plus tile bundles instead of one GeoJSON chunk.
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { canonicalJsonBytes } from '../../src/shared/canonicalJson';
import { ValidationError, describeIssues } from '../../src/shared/errors';
import type { BBox } from '../../src/shared/geo';
import { bboxOf, unionBBox } from '../../src/shared/geo';
import { sha256Hex } from '../../src/shared/hash';
import type { AgendaItem, ChunkRef, Geometry as GeometryType, Intervention, Layer, Scenario } from '../../src/shared/packageFormat';
import { Geometry, INDEX_PATH, MAX_ATTACHMENT_BYTES, Manifest, PackageIndex } from '../../src/shared/packageFormat';
import type { PrivateKeyFile } from '../../src/shared/keys';
import { rdToWgs84 } from '../../src/shared/rd';
import { parsePrivateKeyFile } from '../../src/shared/keys';
import { signDocument } from '../../src/shared/signing';
import { buildIndicators } from './indicators';
import type { TileableFeature, TileOptions, TilingThresholds } from './tiles';
import { DEFAULT_TILING_THRESHOLDS, cutVectorTiles, needsTiling } from './tiles';
import {
  GEOMETRY_TYPES_BY_KIND,
  GeoJsonCrs,
  InterventionCollection,
  NETHERLANDS_BBOX,
  PDF_MAGIC,
  RD_NEW_CRS_NAMES,
  RD_NEW_RANGE,
  WGS84_CRS_NAMES,
  InterventionFeature,
  SOURCE_FILES,
  SourceIndicators,
  SourceMeeting,
  SourcePackage,
  SourceScenarios,
} from './sourceFormat';

/** One chunk: its manifest entry and its bytes. */
export type BuiltChunk = { ref: ChunkRef; bytes: Uint8Array };

/** A package ready to write: the manifest, its canonical bytes and the chunks it lists. */
export type BuiltPackage = {
  manifest: Manifest;
  manifestBytes: Uint8Array;
  chunks: BuiltChunk[];
  index: PackageIndex;
};

const MEDIA_TYPES = {
  json: 'application/json',
  geojson: 'application/geo+json',
  markdown: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
  /** Mapbox Vector Tiles back to back; only the layer's tile index makes sense of the bytes. */
  tileBundle: 'application/vnd.raadskaart.tile-bundle',
} as const;

/** A layer id that becomes a path segment (tiles/<id>/...) and a tile URL segment. */
const TILED_LAYER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const DAY_MS = 86_400_000;

/** Where a demo source folder keeps its signing key (intentionally public, see the module header). */
export const DEMO_KEY_FILE = 'keys/demo-private.json';

export type AssembleOptions = {
  /**
   * Key that signs the manifest. Default: for a package with `demo: true`, the folder's
   * DEMO_KEY_FILE when it exists; otherwise the manifest stays unsigned. `null`: never sign.
   */
  signingKey?: PrivateKeyFile | null;
  /** When a layer is cut into vector tiles; default DEFAULT_TILING_THRESHOLDS (tests pass small ones). */
  tiling?: Partial<TilingThresholds>;
  /** Zooms and bundle size of tiled layers; default DEFAULT_TILE_OPTIONS. */
  tileOptions?: Partial<TileOptions>;
};

/** Reads and validates the source folder `srcDir` and builds the package in memory. */
export async function assemblePackage(srcDir: string, opts: AssembleOptions = {}): Promise<BuiltPackage> {
  const pkg = parseWith(SourcePackage, await readJson(srcDir, SOURCE_FILES.package), SOURCE_FILES.package);
  const meeting = parseWith(SourceMeeting, await readJson(srcDir, SOURCE_FILES.meeting), SOURCE_FILES.meeting);
  const scenarioList = parseWith(SourceScenarios, await readJson(srcDir, SOURCE_FILES.scenarios), SOURCE_FILES.scenarios);
  const indicatorSource = parseWith(SourceIndicators, await readJson(srcDir, SOURCE_FILES.indicators), SOURCE_FILES.indicators);

  const agendaIds = new Set(meeting.agendaItems.map((a) => a.id));
  const scenarios: Scenario[] = [];
  const interventionIds = new Map<string, string>();
  const scenarioIds = new Set<string>();
  for (const [i, s] of scenarioList.scenarios.entries()) {
    const where = `${SOURCE_FILES.scenarios}: $.scenarios[${i}]`;
    if (scenarioIds.has(s.id)) throw new ValidationError(`${where}.id: duplicate scenario id "${s.id}"`, { file: SOURCE_FILES.scenarios, path: `$.scenarios[${i}].id` });
    scenarioIds.add(s.id);
    if (!agendaIds.has(s.agendaItemId))
      throw new ValidationError(`${where}.agendaItemId: no agenda item "${s.agendaItemId}" in ${SOURCE_FILES.meeting}`, { file: SOURCE_FILES.scenarios, path: `$.scenarios[${i}].agendaItemId` });
    const interventions = parseInterventions(await readText(srcDir, s.file), s.file);
    for (const [fi, iv] of interventions.entries()) {
      const other = interventionIds.get(iv.id);
      if (other) throw new ValidationError(`${s.file}: features[${fi}].properties.id: "${iv.id}" is already used in ${other}`, { file: s.file, featureIndex: fi });
      interventionIds.set(iv.id, s.file);
    }
    scenarios.push({ id: s.id, agendaItemId: s.agendaItemId, title: s.title, summary: s.summary, interventions });
  }

  const layerChunks: BuiltChunk[] = [];
  const layers: Layer[] = [];
  const layerGeometries: { id: string; bbox: BBox; geometries: GeometryType[] }[] = [];
  const thresholds = { ...DEFAULT_TILING_THRESHOLDS, ...opts.tiling };
  for (const [li, l] of pkg.layers.entries()) {
    const sourceBytes = await readBytes(srcDir, l.file, 'run `npm run demo:build`, which derives it from the CityJSON source');
    // `bytes` are the WGS84 GeoJSON that ships: the file itself, or its reprojection from RD New.
    const { geometries, bbox, features, bytes } = parseBuildingsLayer(sourceBytes, l.file);
    const common = { id: l.id, title: l.title, kind: l.kind, attribution: l.attribution, featureCount: geometries.length, bbox };
    layerGeometries.push({ id: l.id, bbox, geometries });
    if (!needsTiling(geometries.length, bytes.byteLength, thresholds)) {
      layers.push({ ...common, path: l.file });
      layerChunks.push(await chunk(l.file, bytes, MEDIA_TYPES.geojson));
      continue;
    }
    if (!TILED_LAYER_ID.test(l.id) || l.id.endsWith('.')) {
      throw new ValidationError(
        `${SOURCE_FILES.package}: $.layers[${li}].id: "${l.id}" is too large a layer to ship as GeoJSON and is cut into vector tiles, so its id must be letters, digits, ".", "_" or "-" (it becomes a path)`,
        { file: SOURCE_FILES.package, path: `$.layers[${li}].id` },
      );
    }
    const tiles = cutVectorTiles(l.id, features, opts.tileOptions);
    const dir = `tiles/${l.id}`;
    const bundlePaths = tiles.bundles.map((_, n) => `${dir}/bundle-${n}.bin`);
    layers.push({ ...common, format: 'vector-tiles', tileIndex: `${dir}/index.json`, bundles: bundlePaths, minzoom: tiles.minzoom, maxzoom: tiles.maxzoom });
    layerChunks.push(await chunk(`${dir}/index.json`, canonicalJsonBytes(tiles.index), MEDIA_TYPES.json));
    for (const [n, bundle] of tiles.bundles.entries()) layerChunks.push(await chunk(bundlePaths[n] as string, bundle, MEDIA_TYPES.tileBundle));
  }

  const briefingChunks = new Map<string, BuiltChunk>();
  const attachmentChunks = new Map<string, BuiltChunk>();
  const agendaItems: AgendaItem[] = [];
  for (const [ai, { attachments: sourceAttachments, ...item }] of meeting.agendaItems.entries()) {
    if (item.briefing && !briefingChunks.has(item.briefing)) {
      const bytes = await readBytes(srcDir, item.briefing);
      const text = decodeUtf8(bytes, item.briefing);
      if (text.trim() === '') throw new ValidationError(`${item.briefing}: briefing is empty`, { file: item.briefing });
      briefingChunks.set(item.briefing, await chunk(item.briefing, bytes, MEDIA_TYPES.markdown));
    }
    const bbox = item.bbox ?? agendaBBox(item.id, scenarios, layers);
    if (!bbox) throw new ValidationError(`${SOURCE_FILES.meeting}: $.agendaItems[${ai}].bbox: give a bbox; there is no layer or scenario to compute one from`, { file: SOURCE_FILES.meeting, path: `$.agendaItems[${ai}].bbox` });
    const built: AgendaItem = { ...item, bbox };
    if (sourceAttachments) {
      built.attachments = [];
      for (const [k, a] of sourceAttachments.entries()) {
        const c = attachmentChunks.get(a.file) ?? (await pdfChunk(srcDir, a.file, `$.agendaItems[${ai}].attachments[${k}].file`));
        attachmentChunks.set(a.file, c);
        built.attachments.push({ path: a.file, title: a.title, size: c.ref.size });
      }
    }
    agendaItems.push(built);
  }

  const indicators = buildIndicators(indicatorSource.indicators, { scenarios, layers: layerGeometries, file: SOURCE_FILES.indicators });
  const index = PackageIndex.parse({ meetings: [{ ...meeting, agendaItems }], layers, scenarios, indicators });
  const indexChunk = await chunk(INDEX_PATH, canonicalJsonBytes(index), MEDIA_TYPES.json);

  const chunks = [indexChunk, ...layerChunks, ...briefingChunks.values(), ...attachmentChunks.values()];
  const paths = new Set<string>();
  for (const c of chunks) {
    if (paths.has(c.ref.path)) throw new ValidationError(`two chunks share the path "${c.ref.path}"`, { file: c.ref.path });
    paths.add(c.ref.path);
  }

  const created = new Date(pkg.created);
  const manifest = Manifest.parse({
    formatVersion: 1,
    packageId: pkg.packageId,
    version: pkg.version,
    title: pkg.title,
    municipality: pkg.municipality,
    demo: pkg.demo,
    created: created.toISOString(),
    // Fixed from the source, never from the clock: rebuilding must give identical bytes.
    expires: new Date(created.getTime() + pkg.validityDays * DAY_MS).toISOString(),
    chunks: chunks.map((c) => c.ref),
    signatures: [],
  });
  const key = opts.signingKey === undefined ? await demoKeyOf(srcDir, pkg.demo) : opts.signingKey;
  const signed = key ? await signDocument(manifest, key) : manifest;
  return { manifest: signed, manifestBytes: canonicalJsonBytes(signed), chunks, index };
}

/** An attachment: a file in the folder that is a PDF (by its first bytes) and at most MAX_ATTACHMENT_BYTES. */
async function pdfChunk(srcDir: string, file: string, jsonPath: string): Promise<BuiltChunk> {
  const loc = { file: SOURCE_FILES.meeting, path: jsonPath };
  let size: number;
  try {
    // Size first: a 2 GB file is refused without reading it into memory.
    size = (await stat(path.join(srcDir, file))).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ValidationError(`${SOURCE_FILES.meeting}: ${jsonPath}: attachment "${file}" is missing in ${srcDir}`, loc);
    throw e;
  }
  if (size > MAX_ATTACHMENT_BYTES)
    throw new ValidationError(`${SOURCE_FILES.meeting}: ${jsonPath}: attachment "${file}" is ${size} bytes; the limit is ${MAX_ATTACHMENT_BYTES} (50 MB)`, loc);
  const bytes = await readBytes(srcDir, file);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, PDF_MAGIC.length));
  if (head !== PDF_MAGIC) throw new ValidationError(`${file}: not a PDF (it does not start with "${PDF_MAGIC}"); attachments must be PDF files`, { file });
  return chunk(file, bytes, MEDIA_TYPES.pdf);
}

/** The folder's demo key for a demo package, or null (not a demo, or no key file). */
async function demoKeyOf(srcDir: string, demo: boolean): Promise<PrivateKeyFile | null> {
  if (!demo) return null;
  const file = path.join(srcDir, DEMO_KEY_FILE);
  try {
    await access(file);
  } catch {
    return null;
  }
  return parsePrivateKeyFile(await readFile(file, 'utf8'), DEMO_KEY_FILE);
}

async function chunk(chunkPath: string, bytes: Uint8Array, mediaType: string): Promise<BuiltChunk> {
  return { ref: { path: chunkPath, sha256: await sha256Hex(bytes), size: bytes.byteLength, mediaType }, bytes };
}

/** The agenda item's map view: its scenarios' interventions and every layer. */
function agendaBBox(itemId: string, scenarios: readonly Scenario[], layers: readonly Layer[]): BBox | undefined {
  let box: BBox | undefined;
  for (const l of layers) box = box ? unionBBox(box, l.bbox) : [...l.bbox];
  for (const s of scenarios.filter((sc) => sc.agendaItemId === itemId))
    for (const iv of s.interventions) {
      const b = bboxOf(iv.geometry);
      box = box ? unionBBox(box, b) : b;
    }
  return box;
}

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

type Crs = 'wgs84' | 'rd';

/** The coordinate system a GeoJSON file declares in its `crs` member; none means WGS84. */
function crsOf(fc: Readonly<Record<string, unknown>>, file: string): Crs {
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
function reprojectRd(g: GeometryType, where: string, file: string, fi: number): GeometryType {
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
export function parseBuildingsLayer(
  bytes: Uint8Array,
  file: string,
): { geometries: GeometryType[]; bbox: BBox; features: TileableFeature[]; bytes: Uint8Array } {
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
    if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return fail(`${file}: features[${fi}].geometry: a building footprint must be a Polygon or MultiPolygon`, file, fi);
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

function parseWith<T>(schema: z.ZodType<T>, json: unknown, file: string): T {
  const r = schema.safeParse(json);
  if (!r.success) throw new ValidationError(describeIssues(file, r.error.issues), { file, path: issuePath(r.error.issues) });
  return r.data;
}

function issuePath(issues: readonly { path: readonly PropertyKey[] }[]): string {
  const p = issues[0]?.path ?? [];
  return p.length ? `$.${p.map(String).join('.')}` : '$';
}

async function readBytes(srcDir: string, file: string, hint?: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path.join(srcDir, file)));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ValidationError(`${file}: file is missing in ${srcDir}${hint ? ` (${hint})` : ''}`, { file });
    throw e;
  }
}

async function readText(srcDir: string, file: string): Promise<string> {
  return decodeUtf8(await readBytes(srcDir, file), file);
}

async function readJson(srcDir: string, file: string): Promise<unknown> {
  return parseJsonText(await readText(srcDir, file), file);
}

function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError(`${file}: not valid UTF-8 text`, { file });
  }
}

function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ValidationError(`${file}: not valid JSON: ${(e as Error).message}`, { file });
  }
}
