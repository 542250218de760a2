// Read access to the renderer database as plain async functions of `db`, so hooks, the updates
// worker and tests share one query per question. Reads never write (package content is written
// by install/installPackage.ts only, settings by settings.ts).
import type { FeatureCollection } from 'geojson';
import type { ChunkRef, Manifest } from '../../shared/packageFormat';
import type { TileIndex } from '../../shared/tileBundle';
import { findTile, parseTileIndex, sliceTile } from '../../shared/tileBundle';
import { rowsOfPackage } from './db';
import type { RaadskaartDb } from './db';
import type { AgendaItemRecord, IndicatorRecord, InterventionRecord, LayerRecord, MeetingRecord, PackageRecord, ScenarioRecord } from './types';

/** Installed packages sorted by title. */
export async function listPackages(db: RaadskaartDb): Promise<PackageRecord[]> {
  const packages = await db.packages.toArray();
  return packages.sort((a, b) => a.title.localeCompare(b.title, 'nl'));
}

/** The installed package, or null when it is not installed. */
export async function getPackage(db: RaadskaartDb, packageId: string): Promise<PackageRecord | null> {
  return (await db.packages.get(packageId)) ?? null;
}

/** Agenda numbers such as "2", "10", "7a", "7.1" in the order a clerk expects. */
export function compareAgendaNumbers(a: string, b: string): number {
  return a.localeCompare(b, 'nl', { numeric: true });
}

/** Meetings by date, each with its agenda items sorted by number. */
export async function listMeetings(db: RaadskaartDb, packageId: string): Promise<MeetingRecord[]> {
  const [meetings, items] = await Promise.all([rowsOfPackage(db.meetings, packageId).toArray(), rowsOfPackage(db.agendaItems, packageId).toArray()]);
  const byMeeting = new Map<string, AgendaItemRecord[]>();
  for (const item of items) {
    const list = byMeeting.get(item.meetingId);
    if (list) list.push(item);
    else byMeeting.set(item.meetingId, [item]);
  }
  return meetings
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order))
    .map((meeting) => ({
      ...meeting,
      agendaItems: (byMeeting.get(meeting.id) ?? []).sort((a, b) => compareAgendaNumbers(a.number, b.number) || a.order - b.order),
    }));
}

/** One agenda item, or null when the package has none with that id. */
export async function getAgendaItem(db: RaadskaartDb, packageId: string, agendaItemId: string): Promise<AgendaItemRecord | null> {
  return (await db.agendaItems.get([packageId, agendaItemId])) ?? null;
}

/** Scenarios of an agenda item in package order. */
export function listScenarios(db: RaadskaartDb, packageId: string, agendaItemId: string): Promise<ScenarioRecord[]> {
  return db.scenarios.where('[packageId+agendaItemId]').equals([packageId, agendaItemId]).sortBy('order');
}

/** Interventions of a scenario in package order. */
export function listInterventions(db: RaadskaartDb, packageId: string, scenarioId: string): Promise<InterventionRecord[]> {
  return db.interventions.where('[packageId+scenarioId]').equals([packageId, scenarioId]).sortBy('order');
}

/** Indicators of a package in package order. */
export function listIndicators(db: RaadskaartDb, packageId: string): Promise<IndicatorRecord[]> {
  return rowsOfPackage(db.indicators, packageId).sortBy('order');
}

/** Map layers of a package in package order. */
export function listLayers(db: RaadskaartDb, packageId: string): Promise<LayerRecord[]> {
  return rowsOfPackage(db.layers, packageId).sortBy('order');
}

/** The manifest entry for a chunk path, if the manifest lists it. */
export function chunkRefForPath(manifest: Manifest, path: string): ChunkRef | undefined {
  return manifest.chunks.find((ref) => ref.path === path);
}

async function chunkShaForPath(db: RaadskaartDb, packageId: string, path: string): Promise<string | null> {
  const pkg = await db.packages.get(packageId);
  return (pkg && chunkRefForPath(pkg.manifest, path)?.sha256) ?? null;
}

/** Bytes of a package chunk by its logical path, or null when the package or path is unknown. */
export async function readChunkBytes(db: RaadskaartDb, packageId: string, path: string): Promise<Uint8Array | null> {
  const sha256 = await chunkShaForPath(db, packageId, path);
  if (sha256 === null) return null;
  return (await db.chunks.get(sha256))?.data ?? null;
}

/** A chunk decoded as UTF-8 (briefings), or null when the package or path is unknown. */
export async function readChunkText(db: RaadskaartDb, packageId: string, path: string): Promise<string | null> {
  const bytes = await readChunkBytes(db, packageId, path);
  return bytes === null ? null : new TextDecoder('utf-8').decode(bytes);
}

/**
 * Parsed GeoJSON per chunk sha256, so re-renders and live-query re-runs do not reparse a
 * layer of several MB. Content-addressed, so an entry never goes stale; bounded because
 * layers are large.
 */
export class GeoJsonCache {
  private readonly entries = new Map<string, FeatureCollection>();
  constructor(private readonly maxEntries = 8) {}
  get(sha256: string): FeatureCollection | undefined {
    const hit = this.entries.get(sha256);
    if (hit) {
      // Re-insert to mark as most recently used.
      this.entries.delete(sha256);
      this.entries.set(sha256, hit);
    }
    return hit;
  }
  set(sha256: string, value: FeatureCollection): void {
    this.entries.delete(sha256);
    this.entries.set(sha256, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
  get size(): number {
    return this.entries.size;
  }
}

/**
 * A layer's FeatureCollection (validated as one at install), or null when the package or
 * layer is unknown. The same sha256 returns the same object from `cache`.
 */
export async function readLayerGeoJson(db: RaadskaartDb, packageId: string, layerId: string, cache: GeoJsonCache): Promise<FeatureCollection | null> {
  const layer = await db.layers.get([packageId, layerId]);
  // A vector-tile layer has no GeoJSON: the map reads its tiles through readTile.
  if (!layer || layer.format === 'vector-tiles') return null;
  const sha256 = await chunkShaForPath(db, packageId, layer.path);
  if (sha256 === null) return null;
  const cached = cache.get(sha256);
  if (cached) return cached;
  const chunk = await db.chunks.get(sha256);
  if (!chunk) return null;
  const parsed = JSON.parse(new TextDecoder('utf-8').decode(chunk.data)) as FeatureCollection;
  cache.set(sha256, parsed);
  return parsed;
}

/**
 * Parsed tile indexes and recently read tile bundles of vector-tile layers, by chunk sha256
 * (content-addressed, so an entry never goes stale). A map view asks for dozens of tiles at
 * once, mostly from the same few bundles: each is read from IndexedDB once (concurrent asks
 * share the read) and kept, least recently used out first, while the bundles fit in
 * `maxBundleBytes` and the indexes in `maxIndexes`. A read that finds nothing is not kept.
 */
export class TileCache {
  private readonly indexes = new Map<string, Promise<TileIndex | null>>();
  private readonly bundles = new Map<string, Promise<Uint8Array | null>>();
  private readonly bundleSizes = new Map<string, number>();
  private bundleBytes = 0;
  constructor(
    private readonly maxIndexes = 16,
    private readonly maxBundleBytes = 32 * 1024 * 1024,
  ) {}

  index(sha256: string, load: () => Promise<TileIndex | null>): Promise<TileIndex | null> {
    return this.remember(this.indexes, sha256, load, () => {
      while (this.indexes.size > this.maxIndexes) {
        const oldest = this.indexes.keys().next();
        if (oldest.done) break;
        this.indexes.delete(oldest.value);
      }
    });
  }

  bundle(sha256: string, load: () => Promise<Uint8Array | null>): Promise<Uint8Array | null> {
    return this.remember(this.bundles, sha256, load, (bytes) => {
      this.bundleSizes.set(sha256, bytes.byteLength);
      this.bundleBytes += bytes.byteLength;
      for (const oldest of this.bundles.keys()) {
        if (this.bundleBytes <= this.maxBundleBytes || oldest === sha256) break;
        this.forgetBundle(oldest);
      }
    });
  }

  /** Bytes of the bundles held (a read in flight counts once it has arrived). */
  get heldBundleBytes(): number {
    return this.bundleBytes;
  }

  private remember<T>(map: Map<string, Promise<T | null>>, key: string, load: () => Promise<T | null>, arrived: (value: T) => void): Promise<T | null> {
    const hit = map.get(key);
    if (hit) {
      // Re-insert to mark as most recently used.
      map.delete(key);
      map.set(key, hit);
      return hit;
    }
    const drop = (): void => {
      if (map === this.bundles) this.forgetBundle(key);
      else map.delete(key);
    };
    const entry = load().then(
      (value) => {
        if (value === null) drop();
        else if (map.get(key) === entry) arrived(value);
        return value;
      },
      (error: unknown) => {
        drop();
        throw error;
      },
    );
    map.set(key, entry);
    return entry;
  }

  private forgetBundle(sha256: string): void {
    this.bundles.delete(sha256);
    this.bundleBytes -= this.bundleSizes.get(sha256) ?? 0;
    this.bundleSizes.delete(sha256);
  }
}

/**
 * The bytes of tile z/x/y of a vector-tile layer (an uncompressed Mapbox Vector Tile), or null
 * when the layer has no such tile (an empty tile) or the package or layer is unknown. Always a
 * fresh copy, so the caller may transfer its buffer. Reads without a transaction: if an update
 * collects a chunk between reading the manifest and the chunk, the answer is null and the map
 * asks again for the new version's tiles.
 */
export async function readTile(db: RaadskaartDb, packageId: string, layerId: string, z: number, x: number, y: number, cache: TileCache): Promise<Uint8Array | null> {
  const [layer, pkg] = await Promise.all([db.layers.get([packageId, layerId]), db.packages.get(packageId)]);
  if (!layer || !pkg || layer.format !== 'vector-tiles') return null;
  const indexRef = chunkRefForPath(pkg.manifest, layer.tileIndex);
  if (!indexRef) return null;
  const tileIndex = await cache.index(indexRef.sha256, async () => {
    const chunk = await db.chunks.get(indexRef.sha256);
    return chunk ? parseTileIndex(chunk.data, layer.tileIndex) : null;
  });
  const location = tileIndex && findTile(tileIndex, z, x, y);
  if (!location) return null;
  const bundlePath = layer.bundles[location.bundle];
  const bundleRef = bundlePath === undefined ? undefined : chunkRefForPath(pkg.manifest, bundlePath);
  if (!bundleRef) return null;
  const bundle = await cache.bundle(bundleRef.sha256, async () => (await db.chunks.get(bundleRef.sha256))?.data ?? null);
  return bundle === null ? null : sliceTile(bundle, location, bundleRef.path);
}

/**
 * Asks the browser not to evict the database under storage pressure (DESIGN.md "Storage").
 * Returns whether storage is persistent; false where the API is missing.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage as StorageManager | undefined;
  if (typeof storage?.persist !== 'function') return false;
  return storage.persist();
}
