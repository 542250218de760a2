// Test helpers for the hub (imported only by src/hub/*.test.ts): the database backends to run
// against (PGlite always; PostgreSQL when DATABASE_URL is set, required in CI), a throwaway
// database per test file, and small builders for signed .rkp packages (good and broken ones).
// Packages carry valid content (tests/helpers/packageIndex.ts's defaultIndex and the chunks it
// names), so the hub's content check accepts them; their index.json names the package id and
// version, so no two packages share an index chunk.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import type { PrivateKeyFile, PublicKeyFile } from '../../src/shared/keys';
import { generateKeyPair } from '../../src/shared/keys';
import { defaultIndex } from './packageIndex';
import { buildPackage, rkpOf } from './packages';
import type { Manifest, PackageIndex } from '../../src/shared/packageFormat';
import { encodeTarEnd, encodeTarHeader, paddingFor } from '../../src/shared/tar';
import type { HubDb } from '../../src/hub/db';
import { openHubDb } from '../../src/hub/db';

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
  const open = (): Promise<HubDb> => (backend.name === 'postgres' ? openHubDb({ dataDir, databaseUrl: backend.databaseUrl, schema }) : openHubDb({ dataDir }));
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

/**
 * A signed .rkp for hub tests (buildPackage + rkpOf, tests/helpers/packages.ts): valid content
 * whose meeting title names the package id and version (so every version's index differs),
 * plus the given chunks (default one briefing of this version, `briefings/item-1.md`), signed by
 * `key` (or unsigned when key is null). `index` replaces the default index (its paths must stay
 * those of the content chunks or the given ones). `alter` changes the manifest after signing.
 */
export async function makeRkp(options: {
  key: PrivateKeyFile | null;
  packageId?: string;
  version?: number;
  chunks?: ChunkInput[];
  index?: PackageIndex;
  /** Bytes of the index's layer chunk, layers/buildings.geojson (default: two valid buildings). */
  layerBytes?: Uint8Array;
  expires?: string;
  created?: string;
  alter?: (m: Manifest) => Manifest;
}): Promise<MadePackage> {
  const packageId = options.packageId ?? 'test.delfshaven';
  const version = options.version ?? 1;
  const index = options.index ?? defaultIndex();
  const named: PackageIndex = { ...index, meetings: index.meetings.map((m, i) => (i === 0 ? { ...m, title: `${m.title} (${packageId} v${version})` } : m)) };
  const extra = options.chunks ?? [{ path: 'briefings/item-1.md', bytes: text(`# Briefing ${packageId} v${version}\n`) }];
  const pkg = await buildPackage({
    packageId,
    version,
    title: `Test package ${packageId}`,
    index: named,
    files: { ...(options.layerBytes ? { 'layers/buildings.geojson': options.layerBytes } : {}), ...Object.fromEntries(extra.map((c) => [c.path, c.bytes])) },
    signers: options.key ? [options.key] : [],
    ...(options.created ? { created: options.created } : {}),
    ...(options.expires ? { expires: options.expires } : {}),
    ...(options.alter ? { alter: options.alter } : {}),
  });
  const chunks = pkg.manifest.chunks.map((ref) => ({ path: ref.path, bytes: pkg.files.get(ref.path) ?? new Uint8Array(), mediaType: ref.mediaType }));
  return { rkp: await rkpOf(pkg), manifest: pkg.manifest, manifestBytes: pkg.manifestBytes, manifestSha256: pkg.manifestSha256, chunks };
}

/** A .rkp whose entries are given as-is (no checks): for packages the hub must refuse. */
export function packRawRkp(entries: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) parts.push(encodeTarHeader({ name: e.name, size: e.bytes.length }), e.bytes, new Uint8Array(paddingFor(e.bytes.length)));
  parts.push(encodeTarEnd());
  return new Uint8Array(gzipSync(Buffer.concat(parts)));
}

/** Media type of a .rkp upload. */
export const RKP = 'application/vnd.raadskaart.rkp';

/** Polls `check` every 50 ms until it holds; fails after `ms`. */
export async function waitFor(what: string, check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** A raw HTTP/1.1 publish whose body is written by the test (so it can stop half-way). */
export function openUpload(base: string, token: string, declaredLength: number): Promise<{ socket: Socket; response: Promise<string> }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(
        `POST /v1/packages HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\n` + `Content-Type: ${RKP}\r\nContent-Length: ${declaredLength}\r\n\r\n`,
      );
      const parts: Buffer[] = [];
      // answered when a whole response arrived (the connection may stay open) or the socket closed
      const response = new Promise<string>((done) => {
        const text = () => Buffer.concat(parts).toString('utf8');
        socket.on('data', (d: Buffer) => {
          parts.push(d);
          const all = text();
          const end = all.indexOf('\r\n\r\n');
          const length = /\r\ncontent-length: *(\d+)/i.exec(all.slice(0, end))?.[1];
          if (end >= 0 && length !== undefined && Buffer.byteLength(all.slice(end + 4)) >= Number(length)) done(all);
        });
        socket.once('close', () => done(text()));
      });
      resolve({ socket, response });
    });
    socket.once('error', reject);
  });
}

/** The status line's code and the JSON body of a raw HTTP/1.1 response (openUpload's). */
export function rawResponse(text: string): { status: number; body: unknown; headers: string } {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  const bodyText = rest.join('\r\n\r\n');
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = bodyText;
  }
  return { status, body, headers: head };
}
