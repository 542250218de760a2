// GET /v1/me: who a token belongs to (name, role, party group) and the device it was issued
// to, so an app can check its token and show who is signed in. A revoked device's token is
// answered 401 device-revoked (context.ts), which tells the app to wipe that user's notes.
import type { MeResponse } from '../../shared/sync/protocol';
import { authenticateDevice } from '../context';
import type { HubRoutes } from './types';

export const meRoutes: HubRoutes = async (app, { ctx }) => {
  app.get('/v1/me', async (request, reply) => {
    const { user, device } = await authenticateDevice(ctx.db, request);
    const me: MeResponse = { name: user.name, role: user.role, partyGroup: user.partyGroup, device };
    return reply.header('cache-control', 'no-store').send(me);
  });
};
