// GET /v1/me: who a token belongs to (name, role, party group), so an app can check its token.
import { authenticate } from '../context';
import type { HubRoutes } from './types';

export const meRoutes: HubRoutes = async (app, { ctx }) => {
  app.get('/v1/me', async (request, reply) => {
    const user = await authenticate(ctx.db, request);
    return reply.header('cache-control', 'no-store').send({ name: user.name, role: user.role, partyGroup: user.partyGroup });
  });
};
