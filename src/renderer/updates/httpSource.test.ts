import { describe, expect, it } from 'vitest';
import { FetchError, IntegrityError, ValidationError } from '../../shared/errors';
import type { ChunkRef } from '../../shared/packageFormat';
import { httpPackageSource } from './httpSource';

const SHA = 'a'.repeat(64);
const ref = (size: number): ChunkRef => ({ path: 'layers/buildings.geojson', sha256: SHA, size, mediaType: 'application/geo+json' });

/** A fetch that answers every URL with `respond(url)` and records the URLs asked for. */
function fakeFetch(respond: (url: string) => Response) {
  const urls: string[] = [];
  const fetchImpl = (input: RequestInfo | URL): Promise<Response> => {
    const url = String(input);
    urls.push(url);
    return Promise.resolve(respond(url));
  };
  return { urls, fetchImpl: fetchImpl as typeof fetch };
}

/**
 * A body that sends `parts` one per read and fails the test if anyone reads beyond them.
 * highWaterMark 0: the stream is pulled only when the reader asks, never ahead.
 */
function strictStream(parts: Uint8Array[]) {
  const state = { pulls: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.pulls += 1;
        const part = parts[state.pulls - 1];
        if (part) controller.enqueue(part);
        else controller.error(new Error('read past the declared length'));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe('httpPackageSource', () => {
  it('fetches the manifest and chunks under the base URL', async () => {
    const { urls, fetchImpl } = fakeFetch((url) => new Response(url.endsWith('manifest.json') ? '{"m":1}' : 'abc'));
    const source = httpPackageSource('https://hub.example/packages/p1/', fetchImpl);

    expect(new TextDecoder().decode(await source.fetchManifest())).toBe('{"m":1}');
    expect(new TextDecoder().decode(await source.fetchChunk(ref(3)))).toBe('abc');
    expect(urls).toEqual(['https://hub.example/packages/p1/manifest.json', `https://hub.example/packages/p1/chunks/${SHA}`]);
  });

  it('reports a non-2xx answer as a FetchError naming the URL path and status', async () => {
    const { fetchImpl } = fakeFetch(() => new Response('gone', { status: 404, statusText: 'Not Found' }));
    const source = httpPackageSource('demo', fetchImpl);

    const failure = source.fetchChunk(ref(3));

    await expect(failure).rejects.toBeInstanceOf(FetchError);
    await expect(failure).rejects.toThrow(`GET demo/chunks/${SHA}: HTTP 404 Not Found`);
    await expect(failure).rejects.toMatchObject({ status: 404, location: { file: `demo/chunks/${SHA}` } });
  });

  it('reports a network failure as a FetchError without a status', async () => {
    const fetchImpl = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    const failure = httpPackageSource('demo', fetchImpl).fetchManifest();

    await expect(failure).rejects.toThrow('GET demo/manifest.json: Failed to fetch');
    await expect(failure).rejects.toMatchObject({ code: 'fetch', status: undefined });
  });

  it('stops reading as soon as a chunk is longer than declared', async () => {
    const { stream, state } = strictStream([new Uint8Array(4), new Uint8Array(4), new Uint8Array(4)]);
    const { fetchImpl } = fakeFetch(() => new Response(stream));

    const failure = httpPackageSource('demo', fetchImpl).fetchChunk(ref(6));

    await expect(failure).rejects.toBeInstanceOf(IntegrityError);
    await expect(failure).rejects.toThrow(`layers/buildings.geojson: demo/chunks/${SHA} sends more than the 6 bytes the manifest declares`);
    // Two reads (4 + 4 > 6) and no third: the erroring third part was never requested.
    expect(state.pulls).toBe(2);
    expect(state.cancelled).toBe(true);
  });

  it('reads a chunk delivered in several parts of exactly the declared length', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2]));
        controller.enqueue(new Uint8Array([3, 4, 5]));
        controller.close();
      },
    });
    const { fetchImpl } = fakeFetch(() => new Response(body));

    expect([...(await httpPackageSource('demo', fetchImpl).fetchChunk(ref(5)))]).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a manifest larger than any manifest can be', async () => {
    const { fetchImpl } = fakeFetch(() => new Response(new Uint8Array(4 * 1024 * 1024 + 1)));

    await expect(httpPackageSource('demo', fetchImpl).fetchManifest()).rejects.toBeInstanceOf(ValidationError);
  });
});
