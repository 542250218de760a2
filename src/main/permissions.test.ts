// The session permission policy, driven through a FAKE session (no Electron runs here).
import { describe, expect, it, vi } from 'vitest';
import type { Session } from 'electron';
import { applyPermissionPolicy } from './permissions';

vi.mock('electron', () => ({}));

type RequestHandler = Parameters<Session['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0];
type Permission = Parameters<NonNullable<RequestHandler>>[1];

function installPolicy() {
  let requestHandler: RequestHandler = null;
  let checkHandler: CheckHandler = null;
  applyPermissionPolicy({
    setPermissionRequestHandler: (handler) => {
      requestHandler = handler;
    },
    setPermissionCheckHandler: (handler) => {
      checkHandler = handler;
    },
  });
  if (!requestHandler || !checkHandler) throw new Error('a permission handler was not installed');
  const request = requestHandler as NonNullable<RequestHandler>;
  const check = checkHandler as NonNullable<CheckHandler>;
  return {
    request(permission: Permission, requestingUrl: string): boolean {
      const callback = vi.fn();
      request({} as Electron.WebContents, permission, callback, { isMainFrame: true, requestingUrl });
      expect(callback).toHaveBeenCalledTimes(1);
      return callback.mock.calls[0]?.[0] as boolean;
    },
    check(permission: Permission, requestingOrigin: string): boolean {
      return check(null, permission, requestingOrigin, {} as Electron.PermissionCheckHandlerHandlerDetails);
    },
  };
}

const DENIED: Permission[] = [
  'media',
  'geolocation',
  'notifications',
  'midi',
  'midiSysex',
  'openExternal',
  'clipboard-read',
  'display-capture',
  'hid',
  'serial',
  'usb',
  'pointerLock',
  'idle-detection',
  'local-fonts',
  'unknown',
];

describe('session permission policy (fake session)', () => {
  it.each(DENIED)('denies a request for %s, even from the app page', (permission) => {
    const policy = installPolicy();
    expect(policy.request(permission, 'app://raadskaart/index.html')).toBe(false);
    expect(policy.check(permission, 'app://raadskaart')).toBe(false);
  });

  it('grants fullscreen and persistent storage to the app page only', () => {
    const policy = installPolicy();
    expect(policy.request('fullscreen', 'app://raadskaart/index.html')).toBe(true);
    expect(policy.check('persistent-storage', 'app://raadskaart')).toBe(true);
    for (const foreign of ['https://evil.example/', 'app://evil/', 'file:///tmp/x.html', '']) {
      expect(policy.request('fullscreen', foreign)).toBe(false);
      expect(policy.check('persistent-storage', foreign)).toBe(false);
    }
  });
});
