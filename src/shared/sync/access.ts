// Who may see and who may change a synced record (DESIGN.md "Sync of notes and decisions"):
// a note or composition is seen by its author alone (private), by the author's party group
// (partyGroup) or by everyone (public); motions, votes, decisions, commitments, the council's
// composition and attendance are the whole council's, and only clerks record them. Only
// authors change their notes. The hub applies these rules to every mutation against the
// token's user, whatever the mutation claims; the app uses the same rules to say beforehand
// what a person may do. Pure.
// Never decide on anything a mutation says about its author: only `SyncUser` counts.
import type { RecordKind, Visibility } from '../records/records';
import { CLERK_KINDS, IMMUTABLE_KINDS, SCOPED_KINDS } from '../records/records';

/** The hub's roles (DESIGN.md "People and words"). */
export const USER_ROLES = ['advisor', 'member', 'clerk', 'alderman'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** The user a token belongs to. */
export type SyncUser = { id: number; name: string; role: UserRole; partyGroup: string | null };

/** Who sees a record: a note's visibility, or the whole council for the clerk's records. */
export type Audience = Visibility | 'council';

/** What the rules need to know of a stored record. */
export type RecordScope = { kind: RecordKind; authorId: number; authorPartyGroup: string | null; audience: Audience };

/** A reason a mutation is refused; `code` is an ErrorCode. */
export type Refusal = { code: 'forbidden' | 'validation' | 'immutable'; message: string };

/** The audience of a record of `kind` with `body` (a parsed body). */
export function audienceOf(kind: RecordKind, body: unknown): Audience {
  if (!SCOPED_KINDS.includes(kind)) return 'council';
  const visibility = (body as { visibility?: unknown } | null)?.visibility;
  return visibility === 'private' || visibility === 'partyGroup' || visibility === 'public' ? visibility : 'private';
}

/** True when `user` may see a record with this scope. */
export function canSee(user: SyncUser, scope: Pick<RecordScope, 'authorId' | 'authorPartyGroup' | 'audience'>): boolean {
  if (scope.authorId === user.id) return true;
  switch (scope.audience) {
    case 'council':
    case 'public':
      return true;
    case 'private':
      return false;
    case 'partyGroup':
      return user.partyGroup !== null && user.partyGroup === scope.authorPartyGroup;
    default: {
      const unreachable: never = scope.audience;
      return unreachable;
    }
  }
}

/** True when `role` may write records of `kind` at all. */
export function mayWriteKind(role: UserRole, kind: RecordKind): boolean {
  return !CLERK_KINDS.includes(kind) || role === 'clerk';
}

/**
 * Why `user` may not put (or delete) a record of `kind`, given what the hub holds (`existing`,
 * null for a new record) and the new body's audience; undefined when allowed.
 */
export function refusalOf(
  user: SyncUser,
  change: { kind: RecordKind; op: 'put' | 'delete'; audience: Audience },
  existing: (RecordScope & { deleted: boolean }) | null,
): Refusal | undefined {
  if (!mayWriteKind(user.role, change.kind)) {
    return { code: 'forbidden', message: `only the clerk (griffier) records ${change.kind} records; your role is ${user.role}` };
  }
  if (existing !== null && existing.kind !== change.kind) {
    return { code: 'validation', message: `record ${change.kind} has the id of an existing ${existing.kind} record; a record keeps its kind` };
  }
  if (existing !== null && IMMUTABLE_KINDS.includes(change.kind)) {
    return {
      code: 'immutable',
      message: `a recorded ${change.kind} is never changed or removed: record a correction that names it (corrects) instead`,
    };
  }
  // Council records belong to the council: any clerk keeps them. Notes belong to their author.
  if (existing !== null && SCOPED_KINDS.includes(change.kind) && existing.authorId !== user.id) {
    return { code: 'forbidden', message: `only its author changes or deletes this ${change.kind}` };
  }
  if (change.op === 'put' && change.audience === 'partyGroup' && user.partyGroup === null) {
    return { code: 'validation', message: 'you belong to no party group (fractie), so a note cannot be for your party group: choose private or public' };
  }
  return undefined;
}
