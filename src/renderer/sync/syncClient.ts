// The page's handle on sync: one sync worker per page (or, where Worker does not exist, the same
// code in the page), its latest SyncStatus for the header (useSyncStatus), and the calls the
// screens make: start for the signed-in account, stop at sign-out, `changed` after a save,
// `now` from the "Nu synchroniseren" button. Coming back online syncs at once.
// Never hands the token to anything but the worker.
import { useSyncExternalStore } from 'react';
import { appSyncStore } from '../data/syncStore';
import type { SyncStatus } from './scheduler';
import type { SyncCommand } from './syncWorkerCore';
import { syncCommandHandler } from './syncWorkerCore';

type Channel = { send(command: SyncCommand): void };

let channel: Channel | undefined;
let status: SyncStatus = { kind: 'stopped' };
const listeners = new Set<() => void>();
/** Called with every status the worker posts (the account screen wipes the token on `revoked`). */
const statusHandlers = new Set<(status: SyncStatus) => void>();

function setStatus(next: SyncStatus): void {
  status = next;
  for (const l of listeners) l();
  for (const h of statusHandlers) h(next);
}

function openChannel(): Channel {
  if (typeof Worker !== 'undefined') {
    const worker = new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<SyncStatus>) => setStatus(event.data));
    worker.addEventListener('error', (event) => {
      setStatus({ kind: 'failed', code: 'worker', message: event.message || 'the sync worker could not be started' });
    });
    return { send: (command) => worker.postMessage(command) };
  }
  const handle = syncCommandHandler(() => ({ store: appSyncStore() }), setStatus);
  return { send: handle };
}

function send(command: SyncCommand): void {
  channel ??= openChannel();
  channel.send(command);
}

if (typeof window !== 'undefined') window.addEventListener('online', () => channel?.send({ type: 'now' }));

export const syncClient = {
  start(accountId: string, base: string, token: string): void {
    send({ type: 'start', accountId, base, token });
  },
  stop(): void {
    if (channel) send({ type: 'stop' });
  },
  now(): void {
    send({ type: 'now' });
  },
  changed(): void {
    if (channel) send({ type: 'changed' });
  },
  onStatus(handler: (status: SyncStatus) => void): () => void {
    statusHandlers.add(handler);
    return () => statusHandlers.delete(handler);
  },
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The latest sync status; re-renders on every change. */
export function useSyncStatus(): SyncStatus {
  return useSyncExternalStore(
    subscribe,
    () => status,
    () => status,
  );
}
