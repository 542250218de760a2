// Route parameters of the hub, validated before anything uses them: a package id by the
// manifest schema's rule, a version from 1 to MAX_PACKAGE_VERSION (the same bound as the
// manifest schema and the database), a chunk address as 64 lowercase hex. A chunk path is only
// ever built from a value that passed sha256Param.
import { MAX_PACKAGE_VERSION } from '../../shared/limits';
import { Manifest } from '../../shared/packageFormat';
import { isSha256Hex } from '../chunkStore';
import { httpError } from '../httpErrors';

export type Params = Record<string, string | undefined>;

const PACKAGE_ID = Manifest.shape.packageId;
/** Digits only, no leading zero; at most as many digits as MAX_PACKAGE_VERSION has. */
const VERSION = new RegExp(`^[1-9][0-9]{0,${String(MAX_PACKAGE_VERSION).length - 1}}$`);

export function packageIdParam(params: Params): string {
  const id = params.id ?? '';
  if (!PACKAGE_ID.safeParse(id).success) {
    throw httpError('invalid-package-id', `"${id.slice(0, 100)}" is not a package id: use 3-100 lowercase letters, digits, dots or dashes`);
  }
  return id;
}

export function versionParam(params: Params): number {
  const v = params.version ?? '';
  if (!VERSION.test(v) || Number(v) > MAX_PACKAGE_VERSION) {
    throw httpError('invalid-version', `"${v.slice(0, 20)}" is not a version: use a whole number from 1 to ${MAX_PACKAGE_VERSION}`);
  }
  return Number(v);
}

export function sha256Param(params: Params): string {
  const s = params.sha256 ?? '';
  if (!isSha256Hex(s)) throw httpError('invalid-chunk-address', 'a chunk address is its SHA-256: 64 lowercase hex characters');
  return s;
}
