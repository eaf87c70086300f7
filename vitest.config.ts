import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup-re2.ts'],
  },
})
