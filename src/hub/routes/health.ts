// GET /v1/health: the hub and its database answer. No token, never rate-limited, never cached.
import { httpError } from '../httpErrors';
import type { HubRoutes } from './types';

export const healthRoutes: HubRoutes = async (app, { ctx }) => {
  app.get('/v1/health', async (_request, reply) => {
    try {
      await ctx.db.query('SELECT 1');
    } catch {
      throw httpError('database-unavailable', 'the hub cannot reach its database');
    }
    return reply.header('cache-control', 'no-store').send({ status: 'ok', api: 1 });
  });
};
