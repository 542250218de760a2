// The operating-system services behind the IPC channels: app version, a save dialog that
// writes the file, opening allowlisted links in the system browser, the hub address main
// forwards to, the page's secrets (safeStorage), the audience window of a presentation and a
// PDF of the page's print sheet. Payloads arrive already validated
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
import type { PresentationWindows } from './presentation';
import type { SecretStore } from './secrets';

/** The stateful services the handlers use; lifecycle.ts creates them under userData. */
export type MainServices = {
  hubConfig: HubConfigStore;
  secrets: SecretStore;
  presentation: PresentationWindows;
};

/** How the print sheet becomes a PDF: A4 landscape as its style sheet says, with its own backgrounds. */
export const PRINT_OPTIONS = { landscape: true, pageSize: 'A4', printBackground: true, preferCSSPageSize: true } as const;

function saveDialogOptions(suggestedName: string): SaveDialogOptions {
  const extension = path.extname(suggestedName).slice(1);
  return {
    defaultPath: path.join(app.getPath('documents'), suggestedName),
    filters: extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : [],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** Every channel's handler, over the given services. */
export function createMainHandlers({ hubConfig, secrets, presentation }: MainServices): MainHandlers {
  const save = async (suggestedName: string, data: Uint8Array, window: Electron.BrowserWindow | null) => {
    const options = saveDialogOptions(suggestedName);
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return { kind: 'cancelled' as const };
    await writeFileAtomic(result.filePath, data);
    return { kind: 'saved' as const, name: path.basename(result.filePath) };
  };
  return {
    'app:info': async () => ({ kind: 'electron', appVersion: app.getVersion(), platform: process.platform }),

    'file:save': ({ suggestedName, data }, { window }) => save(suggestedName, data, window),

    'shell:openExternal': async ({ url }) => {
      if (!isAllowedExternalUrl(url)) throw new ValidationError(`shell:openExternal: ${url} is not an allowlisted https URL`);
      await shell.openExternal(url);
    },

    'hub:configure': ({ url }) => hubConfig.set(url),
    'hub:get': async () => ({ url: await hubConfig.get() }),

    'secret:set': ({ name, value }) => secrets.set(name, value),
    'secret:get': async ({ name }) => ({ value: await secrets.get(name) }),
    'secret:delete': ({ name }) => secrets.delete(name),

    'present:open': async ({ channelId }, { window }) => {
      if (presentation.isAudience(window)) throw new ValidationError('present:open: the audience window cannot open a presentation');
      return presentation.open(channelId, window);
    },
    'present:close': async () => presentation.close(),

    'print:pdf': async ({ suggestedName }, { window }) => {
      if (!window) throw new ValidationError('print:pdf: the window that asked to print is gone');
      const pdf = await window.webContents.printToPDF(PRINT_OPTIONS);
      return save(suggestedName, new Uint8Array(pdf), window);
    },
  };
}
