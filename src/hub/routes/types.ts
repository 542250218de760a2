// The options every route plugin of the hub gets: the hub's shared context (../context.ts).
import type { FastifyPluginAsync } from 'fastify';
import type { HubContext } from '../context';

export type HubRoutes = FastifyPluginAsync<{ ctx: HubContext }>;
