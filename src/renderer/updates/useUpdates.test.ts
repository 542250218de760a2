// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { UpdateState } from './updateState';
import type { UpdateRequest } from './updatesWorkerCore';
import { useUpdates } from './useUpdates';
import type { UpdatesWorkerLike } from './useUpdates';

function fakeWorker() {
  const messageListeners: ((event: MessageEvent<UpdateState>) => void)[] = [];
  const errorListeners: ((event: Event) => void)[] = [];
  const worker = {
    requests: [] as UpdateRequest[],
    terminated: 0,
    postMessage(request: UpdateRequest) {
      worker.requests.push(request);
    },
    addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<UpdateState>) => void) | ((event: Event) => void)) {
      if (type === 'message') messageListeners.push(listener as (event: MessageEvent<UpdateState>) => void);
      else errorListeners.push(listener as (event: Event) => void);
    },
    terminate() {
      worker.terminated += 1;
    },
    emit: (state: UpdateState) => act(() => messageListeners.forEach((l) => l({ data: state } as MessageEvent<UpdateState>))),
    fail: () => act(() => errorListeners.forEach((l) => l(new Event('error')))),
  };
  return worker;
}

describe('useUpdates', () => {
  it('starts no worker until asked, then follows the states the worker posts', () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const { result } = renderHook(() => useUpdates(() => workers[workers.push(fakeWorker()) - 1] as UpdatesWorkerLike));
    expect(result.current.state).toEqual({ kind: 'idle' });
    expect(workers).toHaveLength(0);

    act(() => result.current.update('https://hub.example.nl', 'tok'));
    expect(workers[0]?.requests).toEqual([{ type: 'update', hubUrl: 'https://hub.example.nl', token: 'tok' }]);
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
    const { result } = renderHook(() => useUpdates(() => workers[workers.push(fakeWorker()) - 1] as UpdatesWorkerLike));

    act(() => result.current.update('https://hub.example.nl'));
    workers[0]?.fail();

    expect(result.current.state).toEqual({ kind: 'error', code: 'worker', message: 'the updates worker could not be started' });
    expect(workers[0]?.terminated).toBe(1);
    act(() => result.current.update('https://hub.example.nl'));
    expect(workers).toHaveLength(2);
  });
});
