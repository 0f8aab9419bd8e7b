import { defineConfig } from 'vitest/config'

// Vitest 5's reporters call Map.groupBy (Node 22+); this machine runs Node 20, where a failing test would
// otherwise crash the reporter and hide which test failed.
if (!('groupBy' in Map)) {
  Object.defineProperty(Map, 'groupBy', {
    value<K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>()
      let index = 0
      for (const item of items) {
        const k = key(item, index++)
        const group = groups.get(k)
        if (group === undefined) groups.set(k, [item])
        else group.push(item)
      }
      return groups
    },
  })
}

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
          include: ['src/**/*.db.test.ts', 'electron/**/*.db.test.ts', 'examples/**/*.db.test.ts', 'e2e/**/*.db.test.ts'],
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
