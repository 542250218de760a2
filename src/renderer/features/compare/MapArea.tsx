// The map area of a view: one map, two side by side, two under a swipe divider, or two to four
// in a grid; all maps of a comparison move together (MapSync) and open on the same extent. Used
// by the presenter's workspace and by the audience window alike, from props only: it reads no
// data and holds no presenter text. Each map is named by what it shows, so a screen reader and
// an end-to-end test can tell them apart.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Intervention } from '../../../shared/packageFormat';
import type { Camera, CompareMode } from '../../../shared/view/presentationView';
import type { BuildingTiles, MapBBox, MapCommands, MapLayerVisibility, MapStatus, MapTheme } from '../../map/MapView';
import { MapSync, MapView } from '../../map/MapView';
import type { FeatureCollection } from 'geojson';
import { SwipeDivider } from './SwipeDivider';

/** One map of the area: what it shows and how it is called. */
export type SceneMap = { key: string; title: string; interventions: readonly Intervention[]; numbers?: ReadonlyMap<string, number> | undefined };

export type MapScene = {
  mode: CompareMode;
  maps: readonly SceneMap[];
  opening: MapBBox;
  camera?: Camera | undefined;
  /** Swipe divider position, 0 to 1. */
  swipe?: number | undefined;
  visibility: MapLayerVisibility;
  buildings: FeatureCollection | null | undefined;
  buildingTiles?: BuildingTiles | undefined;
  attribution: string;
  theme?: MapTheme;
};

export type MapAreaProps = {
  scene: MapScene;
  commands?: MapCommands | undefined;
  selectedId?: string | undefined;
  onCameraChange?: ((camera: Camera | undefined) => void) | undefined;
  onSelect?: ((mapIndex: number, interventionId: string | undefined) => void) | undefined;
  onSwipe?: ((position: number) => void) | undefined;
  onUnplacedLabels?: ((mapIndex: number, ids: readonly string[]) => void) | undefined;
  onStatus?: ((mapIndex: number, status: MapStatus) => void) | undefined;
  /** Drawn on the first map only (the notes' places and drawing tool, features/notes); the audience window passes none. */
  overlay?: ReactNode;
};

export function MapArea({ scene, commands, selectedId, onCameraChange, onSelect, onSwipe, onUnplacedLabels, onStatus, overlay }: MapAreaProps) {
  const { t, i18n } = useTranslation();
  const [sync] = useState(() => new MapSync());
  const committed = scene.swipe ?? 0.5;
  // The divider's position while it is dragged; a new committed position (a link, a step) replaces it.
  const [live, setLive] = useState({ from: committed, value: committed });
  const liveSwipe = live.from === committed ? live.value : committed;
  const setLiveSwipe = (value: number) => setLive({ from: committed, value });

  const [first, second] = scene.maps;
  const swipeText = t('compare.swipeValue', { left: first?.title ?? '', right: second?.title ?? '', percent: Math.round(liveSwipe * 100) });

  return (
    <div className={`map-area map-area--${scene.mode} map-area--count-${scene.maps.length}`} data-compare-mode={scene.mode}>
      {scene.maps.map((map, index) => {
        const clipped = scene.mode === 'swipe' && index === 1;
        return (
          <div
            key={`${map.key}-${index}`}
            className={`map-area__cell${clipped ? ' map-area__cell--after' : ''}`}
            data-map-index={index}
            style={clipped ? { clipPath: `inset(0 0 0 ${liveSwipe * 100}%)` } : undefined}
          >
            {scene.maps.length > 1 ? (
              <p className={`map-area__caption map-area__caption--${scene.mode === 'swipe' ? (index === 0 ? 'left' : 'right') : 'top'}`} aria-hidden="true">
                {map.title}
              </p>
            ) : null}
            {/* Keyed by language: the engine's own controls take their labels only when created. */}
            <MapView
              key={i18n.language}
              buildings={scene.buildings}
              buildingTiles={scene.buildingTiles}
              interventions={map.interventions}
              numbers={map.numbers}
              opening={scene.opening}
              camera={scene.camera}
              visibility={scene.visibility}
              attribution={scene.attribution}
              label={scene.maps.length > 1 ? t('compare.mapLabel', { number: index + 1, title: map.title }) : t('agendaItem.mapLabel')}
              selectedId={selectedId}
              theme={scene.theme}
              sync={scene.maps.length > 1 ? sync : undefined}
              commands={commands}
              onCameraChange={onCameraChange}
              onSelect={onSelect ? (id) => onSelect(index, id) : undefined}
              onUnplacedLabels={onUnplacedLabels ? (ids) => onUnplacedLabels(index, ids) : undefined}
              onStatus={onStatus ? (status) => onStatus(index, status) : undefined}
            >
              {index === 0 ? overlay : null}
            </MapView>
          </div>
        );
      })}
      {scene.mode === 'swipe' && scene.maps.length === 2 ? (
        <SwipeDivider
          value={liveSwipe}
          onInput={setLiveSwipe}
          onChange={(position) => {
            setLiveSwipe(position);
            onSwipe?.(position);
          }}
          label={t('compare.swipeLabel')}
          valueText={swipeText}
        />
      ) : null}
    </div>
  );
}
