// The global the preload script exposes in Electron (src/preload/index.ts). Absent in a
// plain browser, which is how the renderer picks WebHost instead of ElectronHost.
import type { RaadskaartBridge } from '../../shared/ipc';

declare global {
  // An interface, because only interfaces merge with the DOM's Window declaration.
  interface Window {
    raadskaart?: RaadskaartBridge;
  }
}

export {};
