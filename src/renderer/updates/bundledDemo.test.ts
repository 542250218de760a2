// The bundled demo at start-up: installed once, shared between two calls of one start, a
// newer installed version kept, and refused unless it is marked as a demo.
import { describe, expect, it } from 'vitest';
import { installPackage } from '../data/install/installPackage';
import { makePackage, memorySource, useFreshDatabases } from '../../../tests/helpers/dexie';
import type { TestPackage } from '../../../tests/helpers/dexie';
import { ensureDemoInstalled } from './bundledDemo';

const { freshDb } = useFreshDatabases('bundled-demo-test');

const clock = () => new Date('2026-12-01T12:00:00Z');

describe('ensureDemoInstalled', () => {
  async function demoFetch(pkg: TestPackage) {
    const calls: string[] = [];
    const bySha = new Map(pkg.manifest.chunks.map((c) => [c.sha256, pkg.files.get(c.path)]));
    const fetchImpl = (input: RequestInfo | URL): Promise<Response> => {
      const url = String(input);
      calls.push(url);
      if (url === 'demo/manifest.json') return Promise.resolve(new Response(pkg.manifestBytes.slice()));
      const bytes = url.startsWith('demo/chunks/') ? bySha.get(url.slice('demo/chunks/'.length)) : undefined;
      return Promise.resolve(bytes ? new Response(bytes.slice()) : new Response('not found', { status: 404 }));
    };
    return { calls, fetchImpl: fetchImpl as typeof fetch };
  }

  it('installs the bundled demo once and does not download it again on the next start', async () => {
    const db = await freshDb();
    const demo = await demoFetch(await makePackage({ packageId: 'demo.delfshaven', demo: true }));
    const chunkCalls = () => demo.calls.filter((url) => url.startsWith('demo/chunks/')).length;

    const first = await ensureDemoInstalled(db, 'demo', { fetchImpl: demo.fetchImpl, now: clock });
    expect(first).toEqual({ kind: 'installed', packageId: 'demo.delfshaven', version: 1 });
    expect(chunkCalls()).toBe(3);

    const second = await ensureDemoInstalled(db, 'demo', { fetchImpl: demo.fetchImpl, now: clock });
    expect(second).toEqual({ kind: 'upToDate', packageId: 'demo.delfshaven', version: 1 });
    expect(chunkCalls()).toBe(3);
  });

  it('shares one install between two calls at the same start', async () => {
    const db = await freshDb();
    const source = memorySource(await makePackage({ packageId: 'demo.delfshaven', demo: true }));

    const [a, b] = await Promise.all([ensureDemoInstalled(db, 'demo', { source, now: clock }), ensureDemoInstalled(db, 'demo', { source, now: clock })]);

    expect(a).toEqual(b);
    expect(source.manifestCalls).toBe(1);
    expect(source.chunkCalls).toHaveLength(3);
  });

  it('keeps a newer installed version of the demo without downloading', async () => {
    const db = await freshDb();
    await installPackage(db, memorySource(await makePackage({ packageId: 'demo.delfshaven', demo: true, version: 3 })), { now: clock });
    const source = memorySource(await makePackage({ packageId: 'demo.delfshaven', demo: true, version: 2 }));

    const result = await ensureDemoInstalled(db, 'demo', { source, now: clock });

    expect(result).toEqual({ kind: 'upToDate', packageId: 'demo.delfshaven', version: 3 });
    expect(source.chunkCalls).toEqual([]);
  });

  it('refuses a bundled package that is not marked as a demo', async () => {
    const db = await freshDb();
    const source = memorySource(await makePackage({ demo: false }));

    await expect(ensureDemoInstalled(db, 'demo', { source, now: clock })).rejects.toThrow(/manifest\.json: \$\.demo: /);
    expect(await db.packages.count()).toBe(0);
  });
});
