import { defineConfig } from 'vitest/config'

// Three projects by cost: unit (no I/O), integration (real SQLite/PostgreSQL, stand-ins), e2e (real Chromium).
export default defineConfig({
  test: {
    // e2e tests share one Chromium each; integration tests each own their database.
    fileParallelism: true,
    globalSetup: ['test/helpers/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 90_000, hookTimeout: 90_000 } },
    ],
  },
})
