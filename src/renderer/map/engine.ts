// The one place that loads maplibre-gl: its stylesheet, and its web worker from the app's own
// origin. Vite does not bundle the worker with the library, so the `?url` import makes Vite
// emit it as a file and hands us its URL (same origin, as the CSP's worker-src 'self' requires;
// under app:// MapLibre cannot guess the URL itself). Must never load anything remote.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };
