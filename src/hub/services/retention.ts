// Which versions and chunks the hub keeps: the last `keepVersions` versions of each package
// (default 3), and every chunk one of them lists. Older version rows are deleted, then the
// chunks no remaining version lists (rows and files). Safe against publishes running at the
// same time, in this process or in another hub process on the same database and folder:
//
// 1. A publish pins every chunk its manifest lists (chunk_pins) right after the manifest is
//    verified and BEFORE it looks at, writes or reuses any chunk file, in a transaction that
//    holds the chunk lock shared. Its recording transaction adds the version's chunk rows and
//    references and deletes its pins in one commit; a failed publish deletes its pins and the
//    files of its chunks nobody records or pins (`release`).
// 2. Collecting and `release` hold the chunk lock exclusively from deciding what is unused
//    until the files are gone, and never touch a pinned chunk. So a pin is either committed
//    before a collection decides (the chunk is kept), or waits until the collection is done
//    (the publish then finds the file gone and writes it again). A chunk a publish is about to
//    record is never deleted under it.
//
// Pins of a process that died are ignored after PIN_LIFETIME (longer than any publish may take:
// the request timeout is 30 minutes) and deleted by the next collection. Never deletes the
// current version of a package, never a chunk a retained version lists.
import type { FastifyBaseLogger } from 'fastify';
import { writeAudit } from '../audit';
import type { ChunkStore } from '../chunkStore';
import type { HubDb } from '../db';

/** Versions kept per package unless the hub is told otherwise (`--keep-versions`). */
export const DEFAULT_KEEP_VERSIONS = 3;
/** How long a pin protects a chunk when its publish never ends it (its process died). */
export const PIN_LIFETIME = '2 hours';
/** Advisory lock between pinning (shared) and collecting (exclusive); any constant unused elsewhere. */
const CHUNK_LOCK = 724_201_004;

export type Collected = { retired: { packageId: string; version: number }[]; chunks: number; bytes: number };

export type Retention = {
  readonly keepVersions: number;
  /** Pins chunks for a publish in progress; nothing collects them until it records or releases. */
  pin(publishId: string, sha256s: readonly string[]): Promise<void>;
  /**
   * Ends a failed publish: deletes its pins and the files of those of its chunks that no
   * committed version records and no other publish pins. Returns how many files it removed.
   */
  release(publishId: string, sha256s: readonly string[]): Promise<number>;
  /** Retires versions beyond keepVersions and deletes the chunks no retained version lists. */
  collect(): Promise<Collected>;
};

export function createRetention(deps: { db: HubDb; chunks: ChunkStore; now: () => Date; keepVersions?: number; log?: FastifyBaseLogger }): Retention {
  const { db, chunks, now } = deps;
  const keepVersions = deps.keepVersions ?? DEFAULT_KEEP_VERSIONS;
  if (!Number.isInteger(keepVersions) || keepVersions < 1) throw new RangeError(`keepVersions must be a whole number from 1, not ${keepVersions}`);

  return {
    keepVersions,

    async pin(publishId, sha256s) {
      await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [CHUNK_LOCK]);
        await tx.query('INSERT INTO chunk_pins (publish_id, sha256) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [publishId, [...sha256s]]);
      });
    },

    async release(publishId, sha256s) {
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [CHUNK_LOCK]);
        await tx.query('DELETE FROM chunk_pins WHERE publish_id = $1', [publishId]);
        const loose = await tx.query<{ sha256: string }>(
          `SELECT s.sha256 FROM unnest($1::text[]) AS s(sha256)
            WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.sha256 = s.sha256)
              AND NOT EXISTS (SELECT 1 FROM chunk_pins p WHERE p.sha256 = s.sha256 AND p.pinned_at > now() - $2::interval)`,
          [[...new Set(sha256s)], PIN_LIFETIME],
        );
        for (const { sha256 } of loose) await chunks.remove(sha256);
        return loose.length;
      });
    },

    async collect() {
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [CHUNK_LOCK]);
        const retired = await tx.query<{ package_id: string; version: number }>(
          `DELETE FROM package_versions pv
            USING (SELECT package_id, version, row_number() OVER (PARTITION BY package_id ORDER BY version DESC) AS rank FROM package_versions) ranked
            WHERE pv.package_id = ranked.package_id AND pv.version = ranked.version AND ranked.rank > $1
            RETURNING pv.package_id, pv.version`,
          [keepVersions],
        );
        await tx.query('DELETE FROM chunk_pins WHERE pinned_at <= now() - $1::interval', [PIN_LIFETIME]);
        const freed = await tx.query<{ sha256: string; size: string }>(
          `DELETE FROM chunks c
            WHERE NOT EXISTS (SELECT 1 FROM version_chunks v WHERE v.sha256 = c.sha256)
              AND NOT EXISTS (SELECT 1 FROM chunk_pins p WHERE p.sha256 = c.sha256)
            RETURNING c.sha256, c.size::text AS size`,
        );
        const at = now();
        for (const r of retired) {
          await writeAudit(tx, {
            at,
            actor: 'hub',
            action: 'package.retire',
            object: `${r.package_id}@${r.version}`,
            result: 'ok',
            origin: 'hub',
            detail: `the hub keeps the last ${keepVersions} version(s) of each package`,
          });
        }
        const bytes = freed.reduce((sum, f) => sum + Number(f.size), 0);
        if (freed.length > 0) {
          await writeAudit(tx, {
            at,
            actor: 'hub',
            action: 'chunks.collect',
            object: `${freed.length} chunk(s)`,
            result: 'ok',
            origin: 'hub',
            detail: `${bytes} bytes no retained version lists`,
          });
        }
        // still under the lock: no publish can pin one of these until their files are gone
        for (const { sha256 } of freed) await chunks.remove(sha256);
        if (retired.length > 0 || freed.length > 0)
          deps.log?.info({ retired: retired.length, chunks: freed.length, bytes }, `retired ${retired.length} version(s), removed ${freed.length} chunk(s)`);
        return { retired: retired.map((r) => ({ packageId: r.package_id, version: r.version })), chunks: freed.length, bytes };
      });
    },
  };
}
