// GET /v1/chunks/:sha256 (and HEAD): the bytes with a strong ETag, immutable caching and byte
// ranges. Only chunks in the `chunks` table (recorded by a committed publish, still listed by
// a retained version) exist; a file on disk alone does not. The address is validated before
// any file is touched.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authorizeRead } from '../context';
import type { HubContext } from '../context';
import { ifNoneMatchHits, ifRangeAllows, parseRange } from '../httpCaching';
import { httpError } from '../httpErrors';
import type { Params } from './params';
import { sha256Param } from './params';
import type { HubRoutes } from './types';

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function serveChunk(ctx: HubContext, request: FastifyRequest, reply: FastifyReply, sha256: string): Promise<FastifyReply> {
  const rows = await ctx.db.query<{ size: string }>('SELECT size::text AS size FROM chunks WHERE sha256 = $1', [sha256]);
  const recorded = rows[0];
  if (!recorded) throw httpError('not-found', `the hub has no chunk ${sha256}`);
  const size = Number(recorded.size);
  if ((await ctx.chunks.sizeOf(sha256)) !== size) {
    request.log.error({ sha256 }, 'a recorded chunk has no file of its size in the chunk folder');
    throw httpError('not-found', `the hub has no chunk ${sha256}`);
  }
  const etag = `"${sha256}"`;
  reply.header('etag', etag).header('cache-control', ctx.immutable).header('accept-ranges', 'bytes');
  if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
  reply.type('application/octet-stream');
  const range = ifRangeAllows(headerText(request.headers['if-range']), etag) ? parseRange(request.headers.range, size) : undefined;
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    throw httpError('range-not-satisfiable', `the chunk has ${size} bytes; ask for a range inside 0-${Math.max(0, size - 1)}`);
  }
  if (range === undefined) {
    return reply.header('content-length', size).send(size === 0 ? Buffer.alloc(0) : ctx.chunks.read(sha256));
  }
  return reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
    .header('content-length', range.end - range.start + 1)
    .send(ctx.chunks.read(sha256, range));
}

export const chunkRoutes: HubRoutes = async (app, { ctx }) => {
  app.get('/v1/chunks/:sha256', async (request, reply) => {
    const sha256 = sha256Param(request.params as Params);
    await authorizeRead(ctx, request);
    return serveChunk(ctx, request, reply, sha256);
  });
};
