// Owns one maplibre-gl map for one MapView: creates it once, feeds new data to its GeoJSON
// sources with setData, adds or replaces the vector source of a tiled buildings layer, toggles
// layer visibility, moves the camera, and reports a status that
// React reads through useSyncExternalStore. Inputs given before the map exists are kept and
// applied when it is mounted, so effects may run in any order.
// Must never recreate the map for new data, and never swallow a map error: errors are logged
// and, when the map cannot draw, shown as a status the view turns into a readable message.
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, IControl, Map as MapLibreMap, MapOptions } from 'maplibre-gl';
import type { Intervention } from '../../shared/packageFormat';
import { sameBuildingTiles } from './buildingTiles';
import type { BuildingTiles } from './buildingTiles';
import { maplibregl } from './engine';
import { LAYER_GROUPS, MAP_PITCH, SOURCE_IDS, TILED_BUILDINGS, boundsOf, buildStyle, escapeHtml, interventionsToGeoJson, tiledBuildingsLayer, tiledBuildingsSource } from './style';
import { setTileReader } from './tileProtocol';
import type { MapBBox, MapLayerGroup, MapLayerVisibility } from './style';

/** Why the map cannot draw. */
export type MapErrorReason = 'webgl' | 'context-lost' | 'engine';

/** What the map is doing; `idle` means the latest data and visibility have been drawn. */
export type MapStatus = { kind: 'loading' } | { kind: 'idle' } | { kind: 'error'; reason: MapErrorReason };

/** How the focusable map canvas is announced. */
export type CanvasAccessibility = { label: string; roleDescription: string; describedBy: string };

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const GROUPS: readonly MapLayerGroup[] = ['buildings', 'interventions', 'labels'];
const LOADING: MapStatus = { kind: 'loading' };
const IDLE: MapStatus = { kind: 'idle' };

export class MapController {
  private map: MapLibreMap | null = null;
  private styleLoaded = false;
  private status: MapStatus = LOADING;
  private readonly listeners = new Set<() => void>();

  // Latest inputs; applied to the map when (and whenever) it exists.
  private buildings: FeatureCollection | null | undefined = undefined;
  private buildingTiles: BuildingTiles | undefined = undefined;
  /** The tiled layer the map currently has a source for (what applyTiles last added). */
  private shownTiles: BuildingTiles | undefined = undefined;
  private interventions: readonly Intervention[] = [];
  private visibility: MapLayerVisibility = { buildings: true, interventions: true, labels: true };
  private bbox: MapBBox | undefined = undefined;
  private attribution = '';
  private attributionControl: IControl | null = null;
  private canvasAccessibility: CanvasAccessibility | undefined = undefined;
  private locale: Record<string, string> = {};

  // `idle` only counts when it follows the latest change: each change bumps `version`.
  private version = 0;
  private drawnVersion = -1;
  private cameraPlaced = false;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getStatus = (): MapStatus => this.status;

  /**
   * The map once its style has loaded, else null: for overlays of this folder (note places,
   * drawing) that add their own sources and layers. Callers re-check on every status change.
   */
  loadedMap(): MapLibreMap | null {
    return this.styleLoaded ? this.map : null;
  }

  /** Creates the map in `container`. Reports an error status when WebGL is unavailable. */
  mount(container: HTMLElement, origin: string): void {
    if (this.map) return;
    this.styleLoaded = false;
    this.cameraPlaced = false;
    this.setStatus(LOADING);
    const options: MapOptions = {
      container,
      style: buildStyle({ origin, visibility: this.visibility }),
      attributionControl: false,
      pitch: MAP_PITCH,
      maxPitch: 70,
      keyboard: true,
      locale: this.locale,
    };
    if (this.bbox) {
      options.bounds = boundsOf(this.bbox);
      options.fitBoundsOptions = { padding: paddingFor(container), pitch: MAP_PITCH };
      this.cameraPlaced = true;
    }
    let map: MapLibreMap;
    try {
      map = new maplibregl.Map(options);
    } catch (error) {
      console.error('The map could not be created:', error);
      this.setStatus({ kind: 'error', reason: error instanceof maplibregl.GPUInitializationError ? 'webgl' : 'engine' });
      return;
    }
    this.map = map;
    map.addControl(new maplibregl.NavigationControl({ visualizePitch: true }), 'top-right');
    this.applyAttribution();
    this.applyCanvasAccessibility();
    map.on('load', () => {
      this.styleLoaded = true;
      this.shownTiles = undefined;
      this.applyTiles();
      this.applyData();
      this.applyVisibility();
    });
    map.on('idle', () => {
      if (!this.styleLoaded) return;
      this.drawnVersion = this.version;
      this.updateStatus();
    });
    map.on('error', (event) => {
      console.error('Map error:', event.error);
      if (event.error instanceof maplibregl.GPUInitializationError) this.setStatus({ kind: 'error', reason: 'webgl' });
      // Before the style has loaded nothing can be drawn (e.g. the worker failed to load);
      // later errors (a missing glyph range) leave a usable map and are only logged.
      else if (!this.styleLoaded) this.setStatus({ kind: 'error', reason: 'engine' });
    });
    map.on('webglcontextlost', () => this.setStatus({ kind: 'error', reason: 'context-lost' }));
    map.on('webglcontextrestored', () => {
      this.setStatus(LOADING);
      this.bump();
    });
  }

  /** Removes the map (the controller may be mounted again). */
  unmount(): void {
    const map = this.map;
    this.map = null;
    this.styleLoaded = false;
    this.shownTiles = undefined;
    this.attributionControl = null;
    if (map) map.remove();
    if (this.status.kind !== 'error') this.setStatus(LOADING);
  }

  setData(buildings: FeatureCollection | null | undefined, interventions: readonly Intervention[]): void {
    if (buildings === this.buildings && interventions === this.interventions) return;
    this.buildings = buildings;
    this.interventions = interventions;
    this.applyData();
  }

  /** Shows a buildings layer from vector tiles (undefined: none). Equal values change nothing. */
  setBuildingTiles(tiles: BuildingTiles | undefined): void {
    if (sameBuildingTiles(tiles, this.buildingTiles)) return;
    this.buildingTiles = tiles;
    this.applyTiles();
  }

  setVisibility(visibility: MapLayerVisibility): void {
    if (GROUPS.every((group) => visibility[group] === this.visibility[group])) return;
    this.visibility = { ...visibility };
    this.applyVisibility();
  }

  /** Moves the camera to show `bbox`: at once the first time, animated afterwards. */
  fitTo(bbox: MapBBox): void {
    if (this.bbox && bbox.every((v, i) => v === this.bbox?.[i])) return;
    this.bbox = [...bbox];
    const map = this.map;
    if (!map) return;
    map.fitBounds(boundsOf(bbox), { padding: paddingFor(map.getContainer()), pitch: MAP_PITCH, duration: this.cameraPlaced ? 800 : 0 });
    this.cameraPlaced = true;
  }

  setAttribution(text: string): void {
    if (text === this.attribution) return;
    this.attribution = text;
    this.applyAttribution();
  }

  setCanvasAccessibility(accessibility: CanvasAccessibility): void {
    this.canvasAccessibility = accessibility;
    this.applyCanvasAccessibility();
  }

  /** UI strings for the map's own controls (MapLibre locale keys); used when the map is created. */
  setLocale(locale: Record<string, string>): void {
    this.locale = locale;
  }

  private applyData(): void {
    const map = this.map;
    if (!map || !this.styleLoaded) return;
    const { shapes, labels } = interventionsToGeoJson(this.interventions);
    this.setSourceData(map, SOURCE_IDS.buildings, this.buildings ?? EMPTY);
    this.setSourceData(map, SOURCE_IDS.interventions, shapes);
    this.setSourceData(map, SOURCE_IDS.labels, labels);
    this.bump();
  }

  private setSourceData(map: MapLibreMap, id: string, data: FeatureCollection): void {
    const source = map.getSource<GeoJSONSource>(id);
    if (!source) throw new Error(`map source "${id}" is missing from the style (style.ts SOURCE_IDS)`);
    source.setData(data).catch((error: unknown) => console.error(`The map could not show the data of source "${id}":`, error));
  }

  private applyTiles(): void {
    const map = this.map;
    if (!map || !this.styleLoaded) return;
    const tiles = this.buildingTiles;
    if (sameBuildingTiles(tiles, this.shownTiles)) return;
    // A source's tiles cannot be swapped in place: remove the layer and source, add the new ones.
    if (this.shownTiles) {
      map.removeLayer(TILED_BUILDINGS.layer);
      map.removeSource(TILED_BUILDINGS.source);
      this.shownTiles = undefined;
    }
    if (tiles) {
      setTileReader(tiles.readTile);
      map.addSource(TILED_BUILDINGS.source, tiledBuildingsSource(tiles));
      map.addLayer(tiledBuildingsLayer(tiles.layerId, this.visibility.buildings), TILED_BUILDINGS.before);
      this.shownTiles = tiles;
    }
    this.bump();
  }

  private applyVisibility(): void {
    const map = this.map;
    if (!map || !this.styleLoaded) return;
    for (const group of GROUPS) {
      for (const layerId of LAYER_GROUPS[group]) map.setLayoutProperty(layerId, 'visibility', this.visibility[group] ? 'visible' : 'none');
    }
    if (this.shownTiles) map.setLayoutProperty(TILED_BUILDINGS.layer, 'visibility', this.visibility.buildings ? 'visible' : 'none');
    this.bump();
  }

  private applyAttribution(): void {
    const map = this.map;
    if (!map) return;
    if (this.attributionControl) map.removeControl(this.attributionControl);
    this.attributionControl = null;
    if (!this.attribution) return;
    // compact: false keeps the credit visible instead of folding it behind an (i) button.
    this.attributionControl = new maplibregl.AttributionControl({ compact: false, customAttribution: escapeHtml(this.attribution) });
    map.addControl(this.attributionControl, 'bottom-right');
  }

  private applyCanvasAccessibility(): void {
    const canvas = this.map?.getCanvas();
    const a11y = this.canvasAccessibility;
    if (!canvas || !a11y) return;
    // MapLibre makes the canvas a focusable "region" named "Map". The named region is MapView's
    // wrapper; the canvas is where keys pan and zoom, which is what role=application announces.
    canvas.setAttribute('role', 'application');
    canvas.setAttribute('aria-label', a11y.label);
    canvas.setAttribute('aria-roledescription', a11y.roleDescription);
    canvas.setAttribute('aria-describedby', a11y.describedBy);
  }

  /** A change was made: the map is loading until the next idle after it. */
  private bump(): void {
    this.version += 1;
    this.updateStatus();
  }

  private updateStatus(): void {
    if (this.status.kind === 'error') return;
    // No buildings yet (undefined: still being read) means the picture is not complete.
    const complete = this.styleLoaded && this.buildings !== undefined && this.drawnVersion === this.version;
    this.setStatus(complete ? IDLE : LOADING);
  }

  private setStatus(status: MapStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.listeners) listener();
  }
}

function paddingFor(container: HTMLElement): number {
  // About a tenth of the smaller side, so a small map is not all padding.
  const side = Math.min(container.clientWidth, container.clientHeight);
  return Math.max(0, Math.min(48, Math.round(side / 10)));
}
