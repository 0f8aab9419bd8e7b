// Playwright fixtures: Joinery in browser mode (`scripts/start.mjs --browser --no-open --port 0 --foreground`) with its own
// throwaway data folder (JOINERY_DATA_DIR), so the Demo lab and saved profiles start empty for each worker.
import { test as base, expect } from '@playwright/test'
import { startJoinery, type JoineryServer } from './joinery-process'

export { startJoinery, type JoineryServer, type RunningJoinery } from './joinery-process'

/** `joinery`: one browser-mode server per worker. */
export const test = base.extend<Record<never, never>, { joinery: JoineryServer }>({
  joinery: [
    // oxlint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern.
    async ({}, use) => {
      const server = await startJoinery()
      try {
        await use({ url: server.url, dataDir: server.dataDir })
      } finally {
        await server.stop()
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
})

export { expect }
