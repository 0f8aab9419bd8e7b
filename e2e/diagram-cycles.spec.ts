// The schema diagram of a PostgreSQL schema whose foreign keys form a cycle (plain SQL tables DataJoint did not
// declare, one referencing itself): drawn, with the tables outside DataJoint's naming in their own style, in
// both themes.
import { expect, test } from './fixtures'
import { JoineryApp } from './pages/joinery-app'
import { connect, LOCAL_POSTGRES, uniqueName } from './pages/lab-schema'
import { declareCyclicSchema, dropCyclicSchema } from '../src/testing/cyclic-schema'

test.describe('the diagram of a schema with a foreign-key cycle', () => {
  const name = uniqueName('e2e_dgc')

  test.beforeAll(async () => {
    const instance = connect(LOCAL_POSTGRES)
    try {
      await declareCyclicSchema(instance, 'postgresql', name)
    } finally {
      await instance.close()
    }
  })

  test.afterAll(async () => {
    const instance = connect(LOCAL_POSTGRES)
    try {
      await dropCyclicSchema(instance, 'postgresql', name)
    } finally {
      await instance.close()
    }
  })

  test('draws every table and the cycle, never a blank canvas', async ({ page, joinery }) => {
    test.setTimeout(120_000)
    await page.setViewportSize({ width: 1440, height: 900 })
    const app = new JoineryApp(page)
    await app.goto(joinery.url)
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
    const dialog = await app.openNewConnection()
    await dialog.fill({ name: 'Cycles PostgreSQL', backend: 'postgresql', user: 'postgres' })
    await dialog.saveAndConnect()
    const pg = app.pane('Cycles PostgreSQL')
    await pg.search.fill(name)
    await pg.tree.getByRole('button', { name: `Diagram of ${name}` }).click()
    const diagram = pg.root.getByRole('region', { name: `Diagram of ${name}` })
    await expect(diagram).toHaveAttribute('data-diagram-state', 'ready', { timeout: 30_000 })
    const node = (label: string) => diagram.getByRole('button', { name: label, exact: true })
    await expect(node('Subject (Manual table)')).toBeVisible()
    await expect(node('Session (Manual table)')).toBeVisible()
    for (const table of ['LegacyLeft', 'LegacyRight', 'LegacyTree']) await expect(node(`${table} (Not a DataJoint table)`)).toBeVisible()
    await expect(diagram.locator('.dj-edge')).toHaveCount(5)
    await expect(diagram.getByRole('list', { name: 'Legend' })).toContainText('Not a DataJoint table')
    await app.screenshot('diagram-8-cycle-light')

    await page.setViewportSize({ width: 1024, height: 700 })
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect(node('LegacyTree (Not a DataJoint table)')).toBeVisible()
    await app.screenshot('diagram-9-cycle-dark')
    // The worker's server is shared with other journeys: leave no tab behind.
    await app.closeTab('Cycles PostgreSQL')
  })
})
