// The hub's HTTP API (docs/hub-api.md): health, the hub's public key, the signed catalog,
// manifests, content-addressed chunks (ETag, immutable caching, byte ranges) and publishing
// of .rkp packages by advisors. buildHub returns a Fastify instance that is not listening,
// so tests can use app.inject or app.listen alike.
// Rules this module keeps: every route parameter is validated before use (a chunk path is
// only ever built from 64 lowercase hex); every /v1 read except health and the hub key needs a
// valid token unless the hub was started with publicRead; the hub verifies a publisher's
// signature itself, before it inflates a single chunk of the upload; only chunks the database
// records are served; every attempt to change data leaves an audit line, also when it is
// denied, rejected or the upload breaks off; errors are JSON {error: {code, message}} that say
// what to do; tokens are never logged.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import Fastify from 'fastify';
import { buildCatalog, catalogBytes, signCatalog } from '../shared/catalog';
import {
  ExpiredError,
  IntegrityError,
  MixAndMatchError,
  RaadskaartError,
  RollbackError,
  SignatureError,
  UnknownKeyError,
  UnsafeArchiveError,
  ValidationError,
} from '../shared/errors';
import type { TrustedKey } from '../shared/keys';
import { Manifest } from '../shared/packageFormat';
import { DEFAULT_MAX_RKP_BYTES, readRkp } from '../shared/rkp';
import type { RkpContents } from '../shared/rkp';
import { verifyManifest } from '../shared/verifyManifest';
import type { HubUser } from './accounts';
import { findUserByToken, listPublisherKeys } from './accounts';
import type { AuditResult } from './audit';
import { writeAudit } from './audit';
import type { ChunkStore } from './chunkStore';
import { isSha256Hex, openChunkStore } from './chunkStore';
import type { HubDb } from './db';
import { loadOrCreateHubKey } from './hubKey';
import { ifNoneMatchHits, ifRangeAllows, parseRange } from './httpCaching';

/** Media type of a .rkp package file (the body of POST /v1/packages). */
export const RKP_MEDIA_TYPE = 'application/vnd.raadskaart.rkp';
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
  /** Largest decompressed .rkp content (held in memory while it is verified); default 1 GiB. */
  maxPackageBytes?: number;
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
};

/** An error that becomes an HTTP response {error: {code, message}}. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
  }
}

type Params = Record<string, string | undefined>;

const PACKAGE_ID = Manifest.shape.packageId;
const VERSION = /^[1-9][0-9]{0,8}$/;

function packageIdParam(params: Params): string {
  const id = params.id ?? '';
  if (!PACKAGE_ID.safeParse(id).success) {
    throw new HttpError(400, 'invalid_package_id', `"${id.slice(0, 100)}" is not a package id: use 3-100 lowercase letters, digits, dots or dashes`);
  }
  return id;
}

function versionParam(params: Params): number {
  const v = params.version ?? '';
  if (!VERSION.test(v)) throw new HttpError(400, 'invalid_version', `"${v.slice(0, 20)}" is not a version: use a whole number from 1`);
  return Number(v);
}

function sha256Param(params: Params): string {
  const s = params.sha256 ?? '';
  if (!isSha256Hex(s)) throw new HttpError(400, 'invalid_chunk_address', 'a chunk address is its SHA-256: 64 lowercase hex characters');
  return s;
}

function sendError(reply: FastifyReply, err: HttpError): FastifyReply {
  if (err.status === 401) reply.header('www-authenticate', 'Bearer realm="raadskaart"');
  return reply.code(err.status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send({ error: { code: err.code, message: err.message } });
}

/** The client's connection ended (or went silent past the idle timeout) before the whole body arrived. */
function uploadBrokeOff(cause?: unknown): HttpError {
  const detail = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  return new HttpError(400, 'upload_aborted', `the upload broke off before the whole package arrived${detail}; nothing was published, send it again`);
}

/** Maps what verification and parsing throw to a response; anything unknown is a 500. */
function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof RollbackError) return new HttpError(409, 'version_not_newer', err.message);
  if (err instanceof UnknownKeyError) return new HttpError(422, 'unknown_key', `${err.message}. Ask the hub administrator to trust your public key (raadskaart hub key add).`);
  if (err instanceof SignatureError) return new HttpError(422, 'bad_signature', `${err.message}. Sign the package again with raadskaart pack.`);
  if (err instanceof ExpiredError) return new HttpError(422, 'expired', `${err.message}. Pack the package again with a later expiry.`);
  if (err instanceof MixAndMatchError || err instanceof IntegrityError) return new HttpError(422, 'integrity', err.message);
  if (err instanceof UnsafeArchiveError) return new HttpError(400, 'unsafe_archive', err.message);
  if (err instanceof ValidationError) return new HttpError(400, 'invalid_package', err.message);
  if (err instanceof RaadskaartError) return new HttpError(400, err.code, err.message);
  return new HttpError(500, 'internal', 'the hub failed to handle this request; its log has the details');
}

/** The bearer token's user; 401 without a token or with one the hub does not know. */
async function authenticate(db: HubDb, request: FastifyRequest): Promise<HubUser> {
  const header = request.headers.authorization;
  if (header === undefined) throw new HttpError(401, 'unauthorized', 'this needs a token: send "Authorization: Bearer <token>" (raadskaart hub user add prints one)');
  const m = /^Bearer +(\S+)$/i.exec(header.trim());
  if (!m) throw new HttpError(401, 'unauthorized', 'the Authorization header must be "Bearer <token>"');
  const user = await findUserByToken(db, m[1] as string);
  if (!user) throw new HttpError(401, 'unauthorized', 'the hub does not know this token; ask the hub administrator for a new one');
  return user;
}

function trustedKeysOf(rows: Awaited<ReturnType<typeof listPublisherKeys>>): TrustedKey[] {
  return rows.map((r) => ({ keyid: r.keyid, publicKey: r.publicKey, role: 'publisher', label: r.label, ...(r.packageIds ? { packageIds: r.packageIds } : {}) }));
}

/**
 * The request body as a web stream for readRkp, read only as fast as readRkp asks. It fails
 * (and so ends the publish) when more than `limit` bytes arrive (413) or when the connection
 * ends before the body did (upload_aborted). Cancelling it (readRkp refused the package early)
 * only stops reading: the request stays open so the refusal can still be sent.
 */
function bodyStream(body: Readable, limit: number): { stream: ReadableStream<Uint8Array>; exceeded: () => boolean } {
  let seen = 0;
  let over = false;
  let settled = false;
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const detach = () => {
    body.off('data', onData);
    body.off('end', onEnd);
    body.off('close', onClose);
  };
  const fail = (err: unknown) => {
    if (settled) return;
    settled = true;
    detach();
    body.pause();
    controller?.error(err);
  };
  function onData(chunk: Buffer): void {
    if (settled) return;
    seen += chunk.length;
    if (seen > limit) {
      over = true;
      fail(new HttpError(413, 'too_large', `the package is larger than this hub accepts (${limit} bytes)`));
      return;
    }
    controller?.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller?.desiredSize ?? 0) <= 0) body.pause();
  }
  function onEnd(): void {
    if (settled) return;
    settled = true;
    detach();
    controller?.close();
  }
  function onClose(): void {
    if (!body.readableEnded) fail(uploadBrokeOff());
  }
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        body.on('data', onData);
        body.on('end', onEnd);
        body.on('close', onClose);
        // stays attached: an error after the stream settled must not become an uncaught one
        body.on('error', (err) => fail(uploadBrokeOff(err)));
        body.pause();
      },
      pull() {
        body.resume();
      },
      cancel() {
        settled = true;
        detach();
        body.pause();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return { stream, exceeded: () => over };
}

/** Builds the hub (not yet listening). Creates <dataDir>/chunks and the hub key when missing. */
export async function buildHub(options: BuildHubOptions): Promise<FastifyInstance> {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const publishLimit = options.publishLimitBytes ?? DEFAULT_PUBLISH_LIMIT;
  const publicRead = options.publicRead ?? false;
  // Behind a token, responses must not sit in shared caches (a proxy would hand them to anyone)
  const immutable = `${publicRead ? 'public' : 'private'}, ${ONE_YEAR}`;
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
      void sendError(reply, new HttpError(400, 'bad_request', err.message));
    },
  });

  // Bodies reach handlers as raw streams: publish checks auth, type and size itself, so that
  // even a request with a wrong body type gets an audit line and a clear message.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new HttpError(404, 'not_found', `no such endpoint: ${request.method} ${request.url.split('?')[0]?.slice(0, 200) ?? ''} (see docs/hub-api.md)`)),
  );
  app.setErrorHandler((err, request, reply) => {
    // Fastify's own 4xx (a malformed URL, say) keep their status; anything else is ours to map
    const status = (err as { statusCode?: unknown }).statusCode;
    const httpErr =
      !(err instanceof RaadskaartError) && !(err instanceof HttpError) && typeof status === 'number' && status >= 400 && status < 500
        ? new HttpError(status, 'bad_request', err instanceof Error ? err.message : 'the request is malformed')
        : toHttpError(err);
    if (httpErr.status >= 500) request.log.error({ err }, 'request failed');
    return sendError(reply, httpErr);
  });

  const route = (handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      return await handler(request, reply);
    } catch (err) {
      const httpErr = toHttpError(err);
      if (httpErr.status >= 500) request.log.error({ err }, 'request failed');
      return sendError(reply, httpErr);
    }
  };

  // Chunk files no version records (a publish that failed after storing them) are never served;
  // remove those a crash or failure left behind, so the folder holds what the database says.
  const recorded = new Set((await db.query<{ sha256: string }>('SELECT sha256 FROM chunks')).map((r) => r.sha256));
  const orphans = await chunks.removeOrphans((sha256) => recorded.has(sha256), new Date(Date.now() - ORPHAN_GRACE_MS));
  app.log.info({ orphans }, `removed ${orphans} chunk file(s) no published version records`);

  /** Reads need a valid token (any role) unless the hub is publicRead. */
  const authorizeRead = async (request: FastifyRequest): Promise<void> => {
    if (!publicRead) await authenticate(db, request);
  };

  app.get(
    '/v1/health',
    route(async (_request, reply) => {
      try {
        await db.query('SELECT 1');
      } catch {
        throw new HttpError(503, 'database_unavailable', 'the hub cannot reach its database');
      }
      return reply.header('cache-control', 'no-store').send({ status: 'ok', api: 1 });
    }),
  );

  app.get(
    '/v1/keys/hub',
    route(async (_request, reply) => reply.header('cache-control', 'no-cache').send(hubKey.publicKey)),
  );

  app.get(
    '/v1/me',
    route(async (request, reply) => {
      const user = await authenticate(db, request);
      return reply.header('cache-control', 'no-store').send({ name: user.name, role: user.role, partyGroup: user.partyGroup });
    }),
  );

  app.get(
    '/v1/catalog',
    route(async (request, reply) => {
      await authorizeRead(request);
      const rows = await db.query<{ package_id: string; version: number; manifest_sha256: string; title: string }>(
        `SELECT p.package_id, p.current_version AS version, v.manifest_sha256, p.title
           FROM packages p JOIN package_versions v ON v.package_id = p.package_id AND v.version = p.current_version
          ORDER BY p.package_id`,
      );
      const catalog = buildCatalog(
        rows.map((r) => ({ packageId: r.package_id, version: r.version, manifestSha256: r.manifest_sha256, title: r.title })),
        { now: now() },
      );
      const signed = await signCatalog(catalog, hubKey.privateKey);
      return reply.header('cache-control', 'no-cache').type('application/json; charset=utf-8').send(Buffer.from(catalogBytes(signed)));
    }),
  );

  const sendManifest = async (request: FastifyRequest, reply: FastifyReply, packageId: string, version: number | undefined) => {
    await authorizeRead(request);
    const rows =
      version === undefined
        ? await db.query<{ manifest: Uint8Array; manifest_sha256: string }>(
            'SELECT v.manifest, v.manifest_sha256 FROM packages p JOIN package_versions v ON v.package_id = p.package_id AND v.version = p.current_version WHERE p.package_id = $1',
            [packageId],
          )
        : await db.query<{ manifest: Uint8Array; manifest_sha256: string }>(
            'SELECT manifest, manifest_sha256 FROM package_versions WHERE package_id = $1 AND version = $2',
            [packageId, version],
          );
    const row = rows[0];
    if (!row) {
      throw new HttpError(404, 'not_found', version === undefined ? `the hub has no package "${packageId}"` : `the hub has no version ${version} of package "${packageId}"`);
    }
    const etag = `"${row.manifest_sha256}"`;
    // a version's manifest never changes; "current" does, so it is revalidated every time
    reply.header('etag', etag).header('cache-control', version === undefined ? 'no-cache' : immutable);
    if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(Buffer.from(row.manifest.buffer, row.manifest.byteOffset, row.manifest.byteLength));
  };

  app.get(
    '/v1/packages/:id/manifest',
    route(async (request, reply) => sendManifest(request, reply, packageIdParam(request.params as Params), undefined)),
  );
  app.get(
    '/v1/packages/:id/versions/:version/manifest',
    route(async (request, reply) => {
      const params = request.params as Params;
      return sendManifest(request, reply, packageIdParam(params), versionParam(params));
    }),
  );

  app.get(
    '/v1/chunks/:sha256',
    route(async (request, reply) => {
      const sha256 = sha256Param(request.params as Params);
      await authorizeRead(request);
      return serveChunk(db, chunks, request, reply, sha256, immutable);
    }),
  );

  app.post(
    '/v1/packages',
    route(async (request, reply) => {
      // read now: once the client is gone, its socket no longer knows the address
      const audit = { actor: 'anonymous', object: 'package (unread)', origin: request.ip ?? 'unknown' };
      const record = (result: AuditResult, detail?: string) =>
        writeAudit(db, { at: now(), actor: audit.actor, action: 'package.publish', object: audit.object, result, origin: audit.origin, detail });
      try {
        const result = await publish(request, audit);
        return reply.code(201).header('cache-control', 'no-store').send(result);
      } catch (err) {
        const httpErr = toHttpError(err);
        if (httpErr.status >= 500) request.log.error({ err }, 'publish failed');
        const result: AuditResult = httpErr.status === 401 || httpErr.status === 403 ? 'denied' : 'rejected';
        try {
          await record(result, httpErr.message);
        } catch (auditErr) {
          request.log.error({ err: auditErr }, 'could not write the audit line of a failed publish');
        }
        // a body we did not read must not be parsed as the next request on this connection
        if (!request.raw.readableEnded) reply.header('connection', 'close');
        return sendError(reply, httpErr);
      }
    }),
  );

  /**
   * Publish: authenticate (advisor), read the .rkp within the size limit; as soon as its
   * manifest is read (before any chunk) verify it against the trusted publisher keys and
   * require a higher version; then check and store every chunk, and record the version, the
   * new current version, the chunks and the audit line in one transaction.
   */
  async function publish(request: FastifyRequest, audit: { actor: string; object: string; origin: string }) {
    const user = await authenticate(db, request);
    audit.actor = user.name;
    if (user.role !== 'advisor') {
      throw new HttpError(403, 'forbidden', `only advisors may publish packages; ${user.name} is a ${user.role}`);
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== RKP_MEDIA_TYPE) {
      throw new HttpError(415, 'unsupported_media_type', `send the .rkp file with Content-Type: ${RKP_MEDIA_TYPE}`);
    }
    const declared = request.headers['content-length'];
    if (declared !== undefined && Number(declared) > publishLimit) {
      throw new HttpError(413, 'too_large', `the package is ${declared} bytes; this hub accepts at most ${publishLimit}`);
    }
    const body = request.body;
    if (!(body instanceof Readable)) throw new HttpError(400, 'missing_body', 'the request has no body: send the .rkp file');

    const upload = bodyStream(body, publishLimit);
    let manifestSha256 = '';
    let rkp: RkpContents;
    try {
      rkp = await readRkp(upload.stream, {
        maxBytes: options.maxPackageBytes ?? DEFAULT_MAX_RKP_BYTES,
        file: 'package file',
        // trust, signature, expiry and version before a single chunk is inflated: an upload
        // nobody trusted costs the hub its manifest, not up to maxPackageBytes of memory
        verifyManifest: async (manifestBytes, manifest) => {
          audit.object = `${manifest.packageId}@${manifest.version}`;
          const current = await currentVersion(db, manifest.packageId);
          const verified = await verifyManifest(manifestBytes, {
            trusted: trustedKeysOf(await listPublisherKeys(db)),
            now: now(),
            file: 'manifest.json',
            ...(current !== undefined ? { installedVersion: current } : {}),
          });
          if (current !== undefined && manifest.version <= current) throw versionConflict(manifest.packageId, manifest.version, current);
          manifestSha256 = verified.sha256;
        },
      });
    } catch (err) {
      if (upload.exceeded()) throw new HttpError(413, 'too_large', `the package is larger than this hub accepts (${publishLimit} bytes)`);
      throw err;
    }
    const manifest = rkp.manifest;

    // readRkp has checked every chunk: present (a .rkp carries every chunk its manifest lists,
    // also those the hub already has), its declared length and its sha256. put() hashes again
    // as it writes, so a file under a chunk's name always holds exactly those bytes.
    const sizes = new Map<string, number>();
    for (const c of manifest.chunks) sizes.set(c.sha256, c.size);
    for (const [sha256, bytes] of rkp.chunks) await chunks.put(sha256, bytes);

    const publishedAt = now();
    try {
      await db.transaction(async (tx) => {
        const rows = await tx.query<{ current_version: number }>('SELECT current_version FROM packages WHERE package_id = $1 FOR UPDATE', [manifest.packageId]);
        const latest = rows[0]?.current_version;
        if (latest !== undefined && manifest.version <= latest) throw versionConflict(manifest.packageId, manifest.version, latest);
        if (latest === undefined) {
          await tx.query('INSERT INTO packages (package_id, title, current_version) VALUES ($1, $2, $3)', [manifest.packageId, manifest.title, manifest.version]);
        }
        await tx.query(
          'INSERT INTO package_versions (package_id, version, manifest_sha256, manifest, published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz)',
          [manifest.packageId, manifest.version, manifestSha256, Buffer.from(rkp.manifestBytes), user.name, publishedAt.toISOString()],
        );
        if (latest !== undefined) {
          await tx.query('UPDATE packages SET current_version = $2, title = $3 WHERE package_id = $1', [manifest.packageId, manifest.version, manifest.title]);
        }
        await tx.query('INSERT INTO chunks (sha256, size) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT (sha256) DO NOTHING', [
          [...sizes.keys()],
          [...sizes.values()],
        ]);
        await writeAudit(tx, {
          at: publishedAt,
          actor: user.name,
          action: 'package.publish',
          object: audit.object,
          result: 'ok',
          origin: audit.origin,
          detail: `manifest sha256 ${manifestSha256}, ${sizes.size} chunks`,
        });
      });
    } catch (err) {
      // two first publishes of one package at once: the loser sees the other's row
      if ((err as { code?: string }).code === '23505') throw new HttpError(409, 'version_not_newer', `${manifest.packageId} version ${manifest.version} was published by someone else just now`);
      throw err;
    }
    return { packageId: manifest.packageId, version: manifest.version, manifestSha256, chunks: sizes.size };
  }

  return app;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function versionConflict(packageId: string, version: number, current: number): HttpError {
  return new HttpError(409, 'version_not_newer', `${packageId} is at version ${current} on this hub; publish a higher version than ${current} (this package is version ${version})`);
}

async function currentVersion(db: HubDb, packageId: string): Promise<number | undefined> {
  const rows = await db.query<{ current_version: number }>('SELECT current_version FROM packages WHERE package_id = $1', [packageId]);
  return rows[0]?.current_version;
}

/**
 * GET /v1/chunks/:sha256 — the bytes with a strong ETag, immutable caching and byte ranges. Only
 * chunks in the `chunks` table (recorded by a committed publish) exist; a file on disk alone
 * (a publish that failed after storing it) does not.
 */
async function serveChunk(db: HubDb, chunks: ChunkStore, request: FastifyRequest, reply: FastifyReply, sha256: string, cacheControl: string): Promise<FastifyReply> {
  const rows = await db.query<{ size: string }>('SELECT size::text AS size FROM chunks WHERE sha256 = $1', [sha256]);
  const recorded = rows[0];
  if (!recorded) throw new HttpError(404, 'not_found', `the hub has no chunk ${sha256}`);
  const size = Number(recorded.size);
  if ((await chunks.sizeOf(sha256)) !== size) {
    request.log.error({ sha256 }, 'a recorded chunk has no file of its size in the chunk folder');
    throw new HttpError(404, 'not_found', `the hub has no chunk ${sha256}`);
  }
  const etag = `"${sha256}"`;
  reply.header('etag', etag).header('cache-control', cacheControl).header('accept-ranges', 'bytes');
  if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
  reply.type('application/octet-stream');
  const range = ifRangeAllows(headerText(request.headers['if-range']), etag) ? parseRange(request.headers.range, size) : undefined;
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    throw new HttpError(416, 'range_not_satisfiable', `the chunk has ${size} bytes; ask for a range inside 0-${Math.max(0, size - 1)}`);
  }
  if (range === undefined) {
    return reply.header('content-length', size).send(size === 0 ? Buffer.alloc(0) : chunks.read(sha256));
  }
  return reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
    .header('content-length', range.end - range.start + 1)
    .send(chunks.read(sha256, range));
}
