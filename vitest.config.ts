import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup-re2.ts'],
    // npm run coverage. Only code run inside the test workers counts: the CLI tests' child processes
    // (bin/run.js on dist/) are not measured, so commands/ reads low.
    coverage: {provider: 'v8', include: ['sim/**', 'src/**', 'commands/**'], reporter: ['text-summary', 'json-summary', 'html']},
  },
})
