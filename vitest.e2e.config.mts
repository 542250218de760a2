// End-to-end tests: playwright-core drives Debian's Chromium against the web host
// (out/renderer served on 127.0.0.1). Run through `npm run test:e2e` (scripts/e2e.mjs),
// which builds the demo and the renderer first.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/globalSetup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    environment: 'node',
  },
});
