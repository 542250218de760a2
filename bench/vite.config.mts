// Builds the benchmark page (bench/page) beside the demo package so both share one origin.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve(import.meta.dirname, 'page'),
  publicDir: resolve(import.meta.dirname, '../build/generated/public'),
  logLevel: 'warn',
  build: { outDir: resolve(import.meta.dirname, '../build/generated/bench'), emptyOutDir: true },
});
