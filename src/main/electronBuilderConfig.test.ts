// electron-builder.yml keeps its security fuses and its targets. Read with js-yaml and checked
// with electron-builder's own schema validator (app-builder-lib, resolved from
// electron-builder), so a misspelt key fails here rather than silently at packaging time.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectedFiles } from '../../scripts/lib/appContents';

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
  it("passes electron-builder's own schema validation", async () => {
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

  it('packages only the three app bundles and package.json: no node_modules, no CLI or hub program', () => {
    expect(config.files).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json', '!**/*.map', '!node_modules/**']);
  });

  it('selects no file of node_modules or out/node from a tree that has both (the patterns as electron-builder reads them)', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'raadskaart-asar-'));
    try {
      for (const file of [
        'out/main/index.js',
        'out/main/index.js.map',
        'out/preload/index.js',
        'out/renderer/index.html',
        'out/node/raadskaart.mjs',
        'node_modules/fastify/index.js',
        'node_modules/@electric-sql/pglite/dist/x.wasm',
        'package.json',
      ]) {
        await mkdir(path.dirname(path.join(root, file)), { recursive: true });
        await writeFile(path.join(root, file), 'x');
      }
      expect(selectedFiles(root, config.files ?? [])).toEqual(['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html', 'package.json']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
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
