// @vitest-environment jsdom
// MapView against a fake map engine (jsdom has no WebGL): proves the React shell feeds new
// data through setData without recreating the map, reports its state on data-map-state, names
// itself for screen readers, and shows a readable message when WebGL is missing. That the real
// engine draws is proven in a browser (see the module's report and the end-to-end tests).
import { act, cleanup, render, screen } from '@testing-library/react';
import type { FeatureCollection } from 'geojson';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Intervention } from '../../shared/packageFormat';
import { initI18n } from '../i18n';
import { MapView } from './MapView';
import type { MapViewProps } from './MapView';

const engine = vi.hoisted(() => {
  type Handler = (event?: unknown) => void;
  class FakeSource {
    readonly setData = vi.fn((_data: unknown) => Promise.resolve());
  }
  class GPUInitializationError extends Error {}
  class NavigationControl {}
  class AttributionControl {
    constructor(readonly options: { compact?: boolean; customAttribution?: string }) {}
  }
  class FakeMap {
    static instances: FakeMap[] = [];
    static failNext = false;
    readonly handlers = new Map<string, Handler[]>();
    readonly sources: Record<string, FakeSource> = {
      buildings: new FakeSource(),
      interventions: new FakeSource(),
      'intervention-labels': new FakeSource(),
      'intervention-markers': new FakeSource(),
    };
    readonly images = new Set<string>();
    /**
     * What queryRenderedFeatures answers: what lies under a click, or the labels the engine
     * placed; by default every label the map was given (the engine placed them all).
     */
    rendered: { properties: Record<string, unknown> }[] | undefined = undefined;
    camera = { center: { lng: 4.455, lat: 51.905 }, zoom: 16, bearing: 0, pitch: 50 };
    readonly controls: unknown[] = [];
    readonly canvas = document.createElement('canvas');
    readonly setLayoutProperty = vi.fn();
    readonly setPaintProperty = vi.fn();
    readonly setFilter = vi.fn();
    readonly setMinZoom = vi.fn();
    readonly fitBounds = vi.fn();
    readonly easeTo = vi.fn();
    readonly panBy = vi.fn();
    readonly jumpTo = vi.fn((camera: { center: [number, number]; zoom: number; bearing: number; pitch: number }) => {
      this.camera = { center: { lng: camera.center[0], lat: camera.center[1] }, zoom: camera.zoom, bearing: camera.bearing, pitch: camera.pitch };
    });
    readonly queryRenderedFeatures = vi.fn(
      () =>
        this.rendered ?? (this.sources['intervention-labels']?.setData.mock.lastCall?.[0] as { features?: { properties: Record<string, unknown> }[] } | undefined)?.features ?? [],
    );
    readonly remove = vi.fn();
    constructor(readonly options: { container: HTMLElement; bounds?: unknown }) {
      if (FakeMap.failNext) {
        FakeMap.failNext = false;
        throw new GPUInitializationError('WebGL2 is required to display this map.');
      }
      this.canvas.setAttribute('role', 'region');
      options.container.appendChild(this.canvas);
      FakeMap.instances.push(this);
    }
    on(type: string, handler: Handler) {
      this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
      return this;
    }
    fire(type: string, event?: unknown) {
      for (const handler of this.handlers.get(type) ?? []) handler(event);
    }
    getSource(id: string) {
      return this.sources[id];
    }
    getLayer(id: string) {
      return { id };
    }
    off() {
      return this;
    }
    hasImage(name: string) {
      return this.images.has(name);
    }
    addImage(name: string) {
      this.images.add(name);
    }
    getCenter() {
      return this.camera.center;
    }
    getZoom() {
      return this.camera.zoom;
    }
    getBearing() {
      return this.camera.bearing;
    }
    getPitch() {
      return this.camera.pitch;
    }
    getCanvas() {
      return this.canvas;
    }
    getContainer() {
      return this.options.container;
    }
    addControl(control: unknown) {
      this.controls.push(control);
    }
    removeControl(control: unknown) {
      this.controls.splice(this.controls.indexOf(control), 1);
    }
  }
  return { FakeMap, AttributionControl, maplibregl: { Map: FakeMap, GPUInitializationError, NavigationControl, AttributionControl } };
});
vi.mock('./engine', () => ({ maplibregl: engine.maplibregl }));

const BBOX: MapViewProps['opening'] = [4.45, 51.9, 4.46, 51.91];

function makeBuildings(count: number): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: count }, (_, i) => ({
      type: 'Feature' as const,
      properties: { height: 10 + i },
      geometry: { type: 'Point' as const, coordinates: [4.455, 51.906] },
    })),
  };
}

function makeIntervention(id: string, overrides: Partial<Intervention> = {}): Intervention {
  return { id, title: `Ingreep ${id}`, description: '', kind: 'park', geometry: { type: 'Point', coordinates: [4.455, 51.906] }, ...overrides };
}

function props(overrides: Partial<MapViewProps> = {}): MapViewProps {
  return {
    buildings: makeBuildings(3),
    interventions: [makeIntervention('a'), makeIntervention('b')],
    opening: BBOX,
    visibility: { buildings: true, interventions: true, labels: true },
    attribution: '3D-stadsmodel Gemeente Rotterdam',
    label: 'Kaart',
    ...overrides,
  };
}

function theMap() {
  const map = engine.FakeMap.instances.at(-1);
  if (!map) throw new Error('no map was created');
  return map;
}

const region = () => screen.getByRole('region', { name: 'Kaart' });

beforeAll(async () => {
  await initI18n('nl');
});

afterEach(() => {
  cleanup();
  engine.FakeMap.instances = [];
  vi.restoreAllMocks();
});

describe('MapView', () => {
  it('names the map region and describes what is on it for screen readers', () => {
    render(<MapView {...props()} />);
    const descriptionId = region().getAttribute('aria-describedby');
    const description = document.getElementById(descriptionId ?? '');
    expect(description?.textContent).toContain('Bestaande gebouwen: 3');
    expect(description?.textContent).toContain('Ingrepen in dit scenario: 2');
  });

  it('makes the focusable canvas an application named by the label and described by the same text', () => {
    render(<MapView {...props()} />);
    const canvas = theMap().canvas;
    expect(canvas.getAttribute('role')).toBe('application');
    expect(canvas.getAttribute('aria-label')).toBe('Kaart');
    expect(canvas.getAttribute('aria-roledescription')).toBe('interactieve kaart');
    expect(canvas.getAttribute('aria-describedby')).toBe(region().getAttribute('aria-describedby'));
  });

  it('reports loading until the map has drawn the data, then idle', () => {
    render(<MapView {...props()} />);
    const map = theMap();
    expect(region().dataset.mapState).toBe('loading');
    act(() => map.fire('load'));
    expect(map.sources.buildings?.setData).toHaveBeenCalledTimes(1);
    expect(region().dataset.mapState).toBe('loading');
    act(() => map.fire('idle'));
    expect(region().dataset.mapState).toBe('idle');
  });

  it('stays loading while the buildings are still being read', () => {
    const { rerender } = render(<MapView {...props({ buildings: undefined })} />);
    const map = theMap();
    act(() => map.fire('load'));
    act(() => map.fire('idle'));
    expect(region().dataset.mapState).toBe('loading');
    rerender(<MapView {...props({ buildings: makeBuildings(5) })} />);
    act(() => map.fire('idle'));
    expect(region().dataset.mapState).toBe('idle');
    expect(region().dataset.buildingCount).toBe('5');
  });

  it('is idle without a buildings layer (null) once the interventions are drawn', () => {
    render(<MapView {...props({ buildings: null })} />);
    const map = theMap();
    act(() => map.fire('load'));
    act(() => map.fire('idle'));
    expect(region().dataset.mapState).toBe('idle');
  });

  it('feeds new interventions to the sources with setData and never creates a second map', () => {
    const { rerender } = render(<MapView {...props()} />);
    const map = theMap();
    act(() => map.fire('load'));
    act(() => map.fire('idle'));
    const next = [makeIntervention('c', { kind: 'water' }), makeIntervention('d', { kind: 'parking' }), makeIntervention('e', { kind: 'trees' })];
    rerender(<MapView {...props({ interventions: next })} />);
    expect(engine.FakeMap.instances).toHaveLength(1);
    const shapes = map.sources.interventions?.setData.mock.lastCall?.[0] as FeatureCollection;
    expect(shapes.features.map((f) => f.properties?.id)).toEqual(['c', 'd', 'e']);
    const labels = map.sources['intervention-labels']?.setData.mock.lastCall?.[0] as FeatureCollection;
    expect(labels.features.map((f) => f.properties?.title)).toEqual(['Ingreep c', 'Ingreep d', 'Ingreep e']);
    expect(region().dataset.mapState).toBe('loading');
    act(() => map.fire('idle'));
    expect(region().dataset.mapState).toBe('idle');
  });

  it('hides and shows a layer group with setLayoutProperty', () => {
    const { rerender } = render(<MapView {...props()} />);
    const map = theMap();
    act(() => map.fire('load'));
    map.setLayoutProperty.mockClear();
    rerender(<MapView {...props({ visibility: { buildings: false, interventions: true, labels: true } })} />);
    expect(map.setLayoutProperty).toHaveBeenCalledWith('buildings-3d', 'visibility', 'none');
    expect(map.setLayoutProperty).toHaveBeenCalledWith('interventions-labels', 'visibility', 'visible');
  });

  it('opens on the bbox and flies to a new one without recreating the map', () => {
    const { rerender } = render(<MapView {...props()} />);
    const map = theMap();
    expect(map.options.bounds).toEqual([
      [4.45, 51.9],
      [4.46, 51.91],
    ]);
    rerender(<MapView {...props({ opening: [4.4, 51.8, 4.5, 51.85] })} />);
    expect(map.fitBounds).toHaveBeenCalledWith(
      [
        [4.4, 51.8],
        [4.5, 51.85],
      ],
      expect.objectContaining({ pitch: 50 }),
      { rkOpening: true },
    );
    expect(engine.FakeMap.instances).toHaveLength(1);
  });

  it('gives an intervention whose label the engine did not place its numbered marker, and is idle only once that is drawn', () => {
    render(<MapView {...props()} />);
    const map = theMap();
    act(() => map.fire('load'));
    map.rendered = [{ properties: { id: 'a' } }];
    act(() => map.fire('idle'));
    expect(map.setFilter).toHaveBeenCalledWith('interventions-marker-number', ['in', ['get', 'id'], ['literal', ['b']]]);
    expect(region().dataset.unplacedLabels).toBe('b');
    expect(region().dataset.mapState).toBe('loading');
    act(() => map.fire('idle'));
    expect(region().dataset.mapState).toBe('idle');
    const markers = map.sources['intervention-markers']?.setData.mock.lastCall?.[0] as FeatureCollection;
    expect(markers.features.map((f) => [f.properties?.id, f.properties?.n])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('reports the moves a person makes, rounded as a link, and not its own fits', () => {
    const onCameraChange = vi.fn();
    render(<MapView {...props({ onCameraChange })} />);
    const map = theMap();
    map.camera = { center: { lng: 4.456123456789, lat: 51.9061234567 }, zoom: 16.4567, bearing: 12.345, pitch: 44.44 };
    act(() => map.fire('moveend', { rkOpening: true }));
    expect(onCameraChange).not.toHaveBeenCalled();
    act(() => map.fire('movestart', { originalEvent: new MouseEvent('mousedown') }));
    act(() => map.fire('moveend', {}));
    expect(onCameraChange).toHaveBeenCalledExactlyOnceWith({ center: [4.4561235, 51.9061235], zoom: 16.46, bearing: 12.3, pitch: 44.4 });
    // It settles on exactly that camera, so the link draws the same picture wherever it is opened.
    expect(map.jumpTo).toHaveBeenCalledExactlyOnceWith({ center: [4.4561235, 51.9061235], zoom: 16.46, bearing: 12.3, pitch: 44.4 });
  });

  it('restores a camera from a link with one jump and reports nothing back', () => {
    const onCameraChange = vi.fn();
    const { rerender } = render(<MapView {...props({ onCameraChange })} />);
    const map = theMap();
    const camera = { center: [4.452, 51.903] as [number, number], zoom: 17.5, bearing: -20, pitch: 30 };
    rerender(<MapView {...props({ onCameraChange, camera })} />);
    expect(map.jumpTo).toHaveBeenCalledExactlyOnceWith(camera);
    rerender(<MapView {...props({ onCameraChange, camera: { ...camera } })} />);
    expect(map.jumpTo).toHaveBeenCalledOnce();
    expect(onCameraChange).not.toHaveBeenCalled();
  });

  it('picks the intervention under a click', () => {
    const onSelect = vi.fn();
    render(<MapView {...props({ onSelect })} />);
    const map = theMap();
    map.rendered = [{ properties: { id: 'b' } }];
    act(() => map.fire('click', { point: { x: 10, y: 10 } }));
    map.rendered = [];
    act(() => map.fire('click', { point: { x: 500, y: 10 } }));
    map.rendered = undefined;
    expect(onSelect.mock.calls).toEqual([['b'], [undefined]]);
  });

  it('zooms in half a level per + press, and pans with the arrow keys, as a person', () => {
    render(<MapView {...props()} />);
    const map = theMap();
    act(() => {
      map.canvas.dispatchEvent(new KeyboardEvent('keydown', { key: '+', bubbles: true }));
      map.canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    });
    expect(map.easeTo).toHaveBeenCalledWith({ zoom: 16.5, duration: 250 }, { rkUser: true });
    expect(map.panBy).toHaveBeenCalledWith([-80, 0], { duration: 200 }, { rkUser: true });
  });

  it('shows the attribution expanded and as text, not markup', () => {
    render(<MapView {...props({ attribution: 'Bron <img src=x onerror=alert(1)>' })} />);
    const control = theMap().controls.find((c) => c instanceof engine.AttributionControl);
    expect(control?.options).toEqual({ compact: false, customAttribution: 'Bron &#60;img src=x onerror=alert(1)&#62;' });
  });

  it('shows a readable message instead of a blank box when WebGL is unavailable', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    engine.FakeMap.failNext = true;
    render(<MapView {...props()} />);
    expect(region().dataset.mapState).toBe('error');
    expect(screen.getByRole('alert').textContent).toMatch(/kaart kan niet worden getoond.*WebGL/);
    expect(consoleError).toHaveBeenCalled();
  });

  it('reports an error when the map loses its graphics context', () => {
    render(<MapView {...props()} />);
    const map = theMap();
    act(() => map.fire('load'));
    act(() => map.fire('webglcontextlost'));
    expect(region().dataset.mapState).toBe('error');
    expect(screen.getByRole('alert').textContent).toMatch(/opnieuw/);
  });

  it('removes the map when the view goes away', () => {
    const { unmount } = render(<MapView {...props()} />);
    const map = theMap();
    unmount();
    expect(map.remove).toHaveBeenCalledTimes(1);
  });
});
