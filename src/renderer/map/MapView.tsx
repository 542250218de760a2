// The 3D map of an agenda item: existing buildings (extruded), the shown interventions and
// their labels, offline (style, data and glyphs all come from the app). A thin React shell
// around MapController: props go in through effects, the controller's status and the
// interventions whose label could not be placed come out through useSyncExternalStore and are
// exposed as `data-map-state` and `data-unplaced-labels`; a person's moves and picks come out
// through callbacks.
// Must never recreate the map when data changes, and never leave a blank box: when the map
// cannot draw, a readable message says so and where the same information is.
import type { FeatureCollection } from 'geojson';
import type { ReactNode } from 'react';
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import type { Intervention } from '../../shared/packageFormat';
import type { Camera } from '../../shared/view/presentationView';
import type { BuildingTiles } from './buildingTiles';
import { useTranslation } from 'react-i18next';
import { MapController } from './mapController';
import { MapControllerContext } from './mapContext';
import type { MapErrorReason, MapStatus } from './mapController';
import type { MapCommands } from './mapCommands';
import type { MapSync } from './mapSync';
import { featureCount } from './style';
import type { MapBBox, MapLayerVisibility, MapTheme } from './style';
import './map.css';

export type { MapBBox, MapLayerVisibility, MapTheme } from './style';
export type { MapStatus } from './mapController';
export type { BuildingTiles, TileReader } from './buildingTiles';
export { MapCommands } from './mapCommands';
export { MapSync } from './mapSync';

export type MapViewProps = {
  /** Existing buildings with a numeric `height` property (metres). `undefined` while being read, `null` when there is no layer. */
  buildings: FeatureCollection | null | undefined;
  /**
   * A buildings layer cut into vector tiles (buildingTilesFor), drawn like `buildings`; pass
   * `buildings={null}` with it. Tiles are read through its `readTile` as the map needs them.
   */
  buildingTiles?: BuildingTiles | undefined;
  /** The shown interventions (InterventionRecord rows fit: they extend Intervention). */
  interventions: readonly Intervention[];
  /** Each intervention's number in the list beside the map (default: their order, from 1). */
  numbers?: ReadonlyMap<string, number> | undefined;
  /** [west, south, east, north] in WGS84 degrees: the opening view fits this box (with padding). */
  opening: MapBBox;
  /** The camera to show; undefined: the opening view. */
  camera?: Camera | undefined;
  visibility: MapLayerVisibility;
  /** Source credit shown on the map, as plain text. */
  attribution: string;
  /** Accessible name of the map region and of the focusable map canvas. */
  label: string;
  /** The intervention outlined as selected. */
  selectedId?: string | undefined;
  /** Larger labels for a projector. */
  theme?: MapTheme;
  /** Maps that move together (compare). */
  sync?: MapSync | undefined;
  /** The screen's handle for overview, zoom, focus and images. */
  commands?: MapCommands | undefined;
  /** A person moved the map (undefined: back at the opening view). */
  onCameraChange?: ((camera: Camera | undefined) => void) | undefined;
  /** A person clicked an intervention on the map (undefined: the click hit none). */
  onSelect?: ((interventionId: string | undefined) => void) | undefined;
  /** The interventions whose label the map could not place (they show their number instead). */
  onUnplacedLabels?: ((ids: readonly string[]) => void) | undefined;
  /** The map's status changed (idle: everything asked of it is drawn). */
  onStatus?: ((status: MapStatus) => void) | undefined;
  /** Overlays of this folder drawn on this map (note places, the drawing tool); they reach the map through MapControllerContext. */
  children?: ReactNode;
};

const ERROR_MESSAGES = {
  webgl: 'map.errorWebgl',
  'context-lost': 'map.errorContextLost',
  engine: 'map.errorEngine',
} as const satisfies Record<MapErrorReason, string>;

export function MapView({
  buildings,
  buildingTiles,
  interventions,
  numbers,
  opening,
  camera,
  visibility,
  attribution,
  label,
  selectedId,
  theme = 'standard',
  sync,
  commands,
  onCameraChange,
  onSelect,
  onUnplacedLabels,
  onStatus,
  children,
}: MapViewProps) {
  const { t, i18n } = useTranslation();
  const [controller] = useState(() => new MapController());
  const status = useSyncExternalStore(controller.subscribe, controller.getStatus);
  const unplaced = useSyncExternalStore(controller.subscribe, controller.getUnplacedLabels);
  const containerRef = useRef<HTMLDivElement>(null);
  const descriptionId = useId();

  const [west, south, east, north] = opening;
  const { buildings: showBuildings, interventions: showInterventions, labels: showLabels } = visibility;
  const zoomIn = t('map.controls.zoomIn');
  const zoomOut = t('map.controls.zoomOut');
  const resetBearing = t('map.controls.resetBearing');
  const toggleAttribution = t('map.controls.toggleAttribution');
  const roleDescription = t('map.roleDescription');

  // Declared before the mount effect so that the first mount already has every input.
  useEffect(() => {
    controller.setLocale({
      'NavigationControl.ZoomIn': zoomIn,
      'NavigationControl.ZoomOut': zoomOut,
      'NavigationControl.ResetBearing': resetBearing,
      'AttributionControl.ToggleAttribution': toggleAttribution,
      'Map.Title': label,
    });
  }, [controller, zoomIn, zoomOut, resetBearing, toggleAttribution, label]);
  useEffect(() => controller.setData(buildings, interventions, numbers), [controller, buildings, interventions, numbers]);
  // Before the mount effect (as setData), so a first mount already adds the tiled source.
  useEffect(() => controller.setBuildingTiles(buildingTiles), [controller, buildingTiles]);
  useEffect(
    () => controller.setVisibility({ buildings: showBuildings, interventions: showInterventions, labels: showLabels }),
    [controller, showBuildings, showInterventions, showLabels],
  );
  useEffect(() => controller.setOpening([west, south, east, north]), [controller, west, south, east, north]);
  // Compared field by field: a camera parsed again from the link is a new object with the same values.
  const [lon, lat] = camera?.center ?? [undefined, undefined];
  const { zoom, bearing, pitch } = camera ?? {};
  useEffect(() => {
    controller.setCamera(lon === undefined || lat === undefined || zoom === undefined ? undefined : { center: [lon, lat], zoom, bearing: bearing ?? 0, pitch: pitch ?? 0 });
  }, [controller, lon, lat, zoom, bearing, pitch]);
  useEffect(() => controller.setSelected(selectedId), [controller, selectedId]);
  useEffect(() => controller.setTheme(theme), [controller, theme]);
  useEffect(() => controller.setSync(sync), [controller, sync]);
  useEffect(() => controller.setEvents({ onCameraChange, onSelect }), [controller, onCameraChange, onSelect]);
  useEffect(() => commands?.attach(controller), [controller, commands]);
  // Reported when the set or the status changes, not when the owner re-renders with a new callback.
  const reportUnplaced = useRef(onUnplacedLabels);
  const reportStatus = useRef(onStatus);
  useEffect(() => {
    reportUnplaced.current = onUnplacedLabels;
    reportStatus.current = onStatus;
  });
  useEffect(() => reportUnplaced.current?.(unplaced), [unplaced]);
  useEffect(() => reportStatus.current?.(status), [status]);
  useEffect(() => controller.setAttribution(attribution), [controller, attribution]);
  useEffect(() => controller.setCanvasAccessibility({ label, roleDescription, describedBy: descriptionId }), [controller, label, roleDescription, descriptionId]);
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    controller.mount(container, window.location.origin);
    return () => controller.unmount();
  }, [controller]);

  const formatter = new Intl.NumberFormat(i18n?.language === 'en' ? 'en-GB' : 'nl-NL');
  const buildingCount = buildingTiles ? buildingTiles.featureCount : featureCount(buildings);
  const description = `${t('map.description', {
    buildings: formatter.format(buildingCount),
    interventions: formatter.format(interventions.length),
  })} ${t('map.keyboardHelp')}`;

  return (
    <div
      className="rk-map"
      role="region"
      aria-label={label}
      aria-describedby={descriptionId}
      data-map-state={status.kind}
      data-building-count={buildingCount}
      data-intervention-count={interventions.length}
      data-unplaced-labels={unplaced.join(' ')}
    >
      <p id={descriptionId} className="rk-map__sr-only">
        {description}
      </p>
      <div ref={containerRef} className="rk-map__canvas" />
      <MapControllerContext.Provider value={controller}>{children}</MapControllerContext.Provider>
      {status.kind === 'error' ? (
        <div className="rk-map__error" role="alert">
          <p>{t(ERROR_MESSAGES[status.reason])}</p>
        </div>
      ) : null}
    </div>
  );
}
