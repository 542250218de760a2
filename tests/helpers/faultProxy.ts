// A fault-injecting HTTP proxy between the app's sync client and a real hub, for the sync
// fault tests: per request it may pass, add latency, drop the response after the hub
// committed, send the request twice, replay an older request first (a copy delivered out of
// order), answer 500 without forwarding or after the hub committed, or cut the connection
// before forwarding. Choices come from a seeded generator, so a failing seed can be replayed.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAULTS = ['pass', 'latency', 'dropResponse', 'duplicate', 'replayOld', 'error500', 'error500AfterCommit', 'cut'] as const;
export type Fault = (typeof FAULTS)[number];

/** mulberry32: a small seeded generator of numbers in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Forwarded = { method: string; path: string; headers: Record<string, string>; body: Buffer };
type Answer = { status: number; headers: Record<string, string>; body: Buffer };

function forward(target: URL, req: Forwarded): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      {
        host: target.hostname,
        port: Number(target.port),
        method: req.method,
        path: req.path,
        headers: { ...req.headers, host: target.host, 'content-length': String(req.body.length) },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string' && k !== 'connection' && k !== 'keep-alive' && k !== 'transfer-encoding') headers[k] = v;
          resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(parts) });
        });
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(req.body);
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

export type FaultProxy = {
  url: string;
  /** Starts choosing faults from `seed` (faultRate: how often a request is not passed as it is). */
  reseed(seed: number, faultRate: number): void;
  /** Passes everything from now on. */
  calm(): void;
  /** How often each fault was chosen since the proxy started. */
  counts: Record<Fault, number>;
  close(): Promise<void>;
};

export async function startFaultProxy(hubUrl: string): Promise<FaultProxy> {
  const target = new URL(hubUrl);
  let random = seeded(1);
  let rate = 0;
  let seen: Forwarded[] = [];
  const counts = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;

  const choose = (): Fault => {
    if (random() >= rate) return 'pass';
    return FAULTS[1 + Math.floor(random() * (FAULTS.length - 1))] as Fault;
  };

  const reply = (res: ServerResponse, answer: Answer) => {
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection' && k !== 'content-length') headers[k] = v;
    const forwarded: Forwarded = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body: await readBody(req) };
    const fault = choose();
    counts[fault] += 1;
    const previous = seen.length > 0 ? seen[Math.floor(random() * seen.length)] : undefined;
    if (forwarded.method === 'POST') seen.push(forwarded);
    switch (fault) {
      case 'pass':
        return reply(res, await forward(target, forwarded));
      case 'latency':
        await new Promise((r) => setTimeout(r, 1 + Math.floor(random() * 15)));
        return reply(res, await forward(target, forwarded));
      case 'dropResponse':
        await forward(target, forwarded);
        res.socket?.destroy();
        return;
      case 'duplicate': {
        const [first, second] = await Promise.all([forward(target, forwarded), forward(target, forwarded)]);
        return reply(res, random() < 0.5 ? first : second);
      }
      case 'replayOld':
        if (previous) await forward(target, previous).catch(() => undefined);
        return reply(res, await forward(target, forwarded));
      case 'error500':
        return reply(res, { status: 500, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"error":{"code":"internal","message":"injected"}}') });
      case 'error500AfterCommit':
        await forward(target, forwarded);
        return reply(res, { status: 500, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"error":{"code":"internal","message":"injected after commit"}}') });
      case 'cut':
        res.socket?.destroy();
        return;
      default: {
        const unreachable: never = fault;
        return unreachable;
      }
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.socket?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    reseed(seed, faultRate) {
      random = seeded(seed);
      rate = faultRate;
      seen = [];
    },
    calm() {
      rate = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
