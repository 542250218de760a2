// The operating-system services behind the IPC channels: app version, a save dialog that
// writes the file, and opening allowlisted links in the system browser. Payloads arrive
// already validated (src/main/ipc.ts). It must never leave a half-written file where the
// user asked to save, never report a full path back to the page, and never open a URL that
// is not on the allowlist (checked again here, whatever the caller did).
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { app, dialog, shell } from 'electron';
import type { SaveDialogOptions } from 'electron';
import { ValidationError } from '../shared/errors';
import { isAllowedExternalUrl } from '../shared/ipc';
import type { MainHandlers } from './ipc';

/**
 * Writes `data` to a temporary file next to `filePath` and renames it into place, so the
 * target is either untouched or complete (rename is atomic within one folder).
 */
export async function writeFileAtomically(filePath: string, data: Uint8Array): Promise<void> {
  const temporary = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, data, { flag: 'wx' });
    await rename(temporary, filePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function saveDialogOptions(suggestedName: string): SaveDialogOptions {
  const extension = path.extname(suggestedName).slice(1);
  return {
    defaultPath: path.join(app.getPath('documents'), suggestedName),
    filters: extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : [],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

export const mainHandlers: MainHandlers = {
  'app:info': async () => ({ kind: 'electron', appVersion: app.getVersion(), platform: process.platform }),

  'file:save': async ({ suggestedName, data }, { window }) => {
    const options = saveDialogOptions(suggestedName);
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return { kind: 'cancelled' };
    await writeFileAtomically(result.filePath, data);
    return { kind: 'saved', name: path.basename(result.filePath) };
  },

  'shell:openExternal': async ({ url }) => {
    if (!isAllowedExternalUrl(url)) throw new ValidationError(`shell:openExternal: ${url} is not an allowlisted https URL`);
    await shell.openExternal(url);
  },
};
