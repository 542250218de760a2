// Host over the preload bridge (window.raadskaart) in the Electron app. It must never import
// electron or Node: it runs in the sandboxed page and only calls the typed bridge. Errors
// that crossed IPC arrive as plain Errors; the one the UI must tell apart (no OS key store)
// is turned back into SecretStorageUnavailableError here.
import { APP_HUB_BASE, isSecretStorageUnavailable, SECRET_STORAGE_UNAVAILABLE, SecretStorageUnavailableError } from '../../shared/ipc';
import type { RaadskaartBridge } from '../../shared/ipc';
import type { Host } from './Host';

/** Runs an IPC call, restoring SecretStorageUnavailableError from its message. */
async function secretCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isSecretStorageUnavailable(error) && !(error instanceof SecretStorageUnavailableError)) {
      // Electron prefixes "Error invoking remote method '<channel>': <Name>: "; keep what main said.
      const message = error instanceof Error ? error.message : String(error);
      const marker = `${SECRET_STORAGE_UNAVAILABLE}: `;
      const detail = message.slice(message.indexOf(marker) + marker.length);
      throw new SecretStorageUnavailableError(detail);
    }
    throw error;
  }
}

/** Creates the Host for Electron from the bridge the preload exposed. */
export function createElectronHost(bridge: RaadskaartBridge): Host {
  return {
    info: () => bridge['app:info'](),
    saveFile: ({ suggestedName, mimeType, data }) => bridge['file:save']({ suggestedName, mimeType, data }),
    openExternal: (url) => bridge['shell:openExternal']({ url }),

    // Every hub request goes to the app's own origin; main forwards /v1/ to the configured hub.
    hubRequestBase: () => APP_HUB_BASE,
    configureHub: (url) => bridge['hub:configure']({ url }),
    configuredHub: async () => (await bridge['hub:get']()).url,

    secrets: {
      get: async (name) => (await secretCall(() => bridge['secret:get']({ name }))).value,
      set: (name, value) => secretCall(() => bridge['secret:set']({ name, value })),
      delete: (name) => secretCall(() => bridge['secret:delete']({ name })),
    },

    openPresentation: (channelId) => bridge['present:open']({ channelId }),
    closePresentation: () => bridge['present:close'](),
    printView: ({ suggestedName }) => bridge['print:pdf']({ suggestedName }),
  };
}
