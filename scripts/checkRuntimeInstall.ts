// `npm run test:install` (part of `npm test`): proves that what ships runs without the
// development tooling, and reports what the desktop app package would weigh.
// 1. The app package: the files electron-builder.yml selects (scripts/lib/appContents.ts) hold
//    no node_modules and no out/node, and the main and preload bundles need nothing but electron
//    and Node's built-ins at run time. Prints the packed size.
// 2. The CLI and the hub: a temporary copy of the project with the built out/node, its
//    node_modules pruned to the runtime dependencies (`npm prune --omit=dev`), in which
//    `raadskaart pack` + `raadskaart verify` of the demo package succeed and
//    `raadskaart hub --port 0` answers /v1/health. No devDependency (tsx, TypeScript, Vite,
//    vitest, Electron) may be present there.
// Fails with a message naming the step; never leaves its temporary copy behind.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builderFilePatterns, selectedFiles } from './lib/appContents';

const root = path.resolve(__dirname, '..');
const node = process.execPath;

function fail(message: string): never {
  console.error(`test:install: ${message}`);
  process.exit(1);
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (result.status !== 0) fail(`"${command} ${args.join(' ')}" in ${cwd} exited ${String(result.status)}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function checkAppPackage(): void {
  if (!existsSync(path.join(root, 'out/main/index.js'))) run('npx', ['electron-vite', 'build'], root);
  const files = selectedFiles(root, builderFilePatterns(root));
  const stray = files.filter((f) => f.startsWith('node_modules/') || f.startsWith('out/node/'));
  if (stray.length > 0) fail(`electron-builder.yml would pack ${stray.length} file(s) of node_modules or out/node, e.g. ${stray[0]}`);
  for (const bundle of ['out/main/index.js', 'out/preload/index.js']) {
    const required = [...readFileSync(path.join(root, bundle), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] as string);
    const outside = required.filter((id) => id !== 'electron' && !id.startsWith('node:') && !builtinModules.includes(id));
    if (outside.length > 0) fail(`${bundle} requires ${outside.join(', ')} at run time, but the app package carries no node_modules`);
  }
  const bytes = files.reduce((sum, f) => sum + statSync(path.join(root, f)).size, 0);
  console.log(`test:install: the app package would hold ${files.length} files, ${(bytes / 1024 / 1024).toFixed(2)} MiB (no node_modules, no out/node)`);
}

async function hubAnswersHealth(copy: string): Promise<void> {
  const hub = spawn(node, ['bin/raadskaart.mjs', 'hub', '--port', '0', '--data', path.join(copy, 'hub-data')], { cwd: copy, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  hub.stdout.on('data', (d: Buffer) => (output += d.toString()));
  hub.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening on" line within 60 s:\n${output}`)), 60_000);
      hub.stdout.on('data', () => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      });
      hub.on('exit', (code) => reject(new Error(`the hub exited with ${String(code)} before listening:\n${output}`)));
    });
    const health = (await (await fetch(`${url}/v1/health`)).json()) as { status?: string };
    if (health.status !== 'ok') fail(`${url}/v1/health answered ${JSON.stringify(health)}`);
    console.log(`test:install: raadskaart hub --port 0 answered /v1/health at ${url} with only the runtime dependencies`);
  } finally {
    hub.kill('SIGTERM');
  }
}

async function checkRuntimeInstall(): Promise<void> {
  run('npm', ['run', '--silent', 'build:node'], root);
  if (!existsSync(path.join(root, 'examples/delfshaven/layers/buildings.geojson'))) run('npm', ['run', '--silent', 'demo:build'], root);
  const copy = mkdtempSync(path.join(tmpdir(), 'raadskaart-runtime-'));
  try {
    for (const item of ['package.json', 'package-lock.json', 'bin', 'out/node', 'examples/delfshaven']) cpSync(path.join(root, item), path.join(copy, item), { recursive: true });
    // Hard links: a copy of node_modules in seconds; prune then removes links, never the originals.
    run('cp', ['-al', path.join(root, 'node_modules'), path.join(copy, 'node_modules')], root);
    run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts'], copy);
    const devOnly = ['tsx', 'typescript', 'vite', 'vitest', 'electron', 'electron-vite', 'eslint'].filter((name) => existsSync(path.join(copy, 'node_modules', name)));
    if (devOnly.length > 0) fail(`npm prune --omit=dev left devDependencies in place: ${devOnly.join(', ')}`);
    run(node, ['bin/raadskaart.mjs', 'pack', 'examples/delfshaven', '--key', 'examples/delfshaven/keys/demo-private.json', '--out', 'demo.rkp'], copy);
    const verified = run(node, ['bin/raadskaart.mjs', 'verify', 'demo.rkp', '--trust', 'examples/delfshaven/keys/demo-public.json'], copy);
    if (!verified.startsWith('OK ')) fail(`raadskaart verify did not say OK:\n${verified}`);
    console.log(`test:install: raadskaart pack + verify of the demo with only the runtime dependencies: ${verified.split('\n')[0]}`);
    await hubAnswersHealth(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

checkAppPackage();
checkRuntimeInstall().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
