// The IPC contract's own rules: which external URLs may be opened and which payloads parse.
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, ipcSchemas, isAllowedExternalUrl, MAX_SAVE_BYTES, OpenExternalArg, SaveFileArg } from './ipc';

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
    expect([...IPC_CHANNELS].sort()).toEqual(['app:info', 'file:save', 'shell:openExternal']);
  });

  it('accepts no argument for app:info and rejects one', () => {
    expect(ipcSchemas['app:info'].safeParse(undefined).success).toBe(true);
    expect(ipcSchemas['app:info'].safeParse({ evil: true }).success).toBe(false);
  });

  it('accepts a valid save request', () => {
    expect(SaveFileArg.safeParse(validSave).success).toBe(true);
  });

  it.each(['../passwd', 'a/b.md', 'a\\b.md', 'C:evil.md', '..', '.', '', 'x'.repeat(201), 'nul\u0000.md', ' leading.md'])(
    'rejects the suggested name %j',
    (suggestedName) => {
      expect(SaveFileArg.safeParse({ ...validSave, suggestedName }).success).toBe(false);
    },
  );

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
