// electron-builder.yml keeps its security fuses and its targets. Read with js-yaml and checked
// with electron-builder's own schema validator (app-builder-lib, resolved from
// electron-builder), so a misspelt key fails here rather than silently at packaging time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Neither library ships TypeScript types; each is typed here by the one function used.
const requireFromHere = createRequire(__filename);
const { load } = requireFromHere('js-yaml') as { load: (text: string) => unknown };
const requireFromBuilder = createRequire(requireFromHere.resolve('electron-builder/package.json'));
const { validateConfiguration } = requireFromBuilder('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, debugLogger: { isEnabled: boolean; add: () => void }) => Promise<void>;
};

type Config = {
  appId?: string;
  productName?: string;
  files?: string[];
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; category?: string };
  win?: { target?: string[] };
  mac?: { target?: string[] };
};

const configPath = path.resolve(__dirname, '../../electron-builder.yml');
const config = load(readFileSync(configPath, 'utf8')) as Config;

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own schema validation', async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('the validator would reject a misspelt fuse (so the check above has teeth)', async () => {
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } };
    await expect(validateConfiguration(misspelt, { isEnabled: false, add: () => undefined })).rejects.toThrow(/configuration/i);
  });

  it('names the app', () => {
    expect(config.appId).toBe('nl.raadskaart.app');
    expect(config.productName).toBe('Raadskaart');
  });

  it('packages only the build output (and package.json)', () => {
    expect(config.files).toContain('out/**');
    expect(config.files?.filter((pattern) => pattern !== 'out/**' && pattern !== 'package.json')).toEqual([]);
  });

  it.each([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
    ['enableCookieEncryption', true],
    ['grantFileProtocolExtraPrivileges', false],
  ])('sets the fuse %s to %s', (fuse, value) => {
    expect(config.electronFuses?.[fuse]).toBe(value);
  });

  it('builds AppImage and deb (Office) for Linux, NSIS for Windows and DMG for macOS', () => {
    expect(config.linux?.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux?.category).toBe('Office');
    expect(config.win?.target).toContain('nsis');
    expect(config.mac?.target).toContain('dmg');
  });
});
