// The map module's UI strings (Dutch first, English), as two plain objects under a top-level
// `map` key so they can be merged into src/renderer/i18n/{nl,en}.json as they are. Until that
// merge, useMapTranslation() adds them to the running i18next instance itself.
// Kind names are not here: they live in the app's `interventionKind.*` keys.
// Must never contain markup: every string is rendered as text.
import { useTranslation } from 'react-i18next';

export const mapNl = {
  map: {
    description: '3D-kaart van het gebied. Bestaande gebouwen: {{buildings}}. Ingrepen in dit scenario: {{interventions}}.',
    keyboardHelp: 'Met de pijltjestoetsen verschuift u de kaart, met + en - zoomt u in en uit, met Shift en de pijltjestoetsen draait en kantelt u de kaart.',
    roleDescription: 'interactieve kaart',
    loading: 'De kaart wordt geladen…',
    errorWebgl:
      'De kaart kan niet worden getoond: deze computer of browser kan geen 3D-graphics (WebGL) tekenen. De ingrepen staan als tekst naast de kaart.',
    errorContextLost: 'De kaart is gestopt met tekenen omdat de grafische kaart niet meer beschikbaar is. Laad de pagina opnieuw.',
    errorEngine: 'De kaart kon niet worden gestart. Laad de pagina opnieuw; de ingrepen staan als tekst naast de kaart.',
    layers: {
      legend: 'Kaartlagen',
      buildings: 'Gebouwen',
      interventions: 'Ingrepen',
      labels: 'Labels',
    },
    legend: {
      title: 'Legenda',
      empty: 'Er staan geen ingrepen op de kaart.',
    },
    controls: {
      zoomIn: 'Inzoomen',
      zoomOut: 'Uitzoomen',
      resetBearing: 'Kaart terugdraaien naar het noorden',
      toggleAttribution: 'Bronvermelding tonen of verbergen',
    },
  },
};

export const mapEn: typeof mapNl = {
  map: {
    description: '3D map of the area. Existing buildings: {{buildings}}. Interventions in this scenario: {{interventions}}.',
    keyboardHelp: 'Use the arrow keys to move the map, + and - to zoom in and out, and Shift with the arrow keys to rotate and tilt it.',
    roleDescription: 'interactive map',
    loading: 'Loading the map…',
    errorWebgl: 'The map cannot be shown: this computer or browser cannot draw 3D graphics (WebGL). The interventions are listed as text next to the map.',
    errorContextLost: 'The map stopped drawing because the graphics card is no longer available. Reload the page.',
    errorEngine: 'The map could not be started. Reload the page; the interventions are listed as text next to the map.',
    layers: {
      legend: 'Map layers',
      buildings: 'Buildings',
      interventions: 'Interventions',
      labels: 'Labels',
    },
    legend: {
      title: 'Legend',
      empty: 'There are no interventions on the map.',
    },
    controls: {
      zoomIn: 'Zoom in',
      zoomOut: 'Zoom out',
      resetBearing: 'Turn the map back to north',
      toggleAttribution: 'Show or hide the attribution',
    },
  },
};

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every translation key of the map module, e.g. `map.layers.legend`. */
export type MapKey = Leaves<typeof mapNl>;

type I18nLike = {
  getResource(lng: string, ns: string, key: string): unknown;
  addResourceBundle(lng: string, ns: string, resources: object, deep?: boolean, overwrite?: boolean): unknown;
};

/**
 * Adds the map strings to `i18n` unless they are there already (merged into the app's JSON, or
 * added before). Never overwrites: the app's JSON wins.
 */
export function ensureMapTranslations(i18n: I18nLike): void {
  for (const [lng, bundle] of [
    ['nl', mapNl],
    ['en', mapEn],
  ] as const) {
    if (i18n.getResource(lng, 'translation', 'map.layers.legend') === undefined) i18n.addResourceBundle(lng, 'translation', bundle, true, false);
  }
}

/**
 * react-i18next's `useTranslation()` plus `tm`, a translator for the map's own keys.
 * `tm` exists because the app types `t` against src/renderer/i18n/nl.json, which does not hold
 * the map keys until they are merged; `MapKey` checks the keys against mapNl instead.
 */
export function useMapTranslation() {
  const translation = useTranslation();
  const { i18n, t } = translation;
  // addResourceBundle is synchronous, so the strings are there for this very render.
  if (typeof i18n?.addResourceBundle === 'function') ensureMapTranslations(i18n);
  const translate = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const tm = (key: MapKey, values?: Record<string, string | number>): string => translate(key, values);
  return { ...translation, tm };
}
