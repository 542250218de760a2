// Bare map page for the first-frame benchmark (bench/presenter.ts): the demo agenda item's
// opening view of its first scenario drawn by the app's own map module (MapController: the same
// engine, style, patterns and labels) on an otherwise empty page, with the buildings and
// interventions read straight from the demo package's files. No React, no database, no app shell:
// what the app's first frame is measured against. Sets data-map-state="idle" on the map element
// when the map has drawn everything, like the app's MapView. Never used by the app.
import type { FeatureCollection } from 'geojson';
import { MapController } from '../../src/renderer/map/mapController';
import { Manifest, PackageIndex, INDEX_PATH } from '../../src/shared/packageFormat';
import { bboxOf, unionBBox } from '../../src/shared/geo';

async function chunk(manifest: Manifest, path: string): Promise<unknown> {
  const ref = manifest.chunks.find((c) => c.path === path);
  if (!ref) throw new Error(`the demo manifest lists no ${path}`);
  const response = await fetch(`/demo/chunks/${ref.sha256}`);
  return (await response.json()) as unknown;
}

async function main(): Promise<void> {
  const element = document.getElementById('map');
  if (!element) throw new Error('no #map element');
  const manifest = Manifest.parse(await (await fetch('/demo/manifest.json')).json());
  const index = PackageIndex.parse(await chunk(manifest, INDEX_PATH));
  const item = index.meetings[0]?.agendaItems[0];
  const scenario = index.scenarios.find((s) => s.agendaItemId === item?.id);
  const layer = index.layers.find((l) => l.kind === 'buildings');
  if (!item || !scenario || !layer) throw new Error('the demo has no agenda item with a scenario and buildings');
  if (layer.format === 'vector-tiles') throw new Error('the bare page draws a GeoJSON buildings layer; the demo has vector tiles');
  const buildings = (await chunk(manifest, layer.path)) as FeatureCollection;
  const controller = new MapController();
  controller.subscribe(() => element.setAttribute('data-map-state', controller.getStatus().kind));
  controller.setData(buildings, scenario.interventions);
  const opening = scenario.interventions.map((iv) => bboxOf(iv.geometry)).reduce((a, b) => unionBBox(a, b));
  controller.setOpening(opening);
  controller.mount(element, window.location.origin);
}

main().catch((error: unknown) => {
  document.body.setAttribute('data-error', String(error));
  console.error(error);
});
