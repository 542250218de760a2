// GET /v1/catalog: the current version, manifest sha256 and title of every package, signed by
// the hub key, issued now and expiring in 24 hours. Built on every request; needs a token of
// any role unless the hub is publicRead.
import { buildCatalog, catalogBytes, signCatalog } from '../../shared/catalog';
import { authorizeRead } from '../context';
import type { HubRoutes } from './types';

export const catalogRoutes: HubRoutes = async (app, { ctx }) => {
  app.get('/v1/catalog', async (request, reply) => {
    await authorizeRead(ctx, request);
    const rows = await ctx.db.query<{ package_id: string; version: number; manifest_sha256: string; title: string }>(
      `SELECT p.package_id, p.current_version AS version, v.manifest_sha256, p.title
         FROM packages p JOIN package_versions v ON v.package_id = p.package_id AND v.version = p.current_version
        ORDER BY p.package_id`,
    );
    const catalog = buildCatalog(
      rows.map((r) => ({ packageId: r.package_id, version: r.version, manifestSha256: r.manifest_sha256, title: r.title })),
      { now: ctx.now() },
    );
    const signed = await signCatalog(catalog, ctx.hubKey.privateKey);
    return reply
      .header('cache-control', 'no-cache')
      .type('application/json; charset=utf-8')
      .send(Buffer.from(catalogBytes(signed)));
  });
};
