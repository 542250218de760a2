// The sync worker's logic without the worker: the page tells it which account to sync, where
// the hub is and with which token (`start`), that a change was saved (`changed`), to sync now
// (`now`) or to stop; it runs the scheduler and engine against the database and posts every
// SyncStatus. sync.worker.ts binds it to the worker scope; the in-page stand-in (syncClient.ts)
// and tests call it directly. The token stays in this worker's memory only.
import type { SyncStore } from '../data/syncStore';
import { syncRound } from './engine';
import type { SyncScheduler, SyncStatus } from './scheduler';
import { createScheduler } from './scheduler';
import { hubTransport } from './transport';

export type SyncCommand = { type: 'start'; accountId: string; base: string; token: string } | { type: 'stop' } | { type: 'now' } | { type: 'changed' };

export type SyncWorkerDeps = { store: SyncStore; fetchImpl?: (input: string, init?: RequestInit) => Promise<Response> };

/** Handles commands; returns the handler. */
export function syncCommandHandler(deps: () => SyncWorkerDeps, post: (status: SyncStatus) => void): (command: SyncCommand) => void {
  let scheduler: SyncScheduler | undefined;
  return (command) => {
    switch (command.type) {
      case 'start': {
        scheduler?.stop();
        const { store, fetchImpl } = deps();
        const transport = hubTransport(command.base, command.token, fetchImpl);
        scheduler = createScheduler({ round: () => syncRound(store, command.accountId, transport), post });
        scheduler.start();
        return;
      }
      case 'stop':
        scheduler?.stop();
        scheduler = undefined;
        return;
      case 'now':
        scheduler?.now();
        return;
      case 'changed':
        scheduler?.changed();
        return;
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  };
}

/** The part of a worker scope the sync worker uses. */
export type SyncWorkerScope = {
  postMessage(message: SyncStatus): void;
  addEventListener(type: 'message', listener: (event: { data: SyncCommand }) => void): void;
};

export function attachSyncWorker(scope: SyncWorkerScope, deps: () => SyncWorkerDeps): void {
  const handle = syncCommandHandler(deps, (status) => scope.postMessage(status));
  scope.addEventListener('message', (event) => handle(event.data));
}
