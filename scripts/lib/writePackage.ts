// Writes a built package as `<outDir>/manifest.json` + `<outDir>/chunks/<sha256>`, atomically:
// everything goes into a temporary folder beside outDir, which then replaces outDir by rename.
// An interrupted build therefore leaves the previous package or the new one, never half of
// one. Must never write a chunk whose bytes do not match its manifest entry.
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IntegrityError } from '../../src/shared/errors';
import { sha256Hex } from '../../src/shared/hash';
import type { BuiltPackage } from '../../src/shared/authoring/assemble';

/** Replaces `outDir` with the package; returns the total bytes written. */
export async function writePackage(outDir: string, pkg: BuiltPackage): Promise<number> {
  for (const c of pkg.chunks) {
    const actual = await sha256Hex(c.bytes);
    if (actual !== c.ref.sha256 || c.bytes.byteLength !== c.ref.size)
      throw new IntegrityError(`chunk ${c.ref.path}: bytes do not match the manifest entry (sha256 ${actual}, ${c.bytes.byteLength} bytes)`, { path: c.ref.path });
  }
  const parent = path.dirname(outDir);
  const name = path.basename(outDir);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(path.join(parent, `.${name}-tmp-`));
  let total = 0;
  try {
    await mkdir(path.join(tmp, 'chunks'));
    for (const c of pkg.chunks) {
      await writeFile(path.join(tmp, 'chunks', c.ref.sha256), c.bytes);
      total += c.bytes.byteLength;
    }
    // The manifest last: a folder with a manifest always has all its chunks.
    await writeFile(path.join(tmp, 'manifest.json'), pkg.manifestBytes);
    total += pkg.manifestBytes.byteLength;
    // mkdtemp makes the folder private (0700); the package is served to the app and the web host.
    await chmod(tmp, 0o755);
    await replaceDir(tmp, outDir);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return total;
}

/** Moves `from` to `to`, replacing an existing `to` (a directory rename cannot overwrite a non-empty one). */
export async function replaceDir(from: string, to: string): Promise<void> {
  const old = `${path.join(path.dirname(to), `.${path.basename(to)}-old-`)}${process.pid}-${Date.now()}`;
  let moved = false;
  try {
    await rename(to, old);
    moved = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  try {
    await rename(from, to);
  } catch (e) {
    if (moved) await rename(old, to); // put the previous version back
    throw e;
  }
  if (moved) await rm(old, { recursive: true, force: true });
}
