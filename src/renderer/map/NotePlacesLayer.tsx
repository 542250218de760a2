// Places that notes are about, drawn on the map of the MapView this is inside: points as
// markers, lines dashed, areas with an outline, in one colour that no intervention uses, so a
// note's place is never mistaken for a plan. The notes panel lists the same notes as text (the
// map's text alternative). Renders nothing into the DOM itself.
// Must never draw a place for a note the person may not see: it draws what it is given.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { useEffect, useSyncExternalStore } from 'react';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useMapController } from './mapContext';

export type NotePlace = { id: string; geometry: Geometry; selected?: boolean };

const SOURCE = 'rk-note-places';
const LAYERS = { fill: 'rk-note-places-fill', line: 'rk-note-places-line', point: 'rk-note-places-point' } as const;
/** Magenta: far from the greens, blues and browns of interventions, and dark enough on the base map. */
const NOTE_COLOUR = '#a3007d';

function collection(places: readonly NotePlace[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: places.map((p): Feature => ({ type: 'Feature', id: p.id, geometry: p.geometry, properties: { id: p.id, selected: p.selected === true } })),
  };
}

function ensureLayers(map: MapLibreMap): void {
  if (map.getSource(SOURCE)) return;
  map.addSource(SOURCE, { type: 'geojson', data: collection([]) });
  map.addLayer({ id: LAYERS.fill, type: 'fill', source: SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': NOTE_COLOUR, 'fill-opacity': 0.18 } });
  map.addLayer({
    id: LAYERS.line,
    type: 'line',
    source: SOURCE,
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': NOTE_COLOUR, 'line-width': ['case', ['get', 'selected'], 5, 3], 'line-dasharray': [2, 1] },
  });
  map.addLayer({
    id: LAYERS.point,
    type: 'circle',
    source: SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-color': NOTE_COLOUR, 'circle-radius': ['case', ['get', 'selected'], 10, 7], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  });
}

/** Draws `places` on the surrounding MapView's map. */
export function NotePlacesLayer({ places }: { places: readonly NotePlace[] }) {
  const controller = useMapController();
  const status = useSyncExternalStore(controller?.subscribe ?? noSubscribe, controller?.getStatus ?? noStatus);
  useEffect(() => {
    const map = controller?.loadedMap();
    if (!map) return;
    ensureLayers(map);
    map
      .getSource<GeoJSONSource>(SOURCE)
      ?.setData(collection(places))
      .catch((error: unknown) => console.error('The map could not show the places of notes:', error));
  }, [controller, places, status]);
  return null;
}

const noSubscribe = () => () => undefined;
const noStatus = () => ({ kind: 'loading' }) as const;
