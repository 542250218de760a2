// GET /v1/keys/hub: the public half of the hub's key, which clients pin with role 'hub'.
// No token. Never the private half.
import type { HubRoutes } from './types';

export const keyRoutes: HubRoutes = async (app, { ctx }) => {
  app.get('/v1/keys/hub', async (_request, reply) => reply.header('cache-control', 'no-cache').send(ctx.hubKey.publicKey));
};
