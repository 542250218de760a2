// Collection of chunks nothing needs any more, and removal of an installed package. Chunks are
// content-addressed and shared between packages and versions: one is garbage only when no
// installed package's manifest references it and no install in progress has pinned it.
// Must never delete a chunk an installed package references or an install has pinned.
import { contentTables, deletePackageRows } from '../db';
import type { RaadskaartDb } from '../db';
import { withInstallLock } from './installLock';

/** Deletes chunks that no installed package's manifest references and no install has pinned; returns how many. */
export function collectUnreferencedChunks(db: RaadskaartDb): Promise<number> {
  return db.transaction('rw', db.packages, db.chunks, db.stagedChunks, async () => {
    const referenced = new Set<string>(await db.stagedChunks.toCollection().primaryKeys());
    await db.packages.each((p) => {
      for (const ref of p.manifest.chunks) referenced.add(ref.sha256);
    });
    const unreferenced = (await db.chunks.toCollection().primaryKeys()).filter((sha) => !referenced.has(sha));
    await db.chunks.bulkDelete(unreferenced);
    return unreferenced.length;
  });
}

/**
 * Removes an installed package and its content rows in one transaction, then collects its
 * chunks, under the install lock (an install beside it could count on chunks it collects).
 * Notes on its agenda items are the user's data and are kept.
 */
export function removePackage(db: RaadskaartDb, packageId: string): Promise<void> {
  return withInstallLock(db, () => removeLocked(db, packageId));
}

async function removeLocked(db: RaadskaartDb, packageId: string): Promise<void> {
  await db.transaction('rw', [db.packages, db.stagedChunks, ...contentTables(db)], async () => {
    await deletePackageRows(db, packageId);
    await db.packages.delete(packageId);
    await db.stagedChunks.where('packageId').equals(packageId).delete();
  });
  await collectUnreferencedChunks(db);
}
