// The IPC contract's own rules: which external URLs may be opened, which hub addresses and
// secret names are accepted, and which payloads parse.
import { describe, expect, it } from 'vitest';
import { RaadskaartError } from './errors';
import {
  HubConfigureArg,
  IPC_CHANNELS,
  ipcSchemas,
  isAllowedExternalUrl,
  isSecretStorageUnavailable,
  MAX_SAVE_BYTES,
  MAX_SECRET_LENGTH,
  OpenExternalArg,
  parseHubBaseUrl,
  SaveFileArg,
  SecretNameArg,
  SecretSetArg,
  SecretStorageUnavailableError,
} from './ipc';

const validSave = { suggestedName: 'besluitenlijst-2025-03-12.md', mimeType: 'text/markdown', data: new Uint8Array([1, 2, 3]) };

describe('external URL allowlist', () => {
  it.each([
    'https://raadsinformatie.nl/',
    'https://rotterdam.raadsinformatie.nl/vergadering/123',
    'https://open-raadsinformatie.nl/',
    'https://api.openraadsinformatie.nl/v1/',
    'https://www.rotterdam.nl/bestemmingsplannen',
    'https://3d.rotterdam.nl/#/',
  ])('accepts the allowlisted https URL %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['plain http', 'http://raadsinformatie.nl/'],
    ['a host not on the list', 'https://evil.example/'],
    ['a look-alike suffix', 'https://raadsinformatie.nl.evil.example/'],
    ['a look-alike without the dot', 'https://evilraadsinformatie.nl/'],
    ['credentials before the host', 'https://raadsinformatie.nl@evil.example/'],
    ['credentials on an allowed host', 'https://user:pw@raadsinformatie.nl/'],
    ['an explicit port', 'https://raadsinformatie.nl:8443/'],
    ['a subdomain of an exact-only host', 'https://evil.www.rotterdam.nl/'],
    ['the bare parent of an exact-only host', 'https://rotterdam.nl/'],
    ['javascript:', 'javascript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['the app itself', 'app://raadskaart/index.html'],
    ['no URL at all', 'raadsinformatie.nl'],
    ['an overly long URL', `https://raadsinformatie.nl/${'a'.repeat(3000)}`],
  ])('rejects %s', (_why, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('IPC payload schemas', () => {
  it('has a schema for every channel of the contract', () => {
    expect([...IPC_CHANNELS].sort()).toEqual([
      'app:info',
      'file:save',
      'hub:configure',
      'hub:get',
      'present:close',
      'present:open',
      'print:pdf',
      'secret:delete',
      'secret:get',
      'secret:set',
      'shell:openExternal',
    ]);
  });

  it('accepts no argument for app:info and rejects one', () => {
    expect(ipcSchemas['app:info'].safeParse(undefined).success).toBe(true);
    expect(ipcSchemas['app:info'].safeParse({ evil: true }).success).toBe(false);
  });

  it('accepts a valid save request', () => {
    expect(SaveFileArg.safeParse(validSave).success).toBe(true);
  });

  it.each(['../passwd', 'a/b.md', 'a\\b.md', 'C:evil.md', '..', '.', '', 'x'.repeat(201), 'nul\u0000.md', ' leading.md'])('rejects the suggested name %j', (suggestedName) => {
    expect(SaveFileArg.safeParse({ ...validSave, suggestedName }).success).toBe(false);
  });

  it('rejects data that is not a Uint8Array', () => {
    expect(SaveFileArg.safeParse({ ...validSave, data: 'text' }).success).toBe(false);
    expect(SaveFileArg.safeParse({ ...validSave, data: [1, 2, 3] }).success).toBe(false);
  });

  it('rejects data larger than 200 MB', () => {
    // A zero-filled allocation: the kernel maps it lazily, so this costs no real memory.
    const tooLarge = new Uint8Array(MAX_SAVE_BYTES + 1);
    expect(SaveFileArg.safeParse({ ...validSave, data: tooLarge }).success).toBe(false);
  });

  it('rejects extra fields and a malformed MIME type', () => {
    expect(SaveFileArg.safeParse({ ...validSave, path: '/etc/passwd' }).success).toBe(false);
    expect(SaveFileArg.safeParse({ ...validSave, mimeType: 'not a mime type' }).success).toBe(false);
  });

  it('applies the allowlist to shell:openExternal payloads', () => {
    expect(OpenExternalArg.safeParse({ url: 'https://rotterdam.raadsinformatie.nl/' }).success).toBe(true);
    expect(OpenExternalArg.safeParse({ url: 'http://rotterdam.raadsinformatie.nl/' }).success).toBe(false);
    expect(OpenExternalArg.safeParse({ url: 'https://evil.example/' }).success).toBe(false);
  });
});

describe('hub address', () => {
  it.each([
    ['https://hub.gemeente.nl', 'https://hub.gemeente.nl'],
    ['https://hub.gemeente.nl/', 'https://hub.gemeente.nl'],
    ['https://gemeente.nl/raadskaart//', 'https://gemeente.nl/raadskaart'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://127.8.9.10/', 'http://127.8.9.10'],
    ['http://localhost:8787/hub/', 'http://localhost:8787/hub'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
    ['HTTPS://Hub.Gemeente.NL:443/', 'https://hub.gemeente.nl'],
  ])('normalises %s to %s', (raw, base) => {
    expect(parseHubBaseUrl(raw)).toBe(base);
    expect(HubConfigureArg.safeParse({ url: raw }).success).toBe(true);
  });

  it.each([
    ['plain http to another computer (the token would travel unencrypted)', 'http://hub.gemeente.nl'],
    ['plain http to a LAN address', 'http://192.168.1.20:8080'],
    ['plain http to a look-alike of localhost', 'http://localhost.evil.example'],
    ['plain http to 128.0.0.1', 'http://128.0.0.1'],
    ['another scheme', 'ftp://hub.gemeente.nl'],
    ['a file URL', 'file:///etc/passwd'],
    ['the app itself', 'app://raadskaart'],
    ['javascript:', 'javascript:alert(1)'],
    ['credentials', 'https://user:pw@hub.gemeente.nl'],
    ['a query', 'https://hub.gemeente.nl/?a=b'],
    ['an empty query', 'https://hub.gemeente.nl/?'],
    ['a fragment', 'https://hub.gemeente.nl/#x'],
    ['no scheme', 'hub.gemeente.nl'],
    ['an overly long URL', `https://hub.gemeente.nl/${'a'.repeat(3000)}`],
  ])('refuses %s', (_why, raw) => {
    expect(parseHubBaseUrl(raw)).toBeNull();
    expect(HubConfigureArg.safeParse({ url: raw }).success).toBe(false);
  });

  it('accepts null (forget the hub) and nothing else that is not a string', () => {
    expect(HubConfigureArg.safeParse({ url: null }).success).toBe(true);
    expect(HubConfigureArg.safeParse({}).success).toBe(false);
    expect(HubConfigureArg.safeParse({ url: 1 }).success).toBe(false);
    expect(HubConfigureArg.safeParse({ url: 'https://hub.gemeente.nl', token: 'x' }).success).toBe(false);
    expect(ipcSchemas['hub:get'].safeParse(undefined).success).toBe(true);
  });
});

describe('secret payloads', () => {
  it('accepts the hub token up to 4096 characters', () => {
    expect(SecretSetArg.safeParse({ name: 'hubToken', value: 'x'.repeat(MAX_SECRET_LENGTH) }).success).toBe(true);
    expect(SecretSetArg.safeParse({ name: 'hubToken', value: 'x'.repeat(MAX_SECRET_LENGTH + 1) }).success).toBe(false);
    expect(SecretSetArg.safeParse({ name: 'hubToken', value: '' }).success).toBe(false);
  });

  it.each(['apiKey', '../hubToken', 'hubToken.bin', 'HUBTOKEN', ''])('rejects the secret name %j', (name) => {
    expect(SecretSetArg.safeParse({ name, value: 'x' }).success).toBe(false);
    expect(SecretNameArg.safeParse({ name }).success).toBe(false);
  });

  it('rejects extra fields', () => {
    expect(SecretNameArg.safeParse({ name: 'hubToken', path: '/tmp/x' }).success).toBe(false);
  });
});

describe('SecretStorageUnavailableError', () => {
  it('is a RaadskaartError with its code, also recognised after IPC flattened it to a message', () => {
    const error = new SecretStorageUnavailableError('no key store');
    expect(error).toBeInstanceOf(RaadskaartError);
    expect(error.code).toBe('secret-storage-unavailable');
    expect(isSecretStorageUnavailable(error)).toBe(true);
    const flattened = new Error(`Error invoking remote method 'secret:set': SecretStorageUnavailableError: ${error.message}`);
    expect(isSecretStorageUnavailable(flattened)).toBe(true);
    expect(isSecretStorageUnavailable(new Error("Error invoking remote method 'secret:set': ValidationError: invalid payload"))).toBe(false);
    expect(isSecretStorageUnavailable('secret-storage-unavailable: x')).toBe(false);
  });
});
