// Package bytes over HTTP: the hub's versioned manifest and chunk addresses, or a package
// folder (`manifest.json` + `chunks/<sha256>`) such as the demo bundled with the app. Errors
// are typed so the UI can choose a clerk's sentence: FetchError with the HTTP status for an
// unreachable or refusing server, IntegrityError for a chunk longer than declared.
// Never reads a body past the length the manifest (or the manifest size limit) allows, and
// never keeps an error page's body.
import { FetchError, IntegrityError, ValidationError } from '../../shared/errors';
import { MAX_MANIFEST_BYTES } from '../../shared/limits';
import type { ChunkRef } from '../../shared/packageFormat';
import type { PackageSource } from '../data/install/packageSource';

const MANIFEST_FILE = 'manifest.json';

export type HttpSourceOptions = {
  manifestUrl: string;
  chunkUrl: (ref: ChunkRef) => string;
  fetchImpl?: typeof fetch;
  /** Sent with every request (e.g. Authorization). */
  headers?: Record<string, string>;
};

/** Reads a package over HTTP from the given URLs, never reading past a declared length. */
export function httpSource(opts: HttpSourceOptions): PackageSource {
  const fetchImpl = opts.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const headers = opts.headers ?? {};
  return {
    async fetchManifest() {
      const url = opts.manifestUrl;
      // Manifests change between versions; revalidate instead of trusting a cached copy.
      const response = await httpGet(fetchImpl, url, { cache: 'no-cache', headers });
      return readBodyAtMost(response, MAX_MANIFEST_BYTES, () => new ValidationError(`${url}: larger than ${MAX_MANIFEST_BYTES} bytes, not a manifest`, { file: MANIFEST_FILE }));
    },
    async fetchChunk(ref) {
      const url = opts.chunkUrl(ref);
      const response = await httpGet(fetchImpl, url, { headers });
      return readBodyAtMost(
        response,
        ref.size,
        () => new IntegrityError(`${ref.path}: ${url} sends more than the ${ref.size} bytes the manifest declares`, { file: url, path: ref.path }),
      );
    },
  };
}

/** Reads a package over HTTP: `${baseUrl}/manifest.json` and `${baseUrl}/chunks/<sha256>`. */
export function httpPackageSource(baseUrl: string, fetchImpl?: typeof fetch): PackageSource {
  const base = baseUrl.replace(/\/+$/, '');
  return httpSource({ manifestUrl: `${base}/${MANIFEST_FILE}`, chunkUrl: (ref) => `${base}/chunks/${ref.sha256}`, ...(fetchImpl ? { fetchImpl } : {}) });
}

/** GET with the errors a clerk's message can be chosen from (FetchError with the status). */
export async function httpGet(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch (error) {
    throw new FetchError(`GET ${url}: ${error instanceof Error ? error.message : String(error)}`, undefined, { file: url });
  }
  if (!response.ok) {
    // The body of an error page is of no use; release the connection.
    await response.body?.cancel();
    throw new FetchError(`GET ${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, response.status, { file: url });
  }
  return response;
}

/** Reads a response body as a stream and stops as soon as more than `limit` bytes arrive. */
export async function readBodyAtMost(response: Response, limit: number, tooLong: () => Error): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch (error) {
      // A connection dropped mid-body is a fetch failure, not a damaged package.
      throw new FetchError(`${response.url || 'download'}: the connection broke off (${error instanceof Error ? error.message : String(error)})`, undefined, {
        file: response.url,
      });
    }
    const { done, value } = chunk;
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      // The length error is what the user must see; a failure to cancel adds nothing.
      await reader.cancel().catch(() => undefined);
      throw tooLong();
    }
    parts.push(value);
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
