// The sync Web Worker: downloads, verifies and installs packages off the page's thread, in
// the same IndexedDB database as the page (Dexie works in workers; the page's live queries
// see the switch). Loaded by useSync() with
// new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module' }).
import { getDb } from '../data/db';
import type { SyncWorkerScope } from './syncWorkerCore';
import { attachSyncWorker } from './syncWorkerCore';

attachSyncWorker(self as unknown as SyncWorkerScope, () => ({ db: getDb() }));
