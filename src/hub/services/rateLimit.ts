// Per-address rate limit of refused requests: a token bucket per client address (IPv6 by its
// /64, since one machine commonly holds a whole /64). Every refused request (401, 403) takes a
// token; while an address has none left the hub answers its requests 429 rate-limited without
// looking at them further (no token lookup, no audit row per request). State lives in this
// process only: each hub process limits on its own, which is enough for a flood from one
// address but not a shared budget across processes (docs/hub-api.md, "Rate limit").
// Never keeps more than MAX_TRACKED addresses (an address that cycles through a /48 must not
// grow the map without end): full buckets are the same as no bucket and are dropped first.

export type RateLimitOptions = {
  /** Refusals an address may cause at once before it is limited (default 60). */
  burst?: number;
  /** Refusals per minute an address earns back (default 30, one every 2 seconds). */
  perMinute?: number;
  /** Milliseconds since some fixed point; tests inject one. Default: performance.now(). */
  clock?: () => number;
};

export const DEFAULT_REFUSAL_BURST = 60;
export const DEFAULT_REFUSALS_PER_MINUTE = 30;
const MAX_TRACKED = 10_000;

export type RateLimiter = {
  /** 0 when the address may be served; otherwise the seconds until it may again. */
  waitSeconds(address: string): number;
  /** Records one refusal for the address. */
  refused(address: string): void;
};

type Bucket = { tokens: number; at: number };

export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const burst = options.burst ?? DEFAULT_REFUSAL_BURST;
  const perMs = (options.perMinute ?? DEFAULT_REFUSALS_PER_MINUTE) / 60_000;
  const clock = options.clock ?? (() => performance.now());
  const buckets = new Map<string, Bucket>();

  const current = (key: string, now: number): Bucket => {
    const bucket = buckets.get(key);
    if (!bucket) return { tokens: burst, at: now };
    return { tokens: Math.min(burst, bucket.tokens + (now - bucket.at) * perMs), at: now };
  };

  const prune = (now: number): void => {
    for (const key of [...buckets.keys()]) {
      if (buckets.size <= MAX_TRACKED) return;
      if (current(key, now).tokens >= burst) buckets.delete(key);
    }
    // still too many limited addresses: forget the longest-untouched ones
    for (const key of [...buckets.keys()]) {
      if (buckets.size <= MAX_TRACKED) return;
      buckets.delete(key);
    }
  };

  return {
    waitSeconds(address) {
      const bucket = current(addressKey(address), clock());
      if (bucket.tokens >= 1) return 0;
      return perMs > 0 ? (1 - bucket.tokens) / perMs / 1000 : 3600;
    },
    refused(address) {
      const key = addressKey(address);
      const now = clock();
      const bucket = current(key, now);
      bucket.tokens = Math.max(0, bucket.tokens - 1);
      // re-insert, so the map's order is least recently touched first
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > MAX_TRACKED) prune(now);
    },
  };
}

/** The bucket key of an address: IPv4 as is (also when IPv4-mapped), IPv6 by its first 64 bits. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]?.split('::') ?? [];
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
