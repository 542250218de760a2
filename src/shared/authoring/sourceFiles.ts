// The files of a package source folder (examples/delfshaven/README.md describes the format),
// as the authoring code sees them: read a file by its relative path, ask its size, list a
// folder. The CLI passes a folder on disk (src/node/sourceFolder.ts); the app's workbench and
// tests pass files held in memory (memorySourceFiles). Paths are relative, with forward slashes;
// an implementation must never read outside its root, whatever the path says.
import { ValidationError } from '../errors';

export type SourceFiles = {
  /** Where the files are, for messages ("examples/delfshaven", "project Delfshaven"). */
  readonly label: string;
  /** The file's bytes, or null when there is no such file. */
  read(path: string): Promise<Uint8Array | null>;
  /** The file's size in bytes, or null when there is no such file (lets a caller refuse a huge file unread). */
  size(path: string): Promise<number | null>;
  /** Relative paths of the files in `folder` ('' for the root) and below it, sorted. */
  list(folder: string): Promise<string[]>;
};

/** Source files held in memory, by relative path. */
export function memorySourceFiles(files: ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array | string>>, label = 'source files'): SourceFiles {
  const map = new Map<string, Uint8Array>();
  const entries = files instanceof Map ? [...files.entries()] : Object.entries(files);
  for (const [path, content] of entries) map.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  return {
    label,
    read: (path) => Promise.resolve(map.get(path) ?? null),
    size: (path) => Promise.resolve(map.get(path)?.byteLength ?? null),
    list: (folder) => {
      const prefix = folder === '' ? '' : `${folder.replace(/\/+$/, '')}/`;
      return Promise.resolve([...map.keys()].filter((p) => p.startsWith(prefix)).sort());
    },
  };
}

/** The bytes of a file that must exist; a ValidationError names it (and `hint` says how to make it). */
export async function readRequired(files: SourceFiles, path: string, hint?: string): Promise<Uint8Array> {
  const bytes = await files.read(path);
  if (bytes === null) throw new ValidationError(`${path}: file is missing in ${files.label}${hint ? ` (${hint})` : ''}`, { file: path });
  return bytes;
}

/** Strict UTF-8 text of a file's bytes; a ValidationError names the file. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError(`${file}: not valid UTF-8 text`, { file });
  }
}

/** JSON.parse with a ValidationError that names the file. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ValidationError(`${file}: not valid JSON: ${(e as Error).message}`, { file });
  }
}
