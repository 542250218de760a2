import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { writeRkp } from '../../shared/rkp';
import { openDatabase } from '../data/db';
import type { RaadskaartDb } from '../data/db';
import { makePackage, trustTestPublisher } from '../../../tests/helpers/dexie';
import { addTrustedKey } from '../data/trust';
import type { UpdateState } from './updateState';
import { attachUpdatesWorker, runUpdateRequest } from './updatesWorkerCore';
import type { UpdateRequest, UpdatesWorkerScope } from './updatesWorkerCore';
import { HUB, makeFakeHub } from '../../../tests/helpers/fakeHub';

const clock = () => new Date('2026-12-01T12:00:00Z');
const open: RaadskaartDb[] = [];
let counter = 0;
async function client(): Promise<RaadskaartDb> {
  const db = openDatabase(`worker-test-${Date.now()}-${counter++}`, { indexedDB, IDBKeyRange });
  open.push(db);
  await trustTestPublisher(db);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

describe('runUpdateRequest', () => {
  it('posts the states of an update from the hub ending in done', async () => {
    const hub = await makeFakeHub();
    hub.publish(await makePackage());
    const db = await client();
    await addTrustedKey(db, hub.trust);
    const posted: UpdateState[] = [];

    await runUpdateRequest({ type: 'update', hubUrl: HUB, token: 't' }, { db, fetchImpl: hub.fetchImpl, now: clock }, (s) => posted.push(s));

    expect(posted.map((s) => s.kind)).toEqual(['checking', 'downloading', 'downloading', 'downloading', 'downloading', 'installing', 'done']);
    expect(posted.at(-1)).toMatchObject({ kind: 'done', installed: [{ packageId: 'test.delfshaven', version: 1 }], failed: [] });
  });

  it('turns a thrown error into an error state with its code, never a rejection', async () => {
    const hub = await makeFakeHub();
    const db = await client();
    const posted: UpdateState[] = [];

    await runUpdateRequest({ type: 'update', hubUrl: HUB }, { db, fetchImpl: hub.fetchImpl, now: clock }, (s) => posted.push(s));

    expect(posted).toEqual([{ kind: 'error', code: 'hub-key-not-pinned', message: expect.stringContaining('no hub key is pinned') }]);
  });

  it('imports a package file, naming the package in its progress', async () => {
    const db = await client();
    const pkg = await makePackage({ title: 'Plan Noord' });
    const bySha = new Map(pkg.manifest.chunks.map((c) => [c.sha256, pkg.files.get(c.path) ?? new Uint8Array()]));
    const rkp = await writeRkp(pkg.manifestBytes, (ref) => bySha.get(ref.sha256) ?? new Uint8Array(), pkg.manifest);
    const posted: UpdateState[] = [];

    await runUpdateRequest({ type: 'import', file: new Blob([rkp.slice()]), name: 'noord.rkp' }, { db, now: clock }, (s) => posted.push(s));

    expect(posted[0]).toEqual({ kind: 'checking' });
    expect(posted.find((s) => s.kind === 'downloading')).toMatchObject({ title: 'Plan Noord' });
    expect(posted.at(-1)).toEqual({ kind: 'done', installed: [{ packageId: 'test.delfshaven', title: 'Plan Noord', version: 1 }], upToDate: [], failed: [] });
  });

  it('reports a file that is not a package (not gzip) as not a package', async () => {
    const db = await client();
    const posted: UpdateState[] = [];

    await runUpdateRequest({ type: 'import', file: new Blob([new TextEncoder().encode('geen gzip')]), name: 'kapot.rkp' }, { db, now: clock }, (s) => posted.push(s));

    expect(posted.at(-1)).toMatchObject({ kind: 'error', code: 'not-a-package', message: expect.stringContaining('kapot.rkp') });
  });
});

describe('attachUpdatesWorker', () => {
  it('answers a second request while one runs with an error and serves the next one after', async () => {
    const db = await client();
    let listener: ((event: { data: UpdateRequest }) => void) | undefined;
    const posted: UpdateState[] = [];
    const scope: UpdatesWorkerScope = {
      postMessage: (s) => posted.push(s),
      addEventListener: (_type, l) => {
        listener = l;
      },
    };
    attachUpdatesWorker(scope, () => ({ db, now: clock }));
    const bad = { type: 'import', file: new Blob([new Uint8Array([1, 2, 3])]), name: 'x.rkp' } as const;

    listener?.({ data: bad });
    listener?.({ data: bad });
    expect(posted).toContainEqual({ kind: 'error', code: 'unknown', message: 'an update or import is already running' });
    await expect.poll(() => posted.filter((s) => s.kind === 'error').length).toBe(2);

    listener?.({ data: bad });
    await expect.poll(() => posted.filter((s) => s.kind === 'error').length).toBe(3);
  });
});
