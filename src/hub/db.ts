// Database access for the hub: one small interface (HubDb) over two engines, PostgreSQL via
// `pg` when DATABASE_URL is set and embedded PGlite (WASM PostgreSQL in <data>/pglite)
// otherwise, plus the migration runner that brings either to the same schema.
// Code above this module writes plain PostgreSQL SQL with $1 parameters and must never
// depend on which engine runs it: select bigint columns as ::text or ::int when the value
// matters (pg returns int8 as a string, PGlite as a number), bytea comes back as Uint8Array.
// Never open one PGlite folder from two processes: openHubDb takes a lock file for that.
import { closeSync, constants as fsConstants, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { RaadskaartError } from '../shared/errors';

/** Queries inside one transaction. */
export type HubTx = {
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs SQL text that may hold several statements (no parameters): migrations only. */
  exec(sql: string): Promise<void>;
};

/** The hub's database: PostgreSQL or PGlite behind the same three calls. */
export type HubDb = {
  readonly engine: 'postgres' | 'pglite';
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: HubTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/** The database could not be opened or migrated. */
export class HubDbError extends RaadskaartError {
  constructor(message: string) {
    super('hub-db', message);
  }
}

/** The embedded database is open in a running process (`pid`, maybe this one): only that process may use it. */
export class HubDbLockedError extends HubDbError {
  readonly pid: number;
  constructor(message: string, pid: number) {
    super(message);
    this.pid = pid;
  }
}

export type OpenHubDbOptions = {
  /** The hub's data folder; PGlite keeps its files in <dataDir>/pglite. */
  dataDir: string;
  /** postgres://… ; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** PostgreSQL only: a schema to create (if missing) and use as search_path (tests). */
  schema?: string | undefined;
  /** Apply pending migrations after opening (default true). */
  migrate?: boolean;
};

/** Opens the hub database (PostgreSQL when databaseUrl is set, else PGlite) and migrates it. */
export async function openHubDb(options: OpenHubDbOptions): Promise<HubDb> {
  const db = options.databaseUrl ? await openPostgres(options.databaseUrl, options.schema) : await openPglite(join(options.dataDir, 'pglite'));
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return db;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function openPostgres(url: string, schema: string | undefined): Promise<HubDb> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new HubDbError(`schema name "${schema}" must be lowercase letters, digits and _ (at most 63)`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // every pooled connection uses the schema, so queries need no prefix
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // an idle client that loses its server must not crash the process
  pool.on('error', () => undefined);
  try {
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    else await pool.query('SELECT 1');
  } catch (err) {
    await pool.end();
    throw new HubDbError(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}. Check DATABASE_URL and that the server is running.`);
  }
  const asTx = (client: pg.PoolClient): HubTx => ({
    query: async <T>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params ? [...params] : undefined)).rows as T[],
    exec: async (sql: string) => {
      await client.query(sql);
    },
  });
  return {
    engine: 'postgres',
    query: async <T>(sql: string, params?: readonly unknown[]) => (await pool.query(sql, params ? [...params] : undefined)).rows as T[],
    transaction: async <T>(fn: (tx: HubTx) => Promise<T>) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(asTx(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: async () => {
      await pool.end();
    },
  };
}

async function openPglite(dir: string): Promise<HubDb> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const releaseLock = takeFolderLock(dir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir);
  } catch (err) {
    releaseLock();
    throw new HubDbError(`cannot open the embedded database in ${dir}: ${(err as Error).message}`);
  }
  return {
    engine: 'pglite',
    query: async <T>(sql: string, params?: readonly unknown[]) => (await pglite.query<T>(sql, params ? [...params] : undefined)).rows,
    transaction: <T>(fn: (tx: HubTx) => Promise<T>) =>
      pglite.transaction((tx) =>
        fn({
          query: async <R>(sql: string, params?: readonly unknown[]) => (await tx.query<R>(sql, params ? [...params] : undefined)).rows,
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        }),
      ),
    close: async () => {
      try {
        await pglite.close();
      } finally {
        releaseLock();
      }
    },
  };
}

/**
 * PGlite is one process's database: a second process on the same folder would corrupt it.
 * A lock file with our pid keeps `hub user add` from running beside a running hub; a lock
 * left by a process that no longer exists is taken over.
 */
function takeFolderLock(dir: string): () => void {
  const lockPath = join(dir, '..', 'hub.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY, 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSafe(lockPath));
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new HubDbLockedError(
          pid === process.pid
            ? `the embedded database in ${dir} is already open in this process; close it first`
            : `the embedded database in ${dir} is in use by process ${pid} (a running hub?). Stop it first, or use PostgreSQL through DATABASE_URL to share the database.`,
          pid,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new HubDbError(`cannot take the lock file ${lockPath}`);
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** Folder of the NNN_name.sql files, next to this module (tsx, vitest and CommonJS alike). */
export function defaultMigrationsDir(): string {
  const metaDir = (import.meta as { dirname?: string }).dirname;
  return join(metaDir ?? __dirname, 'migrations');
}

const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;
// any constant: serialises migration runs of several hubs starting at once on one PostgreSQL
const MIGRATION_LOCK = 724_201_003;

/**
 * Applies every migration not yet recorded in schema_migrations, in file-name order, each in
 * its own transaction together with its record, so a failure leaves the previous schema.
 * Returns the names applied now (empty when up to date).
 */
export async function migrate(db: HubDb, dir = defaultMigrationsDir()): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const sql = readFileSync(join(dir, file), 'utf8');
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const seen = await tx.query<{ name: string }>('SELECT name FROM schema_migrations WHERE name = $1', [file]);
      if (seen.length > 0) return false;
      try {
        await tx.exec(sql);
      } catch (err) {
        throw new HubDbError(`migration ${file} failed: ${(err as Error).message}`);
      }
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}
