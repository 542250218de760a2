// The client-side rejection matrix of package installs (issue 3, item 5): every case is
// refused with its typed error, leaves the installed version exactly as it was, installs
// nothing half, and whatever it staged never reaches the active tables.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExpiredError, FetchError, IntegrityError, MixAndMatchError, RollbackError, SignatureError, UnknownKeyError, ValidationError } from '../../../shared/errors';
import { generateKeyPair } from '../../../shared/keys';
import { sha256Hex } from '../../../shared/hash';
import { openDatabase } from '../db';
import type { RaadskaartDb } from '../db';
import { httpPackageSource } from '../../updates/httpSource';
import { installPackage } from './installPackage';
import { buildingsGeoJson, chunkKeysOf, defaultIndex, logicalState, makePackage, memorySource, trustTestPublisher, unpinnedChunkKeys } from '../../../../tests/helpers/dexie';
import type { TestPackage } from '../../../../tests/helpers/dexie';

const clock = () => new Date('2026-12-01T12:00:00Z');
const text = (s: string) => new TextEncoder().encode(s);

let db: RaadskaartDb;
let v1: TestPackage;
let before: Awaited<ReturnType<typeof logicalState>>;
let counter = 0;

beforeEach(async () => {
  db = openDatabase(`matrix-${Date.now()}-${counter++}`, { indexedDB, IDBKeyRange });
  await trustTestPublisher(db);
  v1 = await makePackage();
  await installPackage(db, memorySource(v1), { now: clock });
  before = await logicalState(db);
});
afterEach(async () => {
  await db.delete();
});

/** The installed version is exactly v1: rows, package record, and the active chunk set. */
async function expectIntact(): Promise<void> {
  expect(await logicalState(db)).toEqual(before);
  // Chunks verified before the failure may be stored, pinned for the retry; nothing else is.
  expect(await unpinnedChunkKeys(db)).toEqual(chunkKeysOf(v1));
}

/** v2 with a new briefing and a new extra chunk, so it has something to download. */
function makeV2(spec: Parameters<typeof makePackage>[0] = {}): Promise<TestPackage> {
  return makePackage({ version: 2, ...spec, files: { 'briefings/herinrichting.md': '# Versie 2\n', 'extra/bijlage.md': 'Bijlage', ...spec.files } });
}

/** Bytes with the byte at `index` XOR 1. */
function flip(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ 1;
  return copy;
}

function indexOfText(bytes: Uint8Array, needle: string): number {
  const at = new TextDecoder().decode(bytes).indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not found`);
  // The manifests here are ASCII up to the needle, so characters are bytes.
  return at;
}

describe('rejection matrix (client)', () => {
  it('rejects a manifest with a flipped byte in its signed content before fetching chunks', async () => {
    const v2 = await makeV2({ title: 'Delfshaven versie twee' });
    const source = memorySource(v2, { manifestBytes: flip(v2.manifestBytes, indexOfText(v2.manifestBytes, 'versie twee')) });

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(SignatureError);
    await expect(failure).rejects.toThrow(/does not match the signed content/);
    expect(source.chunkCalls).toEqual([]);
    await expectIntact();
  });

  it('rejects a manifest with a flipped byte in its signature', async () => {
    const v2 = await makeV2();
    const source = memorySource(v2, { manifestBytes: flip(v2.manifestBytes, indexOfText(v2.manifestBytes, '"sig":"') + 17) });

    await expect(installPackage(db, source, { now: clock })).rejects.toMatchObject({ code: 'signature' });
    expect(source.chunkCalls).toEqual([]);
    await expectIntact();
  });

  it('rejects a chunk with a flipped byte, naming its path', async () => {
    const v2 = await makeV2();
    const source = memorySource(v2, { tamper: (ref, bytes) => (ref.path === 'extra/bijlage.md' ? flip(bytes, 0) : bytes) });

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(IntegrityError);
    await expect(failure).rejects.toMatchObject({ location: { path: 'extra/bijlage.md' } });
    await expectIntact();
  });

  it('rejects a manifest signed only by a key that is not pinned', async () => {
    const stranger = await generateKeyPair();
    const source = memorySource(await makeV2({ keys: [stranger] }));

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(UnknownKeyError);
    await expect(failure).rejects.toThrow(/signed only by unknown key\(s\) [0-9a-f]{16}/);
    expect(source.chunkCalls).toEqual([]);
    await expectIntact();
  });

  it('rejects an unsigned manifest', async () => {
    const source = memorySource(await makeV2({ keys: [] }));

    await expect(installPackage(db, source, { now: clock })).rejects.toThrow(/not signed; no trusted publisher key signed it/);
    await expectIntact();
  });

  it('rejects a lower version than the installed one (rollback)', async () => {
    const v2 = await makeV2();
    await installPackage(db, memorySource(v2), { now: clock });
    v1 = v2;
    before = await logicalState(db);
    const old = memorySource(await makePackage({ version: 1 }));

    await expect(installPackage(db, old, { now: clock })).rejects.toBeInstanceOf(RollbackError);
    expect(old.chunkCalls).toEqual([]);
    await expectIntact();
  });

  it('rejects an expired manifest by the injected clock (freeze)', async () => {
    const source = memorySource(await makeV2({ expires: '2026-12-01T11:59:59.000Z' }));

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(ExpiredError);
    await expect(failure).rejects.toMatchObject({ expires: '2026-12-01T11:59:59.000Z' });
    expect(source.chunkCalls).toEqual([]);
    await expectIntact();
  });

  it('rejects a manifest whose sha256 differs from the one the signed catalog lists (mix-and-match)', async () => {
    const listed = await makeV2();
    const served = await makePackage({ version: 3, files: { 'extra/bijlage.md': 'Andere bijlage' } });
    const source = memorySource(served);

    const failure = installPackage(db, source, { now: clock, expectedSha256: await sha256Hex(listed.manifestBytes) });

    await expect(failure).rejects.toBeInstanceOf(MixAndMatchError);
    expect(source.chunkCalls).toEqual([]);
    await expectIntact();
  });

  it('rejects a chunk longer than declared', async () => {
    const source = memorySource(await makeV2(), { tamper: (ref, bytes) => (ref.path === 'extra/bijlage.md' ? new Uint8Array([...bytes, 0x20]) : bytes) });

    await expect(installPackage(db, source, { now: clock })).rejects.toThrow(/extra\/bijlage\.md: 8 bytes received, the manifest declares 7/);
    await expectIntact();
  });

  it('stops reading an HTTP chunk as soon as it passes the declared length', async () => {
    const v2 = await makeV2();
    let pulled = 0;
    const fetchImpl = (input: RequestInfo | URL): Promise<Response> => {
      const url = String(input);
      if (url.endsWith('/manifest.json')) return Promise.resolve(new Response(v2.manifestBytes.slice()));
      // An endless body of 1 KiB pieces.
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1;
          controller.enqueue(new Uint8Array(1024).fill(0x61));
        },
      });
      return Promise.resolve(new Response(body));
    };

    await expect(installPackage(db, httpPackageSource('https://hub.example/p', fetchImpl as typeof fetch), { now: clock })).rejects.toThrow(
      /sends more than the \d+ bytes the manifest declares/,
    );
    // The largest v2 chunk is under 1 KiB: one piece (plus what the stream queued ahead) is enough.
    expect(pulled).toBeLessThanOrEqual(3);
    await expectIntact();
  });

  it('rejects a truncated chunk', async () => {
    const source = memorySource(await makeV2(), { tamper: (ref, bytes) => (ref.path === 'extra/bijlage.md' ? bytes.slice(0, 3) : bytes) });

    await expect(installPackage(db, source, { now: clock })).rejects.toThrow(/extra\/bijlage\.md: 3 bytes received, the manifest declares 7/);
    await expectIntact();
  });

  it('reports a download that breaks off mid-body as a fetch failure and keeps what was staged out of the active tables', async () => {
    const v2 = await makeV2();
    const bySha = new Map(v2.manifest.chunks.map((c) => [c.sha256, v2.files.get(c.path) ?? new Uint8Array()]));
    const fetchImpl = (input: RequestInfo | URL): Promise<Response> => {
      const url = String(input);
      if (url.endsWith('/manifest.json')) return Promise.resolve(new Response(v2.manifestBytes.slice()));
      const sha = url.slice(url.lastIndexOf('/') + 1);
      const bytes = bySha.get(sha) ?? new Uint8Array();
      if (v2.manifest.chunks.find((c) => c.sha256 === sha)?.path !== 'extra/bijlage.md') return Promise.resolve(new Response(bytes.slice()));
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) controller.error(new Error('socket hang up'));
          else controller.enqueue(bytes.slice(0, 3));
          sent = true;
        },
      });
      return Promise.resolve(new Response(body));
    };

    const failure = installPackage(db, httpPackageSource('https://hub.example/p', fetchImpl as typeof fetch), { now: clock });

    await expect(failure).rejects.toBeInstanceOf(FetchError);
    await expect(failure).rejects.toThrow(/the connection broke off \(socket hang up\)/);
    expect(await db.stagedChunks.count()).toBe(1);
    await expectIntact();
  });

  it('rejects malformed manifest JSON', async () => {
    const source = memorySource(await makeV2(), { manifestBytes: text('{"formatVersion":1,"packageId":') });

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toThrow(/^manifest\.json: malformed JSON/);
    await expectIntact();
  });

  it('rejects a signed package whose index.json is malformed JSON, naming the file', async () => {
    const source = memorySource(await makeV2({ files: { 'index.json': '{"meetings":[' } }));

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toThrow(/^index\.json: not valid JSON/);
    await expect(failure).rejects.toMatchObject({ location: { file: 'index.json' } });
    await expectIntact();
    expect(await db.stagedChunks.count()).toBe(0);
  });

  it('rejects invalid GeoJSON in a layer chunk, naming the file and the feature index', async () => {
    const layer = JSON.parse(buildingsGeoJson(3)) as { features: { geometry: { coordinates: number[][][] } }[] };
    // Feature 1: the ring is not closed.
    layer.features[1]?.geometry.coordinates[0]?.pop();
    layer.features[1]?.geometry.coordinates[0]?.push([4.5, 51.9]);
    const source = memorySource(await makeV2({ files: { 'layers/buildings.geojson': JSON.stringify(layer) } }));

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toThrow('layers/buildings.geojson: $.features.1.geometry: feature 1: a polygon ring is not closed');
    await expect(failure).rejects.toMatchObject({ location: { file: 'layers/buildings.geojson', featureIndex: 1, path: '$.features.1.geometry' } });
    await expectIntact();
  });

  it.each([
    ['a position that is not numbers', { type: 'Point', coordinates: ['4.4', '51.9'] }, 'a position must be 2 or more finite numbers'],
    ['a line of one position', { type: 'LineString', coordinates: [[4.4, 51.9]] }, 'an array at depth 1 needs at least 2 items, has 1'],
    ['an unknown geometry type', { type: 'Circle', coordinates: [4.4, 51.9] }, '"Circle" is not a GeoJSON geometry type'],
  ])('rejects a layer feature with %s', async (_what, geometry, message) => {
    const layer = { type: 'FeatureCollection', features: [JSON.parse(buildingsGeoJson(1)).features[0], { type: 'Feature', properties: {}, geometry }] };
    const source = memorySource(await makeV2({ files: { 'layers/buildings.geojson': JSON.stringify(layer) } }));

    await expect(installPackage(db, source, { now: clock })).rejects.toThrow(`layers/buildings.geojson: $.features.1.geometry: feature 1: ${message}`);
    await expectIntact();
  });

  it('rejects an additive indicator whose scenario value disagrees with its contributions, naming the scenario', async () => {
    const index = defaultIndex();
    Object.assign(index.indicators[0] ?? {}, {
      additive: true,
      values: { 's-park': 950, 's-housing': 150 },
      contributions: { 's-park': { 'i-park': 800 }, 's-housing': { 'i-trees': 50 } },
    });
    const source = memorySource(await makeV2({ index }));

    const failure = installPackage(db, source, { now: clock });

    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toThrow(
      'index.json: $.indicators.0.values.s-park: indicator "green", scenario "s-park": baseline 100 + contributions 800 is 900, but the value is 950',
    );
    await expectIntact();
  });
});
