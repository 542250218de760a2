// The page's secrets (today only the hub token), encrypted with Electron's safeStorage (the
// OS key store: Keychain, DPAPI, libsecret/KWallet) and kept as ciphertext in
// <userData>/secrets/<name>.bin. It must never write a secret in plain text, never store or
// decrypt one when the OS offers no real key store (Linux `basic_text`: it fails closed
// with SecretStorageUnavailableError), and never take a name outside SECRET_NAMES.
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { ValidationError } from '../shared/errors';
import { SECRET_NAMES, SecretStorageUnavailableError } from '../shared/ipc';
import type { SecretName } from '../shared/ipc';
import { writeFileAtomic } from '../node/atomicWrite';

export const SECRETS_FOLDER = 'secrets';

/**
 * The part of safeStorage used here. The async API: the synchronous encryptString and
 * decryptString are deprecated in Electron 45, and the async ones also report a rotated key.
 */
export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

export type SecretStore = {
  get(name: SecretName): Promise<string | null>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
};

export type SecretStoreOptions = {
  /** The folder for the ciphertext files (<userData>/secrets). */
  dir: string;
  safeStorage: SafeStorageLike;
  /** process.platform; a parameter so the Linux rule is tested on any machine. */
  platform: NodeJS.Platform;
};

function fileOf(dir: string, name: SecretName): string {
  // Checked again here (IPC already did): the name becomes part of a file path.
  if (!(SECRET_NAMES as readonly string[]).includes(name)) {
    throw new ValidationError(`secrets: "${String(name).slice(0, 50)}" is not a known secret name (${SECRET_NAMES.join(', ')})`, { path: 'name' });
  }
  return path.join(dir, `${name}.bin`);
}

/**
 * Throws SecretStorageUnavailableError unless safeStorage encrypts with a key the OS keeps.
 * On Linux, `basic_text` encrypts with a key that is hard-coded in Chromium (anyone who can
 * read the file can decrypt it), and `unknown` means the backend is not known yet; both
 * count as no key store.
 */
async function assertKeyStore(options: SecretStoreOptions): Promise<void> {
  if (options.platform === 'linux') {
    const backend = options.safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') {
      throw new SecretStorageUnavailableError(
        `this computer has no password manager (GNOME Keyring or KWallet) that Raadskaart can use (safeStorage backend "${backend}"); the token was not stored`,
      );
    }
  }
  if (!(await options.safeStorage.isAsyncEncryptionAvailable())) {
    throw new SecretStorageUnavailableError('the operating system offers no encryption for stored secrets; the token was not stored');
  }
}

export function createSecretStore(options: SecretStoreOptions): SecretStore {
  const { dir, safeStorage } = options;

  const write = async (file: string, value: string): Promise<void> => {
    const ciphertext = await safeStorage.encryptStringAsync(value);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, ciphertext, { mode: 0o600 });
  };

  return {
    async get(name) {
      const file = fileOf(dir, name);
      let ciphertext: Buffer;
      try {
        ciphertext = await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      await assertKeyStore(options);
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(ciphertext);
        // The OS rotated its key: store the secret under the new one.
        if (shouldReEncrypt) await write(file, result);
        return result;
      } catch (error) {
        // Encrypted under another user's or machine's key, or damaged: as good as absent.
        // The error is logged without the file's content; the user enters the token again.
        console.warn(`secrets: ${name} could not be decrypted (${error instanceof Error ? error.message : String(error)}); treated as not stored`);
        return null;
      }
    },

    async set(name, value) {
      const file = fileOf(dir, name);
      await assertKeyStore(options);
      await write(file, value);
    },

    async delete(name) {
      // No key store needed to forget a secret.
      await rm(fileOf(dir, name), { force: true });
    },
  };
}
