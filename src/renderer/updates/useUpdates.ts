// The UI's handle on package updates: starts the updates worker on first use, sends it requests
// (update from a hub, import a file) and holds the latest UpdateState it posted. The worker is
// ended when the component unmounts. Where Worker does not exist, the same code runs in the
// page instead (slower UI, same checks).
import { useCallback, useEffect, useRef, useState } from 'react';
import { getDb } from '../data/db';
import type { UpdateState } from './updateState';
import { isBusy } from './updateState';
import type { UpdateRequest } from './updatesWorkerCore';
import { runUpdateRequest } from './updatesWorkerCore';

/** What useUpdates needs of a worker (a real Worker, or a fake in tests). */
export type UpdatesWorkerLike = {
  postMessage(request: UpdateRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<UpdateState>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
};

/** The updates worker, or an in-page stand-in where workers are unavailable. */
export function createUpdatesWorker(): UpdatesWorkerLike {
  if (typeof Worker !== 'undefined') {
    return new Worker(new URL('./updates.worker.ts', import.meta.url), { type: 'module' }) as UpdatesWorkerLike;
  }
  return inPageWorker();
}

function inPageWorker(): UpdatesWorkerLike {
  const listeners: ((event: MessageEvent<UpdateState>) => void)[] = [];
  let ended = false;
  return {
    postMessage(request) {
      void runUpdateRequest(request, { db: getDb() }, (state) => {
        if (!ended) for (const l of listeners) l({ data: state } as MessageEvent<UpdateState>);
      });
    },
    addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<UpdateState>) => void) | ((event: Event) => void)) {
      if (type === 'message') listeners.push(listener as (event: MessageEvent<UpdateState>) => void);
    },
    terminate() {
      ended = true;
    },
  };
}

export type UseUpdates = {
  state: UpdateState;
  busy: boolean;
  /** Brings every package of the hub's catalog up to date. */
  update(hubUrl: string, token?: string): void;
  /** Imports a .rkp file. */
  importFile(file: Blob, name?: string): void;
  /** Back to idle (e.g. after the user read the result). */
  reset(): void;
};

export function useUpdates(createWorker: () => UpdatesWorkerLike = createUpdatesWorker): UseUpdates {
  const [state, setState] = useState<UpdateState>({ kind: 'idle' });
  const worker = useRef<UpdatesWorkerLike | null>(null);

  useEffect(
    () => () => {
      worker.current?.terminate();
      worker.current = null;
    },
    [],
  );

  const ensureWorker = useCallback((): UpdatesWorkerLike => {
    if (worker.current) return worker.current;
    const w = createWorker();
    w.addEventListener('message', (event: MessageEvent<UpdateState>) => setState(event.data));
    w.addEventListener('error', (event: Event) => {
      const message = event instanceof ErrorEvent && event.message ? event.message : 'the updates worker could not be started';
      setState({ kind: 'error', code: 'worker', message });
      // A broken worker is not reused: the next request starts a fresh one.
      w.terminate();
      if (worker.current === w) worker.current = null;
    });
    worker.current = w;
    return w;
  }, [createWorker]);

  const send = useCallback(
    (request: UpdateRequest) => {
      // Shown at once, before the worker's first message arrives.
      setState({ kind: 'checking' });
      ensureWorker().postMessage(request);
    },
    [ensureWorker],
  );

  const update = useCallback((hubUrl: string, token?: string) => send({ type: 'update', hubUrl, ...(token ? { token } : {}) }), [send]);
  const importFile = useCallback((file: Blob, name?: string) => send({ type: 'import', file, ...(name ? { name } : {}) }), [send]);
  const reset = useCallback(() => setState({ kind: 'idle' }), []);

  return { state, busy: isBusy(state), update, importFile, reset };
}
