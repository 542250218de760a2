// Vitest globalSetup for the unit tests: builds the CLI program (out/node) if stale, and the
// demo package (`npm run demo:build`) once
// before any test runs, when build/generated/public/demo/manifest.json is missing or older than
// what it is built from (examples/, the builder in scripts/, src/shared). The built-demo suite
// in src/renderer/data/stagedInstall.test.ts needs it, and `npm test` runs the unit tests
// before anything else builds the demo; a suite that skipped without it would never run in CI.
// A failed build is reported here and removes the stale manifest, so that suite fails instead
// of testing an old package; the other suites still run. It must never write outside
// build/generated/public.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO_MANIFEST = path.join(repoRoot, 'build', 'generated', 'public', 'demo', 'manifest.json');
const INPUTS = ['examples', 'scripts/buildDemo.ts', 'scripts/lib', 'src/shared', 'src/node'].map((p) => path.join(repoRoot, p));

/** Newest modification time (ms) of a file or of any file below a folder; 0 when absent. */
function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Whether the built demo is missing or older than its inputs. */
export function demoIsStale(): boolean {
  if (!existsSync(DEMO_MANIFEST)) return true;
  const built = statSync(DEMO_MANIFEST).mtimeMs;
  return INPUTS.some((input) => newestMtime(input) > built);
}

/** Builds out/node (the CLI and hub program the CLI tests run through bin/raadskaart.mjs) once, before tests run it in parallel. */
function buildNodePrograms(): void {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'raadskaart.mjs'), '--help'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) console.error(`unit tests: building out/node (bin/raadskaart.mjs) FAILED; the CLI tests will fail:\n${run.stderr}`);
}

export function setup(): void {
  buildNodePrograms();
  if (!demoIsStale()) return;
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const started = Date.now();
  const run = spawnSync(process.execPath, [tsx, path.join(repoRoot, 'scripts', 'buildDemo.ts')], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  if (run.status === 0) {
    console.log(`unit tests: built the demo package in ${Date.now() - started} ms`);
    return;
  }
  rmSync(DEMO_MANIFEST, { force: true });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim() || (run.error ? String(run.error) : `exit status ${String(run.status)}`);
  console.error(`unit tests: the demo build (scripts/buildDemo.ts) FAILED; the built-demo tests will fail:\n${output}`);
}
