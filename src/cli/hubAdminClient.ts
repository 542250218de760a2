// The CLI's side of a running hub's local admin routes (src/hub/routes/admin.ts): the same
// HubAdmin operations as on the database, sent to the loopback URL in <data>/hub-admin.json
// with its secret. Used only when the hub holds the embedded database. Never prints the secret;
// a token in an answer goes back to the caller, which prints it once.
import type { DeviceRow, HubDevice, HubUser } from '../hub/accounts';
import type { AdminFile } from '../hub/adminAccess';
import { ADMIN_SCHEME } from '../hub/routes/admin';
import type { Enrolment, HubAdmin } from '../hub/services/administration';
import type { AuditVerification } from '../hub/audit';
import { RaadskaartError, isErrorCode } from '../shared/errors';

export function remoteAdmin(file: AdminFile, actor: string): HubAdmin {
  const call = async <T>(path: string, body: Record<string, unknown>): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${file.url}/v1/admin/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `${ADMIN_SCHEME} ${file.secret}` },
        body: JSON.stringify({ actor, ...body }),
        redirect: 'error',
      });
    } catch (err) {
      throw new Error(`the hub on this data folder (process ${file.pid}) holds its database but does not answer at ${file.url}: ${(err as Error).message}`, { cause: err });
    }
    const answer = (await response.json().catch(() => undefined)) as { error?: { code?: unknown; message?: unknown } } | undefined;
    if (!response.ok) {
      const code = isErrorCode(answer?.error?.code) ? answer.error.code : 'internal';
      const message = typeof answer?.error?.message === 'string' ? answer.error.message : `the hub answered HTTP ${response.status}`;
      throw new RaadskaartError(code, message);
    }
    return answer as T;
  };
  type ListedDevice = Omit<DeviceRow, 'createdAt' | 'lastSeenAt' | 'revokedAt'> & { createdAt: string; lastSeenAt: string | null; revokedAt: string | null };
  const date = (s: string | null) => (s === null ? null : new Date(s));
  return {
    addUser: (input) =>
      call<{ user: HubUser; enrolment: Enrolment }>('users', {
        name: input.name,
        role: input.role,
        ...(input.partyGroup !== undefined ? { partyGroup: input.partyGroup } : {}),
        ...(input.label !== undefined ? { label: input.label } : {}),
      }),
    removeUser: async (name, id) => (await call<{ user: HubUser }>('users/remove', { name, ...(id !== undefined ? { id } : {}) })).user,
    rotateToken: (name, id) => call<{ user: HubUser; enrolment: Enrolment; revoked: number }>('users/rotate', { name, ...(id !== undefined ? { id } : {}) }),
    addDevice: (input) => call<{ user: HubUser; enrolment?: Enrolment; device?: HubDevice; token?: string }>('devices', { ...input }),
    listDevices: async (userName) => {
      const listed = await call<{ user: HubUser; devices: ListedDevice[] }>('devices/list', { userName });
      return {
        user: listed.user,
        devices: listed.devices.map((d) => ({ ...d, createdAt: new Date(d.createdAt), lastSeenAt: date(d.lastSeenAt), revokedAt: date(d.revokedAt) })),
      };
    },
    revokeDevice: (input) =>
      call<{ user: HubUser; device: HubDevice }>('devices/revoke', {
        userName: input.userName,
        ...(input.id !== undefined ? { id: input.id } : {}),
        ...(input.label !== undefined ? { label: input.label } : {}),
      }),
    verifyAudit: () => call<AuditVerification>('audit/verify', {}),
    trustKey: async ({ key, label, packageIds }) => (await call<{ outcome: 'added' | 'updated' }>('keys', { publicKey: key, label, packageIds })).outcome,
  };
}
