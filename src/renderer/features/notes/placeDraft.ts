// What the notes panel asks of the map beside it: draw a point, line or area for a note (or take
// the map's centre), and which note's place to highlight. A tiny store both read, because the
// panel and the map are siblings on the agenda item screen. Holds no note text.
import { useSyncExternalStore } from 'react';
import type { Geometry } from 'geojson';
import type { DrawMode } from '../../map/DrawTool';

export type PlaceRequest = { mode: DrawMode; onDrawn: (geometry: Geometry) => void; onCancel: () => void };

type State = { request: PlaceRequest | null; highlighted: string | null };

let state: State = { request: null, highlighted: null };
const listeners = new Set<() => void>();

function set(next: Partial<State>): void {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

export const placeDraft = {
  /** Asks the map to let the person draw; replaces an earlier request. */
  request(request: PlaceRequest): void {
    set({ request });
  },
  /** The drawing is done or cancelled. */
  clear(): void {
    set({ request: null });
  },
  highlight(id: string | null): void {
    set({ highlighted: id });
  },
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePlaceDraft(): State {
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => state,
  );
}
