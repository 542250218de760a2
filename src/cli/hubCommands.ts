// `raadskaart hub ...`: run the hub, add, remove and re-key users and give them devices (a
// one-time enrolment code, or for a script a device token, is printed once), list and revoke
// devices, trust publisher keys, verify the audit chain. This module only parses arguments and prints: the work and its audit
// lines are src/hub/services/administration.ts. The database is PostgreSQL when DATABASE_URL is
// set, else the embedded PGlite in the data folder, which only one process may open: while a
// hub runs on that folder, the commands ask the running hub through its local admin routes
// (<data>/hub-admin.json, readable only by the hub's OS user) instead.
// Never prints or logs a token or code except the one line right after it is created.
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, resolve } from 'node:path';
import type { ParseArgsOptionsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { ROLES, isRole } from '../hub/accounts';
import { readAdminFile } from '../hub/adminAccess';
import type { HubDb } from '../hub/db';
import { HubDbLockedError, openHubDb } from '../hub/db';
import { hubKeyIdIn } from '../hub/hubKey';
import type { HubAdmin } from '../hub/services/administration';
import { administration } from '../hub/services/administration';
import { DEFAULT_KEEP_VERSIONS } from '../hub/services/retention';
import type { StartHubOptions } from '../hub/start';
import { startHub } from '../hub/start';
import { parsePublicKeyFile } from '../shared/keys';
import { formatEnrolmentCode, keyCodeLines } from '../shared/sync/codes';
import { Manifest } from '../shared/packageFormat';
import { remoteAdmin } from './hubAdminClient';
import type { CliIo } from './io';
import { UsageError, oneLine, processIo } from './io';
import { readKeyFile } from './keyFiles';

export type { CliIo } from './io';

const DEFAULT_DATA_DIR = './hub-data';

export const HUB_USAGE = `Usage:
  raadskaart hub [--port 8787] [--host 127.0.0.1] [--data DIR] [--public-read] [--trust-proxy] [--keep-versions ${DEFAULT_KEEP_VERSIONS}]
  raadskaart hub user add --data DIR --name NAME --role ${ROLES.join('|')} [--group GROUP] [--label TEXT]
  raadskaart hub user remove --data DIR --name NAME [--id N]
  raadskaart hub user rotate --data DIR --name NAME [--id N]
  raadskaart hub device add --data DIR --user NAME --label TEXT [--token]
  raadskaart hub device list --data DIR --user NAME
  raadskaart hub device revoke --data DIR --user NAME (--id N | --label TEXT)
  raadskaart hub key add --data DIR --public KEYFILE [--package ID ...] [--label TEXT]
  raadskaart hub audit verify --data DIR
"user add", "user rotate" and "device add" print a one-time sign-in code (valid 24 hours) for
the app; "device add --token" prints a device token instead, for a script (raadskaart publish).
The database is PostgreSQL when DATABASE_URL is set, otherwise embedded in DIR/pglite; while a
hub runs on DIR, "hub user" and "hub key" ask it (run them as the hub's user, on its machine).
DIR defaults to ${DEFAULT_DATA_DIR}. Reading packages needs a token unless --public-read;
--trust-proxy takes the client address from X-Forwarded-For sent by a proxy on this machine;
--keep-versions N keeps the last N versions of each package and the chunks they list.`;

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
    if (rest[0] === 'device') {
      if (rest[1] === 'add') return await deviceAdd(rest.slice(2), io);
      if (rest[1] === 'list') return await deviceList(rest.slice(2), io);
      if (rest[1] === 'revoke') return await deviceRevoke(rest.slice(2), io);
      throw new UsageError(`unknown command "hub device ${rest[1] ?? ''}": use "hub device add", "hub device list" or "hub device revoke"`);
    }
    if (rest[0] === 'audit') {
      if (rest[1] === 'verify') return await auditVerify(rest.slice(2), io);
      throw new UsageError(`unknown command "hub audit ${rest[1] ?? ''}": use "hub audit verify"`);
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

function dataDirOf(value: unknown): string {
  return resolve(typeof value === 'string' ? value : DEFAULT_DATA_DIR);
}

/**
 * The hub's start options from `raadskaart hub` arguments (UsageError when malformed).
 * --trust-proxy trusts X-Forwarded-For only from loopback addresses: a TLS proxy on this
 * machine, the set-up the docs describe; from anywhere else a client could forge its address.
 */
export function serveOptions(args: string[]): StartHubOptions & { dataDir: string; host: string; port: number; keepVersions: number } {
  const v = parse(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    'public-read': { type: 'boolean' },
    'trust-proxy': { type: 'boolean' },
    'keep-versions': { type: 'string' },
  });
  const port = v.port === undefined ? 8787 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${String(v.port)}: give a port number from 0 to 65535`);
  const keep = v['keep-versions'] === undefined ? DEFAULT_KEEP_VERSIONS : Number(v['keep-versions']);
  if (!/^[1-9][0-9]{0,5}$/.test(String(keep)))
    throw new UsageError(`--keep-versions ${String(v['keep-versions'])}: give how many versions of each package to keep, a whole number from 1`);
  return {
    dataDir: dataDirOf(v.data),
    host: typeof v.host === 'string' ? v.host : '127.0.0.1',
    port,
    publicRead: v['public-read'] === true,
    keepVersions: keep,
    ...(v['trust-proxy'] === true ? { trustProxy: 'loopback' } : {}),
  };
}

async function serve(args: string[], io: CliIo): Promise<number> {
  const options = serveOptions(args);
  const { dataDir } = options;
  const url = databaseUrl();
  const hub = await startHub({ ...options, databaseUrl: url, logger: { level: 'info' } });
  io.out(`Raadskaart hub listening on ${hub.url}`);
  io.out(`Hub key code (compare it, group by group, with the one the app shows before you trust it):`);
  for (const line of keyCodeLines(hub.hubKeyId)) io.out(`  ${line}`);
  io.out(`Hub key id: ${hub.hubKeyId} (clients pin ${hub.url}/v1/keys/hub)`);
  io.out(`Data: ${dataDir}; database: ${url ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${resolve(dataDir, 'pglite')}`}`);
  io.out(
    `Reading packages: ${options.publicRead ? 'open to anyone (--public-read)' : 'needs a token of any role'}` +
      `${options.trustProxy ? '; client addresses from X-Forwarded-For of a proxy on this machine' : ''}; keeps the last ${options.keepVersions} version(s) of each package`,
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

/**
 * Runs `fn` with the hub's administration: on the database itself, or, when a running hub
 * holds the embedded database, through that hub's local admin routes.
 */
async function withAdmin<T>(dataDir: string, fn: (admin: HubAdmin) => Promise<T>): Promise<T> {
  const actor = cliActor();
  let db: HubDb;
  try {
    db = await openHubDb({ dataDir, databaseUrl: databaseUrl() });
  } catch (err) {
    if (!(err instanceof HubDbLockedError)) throw err;
    const file = await readAdminFile(dataDir);
    if (!file || file.pid !== err.pid) {
      throw new Error(
        `${err.message} It offers no local administration (no ${resolve(dataDir, 'hub-admin.json')} of that process): stop it first, or start it with --host 127.0.0.1.`,
        { cause: err },
      );
    }
    return fn(remoteAdmin(file, actor));
  }
  try {
    return await fn(administration(db, { actor, origin: 'cli' }, { hubKeyId: await hubKeyIdIn(dataDir) }));
  } finally {
    await db.close();
  }
}

/** "until 11 december 2026 21:05 (24 hours)" in the hub's local time. */
function validUntil(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short' });
}

function printEnrolment(io: CliIo, who: string, enrolment: { code: string; expiresAt: string }): void {
  io.err(`Sign-in code for ${who}; it is shown only now, works once, until ${validUntil(enrolment.expiresAt)}:`);
  io.out(formatEnrolmentCode(enrolment.code));
  io.err('In Raadskaart: "Aanmelden" (Sign in), then type this code. The hub keeps only a hash of it.');
}

async function userAdd(args: string[], io: CliIo): Promise<number> {
  const v = parse(args, { data: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, group: { type: 'string' }, label: { type: 'string' } });
  if (typeof v.name !== 'string' || v.name.trim() === '') throw new UsageError("give the user's name with --name NAME");
  if (typeof v.role !== 'string' || !isRole(v.role)) throw new UsageError(`give --role as one of ${ROLES.join(', ')}`);
  const dataDir = dataDirOf(v.data);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const input = { name: v.name, role: v.role, partyGroup: typeof v.group === 'string' ? v.group : undefined, label: typeof v.label === 'string' ? v.label : undefined };
  const { user, enrolment } = await withAdmin(dataDir, (admin) => admin.addUser(input));
  io.err(`Added ${user.name} (${user.role}${user.partyGroup ? `, ${user.partyGroup}` : ''}).`);
  printEnrolment(io, user.name, enrolment);
  return 0;
}

async function deviceAdd(args: string[], io: CliIo): Promise<number> {
  const v = parse(args, { data: { type: 'string' }, user: { type: 'string' }, label: { type: 'string' }, token: { type: 'boolean' } });
  if (typeof v.user !== 'string' || v.user.trim() === '') throw new UsageError("give the user's name with --user NAME");
  if (typeof v.label !== 'string' || v.label.trim() === '') throw new UsageError('name the device with --label TEXT (for example --label "laptop raadzaal")');
  const dataDir = dataDirOf(v.data);
  const added = await withAdmin(dataDir, (admin) => admin.addDevice({ userName: v.user as string, label: v.label as string, token: v.token === true }));
  if (added.token !== undefined && added.device) {
    io.err(`Device ${added.device.id} "${added.device.label}" of ${added.user.name}. Its token follows; it is shown only now:`);
    io.out(added.token);
    io.err(`The hub keeps only a hash of it. Revoke it with "raadskaart hub device revoke --user '${added.user.name}' --id ${added.device.id}".`);
  } else if (added.enrolment) {
    printEnrolment(io, `${added.user.name} ("${v.label.trim()}")`, added.enrolment);
  }
  return 0;
}

async function deviceList(args: string[], io: CliIo): Promise<number> {
  const v = parse(args, { data: { type: 'string' }, user: { type: 'string' } });
  if (typeof v.user !== 'string' || v.user.trim() === '') throw new UsageError("give the user's name with --user NAME");
  const { user, devices } = await withAdmin(dataDirOf(v.data), (admin) => admin.listDevices(v.user as string));
  if (devices.length === 0) io.out(`${user.name} has no devices yet.`);
  for (const d of devices) {
    const state = d.revokedAt ? `revoked ${d.revokedAt.toISOString()}` : `last seen ${d.lastSeenAt ? d.lastSeenAt.toISOString() : 'never'}`;
    io.out(`${d.id}\t${d.label}\tadded ${d.createdAt.toISOString()}\t${state}`);
  }
  return 0;
}

async function deviceRevoke(args: string[], io: CliIo): Promise<number> {
  const v = parse(args, { data: { type: 'string' }, user: { type: 'string' }, id: { type: 'string' }, label: { type: 'string' } });
  if (typeof v.user !== 'string' || v.user.trim() === '') throw new UsageError("give the user's name with --user NAME");
  const id = v.id === undefined ? undefined : Number(v.id);
  if (id !== undefined && (!Number.isInteger(id) || id < 1)) throw new UsageError(`--id ${String(v.id)}: give the device's id from "hub device list"`);
  if (id === undefined && typeof v.label !== 'string') throw new UsageError('say which device with --id N or --label TEXT ("hub device list" shows them)');
  const label = typeof v.label === 'string' ? v.label : undefined;
  const { user, device } = await withAdmin(dataDirOf(v.data), (admin) => admin.revokeDevice({ userName: v.user as string, id, label }));
  io.out(`Revoked device ${device.id} "${device.label}" of ${user.name}. When it connects again it is told so and removes ${user.name}'s notes from it.`);
  return 0;
}

async function auditVerify(args: string[], io: CliIo): Promise<number> {
  const v = parse(args, { data: { type: 'string' } });
  const result = await withAdmin(dataDirOf(v.data), (admin) => admin.verifyAudit());
  if (result.ok) {
    io.out(`Audit log intact: ${result.lines} line(s) in the chain${result.pending ? `, ${result.pending} counted line(s) of the last minutes not yet chained` : ''}.`);
    if (result.head) io.out(`Head: ${result.head} (keep it: a later verify that shows an earlier head means lines were removed from the end)`);
    return 0;
  }
  io.err(`The audit log was changed: ${result.problems.length} problem(s) found in ${result.lines} chained line(s):`);
  for (const problem of result.problems) io.err(`  ${problem}`);
  return 1;
}

/** --name and the optional --id of `hub user remove|rotate`. */
function userRef(args: string[]): { dataDir: string; name: string; id: number | undefined } {
  const v = parse(args, { data: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' } });
  if (typeof v.name !== 'string' || v.name.trim() === '') throw new UsageError("give the user's name with --name NAME");
  const id = v.id === undefined ? undefined : Number(v.id);
  if (id !== undefined && (!Number.isInteger(id) || id < 1)) throw new UsageError(`--id ${String(v.id)}: give the user's id, a whole number from 1`);
  return { dataDir: dataDirOf(v.data), name: v.name.trim(), id };
}

async function userRemove(args: string[], io: CliIo): Promise<number> {
  const { dataDir, name, id } = userRef(args);
  const user = await withAdmin(dataDir, (admin) => admin.removeUser(name, id));
  io.out(`Removed ${user.name} (${user.role}). Their devices are revoked and their tokens no longer work.`);
  return 0;
}

async function userRotate(args: string[], io: CliIo): Promise<number> {
  const { dataDir, name, id } = userRef(args);
  const { user, enrolment, revoked } = await withAdmin(dataDir, (admin) => admin.rotateToken(name, id));
  io.err(`Revoked ${revoked} device(s) of ${user.name} (${user.role}); their old tokens no longer work.`);
  printEnrolment(io, user.name, enrolment);
  return 0;
}

async function keyAdd(args: string[], io: CliIo): Promise<number> {
  const v = parse(args, {
    data: { type: 'string' },
    public: { type: 'string' },
    package: { type: 'string', multiple: true },
    label: { type: 'string' },
  });
  if (typeof v.public !== 'string') throw new UsageError("give the publisher's public key file with --public KEYFILE");
  const packageIds = Array.isArray(v.package) ? v.package.filter((p): p is string => typeof p === 'string') : [];
  for (const id of packageIds) {
    if (!Manifest.shape.packageId.safeParse(id).success) throw new UsageError(`--package ${id}: not a package id (lowercase letters, digits, dots, dashes)`);
  }
  const file = resolve(v.public);
  const key = await parsePublicKeyFile(await readKeyFile(file), file);
  const label = typeof v.label === 'string' && v.label.trim() ? v.label.trim() : basename(file);
  const dataDir = dataDirOf(v.data);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const scope = packageIds.length ? packageIds : null;
  const outcome = await withAdmin(dataDir, (admin) => admin.trustKey({ key, label, packageIds: scope }));
  io.out(`${outcome === 'added' ? 'Trusted' : 'Updated'} publisher key ${key.keyid} ("${label}") for ${scope ? `package(s) ${scope.join(', ')}` : 'every package'}.`);
  return 0;
}
