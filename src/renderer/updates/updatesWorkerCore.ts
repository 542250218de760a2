// The updates worker's logic without the worker: takes one request (update from a hub, or import a
// package file), runs it against the database and posts UpdateState messages, ending with
// `done` or `error`. updates.worker.ts binds it to the worker scope; tests and the in-page
// fallback call it directly. Never throws: every failure becomes an `error` state.
import type { RaadskaartDb } from '../data/db';
import { importPackageFile } from './importPackageFile';
import { updateFromHub } from './updateFromHub';
import type { UpdateState } from './updateState';
import { describeError } from '../i18n/errorMessage';
import { percentOf } from './updateState';

export type UpdateRequest = { type: 'update'; hubUrl: string; token?: string } | { type: 'import'; file: Blob; name?: string };

export type UpdateDeps = {
  db: RaadskaartDb;
  fetchImpl?: typeof fetch;
  now?: () => Date;
};

/** Runs one request, posting every state change; resolves after the final `done` or `error`. */
export async function runUpdateRequest(request: UpdateRequest, deps: UpdateDeps, post: (state: UpdateState) => void): Promise<void> {
  try {
    if (request.type === 'update') {
      await updateFromHub({
        db: deps.db,
        hubUrl: request.hubUrl,
        ...(request.token ? { token: request.token } : {}),
        ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}),
        ...(deps.now ? { now: deps.now } : {}),
        onProgress: post,
      });
      return;
    }
    post({ kind: 'checking' });
    let title = request.name ?? '';
    const result = await importPackageFile(deps.db, request.file, {
      ...(request.name ? { name: request.name } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      onOpened: (pkg) => {
        title = pkg.title;
      },
      onProgress: (p) =>
        post({ kind: 'downloading', packageId: p.packageId, title, doneBytes: p.doneBytes, totalBytes: p.totalBytes, percent: percentOf(p.doneBytes, p.totalBytes) }),
      onInstalling: (packageId) => post({ kind: 'installing', packageId, title }),
    });
    const summary = { packageId: result.packageId, title: result.title, version: result.version };
    post(result.kind === 'installed' ? { kind: 'done', installed: [summary], upToDate: [], failed: [] } : { kind: 'done', installed: [], upToDate: [summary], failed: [] });
  } catch (error) {
    post({ kind: 'error', ...describeError(error) });
  }
}

/** The part of a worker scope the updates worker uses. */
export type UpdatesWorkerScope = {
  postMessage(message: UpdateState): void;
  addEventListener(type: 'message', listener: (event: { data: UpdateRequest }) => void): void;
};

/** Serves requests one at a time; a request while one runs is answered with an error. */
export function attachUpdatesWorker(scope: UpdatesWorkerScope, deps: () => UpdateDeps): void {
  let running = false;
  scope.addEventListener('message', (event) => {
    if (running) {
      scope.postMessage({ kind: 'error', code: 'unknown', message: 'an update or import is already running' });
      return;
    }
    running = true;
    void runUpdateRequest(event.data, deps(), (state) => scope.postMessage(state)).finally(() => {
      running = false;
    });
  });
}
