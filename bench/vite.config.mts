// Builds the benchmark pages (bench/page: the install/update page and the bare map page) beside
// the demo package so they share one origin.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve(import.meta.dirname, 'page'),
  publicDir: resolve(import.meta.dirname, '../build/generated/public'),
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../build/generated/bench'),
    emptyOutDir: true,
    rollupOptions: { input: { main: resolve(import.meta.dirname, 'page/index.html'), baremap: resolve(import.meta.dirname, 'page/baremap.html') } },
  },
});
