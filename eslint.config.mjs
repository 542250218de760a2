// Lint rules that back the folder boundaries of STYLE.md: where code may run and which
// folder owns which library.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process'], message: 'Runs in the page or anywhere: no Node built-ins here.' };
const noElectron = { name: 'electron', message: 'Only src/main and src/preload may import electron.' };
const noMain = { group: ['**/main/**', '../main/*'], message: 'Nothing imports src/main except main.' };
const noDexie = { name: 'dexie', message: 'Only src/renderer/data imports Dexie.' };
const noDexieHooks = { name: 'dexie-react-hooks', message: 'Only src/renderer/data imports Dexie.' };
const noMap = { name: 'maplibre-gl', message: 'Only src/renderer/map imports the map engine.' };
// Product code never reaches into development folders (docs/architecture.md).
const noDevFolders = {
  group: ['**/scripts/**', '**/examples/**', '**/tests/**', '**/bench/**'],
  message: 'Product code (src/) must not import scripts/, examples/, tests/ or bench/.',
};
// Product files never import test tooling (test helpers are in tests/helpers, covered above).
const noTestCode = [
  { name: 'vitest', message: 'Product code must not import test tooling; test helpers live in tests/helpers.' },
  { name: 'fake-indexeddb', message: 'Product code must not import test tooling; test helpers live in tests/helpers.' },
];
// src/shared imports only src/shared: one pattern per folder depth, since the patterns see the import text.
const outsideShared = (depth) => ({ group: [`${'../'.repeat(depth)}*`], message: 'src/shared imports only src/shared.' });
const noGetDb = {
  group: ['**/data/db'],
  importNames: ['getDb'],
  message:
    'Components and services reach the database through repositories, hooks and stores (data/settings.ts, data/trust.ts); only src/renderer/data and the entries take the app database.',
};
// The audience window (projector) shows only the public view: it may read package content
// through data/audienceData and reuse the public map, compare and indicator components, but
// never import a briefing, talking points, notes, decisions, compositions or the rest of the
// data layer, so presenter text cannot reach its DOM (features/audience/AudienceScreen.tsx).
const noPresenterText = {
  group: [
    '**/features/present/**',
    '../present/*',
    '**/features/notes/**',
    '../notes/*',
    '**/features/decisions/**',
    '../decisions/*',
    '**/features/meeting/*',
    '../meeting/*',
    '!**/features/meeting/IndicatorTable',
    '!../meeting/IndicatorTable',
    '**/data/*',
    '!**/data/audienceData',
    '**/sync/**',
  ],
  message: 'The audience window shows only the public view: import package content from data/audienceData, never briefings, talking points, notes or compositions.',
};

/** Entries that bind the app database: the page (main.tsx), the workers, and the in-page stand-in for the updates worker. */
const appDbEntries = ['src/renderer/main.tsx', 'src/renderer/**/*.worker.ts', 'src/renderer/updates/useUpdates.ts'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'build/**', 'node_modules/**', 'bench/results/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['*.mts'] } } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  ...[1, 2, 3].map((depth) => ({
    files: [`src/shared/${'*/'.repeat(depth - 1)}*.ts`],
    ignores: ['src/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, noDexie, noDexieHooks, noMap, { name: 'react', message: 'src/shared is pure.' }, ...noTestCode],
          patterns: [nodeBuiltins, noMain, noDevFolders, outsideShared(depth)],
        },
      ],
    },
  })),
  {
    // Tests of shared code run in Node and may use real files and the test helpers.
    files: ['src/shared/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, noDexie, noDexieHooks, noMap], patterns: [noMain] }] },
  },
  {
    files: ['src/node/**/*.ts'],
    ignores: ['src/node/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, noDexie, noDexieHooks, noMap, ...noTestCode], patterns: [noMain, noDevFolders] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ignores: ['src/renderer/data/**', 'src/renderer/map/**', 'src/renderer/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [noElectron, noDexie, noDexieHooks, noMap, ...noTestCode], patterns: [nodeBuiltins, noMain, noGetDb, noDevFolders] }],
    },
  },
  {
    files: ['src/renderer/features/audience/**/*.{ts,tsx}'],
    ignores: ['src/renderer/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron, noDexie, noDexieHooks, noMap, ...noTestCode], patterns: [nodeBuiltins, noMain, noGetDb, noDevFolders, noPresenterText] },
      ],
    },
  },
  {
    files: appDbEntries,
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, noDexie, noDexieHooks, noMap, ...noTestCode], patterns: [nodeBuiltins, noMain, noDevFolders] }] },
  },
  {
    files: ['src/renderer/data/**/*.{ts,tsx}'],
    ignores: ['src/renderer/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, noMap, ...noTestCode], patterns: [nodeBuiltins, noMain, noDevFolders] }] },
  },
  {
    files: ['src/renderer/map/**/*.{ts,tsx}'],
    ignores: ['src/renderer/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [noElectron, noDexie, noDexieHooks, ...noTestCode], patterns: [nodeBuiltins, noMain, noGetDb, noDevFolders] }],
    },
  },
  {
    files: ['src/hub/**/*.ts', 'src/cli/**/*.ts', 'src/preload/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: noTestCode, patterns: [noMain, noDevFolders] }] },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: noTestCode, patterns: [noDevFolders] }] },
  },
  {
    files: ['bench/page/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.config.{ts,mts,mjs}', 'eslint.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
