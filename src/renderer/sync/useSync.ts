// The UI's handle on package sync: starts the sync worker on first use, sends it requests
// (sync from a hub, import a file) and holds the latest SyncState it posted. The worker is
// ended when the component unmounts. Where Worker does not exist, the same code runs in the
// page instead (slower UI, same checks).
import { useCallback, useEffect, useRef, useState } from 'react';
import { getDb } from '../data/db';
import type { SyncState } from './syncState';
import { isBusy } from './syncState';
import type { SyncRequest } from './syncWorkerCore';
import { runSyncRequest } from './syncWorkerCore';

/** What useSync needs of a worker (a real Worker, or a fake in tests). */
export type SyncWorkerLike = {
  postMessage(request: SyncRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<SyncState>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
};

/** The sync worker, or an in-page stand-in where workers are unavailable. */
export function createSyncWorker(): SyncWorkerLike {
  if (typeof Worker !== 'undefined') {
    return new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module' }) as SyncWorkerLike;
  }
  return inPageWorker();
}

function inPageWorker(): SyncWorkerLike {
  const listeners: ((event: MessageEvent<SyncState>) => void)[] = [];
  let ended = false;
  return {
    postMessage(request) {
      void runSyncRequest(request, { db: getDb() }, (state) => {
        if (!ended) for (const l of listeners) l({ data: state } as MessageEvent<SyncState>);
      });
    },
    addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<SyncState>) => void) | ((event: Event) => void)) {
      if (type === 'message') listeners.push(listener as (event: MessageEvent<SyncState>) => void);
    },
    terminate() {
      ended = true;
    },
  };
}

export type UseSync = {
  state: SyncState;
  busy: boolean;
  /** Syncs every package of the hub's catalog. */
  sync(hubUrl: string, token?: string): void;
  /** Imports a .rkp file. */
  importFile(file: Blob, name?: string): void;
  /** Back to idle (e.g. after the user read the result). */
  reset(): void;
};

export function useSync(createWorker: () => SyncWorkerLike = createSyncWorker): UseSync {
  const [state, setState] = useState<SyncState>({ kind: 'idle' });
  const worker = useRef<SyncWorkerLike | null>(null);

  useEffect(
    () => () => {
      worker.current?.terminate();
      worker.current = null;
    },
    [],
  );

  const ensureWorker = useCallback((): SyncWorkerLike => {
    if (worker.current) return worker.current;
    const w = createWorker();
    w.addEventListener('message', (event: MessageEvent<SyncState>) => setState(event.data));
    w.addEventListener('error', (event: Event) => {
      const message = event instanceof ErrorEvent && event.message ? event.message : 'the sync worker could not be started';
      setState({ kind: 'error', code: 'worker', message });
      // A broken worker is not reused: the next request starts a fresh one.
      w.terminate();
      if (worker.current === w) worker.current = null;
    });
    worker.current = w;
    return w;
  }, [createWorker]);

  const send = useCallback(
    (request: SyncRequest) => {
      // Shown at once, before the worker's first message arrives.
      setState({ kind: 'checking' });
      ensureWorker().postMessage(request);
    },
    [ensureWorker],
  );

  const sync = useCallback((hubUrl: string, token?: string) => send({ type: 'sync', hubUrl, ...(token ? { token } : {}) }), [send]);
  const importFile = useCallback((file: Blob, name?: string) => send({ type: 'import', file, ...(name ? { name } : {}) }), [send]);
  const reset = useCallback(() => setState({ kind: 'idle' }), []);

  return { state, busy: isBusy(state), sync, importFile, reset };
}
