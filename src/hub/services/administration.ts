// User and key administration of the hub, with their audit lines: add, remove and re-key
// users, trust publisher keys. One implementation, used by `raadskaart hub user|key ...` on the
// database directly and by the running hub's local admin routes (routes/admin.ts), so both
// refuse the same things with the same words and audit alike. Each change and its audit line
// commit together; a refused change leaves a 'rejected' line. Never writes a token into a line;
// the token of a new or re-keyed user is returned once and kept nowhere.
import { ValidationError } from '../../shared/errors';
import type { PublicKeyFile } from '../../shared/keys';
import { Manifest } from '../../shared/packageFormat';
import type { HubUser } from '../accounts';
import { addUser, removeUser, rotateToken, upsertPublisherKey } from '../accounts';
import { writeAudit } from '../audit';
import type { HubDb, HubTx } from '../db';

/** Who asks, for the audit line: e.g. actor 'cli:anna', origin 'cli'. */
export type AdminActor = { actor: string; origin: string };

export type TrustKeyInput = { key: PublicKeyFile; label: string; packageIds: string[] | null };

/** What an administrator may do; implemented here on a database and by the CLI over the admin routes. */
export type HubAdmin = {
  addUser(input: { name: string; role: string; partyGroup?: string | undefined }): Promise<{ user: HubUser; token: string }>;
  removeUser(name: string, id?: number): Promise<HubUser>;
  rotateToken(name: string, id?: number): Promise<{ user: HubUser; token: string }>;
  trustKey(input: TrustKeyInput): Promise<'added' | 'updated'>;
};

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
        const created = await addUser(tx, input);
        return { result: created, detail: `role ${created.user.role}${created.user.partyGroup ? `, group ${created.user.partyGroup}` : ''}` };
      }),

    removeUser: (name, id) =>
      audited('user.remove', `user:${name.trim()}`, async (tx) => {
        const removed = await removeUser(tx, name, id);
        return { result: removed, detail: `role ${removed.role}` };
      }),

    rotateToken: (name, id) =>
      audited('user.rotate', `user:${name.trim()}`, async (tx) => {
        const rotated = await rotateToken(tx, name, id);
        return { result: rotated, detail: `role ${rotated.user.role}; the old token no longer works` };
      }),

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
