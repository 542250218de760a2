// Test-only: a hub in memory behind a fake fetch, serving a catalog signed with a hub key and
// the manifests and chunks of test packages, recording every request (URL and Authorization).
// Tests change what it serves to build the rejection cases. Never import this from app code.
import { buildCatalog, catalogBytes, signCatalog } from '../../src/shared/catalog';
import type { Catalog } from '../../src/shared/catalog';
import { sha256Hex } from '../../src/shared/hash';
import type { TrustedKey } from '../../src/shared/keys';
import { generateKeyPair, trustedKeyOf } from '../../src/shared/keys';
import type { TestKey, TestPackage } from './dexie';

export const HUB = 'https://hub.example.nl';

export type HubRequest = { url: string; authorization: string | null };

export type FakeHub = {
  key: TestKey;
  /** The trust entry a client pins for this hub. */
  trust: TrustedKey;
  requests: HubRequest[];
  /** The packages the catalog lists (current version per id); replace to publish. */
  packages: Map<string, TestPackage>;
  /** Publishes (or replaces) the current version of a package. */
  publish(pkg: TestPackage): void;
  /** Clock the catalog is issued by. */
  issuedAt: Date;
  /** Changes the catalog after signing (or replaces its bytes) to build broken ones. */
  alterCatalog?: (catalog: Catalog) => Catalog;
  catalogBytes?: (bytes: Uint8Array) => Uint8Array;
  /** Serves other manifest bytes for a package than the catalog lists. */
  manifestOverride: Map<string, Uint8Array>;
  /** Throws (connection lost) when a chunk request's number (1-based, over the hub's life) is in this set. */
  failChunkRequests: Set<number>;
  /** Answers every request with this HTTP status. */
  status?: number;
  fetchImpl: typeof fetch;
  chunkRequests(): string[];
};

export async function makeFakeHub(opts: { key?: TestKey; issuedAt?: Date } = {}): Promise<FakeHub> {
  const key = opts.key ?? (await generateKeyPair());
  let chunkRequestCount = 0;
  const hub: FakeHub = {
    key,
    trust: trustedKeyOf(key.publicKey, 'hub', 'test hub'),
    requests: [],
    packages: new Map(),
    publish(pkg) {
      hub.packages.set(pkg.manifest.packageId, pkg);
    },
    issuedAt: opts.issuedAt ?? new Date('2026-12-01T11:00:00.000Z'),
    manifestOverride: new Map(),
    failChunkRequests: new Set(),
    fetchImpl: (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = String(input);
      const headers = new Headers(init?.headers);
      hub.requests.push({ url, authorization: headers.get('authorization') });
      if (hub.status !== undefined) return new Response('{"error":{"code":"x","message":"x"}}', { status: hub.status });
      if (!url.startsWith(`${HUB}/v1/`)) return new Response('not found', { status: 404 });
      const path = url.slice(`${HUB}/v1/`.length);
      if (path === 'keys/hub') return new Response(JSON.stringify(key.publicKey));
      if (path === 'catalog') {
        const entries = await Promise.all(
          [...hub.packages.values()].map(async (p) => ({
            packageId: p.manifest.packageId,
            version: p.manifest.version,
            title: p.manifest.title,
            manifestSha256: await sha256Hex(p.manifestBytes),
          })),
        );
        let catalog = await signCatalog(buildCatalog(entries, { now: hub.issuedAt }), key.privateKey);
        if (hub.alterCatalog) catalog = hub.alterCatalog(catalog);
        const bytes = catalogBytes(catalog);
        return new Response((hub.catalogBytes ? hub.catalogBytes(bytes) : bytes).slice());
      }
      const manifest = /^packages\/([^/]+)\/versions\/(\d+)\/manifest$/.exec(path);
      if (manifest) {
        const id = decodeURIComponent(manifest[1] ?? '');
        const pkg = hub.packages.get(id);
        if (!pkg || String(pkg.manifest.version) !== manifest[2]) return new Response('not found', { status: 404 });
        return new Response((hub.manifestOverride.get(id) ?? pkg.manifestBytes).slice());
      }
      const chunk = /^chunks\/([0-9a-f]{64})$/.exec(path);
      if (chunk) {
        chunkRequestCount += 1;
        if (hub.failChunkRequests.has(chunkRequestCount)) throw new TypeError('Failed to fetch');
        for (const p of hub.packages.values()) {
          const ref = p.manifest.chunks.find((c) => c.sha256 === chunk[1]);
          const bytes = ref && p.files.get(ref.path);
          if (bytes) return new Response(bytes.slice());
        }
      }
      return new Response('not found', { status: 404 });
    }) as typeof fetch,
    chunkRequests: () => hub.requests.filter((r) => r.url.includes('/v1/chunks/')).map((r) => r.url.slice(r.url.lastIndexOf('/') + 1)),
  };
  return hub;
}
