// The updates Web Worker: downloads, verifies and installs packages off the page's thread, in
// the same IndexedDB database as the page (Dexie works in workers; the page's live queries
// see the switch). Loaded by useUpdates() with
// new Worker(new URL('./updates.worker.ts', import.meta.url), { type: 'module' }).
import { getDb } from '../data/db';
import type { UpdatesWorkerScope } from './updatesWorkerCore';
import { attachUpdatesWorker } from './updatesWorkerCore';

attachUpdatesWorker(self as unknown as UpdatesWorkerScope, () => ({ db: getDb() }));
