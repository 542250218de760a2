// The sync Web Worker: pushes the outbox and pulls from the hub off the page's thread, in the
// same IndexedDB database as the page (the page's live queries see what it writes). Loaded by
// syncClient.ts with new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module' }).
import { getDb } from '../data/db';
import { createSyncStore } from '../data/syncStore';
import type { SyncWorkerScope } from './syncWorkerCore';
import { attachSyncWorker } from './syncWorkerCore';

attachSyncWorker(self as unknown as SyncWorkerScope, () => ({ store: createSyncStore(getDb()) }));
