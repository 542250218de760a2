// Where the demo's 3D city model comes from, and the check that it is exactly that file.
// The data is not the project's (see ../shared/data/delfshaven/SOURCE.md): it is read from the
// shared data folder when present, else downloaded from its public origin, and in both cases
// its sha256 is checked before anything uses it. Never commit the file or anything derived.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FetchError, IntegrityError } from '../../src/shared/errors';
import { sha256Hex } from '../../src/shared/hash';

/** The Delfshaven CityJSON 0.3 file: name, checksum, origin and expected content. */
export const DELFSHAVEN_SOURCE = {
  fileName: '3-20-DELFSHAVEN_solids.json',
  sha256: '723647e0f063e7e04ded132a2e43e719f4200a7e567d102c11f4eef99f83a3cb',
  url: 'https://raw.githubusercontent.com/cityjson/specs/de51d96c99582a7650b17924e784373a9d91abec/example-datasets/Rotterdam/Delfshaven/3-20-DELFSHAVEN_solids.json',
  buildingCount: 853,
} as const;

/** Path of the shared copy, beside the repository (development and CI machines). */
export function delfshavenLocalPath(repoRoot: string): string {
  return path.resolve(repoRoot, '../shared/data/delfshaven', DELFSHAVEN_SOURCE.fileName);
}

export type SourceSpec = { localPath: string; url: string; sha256: string };
export type LoadedSource = { bytes: Uint8Array; origin: string };
type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

/** Reads the local copy if there is one, else downloads; throws IntegrityError unless the sha256 matches. */
export async function loadVerifiedSource(spec: SourceSpec, fetchImpl: FetchLike = fetch): Promise<LoadedSource> {
  let bytes: Uint8Array;
  let origin: string;
  if (existsSync(spec.localPath)) {
    bytes = new Uint8Array(await readFile(spec.localPath));
    origin = spec.localPath;
  } else {
    origin = spec.url;
    let res: Awaited<ReturnType<FetchLike>>;
    try {
      res = await fetchImpl(spec.url);
    } catch (e) {
      throw new FetchError(`could not download ${spec.url} (no local copy at ${spec.localPath}): ${(e as Error).message}`, undefined, { file: spec.url });
    }
    if (!res.ok) throw new FetchError(`download of ${spec.url} failed with HTTP ${res.status} (no local copy at ${spec.localPath})`, res.status, { file: spec.url });
    bytes = new Uint8Array(await res.arrayBuffer());
  }
  const actual = await sha256Hex(bytes);
  if (actual !== spec.sha256)
    throw new IntegrityError(`${origin}: sha256 is ${actual} but must be ${spec.sha256}; this is not the expected source file, so nothing was built`, { file: origin });
  return { bytes, origin };
}
