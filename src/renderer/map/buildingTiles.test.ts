// @vitest-environment jsdom
// Vector-tile buildings in the map module, against a fake engine (no WebGL here): the tile URLs,
// the protocol loader that answers them from an injected reader, the vector source and layer
// that draw them like the GeoJSON buildings, and the controller adding, hiding and replacing
// them. That MapLibre really draws tiles served this way was shown in Chromium (the lead's e2e).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GeoJsonLayer, VectorTileLayer } from '../../shared/packageFormat';
import type { BuildingTiles, TileReader } from './buildingTiles';
import { buildingTilesFor, parseTileUrl, sameBuildingTiles, tileUrlTemplate } from './buildingTiles';

const engine = vi.hoisted(() => {
  type Handler = () => void;
  class FakeMap {
    static instances: FakeMap[] = [];
    readonly handlers = new Map<string, Handler[]>();
    readonly calls: string[] = [];
    readonly sources = new Map<string, unknown>();
    readonly layers = new Map<string, { spec: unknown; before: string | undefined }>();
    readonly layout = new Map<string, string>();
    constructor(readonly options: { container: HTMLElement }) {
      FakeMap.instances.push(this);
    }
    on(type: string, handler: Handler) {
      this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
      return this;
    }
    fire(type: string) {
      for (const handler of this.handlers.get(type) ?? []) handler();
    }
    readonly canvas = document.createElement('canvas');
    readonly images = new Set<string>();
    setFilter() {}
    setPaintProperty() {}
    setMinZoom() {}
    fitBounds() {}
    jumpTo() {}
    easeTo() {}
    getZoom() {
      return 16;
    }
    queryRenderedFeatures() {
      return [];
    }
    addControl() {}
    getCanvas() {
      return this.canvas;
    }
    hasImage(name: string) {
      return this.images.has(name);
    }
    addImage(name: string) {
      this.images.add(name);
    }
    getContainer() {
      return this.options.container;
    }
    getSource(id: string) {
      return id === 'buildings-tiles' ? this.sources.get(id) : { setData: () => Promise.resolve() };
    }
    addSource(id: string, spec: unknown) {
      if (this.sources.has(id)) throw new Error(`source ${id} exists`);
      this.calls.push(`addSource ${id}`);
      this.sources.set(id, spec);
    }
    removeSource(id: string) {
      this.calls.push(`removeSource ${id}`);
      this.sources.delete(id);
    }
    addLayer(spec: { id: string }, before?: string) {
      this.calls.push(`addLayer ${spec.id}`);
      this.layers.set(spec.id, { spec, before });
    }
    removeLayer(id: string) {
      this.calls.push(`removeLayer ${id}`);
      this.layers.delete(id);
    }
    setLayoutProperty(id: string, _name: string, value: string) {
      this.layout.set(id, value);
    }
  }
  const addProtocol = vi.fn();
  return {
    FakeMap,
    addProtocol,
    maplibregl: { Map: FakeMap, addProtocol, NavigationControl: class {}, AttributionControl: class {}, GPUInitializationError: class extends Error {} },
  };
});
vi.mock('./engine', () => ({ maplibregl: engine.maplibregl }));

const { loadTile, setTileReader } = await import('./tileProtocol');
const { MapController } = await import('./mapController');
const { buildStyle, tiledBuildingsLayer, tiledBuildingsSource, TILED_BUILDINGS } = await import('./style');

const TILED: VectorTileLayer = {
  id: 'gebouwen',
  title: 'Gebouwen',
  kind: 'buildings',
  attribution: 'Test',
  featureCount: 25_000,
  bbox: [4.4, 51.88, 4.5, 51.93],
  format: 'vector-tiles',
  tileIndex: 'tiles/gebouwen/index.json',
  bundles: ['tiles/gebouwen/bundle-0.bin'],
  minzoom: 12,
  maxzoom: 16,
};
const GEOJSON: GeoJsonLayer = { id: 'b', title: 'B', kind: 'buildings', attribution: 'T', featureCount: 2, bbox: [0, 0, 1, 1], path: 'layers/b.geojson' };
const noTiles: TileReader = () => Promise.resolve(null);

function tilesOf(readTile: TileReader = noTiles, revision = 3): BuildingTiles {
  return buildingTilesFor('nl.rotterdam.demo', revision, TILED, readTile) as BuildingTiles;
}

afterEach(() => {
  engine.FakeMap.instances.length = 0;
});

// First in the file: registration is once per page (module state), so later tests find it done.
describe('protocol registration', () => {
  it('registers rkp-tiles with MapLibre once, however often a reader is set', () => {
    setTileReader(noTiles);
    setTileReader(() => Promise.resolve(new Uint8Array(1)));
    expect(engine.addProtocol).toHaveBeenCalledTimes(1);
    expect(engine.addProtocol).toHaveBeenCalledWith('rkp-tiles', loadTile);
  });
});

describe('tile URLs', () => {
  it('round-trips package, layer and tile through the rkp-tiles URL MapLibre requests', () => {
    const template = tileUrlTemplate({ packageId: 'nl.rotterdam.demo', layerId: 'gebouwen', revision: '3' });
    expect(template).toBe('rkp-tiles://nl.rotterdam.demo/gebouwen/{z}/{x}/{y}?r=3');
    const url = template.replace('{z}', '16').replace('{x}', '33569').replace('{y}', '21682');
    expect(parseTileUrl(url)).toEqual({ packageId: 'nl.rotterdam.demo', layerId: 'gebouwen', z: 16, x: 33569, y: 21682 });
  });

  it('encodes ids that are not URL-safe and refuses URLs that are not tile URLs', () => {
    const url = tileUrlTemplate({ packageId: 'p.q', layerId: 'a b/c', revision: '1' }).replace('{z}/{x}/{y}', '1/1/0');
    expect(parseTileUrl(url)).toMatchObject({ layerId: 'a b/c', z: 1, x: 1, y: 0 });
    expect(parseTileUrl('https://example.com/p/l/1/1/0')).toBeNull();
    expect(parseTileUrl('rkp-tiles://p/l/1/2/0')).toBeNull();
    expect(parseTileUrl('rkp-tiles://p/l/1/1')).toBeNull();
  });
});

describe('buildingTilesFor', () => {
  it('describes a vector-tile layer and nothing for a GeoJSON layer or none', () => {
    expect(tilesOf()).toMatchObject({ packageId: 'nl.rotterdam.demo', layerId: 'gebouwen', revision: '3', minzoom: 12, maxzoom: 16, featureCount: 25_000 });
    expect(buildingTilesFor('p', 1, GEOJSON, noTiles)).toBeUndefined();
    expect(buildingTilesFor('p', 1, undefined, noTiles)).toBeUndefined();
  });

  it('treats a rebuilt but equal description as the same, and another version as different', () => {
    expect(sameBuildingTiles(tilesOf(), tilesOf())).toBe(true);
    expect(sameBuildingTiles(tilesOf(), tilesOf(noTiles, 4))).toBe(false);
    expect(sameBuildingTiles(tilesOf(), undefined)).toBe(false);
  });
});

describe('tiled buildings style', () => {
  it('uses a vector source over the layer bbox and zooms whose tiles come through rkp-tiles', () => {
    expect(tiledBuildingsSource(tilesOf())).toEqual({
      type: 'vector',
      tiles: ['rkp-tiles://nl.rotterdam.demo/gebouwen/{z}/{x}/{y}?r=3'],
      minzoom: 12,
      maxzoom: 16,
      bounds: [4.4, 51.88, 4.5, 51.93],
    });
  });

  it('draws the MVT layer named after the layer exactly like the GeoJSON buildings', () => {
    const geojsonBuildings = buildStyle({ origin: 'app://raadskaart', visibility: { buildings: true, interventions: true, labels: true } }).layers.find(
      (l) => l.id === 'buildings-3d',
    );
    const tiled = tiledBuildingsLayer('gebouwen', true);
    expect(tiled).toMatchObject({
      id: TILED_BUILDINGS.layer,
      type: 'fill-extrusion',
      source: TILED_BUILDINGS.source,
      'source-layer': 'gebouwen',
      layout: { visibility: 'visible' },
    });
    expect((tiled as { paint: unknown }).paint).toEqual((geojsonBuildings as { paint: unknown }).paint);
    expect(tiledBuildingsLayer('gebouwen', false)).toMatchObject({ layout: { visibility: 'none' } });
  });
});

describe('the rkp-tiles protocol loader', () => {
  const request = (url: string) => ({ url, type: 'arrayBuffer' as const });

  it('answers with exactly the tile bytes from the registered reader', async () => {
    const reader = vi.fn<TileReader>(() => Promise.resolve(new Uint8Array([1, 2, 3])));
    setTileReader(reader);
    const response = await loadTile(request('rkp-tiles://nl.rotterdam.demo/gebouwen/16/33569/21682?r=3'), new AbortController());
    expect(reader).toHaveBeenCalledWith('nl.rotterdam.demo', 'gebouwen', 16, 33569, 21682);
    expect(new Uint8Array(response.data as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('sends only the tile, not the larger buffer a view may sit in', async () => {
    const big = new Uint8Array([9, 9, 1, 2, 3, 9]);
    setTileReader(() => Promise.resolve(big.subarray(2, 5)));
    const response = await loadTile(request('rkp-tiles://p.q/l/1/0/0'), new AbortController());
    expect((response.data as ArrayBuffer).byteLength).toBe(3);
    expect(big.byteLength).toBe(6);
  });

  it('answers a tile the layer does not have with an empty tile, not an error', async () => {
    setTileReader(noTiles);
    const response = await loadTile(request('rkp-tiles://p.q/l/14/1/1'), new AbortController());
    expect((response.data as ArrayBuffer).byteLength).toBe(0);
  });

  it('fails on a URL that is not a tile URL', async () => {
    await expect(loadTile(request('rkp-tiles://p.q/l/x/1/1'), new AbortController())).rejects.toThrow(/not a tile URL/);
  });
});

describe('MapController with a tiled buildings layer', () => {
  function mounted() {
    const controller = new MapController();
    controller.mount(document.createElement('div'), 'http://127.0.0.1');
    const map = engine.FakeMap.instances.at(-1);
    if (!map) throw new Error('no map');
    return { controller, map };
  }

  it('adds the vector source and layer below the interventions once the style has loaded', () => {
    const { controller, map } = mounted();
    controller.setBuildingTiles(tilesOf());
    expect(map.calls).toEqual([]);
    map.fire('load');
    expect(map.calls).toEqual(['addSource buildings-tiles', 'addLayer buildings-3d-tiles']);
    expect(map.layers.get('buildings-3d-tiles')?.before).toBe('interventions-fill');
  });

  it('does not re-add the source for an equal description, replaces it for a new version and removes it for none', () => {
    const { controller, map } = mounted();
    map.fire('load');
    controller.setBuildingTiles(tilesOf());
    controller.setBuildingTiles(tilesOf());
    expect(map.calls).toEqual(['addSource buildings-tiles', 'addLayer buildings-3d-tiles']);
    controller.setBuildingTiles(tilesOf(noTiles, 4));
    expect(map.calls.slice(2)).toEqual(['removeLayer buildings-3d-tiles', 'removeSource buildings-tiles', 'addSource buildings-tiles', 'addLayer buildings-3d-tiles']);
    expect((map.sources.get('buildings-tiles') as { tiles: string[] }).tiles[0]).toContain('?r=4');
    controller.setBuildingTiles(undefined);
    expect(map.sources.has('buildings-tiles')).toBe(false);
    expect(map.layers.has('buildings-3d-tiles')).toBe(false);
  });

  it('hides and shows the tiled buildings with the buildings toggle', () => {
    const { controller, map } = mounted();
    map.fire('load');
    controller.setBuildingTiles(tilesOf());
    controller.setVisibility({ buildings: false, interventions: true, labels: true });
    expect(map.layout.get('buildings-3d-tiles')).toBe('none');
    controller.setVisibility({ buildings: true, interventions: true, labels: true });
    expect(map.layout.get('buildings-3d-tiles')).toBe('visible');
  });
});
