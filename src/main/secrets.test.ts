// The secret store with a FAKE safeStorage (a reversible scrambler standing in for the OS key
// store, with a switchable Linux backend) and real files in a temporary folder: only
// ciphertext reaches the disk, and without a real key store nothing is stored at all.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SecretStorageUnavailableError } from '../shared/ipc';
import type { SecretName } from '../shared/ipc';
import { createSecretStore } from './secrets';
import type { SafeStorageLike } from './secrets';

const TOKEN = 'rk_live_3f9a0c1d2e4b5a6978c0d1e2f3a4b5c6';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/** Fake safeStorage: "encrypts" by XOR with a key and a header, so the plain text never shows. */
function fakeSafeStorage(backend: Backend = 'gnome_libsecret', available = true) {
  const key = 0x5a;
  const state = { backend, available, reEncrypt: false };
  const scramble = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ key));
  const safeStorage = {
    getSelectedStorageBackend: vi.fn(() => state.backend),
    isAsyncEncryptionAvailable: vi.fn(async () => state.available),
    encryptStringAsync: vi.fn(async (plain: string) => Buffer.concat([Buffer.from('v11'), scramble(Buffer.from(plain, 'utf8'))])),
    decryptStringAsync: vi.fn(async (cipher: Buffer) => {
      if (cipher.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: scramble(cipher.subarray(3)).toString('utf8'), shouldReEncrypt: state.reEncrypt };
    }),
  } satisfies SafeStorageLike;
  return { safeStorage, state };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'raadskaart-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function store(fake: ReturnType<typeof fakeSafeStorage>, platform: NodeJS.Platform = 'linux') {
  return createSecretStore({ dir: path.join(dir, 'secrets'), safeStorage: fake.safeStorage, platform });
}

async function filesUnder(folder: string): Promise<string[]> {
  return readdir(folder, { recursive: true }).catch(() => []);
}

describe('secret store (fake safeStorage, real files)', () => {
  it('writes only ciphertext to secrets/hubToken.bin and reads the token back', async () => {
    const fake = fakeSafeStorage();
    await store(fake).set('hubToken', TOKEN);
    const file = path.join(dir, 'secrets', 'hubToken.bin');
    const onDisk = await readFile(file);
    expect(onDisk.toString('latin1')).not.toContain(TOKEN);
    expect(onDisk.toString('utf8')).not.toContain(TOKEN);
    expect(onDisk.includes(Buffer.from(TOKEN.slice(0, 8)))).toBe(false);
    expect(fake.safeStorage.encryptStringAsync).toHaveBeenCalledWith(TOKEN);
    await expect(store(fake).get('hubToken')).resolves.toBe(TOKEN);
    expect(await filesUnder(path.join(dir, 'secrets'))).toEqual(['hubToken.bin']);
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o077).toBe(0);
      expect((await stat(path.join(dir, 'secrets'))).mode & 0o077).toBe(0);
    }
  });

  it('reads null when nothing is stored', async () => {
    await expect(store(fakeSafeStorage()).get('hubToken')).resolves.toBeNull();
  });

  it.each<Backend>(['basic_text', 'unknown'])('refuses to store on Linux with the %s backend, and stores nothing', async (backend) => {
    const fake = fakeSafeStorage(backend);
    const attempt = store(fake).set('hubToken', TOKEN);
    await expect(attempt).rejects.toBeInstanceOf(SecretStorageUnavailableError);
    await expect(attempt).rejects.toMatchObject({ code: 'secret-storage-unavailable' });
    await expect(attempt).rejects.toThrow(backend);
    expect(fake.safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('refuses to decrypt on Linux with basic_text, even a file stored under a real key store', async () => {
    const fake = fakeSafeStorage('kwallet5');
    await store(fake).set('hubToken', TOKEN);
    fake.state.backend = 'basic_text';
    await expect(store(fake).get('hubToken')).rejects.toBeInstanceOf(SecretStorageUnavailableError);
    expect(fake.safeStorage.decryptStringAsync).not.toHaveBeenCalled();
  });

  it('refuses to store when encryption is not available at all (any platform)', async () => {
    const fake = fakeSafeStorage('gnome_libsecret', false);
    await expect(store(fake, 'win32').set('hubToken', TOKEN)).rejects.toBeInstanceOf(SecretStorageUnavailableError);
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('does not ask for a Linux backend on Windows or macOS', async () => {
    const fake = fakeSafeStorage('basic_text');
    await store(fake, 'darwin').set('hubToken', TOKEN);
    await expect(store(fake, 'darwin').get('hubToken')).resolves.toBe(TOKEN);
    expect(fake.safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });

  it('rejects a name outside the allowlist before touching the disk', async () => {
    const fake = fakeSafeStorage();
    const s = store(fake);
    for (const name of ['../hub', 'hubToken/../../x', 'apiKey', ''] as unknown as SecretName[]) {
      await expect(s.set(name, TOKEN)).rejects.toMatchObject({ name: 'ValidationError' });
      await expect(s.get(name)).rejects.toMatchObject({ name: 'ValidationError' });
      await expect(s.delete(name)).rejects.toMatchObject({ name: 'ValidationError' });
    }
    expect(fake.safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('replaces a stored token completely and deletes it', async () => {
    const fake = fakeSafeStorage();
    const s = store(fake);
    await s.set('hubToken', TOKEN);
    await s.set('hubToken', 'kort');
    await expect(s.get('hubToken')).resolves.toBe('kort');
    await s.delete('hubToken');
    await expect(s.get('hubToken')).resolves.toBeNull();
    await s.delete('hubToken');
    expect(await filesUnder(path.join(dir, 'secrets'))).toEqual([]);
  });

  it('deletes even without a key store (forgetting needs no encryption)', async () => {
    const fake = fakeSafeStorage('kwallet6');
    await store(fake).set('hubToken', TOKEN);
    fake.state.backend = 'basic_text';
    await store(fake).delete('hubToken');
    expect(await filesUnder(path.join(dir, 'secrets'))).toEqual([]);
  });

  it('reads a file it cannot decrypt as null, without logging its content', async () => {
    const fake = fakeSafeStorage();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await store(fake).set('hubToken', TOKEN);
    await writeFile(path.join(dir, 'secrets', 'hubToken.bin'), Buffer.from(`xx${TOKEN}`));
    await expect(store(fake).get('hubToken')).resolves.toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain(TOKEN);
    warn.mockRestore();
  });

  it('re-encrypts under the new key when the OS rotated it', async () => {
    const fake = fakeSafeStorage();
    await store(fake).set('hubToken', TOKEN);
    fake.state.reEncrypt = true;
    fake.safeStorage.encryptStringAsync.mockClear();
    await expect(store(fake).get('hubToken')).resolves.toBe(TOKEN);
    expect(fake.safeStorage.encryptStringAsync).toHaveBeenCalledExactlyOnceWith(TOKEN);
  });
});
