// The hub's HTTP API (docs/hub-api.md): buildHub wires one HubContext (database, chunk store,
// hub key, services) into the route plugins under routes/ (health, keys, me, catalog,
// manifests, chunks, publish, admin) and adds what every route shares: JSON errors with the
// shared error codes, nosniff, and the per-address rate limit of refused requests. It returns
// a Fastify instance that is not listening, so tests can use app.inject or app.listen alike.
// Sign-in (enrolment codes, device tokens) and the sync of notes and decisions are routes/sync.ts.
// Rules this module keeps: every route parameter is validated before use (routes/params.ts);
// every /v1 read except health and the hub key needs a valid token unless the hub was started
// with publicRead; the hub verifies a publisher's signature itself, before it inflates a single
// chunk of an upload (services/publishing.ts); only chunks the database records are served;
// every attempt to change data leaves an audit line; errors are JSON {error: {code, message}}
// that say what to do; tokens and the admin secret are never logged.
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import Fastify from 'fastify';
import { RaadskaartError } from '../shared/errors';
import { openChunkStore } from './chunkStore';
import type { HubContext } from './context';
import type { HubDb } from './db';
import { loadOrCreateHubKey } from './hubKey';
import { HttpError, httpError, sendError, toHttpError } from './httpErrors';
import { adminRoutes } from './routes/admin';
import { catalogRoutes } from './routes/catalog';
import { chunkRoutes } from './routes/chunks';
import { healthRoutes } from './routes/health';
import { keyRoutes } from './routes/keys';
import { manifestRoutes } from './routes/manifests';
import { meRoutes } from './routes/me';
import { publishRoutes } from './routes/publish';
import { syncRoutes } from './routes/sync';
import { sealAudit } from './audit';
import { createSync } from './services/sync';
import { createPublishGate } from './services/publishGate';
import { createPublishing } from './services/publishing';
import type { RateLimitOptions } from './services/rateLimit';
import { createRateLimiter } from './services/rateLimit';
import { createRefusalAudit } from './services/refusalAudit';
import { PIN_LIFETIME, createRetention } from './services/retention';

export { HttpError } from './httpErrors';
export { RKP_MEDIA_TYPE } from './routes/publish';

/** Default largest .rkp accepted by POST /v1/packages: 1 GiB. */
export const DEFAULT_PUBLISH_LIMIT = 1024 ** 3;
/** Default time a whole request may take: 30 minutes, a 1 GiB upload at about 0.6 MB/s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30 * 60 * 1000;
/** Default time a connection may stay silent (mid-upload or idle) before it is closed. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60 * 1000;
/** Chunk files of a failed publish younger than this survive start-up (see removeOrphans). */
const ORPHAN_GRACE_MS = 60 * 60 * 1000;
const ONE_YEAR = 'max-age=31536000, immutable';

export type BuildHubOptions = {
  db: HubDb;
  /** Folder for chunks and hub-key.json (and PGlite's files when no DATABASE_URL). */
  dataDir: string;
  /** Clock for catalog issue/expiry, manifest expiry checks and audit times (tests inject one). */
  now?: () => Date;
  /** Fastify logger setting: false (default) or true / pino options. Tokens are never logged. */
  logger?: FastifyServerOptions['logger'];
  /** Largest .rkp body accepted, in bytes (default 1 GiB). */
  publishLimitBytes?: number;
  /** Largest decompressed .rkp content (streamed to disk while it is verified); default 1 GiB. */
  maxPackageBytes?: number;
  /** Versions kept per package (default 3); older ones and the chunks only they list are removed. */
  keepVersions?: number;
  /** Publishes this hub runs at once (default 2); a further one gets 503 busy. */
  maxConcurrentPublishes?: number;
  /** The per-address limit of refused requests (default 60 at once, 30 per minute). */
  rateLimit?: RateLimitOptions;
  /**
   * Trust X-Forwarded-For for the audit origin (only behind a reverse proxy you run): Fastify's
   * trustProxy, e.g. 'loopback' for a proxy on the same machine (`raadskaart hub --trust-proxy`).
   */
  trustProxy?: boolean | string;
  /**
   * Let anyone read the catalog, manifests and chunks without a token (default false: every
   * /v1 route except /v1/health and /v1/keys/hub needs a valid token of any role). Only for a
   * hub whose packages are public anyway: drafts and confidential annexes are not
   * public-by-default information (Wet open overheid) just because they are signed.
   */
  publicRead?: boolean;
  /** Longest a whole request may take, in ms (default 30 minutes); then it is cut off (408). */
  requestTimeoutMs?: number;
  /** Longest a connection may stay silent, in ms (default 60 s); then it is closed. */
  idleTimeoutMs?: number;
  /** Enables the local admin routes (routes/admin.ts) with this secret; startHub sets one. */
  adminSecret?: string;
};

/** The audit action a request would be, for counting rate-limited ones. */
function actionOf(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? '';
  if (request.method === 'POST' && path === '/v1/packages') return 'package.publish';
  if (path.startsWith('/v1/admin/')) return 'admin';
  return 'read';
}

/** Builds the hub (not yet listening). Creates <dataDir>/chunks and the hub key when missing. */
export async function buildHub(options: BuildHubOptions): Promise<FastifyInstance> {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const publicRead = options.publicRead ?? false;
  const chunks = await openChunkStore(options.dataDir);
  const hubKey = await loadOrCreateHubKey(options.dataDir);

  const app = Fastify({
    logger: options.logger ?? false,
    // Fastify's default request serializer logs method, url, host and address, never headers:
    // keep it that way, the Authorization header carries a token
    trustProxy: options.trustProxy ?? false,
    // An upload that stalls or drips must end (and be audited), not hold a connection forever
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    connectionTimeout: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    // errors Fastify raises before routing (a malformed URL): same JSON shape as ours
    frameworkErrors: (err, _request, reply) => {
      void sendError(reply, httpError('bad-request', err.message));
    },
  });
  if (hubKey.upgraded) app.log.info({ path: hubKey.path }, 'rewrote the hub key file with type raadskaart-hub-private-key (same key)');

  const retention = createRetention({ db, chunks, now, log: app.log, ...(options.keepVersions !== undefined ? { keepVersions: options.keepVersions } : {}) });
  const ctx: HubContext = {
    db,
    chunks,
    hubKey,
    now,
    publicRead,
    // Behind a token, responses must not sit in shared caches (a proxy would hand them to anyone)
    immutable: `${publicRead ? 'public' : 'private'}, ${ONE_YEAR}`,
    publishLimitBytes: options.publishLimitBytes ?? DEFAULT_PUBLISH_LIMIT,
    publishing: createPublishing({
      db,
      chunks,
      retention,
      now,
      hubKeyId: hubKey.publicKey.keyid,
      log: app.log,
      ...(options.maxPackageBytes !== undefined ? { maxPackageBytes: options.maxPackageBytes } : {}),
    }),
    publishGate: createPublishGate(options.maxConcurrentPublishes),
    refusals: createRefusalAudit(db, now, app.log),
    sync: createSync({ db, now }),
    adminSecret: options.adminSecret,
  };
  const limiter = createRateLimiter(options.rateLimit);

  // Bodies reach handlers as raw streams: publish checks auth, type and size itself, so that
  // even a request with a wrong body type gets an audit line and a clear message.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });

  // An address whose refused requests used up its budget is answered 429 before anything else
  // (no token lookup, no audit row per request); health checks are never limited.
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/v1/health') return;
    const wait = limiter.waitSeconds(request.ip);
    if (wait <= 0) return;
    ctx.refusals.rateLimited({
      at: now(),
      actor: 'anonymous',
      action: actionOf(request),
      object: `${request.method} ${request.url.split('?')[0]?.slice(0, 200) ?? ''}`,
      origin: request.ip,
    });
    if (request.method !== 'GET' && request.method !== 'HEAD') reply.header('connection', 'close');
    const seconds = Math.max(1, Math.ceil(wait));
    return sendError(reply, httpError('rate-limited', `too many refused requests from your address; try again in ${seconds} seconds`, { retryAfterSeconds: seconds }));
  });
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode === 401 || reply.statusCode === 403) limiter.refused(request.ip);
  });
  app.addHook('onClose', async () => {
    await ctx.refusals.close();
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, httpError('not-found', `no such endpoint: ${request.method} ${request.url.split('?')[0]?.slice(0, 200) ?? ''} (see docs/hub-api.md)`)),
  );
  app.setErrorHandler((err, request, reply) => {
    // Fastify's own 4xx (a malformed URL, a body over a limit) keep their status; anything else is ours to map
    const status = (err as { statusCode?: unknown }).statusCode;
    const httpErr =
      !(err instanceof RaadskaartError) && typeof status === 'number' && status >= 400 && status < 500
        ? new HttpError(status, status === 413 ? 'too-large' : 'bad-request', err instanceof Error ? err.message : 'the request is malformed')
        : toHttpError(err);
    if (httpErr.status >= 500) request.log.error({ err }, 'request failed');
    return sendError(reply, httpErr);
  });

  // Chunk files no version records (a publish that failed after storing them) are never served;
  // remove those a crash or failure left behind (except chunks a publish in another process has
  // pinned), so the folder holds what the database says; then retire what is past the retention.
  const recorded = new Set(
    (await db.query<{ sha256: string }>('SELECT sha256 FROM chunks UNION SELECT sha256 FROM chunk_pins WHERE pinned_at > now() - $1::interval', [PIN_LIFETIME])).map(
      (r) => r.sha256,
    ),
  );
  const orphans = await chunks.removeOrphans((sha256) => recorded.has(sha256), new Date(Date.now() - ORPHAN_GRACE_MS));
  app.log.info({ orphans }, `removed ${orphans} chunk file(s) no published version records`);
  await retention.collect();
  // Counted audit lines left unchained by a hub that stopped within their minute join the chain now.
  await sealAudit(db, now());

  for (const routes of [healthRoutes, keyRoutes, meRoutes, catalogRoutes, manifestRoutes, chunkRoutes, publishRoutes, syncRoutes, adminRoutes]) {
    await app.register(routes, { ctx });
  }
  return app;
}
