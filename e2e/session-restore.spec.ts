// After a reload, and after a restart of the app, the window returns to where the user was: the tabs, the layout,
// the open table with its filters, sort and page size, and the tree's expanded schemas.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, startJoinery, test, type RunningJoinery } from './fixtures'
import { JoineryApp } from './pages/joinery-app'

test.describe('the session survives a reload and a restart', () => {
  let dataDir: string
  let server: RunningJoinery | undefined

  test.beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'joinery-e2e-session-'))
  })

  test.afterAll(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const savedSession = (): string => {
    try {
      return readFileSync(join(dataDir, 'session.json'), 'utf8')
    } catch {
      return ''
    }
  }

  /** The Demo lab's Trial table as it was left: hits only, slowest first, 250 rows a page, ephys collapsed. */
  async function expectSamePlace(page: Page): Promise<void> {
    const app = new JoineryApp(page)
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
    await expect(app.tab('Restore PostgreSQL')).toBeVisible()
    // Side by side, as left.
    const demo = app.pane('Demo lab')
    await expect(demo.root).toBeVisible({ timeout: 60_000 })
    await expect(app.pane('Restore PostgreSQL').root).toBeVisible()
    await expect(demo.root.getByRole('heading', { level: 1, name: 'Trial' })).toBeVisible({ timeout: 60_000 })
    await expect(demo.filter('outcome')).toHaveValue("= 'hit'")
    await expect(demo.columnHeader('reaction_ms')).toHaveAttribute('aria-sort', 'descending')
    await expect(demo.rowsLabel()).toHaveText(/^Rows 1–250$/)
    await expect(demo.total()).not.toHaveText('Total: 1,681')
    await expect(async () => {
      expect(new Set(await demo.columnValues('outcome'))).toEqual(new Set(['hit']))
    }).toPass()
    await expect(demo.tree.locator('[role="treeitem"][aria-level="1"]').filter({ hasText: 'ephys' })).toHaveAttribute('aria-expanded', 'false')
    await expect(demo.tree.locator('[role="treeitem"][aria-level="1"]').filter({ hasText: 'lab' }).first()).toHaveAttribute('aria-expanded', 'true')
  }

  test('tabs, layout, table, filters, sort, page size and tree come back', async ({ page }) => {
    test.setTimeout(240_000)
    server = await startJoinery({ dataDir })
    // Wide enough that each side of split view keeps its tree docked (narrower, the trees are drawers).
    await page.setViewportSize({ width: 2400, height: 1000 })
    const app = new JoineryApp(page)
    await app.goto(server.url)
    const demo = app.pane('Demo lab')
    await expect(demo.table('Subject')).toBeVisible({ timeout: 60_000 })

    // Leave the Demo lab on a filtered, sorted, resized page of trials, with ephys collapsed.
    await demo.openTable('Trial')
    await demo.filter('outcome').fill("= 'hit'")
    await expect(demo.total()).not.toHaveText('Total: 1,681')
    await demo.sortBy('reaction_ms')
    await demo.sortBy('reaction_ms')
    await expect(demo.columnHeader('reaction_ms')).toHaveAttribute('aria-sort', 'descending')
    await demo.setPageSize(250)
    await expect(demo.rowsLabel()).toHaveText('Rows 1–250')
    await demo.tree.locator('[role="treeitem"][aria-level="1"]').filter({ hasText: 'ephys' }).click()
    await expect(demo.tree.locator('[role="treeitem"][aria-level="1"]').filter({ hasText: 'ephys' })).toHaveAttribute('aria-expanded', 'false')

    // A second tab, side by side.
    const dialog = await app.openNewConnection()
    await dialog.fill({ name: 'Restore PostgreSQL', backend: 'postgresql', user: 'postgres' })
    await dialog.saveAndConnect()
    await expect(app.tab('Restore PostgreSQL')).toHaveAccessibleName(/connected/)
    await app.toggleSplit()
    await app.tab('Demo lab').click()
    await expectSamePlace(page)
    await app.screenshot('session-1-before')

    // A reload: the main process kept the tabs; the views come back.
    // The view state reaches the data folder's session.json moments after the last change.
    await expect.poll(() => savedSession(), { timeout: 10_000 }).toContain('"window.panes"')
    await expect.poll(() => savedSession(), { timeout: 10_000 }).toMatch(/"split": true/)
    await page.reload()
    await expectSamePlace(page)

    // A restart on the same data folder (a new address): the tabs are reopened, the views come back.
    await server.stop()
    server = await startJoinery({ dataDir })
    await app.goto(server.url)
    await expectSamePlace(page)
    await app.screenshot('session-2-after-restart')
  })
})
