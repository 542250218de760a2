// The operating-system services behind the IPC channels: app version, a save dialog that
// writes the file, opening allowlisted links in the system browser, the hub address main
// forwards to, and the page's secrets (safeStorage). Payloads arrive already validated
// (src/main/ipc.ts). It must never leave a half-written file where the user asked to save,
// never report a full path back to the page, never open a URL that is not on the allowlist
// (checked again here, whatever the caller did), and never store a secret unencrypted.
import path from 'node:path';
import { app, dialog, shell } from 'electron';
import type { SaveDialogOptions } from 'electron';
import { ValidationError } from '../shared/errors';
import { isAllowedExternalUrl } from '../shared/ipc';
import { writeFileAtomic } from '../node/atomicWrite';
import type { HubConfigStore } from './hubConfig';
import type { MainHandlers } from './ipc';
import type { SecretStore } from './secrets';

/** The stateful services the handlers use; lifecycle.ts creates them under userData. */
export type MainServices = {
  hubConfig: HubConfigStore;
  secrets: SecretStore;
};

function saveDialogOptions(suggestedName: string): SaveDialogOptions {
  const extension = path.extname(suggestedName).slice(1);
  return {
    defaultPath: path.join(app.getPath('documents'), suggestedName),
    filters: extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : [],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** Every channel's handler, over the given services. */
export function createMainHandlers({ hubConfig, secrets }: MainServices): MainHandlers {
  return {
    'app:info': async () => ({ kind: 'electron', appVersion: app.getVersion(), platform: process.platform }),

    'file:save': async ({ suggestedName, data }, { window }) => {
      const options = saveDialogOptions(suggestedName);
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return { kind: 'cancelled' };
      await writeFileAtomic(result.filePath, data);
      return { kind: 'saved', name: path.basename(result.filePath) };
    },

    'shell:openExternal': async ({ url }) => {
      if (!isAllowedExternalUrl(url)) throw new ValidationError(`shell:openExternal: ${url} is not an allowlisted https URL`);
      await shell.openExternal(url);
    },

    'hub:configure': ({ url }) => hubConfig.set(url),
    'hub:get': async () => ({ url: await hubConfig.get() }),

    'secret:set': ({ name, value }) => secrets.set(name, value),
    'secret:get': async ({ name }) => ({ value: await secrets.get(name) }),
    'secret:delete': ({ name }) => secrets.delete(name),
  };
}
