// Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, no undefined,
// only finite numbers. Two parties that canonicalise the same value get the same bytes,
// which is what manifests are hashed and signed over. Never use JSON.stringify for that.
import { ValidationError } from './errors';

/** Canonical JSON text of a JSON-compatible value; throws on values JSON cannot carry. */
export function canonicalJson(value: unknown, path = '$'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new ValidationError(`${path}: number is not finite`, { path });
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v, `${path}[${i}]`)).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new ValidationError(`${path}: ${typeof value} cannot be written as JSON`, { path });
  }
}

/** Canonical JSON as UTF-8 bytes. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
