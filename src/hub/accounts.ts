// Users, their devices and the publisher keys the hub trusts for publishing.
// A user signs in on each device with a one-time enrolment code (16 characters, valid 24
// hours, usable once: src/shared/sync/codes.ts), which the device exchanges for its own
// bearer token, so one lost laptop is revoked alone. A token is 32 random bytes (base64url),
// shown once; the hub stores only the sha256 of tokens and codes and finds a device by looking
// that hash up. A revoked device keeps its row, so the hub can tell it so when it reconnects.
// Tokens from before devices (users.token_sha256) keep working until the user is re-keyed.
// Never store, log or return a token or code after creation.
import { createHash, randomBytes } from 'node:crypto';
import { ValidationError } from '../shared/errors';
import { USER_ROLES } from '../shared/sync/access';
import type { UserRole } from '../shared/sync/access';
import { ENROLMENT_VALID_MS, newEnrolmentCode, parseEnrolmentCode } from '../shared/sync/codes';
import type { HubDb, HubTx } from './db';

export const ROLES = USER_ROLES;
export type Role = UserRole;

export type HubUser = { id: number; name: string; role: Role; partyGroup: string | null };

/** A device a token was issued to. */
export type HubDevice = { id: number; label: string };

/** What a bearer token stands for: a user on a device (device null for a token from before devices), or a revoked device. */
export type TokenHolder = { kind: 'user'; user: HubUser; device: HubDevice | null } | { kind: 'revoked'; userName: string; device: HubDevice };

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
 * Creates a user without any token or device. Names are unique (case-sensitive, after
 * trimming): `hub user remove`, `rotate` and `hub device ...` find people by name.
 */
export async function createUser(db: HubDb | HubTx, input: { name: string; role: string; partyGroup?: string | undefined }): Promise<HubUser> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) throw new ValidationError('user name: give 1 to 200 characters');
  if (!isRole(input.role)) throw new ValidationError(`role "${input.role}": must be one of ${ROLES.join(', ')}`);
  const group = input.partyGroup?.trim();
  if (group !== undefined && (group.length < 1 || group.length > 200)) throw new ValidationError('party group: give 1 to 200 characters');
  if ((await usersNamed(db, name)).length > 0) {
    throw new ValidationError(`a user called "${name}" exists already: choose another name, or give them a new token with "hub user rotate"`);
  }
  const rows = await db.query<{ id: number }>('INSERT INTO users (name, role, party_group) VALUES ($1, $2, $3) RETURNING id', [name, input.role, group ?? null]);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('INSERT INTO users returned no id');
  return { id, name, role: input.role, partyGroup: group ?? null };
}

/**
 * Creates a user with one device token (label `token`), for scripts and tests that need a
 * token at once; people get an enrolment code instead (createEnrolmentCode).
 */
export async function addUser(
  db: HubDb | HubTx,
  input: { name: string; role: string; partyGroup?: string | undefined; label?: string },
): Promise<{ user: HubUser; token: string }> {
  const user = await createUser(db, input);
  const { token } = await issueDeviceToken(db, user, input.label ?? 'token');
  return { user, token };
}

function checkLabel(label: string): string {
  const trimmed = label.trim();
  if (trimmed.length < 1 || trimmed.length > 200) throw new ValidationError('device label: give 1 to 200 characters (for example "laptop raadzaal")');
  return trimmed;
}

/** A new device of `user` with its token (returned once, kept only as a hash). */
export async function issueDeviceToken(db: HubDb | HubTx, user: HubUser, label: string): Promise<{ device: HubDevice; token: string }> {
  const token = newToken();
  const rows = await db.query<{ id: number; label: string }>('INSERT INTO devices (user_id, user_name, label, token_sha256) VALUES ($1, $2, $3, $4) RETURNING id, label', [
    user.id,
    user.name,
    checkLabel(label),
    tokenHash(token),
  ]);
  const device = rows[0];
  if (!device) throw new Error('INSERT INTO devices returned no id');
  return { device, token };
}

/** sha256 hex of a code as stored (upper case, no grouping). */
function codeHash(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

/** A one-time enrolment code for a new device of `user` (returned once, kept only as a hash), valid 24 hours from `now`. */
export async function createEnrolmentCode(db: HubDb | HubTx, user: HubUser, label: string, now: Date): Promise<{ code: string; expiresAt: Date }> {
  const code = newEnrolmentCode();
  const expiresAt = new Date(now.getTime() + ENROLMENT_VALID_MS);
  await db.query('INSERT INTO enrolment_codes (code_sha256, user_id, label, created_at, expires_at) VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz)', [
    codeHash(code),
    user.id,
    checkLabel(label),
    now.toISOString(),
    expiresAt.toISOString(),
  ]);
  return { code, expiresAt };
}

/**
 * Exchanges an enrolment code for a device token: once, before it expires (the UPDATE that
 * marks it used is the check, so two hub processes cannot both accept it). Undefined for a
 * code that is malformed, unknown, used or expired. `label` names the device (the code's own
 * label when empty).
 */
export async function redeemEnrolmentCode(db: HubDb | HubTx, typed: string, label: string, now: Date): Promise<{ user: HubUser; device: HubDevice; token: string } | undefined> {
  const parsed = parseEnrolmentCode(typed);
  if (!parsed.ok) return undefined;
  const rows = await db.query<{ user_id: number; label: string }>(
    'UPDATE enrolment_codes SET used_at = $2::timestamptz WHERE code_sha256 = $1 AND used_at IS NULL AND expires_at > $2::timestamptz RETURNING user_id, label',
    [codeHash(parsed.code), now.toISOString()],
  );
  const row = rows[0];
  if (!row) return undefined;
  const user = await userById(db, row.user_id);
  if (!user) return undefined;
  const { device, token } = await issueDeviceToken(db, user, label.trim() || row.label);
  await db.query('UPDATE enrolment_codes SET device_id = $2 WHERE code_sha256 = $1', [codeHash(parsed.code), device.id]);
  return { user, device, token };
}

async function userById(db: HubDb | HubTx, id: number): Promise<HubUser | undefined> {
  const rows = await db.query<{ id: number; name: string; role: Role; party_group: string | null }>('SELECT id, name, role, party_group FROM users WHERE id = $1', [id]);
  const row = rows[0];
  return row ? { id: row.id, name: row.name, role: row.role, partyGroup: row.party_group } : undefined;
}

/** A device as `hub device list` shows it. */
export type DeviceRow = HubDevice & { createdAt: Date; lastSeenAt: Date | null; revokedAt: Date | null };

/** The devices of the user with this name, oldest first. */
export async function listDevices(db: HubDb | HubTx, name: string): Promise<{ user: HubUser; devices: DeviceRow[] }> {
  const user = await userNamed(db, name);
  const rows = await db.query<{ id: number; label: string; created_at: Date; last_seen_at: Date | null; revoked_at: Date | null }>(
    'SELECT id, label, created_at, last_seen_at, revoked_at FROM devices WHERE user_id = $1 ORDER BY id',
    [user.id],
  );
  return {
    user,
    devices: rows.map((r) => ({
      id: r.id,
      label: r.label,
      createdAt: new Date(r.created_at),
      lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at) : null,
      revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
    })),
  };
}

/** Revokes one device of a user (by id, or by label when that names exactly one live device); its token stops working at once. */
export async function revokeDevice(db: HubDb | HubTx, name: string, which: { id?: number; label?: string }, now: Date): Promise<{ user: HubUser; device: HubDevice }> {
  const { user, devices } = await listDevices(db, name);
  const live = devices.filter((d) => d.revokedAt === null);
  const matches = which.id !== undefined ? devices.filter((d) => d.id === which.id) : live.filter((d) => d.label === which.label?.trim());
  const device = matches[0];
  if (!device) {
    throw new ValidationError(
      `${user.name} has no ${which.id !== undefined ? `device ${which.id}` : `device labelled "${which.label ?? ''}"`}; their devices: ${devices.map((d) => `${d.id} "${d.label}"${d.revokedAt ? ' (revoked)' : ''}`).join(', ') || 'none'}`,
    );
  }
  if (matches.length > 1) throw new ValidationError(`${matches.length} devices of ${user.name} are labelled "${which.label ?? ''}": say which one with --id`);
  if (device.revokedAt !== null) throw new ValidationError(`device ${device.id} "${device.label}" of ${user.name} was revoked already`);
  await db.query('UPDATE devices SET revoked_at = $2::timestamptz WHERE id = $1', [device.id, now.toISOString()]);
  return { user, device: { id: device.id, label: device.label } };
}

/** Revokes every device of a user and their token from before devices; returns how many devices. */
export async function revokeAllDevices(db: HubDb | HubTx, user: HubUser, now: Date): Promise<number> {
  const rows = await db.query<{ id: number }>('UPDATE devices SET revoked_at = $2::timestamptz WHERE user_id = $1 AND revoked_at IS NULL RETURNING id', [
    user.id,
    now.toISOString(),
  ]);
  await db.query('UPDATE users SET token_sha256 = NULL WHERE id = $1', [user.id]);
  return rows.length;
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
export async function userNamed(db: HubDb | HubTx, name: string, id?: number): Promise<HubUser> {
  const users = (await usersNamed(db, name)).filter((u) => id === undefined || u.id === id);
  const user = users[0];
  if (!user) throw new ValidationError(`the hub has no user called "${name.trim()}"${id === undefined ? '' : ` with id ${id}`}`);
  if (users.length > 1) {
    throw new ValidationError(`${users.length} users are called "${name.trim()}" (ids ${users.map((u) => u.id).join(', ')}): say which one with --id`);
  }
  return user;
}

/**
 * Removes a user: their devices are revoked (so a device that reconnects is told so and wipes
 * their notes) and every token stops working at once. Returns who was removed.
 */
export async function removeUser(db: HubDb | HubTx, name: string, id?: number, now = new Date()): Promise<HubUser> {
  const user = await userNamed(db, name, id);
  await revokeAllDevices(db, user, now);
  await db.query('DELETE FROM users WHERE id = $1', [user.id]);
  return user;
}

/** Re-keys a user: every device is revoked and one new device token is returned (once, not kept). */
export async function rotateToken(db: HubDb | HubTx, name: string, id?: number, now = new Date()): Promise<{ user: HubUser; token: string }> {
  const user = await userNamed(db, name, id);
  await revokeAllDevices(db, user, now);
  const { token } = await issueDeviceToken(db, user, 'token');
  return { user, token };
}

/** Devices seen within this long are not written to again (last_seen_at is for `hub device list`, not a log). */
const SEEN_RESOLUTION = '10 minutes';

/** What a token stands for, or undefined (malformed or unknown token). Notes when the device was last seen. */
export async function resolveToken(db: HubDb | HubTx, token: string): Promise<TokenHolder | undefined> {
  if (!looksLikeToken(token)) return undefined;
  const hash = tokenHash(token);
  const devices = await db.query<{
    id: number;
    label: string;
    user_name: string;
    revoked_at: Date | null;
    user_id: number | null;
    name: string | null;
    role: Role | null;
    party_group: string | null;
  }>(
    `WITH d AS (SELECT * FROM devices WHERE token_sha256 = $1),
          seen AS (UPDATE devices SET last_seen_at = now()
                    WHERE id = (SELECT id FROM d) AND revoked_at IS NULL AND (last_seen_at IS NULL OR last_seen_at < now() - $2::interval))
     SELECT d.id, d.label, d.user_name, d.revoked_at, u.id AS user_id, u.name, u.role, u.party_group FROM d LEFT JOIN users u ON u.id = d.user_id`,
    [hash, SEEN_RESOLUTION],
  );
  const device = devices[0];
  if (device) {
    if (device.revoked_at !== null || device.user_id === null || device.name === null || device.role === null) {
      return { kind: 'revoked', userName: device.user_name, device: { id: device.id, label: device.label } };
    }
    return { kind: 'user', user: { id: device.user_id, name: device.name, role: device.role, partyGroup: device.party_group }, device: { id: device.id, label: device.label } };
  }
  const rows = await db.query<{ id: number; name: string; role: Role; party_group: string | null }>('SELECT id, name, role, party_group FROM users WHERE token_sha256 = $1', [
    hash,
  ]);
  const row = rows[0];
  return row ? { kind: 'user', user: { id: row.id, name: row.name, role: row.role, partyGroup: row.party_group }, device: null } : undefined;
}

/** The user a token belongs to, or undefined (malformed, unknown or revoked token). */
export async function findUserByToken(db: HubDb | HubTx, token: string): Promise<HubUser | undefined> {
  const holder = await resolveToken(db, token);
  return holder?.kind === 'user' ? holder.user : undefined;
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
