// The edits a presenter makes to a view, as pure functions: choose what a map shows, change the
// compare mode, switch an intervention off or on, and the questions the screens ask of a view
// (which interventions each map shows, which extent it opens on, what in a link this package
// does not have). Kept compositions are resolved through a lookup the caller passes, so this
// module knows nothing of where they are stored. Pure; never invents ids: an unknown one is
// reported, not replaced.
import type { BBox } from '../geo';
import { bboxOf, unionBBox } from '../geo';
import type { Geometry } from '../packageFormat';
import type { CompareMode, PresentationView, ShownView } from './presentationView';
import { MAX_SHOWN } from './presentationView';

/** What the edits need to know of the agenda item's scenarios. */
export type ScenarioContent = { id: string; interventionIds: readonly string[] };

/** Kept compositions by id: their interventions. */
export type CompositionLookup = ReadonlyMap<string, readonly string[]>;

/** How many views each mode shows by default when a person switches to it. */
const SHOWN_FOR_MODE: Readonly<Record<CompareMode, number>> = { single: 1, 'side-by-side': 2, swipe: 2, grid: 4 };

/** The interventions a shown view draws, with kept compositions looked up (unknown ids dropped by the caller's data). */
export function interventionsOf(shown: ShownView, scenarios: readonly ScenarioContent[], compositions: CompositionLookup): string[] {
  switch (shown.kind) {
    case 'baseline':
      return [];
    case 'scenario': {
      const off = new Set(shown.off);
      return (scenarios.find((s) => s.id === shown.scenarioId)?.interventionIds ?? []).filter((id) => !off.has(id));
    }
    case 'composition':
      return [...new Set(shown.compositionId === undefined ? shown.interventionIds : (compositions.get(shown.compositionId) ?? []))];
    default: {
      const unreachable: never = shown;
      return unreachable;
    }
  }
}

/**
 * The interventions that fix a view's opening extent: all of a scenario's (switching one off
 * must not move the camera), a composition's own. The baseline has none.
 */
export function extentInterventionsOf(shown: ShownView, scenarios: readonly ScenarioContent[], compositions: CompositionLookup): string[] {
  if (shown.kind === 'scenario') return [...(scenarios.find((s) => s.id === shown.scenarioId)?.interventionIds ?? [])];
  return interventionsOf(shown, scenarios, compositions);
}

/** A kept composition replaced by its interventions (what an audience window or a what-if needs); other views as they are. */
export function resolveShown(shown: ShownView, compositions: CompositionLookup): ShownView {
  if (shown.kind !== 'composition' || shown.compositionId === undefined) return shown;
  return { kind: 'composition', compositionId: shown.compositionId, interventionIds: [...(compositions.get(shown.compositionId) ?? [])] };
}

/**
 * The extent the maps open on: the union of the shown views' interventions (every map of a
 * comparison opens on the same extent, so they stay in step), or `fallback` (the agenda item's
 * box) when nothing is shown but the current situation.
 */
export function openingExtent(
  view: Pick<PresentationView, 'shown'>,
  scenarios: readonly ScenarioContent[],
  compositions: CompositionLookup,
  geometryOf: (interventionId: string) => Geometry | undefined,
  fallback: BBox,
): BBox {
  let box: BBox | undefined;
  for (const shown of view.shown) {
    for (const id of extentInterventionsOf(shown, scenarios, compositions)) {
      const geometry = geometryOf(id);
      if (!geometry) continue;
      const b = bboxOf(geometry);
      box = box ? unionBBox(box, b) : b;
    }
  }
  return box ?? fallback;
}

/** What in a view the package (or this computer) does not have: the first such thing, for the screen to say. */
export type ViewGap =
  { kind: 'unknown-scenario'; scenarioId: string } | { kind: 'unknown-composition'; compositionId: string } | { kind: 'unknown-intervention'; interventionId: string };

export function viewGap(view: Pick<PresentationView, 'shown'>, scenarios: readonly ScenarioContent[], compositions: CompositionLookup): ViewGap | undefined {
  const known = new Set(scenarios.flatMap((s) => s.interventionIds));
  for (const shown of view.shown) {
    if (shown.kind === 'scenario') {
      const scenario = scenarios.find((s) => s.id === shown.scenarioId);
      if (!scenario) return { kind: 'unknown-scenario', scenarioId: shown.scenarioId };
      const stranger = shown.off.find((id) => !scenario.interventionIds.includes(id));
      if (stranger !== undefined) return { kind: 'unknown-intervention', interventionId: stranger };
    } else if (shown.kind === 'composition') {
      if (shown.compositionId !== undefined && !compositions.has(shown.compositionId)) return { kind: 'unknown-composition', compositionId: shown.compositionId };
      const stranger = (shown.compositionId === undefined ? shown.interventionIds : []).find((id) => !known.has(id));
      if (stranger !== undefined) return { kind: 'unknown-intervention', interventionId: stranger };
    }
  }
  return undefined;
}

/** Whole scenarios and the current situation, in the order a person meets them: scenarios first, then "Huidige situatie". */
function candidates(scenarios: readonly ScenarioContent[]): ShownView[] {
  return [...scenarios.map((s): ShownView => ({ kind: 'scenario', scenarioId: s.id, off: [] })), { kind: 'baseline' }];
}

function sameShown(a: ShownView, b: ShownView): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'scenario' && b.kind === 'scenario') return a.scenarioId === b.scenarioId;
  if (a.kind === 'composition' && b.kind === 'composition') return a.compositionId === b.compositionId && a.interventionIds.join() === b.interventionIds.join();
  return true;
}

/**
 * The view in another compare mode: the first map keeps what it shows; new maps get the
 * scenarios (then the current situation) not shown yet; a single map keeps the first. The
 * camera stays; the swipe divider starts in the middle.
 */
export function withMode<V extends Pick<PresentationView, 'mode' | 'shown' | 'swipe'>>(view: V, mode: CompareMode, scenarios: readonly ScenarioContent[]): V {
  const want = SHOWN_FOR_MODE[mode];
  const shown = view.shown.slice(0, mode === 'grid' ? MAX_SHOWN : want);
  for (const candidate of candidates(scenarios)) {
    if (shown.length >= want) break;
    if (!shown.some((s) => sameShown(s, candidate))) shown.push(candidate);
  }
  // A grid needs two at least; with one scenario and the baseline that is all there is.
  const { swipe: _swipe, ...rest } = view;
  const next = { ...rest, mode, shown } as V;
  if (mode === 'swipe') next.swipe = view.swipe ?? 0.5;
  return next;
}

/** The view with map `index` showing `shown` instead (other maps unchanged). */
export function withShown<V extends Pick<PresentationView, 'shown'>>(view: V, index: number, shown: ShownView): V {
  return { ...view, shown: view.shown.map((s, i) => (i === index ? shown : s)) };
}

/**
 * The view with intervention `id` of map `index` switched on or off: a scenario's `off` list
 * changes; a composition loses or gains the intervention (a kept one then becomes an unsaved
 * one, since the kept one did not change).
 */
export function withIntervention<V extends Pick<PresentationView, 'shown'>>(view: V, index: number, id: string, on: boolean, compositions: CompositionLookup): V {
  const shown = view.shown[index];
  if (!shown) return view;
  if (shown.kind === 'scenario') {
    const off = on ? shown.off.filter((x) => x !== id) : [...new Set([...shown.off, id])];
    return withShown(view, index, { ...shown, off });
  }
  if (shown.kind === 'composition') {
    const current = interventionsOf(shown, [], compositions);
    const ids = on ? [...new Set([...current, id])] : current.filter((x) => x !== id);
    return withShown(view, index, { kind: 'composition', interventionIds: ids });
  }
  return view;
}
