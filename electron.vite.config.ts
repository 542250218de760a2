// Build of the three Electron bundles. The renderer build is also what `start:web` serves,
// so it must not depend on Electron at runtime (the Host chooses the bridge at start-up).
// Main and preload are self-contained bundles (externalizeDeps: false; only electron and Node
// built-ins stay outside), so the packaged app carries no node_modules at all: the hub's
// dependencies (PGlite, Fastify, pg) never reach app.asar (electron-builder.yml, files).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { version } from './package.json';

export default defineConfig({
  main: {
    build: { outDir: 'out/main', externalizeDeps: false, rollupOptions: { input: resolve(__dirname, 'src/main/index.ts') } },
  },
  preload: {
    build: { outDir: 'out/preload', externalizeDeps: false, rollupOptions: { input: resolve(__dirname, 'src/preload/index.ts') } },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    publicDir: resolve(__dirname, 'build/generated/public'),
    plugins: [react()],
    define: { 'import.meta.env.VITE_APP_VERSION': JSON.stringify(version) },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
});
