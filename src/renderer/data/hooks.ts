// React hooks over the app database (getDb()) with live queries: components re-render when
// the rows they read change (an install). Hooks only read; settings have their own hooks in
// settings.ts. Convention: `undefined` while loading, `null` when
// the thing asked for does not exist. An id that is itself still `undefined` (a dependent
// query: the briefing path of an agenda item that is loading) yields `null`, or `[]` for lists.
import { useLiveQuery } from 'dexie-react-hooks';
import type { FeatureCollection } from 'geojson';
import { getDb } from './db';
import {
  GeoJsonCache,
  getAgendaItem,
  getPackage,
  listIndicators,
  listInterventions,
  listLayers,
  listMeetings,
  listPackages,
  listScenarios,
  readChunkBytes,
  readChunkText,
  readLayerGeoJson,
  readTile,
  TileCache,
} from './repositories';
import type { AgendaItemRecord, IndicatorRecord, InterventionRecord, LayerRecord, MeetingRecord, PackageRecord, ScenarioRecord } from './types';

export function usePackages(): PackageRecord[] | undefined {
  return useLiveQuery(() => listPackages(getDb()), []);
}

export function usePackage(packageId: string): PackageRecord | null | undefined {
  return useLiveQuery(() => getPackage(getDb(), packageId), [packageId]);
}

/** Meetings by date, each with its agenda items sorted by number. */
export function useMeetings(packageId: string): MeetingRecord[] | undefined {
  return useLiveQuery(() => listMeetings(getDb(), packageId), [packageId]);
}

export function useAgendaItem(packageId: string, agendaItemId: string): AgendaItemRecord | null | undefined {
  return useLiveQuery(() => getAgendaItem(getDb(), packageId, agendaItemId), [packageId, agendaItemId]);
}

export function useScenarios(packageId: string, agendaItemId: string): ScenarioRecord[] | undefined {
  return useLiveQuery(() => listScenarios(getDb(), packageId, agendaItemId), [packageId, agendaItemId]);
}

export function useInterventions(packageId: string, scenarioId: string | undefined): InterventionRecord[] | undefined {
  return useLiveQuery(async () => (scenarioId === undefined ? [] : listInterventions(getDb(), packageId, scenarioId)), [packageId, scenarioId]);
}

export function useIndicators(packageId: string): IndicatorRecord[] | undefined {
  return useLiveQuery(() => listIndicators(getDb(), packageId), [packageId]);
}

export function useLayers(packageId: string): LayerRecord[] | undefined {
  return useLiveQuery(() => listLayers(getDb(), packageId), [packageId]);
}

/** A package chunk as UTF-8 text (the briefing of an agenda item). */
export function useChunkText(packageId: string, path: string | undefined): string | null | undefined {
  return useLiveQuery(async () => (path === undefined ? null : readChunkText(getDb(), packageId, path)), [packageId, path]);
}

// One cache for the page: the same layer shown by two components is parsed once.
const geoJsonCache = new GeoJsonCache();

/** A layer's parsed FeatureCollection, parsed once per chunk. */
export function useLayerGeoJson(packageId: string, layerId: string | undefined): FeatureCollection | null | undefined {
  return useLiveQuery(async () => (layerId === undefined ? null : readLayerGeoJson(getDb(), packageId, layerId, geoJsonCache)), [packageId, layerId]);
}

// One tile cache for the page: every map view reads its tiles through it.
const tileCache = new TileCache();

/**
 * Tile z/x/y of a vector-tile layer from the app database (an uncompressed MVT), or null for a
 * tile the layer does not have. Not a hook: the map's tile protocol calls it for each tile, and
 * features hand it to MapView (the map module never imports the data layer).
 */
export function readAppTile(packageId: string, layerId: string, z: number, x: number, y: number): Promise<Uint8Array | null> {
  return readTile(getDb(), packageId, layerId, z, x, y, tileCache);
}

/**
 * Bytes of a package chunk by its path (an attachment the user saves), or null when the
 * package or path is unknown. Not a hook: read once, when the user asks for the file.
 */
export function readAppChunk(packageId: string, path: string): Promise<Uint8Array | null> {
  return readChunkBytes(getDb(), packageId, path);
}

export { requestPersistentStorage } from './repositories';
