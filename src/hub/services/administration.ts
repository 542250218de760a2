// User, device and key administration of the hub, with their audit lines: add, remove and
// re-key users, give a user a device (an enrolment code, or a token for a script), list and
// revoke devices, trust publisher keys, verify the audit chain. One implementation, used by
// `raadskaart hub user|device|key|audit ...` on the database directly and by the running hub's
// local admin routes (routes/admin.ts), so both refuse the same things with the same words and
// audit alike. Each change and its audit line commit together; a refused change leaves a
// 'rejected' line. Never writes a token or code into a line; a new code or token is returned
// once and kept nowhere (only its hash).
import { ValidationError } from '../../shared/errors';
import type { PublicKeyFile } from '../../shared/keys';
import { Manifest } from '../../shared/packageFormat';
import type { DeviceRow, HubDevice, HubUser } from '../accounts';
import { createEnrolmentCode, createUser, issueDeviceToken, listDevices, removeUser, revokeAllDevices, revokeDevice, upsertPublisherKey, userNamed } from '../accounts';
import type { AuditVerification } from '../audit';
import { verifyAuditChain, writeAudit } from '../audit';
import type { HubDb, HubTx } from '../db';

/** Who asks, for the audit line: e.g. actor 'cli:anna', origin 'cli'. */
export type AdminActor = { actor: string; origin: string };

export type TrustKeyInput = { key: PublicKeyFile; label: string; packageIds: string[] | null };

/** A one-time enrolment code for a new device (ungrouped; show it with formatEnrolmentCode). */
export type Enrolment = { code: string; expiresAt: string };

/** What an administrator may do; implemented here on a database and by the CLI over the admin routes. */
export type HubAdmin = {
  /** A new user and the enrolment code of their first device (labelled `label`, default "eerste apparaat"). */
  addUser(input: { name: string; role: string; partyGroup?: string | undefined; label?: string | undefined }): Promise<{ user: HubUser; enrolment: Enrolment }>;
  removeUser(name: string, id?: number): Promise<HubUser>;
  /** Revokes every device of the user and gives a new enrolment code. */
  rotateToken(name: string, id?: number): Promise<{ user: HubUser; enrolment: Enrolment; revoked: number }>;
  /** An enrolment code for another device of the user, or (`token`) a device token at once, for a script such as `raadskaart publish`. */
  addDevice(input: { userName: string; label: string; token?: boolean }): Promise<{ user: HubUser; enrolment?: Enrolment; device?: HubDevice; token?: string }>;
  listDevices(userName: string): Promise<{ user: HubUser; devices: DeviceRow[] }>;
  revokeDevice(input: { userName: string; id?: number | undefined; label?: string | undefined }): Promise<{ user: HubUser; device: HubDevice }>;
  verifyAudit(): Promise<AuditVerification>;
  trustKey(input: TrustKeyInput): Promise<'added' | 'updated'>;
};

const FIRST_DEVICE = 'eerste apparaat';

/**
 * Administration on `db` as `who`. `hubKeyId` (when known) is the hub's own key, which is
 * never trusted as a publisher key: a hub that could publish would not need an advisor.
 */
export function administration(db: HubDb, who: AdminActor, options: { hubKeyId?: string | undefined } = {}): HubAdmin {
  /** Runs one change and its audit line in one transaction; a refused change gets a 'rejected' line. */
  const audited = async <T>(action: string, object: string, change: (tx: HubTx) => Promise<{ result: T; detail: string }>): Promise<T> => {
    const entry = { actor: who.actor, action, object, origin: who.origin };
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
  };

  return {
    addUser: (input) =>
      audited('user.add', `user:${input.name.trim()}`, async (tx) => {
        const user = await createUser(tx, input);
        const { code, expiresAt } = await createEnrolmentCode(tx, user, input.label?.trim() || FIRST_DEVICE, new Date());
        return {
          result: { user, enrolment: { code, expiresAt: expiresAt.toISOString() } },
          detail: `role ${user.role}${user.partyGroup ? `, group ${user.partyGroup}` : ''}; enrolment code valid until ${expiresAt.toISOString()}`,
        };
      }),

    removeUser: (name, id) =>
      audited('user.remove', `user:${name.trim()}`, async (tx) => {
        const removed = await removeUser(tx, name, id);
        return { result: removed, detail: `role ${removed.role}` };
      }),

    rotateToken: (name, id) =>
      audited('user.rotate', `user:${name.trim()}`, async (tx) => {
        const user = await userNamed(tx, name, id);
        const now = new Date();
        const revoked = await revokeAllDevices(tx, user, now);
        const { code, expiresAt } = await createEnrolmentCode(tx, user, FIRST_DEVICE, now);
        return {
          result: { user, enrolment: { code, expiresAt: expiresAt.toISOString() }, revoked },
          detail: `role ${user.role}; ${revoked} device(s) revoked and the old tokens no longer work; new enrolment code valid until ${expiresAt.toISOString()}`,
        };
      }),

    addDevice: ({ userName, label, token }) =>
      audited<{ user: HubUser; enrolment?: Enrolment; device?: HubDevice; token?: string }>('device.add', `user:${userName.trim()}`, async (tx) => {
        const user = await userNamed(tx, userName);
        if (token) {
          const issued = await issueDeviceToken(tx, user, label);
          return { result: { user, device: issued.device, token: issued.token }, detail: `device ${issued.device.id} "${issued.device.label}": token issued at once` };
        }
        const { code, expiresAt } = await createEnrolmentCode(tx, user, label, new Date());
        return { result: { user, enrolment: { code, expiresAt: expiresAt.toISOString() } }, detail: `enrolment code for "${label.trim()}" valid until ${expiresAt.toISOString()}` };
      }),

    listDevices: (userName) => listDevices(db, userName),

    revokeDevice: ({ userName, id, label }) =>
      audited('device.revoke', `user:${userName.trim()}`, async (tx) => {
        const revoked = await revokeDevice(tx, userName, { ...(id !== undefined ? { id } : {}), ...(label !== undefined ? { label } : {}) }, new Date());
        return { result: revoked, detail: `device ${revoked.device.id} "${revoked.device.label}" revoked` };
      }),

    verifyAudit: () => verifyAuditChain(db),

    trustKey: ({ key, label, packageIds }) =>
      audited('key.add', `key:${key.keyid}`, async (tx) => {
        if (key.keyid === options.hubKeyId) {
          throw new ValidationError(`key ${key.keyid} is this hub's own key, which signs its catalog; it cannot also be trusted to publish packages`);
        }
        for (const id of packageIds ?? []) {
          if (!Manifest.shape.packageId.safeParse(id).success) throw new ValidationError(`package "${id}": not a package id (lowercase letters, digits, dots, dashes)`);
        }
        const done = await upsertPublisherKey(tx, { keyid: key.keyid, publicKey: key.publicKey, label, packageIds });
        return { result: done, detail: `${done}; label "${label}"; ${packageIds ? `packages ${packageIds.join(', ')}` : 'all packages'}` };
      }),
  };
}
