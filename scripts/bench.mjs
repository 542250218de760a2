// `npm run bench`: builds the demo, the renderer and the benchmark page, then runs
// bench/run.ts, bench/presenter.ts and bench/largeLayer.ts in Chromium, then the search benchmark (bench/search.ts)
// in Node with --expose-gc for its memory figure. Not part of `npm test`: figures go to BENCHMARKS.md.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
  console.error('Benchmarks need Chromium: apt-get install -y chromium');
  process.exit(1);
}
run('npm', ['run', 'demo:build']);
run('npx', ['electron-vite', 'build']);
run('npx', ['vite', 'build', '--config', 'bench/vite.config.mts']);
run('npx', ['tsx', 'bench/run.ts']);
run('npx', ['tsx', 'bench/presenter.ts']);
run('npx', ['tsx', 'bench/largeLayer.ts']);
run(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/search.ts']);
