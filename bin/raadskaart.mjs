#!/usr/bin/env node
// Launcher of the `raadskaart` CLI (package.json "bin"): runs the TypeScript sources in
// src/cli through tsx in this same process, so signals reach a running hub directly.
// The project's .ts files are CommonJS-format (no "type": "module"), so both tsx hooks are needed.
import { register as registerEsm } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';

registerEsm();
registerCjs();
await import('../src/cli/main.ts');
