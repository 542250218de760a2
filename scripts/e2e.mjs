// `npm run test:e2e`: builds what the end-to-end tests serve (demo package, glyphs, renderer)
// and runs them in Debian's Chromium. A missing Chromium is a failure, never a silent skip.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: false });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(chromium)) {
  console.error(`End-to-end tests need Chromium at ${chromium}: install it with \`apt-get install -y chromium\` (CI does this in .ci/run).`);
  process.exit(1);
}
run('npm', ['run', 'demo:build']); // ~1 s and deterministic: the tests always see the current source
run('npx', ['electron-vite', 'build']);
run('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.mts', ...process.argv.slice(2)]);
