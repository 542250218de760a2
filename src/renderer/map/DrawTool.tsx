// Draws one point, line or area on the map of the MapView this is inside (terra-draw with its
// MapLibre adapter), for the place a note is about: the person clicks the points, Enter (or a
// double click) finishes a line or area, Escape cancels. `centre` takes the middle of the map at
// once: the way to place a note with the keyboard alone (pan with the arrow keys, then choose it).
// Reports the geometry in WGS84 and removes what it drew; the note keeps the place.
// Only this folder touches the map; never leaves terra-draw's layers behind.
import type { Geometry } from 'geojson';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { useMapController } from './mapContext';

export type DrawMode = 'point' | 'linestring' | 'polygon' | 'centre';

export type DrawToolProps = {
  mode: DrawMode;
  onDrawn: (geometry: Geometry) => void;
  onCancel: () => void;
};

const noSubscribe = () => () => undefined;
const noStatus = () => ({ kind: 'loading' }) as const;

/** While mounted, lets the person draw one shape of `mode`. */
export function DrawTool({ mode, onDrawn, onCancel }: DrawToolProps) {
  const controller = useMapController();
  // Re-rendered on every map status change, so `loaded` turns true once the style is in.
  useSyncExternalStore(controller?.subscribe ?? noSubscribe, controller?.getStatus ?? noStatus);
  const callbacks = useRef({ onDrawn, onCancel });
  useEffect(() => {
    callbacks.current = { onDrawn, onCancel };
  }, [onDrawn, onCancel]);
  const loaded = (controller?.loadedMap() ?? null) !== null;

  useEffect(() => {
    const map = controller?.loadedMap();
    if (!map || !loaded) return;
    if (mode === 'centre') {
      const { lng, lat } = map.getCenter();
      callbacks.current.onDrawn({ type: 'Point', coordinates: [Number(lng.toFixed(7)), Number(lat.toFixed(7))] });
      return;
    }
    const draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 7, prefixId: 'rk-draw' }),
      modes: [new TerraDrawPointMode(), new TerraDrawLineStringMode(), new TerraDrawPolygonMode()],
    });
    draw.start();
    draw.setMode(mode);
    draw.on('finish', (id) => {
      const feature = draw.getSnapshotFeature(id);
      if (feature) callbacks.current.onDrawn(feature.geometry as Geometry);
    });
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') callbacks.current.onCancel();
    };
    const canvas = map.getCanvas();
    canvas.addEventListener('keydown', onKey);
    canvas.focus();
    return () => {
      canvas.removeEventListener('keydown', onKey);
      draw.stop();
    };
  }, [controller, loaded, mode]);
  return null;
}
