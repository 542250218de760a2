// Starts a listening hub on a data folder: opens (and migrates) the database, builds the
// Fastify app and listens. Used by `raadskaart hub` and by tests that need a real socket.
// Also offers local administration (routes/admin.ts): a new secret and the loopback URL go to
// <data>/hub-admin.json (0600) while the hub runs, so `raadskaart hub user|key ...` works
// beside it. Never listens on anything but the host it is given (default loopback).
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { loopbackUrl, newAdminSecret, removeAdminFile, writeAdminFile } from './adminAccess';
import type { HubDb } from './db';
import { openHubDb } from './db';
import { loadOrCreateHubKey } from './hubKey';
import type { RateLimitOptions } from './services/rateLimit';
import { buildHub } from './server';

export type StartHubOptions = {
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  databaseUrl?: string | undefined;
  /** PostgreSQL only: schema to use (tests). */
  schema?: string | undefined;
  logger?: FastifyServerOptions['logger'];
  now?: () => Date;
  publishLimitBytes?: number;
  /** See BuildHubOptions: anonymous reads, the proxy to trust, timeouts. */
  publicRead?: boolean;
  trustProxy?: boolean | string;
  requestTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** Versions kept per package (default 3). */
  keepVersions?: number;
  maxConcurrentPublishes?: number;
  rateLimit?: RateLimitOptions;
};

export type RunningHub = {
  app: FastifyInstance;
  db: HubDb;
  url: string;
  hubKeyId: string;
  /** Where `raadskaart hub user|key ...` reaches this hub's admin routes; undefined when it listens on no loopback address. */
  adminUrl: string | undefined;
  close(): Promise<void>;
};

export async function startHub(options: StartHubOptions): Promise<RunningHub> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const db = await openHubDb({ dataDir, databaseUrl: options.databaseUrl, schema: options.schema });
  let app: FastifyInstance | undefined;
  const adminSecret = newAdminSecret();
  try {
    app = await buildHub({
      adminSecret,
      db,
      dataDir,
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.publishLimitBytes !== undefined ? { publishLimitBytes: options.publishLimitBytes } : {}),
      ...(options.publicRead !== undefined ? { publicRead: options.publicRead } : {}),
      ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
      ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
      ...(options.keepVersions !== undefined ? { keepVersions: options.keepVersions } : {}),
      ...(options.maxConcurrentPublishes !== undefined ? { maxConcurrentPublishes: options.maxConcurrentPublishes } : {}),
      ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    });
    const host = options.host ?? '127.0.0.1';
    await app.listen({ host, port: options.port ?? 8787 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 8787);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const adminUrl = loopbackUrl(host, port);
    if (adminUrl) await writeAdminFile(dataDir, { url: adminUrl, secret: adminSecret, pid: process.pid });
    const running = app;
    const hubKeyId = (await loadOrCreateHubKey(dataDir)).publicKey.keyid;
    return {
      app: running,
      db,
      url: `http://${urlHost}:${port}`,
      hubKeyId,
      adminUrl,
      close: async () => {
        try {
          await removeAdminFile(dataDir, adminSecret);
          await running.close();
        } finally {
          await db.close();
        }
      },
    };
  } catch (err) {
    await removeAdminFile(dataDir, adminSecret);
    await app?.close().catch(() => undefined);
    await db.close();
    throw err;
  }
}
