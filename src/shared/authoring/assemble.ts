// Assembles a scenario package from its source files (the folder format of
// examples/delfshaven/README.md, read through SourceFiles: a folder on disk in the CLI, files
// in memory in the app's workbench): validates every file, computes geometry-derived
// indicators and agenda bboxes, and returns the manifest and chunk bytes in memory. Writing is
// the caller's job (a .rkp, or a folder for the demo).
// Deterministic: the same files always give the same bytes (no clock, no random, no
// directory-listing order; Ed25519 signatures are deterministic too). Errors name the file,
// the JSON path or the feature index.
// Signing: a demo folder may carry its own, intentionally public key in keys/demo-private.json
// (examples/delfshaven/README.md); a demo package is signed with it. Any other key is passed in
// (`raadskaart pack --key` signs the unsigned manifest itself). Never signs a non-demo package
// with a key found in the folder.
// Coordinates: a scenario or layer GeoJSON without `crs` is WGS84; one that declares RD New
// (EPSG:28992) is reprojected (sourceGeoJson.ts), so a package only ever holds WGS84.
// Large layers (over the tiling thresholds) are cut into vector tiles here (tiles.ts) and ship
// as a tile index plus tile bundles instead of one GeoJSON chunk.
import type { z } from 'zod';
import { canonicalJsonBytes } from '../canonicalJson';
import { ValidationError, describeIssues } from '../errors';
import type { BBox } from '../geo';
import { bboxOf, unionBBox } from '../geo';
import { sha256Hex } from '../hash';
import { briefingStepProblem } from '../content/briefingSteps';
import type { AgendaItem, BriefingStep, ChunkRef, Geometry as GeometryType, Layer, Scenario } from '../packageFormat';
import { INDEX_PATH, MAX_ATTACHMENT_BYTES, MAX_TALKING_POINTS, Manifest, PackageIndex } from '../packageFormat';
import { parseViewQuery, viewContentOf } from '../view/presentationView';
import type { PrivateKeyFile } from '../keys';
import { parsePrivateKeyFile } from '../keys';
import { signDocument } from '../signing';
import { buildIndicators } from './indicators';
import type { SourceFiles } from './sourceFiles';
import { decodeUtf8, parseJsonText, readRequired } from './sourceFiles';
import { PDF_MAGIC, SOURCE_FILES, SourceIndicators, SourceMeeting, SourcePackage, SourceScenarios } from './sourceFormat';
import type { SourceBriefingStep } from './sourceFormat';
import { parseBuildingsLayer, parseInterventions } from './sourceGeoJson';
import type { TileOptions, TilingThresholds } from './tiles';
import { DEFAULT_TILING_THRESHOLDS, cutVectorTiles, needsTiling } from './tiles';

export { parseBuildingsLayer, parseInterventions };

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

/** Reads and validates the source files and builds the package in memory. */
export async function assemblePackage(files: SourceFiles, opts: AssembleOptions = {}): Promise<BuiltPackage> {
  const pkg = parseWith(SourcePackage, await readJson(files, SOURCE_FILES.package), SOURCE_FILES.package);
  const meeting = parseWith(SourceMeeting, await readJson(files, SOURCE_FILES.meeting), SOURCE_FILES.meeting);
  const scenarioList = parseWith(SourceScenarios, await readJson(files, SOURCE_FILES.scenarios), SOURCE_FILES.scenarios);
  const indicatorSource = parseWith(SourceIndicators, await readJson(files, SOURCE_FILES.indicators), SOURCE_FILES.indicators);

  const agendaIds = new Set(meeting.agendaItems.map((a) => a.id));
  const scenarios: Scenario[] = [];
  const interventionIds = new Map<string, string>();
  const scenarioIds = new Set<string>();
  for (const [i, s] of scenarioList.scenarios.entries()) {
    const where = `${SOURCE_FILES.scenarios}: $.scenarios[${i}]`;
    if (scenarioIds.has(s.id)) throw new ValidationError(`${where}.id: duplicate scenario id "${s.id}"`, { file: SOURCE_FILES.scenarios, path: `$.scenarios[${i}].id` });
    scenarioIds.add(s.id);
    if (!agendaIds.has(s.agendaItemId))
      throw new ValidationError(`${where}.agendaItemId: no agenda item "${s.agendaItemId}" in ${SOURCE_FILES.meeting}`, {
        file: SOURCE_FILES.scenarios,
        path: `$.scenarios[${i}].agendaItemId`,
      });
    const interventions = parseInterventions(await readText(files, s.file), s.file);
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
    const sourceBytes = await readRequired(files, l.file, 'run `npm run demo:build`, which derives it from the CityJSON source');
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
  for (const [ai, { attachments: sourceAttachments, briefingSteps: sourceSteps, ...item }] of meeting.agendaItems.entries()) {
    if (item.briefing && !briefingChunks.has(item.briefing)) {
      const bytes = await readRequired(files, item.briefing);
      const text = decodeUtf8(bytes, item.briefing);
      if (text.trim() === '') throw new ValidationError(`${item.briefing}: briefing is empty`, { file: item.briefing });
      briefingChunks.set(item.briefing, await chunk(item.briefing, bytes, MEDIA_TYPES.markdown));
    }
    const bbox = item.bbox ?? agendaBBox(item.id, scenarios, layers);
    if (!bbox)
      throw new ValidationError(`${SOURCE_FILES.meeting}: $.agendaItems[${ai}].bbox: give a bbox; there is no layer or scenario to compute one from`, {
        file: SOURCE_FILES.meeting,
        path: `$.agendaItems[${ai}].bbox`,
      });
    const built: AgendaItem = { ...item, bbox };
    if (sourceSteps) built.briefingSteps = briefingSteps(sourceSteps, pkg.packageId, item.id, ai, scenarios);
    if (sourceAttachments) {
      built.attachments = [];
      for (const [k, a] of sourceAttachments.entries()) {
        const c = attachmentChunks.get(a.file) ?? (await pdfChunk(files, a.file, `$.agendaItems[${ai}].attachments[${k}].file`));
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
  const key = opts.signingKey === undefined ? await demoKeyOf(files, pkg.demo) : opts.signingKey;
  const signed = key ? await signDocument(manifest, key) : manifest;
  return { manifest: signed, manifestBytes: canonicalJsonBytes(signed), chunks, index };
}

/**
 * The agenda item's briefing steps from the source: each view query (or link) parsed into a
 * view and checked against the package's scenarios; errors name meeting.json and the step.
 */
function briefingSteps(steps: readonly SourceBriefingStep[], packageId: string, agendaItemId: string, ai: number, scenarios: readonly Scenario[]): BriefingStep[] {
  const at = (j: number, rest: string) => `$.agendaItems[${ai}].briefingSteps[${j}].${rest}`;
  const fail = (jsonPath: string, message: string): never => {
    throw new ValidationError(`${SOURCE_FILES.meeting}: ${jsonPath}: ${message}`, { file: SOURCE_FILES.meeting, path: jsonPath });
  };
  const built = steps.map((step, j): BriefingStep => {
    const query = stepQuery(step.view, packageId, agendaItemId);
    if (query === undefined) return fail(at(j, 'view'), `the link is for another package or agenda item; a step shows agenda item "${agendaItemId}" of "${packageId}"`);
    if (!new URLSearchParams(query).has('show'))
      return fail(at(j, 'view'), 'the view names nothing to show: give show=<scenario ids, ~ for the current situation, * with mix= for a composition>');
    const parsed = parseViewQuery(query, packageId, agendaItemId, undefined);
    if (!parsed.ok) return fail(at(j, 'view'), `${parsed.problem.param}: ${parsed.problem.message}`);
    const talkingPoints = Array.isArray(step.talkingPoints) ? step.talkingPoints.join('\n') : (step.talkingPoints ?? '');
    if (talkingPoints.length > MAX_TALKING_POINTS) return fail(at(j, 'talkingPoints'), `talking points are ${talkingPoints.length} characters; at most ${MAX_TALKING_POINTS}`);
    return { id: step.id ?? `stap-${j + 1}`, title: step.title, talkingPoints, view: viewContentOf(parsed.view) };
  });
  const problem = briefingStepProblem(agendaItemId, built, scenarios);
  if (problem) {
    const path = problem.path === 'id' ? 'id' : 'view';
    fail(at(problem.step, path), problem.message);
  }
  return built;
}

/** The view query of a step's `view`: the query itself, or the query of a link to this agenda item (undefined for a link elsewhere). */
function stepQuery(view: string, packageId: string, agendaItemId: string): string | undefined {
  const hash = view.indexOf('#');
  if (hash === -1) return view.replace(/^\?/, '');
  const route = /^#\/p\/([^/?]+)\/a\/([^/?]+)(?:\?(.*))?$/.exec(view.slice(hash));
  if (!route) return undefined;
  const decode = (segment: string | undefined): string | undefined => {
    try {
      return decodeURIComponent(segment ?? '');
    } catch {
      return undefined;
    }
  };
  if (decode(route[1]) !== packageId || decode(route[2]) !== agendaItemId) return undefined;
  return route[3] ?? '';
}

/** An attachment: a file in the folder that is a PDF (by its first bytes) and at most MAX_ATTACHMENT_BYTES. */
async function pdfChunk(files: SourceFiles, file: string, jsonPath: string): Promise<BuiltChunk> {
  const loc = { file: SOURCE_FILES.meeting, path: jsonPath };
  // Size first: a 2 GB file is refused without reading it into memory.
  const size = await files.size(file);
  if (size === null) throw new ValidationError(`${SOURCE_FILES.meeting}: ${jsonPath}: attachment "${file}" is missing in ${files.label}`, loc);
  if (size > MAX_ATTACHMENT_BYTES)
    throw new ValidationError(`${SOURCE_FILES.meeting}: ${jsonPath}: attachment "${file}" is ${size} bytes; the limit is ${MAX_ATTACHMENT_BYTES} (50 MB)`, loc);
  const bytes = await readRequired(files, file);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, PDF_MAGIC.length));
  if (head !== PDF_MAGIC) throw new ValidationError(`${file}: not a PDF (it does not start with "${PDF_MAGIC}"); attachments must be PDF files`, { file });
  return chunk(file, bytes, MEDIA_TYPES.pdf);
}

/** The folder's demo key for a demo package, or null (not a demo, or no key file). */
async function demoKeyOf(files: SourceFiles, demo: boolean): Promise<PrivateKeyFile | null> {
  if (!demo) return null;
  const bytes = await files.read(DEMO_KEY_FILE);
  return bytes === null ? null : parsePrivateKeyFile(decodeUtf8(bytes, DEMO_KEY_FILE), DEMO_KEY_FILE);
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

function parseWith<T>(schema: z.ZodType<T>, json: unknown, file: string): T {
  const r = schema.safeParse(json);
  if (!r.success) throw new ValidationError(describeIssues(file, r.error.issues), { file, path: issuePath(r.error.issues) });
  return r.data;
}

function issuePath(issues: readonly { path: readonly PropertyKey[] }[]): string {
  const p = issues[0]?.path ?? [];
  return p.length ? `$.${p.map(String).join('.')}` : '$';
}

async function readText(files: SourceFiles, file: string): Promise<string> {
  return decodeUtf8(await readRequired(files, file), file);
}

async function readJson(files: SourceFiles, file: string): Promise<unknown> {
  return parseJsonText(await readText(files, file), file);
}
