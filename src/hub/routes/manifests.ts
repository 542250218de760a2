// GET /v1/packages/:id/manifest (the current version, revalidated every time) and
// GET /v1/packages/:id/versions/:version/manifest (one retained version, immutable): the exact
// signed bytes as published, with the manifest's sha256 as ETag. Needs a token unless publicRead.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authorizeRead } from '../context';
import type { HubContext } from '../context';
import { ifNoneMatchHits } from '../httpCaching';
import { httpError } from '../httpErrors';
import type { Params } from './params';
import { packageIdParam, versionParam } from './params';
import type { HubRoutes } from './types';

async function sendManifest(ctx: HubContext, request: FastifyRequest, reply: FastifyReply, packageId: string, version: number | undefined): Promise<FastifyReply> {
  await authorizeRead(ctx, request);
  const rows =
    version === undefined
      ? await ctx.db.query<{ manifest: Uint8Array; manifest_sha256: string }>(
          'SELECT v.manifest, v.manifest_sha256 FROM packages p JOIN package_versions v ON v.package_id = p.package_id AND v.version = p.current_version WHERE p.package_id = $1',
          [packageId],
        )
      : await ctx.db.query<{ manifest: Uint8Array; manifest_sha256: string }>('SELECT manifest, manifest_sha256 FROM package_versions WHERE package_id = $1 AND version = $2', [
          packageId,
          version,
        ]);
  const row = rows[0];
  if (!row) {
    throw httpError(
      'not-found',
      version === undefined ? `the hub has no package "${packageId}"` : `the hub has no version ${version} of package "${packageId}" (it keeps the last versions of each package)`,
    );
  }
  const etag = `"${row.manifest_sha256}"`;
  // a version's manifest never changes; "current" does, so it is revalidated every time
  reply.header('etag', etag).header('cache-control', version === undefined ? 'no-cache' : ctx.immutable);
  if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(Buffer.from(row.manifest.buffer, row.manifest.byteOffset, row.manifest.byteLength));
}

export const manifestRoutes: HubRoutes = async (app, { ctx }) => {
  app.get('/v1/packages/:id/manifest', async (request, reply) => sendManifest(ctx, request, reply, packageIdParam(request.params as Params), undefined));
  app.get('/v1/packages/:id/versions/:version/manifest', async (request, reply) => {
    const params = request.params as Params;
    return sendManifest(ctx, request, reply, packageIdParam(params), versionParam(params));
  });
};
