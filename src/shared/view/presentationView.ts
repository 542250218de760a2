// What a presenter shows, as data: the agenda item, the scenarios or compositions on screen
// (one, two side by side or with a swipe divider, up to four in a grid), what-if toggles, the
// map camera and the visible layer groups. One value type for the deep link (the hash route),
// a briefing step, the audience window's presentation message and a decision's provenance, so
// all four restore exactly the same view. Pure: parse and format only.
// docs/routes.md describes the query string for people. Never trust a parsed value beyond its
// form: ids are only lookup keys, unknown ones are the screen's to report.
import { z } from 'zod';

/** How the shown scenarios are laid out. */
export const COMPARE_MODES = ['single', 'side-by-side', 'swipe', 'grid'] as const;
export const CompareMode = z.enum(COMPARE_MODES);
export type CompareMode = z.infer<typeof CompareMode>;

/** At most this many views at once (the grid is two by two). */
export const MAX_SHOWN = 4;

const Id = z.string().min(1).max(100);

/** One thing on screen: the current situation, a scenario (with interventions switched off), or a composition. */
export const ShownView = z.discriminatedUnion('kind', [
  /** "Huidige situatie": no interventions. */
  z.strictObject({ kind: z.literal('baseline') }),
  /** A scenario of the package; `off` lists its interventions switched off for a what-if. */
  z.strictObject({ kind: z.literal('scenario'), scenarioId: Id, off: z.array(Id).max(1000) }),
  /** Interventions chosen from several scenarios; `compositionId` when it is a composition kept with the agenda item. */
  z.strictObject({ kind: z.literal('composition'), compositionId: Id.optional(), interventionIds: z.array(Id).max(1000) }),
]);
export type ShownView = z.infer<typeof ShownView>;

/** The map camera: centre [longitude, latitude] (WGS84), zoom, bearing (degrees) and pitch (degrees). */
export const Camera = z.strictObject({
  center: z.tuple([z.number().min(-180).max(180), z.number().min(-85.06).max(85.06)]),
  zoom: z.number().min(0).max(24),
  bearing: z.number().min(-180).max(360),
  pitch: z.number().min(0).max(85),
});
export type Camera = z.infer<typeof Camera>;

/** The map's layer groups a presenter can switch on and off. */
export const LAYER_GROUPS = ['buildings', 'interventions', 'labels', 'notes'] as const;
export const LayerGroup = z.enum(LAYER_GROUPS);
export type LayerGroup = z.infer<typeof LayerGroup>;

/** The rules every view obeys, whatever it is attached to: how many views each mode shows. */
function withViewRules<T extends { mode: CompareMode; shown: readonly ShownView[] }>(schema: z.ZodType<T>): z.ZodType<T> {
  return schema
    .refine((v) => v.mode !== 'single' || v.shown.length === 1, { path: ['shown'], message: 'a single view shows one scenario' })
    .refine((v) => (v.mode !== 'side-by-side' && v.mode !== 'swipe') || v.shown.length === 2, { path: ['shown'], message: 'side by side and swipe compare two' })
    .refine((v) => v.mode !== 'grid' || v.shown.length >= 2, { path: ['shown'], message: 'a grid shows two to four' });
}

/** What is on screen, apart from which agenda item: the part a briefing step in a package carries. */
const viewFields = {
  mode: CompareMode,
  shown: z.array(ShownView).min(1).max(MAX_SHOWN),
  /** Absent: the opening view of the shown scenario (the extent of its interventions). */
  camera: Camera.optional(),
  /** Visible layer groups; absent means all of them. */
  layers: z.array(LayerGroup).optional(),
  /** Position of the swipe divider, 0 (left) to 1 (right); swipe mode only. */
  swipe: z.number().min(0).max(1).optional(),
};

export const ViewContent = withViewRules(z.strictObject(viewFields));
export type ViewContent = z.infer<typeof ViewContent>;

export const PresentationView = withViewRules(z.strictObject({ packageId: Id, agendaItemId: Id, ...viewFields }));
export type PresentationView = z.infer<typeof PresentationView>;

/** The query-string token for the current situation in `show=`. */
export const BASELINE_TOKEN = '~';
const COMPOSITION_PREFIX = '@';
const INLINE_COMPOSITION = '*';

/** The view that opens when a presenter comes to an agenda item: its first scenario, alone, all layers. */
export function defaultView(packageId: string, agendaItemId: string, firstScenarioId: string | undefined): PresentationView {
  return {
    packageId,
    agendaItemId,
    mode: 'single',
    shown: [firstScenarioId === undefined ? { kind: 'baseline' } : { kind: 'scenario', scenarioId: firstScenarioId, off: [] }],
  };
}

/** Rounds for the URL: about 1 cm of longitude/latitude, 0.01 of zoom, 0.1 degree of angle. */
const round = (value: number, decimals: number): string => String(Math.round(value * 10 ** decimals) / 10 ** decimals);

/** `off` for the first view's switched-off interventions, `off2` … `off4` for the others. */
function offParam(index: number): string {
  return index === 0 ? 'off' : `off${index + 1}`;
}

function splitList(value: string | null): string[] {
  return value === null || value === '' ? [] : value.split(',');
}

/** The query string (without `?`) of a view, in a fixed order so equal views give equal links. */
export function formatViewQuery(view: PresentationView): string {
  const parts: [string, string][] = [];
  const off: [string, string][] = [];
  let mix: string[] | undefined;
  const show = view.shown.map((s, i) => {
    switch (s.kind) {
      case 'baseline':
        return BASELINE_TOKEN;
      case 'scenario':
        if (s.off.length > 0) off.push([offParam(i), s.off.join(',')]);
        return s.scenarioId;
      case 'composition':
        if (s.compositionId !== undefined) return `${COMPOSITION_PREFIX}${s.compositionId}`;
        mix = s.interventionIds;
        return INLINE_COMPOSITION;
      default: {
        const unreachable: never = s;
        return unreachable;
      }
    }
  });
  parts.push(['show', show.join(',')]);
  if (view.mode !== 'single') parts.push(['mode', view.mode]);
  parts.push(...off);
  if (mix !== undefined) parts.push(['mix', mix.join(',')]);
  if (view.camera) {
    const { center, zoom, bearing, pitch } = view.camera;
    parts.push(['cam', [round(center[0], 7), round(center[1], 7), round(zoom, 2), round(bearing, 1), round(pitch, 1)].join(',')]);
  }
  if (view.layers !== undefined) parts.push(['layers', LAYER_GROUPS.filter((g) => view.layers?.includes(g)).join(',') || 'none']);
  if (view.swipe !== undefined && view.mode === 'swipe') parts.push(['swipe', round(view.swipe, 3)]);
  return parts.map(([k, v]) => `${k}=${v.split(',').map(encodeURIComponent).join(',')}`).join('&');
}

/** What is wrong with a view query, for the screen to say ("the link names no scenario"). */
export type ViewQueryProblem = { param: string; message: string };

export type ParsedViewQuery = { ok: true; view: PresentationView } | { ok: false; problem: ViewQueryProblem };

/**
 * The view a query string describes for this agenda item, or the first problem found. An
 * absent `show=` is the agenda item's default view. Whether ids exist in the package is the
 * screen's to check.
 */
export function parseViewQuery(query: string, packageId: string, agendaItemId: string, firstScenarioId: string | undefined): ParsedViewQuery {
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  const fail = (param: string, message: string): ParsedViewQuery => ({ ok: false, problem: { param, message } });
  const showTokens = splitList(params.get('show'));
  if (showTokens.length === 0) return { ok: true, view: defaultView(packageId, agendaItemId, firstScenarioId) };
  const mix = splitList(params.get('mix'));
  const shown: ShownView[] = showTokens.map((token, i): ShownView => {
    if (token === BASELINE_TOKEN) return { kind: 'baseline' };
    if (token === INLINE_COMPOSITION) return { kind: 'composition', interventionIds: mix };
    if (token.startsWith(COMPOSITION_PREFIX)) return { kind: 'composition', compositionId: token.slice(1), interventionIds: [] };
    return { kind: 'scenario', scenarioId: token, off: splitList(params.get(offParam(i))) };
  });
  const modeText = params.get('mode') ?? (shown.length === 1 ? 'single' : shown.length === 2 ? 'side-by-side' : 'grid');
  const mode = CompareMode.safeParse(modeText);
  if (!mode.success) return fail('mode', `"${modeText}" is not a compare mode (${COMPARE_MODES.join(', ')})`);
  let camera: Camera | undefined;
  const cam = params.get('cam');
  if (cam !== null) {
    const n = cam.split(',').map(Number);
    const parsed = Camera.safeParse({ center: [n[0], n[1]], zoom: n[2], bearing: n[3] ?? 0, pitch: n[4] ?? 0 });
    if (n.length < 3 || n.length > 5 || n.some((x) => !Number.isFinite(x)) || !parsed.success) return fail('cam', `"${cam}" is not longitude,latitude,zoom[,bearing,pitch]`);
    camera = parsed.data;
  }
  let layers: LayerGroup[] | undefined;
  const layerText = params.get('layers');
  if (layerText !== null) {
    const names = layerText === 'none' ? [] : splitList(layerText);
    const unknown = names.find((name) => !LayerGroup.safeParse(name).success);
    if (unknown !== undefined) return fail('layers', `"${unknown}" is not a layer group (${LAYER_GROUPS.join(', ')})`);
    layers = names as LayerGroup[];
  }
  let swipe: number | undefined;
  const swipeText = params.get('swipe');
  if (swipeText !== null) {
    swipe = Number(swipeText);
    if (!Number.isFinite(swipe) || swipe < 0 || swipe > 1) return fail('swipe', `"${swipeText}" is not a divider position from 0 to 1`);
  }
  const candidate = { packageId, agendaItemId, mode: mode.data, shown, ...(camera ? { camera } : {}), ...(layers ? { layers } : {}), ...(swipe !== undefined ? { swipe } : {}) };
  const parsed = PresentationView.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(String(issue?.path[0] ?? 'show'), issue?.message ?? 'not a view');
  }
  return { ok: true, view: parsed.data };
}

/** The view without its package and agenda item (what a briefing step stores). */
export function viewContentOf(view: PresentationView): ViewContent {
  const { packageId: _packageId, agendaItemId: _agendaItemId, ...content } = view;
  return content;
}

/** A step's or a message's view content placed on an agenda item. */
export function viewOnItem(packageId: string, agendaItemId: string, content: ViewContent): PresentationView {
  return { packageId, agendaItemId, ...content };
}

/** True when two views show the same thing (the same link). */
export function sameView(a: PresentationView, b: PresentationView): boolean {
  return a.packageId === b.packageId && a.agendaItemId === b.agendaItemId && formatViewQuery(a) === formatViewQuery(b);
}
