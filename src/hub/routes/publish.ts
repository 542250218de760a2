// POST /v1/packages: publish a .rkp as an advisor. The HTTP side of services/publishing.ts:
// authentication and role before the body is read, the media type, the size limit, an empty
// body, the concurrent-publish limit (503 busy), and the body as a stream read only as fast as
// the publish asks for it. Every attempt leaves an audit line: refusals for the token or role
// are counted per address and minute (services/refusalAudit.ts), everything else gets its own.
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { AuditResult } from '../audit';
import { writeAudit } from '../audit';
import { authenticate } from '../context';
import type { HttpError } from '../httpErrors';
import { httpError, sendError, toHttpError } from '../httpErrors';
import type { PublishAudit, PublishResult } from '../services/publishing';
import { BUSY_RETRY_AFTER_SECONDS } from '../services/publishGate';
import type { HubRoutes } from './types';

/** Media type of a .rkp package file (the body of POST /v1/packages). */
export const RKP_MEDIA_TYPE = 'application/vnd.raadskaart.rkp';

/** The client's connection ended (or went silent past the idle timeout) before the whole body arrived. */
function uploadBrokeOff(cause?: unknown): HttpError {
  const detail = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  return httpError('upload-aborted', `the upload broke off before the whole package arrived${detail}; nothing was published, send it again`);
}

const emptyBody = () => httpError('missing-body', 'the request has no body: send the .rkp file');

/**
 * The request body as a web stream for the publish, read only as fast as it asks. It fails
 * (and so ends the publish) when more than `limit` bytes arrive (413), when it ends without a
 * byte (missing-body) or when the connection ends before the body did (upload-aborted).
 * Cancelling it (the package was refused early) only stops reading: the request stays open so
 * the refusal can still be sent.
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
      fail(httpError('too-large', `the package is larger than this hub accepts (${limit} bytes)`));
      return;
    }
    controller?.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller?.desiredSize ?? 0) <= 0) body.pause();
  }
  function onEnd(): void {
    if (settled) return;
    if (seen === 0) return fail(emptyBody());
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

export const publishRoutes: HubRoutes = async (app, { ctx }) => {
  const publishLimit = ctx.publishLimitBytes;

  /** Authenticate (advisor), check type, size and body, take a publish slot, then publish. */
  async function publish(request: FastifyRequest, audit: PublishAudit): Promise<PublishResult> {
    const user = await authenticate(ctx.db, request);
    audit.actor = user.name;
    if (user.role !== 'advisor') throw httpError('forbidden', `only advisors may publish packages; ${user.name} is a ${user.role}`);
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== RKP_MEDIA_TYPE) throw httpError('unsupported-media-type', `send the .rkp file with Content-Type: ${RKP_MEDIA_TYPE}`);
    const declared = request.headers['content-length'];
    if (declared !== undefined && Number(declared) > publishLimit) {
      throw httpError('too-large', `the package is ${declared} bytes; this hub accepts at most ${publishLimit}`);
    }
    const body = request.body;
    if (!(body instanceof Readable) || declared === '0') throw emptyBody();
    const leave = ctx.publishGate.tryEnter();
    if (!leave) {
      throw httpError('busy', `the hub is already publishing as many packages as it takes at once; try again in ${BUSY_RETRY_AFTER_SECONDS} seconds`, {
        retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
      });
    }
    const upload = bodyStream(body, publishLimit);
    try {
      return await ctx.publishing.publish(upload.stream, user, audit);
    } catch (err) {
      if (upload.exceeded()) throw httpError('too-large', `the package is larger than this hub accepts (${publishLimit} bytes)`);
      throw err;
    } finally {
      leave();
    }
  }

  app.post('/v1/packages', async (request, reply) => {
    // read now: once the client is gone, its socket no longer knows the address
    const audit: PublishAudit = { actor: 'anonymous', object: 'package (unread)', origin: request.ip ?? 'unknown' };
    try {
      const result = await publish(request, audit);
      return reply.code(201).header('cache-control', 'no-store').send(result);
    } catch (err) {
      const httpErr = toHttpError(err);
      if (httpErr.status >= 500) request.log.error({ err }, 'publish failed');
      const result: AuditResult = httpErr.status === 401 || httpErr.status === 403 ? 'denied' : 'rejected';
      const entry = { at: ctx.now(), actor: audit.actor, action: 'package.publish', object: audit.object, origin: audit.origin, detail: httpErr.message };
      try {
        if (result === 'denied') await ctx.refusals.denied(entry);
        else await writeAudit(ctx.db, { ...entry, result });
      } catch (auditErr) {
        request.log.error({ err: auditErr }, 'could not write the audit line of a failed publish');
      }
      // a body we did not read must not be parsed as the next request on this connection
      if (!request.raw.readableEnded) reply.header('connection', 'close');
      return sendError(reply, httpErr);
    }
  });
};
