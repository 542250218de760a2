import { describe, expect, it } from 'vitest';
import type { Geometry } from '../packageFormat';
import type { PresentationView } from './presentationView';
import { PresentationView as PresentationViewSchema } from './presentationView';
import { interventionsOf, openingExtent, resolveShown, viewGap, withIntervention, withMode, withShown } from './viewEdits';

const scenarios = [
  { id: 'groen', interventionIds: ['park', 'wadi'] },
  { id: 'wonen', interventionIds: ['blok'] },
];
const kept = new Map([['c-1', ['park', 'blok']]]);
const base: PresentationView = { packageId: 'p', agendaItemId: 'a', mode: 'single', shown: [{ kind: 'scenario', scenarioId: 'groen', off: [] }] };

const point = (x: number, y: number): Geometry => ({ type: 'Point', coordinates: [x, y] });
const geometries: Record<string, Geometry> = { park: point(4.45, 51.9), wadi: point(4.46, 51.91), blok: point(4.47, 51.92) };

describe('what a view shows', () => {
  it('leaves switched-off interventions out, looks up kept compositions, and shows nothing for the current situation', () => {
    expect(interventionsOf({ kind: 'scenario', scenarioId: 'groen', off: ['wadi'] }, scenarios, kept)).toEqual(['park']);
    expect(interventionsOf({ kind: 'composition', compositionId: 'c-1', interventionIds: [] }, scenarios, kept)).toEqual(['park', 'blok']);
    expect(interventionsOf({ kind: 'baseline' }, scenarios, kept)).toEqual([]);
    expect(resolveShown({ kind: 'composition', compositionId: 'c-1', interventionIds: [] }, kept)).toEqual({
      kind: 'composition',
      compositionId: 'c-1',
      interventionIds: ['park', 'blok'],
    });
  });

  it('opens on the extent of every intervention of the shown scenarios, also the ones switched off, and on the item box for the baseline', () => {
    const item: [number, number, number, number] = [4, 51, 5, 52];
    const off = { shown: [{ kind: 'scenario' as const, scenarioId: 'groen', off: ['wadi'] }] };
    expect(openingExtent(off, scenarios, kept, (id) => geometries[id], item)).toEqual([4.45, 51.9, 4.46, 51.91]);
    const compared = { shown: [{ kind: 'baseline' as const }, { kind: 'scenario' as const, scenarioId: 'wonen', off: [] }] };
    expect(openingExtent(compared, scenarios, kept, (id) => geometries[id], item)).toEqual([4.47, 51.92, 4.47, 51.92]);
    expect(openingExtent({ shown: [{ kind: 'baseline' }] }, scenarios, kept, (id) => geometries[id], item)).toEqual(item);
  });

  it('says what a link names that is not here', () => {
    expect(viewGap({ shown: [{ kind: 'scenario', scenarioId: 'blauw', off: [] }] }, scenarios, kept)).toEqual({ kind: 'unknown-scenario', scenarioId: 'blauw' });
    expect(viewGap({ shown: [{ kind: 'scenario', scenarioId: 'groen', off: ['blok'] }] }, scenarios, kept)).toEqual({ kind: 'unknown-intervention', interventionId: 'blok' });
    expect(viewGap({ shown: [{ kind: 'composition', compositionId: 'c-9', interventionIds: [] }] }, scenarios, kept)).toEqual({
      kind: 'unknown-composition',
      compositionId: 'c-9',
    });
    expect(viewGap({ shown: [{ kind: 'composition', interventionIds: ['park', 'x'] }] }, scenarios, kept)).toEqual({ kind: 'unknown-intervention', interventionId: 'x' });
    expect(viewGap(base, scenarios, kept)).toBeUndefined();
  });
});

describe('editing a view', () => {
  it('adds the next scenario when comparing, then the current situation, and returns to the first map for a single view', () => {
    const sideBySide = withMode(base, 'side-by-side', scenarios);
    expect(sideBySide.shown).toEqual([
      { kind: 'scenario', scenarioId: 'groen', off: [] },
      { kind: 'scenario', scenarioId: 'wonen', off: [] },
    ]);
    const swipe = withMode(sideBySide, 'swipe', scenarios);
    expect(swipe.swipe).toBe(0.5);
    const grid = withMode(base, 'grid', scenarios);
    expect(grid.shown.map((s) => (s.kind === 'scenario' ? s.scenarioId : s.kind))).toEqual(['groen', 'wonen', 'baseline']);
    const single = withMode(grid, 'single', scenarios);
    expect(single).toEqual(base);
    for (const view of [sideBySide, swipe, grid, single]) expect(PresentationViewSchema.safeParse(view).success).toBe(true);
  });

  it("switches a scenario's intervention off and on again", () => {
    const off = withIntervention(base, 0, 'wadi', false, kept);
    expect(off.shown[0]).toEqual({ kind: 'scenario', scenarioId: 'groen', off: ['wadi'] });
    expect(withIntervention(off, 0, 'wadi', true, kept)).toEqual(base);
  });

  it('turns a kept composition that is changed into an unsaved one, leaving the kept one as it was', () => {
    const keptView = withShown(base, 0, { kind: 'composition', compositionId: 'c-1', interventionIds: [] });
    const changed = withIntervention(keptView, 0, 'wadi', true, kept);
    expect(changed.shown[0]).toEqual({ kind: 'composition', interventionIds: ['park', 'blok', 'wadi'] });
    expect(kept.get('c-1')).toEqual(['park', 'blok']);
  });
});
