// One install (or removal) at a time per database. Staging is shared by sha256 across packages
// and the collection after a switch deletes chunks that an install running beside it may have
// counted on, so two installs at once can break each other. Two windows, or an update in the
// worker while the page imports a .rkp, share one IndexedDB: only an origin-wide lock
// (navigator.locks, available in pages and workers) covers them; the in-module chain covers a
// single JavaScript realm (Node, fake-indexeddb tests).
import type { RaadskaartDb } from '../db';

type LockManagerLike = { request<T>(name: string, callback: () => Promise<T>): Promise<T> };

/** Fallback lock where the Web Locks API is missing: one chain per name. */
const localLocks = new Map<string, Promise<void>>();

/** Runs `task` while holding the install lock of `db`, so installs and removals of one database run one at a time. */
export function withInstallLock<T>(db: RaadskaartDb, task: () => Promise<T>): Promise<T> {
  const name = `raadskaart-install:${db.name}`;
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks) return locks.request(name, task);
  const previous = localLocks.get(name) ?? Promise.resolve();
  const run = previous.then(task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  localLocks.set(name, settled);
  void settled.then(() => {
    if (localLocks.get(name) === settled) localLocks.delete(name);
  });
  return run;
}
