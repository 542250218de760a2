// The 3D map of an agenda item: existing buildings (extruded), the chosen scenario's
// interventions and their labels, offline (style, data and glyphs all come from the app).
// A thin React shell around MapController: props go in through effects, the controller's
// status comes out through useSyncExternalStore and is exposed as `data-map-state`.
// Must never recreate the map when data changes, and never leave a blank box: when the map
// cannot draw, a readable message says so and where the same information is.
import type { FeatureCollection } from 'geojson';
import type { ReactNode } from 'react';
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import type { Intervention } from '../../shared/packageFormat';
import type { BuildingTiles } from './buildingTiles';
import { useTranslation } from 'react-i18next';
import { MapController } from './mapController';
import { MapControllerContext } from './mapContext';
import type { MapErrorReason } from './mapController';
import { featureCount } from './style';
import type { MapBBox, MapLayerVisibility } from './style';
import './map.css';

export type { MapBBox, MapLayerVisibility } from './style';
export type { MapStatus } from './mapController';
export type { BuildingTiles, TileReader } from './buildingTiles';

export type MapViewProps = {
  /** Existing buildings with a numeric `height` property (metres). `undefined` while being read, `null` when there is no layer. */
  buildings: FeatureCollection | null | undefined;
  /**
   * A buildings layer cut into vector tiles (buildingTilesFor), drawn like `buildings`; pass
   * `buildings={null}` with it. Tiles are read through its `readTile` as the map needs them.
   */
  buildingTiles?: BuildingTiles | undefined;
  /** The selected scenario's interventions (InterventionRecord rows fit: they extend Intervention). */
  interventions: readonly Intervention[];
  /** [west, south, east, north] in WGS84 degrees: the camera fits this box. */
  bbox: MapBBox;
  visibility: MapLayerVisibility;
  /** Source credit shown on the map, as plain text. */
  attribution: string;
  /** Accessible name of the map region and of the focusable map canvas. */
  label: string;
  /** Overlays of this folder drawn on this map (note places, the drawing tool); they reach the map through MapControllerContext. */
  children?: ReactNode;
};

const ERROR_MESSAGES = {
  webgl: 'map.errorWebgl',
  'context-lost': 'map.errorContextLost',
  engine: 'map.errorEngine',
} as const satisfies Record<MapErrorReason, string>;

export function MapView({ buildings, buildingTiles, interventions, bbox, visibility, attribution, label, children }: MapViewProps) {
  const { t, i18n } = useTranslation();
  const [controller] = useState(() => new MapController());
  const status = useSyncExternalStore(controller.subscribe, controller.getStatus);
  const containerRef = useRef<HTMLDivElement>(null);
  const descriptionId = useId();

  const [west, south, east, north] = bbox;
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
  useEffect(() => controller.setData(buildings, interventions), [controller, buildings, interventions]);
  // Before the mount effect (as setData), so a first mount already adds the tiled source.
  useEffect(() => controller.setBuildingTiles(buildingTiles), [controller, buildingTiles]);
  useEffect(
    () => controller.setVisibility({ buildings: showBuildings, interventions: showInterventions, labels: showLabels }),
    [controller, showBuildings, showInterventions, showLabels],
  );
  useEffect(() => controller.fitTo([west, south, east, north]), [controller, west, south, east, north]);
  useEffect(() => controller.setAttribution(attribution), [controller, attribution]);
  useEffect(() => controller.setCanvasAccessibility({ label, roleDescription, describedBy: descriptionId }), [controller, label, roleDescription, descriptionId]);
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    controller.mount(container, window.location.origin);
    return () => controller.unmount();
  }, [controller]);

  const numbers = new Intl.NumberFormat(i18n?.language === 'en' ? 'en-GB' : 'nl-NL');
  const buildingCount = buildingTiles ? buildingTiles.featureCount : featureCount(buildings);
  const description = `${t('map.description', {
    buildings: numbers.format(buildingCount),
    interventions: numbers.format(interventions.length),
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
