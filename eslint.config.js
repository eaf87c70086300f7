// Lint: typescript-eslint (type-aware rules where they catch real bugs) plus the rules that hold the
// architecture (README "Layout"; ../shared/STYLE.md "What kubectl-egress should take from each", 1).
import {builtinModules} from 'node:module'
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import {importX} from 'eslint-plugin-import-x'
import {createTypeScriptImportResolver} from 'eslint-import-resolver-typescript'

// Node built-ins a pure module may use: none of them reads or writes anything outside the process.
const PURE_BUILTINS = new Set(['assert', 'assert/strict', 'buffer', 'string_decoder', 'url', 'util'])
const IO_BUILTINS = builtinModules.filter((m) => !m.startsWith('_') && !PURE_BUILTINS.has(m))

const CLIENT_NODE = {
  name: '@kubernetes/client-node',
  allowTypeImports: true,
  message: 'Only src/cluster/connect.ts loads the cluster client (about a second), and only when a command needs the cluster.',
}
const UI = {
  group: ['ink', 'ink-*', 'react', 'react/*', 'react-*'],
  allowTypeImports: true,
  message: 'ink and react belong to src/tui and the create prompt; commands load them with import() when they need them.',
}

/** One no-restricted-imports setting per file set: a later config object replaces a rule's options, it does not add to them. */
const restrict = ({paths = [], patterns = []}) => ({
  '@typescript-eslint/no-restricted-imports': ['error', {paths, patterns}],
})
const noDynamicImport = (source, message) => ({
  selector: `ImportExpression[source.value=${JSON.stringify(source)}]`,
  message,
})

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'examples/**', 'coverage/**']},
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname},
    },
    plugins: {'import-x': importX},
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import-x/parsers': {'@typescript-eslint/parser': ['.ts', '.tsx']},
      'import-x/resolver-next': [createTypeScriptImportResolver({project: 'tsconfig.json'})],
    },
    rules: {
      // Type-aware: an unhandled promise loses an error (and an exit code) silently.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', {fixStyle: 'inline-type-imports'}],
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      // An import cycle makes module order (and what is undefined at load time) depend on who is imported first.
      'import-x/no-cycle': 'error',
      // The YAML reader and the terminal tests match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {globals: {...globals.node}},
  },
  {files: ['**/*.cjs'], languageOptions: {sourceType: 'commonjs'}, rules: {'@typescript-eslint/no-require-imports': 'off'}},

  // sim/ is pure: no I/O, no CLI, no UI, no cluster client; from src/ only types of the model.
  {
    files: ['sim/**'],
    rules: {
      ...restrict({
        paths: [...IO_BUILTINS, ...IO_BUILTINS.map((m) => `node:${m}`)].map((name) => ({
          name,
          message: 'sim/ is pure: no I/O. Let src/ read and write; pass sim/ the values.',
        })),
        patterns: [
          {group: ['**/src/*', '**/src/**', '!**/src/model', '!**/src/model/**'], message: 'sim/ imports nothing from src/ but types from src/model.'},
          {group: ['**/src/model', '**/src/model/**'], allowTypeImports: true, message: 'sim/ takes only `import type` from src/model.'},
          {group: ['**/commands', '**/commands/**'], message: 'sim/ knows nothing of the CLI.'},
          {group: ['@oclif/*'], message: 'sim/ knows nothing of the CLI.'},
          {group: ['@kubernetes/*'], message: 'sim/ works offline: no cluster client.'},
          {group: UI.group, message: 'sim/ has no UI.'},
        ],
      }),
      'no-restricted-syntax': ['error', {selector: 'ImportExpression', message: 'sim/ loads no module at run time.'}],
      'no-restricted-globals': ['error', {name: 'process', message: 'sim/ is pure: the caller passes what it needs from the environment.'}],
    },
  },
  // The cluster client loads in one place; ink and react only in the UI modules.
  {
    files: ['src/**', 'commands/**'],
    ignores: ['src/cluster/connect.ts', 'src/tui/**', 'src/create/prompt.tsx'],
    rules: {
      ...restrict({paths: [CLIENT_NODE], patterns: [UI]}),
      'no-restricted-syntax': ['error', noDynamicImport(CLIENT_NODE.name, CLIENT_NODE.message)],
    },
  },
  {
    files: ['src/cluster/connect.ts'],
    rules: restrict({patterns: [UI]}),
  },
  {
    files: ['src/tui/**', 'src/create/prompt.tsx'],
    rules: {
      ...restrict({paths: [CLIENT_NODE]}),
      'no-restricted-syntax': ['error', noDynamicImport(CLIENT_NODE.name, CLIENT_NODE.message)],
    },
  },
)
