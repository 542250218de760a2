// Build of the Node programs: the `raadskaart` CLI (which also runs the hub) as JavaScript in
// out/node/, so that an installation with only the runtime dependencies (npm ci --omit=dev)
// runs it with plain Node: no tsx, no TypeScript. Runtime dependencies (fastify, pg, PGlite,
// zod, proj4, geojson-vt, @maplibre/vt-pbf) stay external and load from node_modules; the hub's
// SQL migrations are copied next to the bundle, where src/hub/db.ts looks for them (every
// chunk is written to out/node itself, so import.meta.dirname is that folder in each).
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const outDir = resolve(import.meta.dirname, 'out/node');
const runtimeDependencies = Object.keys(pkg.dependencies);

/** Copies src/hub/migrations/*.sql to <outDir>/migrations after each build (outDir may be overridden with --outDir). */
function copyMigrations(): Plugin {
  let target = outDir;
  return {
    name: 'raadskaart-copy-migrations',
    configResolved(config) {
      target = resolve(config.root, config.build.outDir);
    },
    async writeBundle() {
      const from = resolve(import.meta.dirname, 'src/hub/migrations');
      const to = resolve(target, 'migrations');
      await mkdir(to, { recursive: true });
      for (const name of (await readdir(from)).filter((n) => n.endsWith('.sql'))) await copyFile(resolve(from, name), resolve(to, name));
    },
  };
}

export default defineConfig({
  plugins: [copyMigrations()],
  build: {
    ssr: true,
    target: 'node22',
    outDir,
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: { raadskaart: resolve(import.meta.dirname, 'src/cli/main.ts') },
      external: (id) => id.startsWith('node:') || builtinModules.includes(id) || runtimeDependencies.some((dep) => id === dep || id.startsWith(`${dep}/`)),
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
    },
  },
  ssr: { noExternal: [] },
});
