// Owns one maplibre-gl map for one MapView: creates it once, feeds new data to its GeoJSON
// sources with setData, adds or replaces the vector source of a tiled buildings layer, toggles
// layer visibility, places the camera (the opening view of what is shown, or a camera a link or
// the presenter gave), reports the moves a person makes, picks interventions on click, finds
// labels the engine could not place and gives those a numbered marker, and reports a status
// that React reads through useSyncExternalStore. Inputs given before the map exists are kept
// and applied when it is mounted, so effects may run in any order.
// Must never recreate the map for new data, never report its own moves (a fit, a restore, a
// sync jump) as the presenter's, and never swallow a map error: errors are logged and, when the
// map cannot draw, shown as a status the view turns into a readable message.
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, IControl, Map as MapLibreMap, MapLibreEvent, MapOptions } from 'maplibre-gl';
import type { Intervention } from '../../shared/packageFormat';
import type { Camera } from '../../shared/view/presentationView';
import { bboxOf } from '../../shared/geo';
import { sameBuildingTiles } from './buildingTiles';
import type { BuildingTiles } from './buildingTiles';
import { maplibregl } from './engine';
import { isUserMove } from './mapSync';
import type { MapSync, MoveOrigin } from './mapSync';
import { PATTERNED_KINDS, patternImage, patternName } from './patterns';
import {
  DYNAMIC_FILTER_LAYERS,
  LABEL_LAYERS,
  LABEL_TEXT_SIZE,
  LAYER_GROUPS,
  MAP_PITCH,
  PICKABLE_LAYERS,
  SOURCE_IDS,
  TILED_BUILDINGS,
  boundsOf,
  buildStyle,
  escapeHtml,
  idFilter,
  interventionsToGeoJson,
  tiledBuildingsLayer,
  tiledBuildingsSource,
} from './style';
import { setTileReader } from './tileProtocol';
import type { MapBBox, MapLayerGroup, MapLayerVisibility, MapTheme } from './style';

/** Why the map cannot draw. */
export type MapErrorReason = 'webgl' | 'context-lost' | 'engine';

/** What the map is doing; `idle` means the latest data, visibility, camera and markers have been drawn. */
export type MapStatus = { kind: 'loading' } | { kind: 'idle' } | { kind: 'error'; reason: MapErrorReason };

/** How the focusable map canvas is announced. */
export type CanvasAccessibility = { label: string; roleDescription: string; describedBy: string };

/** What the map tells its owner: a person moved it (undefined: back at the opening view), or picked an intervention (undefined: none). */
export type MapEvents = {
  onCameraChange?: (camera: Camera | undefined) => void;
  onSelect?: (interventionId: string | undefined) => void;
};

/** Zoom change of one press of + or − (half of MapLibre's own step: small enough not to lose the area). */
export const KEYBOARD_ZOOM_STEP = 0.5;
/** Pixels one arrow key press pans. */
const KEYBOARD_PAN_PX = 80;
/** Degrees Shift + left/right rotates and Shift + up/down tilts. */
const KEYBOARD_BEARING_STEP = 15;
const KEYBOARD_PITCH_STEP = 10;
/** How far out a person may zoom from the opening view, so the area can always be found again. */
const MAX_ZOOM_OUT_FROM_OPENING = 3;

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const GROUPS: readonly MapLayerGroup[] = ['buildings', 'interventions', 'labels'];
const LOADING: MapStatus = { kind: 'loading' };
const IDLE: MapStatus = { kind: 'idle' };
const NONE: readonly string[] = [];

/** Event data of moves the controller makes for a person (keyboard, buttons) and of its opening fits. */
const USER: MoveOrigin = { rkUser: true };
const OPENING = { rkOpening: true } as const;

/** Rounds a camera as a link does (presentationView.ts), so a reported camera restores to itself. */
export function roundCamera(camera: Camera): Camera {
  const r = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
  return { center: [r(camera.center[0], 7), r(camera.center[1], 7)], zoom: r(camera.zoom, 2), bearing: r(camera.bearing, 1), pitch: r(camera.pitch, 1) };
}

/** True when two cameras are the same at link precision. */
export function sameCamera(a: Camera, b: Camera): boolean {
  const x = roundCamera(a);
  const y = roundCamera(b);
  return x.center[0] === y.center[0] && x.center[1] === y.center[1] && x.zoom === y.zoom && x.bearing === y.bearing && x.pitch === y.pitch;
}

export class MapController {
  private map: MapLibreMap | null = null;
  private styleLoaded = false;
  private status: MapStatus = LOADING;
  private readonly listeners = new Set<() => void>();
  private events: MapEvents = {};
  private sync: MapSync | undefined = undefined;
  private leaveSync: (() => void) | undefined = undefined;

  // Latest inputs; applied to the map when (and whenever) it exists.
  private buildings: FeatureCollection | null | undefined = undefined;
  private buildingTiles: BuildingTiles | undefined = undefined;
  /** The tiled layer the map currently has a source for (what applyTiles last added). */
  private shownTiles: BuildingTiles | undefined = undefined;
  private interventions: readonly Intervention[] = [];
  private numbers: ReadonlyMap<string, number> | undefined = undefined;
  private visibility: MapLayerVisibility = { buildings: true, interventions: true, labels: true };
  private opening: MapBBox | undefined = undefined;
  private camera: Camera | undefined = undefined;
  private selectedId: string | undefined = undefined;
  private theme: MapTheme = 'standard';

  private attribution = '';
  private attributionControl: IControl | null = null;
  private canvasAccessibility: CanvasAccessibility | undefined = undefined;
  private locale: Record<string, string> = {};

  /** Interventions whose label the engine did not place in the last idle frame: they show their number. */
  private unplaced: readonly string[] = NONE;

  // `idle` only counts when it follows the latest change: each change bumps `version`.
  private version = 0;
  private drawnVersion = -1;
  /** The camera is the opening view of `opening` (so a resize or new data refits it). */
  private atOpening = false;
  /** A person's move is under way (set on its movestart, reported on its moveend). */
  private userMoving = false;

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

  /** Ids of the shown interventions that have a numbered marker instead of a label (same array until it changes). */
  readonly getUnplacedLabels = (): readonly string[] => this.unplaced;

  /** Creates the map in `container`. Reports an error status when WebGL is unavailable. */
  mount(container: HTMLElement, origin: string): void {
    if (this.map) return;
    this.styleLoaded = false;
    this.atOpening = false;
    this.setStatus(LOADING);
    const options: MapOptions = {
      container,
      style: buildStyle({ origin, visibility: this.visibility, textSize: LABEL_TEXT_SIZE[this.theme] }),
      attributionControl: false,
      pitch: MAP_PITCH,
      maxPitch: 70,
      maxZoom: 20,
      // The controller handles keys itself: smaller zoom steps, and no key is lost to the page.
      keyboard: false,
      locale: this.locale,
    };
    if (this.camera) {
      Object.assign(options, { center: this.camera.center, zoom: this.camera.zoom, bearing: this.camera.bearing, pitch: this.camera.pitch });
    } else if (this.opening) {
      options.bounds = boundsOf(this.opening);
      options.fitBoundsOptions = { padding: paddingFor(container), pitch: MAP_PITCH };
      this.atOpening = true;
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
    this.applySync();
    map.getCanvas().addEventListener('keydown', this.onKeyDown);
    map.on('load', () => {
      this.styleLoaded = true;
      if (this.atOpening) map.setMinZoom(Math.max(0, map.getZoom() - MAX_ZOOM_OUT_FROM_OPENING));
      this.shownTiles = undefined;
      this.addPatterns(map);
      this.applyTiles();
      this.applyData();
      this.applyVisibility();
      this.applySelection();
    });
    map.on('styleimagemissing', () => this.addPatterns(map));
    map.on('idle', () => {
      if (!this.styleLoaded) return;
      // Markers first: a change of markers is drawn in the next frame, and only that idle counts.
      if (this.updateMarkers(map)) return;
      this.drawnVersion = this.version;
      this.updateStatus();
    });
    map.on('movestart', (event: MapLibreEvent & MoveOrigin) => {
      if (isUserMove(event) || event.rkSync === true) this.atOpening = false;
      if (isUserMove(event)) this.userMoving = true;
    });
    map.on('moveend', (event: MapLibreEvent & MoveOrigin & { rkOpening?: boolean }) => {
      if (event.rkOpening === true) map.setMinZoom(Math.max(0, map.getZoom() - MAX_ZOOM_OUT_FROM_OPENING));
      if (!this.userMoving && !isUserMove(event)) return;
      this.userMoving = false;
      // The map settles exactly on the camera its link records (a fraction of a pixel), so a
      // link opened elsewhere draws the same picture.
      const camera = roundCamera(cameraOf(map));
      if (!sameCameraExactly(cameraOf(map), camera)) map.jumpTo({ center: camera.center, zoom: camera.zoom, bearing: camera.bearing, pitch: camera.pitch });
      this.events.onCameraChange?.(camera);
    });
    map.on('resize', () => {
      if (this.atOpening) this.fitOpening(0);
    });
    map.on('click', (event) => {
      const layers = PICKABLE_LAYERS.filter((id) => map.getLayer(id) !== undefined);
      const picked = map.queryRenderedFeatures(event.point, { layers: [...layers] })[0];
      const id: unknown = picked?.properties?.id;
      this.events.onSelect?.(typeof id === 'string' ? id : undefined);
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
    this.leaveSync?.();
    this.leaveSync = undefined;
    if (map) {
      map.getCanvas().removeEventListener('keydown', this.onKeyDown);
      map.remove();
    }
    if (this.status.kind !== 'error') this.setStatus(LOADING);
  }

  /** Where the map reports a person's moves and picks. */
  setEvents(events: MapEvents): void {
    this.events = events;
  }

  /** Moves with the other maps of `sync` (undefined: alone). */
  setSync(sync: MapSync | undefined): void {
    if (sync === this.sync) return;
    this.sync = sync;
    this.applySync();
  }

  /** Buildings and the shown interventions; `numbers` are their numbers in the list beside the map (default: their order). */
  setData(buildings: FeatureCollection | null | undefined, interventions: readonly Intervention[], numbers?: ReadonlyMap<string, number>): void {
    // Compared by content: a screen that builds new arrays with the same rows must not redraw the map.
    if (buildings === this.buildings && sameItems(interventions, this.interventions) && sameNumbers(numbers, this.numbers)) return;
    this.buildings = buildings;
    this.interventions = interventions;
    this.numbers = numbers;
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

  /**
   * The extent the opening view fits (with padding): the shown scenario's interventions, or the
   * agenda item. A new extent is fitted when no camera is given: at once the first time, animated
   * afterwards.
   */
  setOpening(bbox: MapBBox): void {
    if (this.opening && bbox.every((v, i) => v === this.opening?.[i])) return;
    const first = this.opening === undefined;
    this.opening = [...bbox];
    if (this.camera === undefined) this.fitOpening(first ? 0 : 600);
  }

  /** The camera to show (a link's, a briefing step's, the presenter's); undefined: the opening view. */
  setCamera(camera: Camera | undefined): void {
    this.camera = camera;
    const map = this.map;
    if (!map) return;
    if (camera === undefined) {
      if (!this.atOpening) this.fitOpening(600);
      return;
    }
    if (sameCamera(cameraOf(map), camera)) return;
    this.atOpening = false;
    map.jumpTo({ center: camera.center, zoom: camera.zoom, bearing: camera.bearing, pitch: camera.pitch });
    this.bump();
  }

  /** Outlines the selected intervention (undefined: none). */
  setSelected(id: string | undefined): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    this.applySelection();
  }

  /** Standard or projector labels (larger text). */
  setTheme(theme: MapTheme): void {
    if (theme === this.theme) return;
    this.theme = theme;
    const map = this.map;
    if (!map || !this.styleLoaded) return;
    const size = LABEL_TEXT_SIZE[theme];
    for (const id of [...LABEL_LAYERS, 'interventions-marker-number']) map.setLayoutProperty(id, 'text-size', size);
    map.setPaintProperty('interventions-marker-disc', 'circle-radius', size * 0.8);
    this.applyData();
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

  /** "Overzicht": back to the opening view; reported as such (no camera). */
  overview(): void {
    this.fitOpening(600);
    this.events.onCameraChange?.(undefined);
  }

  /** North up and the default tilt, as a person's move. */
  resetNorth(): void {
    this.map?.easeTo({ bearing: 0, pitch: MAP_PITCH, duration: 400 }, USER);
  }

  /** Zooms in (positive) or out by `delta` levels, as a person's move. */
  zoomBy(delta: number): void {
    const map = this.map;
    if (map) map.easeTo({ zoom: map.getZoom() + delta, duration: 250 }, USER);
  }

  /** Fits the shown intervention `id` (keeping bearing and tilt), as a person's move. */
  zoomTo(id: string): void {
    const map = this.map;
    const intervention = this.interventions.find((iv) => iv.id === id);
    if (!map || !intervention) return;
    map.fitBounds(
      boundsOf(bboxOf(intervention.geometry)),
      { padding: paddingFor(map.getContainer()) * 2, maxZoom: 19, bearing: map.getBearing(), pitch: map.getPitch(), duration: 600, linear: true },
      USER,
    );
  }

  /** True when `id` is one of the interventions this map shows. */
  shows(id: string): boolean {
    return this.interventions.some((iv) => iv.id === id);
  }

  /** Puts keyboard focus on the map canvas (where the arrow keys pan). */
  focus(): void {
    this.map?.getCanvas().focus();
  }

  /** A PNG data URL of the next drawn frame (the print sheet's map image). */
  captureImage(): Promise<string> {
    const map = this.map;
    if (!map) return Promise.reject(new Error('the map is not shown, so there is no image of it'));
    // The drawing buffer is only guaranteed right after a frame is drawn: read it in 'render'.
    return new Promise((resolve) => {
      map.once('render', () => resolve(map.getCanvas().toDataURL('image/png')));
      map.triggerRepaint();
    });
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const map = this.map;
    if (!map || event.altKey || event.ctrlKey || event.metaKey) return;
    const pan = (x: number, y: number) => map.panBy([x, y], { duration: 200 }, USER);
    const turn = (bearing: number, pitch: number) => map.easeTo({ bearing: map.getBearing() + bearing, pitch: map.getPitch() + pitch, duration: 200 }, USER);
    switch (event.key) {
      case '+':
      case '=':
        this.zoomBy(KEYBOARD_ZOOM_STEP);
        break;
      case '-':
      case '_':
        this.zoomBy(-KEYBOARD_ZOOM_STEP);
        break;
      case 'ArrowLeft':
        if (event.shiftKey) turn(-KEYBOARD_BEARING_STEP, 0);
        else pan(-KEYBOARD_PAN_PX, 0);
        break;
      case 'ArrowRight':
        if (event.shiftKey) turn(KEYBOARD_BEARING_STEP, 0);
        else pan(KEYBOARD_PAN_PX, 0);
        break;
      case 'ArrowUp':
        if (event.shiftKey) turn(0, KEYBOARD_PITCH_STEP);
        else pan(0, -KEYBOARD_PAN_PX);
        break;
      case 'ArrowDown':
        if (event.shiftKey) turn(0, -KEYBOARD_PITCH_STEP);
        else pan(0, KEYBOARD_PAN_PX);
        break;
      default:
        return;
    }
    // The key moved the map: the page's own shortcuts (+ and − zoom too) must not act on it again.
    event.preventDefault();
    event.stopPropagation();
  };

  private fitOpening(duration: number): void {
    const map = this.map;
    const bbox = this.opening;
    this.atOpening = true;
    if (!map || !bbox) return;
    map.fitBounds(boundsOf(bbox), { padding: paddingFor(map.getContainer()), pitch: MAP_PITCH, bearing: 0, duration, linear: true }, OPENING);
    this.bump();
  }

  private addPatterns(map: MapLibreMap): void {
    for (const kind of PATTERNED_KINDS) if (!map.hasImage(patternName(kind))) map.addImage(patternName(kind), patternImage(kind));
  }

  private applySync(): void {
    this.leaveSync?.();
    this.leaveSync = this.map && this.sync ? this.sync.add(this.map) : undefined;
  }

  private applyData(): void {
    const map = this.map;
    if (!map || !this.styleLoaded) return;
    const { shapes, labels, markers } = interventionsToGeoJson(this.interventions, LABEL_TEXT_SIZE[this.theme], this.numbers);
    this.setSourceData(map, SOURCE_IDS.buildings, this.buildings ?? EMPTY);
    this.setSourceData(map, SOURCE_IDS.interventions, shapes);
    this.setSourceData(map, SOURCE_IDS.labels, labels);
    this.setSourceData(map, SOURCE_IDS.markers, markers);
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

  private applySelection(): void {
    const map = this.map;
    if (!map || !this.styleLoaded) return;
    const ids = this.selectedId === undefined ? [] : [this.selectedId];
    for (const layerId of DYNAMIC_FILTER_LAYERS.selected) map.setFilter(layerId, idFilter(ids) as never);
    this.bump();
  }

  /**
   * Reads back which labels the engine placed; an intervention without a placed label gets its
   * numbered marker. Returns true when the markers changed (so this idle frame is not the last).
   */
  private updateMarkers(map: MapLibreMap): boolean {
    let unplaced: string[] = [];
    if (this.visibility.labels) {
      const placed = new Set(map.queryRenderedFeatures({ layers: [...LABEL_LAYERS] }).map((f) => f.properties?.id as unknown));
      unplaced = this.interventions.filter((iv) => !placed.has(iv.id)).map((iv) => iv.id);
    }
    if (unplaced.length === this.unplaced.length && unplaced.every((id, i) => id === this.unplaced[i])) return false;
    this.unplaced = unplaced.length === 0 ? NONE : unplaced;
    for (const layerId of DYNAMIC_FILTER_LAYERS.markers) map.setFilter(layerId, idFilter(unplaced) as never);
    this.bump();
    for (const listener of this.listeners) listener();
    return true;
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

function sameCameraExactly(a: Camera, b: Camera): boolean {
  return a.center[0] === b.center[0] && a.center[1] === b.center[1] && a.zoom === b.zoom && a.bearing === b.bearing && a.pitch === b.pitch;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => item === b[i]));
}

function sameNumbers(a: ReadonlyMap<string, number> | undefined, b: ReadonlyMap<string, number> | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.size !== b.size) return false;
  for (const [id, n] of a) if (b.get(id) !== n) return false;
  return true;
}

function cameraOf(map: MapLibreMap): Camera {
  const center = map.getCenter();
  return { center: [center.lng, center.lat], zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() };
}

function paddingFor(container: HTMLElement): number {
  // An eighth of the smaller side (labels sit beside the shapes and need the room), at most 72 px.
  const side = Math.min(container.clientWidth, container.clientHeight);
  return Math.max(0, Math.min(72, Math.round(side / 8)));
}
