// Chooses the Host once per page: the Electron bridge when the preload exposed
// window.raadskaart, otherwise the plain-browser host. Components call getHost(), never a
// concrete host, so the same renderer build runs in both.
import type { RaadskaartBridge } from '../../shared/ipc';
import { createElectronHost } from './ElectronHost';
import type { Host } from './Host';
import { createWebHost } from './WebHost';

let host: Host | undefined;

export function getHost(): Host {
  if (host === undefined) {
    const bridge = (window as Window & { raadskaart?: RaadskaartBridge }).raadskaart;
    host = bridge !== undefined ? createElectronHost(bridge) : createWebHost();
  }
  return host;
}
