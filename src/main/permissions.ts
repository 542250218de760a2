// Web permission policy for the app's session: camera, microphone, location, notifications,
// USB/HID/serial, clipboard reads, openExternal and everything else are denied. It must never
// grant a permission to a page that is not app://raadskaart.
import type { Session } from 'electron';
import { isAppUrl } from './appOrigin';

/**
 * The only permissions granted, and only to app://raadskaart:
 * - fullscreen: the alderman presents on a projector (element.requestFullscreen()).
 * - persistent-storage: navigator.storage.persist(), so offline packages are not evicted.
 * Everything else (including ones Chromium adds later) is denied.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen', 'persistent-storage']);

/** The decision both handlers share: a permission on the short list, asked by our origin. */
export function isPermissionGranted(permission: string, requestingUrl: string | null | undefined): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/** Installs deny-by-default request and check handlers on a session. */
export function applyPermissionPolicy(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => {
    // requestingOrigin is an origin ("app://raadskaart"), which isAppUrl parses as a URL.
    return isPermissionGranted(permission, requestingOrigin);
  });
}
