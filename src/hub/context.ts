// What the hub's route plugins share: the database, the chunk store, the hub key, the clock,
// the read policy and the services. buildHub (server.ts) makes one per hub and hands it to
// every plugin under routes/, so a new route is a new plugin, not a longer closure.
import type { FastifyRequest } from 'fastify';
import type { HubUser } from './accounts';
import { findUserByToken } from './accounts';
import type { ChunkStore } from './chunkStore';
import type { HubDb } from './db';
import type { HubKey } from './hubKey';
import { httpError } from './httpErrors';
import type { Publishing } from './services/publishing';
import type { PublishGate } from './services/publishGate';
import type { RefusalAudit } from './services/refusalAudit';

export type HubContext = {
  db: HubDb;
  chunks: ChunkStore;
  hubKey: HubKey;
  /** Clock for catalog issue/expiry, manifest expiry checks and audit times. */
  now: () => Date;
  /** Anyone may read the catalog, manifests and chunks (no token needed). */
  publicRead: boolean;
  /** Cache-Control of responses that never change (a version's manifest, a chunk). */
  immutable: string;
  /** Largest .rkp body accepted, in bytes. */
  publishLimitBytes: number;
  publishing: Publishing;
  publishGate: PublishGate;
  refusals: RefusalAudit;
  /** The secret of the local admin routes (routes/admin.ts); undefined: no admin routes. */
  adminSecret: string | undefined;
};

/** The bearer token's user; 401 without a token or with one the hub does not know. */
export async function authenticate(db: HubDb, request: FastifyRequest): Promise<HubUser> {
  const header = request.headers.authorization;
  if (header === undefined) throw httpError('unauthorized', 'this needs a token: send "Authorization: Bearer <token>" (raadskaart hub user add prints one)');
  const m = /^Bearer +(\S+)$/i.exec(header.trim());
  if (!m) throw httpError('unauthorized', 'the Authorization header must be "Bearer <token>"');
  const user = await findUserByToken(db, m[1] as string);
  if (!user) throw httpError('unauthorized', 'the hub does not know this token; ask the hub administrator for a new one');
  return user;
}

/** Reads need a valid token (any role) unless the hub is publicRead. */
export async function authorizeRead(ctx: HubContext, request: FastifyRequest): Promise<void> {
  if (!ctx.publicRead) await authenticate(ctx.db, request);
}
