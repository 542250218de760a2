// The publish pipeline, without HTTP: read a .rkp stream; as soon as its manifest is read
// (before any chunk is inflated) verify it against the trusted publisher keys and require a
// higher version; pin its chunks (services/retention.ts); stream every chunk to the chunk
// store in bounded pieces, hashed with node:crypto on the way, never assembled in memory; run
// the shared content check (src/shared/content) on index.json and the layer chunks, read back
// from the store within MAX_CHECKED_CHUNK_BYTES; then record the version, the new current
// version, its chunks and the audit line in one transaction, and retire what is past the
// retention. Nothing is recorded unless every check passed; a failed publish removes the files
// it wrote that nobody records. Never trusts the hub's own key as a publisher key.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import { checkPackageContent } from '../../shared/content/packageContent';
import { RaadskaartError } from '../../shared/errors';
import type { TrustedKey } from '../../shared/keys';
import type { ChunkRef } from '../../shared/packageFormat';
import { checkableChunk, DEFAULT_MAX_RKP_BYTES, readRkpStream } from '../../shared/rkp';
import { verifyManifest } from '../../shared/verifyManifest';
import type { HubUser } from '../accounts';
import { listPublisherKeys } from '../accounts';
import { writeAudit } from '../audit';
import type { ChunkStore } from '../chunkStore';
import type { HubDb } from '../db';
import type { Retention } from './retention';

/** What the audit line of a publish says; filled in as the publish learns more. */
export type PublishAudit = { actor: string; object: string; origin: string };

export type PublishResult = { packageId: string; version: number; manifestSha256: string; chunks: number };

export type Publishing = {
  /** Publishes the .rkp `stream` as `user` (an advisor); throws a RaadskaartError saying why not. */
  publish(stream: ReadableStream<Uint8Array>, user: HubUser, audit: PublishAudit): Promise<PublishResult>;
};

export type PublishingDeps = {
  db: HubDb;
  chunks: ChunkStore;
  retention: Retention;
  now: () => Date;
  /** keyid of the hub's own key: never accepted as a publisher's signature. */
  hubKeyId: string;
  /** Largest decompressed .rkp content (default 1 GiB). */
  maxPackageBytes?: number;
  log: FastifyBaseLogger;
};

/** A publish whose version is not above the hub's current one (409). */
export function versionNotNewer(packageId: string, version: number, current: number): RaadskaartError {
  return new RaadskaartError(
    'version-not-newer',
    `${packageId} has version ${current} published on this hub; publish a version higher than ${current} (this package is version ${version})`,
  );
}

async function currentVersion(db: HubDb, packageId: string): Promise<number | undefined> {
  const rows = await db.query<{ current_version: number }>('SELECT current_version FROM packages WHERE package_id = $1', [packageId]);
  return rows[0]?.current_version;
}

export function createPublishing(deps: PublishingDeps): Publishing {
  const { db, chunks, retention, now } = deps;

  const trustedKeys = async (): Promise<TrustedKey[]> =>
    (await listPublisherKeys(db))
      .filter((r) => r.keyid !== deps.hubKeyId)
      .map((r) => ({ keyid: r.keyid, publicKey: r.publicKey, role: 'publisher', label: r.label, ...(r.packageIds ? { packageIds: r.packageIds } : {}) }));

  /** A chunk the content check needs, read back from the store (it was verified on the way in). */
  const readChecked = async (ref: ChunkRef): Promise<Uint8Array> => {
    checkableChunk(ref);
    return new Uint8Array(await readFile(chunks.pathOf(ref.sha256)));
  };

  return {
    async publish(stream, user, audit) {
      const publishId = randomUUID();
      let pinned: string[] = [];
      let manifestSha256 = '';
      let result: PublishResult;
      try {
        const { manifestBytes, manifest } = await readRkpStream(stream, {
          maxBytes: deps.maxPackageBytes ?? DEFAULT_MAX_RKP_BYTES,
          file: 'package file',
          // trust, signature, expiry and version before a single chunk is inflated: an upload
          // nobody trusted costs the hub its manifest, not up to maxPackageBytes of work
          verifyManifest: async (bytes, parsed) => {
            audit.object = `${parsed.packageId}@${parsed.version}`;
            const verified = await verifyManifest(bytes, { trusted: await trustedKeys(), now: now(), file: 'manifest.json' });
            const current = await currentVersion(db, parsed.packageId);
            if (current !== undefined && parsed.version <= current) throw versionNotNewer(parsed.packageId, parsed.version, current);
            manifestSha256 = verified.sha256;
            pinned = [...new Set(parsed.chunks.map((c) => c.sha256))];
            await retention.pin(publishId, pinned);
          },
          // each chunk goes to a temporary file as it is inflated, hashed on the way
          chunkSink: (ref) => chunks.writer(ref.sha256, ref.size),
        });

        // the content every client checks before it installs, with the same reasons
        await checkPackageContent(manifest, readChecked);

        const sizes = new Map(manifest.chunks.map((c) => [c.sha256, c.size]));
        const publishedAt = now();
        try {
          await db.transaction(async (tx) => {
            const rows = await tx.query<{ current_version: number }>('SELECT current_version FROM packages WHERE package_id = $1 FOR UPDATE', [manifest.packageId]);
            const latest = rows[0]?.current_version;
            if (latest !== undefined && manifest.version <= latest) throw versionNotNewer(manifest.packageId, manifest.version, latest);
            if (latest === undefined) {
              await tx.query('INSERT INTO packages (package_id, title, current_version) VALUES ($1, $2, $3)', [manifest.packageId, manifest.title, manifest.version]);
            }
            await tx.query(
              'INSERT INTO package_versions (package_id, version, manifest_sha256, manifest, published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz)',
              [manifest.packageId, manifest.version, manifestSha256, Buffer.from(manifestBytes), user.name, publishedAt.toISOString()],
            );
            if (latest !== undefined) {
              await tx.query('UPDATE packages SET current_version = $2, title = $3 WHERE package_id = $1', [manifest.packageId, manifest.version, manifest.title]);
            }
            await tx.query('INSERT INTO chunks (sha256, size) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT (sha256) DO NOTHING', [
              [...sizes.keys()],
              [...sizes.values()],
            ]);
            await tx.query('INSERT INTO version_chunks (package_id, version, sha256) SELECT $1, $2, unnest($3::text[])', [manifest.packageId, manifest.version, [...sizes.keys()]]);
            // the references above protect the chunks from now on
            await tx.query('DELETE FROM chunk_pins WHERE publish_id = $1', [publishId]);
            await writeAudit(tx, {
              at: publishedAt,
              actor: user.name,
              action: 'package.publish',
              object: audit.object,
              result: 'ok',
              origin: audit.origin,
              detail: `manifest sha256 ${manifestSha256}, ${sizes.size} chunks`,
            });
          });
        } catch (err) {
          // two first publishes of one package at once: the loser sees the other's row
          if ((err as { code?: string }).code === '23505') {
            throw new RaadskaartError('version-not-newer', `${manifest.packageId} version ${manifest.version} was published by someone else just now; publish a higher version`);
          }
          throw err;
        }
        result = { packageId: manifest.packageId, version: manifest.version, manifestSha256, chunks: sizes.size };
      } catch (err) {
        if (pinned.length > 0) {
          await retention.release(publishId, pinned).catch((releaseErr: unknown) => deps.log.error({ err: releaseErr }, 'could not remove the chunk files of a failed publish'));
        }
        throw err;
      }
      // published; retiring old versions is housekeeping and never undoes that
      await retention.collect().catch((err: unknown) => deps.log.error({ err }, 'could not retire old versions and collect their chunks'));
      return result;
    },
  };
}
