// The one atomic file write of the Node side (main process, CLI, hub, web host): the bytes go
// to a temporary file with a unique name beside the target, are flushed to disk (fsync), and the
// file is renamed over the target, so a reader sees the old file or the complete new one, even
// after a crash or power loss. Failures are reported about the TARGET the caller named ("the
// folder ... does not exist", "... is a folder"), never about the temporary name.
// It must never leave a half-written target or a stray temporary file, and never write through
// a file or link someone placed at the temporary name ('wx').
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { RaadskaartError } from '../shared/errors';

export type AtomicWriteOptions = {
  /** File mode of the new file (default 0o644; 0o600 for secrets and private keys); the umask still applies. */
  mode?: number;
};

/** Writing a file failed for a reason about the place the user chose (missing folder, a folder, no permission). */
export class FileWriteError extends RaadskaartError {
  readonly target: string;
  constructor(message: string, target: string) {
    super('file-write', message, { file: target });
    this.target = target;
  }
}

/** Writes `data` to `filePath` atomically; see the module header. */
export async function writeFileAtomic(filePath: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const target = path.resolve(filePath);
  const folder = path.dirname(target);
  await checkTarget(target, folder);
  const temporary = path.join(folder, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', options.mode ?? 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw explain(error, target, folder);
  }
  await syncFolder(folder);
}

/** A clear refusal before anything is written: the folder must exist and the target must not be a folder. */
async function checkTarget(target: string, folder: string): Promise<void> {
  const folderInfo = await stat(folder).catch(() => null);
  if (!folderInfo) throw new FileWriteError(`cannot write ${target}: the folder ${folder} does not exist; create it first or choose another place`, target);
  if (!folderInfo.isDirectory()) throw new FileWriteError(`cannot write ${target}: ${folder} is not a folder`, target);
  const targetInfo = await stat(target).catch(() => null);
  if (targetInfo?.isDirectory()) throw new FileWriteError(`cannot write ${target}: that is a folder; give a file name, e.g. ${path.join(target, 'pakket.rkp')}`, target);
}

function explain(error: unknown, target: string, folder: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new FileWriteError(`cannot write ${target}: no permission to write in ${folder}`, target);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new FileWriteError(`cannot write ${target}: the disk is full`, target);
  if (code === 'ENOENT') return new FileWriteError(`cannot write ${target}: the folder ${folder} disappeared while writing`, target);
  if (code === 'EISDIR') return new FileWriteError(`cannot write ${target}: that is a folder; give a file name`, target);
  return error;
}

/** Flushes the folder entry so the rename survives a power loss; not every platform can open a folder. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the rename itself has happened.
  } finally {
    await handle.close();
  }
}
