// POST /v1/admin/...: user and key administration on a running hub, for `raadskaart hub user|key
// ...` while this hub holds the embedded database (services/administration.ts does the work,
// the same as when the CLI opens the database itself). Only for a connection from this machine
// (the socket's loopback peer address, never X-Forwarded-For, and no request a proxy forwarded)
// that carries the secret of <data>/hub-admin.json (../adminAccess.ts), which only the hub's OS
// user can read. Registered only when the hub has an admin secret. Never logs the secret or a token.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parsePublicKeyFile } from '../../shared/keys';
import { ValidationError, describeIssues } from '../../shared/errors';
import { ADMIN_FILE, isAdminSecret } from '../adminAccess';
import { httpError } from '../httpErrors';
import { administration } from '../services/administration';
import type { HubRoutes } from './types';

/** The Authorization scheme of admin requests: `Authorization: RaadskaartAdmin <secret>`. */
export const ADMIN_SCHEME = 'RaadskaartAdmin';
const MAX_ADMIN_BODY = 64 * 1024;

const Actor = z.string().regex(/^cli(:\S{1,100})?$/, 'must be "cli" or "cli:<os user>"');
const AddUser = z.strictObject({ actor: Actor, name: z.string(), role: z.string(), partyGroup: z.string().optional(), label: z.string().optional() });
const UserRef = z.strictObject({ actor: Actor, name: z.string(), id: z.number().int().positive().optional() });
const AddDevice = z.strictObject({ actor: Actor, userName: z.string(), label: z.string(), token: z.boolean().optional() });
const DeviceRef = z.strictObject({ actor: Actor, userName: z.string(), id: z.number().int().positive().optional(), label: z.string().optional() });
const ActorOnly = z.strictObject({ actor: Actor });
const TrustKey = z.strictObject({ actor: Actor, publicKey: z.unknown(), label: z.string().min(1).max(200), packageIds: z.array(z.string()).nullable() });

function isLoopbackPeer(address: string | undefined): boolean {
  return address !== undefined && (/^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address));
}

function bodyOf<T>(schema: z.ZodType<T>, request: FastifyRequest): T {
  const parsed = schema.safeParse(request.body);
  if (!parsed.success) throw new ValidationError(describeIssues('request body', parsed.error.issues));
  return parsed.data;
}

export const adminRoutes: HubRoutes = async (app, { ctx }) => {
  const secret = ctx.adminSecret;
  if (secret === undefined) return;

  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_ADMIN_BODY }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(httpError('bad-request', 'the request body is not valid JSON'));
    }
  });

  app.addHook('onRequest', async (request) => {
    const refuse = async (code: 'forbidden' | 'unauthorized', message: string): Promise<never> => {
      await ctx.refusals.denied({
        at: ctx.now(),
        actor: 'anonymous',
        action: 'admin',
        object: request.url.split('?')[0]?.slice(0, 200) ?? '',
        origin: request.socket.remoteAddress ?? 'unknown',
        detail: message,
      });
      throw httpError(code, message);
    };
    const forwarded = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => request.headers[h] !== undefined);
    if (!isLoopbackPeer(request.socket.remoteAddress) || forwarded) {
      await refuse('forbidden', 'administration is only for the hub\'s own machine: run "raadskaart hub user|key ..." on the server, as the hub\'s user');
    }
    const m = new RegExp(`^${ADMIN_SCHEME} +(\\S+)$`).exec(request.headers.authorization?.trim() ?? '');
    if (!m || !isAdminSecret(m[1] as string, secret)) {
      await refuse(
        'unauthorized',
        `administration needs the secret in the hub's ${ADMIN_FILE}: run "raadskaart hub user|key ..." as the hub's user, with --data pointing at its data folder`,
      );
    }
  });

  const adminAs = (actor: string) => administration(ctx.db, { actor, origin: 'cli' }, { hubKeyId: ctx.hubKey.publicKey.keyid });

  app.post('/v1/admin/users', async (request, reply) => {
    const body = bodyOf(AddUser, request);
    const { user, enrolment } = await adminAs(body.actor).addUser({ name: body.name, role: body.role, partyGroup: body.partyGroup, label: body.label });
    return reply.code(201).header('cache-control', 'no-store').send({ user, enrolment });
  });

  app.post('/v1/admin/users/remove', async (request, reply) => {
    const body = bodyOf(UserRef, request);
    const user = await adminAs(body.actor).removeUser(body.name, body.id);
    return reply.header('cache-control', 'no-store').send({ user });
  });

  app.post('/v1/admin/users/rotate', async (request, reply) => {
    const body = bodyOf(UserRef, request);
    return reply.header('cache-control', 'no-store').send(await adminAs(body.actor).rotateToken(body.name, body.id));
  });

  app.post('/v1/admin/devices', async (request, reply) => {
    const body = bodyOf(AddDevice, request);
    const added = await adminAs(body.actor).addDevice({ userName: body.userName, label: body.label, ...(body.token !== undefined ? { token: body.token } : {}) });
    return reply.code(201).header('cache-control', 'no-store').send(added);
  });

  app.post('/v1/admin/devices/list', async (request, reply) => {
    const body = bodyOf(DeviceRef, request);
    return reply.header('cache-control', 'no-store').send(await adminAs(body.actor).listDevices(body.userName));
  });

  app.post('/v1/admin/devices/revoke', async (request, reply) => {
    const body = bodyOf(DeviceRef, request);
    return reply.header('cache-control', 'no-store').send(await adminAs(body.actor).revokeDevice({ userName: body.userName, id: body.id, label: body.label }));
  });

  app.post('/v1/admin/audit/verify', async (request, reply) => {
    const body = bodyOf(ActorOnly, request);
    return reply.header('cache-control', 'no-store').send(await adminAs(body.actor).verifyAudit());
  });

  app.post('/v1/admin/keys', async (request, reply) => {
    const body = bodyOf(TrustKey, request);
    const key = await parsePublicKeyFile(JSON.stringify(body.publicKey), 'publicKey');
    const outcome = await adminAs(body.actor).trustKey({ key, label: body.label, packageIds: body.packageIds });
    return reply.header('cache-control', 'no-store').send({ outcome, keyid: key.keyid });
  });
};
