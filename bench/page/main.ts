// Benchmark page (not part of the app): installs the bundled demo package with the app's own
// installer and, in the same page and the same Chromium profile, writes the same bytes with a
// raw Dexie bulkPut, alternating the two so machine noise hits both alike.
import { Dexie } from 'dexie';
import { installPackage, type PackageSource } from '../../src/renderer/data/installPackage';
import { openDatabase } from '../../src/renderer/data/db';
import { Manifest, type ChunkRef } from '../../src/shared/packageFormat';

type Round = { installMs: number; rawMs: number };

async function loadDemo(): Promise<{ manifestBytes: Uint8Array; chunks: Map<string, Uint8Array> }> {
  const manifestBytes = new Uint8Array(await (await fetch('/demo/manifest.json')).arrayBuffer());
  const manifest = Manifest.parse(JSON.parse(new TextDecoder().decode(manifestBytes)));
  const chunks = new Map<string, Uint8Array>();
  for (const ref of manifest.chunks) {
    chunks.set(ref.sha256, new Uint8Array(await (await fetch(`/demo/chunks/${ref.sha256}`)).arrayBuffer()));
  }
  return { manifestBytes, chunks };
}

/** A source that serves bytes already in memory: the benchmark measures storage, not loopback HTTP. */
function memorySource(manifestBytes: Uint8Array, chunks: Map<string, Uint8Array>): PackageSource {
  return {
    fetchManifest: () => Promise.resolve(manifestBytes),
    fetchChunk: (ref: ChunkRef) => Promise.resolve(chunks.get(ref.sha256) ?? new Uint8Array()),
  };
}

async function runRounds(rounds: number): Promise<{ rounds: Round[]; bytes: number; chunkCount: number }> {
  const { manifestBytes, chunks } = await loadDemo();
  const bytes = [...chunks.values()].reduce((n, c) => n + c.byteLength, 0);
  const result: Round[] = [];
  for (let i = 0; i < rounds; i++) {
    const appDb = openDatabase(`bench-install-${i}`);
    let t0 = performance.now();
    await installPackage(appDb, memorySource(manifestBytes, chunks));
    const installMs = performance.now() - t0;
    appDb.close();
    await Dexie.delete(`bench-install-${i}`);

    const raw = new Dexie(`bench-raw-${i}`);
    raw.version(1).stores({ chunks: '&sha256' });
    await raw.open();
    const rows = [...chunks.entries()].map(([sha256, data]) => ({ sha256, size: data.byteLength, data }));
    t0 = performance.now();
    await raw.transaction('rw', raw.table('chunks'), () => raw.table('chunks').bulkPut(rows));
    const rawMs = performance.now() - t0;
    raw.close();
    await Dexie.delete(`bench-raw-${i}`);
    result.push({ installMs, rawMs });
  }
  return { rounds: result, bytes, chunkCount: chunks.size };
}

Object.assign(window, { runInstallBench: runRounds });
