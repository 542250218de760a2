// Reading key files named on the command line (`--key`, `--trust`, `--public`): a missing file
// or a folder is said in those words, with the path, instead of a raw ENOENT/EISDIR. What is
// in the file is checked by src/shared/keys.ts. Never prints a key file's contents.
import { readFile } from 'node:fs/promises';

/** The text of a key file; "no such key file: PATH" when there is none. */
export async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`no such key file: ${path}`, { cause: err });
    if (code === 'EISDIR') throw new Error(`${path} is a folder, not a key file`, { cause: err });
    if (code === 'EACCES') throw new Error(`cannot read the key file ${path}: permission denied`, { cause: err });
    throw err;
  }
}
