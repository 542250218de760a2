// Host over the preload bridge (window.raadskaart) in the Electron app. It must never import
// electron or Node: it runs in the sandboxed page and only calls the typed bridge.
import type { RaadskaartBridge } from '../../shared/ipc';
import type { Host } from './Host';

/** Creates the Host for Electron from the bridge the preload exposed. */
export function createElectronHost(bridge: RaadskaartBridge): Host {
  return {
    info: () => bridge['app:info'](),
    saveFile: ({ suggestedName, mimeType, data }) => bridge['file:save']({ suggestedName, mimeType, data }),
    openExternal: (url) => bridge['shell:openExternal']({ url }),
  };
}
