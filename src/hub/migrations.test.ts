// Migration 002 on a hub that already has packages (each backend): the chunks every stored
// version lists are filled in from the manifests, so the first collection after the upgrade
// keeps them, and only versions past the retention are retired.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJsonBytes } from '../shared/canonicalJson';
import type { HubDb } from './db';
import { defaultMigrationsDir, migrate, openHubDb } from './db';
import { openChunkStore } from './chunkStore';
import { createRetention } from './services/retention';
import { availableBackends, makeKeyPair, makeRkp, tempDir, testDatabase } from '../../tests/helpers/hub';

describe.each(availableBackends())('migration 002 on $name', (backend) => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let database: ReturnType<typeof testDatabase>;
  let db: HubDb;
  let only001: string;

  beforeAll(async () => {
    dir = await tempDir();
    database = testDatabase(backend, dir.path);
    only001 = await mkdtemp(join(tmpdir(), 'hub-migrations-001-'));
    await cp(join(defaultMigrationsDir(), '001_initial.sql'), join(only001, '001_initial.sql'));
    db =
      backend.name === 'postgres'
        ? await openHubDb({ dataDir: dir.path, databaseUrl: backend.databaseUrl, schema: database.schema, migrate: false })
        : await openHubDb({ dataDir: dir.path, migrate: false });
    await migrate(db, only001);
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
    await dir?.cleanup();
    await rm(only001, { recursive: true, force: true });
  });

  it('lists the chunks of every version already stored, so collecting keeps them', async () => {
    const key = await makeKeyPair();
    const versions = await Promise.all([1, 2, 3, 4].map((version) => makeRkp({ key: key.privateKey, packageId: 'test.old', version })));
    // what a version-1 hub wrote for four publishes
    await db.query("INSERT INTO packages (package_id, title, current_version) VALUES ('test.old', 'Oud', 4)");
    for (const v of versions) {
      await db.query("INSERT INTO package_versions (package_id, version, manifest_sha256, manifest, published_by, published_at) VALUES ('test.old', $1, $2, $3, 'Anna', now())", [
        v.manifest.version,
        v.manifestSha256,
        Buffer.from(canonicalJsonBytes(v.manifest)),
      ]);
      for (const c of v.manifest.chunks) await db.query('INSERT INTO chunks (sha256, size) VALUES ($1, $2) ON CONFLICT DO NOTHING', [c.sha256, c.size]);
    }

    expect(await migrate(db)).toEqual(['002_retention_limits_refusals.sql', '003_devices_sync_audit_chain.sql']);

    for (const v of versions) {
      const listed = await db.query<{ sha256: string }>("SELECT sha256 FROM version_chunks WHERE package_id = 'test.old' AND version = $1 ORDER BY sha256", [v.manifest.version]);
      expect(listed.map((r) => r.sha256)).toEqual([...new Set(v.manifest.chunks.map((c) => c.sha256))].sort());
    }
    const collected = await createRetention({ db, chunks: await openChunkStore(dir.path), now: () => new Date() }).collect();
    expect(collected.retired).toEqual([{ packageId: 'test.old', version: 1 }]);
    const v1Own = versions[0]?.manifest.chunks.filter((c) => !versions.slice(1).some((v) => v.manifest.chunks.some((o) => o.sha256 === c.sha256))) ?? [];
    expect(collected.chunks).toBe(v1Own.length);
    for (const v of versions.slice(1)) {
      for (const c of v.manifest.chunks) expect(await db.query('SELECT 1 FROM chunks WHERE sha256 = $1', [c.sha256]), c.path).toHaveLength(1);
    }
  });
});
