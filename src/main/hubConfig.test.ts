// The hub setting in <userData>/hub.json, against real files in a temporary folder (no
// electron involved): written atomically, read back after a restart, and a damaged or
// hand-edited file never yields anything but an http(s) address or null.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHubConfigStore, HUB_CONFIG_FILE } from './hubConfig';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'raadskaart-hubconfig-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hub config store (real files)', () => {
  it('has no hub before one is set', async () => {
    await expect(createHubConfigStore(dir).get()).resolves.toBeNull();
  });

  it('stores the normalised address in hub.json and reads it back in a new store (a restart)', async () => {
    await createHubConfigStore(dir).set('https://hub.gemeente.nl/raadskaart/');
    expect(JSON.parse(await readFile(path.join(dir, HUB_CONFIG_FILE), 'utf8'))).toEqual({ url: 'https://hub.gemeente.nl/raadskaart' });
    await expect(createHubConfigStore(dir).get()).resolves.toBe('https://hub.gemeente.nl/raadskaart');
    expect(await readdir(dir)).toEqual([HUB_CONFIG_FILE]);
    if (process.platform !== 'win32') expect((await stat(path.join(dir, HUB_CONFIG_FILE))).mode & 0o077).toBe(0);
  });

  it('forgets the hub with null', async () => {
    const store = createHubConfigStore(dir);
    await store.set('http://127.0.0.1:8787');
    await store.set(null);
    await expect(store.get()).resolves.toBeNull();
    await expect(createHubConfigStore(dir).get()).resolves.toBeNull();
  });

  it('gives the last address set when sets overlap', async () => {
    const store = createHubConfigStore(dir);
    await Promise.all([store.set('https://a.example.nl'), store.set('https://b.example.nl'), store.set('https://c.example.nl')]);
    await expect(store.get()).resolves.toBe('https://c.example.nl');
    await expect(createHubConfigStore(dir).get()).resolves.toBe('https://c.example.nl');
  });

  it.each(['file:///etc/passwd', 'app://raadskaart', 'http://hub.gemeente.nl', 'https://user:pw@hub.nl', 'https://hub.nl/?x=1', 'not a url'])(
    'refuses to set %s and leaves the stored address as it was',
    async (url) => {
      const store = createHubConfigStore(dir);
      await store.set('https://hub.gemeente.nl');
      await expect(store.set(url)).rejects.toMatchObject({ name: 'ValidationError' });
      await expect(store.get()).resolves.toBe('https://hub.gemeente.nl');
      await expect(createHubConfigStore(dir).get()).resolves.toBe('https://hub.gemeente.nl');
    },
  );

  it.each([
    ['not JSON', '{"url": "https://hub.nl"'],
    ['another scheme', '{"url": "file:///etc/passwd"}'],
    ['plain http to another computer', '{"url": "http://hub.gemeente.nl"}'],
    ['the app itself', '{"url": "app://raadskaart"}'],
    ['a wrong type', '{"url": 42}'],
  ])('treats a hub.json with %s as no hub', async (_what, content) => {
    await writeFile(path.join(dir, HUB_CONFIG_FILE), content);
    await expect(createHubConfigStore(dir).get()).resolves.toBeNull();
  });
});
