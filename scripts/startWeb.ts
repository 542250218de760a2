// `npm run start:web` (run with tsx: the server shares src/node and src/shared/webServing.ts
// with the Electron protocol handler): builds the renderer exactly as the Electron app loads it
// (electron-vite build -> out/renderer) and serves it on http://127.0.0.1:$PORT (default 5173; PORT=0 picks a
// free port) with the same CSP as the app:// handler. Rebuilds the demo package first (about a
// second, deterministic). `--no-build` serves the existing out/renderer (the end-to-end runner uses it).
// `--hub URL` (or RAADSKAART_HUB) forwards /v1/ to a hub, so the page syncs on its own origin.
// It must never listen on anything but 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startStaticServer } from './lib/staticServer';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rendererOut = path.join(repoRoot, 'out', 'renderer');
const demoManifest = path.join(repoRoot, 'build', 'generated', 'public', 'demo', 'manifest.json');
const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npxCommand = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`start:web: "${command} ${args.join(' ')}" failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

function parsePort() {
  const raw = process.env.PORT ?? '5173';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`start:web: PORT must be an integer from 0 to 65535, got "${raw}"`);
    process.exit(2);
  }
  return port;
}

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { 'no-build': { type: 'boolean' }, hub: { type: 'string' } },
    strict: true,
  });
  const build = !values['no-build'];
  const hubUrl = values.hub ?? process.env.RAADSKAART_HUB;
  const port = parsePort();

  if (build) {
    run(npmCommand, ['run', 'demo:build']); // cheap (~1 s) and deterministic: never serve a stale package
    run(npxCommand, ['electron-vite', 'build']);
  }
  if (!existsSync(path.join(rendererOut, 'index.html'))) {
    console.error(`start:web: ${path.relative(repoRoot, rendererOut)}/index.html does not exist; run without --no-build first`);
    process.exit(1);
  }
  if (!existsSync(demoManifest) && !existsSync(path.join(rendererOut, 'demo', 'manifest.json'))) {
    console.warn('start:web: no demo package in the build; the app will report that it cannot install the demo');
  }

  const server = await startStaticServer({ root: rendererOut, port, host: '127.0.0.1', ...(hubUrl ? { hubUrl } : {}) });
  console.log(`Raadskaart (web) on ${server.url}`);
  if (hubUrl) console.log(`Hub ${hubUrl} is reachable through ${server.url}v1/ (use ${server.url.replace(/\/$/, '')} as the hub address in the app)`);

  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error('start:web:', error instanceof Error ? error.message : error);
  process.exit(1);
});
