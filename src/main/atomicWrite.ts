// Writes a file so that it is either untouched or complete: the data goes to a temporary file
// in the same folder, which is then renamed over the target (rename is atomic within one
// folder). Used for files the user saves and for the app's own state (hub.json, secrets).
// It must never leave a half-written target or a stray temporary file behind.
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type AtomicWriteOptions = {
  /** File mode of the new file (e.g. 0o600 for secrets); the process umask still applies. */
  mode?: number;
};

export async function writeFileAtomically(filePath: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const temporary = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // 'wx': never write through a file (or link) someone placed at the temporary name.
    await writeFile(temporary, data, { flag: 'wx', ...(options.mode === undefined ? {} : { mode: options.mode }) });
    await rename(temporary, filePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
