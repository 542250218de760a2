// Where main forwards app://raadskaart/v1/*: the hub address the user set (IPC
// `hub:configure`), kept in <userData>/hub.json as {"url": "https://..."} or {"url": null}.
// It must never hold anything but a normalised hub address (parseHubBaseUrl): the address
// is checked when set and again when read back, so a hand-edited or damaged file means
// "no hub", never a request to some other scheme or a half-written address.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../shared/errors';
import { parseHubBaseUrl } from '../shared/ipc';
import { writeFileAtomic } from '../node/atomicWrite';

export const HUB_CONFIG_FILE = 'hub.json';

const HubConfigFile = z.object({ url: z.string().nullable() });

export type HubConfigStore = {
  /** The normalised hub address, or null when none is set (or the file is unusable). */
  get(): Promise<string | null>;
  /** Sets (or with null forgets) the hub address; resolves once it is on disk. */
  set(url: string | null): Promise<void>;
};

async function readConfig(file: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    console.warn(`${file}: not JSON; no hub is configured until one is set again`);
    return null;
  }
  const parsed = HubConfigFile.safeParse(json);
  const url = parsed.success && parsed.data.url !== null ? parseHubBaseUrl(parsed.data.url) : null;
  if (parsed.success && parsed.data.url !== null && url === null) {
    console.warn(`${file}: the stored hub address is not an acceptable hub address (https, or http to this machine); no hub is configured until one is set again`);
  }
  return url;
}

/**
 * The hub setting of `userDataDir`. Read once, on first use; writes are serialised, so the
 * value in memory always equals the last file written.
 */
export function createHubConfigStore(userDataDir: string): HubConfigStore {
  const file = path.join(userDataDir, HUB_CONFIG_FILE);
  let current: Promise<string | null> | undefined;
  let writes: Promise<unknown> = Promise.resolve();

  const load = (): Promise<string | null> => {
    current ??= readConfig(file).catch((error: unknown) => {
      current = undefined;
      throw error;
    });
    return current;
  };

  return {
    // After any pending write, so a get right after a set sees the new address.
    get: () => writes.then(load),
    set(url) {
      const normalised = url === null ? null : parseHubBaseUrl(url);
      if (url !== null && normalised === null) {
        return Promise.reject(new ValidationError(`hub:configure: "${url.slice(0, 200)}" is not a hub address (https, or plain http only to this machine)`, { path: 'url' }));
      }
      const write = writes.then(async () => {
        await mkdir(userDataDir, { recursive: true });
        await writeFileAtomic(file, `${JSON.stringify({ url: normalised })}\n`, { mode: 0o600 });
        current = Promise.resolve(normalised);
      });
      // The chain survives a failed write; the caller still sees the failure.
      writes = write.catch(() => undefined);
      return write;
    },
  };
}
