// Local administration of a running hub: while a hub has its embedded database open (PGlite
// belongs to one process), `raadskaart hub user|key ...` on the same data folder asks that hub
// instead (routes/admin.ts). The hub proves the CLI is run by its own OS user with a secret it
// writes to <data>/hub-admin.json (mode 0600, a new one at every start, removed at stop), next
// to its loopback URL and pid. Never write the secret anywhere else, never accept it from a
// connection that is not loopback, and never log it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../node/atomicWrite';
import { join } from 'node:path';
import { z } from 'zod';

export const ADMIN_FILE = 'hub-admin.json';

const AdminFile = z.strictObject({
  url: z.string().regex(/^http:\/\/(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost):\d{1,5}$/, 'must be a loopback http:// URL'),
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  pid: z.number().int().positive(),
});
export type AdminFile = z.infer<typeof AdminFile>;

/** A new admin secret: 32 random bytes, base64url. */
export function newAdminSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** True when `given` is the secret (compared in constant time). */
export function isAdminSecret(given: string, secret: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

/** The loopback URL the CLI reaches a hub on, or undefined when it listens on no loopback address. */
export function loopbackUrl(host: string, port: number): string | undefined {
  if (host === '0.0.0.0' || /^127\./.test(host) || host === 'localhost') return `http://127.0.0.1:${port}`;
  if (host === '::' || host === '::1') return `http://[::1]:${port}`;
  return undefined;
}

/** Writes <dataDir>/hub-admin.json (0600) atomically. */
export async function writeAdminFile(dataDir: string, file: AdminFile): Promise<void> {
  await writeFileAtomic(join(dataDir, ADMIN_FILE), `${JSON.stringify(file)}\n`, { mode: 0o600 });
}

/** Removes <dataDir>/hub-admin.json if it is still this hub's (another hub may have replaced it). */
export async function removeAdminFile(dataDir: string, secret: string): Promise<void> {
  // a damaged or unreadable file is not this hub's to remove
  const current = await readAdminFile(dataDir).catch(() => undefined);
  if (current?.secret === secret) await rm(join(dataDir, ADMIN_FILE), { force: true });
}

/** The admin file of a running hub, or undefined when there is none. Throws when it cannot be read (another OS user). */
export async function readAdminFile(dataDir: string): Promise<AdminFile | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, ADMIN_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((err as NodeJS.ErrnoException).code === 'EACCES') {
      throw new Error(`cannot read ${join(dataDir, ADMIN_FILE)}: run this command as the user the hub runs as`, { cause: err });
    }
    throw err;
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    value = undefined;
  }
  const parsed = AdminFile.safeParse(value);
  if (!parsed.success) throw new Error(`${join(dataDir, ADMIN_FILE)} is damaged; restart the hub to write a new one`);
  return parsed.data;
}
