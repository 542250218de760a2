#!/usr/bin/env node
// Launcher of the `raadskaart` CLI (package.json "bin"): runs the built program out/node/raadskaart.mjs
// (`npm run build:node`; plain JavaScript, so an installation with only the runtime dependencies
// runs it). In a checkout (the sources and Vite are present) it builds that file first when it
// is missing or older than the sources, so `npx raadskaart` always runs what the tree says.
// The program runs in this same process, so signals reach a running hub directly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out', 'node');
const entry = path.join(outDir, 'raadskaart.mjs');
const viteBin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const SOURCE_DIRS = ['src/cli', 'src/hub', 'src/shared', 'src/node'].map((d) => path.join(root, d));

/** Newest modification time of the program's sources (tests excluded), or 0 outside a checkout. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) walk(full);
      else if (/\.(ts|sql)$/.test(item.name) && !/\.test\.ts$/.test(item.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(dir)) walk(dir);
  return Math.max(newest, existsSync(path.join(root, 'vite.node.config.mts')) ? statSync(path.join(root, 'vite.node.config.mts')).mtimeMs : 0);
}

function isCheckout() {
  return existsSync(viteBin) && existsSync(path.join(root, 'src', 'cli', 'main.ts'));
}

function needsBuild() {
  if (!existsSync(entry)) return true;
  return isCheckout() && newestSource() > statSync(entry).mtimeMs;
}

/** Builds into a fresh folder and swaps it in, under a lock, so parallel first runs never see half a build. */
function build() {
  const lock = path.join(root, 'out', '.node-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process builds; a lock older than two minutes is from one that died.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`raadskaart: waited two minutes for ${lock}; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    if (!needsBuild()) return;
    const fresh = `${outDir}.${process.pid}.tmp`;
    rmSync(fresh, { recursive: true, force: true });
    const result = spawnSync(process.execPath, [viteBin, 'build', '--config', path.join(root, 'vite.node.config.mts'), '--outDir', fresh, '--logLevel', 'error'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (result.status !== 0) throw new Error(`raadskaart: building ${path.relative(root, entry)} failed (npm run build:node shows why)`);
    const old = `${outDir}.${process.pid}.old`;
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(fresh, outDir);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmdirSync(lock);
  }
}

if (needsBuild()) {
  if (!isCheckout()) {
    process.stderr.write(`raadskaart: ${entry} is missing; this installation is incomplete (run "npm run build:node" where the sources are)\n`);
    process.exit(1);
  }
  build();
}
await import(pathToFileURL(entry).href);
