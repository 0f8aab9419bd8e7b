import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
          exclude: ['**/*.db.test.ts', '**/node_modules/**'],
          env: { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' },
        },
      },
      {
        test: {
          name: 'db',
          include: ['src/**/*.db.test.ts', 'electron/**/*.db.test.ts', 'examples/**/*.db.test.ts'],
          globalSetup: ['src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          env: { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' },
        },
      },
    ],
  },
})
