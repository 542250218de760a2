// Users with bearer tokens, and the publisher keys the hub trusts for publishing.
// A token is 32 random bytes (base64url), shown once to whoever created the user; the hub
// stores only its sha256 and finds a user by looking that hash up. Never store, log or
// return a token after creation.
import { createHash, randomBytes } from 'node:crypto';
import { ValidationError } from '../shared/errors';
import type { HubDb, HubTx } from './db';

export const ROLES = ['advisor', 'member', 'clerk', 'alderman'] as const;
export type Role = (typeof ROLES)[number];

export type HubUser = { id: number; name: string; role: Role; partyGroup: string | null };

/** A bearer token: 43 base64url characters (32 bytes). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** sha256 hex of a token's UTF-8 text: what the users table keeps. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True when s has the form of a token (says nothing about whether it is known). */
export function looksLikeToken(s: string): boolean {
  return TOKEN.test(s);
}

/**
 * Creates a user and returns it with its token; the token is not kept anywhere. Names are
 * unique (case-sensitive, after trimming): `hub user remove` and `rotate` find people by name.
 */
export async function addUser(db: HubDb | HubTx, input: { name: string; role: string; partyGroup?: string | undefined }): Promise<{ user: HubUser; token: string }> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) throw new ValidationError('user name: give 1 to 200 characters');
  if (!isRole(input.role)) throw new ValidationError(`role "${input.role}": must be one of ${ROLES.join(', ')}`);
  const group = input.partyGroup?.trim();
  if (group !== undefined && (group.length < 1 || group.length > 200)) throw new ValidationError('party group: give 1 to 200 characters');
  if ((await usersNamed(db, name)).length > 0) {
    throw new ValidationError(`a user called "${name}" exists already: choose another name, or give them a new token with "hub user rotate"`);
  }
  const token = newToken();
  const rows = await db.query<{ id: number }>('INSERT INTO users (name, role, party_group, token_sha256) VALUES ($1, $2, $3, $4) RETURNING id', [
    name,
    input.role,
    group ?? null,
    tokenHash(token),
  ]);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('INSERT INTO users returned no id');
  return { user: { id, name, role: input.role, partyGroup: group ?? null }, token };
}

/**
 * 32 random bytes in base64url, never starting with "-": `raadskaart publish --token -abc…`
 * would read as an option (parseArgs refuses it), so such a token is drawn again.
 */
function newToken(): string {
  for (;;) {
    const token = randomBytes(32).toString('base64url');
    if (!token.startsWith('-')) return token;
  }
}

async function usersNamed(db: HubDb | HubTx, name: string): Promise<HubUser[]> {
  const rows = await db.query<{ id: number; name: string; role: Role; party_group: string | null }>('SELECT id, name, role, party_group FROM users WHERE name = $1 ORDER BY id', [
    name.trim(),
  ]);
  return rows.map((row) => ({ id: row.id, name: row.name, role: row.role, partyGroup: row.party_group }));
}

/**
 * The one user with this name (and this id, when given). Several users can share a name only
 * in a database from before names were unique: then the id must say which one.
 */
async function theUserNamed(db: HubDb | HubTx, name: string, id?: number): Promise<HubUser> {
  const users = (await usersNamed(db, name)).filter((u) => id === undefined || u.id === id);
  const user = users[0];
  if (!user) throw new ValidationError(`the hub has no user called "${name.trim()}"${id === undefined ? '' : ` with id ${id}`}`);
  if (users.length > 1) {
    throw new ValidationError(`${users.length} users are called "${name.trim()}" (ids ${users.map((u) => u.id).join(', ')}): say which one with --id`);
  }
  return user;
}

/** Removes a user: their token stops working at once. Returns who was removed. */
export async function removeUser(db: HubDb | HubTx, name: string, id?: number): Promise<HubUser> {
  const user = await theUserNamed(db, name, id);
  await db.query('DELETE FROM users WHERE id = $1', [user.id]);
  return user;
}

/** Gives a user a new token (returned once, not kept); the old one stops working at once. */
export async function rotateToken(db: HubDb | HubTx, name: string, id?: number): Promise<{ user: HubUser; token: string }> {
  const user = await theUserNamed(db, name, id);
  const token = newToken();
  await db.query('UPDATE users SET token_sha256 = $2 WHERE id = $1', [user.id, tokenHash(token)]);
  return { user, token };
}

/** The user a token belongs to, or undefined (malformed or unknown token). */
export async function findUserByToken(db: HubDb | HubTx, token: string): Promise<HubUser | undefined> {
  if (!looksLikeToken(token)) return undefined;
  const rows = await db.query<{ id: number; name: string; role: Role; party_group: string | null }>('SELECT id, name, role, party_group FROM users WHERE token_sha256 = $1', [
    tokenHash(token),
  ]);
  const row = rows[0];
  return row ? { id: row.id, name: row.name, role: row.role, partyGroup: row.party_group } : undefined;
}

/** A publisher key as the hub keeps it. */
export type PublisherKeyRow = { keyid: string; publicKey: string; label: string; packageIds: string[] | null };

/**
 * Trusts a publisher key (insert, or replace label and scope when the keyid is known).
 * packageIds null: the key may publish every package; otherwise only those ids.
 */
export async function upsertPublisherKey(db: HubDb | HubTx, key: PublisherKeyRow): Promise<'added' | 'updated'> {
  const rows = await db.query<{ inserted: boolean }>(
    `INSERT INTO publisher_keys (keyid, public_key, label, package_ids) VALUES ($1, $2, $3, $4)
     ON CONFLICT (keyid) DO UPDATE SET public_key = EXCLUDED.public_key, label = EXCLUDED.label, package_ids = EXCLUDED.package_ids
     RETURNING (xmax = 0) AS inserted`,
    [key.keyid, key.publicKey, key.label, key.packageIds],
  );
  return rows[0]?.inserted ? 'added' : 'updated';
}

/** Every trusted publisher key. */
export async function listPublisherKeys(db: HubDb | HubTx): Promise<PublisherKeyRow[]> {
  const rows = await db.query<{ keyid: string; public_key: string; label: string; package_ids: string[] | null }>(
    'SELECT keyid, public_key, label, package_ids FROM publisher_keys ORDER BY keyid',
  );
  return rows.map((r) => ({ keyid: r.keyid, publicKey: r.public_key, label: r.label, packageIds: r.package_ids }));
}
