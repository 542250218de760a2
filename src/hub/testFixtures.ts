// Test helpers for the hub (imported only by src/hub/*.test.ts): the database backends to run
// against (PGlite always; PostgreSQL when DATABASE_URL is set, required in CI), a throwaway
// database per test file, and small builders for signed .rkp packages (good and broken ones).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { canonicalJsonBytes } from '../shared/canonicalJson';
import { sha256Hex } from '../shared/hash';
import type { PrivateKeyFile, PublicKeyFile } from '../shared/keys';
import { generateKeyPair } from '../shared/keys';
import type { ChunkRef, Manifest } from '../shared/packageFormat';
import { writeRkp } from '../shared/rkp';
import { signDocument } from '../shared/signing';
import { encodeTarEnd, encodeTarHeader, paddingFor } from '../shared/tar';
import type { HubDb } from './db';
import { openHubDb } from './db';

export type Backend = { name: 'pglite' | 'postgres'; databaseUrl?: string };

/** PGlite always; PostgreSQL when DATABASE_URL is set. In CI a missing DATABASE_URL is an error. */
export function availableBackends(): Backend[] {
  const url = process.env.DATABASE_URL?.trim();
  if (!url && process.env.CI === 'true') {
    throw new Error('CI=true but DATABASE_URL is not set: the hub tests must also run against PostgreSQL in CI (.ci/run starts one)');
  }
  return url ? [{ name: 'pglite' }, { name: 'postgres', databaseUrl: url }] : [{ name: 'pglite' }];
}

/** A temporary folder, removed by cleanup. */
export async function tempDir(prefix = 'raadskaart-hub-'): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/**
 * A database for one test file: PGlite in dataDir, or a fresh schema hub_test_<random> on
 * PostgreSQL. `reopen` opens the same database again (restart tests); `drop` removes a
 * PostgreSQL schema (call after closing).
 */
export function testDatabase(backend: Backend, dataDir: string) {
  const schema = `hub_test_${randomBytes(6).toString('hex')}`;
  const open = (): Promise<HubDb> =>
    backend.name === 'postgres' ? openHubDb({ dataDir, databaseUrl: backend.databaseUrl, schema }) : openHubDb({ dataDir });
  const drop = async (): Promise<void> => {
    if (backend.name !== 'postgres') return;
    const client = new pg.Client({ connectionString: backend.databaseUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  };
  return { schema, open, drop };
}

export type KeyPair = { privateKey: PrivateKeyFile; publicKey: PublicKeyFile };

export function makeKeyPair(): Promise<KeyPair> {
  return generateKeyPair();
}

export type ChunkInput = { path: string; bytes: Uint8Array; mediaType?: string };

export type MadePackage = { rkp: Uint8Array; manifest: Manifest; manifestBytes: Uint8Array; manifestSha256: string; chunks: ChunkInput[] };

const text = (s: string) => new TextEncoder().encode(s);

/** A small valid content index, so the manifest has its index.json. */
function indexChunk(packageId: string, version: number): ChunkInput {
  return { path: 'index.json', bytes: text(JSON.stringify({ meetings: [], layers: [], scenarios: [], indicators: [], packageId, version })), mediaType: 'application/json' };
}

/**
 * A signed .rkp: index.json plus the given chunks (default one briefing), signed by `key`
 * (or unsigned when key is null). `alter` changes the manifest after signing (bad signature).
 */
export async function makeRkp(options: {
  key: PrivateKeyFile | null;
  packageId?: string;
  version?: number;
  chunks?: ChunkInput[];
  expires?: string;
  created?: string;
  alter?: (m: Manifest) => Manifest;
}): Promise<MadePackage> {
  const packageId = options.packageId ?? 'test.delfshaven';
  const version = options.version ?? 1;
  const chunks = [indexChunk(packageId, version), ...(options.chunks ?? [{ path: 'briefings/item-1.md', bytes: text(`# Briefing v${version}\n`), mediaType: 'text/markdown' }])];
  const refs: ChunkRef[] = [];
  for (const c of chunks) refs.push({ path: c.path, sha256: await sha256Hex(c.bytes), size: c.bytes.length, mediaType: c.mediaType ?? 'application/octet-stream' });
  let manifest: Manifest = {
    formatVersion: 1,
    packageId,
    version,
    title: `Test package ${packageId}`,
    municipality: { statcode: 'GM0599', name: 'Rotterdam' },
    demo: false,
    created: options.created ?? '2026-11-01T00:00:00.000Z',
    expires: options.expires ?? '2027-11-01T00:00:00.000Z',
    chunks: refs,
    signatures: [],
  };
  if (options.key) manifest = await signDocument(manifest, options.key);
  if (options.alter) manifest = options.alter(manifest);
  const manifestBytes = canonicalJsonBytes(manifest);
  const bySha = new Map(refs.map((r, i) => [r.sha256, chunks[i]?.bytes ?? new Uint8Array()]));
  const rkp = await writeRkp(manifestBytes, (ref) => bySha.get(ref.sha256) ?? new Uint8Array(), manifest);
  return { rkp, manifest, manifestBytes, manifestSha256: await sha256Hex(manifestBytes), chunks };
}

/** A .rkp whose entries are given as-is (no checks): for packages the hub must refuse. */
export function packRawRkp(entries: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) parts.push(encodeTarHeader({ name: e.name, size: e.bytes.length }), e.bytes, new Uint8Array(paddingFor(e.bytes.length)));
  parts.push(encodeTarEnd());
  return new Uint8Array(gzipSync(Buffer.concat(parts)));
}
