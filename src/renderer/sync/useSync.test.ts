// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SyncState } from './syncState';
import type { SyncRequest } from './syncWorkerCore';
import { useSync } from './useSync';
import type { SyncWorkerLike } from './useSync';

function fakeWorker() {
  const messageListeners: ((event: MessageEvent<SyncState>) => void)[] = [];
  const errorListeners: ((event: Event) => void)[] = [];
  const worker = {
    requests: [] as SyncRequest[],
    terminated: 0,
    postMessage(request: SyncRequest) {
      worker.requests.push(request);
    },
    addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<SyncState>) => void) | ((event: Event) => void)) {
      if (type === 'message') messageListeners.push(listener as (event: MessageEvent<SyncState>) => void);
      else errorListeners.push(listener as (event: Event) => void);
    },
    terminate() {
      worker.terminated += 1;
    },
    emit: (state: SyncState) => act(() => messageListeners.forEach((l) => l({ data: state } as MessageEvent<SyncState>))),
    fail: () => act(() => errorListeners.forEach((l) => l(new Event('error')))),
  };
  return worker;
}

describe('useSync', () => {
  it('starts no worker until asked, then follows the states the worker posts', () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const { result } = renderHook(() => useSync(() => workers[workers.push(fakeWorker()) - 1] as SyncWorkerLike));
    expect(result.current.state).toEqual({ kind: 'idle' });
    expect(workers).toHaveLength(0);

    act(() => result.current.sync('https://hub.example.nl', 'tok'));
    expect(workers[0]?.requests).toEqual([{ type: 'sync', hubUrl: 'https://hub.example.nl', token: 'tok' }]);
    expect(result.current.busy).toBe(true);

    workers[0]?.emit({ kind: 'done', installed: [], upToDate: [], failed: [] });
    expect(result.current.state.kind).toBe('done');
    expect(result.current.busy).toBe(false);

    act(() => result.current.importFile(new Blob([]), 'a.rkp'));
    expect(workers).toHaveLength(1);
    expect(workers[0]?.requests[1]).toMatchObject({ type: 'import', name: 'a.rkp' });
  });

  it('reports a worker that fails to start and starts a fresh one next time', () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const { result } = renderHook(() => useSync(() => workers[workers.push(fakeWorker()) - 1] as SyncWorkerLike));

    act(() => result.current.sync('https://hub.example.nl'));
    workers[0]?.fail();

    expect(result.current.state).toEqual({ kind: 'error', code: 'worker', message: 'the sync worker could not be started' });
    expect(workers[0]?.terminated).toBe(1);
    act(() => result.current.sync('https://hub.example.nl'));
    expect(workers).toHaveLength(2);
  });
});
