// Hands a MapView's controller to the overlays rendered inside it (MapView's children: note
// places, the drawing tool), so they add their sources and layers to that map without the map
// leaving this folder. Only src/renderer/map uses it.
import { createContext, useContext } from 'react';
import type { MapController } from './mapController';

export const MapControllerContext = createContext<MapController | null>(null);

/** The controller of the MapView this component is inside, or null outside one. */
export function useMapController(): MapController | null {
  return useContext(MapControllerContext);
}
