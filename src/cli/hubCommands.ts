// `raadskaart hub ...`: run the hub, add, remove and re-key users (a token is printed once),
// trust publisher keys. Every administrative change writes an audit line, also when refused.
// The database is PostgreSQL when DATABASE_URL is set, else the embedded PGlite in the data
// folder (which only one process may open: stop the hub before `hub user add` on PGlite).
// Never prints or logs a token except the one line right after it is created.
import { mkdir, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, resolve } from 'node:path';
import type { ParseArgsOptionsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { parsePublicKeyFile } from '../shared/keys';
import { Manifest } from '../shared/packageFormat';
import { ROLES, addUser, isRole, removeUser, rotateToken, upsertPublisherKey } from '../hub/accounts';
import type { HubDb, HubTx } from '../hub/db';
import { writeAudit } from '../hub/audit';
import { openHubDb } from '../hub/db';
import type { StartHubOptions } from '../hub/start';
import { startHub } from '../hub/start';
import { ValidationError } from '../shared/errors';
import type { CliIo } from './io';
import { UsageError, oneLine, processIo } from './io';

export type { CliIo } from './io';

const DEFAULT_DATA_DIR = './hub-data';

export const HUB_USAGE = `Usage:
  raadskaart hub [--port 8787] [--host 127.0.0.1] [--data DIR] [--public-read] [--trust-proxy]
  raadskaart hub user add --data DIR --name NAME --role ${ROLES.join('|')} [--group GROUP]
  raadskaart hub user remove --data DIR --name NAME
  raadskaart hub user rotate --data DIR --name NAME
  raadskaart hub key add --data DIR --public KEYFILE [--package ID ...] [--label TEXT]
The database is PostgreSQL when DATABASE_URL is set, otherwise embedded in DIR/pglite.
DIR defaults to ${DEFAULT_DATA_DIR}. Reading packages needs a token unless --public-read;
--trust-proxy takes the client address from X-Forwarded-For sent by a proxy on this machine.`;

/** Runs `hub ...` (args may start with 'hub' or not); resolves to the exit code. */
export async function hubCommand(args: string[], io: CliIo = processIo): Promise<number> {
  const rest = args[0] === 'hub' ? args.slice(1) : args;
  try {
    if (rest[0] === 'help' || rest.includes('--help') || rest.includes('-h')) {
      io.out(HUB_USAGE);
      return 0;
    }
    if (rest[0] === 'user') {
      if (rest[1] === 'add') return await userAdd(rest.slice(2), io);
      if (rest[1] === 'remove') return await userRemove(rest.slice(2), io);
      if (rest[1] === 'rotate') return await userRotate(rest.slice(2), io);
      throw new UsageError(`unknown command "hub user ${rest[1] ?? ''}": use "hub user add", "hub user remove" or "hub user rotate"`);
    }
    if (rest[0] === 'key') {
      if (rest[1] !== 'add') throw new UsageError(`unknown command "hub key ${rest[1] ?? ''}": use "hub key add"`);
      return await keyAdd(rest.slice(2), io);
    }
    if (rest[0] !== undefined && !rest[0].startsWith('-')) throw new UsageError(`unknown command "hub ${rest[0]}"`);
    return await serve(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`raadskaart hub: ${err.message}`);
      io.err(HUB_USAGE);
      return 2;
    }
    io.err(`raadskaart hub: ${oneLine(err)}`);
    return 1;
  }
}

function parse<const O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true as const, allowPositionals: false as const }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function databaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL?.trim();
  return url ? url : undefined;
}

/** Who ran an administrative command, for the audit line. */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/**
 * The hub's start options from `raadskaart hub` arguments (UsageError when malformed).
 * --trust-proxy trusts X-Forwarded-For only from loopback addresses: a TLS proxy on this
 * machine, the set-up the docs describe; from anywhere else a client could forge its address.
 */
export function serveOptions(args: string[]): StartHubOptions & { dataDir: string; host: string; port: number } {
  const v = parse(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    'public-read': { type: 'boolean' },
    'trust-proxy': { type: 'boolean' },
  });
  const port = v.port === undefined ? 8787 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${String(v.port)}: give a port number from 0 to 65535`);
  return {
    dataDir: resolve(typeof v.data === 'string' ? v.data : DEFAULT_DATA_DIR),
    host: typeof v.host === 'string' ? v.host : '127.0.0.1',
    port,
    publicRead: v['public-read'] === true,
    ...(v['trust-proxy'] === true ? { trustProxy: 'loopback' } : {}),
  };
}

async function serve(args: string[], io: CliIo): Promise<number> {
  const options = serveOptions(args);
  const { dataDir } = options;
  const url = databaseUrl();
  const hub = await startHub({ ...options, databaseUrl: url, logger: { level: 'info' } });
  io.out(`Raadskaart hub listening on ${hub.url}`);
  io.out(`Hub key id: ${hub.hubKeyId} (clients pin ${hub.url}/v1/keys/hub)`);
  io.out(`Data: ${dataDir}; database: ${url ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${resolve(dataDir, 'pglite')}`}`);
  io.out(
    `Reading packages: ${options.publicRead ? 'open to anyone (--public-read)' : 'needs a token of any role'}` +
      `${options.trustProxy ? '; client addresses from X-Forwarded-For of a proxy on this machine' : ''}`,
  );
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.out('Stopping the hub…');
  await hub.close();
  return 0;
}

async function userAdd(args: string[], io: CliIo): Promise<number> {
  const v = parse(args, { data: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, group: { type: 'string' } });
  if (typeof v.name !== 'string' || v.name.trim() === '') throw new UsageError('give the user\'s name with --name NAME');
  if (typeof v.role !== 'string' || !isRole(v.role)) throw new UsageError(`give --role as one of ${ROLES.join(', ')}`);
  const dataDir = resolve(typeof v.data === 'string' ? v.data : DEFAULT_DATA_DIR);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const db = await openHubDb({ dataDir, databaseUrl: databaseUrl() });
  try {
    const name = v.name;
    const role = v.role;
    const group = typeof v.group === 'string' ? v.group : undefined;
    const { user, token } = await auditedUserChange(db, 'user.add', name.trim(), async (tx) => {
      const created = await addUser(tx, { name, role, partyGroup: group });
      return { result: created, detail: `role ${created.user.role}${created.user.partyGroup ? `, group ${created.user.partyGroup}` : ''}` };
    });
    io.err(`Added ${user.name} (${user.role}${user.partyGroup ? `, ${user.partyGroup}` : ''}). Their token follows; it is shown only now:`);
    io.out(token);
    io.err(`The hub keeps only a hash of it: if it is lost, give them a new one with "raadskaart hub user rotate --name '${user.name}'".`);
    return 0;
  } finally {
    await db.close();
  }
}

/** --name and the optional --id of `hub user remove|rotate`. */
function userRef(args: string[]): { dataDir: string; name: string; id: number | undefined } {
  const v = parse(args, { data: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' } });
  if (typeof v.name !== 'string' || v.name.trim() === '') throw new UsageError('give the user\'s name with --name NAME');
  const id = v.id === undefined ? undefined : Number(v.id);
  if (id !== undefined && (!Number.isInteger(id) || id < 1)) throw new UsageError(`--id ${String(v.id)}: give the user's id, a whole number from 1`);
  return { dataDir: resolve(typeof v.data === 'string' ? v.data : DEFAULT_DATA_DIR), name: v.name.trim(), id };
}

/**
 * Runs one user change and its audit line in one transaction; when the change is refused (no
 * such user), writes a 'rejected' audit line instead and rethrows.
 */
async function auditedUserChange<T>(db: HubDb, action: string, name: string, change: (tx: HubTx) => Promise<{ result: T; detail: string }>): Promise<T> {
  const entry = { actor: cliActor(), action, object: `user:${name}`, origin: 'cli' };
  try {
    return await db.transaction(async (tx) => {
      const { result, detail } = await change(tx);
      await writeAudit(tx, { ...entry, at: new Date(), result: 'ok', detail });
      return result;
    });
  } catch (err) {
    if (err instanceof ValidationError) await writeAudit(db, { ...entry, at: new Date(), result: 'rejected', detail: err.message });
    throw err;
  }
}

async function userRemove(args: string[], io: CliIo): Promise<number> {
  const { dataDir, name, id } = userRef(args);
  const db = await openHubDb({ dataDir, databaseUrl: databaseUrl() });
  try {
    const user = await auditedUserChange(db, 'user.remove', name, async (tx) => {
      const removed = await removeUser(tx, name, id);
      return { result: removed, detail: `role ${removed.role}` };
    });
    io.out(`Removed ${user.name} (${user.role}). Their token no longer works.`);
    return 0;
  } finally {
    await db.close();
  }
}

async function userRotate(args: string[], io: CliIo): Promise<number> {
  const { dataDir, name, id } = userRef(args);
  const db = await openHubDb({ dataDir, databaseUrl: databaseUrl() });
  try {
    const { user, token } = await auditedUserChange(db, 'user.rotate', name, async (tx) => {
      const rotated = await rotateToken(tx, name, id);
      return { result: rotated, detail: `role ${rotated.user.role}; the old token no longer works` };
    });
    io.err(`New token for ${user.name} (${user.role}); the old one no longer works. It follows and is shown only now:`);
    io.out(token);
    return 0;
  } finally {
    await db.close();
  }
}

async function keyAdd(args: string[], io: CliIo): Promise<number> {
  const v = parse(args, {
    data: { type: 'string' },
    public: { type: 'string' },
    package: { type: 'string', multiple: true },
    label: { type: 'string' },
  });
  if (typeof v.public !== 'string') throw new UsageError('give the publisher\'s public key file with --public KEYFILE');
  const packageIds = Array.isArray(v.package) ? v.package.filter((p): p is string => typeof p === 'string') : [];
  for (const id of packageIds) {
    if (!Manifest.shape.packageId.safeParse(id).success) throw new UsageError(`--package ${id}: not a package id (lowercase letters, digits, dots, dashes)`);
  }
  const file = resolve(v.public);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the public key file ${file}: ${(err as Error).message}`, { cause: err });
  }
  const key = await parsePublicKeyFile(text, file);
  const label = typeof v.label === 'string' && v.label.trim() ? v.label.trim() : basename(file);
  const dataDir = resolve(typeof v.data === 'string' ? v.data : DEFAULT_DATA_DIR);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const db = await openHubDb({ dataDir, databaseUrl: databaseUrl() });
  try {
    const scope = packageIds.length ? packageIds : null;
    const outcome = await db.transaction(async (tx) => {
      const done = await upsertPublisherKey(tx, { keyid: key.keyid, publicKey: key.publicKey, label, packageIds: scope });
      await writeAudit(tx, {
        at: new Date(),
        actor: cliActor(),
        action: 'key.add',
        object: `key:${key.keyid}`,
        result: 'ok',
        origin: 'cli',
        detail: `${done}; label "${label}"; ${scope ? `packages ${scope.join(', ')}` : 'all packages'}`,
      });
      return done;
    });
    io.out(
      `${outcome === 'added' ? 'Trusted' : 'Updated'} publisher key ${key.keyid} ("${label}") for ${scope ? `package(s) ${scope.join(', ')}` : 'every package'}.`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
