import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrityError, ValidationError } from '../shared/errors';
import type { ChunkStore } from './chunkStore';
import { openChunkStore } from './chunkStore';
import { tempDir } from '../../tests/helpers/hub';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const enc = (s: string) => new TextEncoder().encode(s);

describe('chunk store', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let store: ChunkStore;

  beforeAll(async () => {
    dir = await tempDir('raadskaart-chunks-');
    store = await openChunkStore(dir.path);
  });
  afterAll(() => dir.cleanup());

  it('stores bytes under <data>/chunks/<aa>/<sha256> and reads them back, whole and ranged', async () => {
    const bytes = enc('hello, council');
    const h = sha(bytes);
    await store.put(h, bytes);
    const path = join(dir.path, 'chunks', h.slice(0, 2), h);
    expect(await readFile(path, 'utf8')).toBe('hello, council');
    expect(await store.sizeOf(h)).toBe(bytes.length);
    expect(await text(store.read(h))).toBe('hello, council');
    expect(await text(store.read(h, { start: 7, end: 13 }))).toBe('council');
  });

  it('rejects bytes whose hash differs from the name and leaves no file behind', async () => {
    const claimed = sha(enc('the real content'));
    const err = await store.put(claimed, enc('something else')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect(await store.sizeOf(claimed)).toBeUndefined();
    expect(await readdir(join(dir.path, 'chunks', 'tmp'))).toEqual([]);
  });

  it('keeps an existing chunk when the same content is stored again', async () => {
    const bytes = enc('stored twice');
    const h = sha(bytes);
    await store.put(h, bytes);
    const first = await stat(store.pathOf(h));
    await store.put(h, bytes);
    expect((await stat(store.pathOf(h))).ino).toBe(first.ino);
  });

  it('stores an empty chunk', async () => {
    const empty = new Uint8Array(0);
    await store.put(sha(empty), empty);
    expect(await store.sizeOf(sha(empty))).toBe(0);
  });

  it.each(['../../etc/passwd', 'A'.repeat(64), '0'.repeat(63), `${'0'.repeat(63)}/`, ''])('never builds a path from %j', (bad) => {
    expect(() => store.pathOf(bad)).toThrow(ValidationError);
  });

  it('removes temporary files a crashed write left behind, but not fresh ones', async () => {
    const tmp = join(dir.path, 'chunks', 'tmp');
    await writeFile(join(tmp, 'old.tmp'), 'half a chunk');
    const hoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    await utimes(join(tmp, 'old.tmp'), hoursAgo, hoursAgo);
    await writeFile(join(tmp, 'fresh.tmp'), 'being written');
    await openChunkStore(dir.path);
    expect(await readdir(tmp)).toEqual(['fresh.tmp']);
    await rm(join(tmp, 'fresh.tmp'));
  });

  it('removes old chunk files that are not recorded, and nothing else', async () => {
    const [recorded, orphan, recent] = ['recorded', 'orphan', 'recent orphan'].map(enc) as [Uint8Array, Uint8Array, Uint8Array];
    for (const b of [recorded, orphan, recent]) await store.put(sha(b), b);
    const hoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    for (const b of [recorded, orphan]) await utimes(store.pathOf(sha(b)), hoursAgo, hoursAgo);
    // not a chunk name: left alone, as is the temporary folder
    const stray = join(dir.path, 'chunks', sha(orphan).slice(0, 2), 'notes.txt');
    await writeFile(stray, 'not a chunk');
    await utimes(stray, hoursAgo, hoursAgo);
    const keep = new Set([sha(recorded)]);
    const before = new Set(await readdir(join(dir.path, 'chunks')));

    const removed = await store.removeOrphans((h) => keep.has(h) || h !== sha(orphan), new Date(Date.now() - 3600 * 1000));
    const removedAll = await store.removeOrphans((h) => keep.has(h), new Date(Date.now() - 3600 * 1000));

    expect(removed).toBe(1);
    expect(removedAll).toBe(0); // recent orphan: too young
    expect(await store.sizeOf(sha(orphan))).toBeUndefined();
    expect(await store.sizeOf(sha(recorded))).toBe(recorded.length);
    expect(await store.sizeOf(sha(recent))).toBe(recent.length);
    expect(await readFile(stray, 'utf8')).toBe('not a chunk');
    expect(new Set(await readdir(join(dir.path, 'chunks')))).toEqual(before);
  });

  it('writes chunk files readable only by the hub (0600)', async () => {
    const bytes = enc('private to the hub process');
    await store.put(sha(bytes), bytes);
    expect((await stat(store.pathOf(sha(bytes)))).mode & 0o777).toBe(0o600);
  });
});
