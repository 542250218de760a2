// Serves the built renderer (out/renderer, with the demo package and glyphs in it) on a free
// loopback port for the whole end-to-end run, and hands its URL to the tests.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStaticServer } from '../../scripts/lib/staticServer';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = resolve(__dirname, '../../out/renderer');
  if (!existsSync(resolve(root, 'index.html')) || !existsSync(resolve(root, 'demo/manifest.json'))) {
    throw new Error('out/renderer is not built with the demo package: run `npm run test:e2e`, which builds it first.');
  }
  const server = await startStaticServer({ root, port: 0, host: '127.0.0.1' });
  project.provide('baseUrl', server.url);
  return () => server.close();
}
