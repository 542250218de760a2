// Keeps the cameras of several maps together (compare side by side, swipe, grid): when a person
// moves one map, the others jump to the same centre, zoom, bearing and pitch in the same frame.
// Only moves a person makes (mouse, touch, keyboard, the map's buttons) are passed on; the
// jumps it makes itself carry `rkSync` and are never passed on again, so two maps cannot chase
// each other. Must never move a map that is not registered.
import type { Map as MapLibreMap, MapLibreEvent } from 'maplibre-gl';

/** Event data a map's move carries when a person caused it (see mapController.ts). */
export type MoveOrigin = { originalEvent?: unknown; rkUser?: boolean; rkSync?: boolean };

/** True when a move event comes from a person (not from a fit, a restore or a sync jump). */
export function isUserMove(event: MoveOrigin): boolean {
  return event.rkSync !== true && (event.originalEvent !== undefined || event.rkUser === true);
}

export class MapSync {
  private readonly maps = new Map<MapLibreMap, (event: MapLibreEvent & MoveOrigin) => void>();

  /** Registers a map; returns the function that unregisters it. */
  add(map: MapLibreMap): () => void {
    const follow = (event: MapLibreEvent & MoveOrigin): void => {
      if (!isUserMove(event)) return;
      const camera = { center: map.getCenter(), zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() };
      for (const other of this.maps.keys()) if (other !== map) other.jumpTo(camera, { rkSync: true });
    };
    this.maps.set(map, follow);
    map.on('move', follow);
    return () => {
      map.off('move', follow);
      this.maps.delete(map);
    };
  }

  /** How many maps move together. */
  get size(): number {
    return this.maps.size;
  }
}
