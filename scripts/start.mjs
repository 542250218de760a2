// `npm start`: builds what the desktop app needs (demo package if missing, then the three
// electron-vite bundles) and runs it in Electron. Where the Electron binary is not installed
// (these build machines cannot download it) it says so in one line and exits 1; it must
// never try to download Electron itself or pretend the app started.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NO_ELECTRON = 'Electron could not be downloaded on this machine; run `npm run start:web` to use Raadskaart in a browser.';

/** Runs a command with inherited stdio; resolves with its exit code. */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * The Electron binary, or null if it is not installed. Reads node_modules/electron/path.txt
 * (what `require('electron')` reads) instead of calling require('electron'): when the binary
 * is missing, that require starts a download, which cannot succeed here and only stalls.
 */
function electronBinary() {
  const packageDir = path.join(projectRoot, 'node_modules/electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(override, relative || 'electron');
    return existsSync(binary) ? binary : null;
  }
  if (!relative) return null;
  const binary = path.join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

async function main() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // Rebuilt every start: about a second, deterministic, and never a stale demo package.
  const code = await run(npm, ['run', 'demo:build'], { shell: process.platform === 'win32' });
  if (code !== 0) return code;
  const electronVite = path.join(projectRoot, 'node_modules/electron-vite/bin/electron-vite.js');
  const buildCode = await run(process.execPath, [electronVite, 'build']);
  if (buildCode !== 0) return buildCode;

  const binary = electronBinary();
  if (!binary) {
    console.error(NO_ELECTRON);
    return 1;
  }
  // ELECTRON_RUN_AS_NODE would turn the binary into plain Node and ignore the app.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return run(binary, [projectRoot], { env });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
