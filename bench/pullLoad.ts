// Load generator for the sync pull benchmark, run as its own process (`node --import tsx
// bench/pullLoad.ts '<json config>'`) so 200 simulated devices do not share an event loop with
// the hub they measure. Each device first pulls once to get its cursor; then, per round and per
// target in turn (the order alternating per round), every device loops for `durationMs`: a pull
// with its cursor when nothing changed (`pull`), or `GET /v1/health` (`health`), one request at
// a time per device, all devices at once. Prints JSON samples on stdout.
// Bench-only: talks to the 127.0.0.1 URL it is given and nothing else.
import { Agent, request } from 'node:http';

export type PullLoadConfig = { base: string; tokens: string[]; durationMs: number; rounds: number };
export type PullLoadSample = { target: 'pull' | 'health'; round: number; requests: number; ms: number; nonEmpty: number };

function get(agent: Agent, url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((done, fail) => {
    const req = request(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => {
        body += part;
      });
      res.on('end', () => (res.statusCode === 200 ? done(body) : fail(new Error(`GET ${url}: HTTP ${res.statusCode} ${body.slice(0, 200)}`))));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2] ?? '') as PullLoadConfig;
  const agent = new Agent({ keepAlive: true, maxSockets: cfg.tokens.length });
  const devices = await Promise.all(
    cfg.tokens.map(async (token) => {
      const headers = { authorization: `Bearer ${token}` };
      const first = JSON.parse(await get(agent, `${cfg.base}/v1/sync/pull`, headers)) as { cursor: string };
      return { headers, url: `${cfg.base}/v1/sync/pull?cursor=${encodeURIComponent(first.cursor)}` };
    }),
  );
  const measure = async (target: 'pull' | 'health', round: number, durationMs: number): Promise<PullLoadSample> => {
    let requests = 0;
    let nonEmpty = 0;
    const t0 = performance.now();
    const until = t0 + durationMs;
    await Promise.all(
      devices.map(async (device) => {
        while (performance.now() < until) {
          if (target === 'pull') {
            const answer = JSON.parse(await get(agent, device.url, device.headers)) as { changes: unknown[] };
            if (answer.changes.length > 0) nonEmpty += 1;
          } else {
            await get(agent, `${cfg.base}/v1/health`, {});
          }
          requests += 1;
        }
      }),
    );
    return { target, round, requests, ms: performance.now() - t0, nonEmpty };
  };
  // Warm-up: connections and JIT for both alike.
  await measure('pull', -1, 500);
  await measure('health', -1, 500);
  const samples: PullLoadSample[] = [];
  for (let round = 0; round < cfg.rounds; round++) {
    const order: ('pull' | 'health')[] = round % 2 === 0 ? ['pull', 'health'] : ['health', 'pull'];
    for (const target of order) samples.push(await measure(target, round, cfg.durationMs));
  }
  agent.destroy();
  process.stdout.write(JSON.stringify(samples));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
