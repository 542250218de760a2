// A package source folder on disk as SourceFiles (src/shared/authoring/sourceFiles.ts), for
// `raadskaart pack`, the demo build and tests. It must never read outside the folder: paths are
// resolved with resolveRelativeInsideRoot, and a symlink whose target lies outside the folder
// counts as no file at all.
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../shared/errors';
import type { SourceFiles } from '../shared/authoring/sourceFiles';
import { isInside, resolveRelativeInsideRoot } from './paths';

/** The folder `dir` as SourceFiles; `label` names it in messages (default: the path as given). */
export function folderSourceFiles(dir: string, label = dir): SourceFiles {
  const root = path.resolve(dir);
  let realRoot: Promise<string> | undefined;
  /** The real path of a file inside the folder, or null (missing, outside, or not a file). */
  const locate = async (relative: string): Promise<string | null> => {
    const candidate = resolveRelativeInsideRoot(root, relative);
    if (candidate === null) throw new ValidationError(`${relative}: not a path inside the source folder (use a relative path with forward slashes, no ".." )`, { file: relative });
    realRoot ??= realpath(root);
    let real: string;
    try {
      real = await realpath(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    if (!isInside(await realRoot, real)) return null;
    return (await stat(real)).isFile() ? real : null;
  };
  return {
    label,
    async read(relative) {
      const file = await locate(relative);
      return file === null ? null : new Uint8Array(await readFile(file));
    },
    async size(relative) {
      const file = await locate(relative);
      return file === null ? null : (await stat(file)).size;
    },
    async list(folder) {
      const start = folder === '' ? root : resolveRelativeInsideRoot(root, folder);
      if (start === null) return [];
      const entries = await readdir(start, { recursive: true, withFileTypes: true }).catch(() => []);
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
        .sort();
    },
  };
}
