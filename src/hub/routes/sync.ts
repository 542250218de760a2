// Sync routes (docs/hub-api.md "Sign-in and sync"): POST /v1/enrol exchanges a one-time
// enrolment code for a device token; POST /v1/sync/push applies a device's outbox mutations
// exactly once; GET /v1/sync/pull hands it what its user may see, after its cursor. The work is
// in services/sync.ts and accounts.ts, so every hub process on one database answers alike.
// Rules: bodies are JSON of at most MAX_PUSH_BYTES; a failure of the database that may pass (a
// serialization failure, a deadlock, a lost connection, a restart) is answered 503 with
// Retry-After so the device sends the same push again; it never becomes a rejection. A refused
// code or token counts toward the address's rate limit (server.ts) and gets a counted audit line.
import type { FastifyRequest } from 'fastify';
import { describeIssues } from '../../shared/errors';
import { Cursor, EnrolRequest, MAX_PULL_CHANGES, MAX_PUSH_BYTES } from '../../shared/sync/protocol';
import type { EnrolResponse } from '../../shared/sync/protocol';
import { redeemEnrolmentCode } from '../accounts';
import { writeAudit } from '../audit';
import { authenticateDevice } from '../context';
import { HttpError, httpError } from '../httpErrors';
import type { HubRoutes } from './types';

/** SQLSTATE classes and codes of failures that pass: try the same request again. */
function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code === '40001' || code === '40P01' || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300' || code === '55P03';
}

async function orRetry<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof HttpError || !isTransient(err)) throw err;
    throw httpError('busy', 'the hub could not finish this now (the database asked to try again); nothing was applied: send the same request again', { retryAfterSeconds: 1 });
  }
}

function originOf(request: FastifyRequest): string {
  return request.ip;
}

export const syncRoutes: HubRoutes = async (app, { ctx }) => {
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_PUSH_BYTES }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(httpError('bad-request', 'the request body is not valid JSON'));
    }
  });

  app.post('/v1/enrol', async (request, reply) => {
    const parsed = EnrolRequest.safeParse(request.body);
    if (!parsed.success) throw httpError('bad-request', describeIssues('enrolment', parsed.error.issues));
    const at = ctx.now();
    const redeemed = await orRetry(() =>
      ctx.db.transaction(async (tx) => {
        const done = await redeemEnrolmentCode(tx, parsed.data.code, parsed.data.label, at);
        if (done) {
          await writeAudit(tx, {
            at,
            actor: done.user.name,
            action: 'device.enrol',
            object: `user:${done.user.name}`,
            result: 'ok',
            origin: originOf(request),
            detail: `device ${done.device.id} "${done.device.label}" enrolled`,
          });
        }
        return done;
      }),
    );
    if (!redeemed) {
      await ctx.refusals.denied({
        at,
        actor: 'anonymous',
        action: 'device.enrol',
        object: 'enrolment code',
        origin: originOf(request),
        detail: 'unknown, used or expired enrolment code',
      });
      throw httpError(
        'enrolment-invalid',
        'the hub does not accept this sign-in code: it is mistyped, used already or older than 24 hours; ask the hub administrator for a new one',
      );
    }
    const answer: EnrolResponse = {
      token: redeemed.token,
      me: { name: redeemed.user.name, role: redeemed.user.role, partyGroup: redeemed.user.partyGroup, device: redeemed.device },
    };
    return reply.header('cache-control', 'no-store').send(answer);
  });

  app.post('/v1/sync/push', async (request, reply) => {
    let who;
    try {
      who = await authenticateDevice(ctx.db, request);
    } catch (err) {
      if (err instanceof HttpError) {
        await ctx.refusals.denied({ at: ctx.now(), actor: 'anonymous', action: 'sync.push', object: 'POST /v1/sync/push', origin: originOf(request), detail: err.message });
      }
      throw err;
    }
    const answer = await orRetry(() => ctx.sync.push(who.user, request.body, originOf(request)));
    return reply.header('cache-control', 'no-store').send(answer);
  });

  app.get('/v1/sync/pull', async (request, reply) => {
    const { user } = await authenticateDevice(ctx.db, request);
    const query = request.query as { cursor?: unknown; limit?: unknown };
    let cursor: string | null = null;
    if (query.cursor !== undefined && query.cursor !== '') {
      const parsed = Cursor.safeParse(query.cursor);
      if (!parsed.success) throw httpError('bad-request', 'cursor: give the cursor of the previous pull as it was, or none for the first pull');
      cursor = parsed.data;
    }
    let limit = MAX_PULL_CHANGES;
    if (query.limit !== undefined) {
      limit = Number(query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PULL_CHANGES) throw httpError('bad-request', `limit: a whole number from 1 to ${MAX_PULL_CHANGES}`);
    }
    const answer = await orRetry(() => ctx.sync.pull(user, cursor, limit));
    return reply.header('cache-control', 'no-store').send(answer);
  });
};
