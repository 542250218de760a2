// Result shapes the benchmark page returns to bench/run.ts (types only, shared by both sides).
import type { TrustedKey } from '../../src/shared/keys';

export type DemoRound = { installMs: number; rawMs: number };
export type DemoInstallResult = { rounds: DemoRound[]; bytes: number; chunkCount: number };

/** Where the app installer's time went in one install (ms, from timestamps around its callbacks). */
export type InstallPhases = {
  /** Start to the first progress call: fetch + verify the manifest, look up stored/staged chunks. */
  manifest: number;
  /** Every chunk: fetch (from memory), size + SHA-256 check, content check of the index and each layer, written with its pin in 8 MiB batches (writes in flight while the next chunks are checked). */
  stageLoop: number;
  /** onInstalling to the switch transaction: layers stored before this attempt read back and checked (none on a fresh install). */
  validate: number;
  /** The switch transaction: check every chunk is stored, drop the pins, content rows, package row. */
  switchTx: number;
  /** collectUnreferencedChunks after the switch. */
  collect: number;
  /** Time not covered by the phases above. */
  other: number;
};

/**
 * The installers compared: `app` the app's installer (installPackage); `before` the installer as
 * it was before its content checks moved off the write path (bench/page/installBefore.ts).
 */
export type InstallVariant = 'app' | 'before';

export type LargeRound = {
  installs: Record<InstallVariant, { ms: number; phases: InstallPhases }>;
  rawMs: number;
};

export type LargeInstallResult = {
  bytes: number;
  chunkCount: number;
  layerCount: number;
  featureCount: number;
  rounds: LargeRound[];
  /** The same work done alone, from memory, in the same page (medians of 3), to split the phases. */
  micro: {
    verifyManifestMs: number;
    /** SHA-256 of every chunk, one after another, as the installer does. */
    sha256Ms: number;
    /** UTF-8 decode + JSON.parse of every layer. */
    parseMs: number;
    /** The full GeoJSON structure check (checkParsedFeatureCollection in src/shared/content/geojson.ts) on parsed layers. */
    checkMs: number;
    /** The one-pass scan that proves a layer valid without parsing it (isSurelyValidFeatureCollection), on every layer. */
    scanMs: number;
    /** Reading every chunk back from IndexedDB (get per chunk, as the installer did before writing each chunk once). */
    readBackMs: number;
    /** One put per chunk, one transaction each (as staging did before 8 MiB batches), into an empty table. */
    putEachMs: number;
  };
};

export type LargeInstallInput = { base: string; trusted: TrustedKey[]; rounds: number };

export type RecordedRequest = { url: string; status: number; contentLength: number | undefined };
export type UpdateOutcome = { installed: string[]; upToDate: string[]; failed: string[]; requests: RecordedRequest[]; ms: number };

/** One note saved with the app's saveRecord, a raw put of its body, and the save with strict durability (ms). */
export type NoteSaveRound = { saveMs: number; rawMs: number; strictMs: number };
export type NoteSaveResult = { samples: NoteSaveRound[] };
