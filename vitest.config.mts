// Unit tests: shared logic, main-process glue (faked electron), data layer on fake-indexeddb.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/unit/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'out/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    environment: 'node',
    // Builds the demo package first when it is missing or stale (the built-demo suite needs it).
    globalSetup: ['tests/unit/globalSetup.ts'],
  },
});
