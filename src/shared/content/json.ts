// Strict decoding of a package's JSON chunks: UTF-8 with no replacement characters, then
// JSON.parse. Every reader of package content (installer, `raadskaart verify`, hub publish)
// decodes through here so that all three refuse the same bytes with the same message.
import { ValidationError } from '../errors';

/** Strict UTF-8 decode + JSON.parse of a chunk; a ValidationError names `file`. */
export function parseJsonBytes(bytes: Uint8Array, file: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError(`${file}: not UTF-8 text`, { file });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { file });
  }
}

/** `$.a.b` of the first zod issue, or `$`. */
export function firstIssuePath(issues: readonly { path: readonly PropertyKey[] }[]): string {
  const path = issues[0]?.path ?? [];
  return path.length ? `$.${path.map(String).join('.')}` : '$';
}
