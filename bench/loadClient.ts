// Load generator for the hub chunk benchmark, run as its own process (`node --import tsx
// bench/loadClient.ts '<json config>'`) so it does not share an event loop with the servers
// it measures. For each round and each target in turn: `concurrency` keep-alive clients GET
// every chunk `passes` times, reading every body byte; prints JSON results on stdout.
// Bench-only: talks to the 127.0.0.1 URLs it is given and nothing else.
import { Agent, request } from 'node:http';

export type LoadTarget = {
  name: string;
  /** URL prefix; the chunk's sha256 is appended. */ prefix: string;
  /** Request headers (the hub's bearer token). */ headers?: Record<string, string>;
};
export type LoadConfig = { targets: LoadTarget[]; shas: string[]; chunkBytes: number; concurrency: number; passes: number; rounds: number };
export type LoadSample = { target: string; round: number; requests: number; bytes: number; ms: number };

function get(agent: Agent, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { agent, headers }, (res) => {
      let n = 0;
      res.on('data', (chunk: Buffer) => {
        n += chunk.length;
      });
      res.on('end', () => (res.statusCode === 200 ? done(n) : fail(new Error(`GET ${url}: HTTP ${res.statusCode}`))));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

async function measure(target: LoadTarget, cfg: LoadConfig): Promise<{ requests: number; bytes: number; ms: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: cfg.concurrency });
  const urls: string[] = [];
  for (let p = 0; p < cfg.passes; p++) for (const sha of cfg.shas) urls.push(target.prefix + sha);
  let next = 0;
  let bytes = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: cfg.concurrency }, async () => {
      while (next < urls.length) {
        const url = urls[next++] as string;
        const n = await get(agent, url, target.headers ?? {});
        if (n !== cfg.chunkBytes) throw new Error(`GET ${url}: ${n} bytes, expected ${cfg.chunkBytes}`);
        bytes += n;
      }
    }),
  );
  const ms = performance.now() - t0;
  agent.destroy();
  return { requests: urls.length, bytes, ms };
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2] ?? '') as LoadConfig;
  // Warm-up: connections, JIT and the page cache, for every target alike.
  for (const target of cfg.targets) await measure(target, { ...cfg, passes: 1 });
  const samples: LoadSample[] = [];
  for (let round = 0; round < cfg.rounds; round++) {
    // Alternate which target goes first, so a trend in machine load hits both alike.
    const order = round % 2 === 0 ? cfg.targets : [...cfg.targets].reverse();
    for (const target of order) samples.push({ target: target.name, round, ...(await measure(target, cfg)) });
  }
  process.stdout.write(JSON.stringify(samples));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
