// The demo package bundled with the app (served beside it under `demo/`), installed at start-up
// unless the same or a newer version of it is installed. It is verified like any package: it
// must be signed by a pinned key (the demo key) and marked `demo: true`.
import type { RaadskaartDb } from '../data/db';
import { installPackage } from '../data/install/installPackage';
import type { InstallOptions, InstallResult } from '../data/install/installPackage';
import type { PackageSource } from '../data/install/packageSource';
import { httpPackageSource } from './httpSource';

export type EnsureDemoOptions = Omit<InstallOptions, 'requireDemo' | 'keepNewer'> & {
  /** Defaults to httpPackageSource(baseUrl, fetchImpl). */
  source?: PackageSource;
  fetchImpl?: typeof fetch;
};

// React StrictMode and quick reloads can ask twice at start; one download is enough.
const demoInstalls = new WeakMap<RaadskaartDb, Promise<InstallResult>>();

/**
 * Installs the demo package at `baseUrl` unless the same or a newer version of it is installed
 * (then `upToDate` with the installed version, without downloading chunks).
 */
export function ensureDemoInstalled(db: RaadskaartDb, baseUrl = 'demo', opts: EnsureDemoOptions = {}): Promise<InstallResult> {
  const running = demoInstalls.get(db);
  if (running) return running;
  const { source, fetchImpl, ...install } = opts;
  const promise = installPackage(db, source ?? httpPackageSource(baseUrl, fetchImpl), { ...install, keepNewer: true, requireDemo: true }).finally(() => demoInstalls.delete(db));
  demoInstalls.set(db, promise);
  return promise;
}
