// What the hub's route plugins share: the database, the chunk store, the hub key, the clock,
// the read policy and the services. buildHub (server.ts) makes one per hub and hands it to
// every plugin under routes/, so a new route is a new plugin, not a longer closure.
import type { FastifyRequest } from 'fastify';
import type { HubDevice, HubUser } from './accounts';
import { resolveToken } from './accounts';
import type { ChunkStore } from './chunkStore';
import type { HubDb } from './db';
import type { HubKey } from './hubKey';
import { httpError } from './httpErrors';
import type { Publishing } from './services/publishing';
import type { PublishGate } from './services/publishGate';
import type { RefusalAudit } from './services/refusalAudit';
import type { SyncService } from './services/sync';

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
  /** Push and pull of notes and decisions (services/sync.ts). */
  sync: SyncService;
  /** The secret of the local admin routes (routes/admin.ts); undefined: no admin routes. */
  adminSecret: string | undefined;
};

/**
 * The bearer token's user and device; 401 without a token, with one the hub does not know, or
 * (`device-revoked`) with the token of a revoked device, so the app can wipe that user's notes.
 */
export async function authenticateDevice(db: HubDb, request: FastifyRequest): Promise<{ user: HubUser; device: HubDevice | null }> {
  const header = request.headers.authorization;
  if (header === undefined) throw httpError('unauthorized', 'this needs a token: send "Authorization: Bearer <token>" (sign in with the code "raadskaart hub user add" prints)');
  const m = /^Bearer +(\S+)$/i.exec(header.trim());
  if (!m) throw httpError('unauthorized', 'the Authorization header must be "Bearer <token>"');
  const holder = await resolveToken(db, m[1] as string);
  if (!holder) throw httpError('unauthorized', 'the hub does not know this token; ask the hub administrator for a new sign-in code');
  if (holder.kind === 'revoked') {
    throw httpError('device-revoked', `this device ("${holder.device.label}") of ${holder.userName} was revoked by the hub administrator; its token no longer works`);
  }
  return { user: holder.user, device: holder.device };
}

/** The bearer token's user; 401 without a token or with one the hub does not know (or a revoked device's). */
export async function authenticate(db: HubDb, request: FastifyRequest): Promise<HubUser> {
  return (await authenticateDevice(db, request)).user;
}

/** Reads need a valid token (any role) unless the hub is publicRead. */
export async function authorizeRead(ctx: HubContext, request: FastifyRequest): Promise<void> {
  if (!ctx.publicRead) await authenticate(ctx.db, request);
}
