import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PresentationView } from './presentationView';
import { PresentationView as PresentationViewSchema, defaultView, formatViewQuery, parseViewQuery, sameView } from './presentationView';

const P = 'nl.rotterdam.demo.delfshaven';
const A = 'herinrichting';
const parse = (query: string) => parseViewQuery(query, P, A, 'groen');

describe('presentation view links', () => {
  it('opens the agenda item on its first scenario when the link names none', () => {
    expect(parse('')).toEqual({ ok: true, view: defaultView(P, A, 'groen') });
    expect(defaultView(P, A, undefined).shown).toEqual([{ kind: 'baseline' }]);
  });

  it('writes and reads back a swipe between the baseline and a scenario with two interventions off, camera and layers', () => {
    const view: PresentationView = {
      packageId: P,
      agendaItemId: A,
      mode: 'swipe',
      shown: [{ kind: 'baseline' }, { kind: 'scenario', scenarioId: 'groen', off: ['park-1', 'wadi-2'] }],
      camera: { center: [4.4586123, 51.9061234], zoom: 16.25, bearing: -12.5, pitch: 45 },
      layers: ['buildings', 'interventions'],
      swipe: 0.375,
    };
    const query = formatViewQuery(view);
    expect(query).toBe('show=~,groen&mode=swipe&off2=park-1,wadi-2&cam=4.4586123,51.9061234,16.25,-12.5,45&layers=buildings,interventions&swipe=0.375');
    expect(parse(query)).toEqual({ ok: true, view });
  });

  it('keeps an inline composition and a kept one apart', () => {
    const inline = parse('show=*&mix=park-1,blok-3');
    expect(inline.ok && inline.view.shown).toEqual([{ kind: 'composition', interventionIds: ['park-1', 'blok-3'] }]);
    const kept = parse('show=@mijn-variant,groen&mode=side-by-side');
    expect(kept.ok && kept.view.shown[0]).toEqual({ kind: 'composition', compositionId: 'mijn-variant', interventionIds: [] });
  });

  it('encodes ids that need it and decodes them back', () => {
    const view = defaultView(P, A, 'groen & blauw');
    const query = formatViewQuery(view);
    expect(query).toBe('show=groen%20%26%20blauw');
    expect(parse(query)).toEqual({ ok: true, view });
  });

  it.each([
    ['mode=zoom&show=groen', 'mode', '"zoom" is not a compare mode'],
    ['show=groen&cam=4.4,51.9', 'cam', 'is not longitude,latitude,zoom'],
    ['show=groen&cam=400,51.9,15', 'cam', 'is not longitude,latitude,zoom'],
    ['show=groen&layers=gebouwen', 'layers', '"gebouwen" is not a layer group'],
    ['show=groen,~&mode=swipe&swipe=2', 'swipe', 'is not a divider position'],
    ['show=groen,~,verdichting&mode=swipe', 'shown', 'side by side and swipe compare two'],
    ['show=a,b,c,d,e&mode=grid', 'shown', ''],
  ])('refuses %s, naming %s', (query, param, message) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.param).toBe(param);
      expect(result.problem.message).toContain(message);
    }
  });

  it('round-trips any valid view through its link (property test)', () => {
    const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/);
    const shown = fc.oneof(
      fc.constant({ kind: 'baseline' as const }),
      fc.record({ kind: fc.constant('scenario' as const), scenarioId: id, off: fc.uniqueArray(id, { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('composition' as const), compositionId: id, interventionIds: fc.constant([] as string[]) }),
    );
    const view = fc
      .record({
        shown: fc.array(shown, { minLength: 1, maxLength: 4 }),
        camera: fc.option(
          fc.record({
            center: fc.tuple(fc.double({ min: 3, max: 7, noNaN: true }), fc.double({ min: 50, max: 54, noNaN: true })),
            zoom: fc.double({ min: 0, max: 22, noNaN: true }),
            bearing: fc.double({ min: -180, max: 180, noNaN: true }),
            pitch: fc.double({ min: 0, max: 85, noNaN: true }),
          }),
          { nil: undefined },
        ),
      })
      .map(({ shown, camera }) => {
        const mode = shown.length === 1 ? 'single' : shown.length === 2 ? 'swipe' : 'grid';
        const rounded = camera && {
          center: [Math.round(camera.center[0] * 1e7) / 1e7, Math.round(camera.center[1] * 1e7) / 1e7] as [number, number],
          zoom: Math.round(camera.zoom * 100) / 100,
          bearing: Math.round(camera.bearing * 10) / 10,
          pitch: Math.round(camera.pitch * 10) / 10,
        };
        return PresentationViewSchema.parse({ packageId: P, agendaItemId: A, mode, shown, ...(rounded ? { camera: rounded } : {}) });
      });
    fc.assert(
      fc.property(view, (v) => {
        const back = parse(formatViewQuery(v));
        return back.ok && sameView(back.view, v) && JSON.stringify(back.view) === JSON.stringify(v);
      }),
    );
  });
});
