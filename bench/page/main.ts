// Benchmark page (not part of the app), driven by bench/run.ts in Chromium with a persistent
// profile. It measures, in one page and alternating so machine noise hits both sides alike:
//  - the bundled demo package: the app's installer against a raw Dexie bulkPut of its bytes;
//  - a generated package with 100,000 features: the app's installer against a raw Dexie bulkPut
//    of the same bytes, twice: the app's installer, and the installer as it was before its
//    checks moved off the write path (installBefore.ts), with a breakdown of where the time goes;
//  - updates from a real hub (through this page's origin, which forwards /v1/*) with the app's
//    own update code, so run.ts can count the bytes an update downloads.
// Never used by the app; writes only to databases it creates and deletes (except the update
// database, which lives as long as the profile).
import { Dexie } from 'dexie';
import { collectUnreferencedChunks } from '../../src/renderer/data/install/collect';
import { installPackage } from '../../src/renderer/data/install/installPackage';
import { memoryPackageSource } from '../../src/renderer/data/install/packageSource';
import { checkParsedFeatureCollection } from '../../src/shared/content/geojson';
import { isSurelyValidFeatureCollection } from '../../src/shared/content/geojsonScan';
import { parseJsonBytes as parseJson } from '../../src/shared/content/json';
import type { PackageSource } from '../../src/renderer/data/install/packageSource';
import { openDatabase } from '../../src/renderer/data/db';
import type { RaadskaartDb } from '../../src/renderer/data/db';
import { addTrustedKey, trustOf } from '../../src/renderer/data/trust';
import { pinHubKey, updateFromHub } from '../../src/renderer/updates/updateFromHub';
import { sha256Hex } from '../../src/shared/hash';
import type { TrustedKey } from '../../src/shared/keys';
import { Manifest, PackageIndex, INDEX_PATH } from '../../src/shared/packageFormat';
import type { ChunkRef } from '../../src/shared/packageFormat';
import { verifyManifest } from '../../src/shared/verifyManifest';
import { newRecordId, saveRecord, signInAccount } from '../../src/renderer/data/syncStore';
import { installBefore } from './installBefore';
import type {
  NoteSaveResult,
  NoteSaveRound,
  DemoInstallResult,
  DemoRound,
  InstallPhases,
  InstallVariant,
  LargeInstallInput,
  LargeInstallResult,
  LargeRound,
  UpdateOutcome,
  RecordedRequest,
} from './types';

type Loaded = { manifestBytes: Uint8Array; manifest: Manifest; chunks: Map<string, Uint8Array> };

/** Strict UTF-8 decode + JSON.parse, as the installer does (its own function). */
const parseJsonBytes = (bytes: Uint8Array): unknown => parseJson(bytes, 'bench');

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A package folder (manifest.json + chunks/<sha256>) read into memory before any timing. */
async function loadPackage(base: string): Promise<Loaded> {
  const manifestBytes = await fetchBytes(`${base}/manifest.json`);
  const manifest = Manifest.parse(JSON.parse(new TextDecoder().decode(manifestBytes)));
  const chunks = new Map<string, Uint8Array>();
  for (const ref of manifest.chunks) if (!chunks.has(ref.sha256)) chunks.set(ref.sha256, await fetchBytes(`${base}/chunks/${ref.sha256}`));
  return { manifestBytes, manifest, chunks };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Opens a fresh app database before timing starts, so both sides start from an open database. */
async function freshAppDb(name: string): Promise<RaadskaartDb> {
  await Dexie.delete(name);
  const db = openDatabase(name);
  await db.open();
  return db;
}

/** The raw baseline: the same chunk bytes in one bulkPut, one transaction, into a fresh database. */
async function rawBulkPut(name: string, chunks: ReadonlyMap<string, Uint8Array>): Promise<number> {
  await Dexie.delete(name);
  const raw = new Dexie(name);
  raw.version(1).stores({ chunks: '&sha256' });
  await raw.open();
  const rows = [...chunks.entries()].map(([sha256, data]) => ({ sha256, size: data.byteLength, data }));
  const t0 = performance.now();
  await raw.transaction('rw', raw.table('chunks'), () => raw.table('chunks').bulkPut(rows));
  const ms = performance.now() - t0;
  raw.close();
  await Dexie.delete(name);
  return ms;
}

async function runDemoRounds(rounds: number): Promise<DemoInstallResult> {
  const { manifestBytes, chunks } = await loadPackage('/demo');
  const bytes = [...chunks.values()].reduce((n, c) => n + c.byteLength, 0);
  const result: DemoRound[] = [];
  for (let i = 0; i < rounds; i++) {
    const appDb = await freshAppDb(`bench-install-${i}`);
    const t0 = performance.now();
    await installPackage(appDb, memoryPackageSource(manifestBytes, chunks));
    const installMs = performance.now() - t0;
    appDb.close();
    await Dexie.delete(`bench-install-${i}`);
    const rawMs = await rawBulkPut(`bench-raw-${i}`, chunks);
    result.push({ installMs, rawMs });
  }
  return { rounds: result, bytes, chunkCount: chunks.size };
}

type TxSpan = { start: number; end: number };

/** Records when each explicit db.transaction(...) call starts and settles (the switch and the collect). */
function traceTransactions(db: RaadskaartDb): TxSpan[] {
  const spans: TxSpan[] = [];
  const target = db as unknown as { transaction: (...args: unknown[]) => Promise<unknown> };
  const original = target.transaction.bind(db);
  target.transaction = (...args: unknown[]) => {
    const span = { start: performance.now(), end: 0 };
    spans.push(span);
    return original(...args).finally(() => {
      span.end = performance.now();
    });
  };
  return spans;
}

/** The app's installer, timed, with the phases of InstallPhases from its callbacks. */
async function timedInstall(db: RaadskaartDb, loaded: Loaded, trusted: TrustedKey[], install: Installer): Promise<{ ms: number; phases: InstallPhases }> {
  const spans = traceTransactions(db);
  const inner = memoryPackageSource(loaded.manifestBytes, loaded.chunks);
  const source: PackageSource = { fetchManifest: () => inner.fetchManifest(), fetchChunk: (ref: ChunkRef) => inner.fetchChunk(ref) };
  let firstProgress = 0;
  let installing = 0;
  const t0 = performance.now();
  await install(db, source, {
    trusted,
    onProgress: () => {
      if (firstProgress === 0) firstProgress = performance.now();
    },
    onInstalling: () => {
      installing = performance.now();
    },
  });
  const end = performance.now();
  // The installer's last two explicit transactions are the switch and the collect.
  const switchSpan = spans[spans.length - 2];
  const collectSpan = spans[spans.length - 1];
  if (!switchSpan || !collectSpan) throw new Error(`bench install: expected 2 transactions, saw ${spans.length}`);
  const phases: InstallPhases = {
    manifest: firstProgress - t0,
    stageLoop: installing - firstProgress,
    validate: switchSpan.start - installing,
    switchTx: switchSpan.end - switchSpan.start,
    collect: collectSpan.end - collectSpan.start,
    other: 0,
  };
  const ms = end - t0;
  phases.other = ms - (phases.manifest + phases.stageLoop + phases.validate + phases.switchTx + phases.collect);
  return { ms, phases };
}

type Installer = (db: RaadskaartDb, source: PackageSource, opts: { trusted: TrustedKey[]; onProgress: () => void; onInstalling: () => void }) => Promise<unknown>;

/** The installers compared, each against the raw bulkPut of the same round. */
const VARIANTS: Record<InstallVariant, Installer> = {
  app: async (db, source, opts) => {
    const result = await installPackage(db, source, opts);
    if (result.kind !== 'installed') throw new Error(`bench install: ${result.kind}`);
  },
  before: installBefore,
};

async function timeMedian(times: number, fn: () => Promise<void> | void): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

/** The installer's steps done alone on the same bytes, to split its phases. */
async function micro(loaded: Loaded, trusted: TrustedKey[], layerPaths: Set<string>): Promise<LargeInstallResult['micro']> {
  const refs = [...new Map(loaded.manifest.chunks.map((r) => [r.sha256, r])).values()];
  const layers = refs.filter((r) => layerPaths.has(r.path));
  const bytesOf = (ref: ChunkRef) => loaded.chunks.get(ref.sha256) as Uint8Array;
  const verifyManifestMs = await timeMedian(3, async () => {
    await verifyManifest(loaded.manifestBytes, { trusted, now: new Date() });
  });
  const sha256Ms = await timeMedian(3, async () => {
    for (const ref of refs) await sha256Hex(bytesOf(ref));
  });
  const parseMs = await timeMedian(3, () => {
    for (const ref of layers) parseJsonBytes(bytesOf(ref));
  });
  const parsed = layers.map((ref) => [ref.path, parseJsonBytes(bytesOf(ref))] as const);
  const checkMs = await timeMedian(3, () => {
    for (const [path, value] of parsed) checkParsedFeatureCollection(path, value);
  });
  const scanMs = await timeMedian(3, () => {
    for (const ref of layers) if (!isSurelyValidFeatureCollection(bytesOf(ref))) throw new Error(`${ref.path}: the scan is not sure`);
  });

  // put-per-chunk (staging's pattern) and get-per-chunk (validation's read back), same table shape.
  const name = 'bench-micro';
  const putEach: number[] = [];
  const readBack: number[] = [];
  for (let i = 0; i < 3; i++) {
    await Dexie.delete(name);
    const db = new Dexie(name);
    db.version(1).stores({ chunks: '&sha256' });
    await db.open();
    const table = db.table('chunks');
    let t0 = performance.now();
    for (const ref of refs) await table.put({ sha256: ref.sha256, size: ref.size, data: bytesOf(ref) });
    putEach.push(performance.now() - t0);
    t0 = performance.now();
    for (const ref of refs) await table.get(ref.sha256);
    readBack.push(performance.now() - t0);
    db.close();
    await Dexie.delete(name);
  }
  return { verifyManifestMs, sha256Ms, parseMs, checkMs, scanMs, putEachMs: median(putEach), readBackMs: median(readBack) };
}

async function runLargeRounds(input: LargeInstallInput): Promise<LargeInstallResult> {
  const loaded = await loadPackage(input.base);
  const indexRef = loaded.manifest.chunks.find((r) => r.path === INDEX_PATH);
  if (!indexRef) throw new Error('generated package has no index.json');
  const index = PackageIndex.parse(parseJsonBytes(loaded.chunks.get(indexRef.sha256) as Uint8Array));
  const layerPaths = new Set(index.layers.flatMap((l) => (l.format === 'vector-tiles' ? [] : [l.path])));
  const bytes = [...loaded.chunks.values()].reduce((n, c) => n + c.byteLength, 0);

  const rounds: LargeRound[] = [];
  for (let i = 0; i < input.rounds; i++) {
    // Rotate the order each round, so a trend in machine load does not favour one side.
    const steps: (() => Promise<void>)[] = [];
    const round: Partial<LargeRound> = {};
    const installs: Partial<LargeRound['installs']> = {};
    round.installs = installs as LargeRound['installs'];
    for (const [variant, install] of Object.entries(VARIANTS) as [InstallVariant, Installer][]) {
      steps.push(async () => {
        const name = `bench-large-${variant}-${i}`;
        const db = await freshAppDb(name);
        installs[variant] = await timedInstall(db, loaded, input.trusted, install);
        await checkInstallResult(db, loaded, index.layers.length);
        db.close();
        await Dexie.delete(name);
      });
    }
    steps.push(async () => {
      round.rawMs = await rawBulkPut(`bench-large-raw-${i}`, loaded.chunks);
    });
    for (let k = 0; k < steps.length; k++) await (steps[(k + i) % steps.length] as () => Promise<void>)();
    rounds.push(round as LargeRound);
  }
  return {
    bytes,
    chunkCount: loaded.chunks.size,
    layerCount: index.layers.length,
    featureCount: index.layers.reduce((n, l) => n + l.featureCount, 0),
    rounds,
    micro: await micro(loaded, input.trusted, layerPaths),
  };
}

/** After the timed install (not timed): every chunk stored, the package and layer rows, no pins, nothing to collect. */
async function checkInstallResult(db: RaadskaartDb, loaded: Loaded, layerCount: number): Promise<void> {
  const active = await db.chunks.count();
  const pkg = await db.packages.get(loaded.manifest.packageId);
  const staged = await db.stagedChunks.count();
  const layers = await db.layers.count();
  if (active !== loaded.chunks.size || !pkg || staged !== 0 || layers !== layerCount || (await collectUnreferencedChunks(db)) !== 0) {
    throw new Error(`the install left ${active}/${loaded.chunks.size} chunks, package ${pkg ? 'present' : 'missing'}, ${layers} layers, ${staged} staged`);
  }
}

// --- updates from a real hub (through this origin) ---------------------------------------------

let updateDb: RaadskaartDb | undefined;
let updateToken: string | undefined;

async function updatePrepare({ publisherTrust, token }: { publisherTrust: TrustedKey; token: string }): Promise<string> {
  updateToken = token;
  await Dexie.delete('bench-update');
  updateDb = openDatabase('bench-update');
  await addTrustedKey(updateDb, publisherTrust);
  const hubKey = await pinHubKey(trustOf(updateDb), location.origin);
  return hubKey.keyid;
}

async function updateOnce(): Promise<UpdateOutcome> {
  if (!updateDb) throw new Error('call updatePrepare first');
  const requests: RecordedRequest[] = [];
  const countingFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await fetch(input, init);
    const length = response.headers.get('content-length');
    requests.push({ url: String(input), status: response.status, contentLength: length === null ? undefined : Number(length) });
    return response;
  }) as typeof fetch;
  const t0 = performance.now();
  const result = await updateFromHub({ db: updateDb, hubUrl: location.origin, fetchImpl: countingFetch, token: updateToken });
  const ms = performance.now() - t0;
  const name = (p: { packageId: string; version: number }) => `${p.packageId}@${p.version}`;
  return {
    installed: result.installed.map(name),
    upToDate: result.upToDate.map(name),
    failed: result.failed.map((f) => `${f.packageId}: ${f.code}: ${f.message}`),
    requests,
    ms,
  };
}

async function updateActiveChunks(): Promise<number> {
  if (!updateDb) throw new Error('call updatePrepare first');
  return updateDb.chunks.count();
}

/**
 * The time from saving a note (the app's saveRecord: record, outbox mutation and account in one
 * transaction) to its transaction's `complete`, against a raw Dexie put of the same body into a
 * bare table, one after the other per note; and the same save with strict durability.
 */
async function runNoteSaveBench(rounds: number): Promise<NoteSaveResult> {
  const me = { name: 'Bench raadslid', role: 'member' as const, partyGroup: 'Groen', device: { id: 1, label: 'bench' } };
  const app = openDatabase('bench-notes');
  const strict = openDatabase('bench-notes-strict', { chromeTransactionDurability: 'strict' });
  const raw = new Dexie('bench-notes-raw');
  raw.version(1).stores({ notes: 'id' });
  try {
    const account = await signInAccount(app, 'http://127.0.0.1', me);
    const strictAccount = await signInAccount(strict, 'http://127.0.0.1', me);
    const item = { packageId: 'nl.rotterdam.demo.delfshaven', meetingId: 'raad-2026-12', agendaItemId: 'herinrichting-delfshaven' };
    const samples: NoteSaveRound[] = [];
    for (let i = 0; i < rounds + 5; i++) {
      const body = {
        target: { kind: 'agendaItem', ...item },
        text: `Notitie ${i}: **vragen** over de bomen aan de Schiedamseweg, zie https://example.org/${i}`,
        visibility: 'private',
      };
      const id = newRecordId();
      let t = performance.now();
      await saveRecord(app, account.id, { kind: 'note', id, body });
      const saveMs = performance.now() - t;
      t = performance.now();
      await raw.table('notes').put({ id, body });
      const rawMs = performance.now() - t;
      t = performance.now();
      await saveRecord(strict, strictAccount.id, { kind: 'note', id, body });
      const strictMs = performance.now() - t;
      // The first few warm up the databases and the JIT.
      if (i >= 5) samples.push({ saveMs, rawMs, strictMs });
    }
    return { samples };
  } finally {
    app.close();
    strict.close();
    raw.close();
    await Promise.all([Dexie.delete('bench-notes'), Dexie.delete('bench-notes-strict'), Dexie.delete('bench-notes-raw')]);
  }
}

Object.assign(window, {
  runNoteSaveBench,
  runInstallBench: runDemoRounds,
  runLargeInstallBench: runLargeRounds,
  updatePrepare,
  updateOnce,
  updateActiveChunks,
});
