// Journey 2: two connection tabs at once, one on the machine's PostgreSQL and one on its MariaDB, each browsing
// a schema this test declared and filled with the engine; then both side by side.
import { expect, test } from './fixtures'
import { createLabSchema, LOCAL_MARIADB, LOCAL_POSTGRES, uniqueName, type LabSchema } from './pages/lab-schema'
import { JoineryApp } from './pages/joinery-app'

test.describe('two servers side by side', () => {
  let pgSchema: LabSchema
  let mySchema: LabSchema

  test.beforeAll(async () => {
    pgSchema = await createLabSchema(LOCAL_POSTGRES, uniqueName('e2e_pg'), 120)
    mySchema = await createLabSchema(LOCAL_MARIADB, uniqueName('e2e_my'), 75)
  })

  test.afterAll(async () => {
    await pgSchema?.drop()
    await mySchema?.drop()
  })

  test('a PostgreSQL tab and a MariaDB tab, each browsing its own schema', async ({ page, joinery }) => {
    test.setTimeout(180_000)
    const app = new JoineryApp(page)
    await app.goto(joinery.url)
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })

    // PostgreSQL, tested first: the server version and the encryption state are shown.
    const dialog = await app.openNewConnection()
    await dialog.fill({ name: 'Local PostgreSQL', backend: 'postgresql', user: 'postgres' })
    await expect(await dialog.test()).toContainText(/Connected · .*PostgreSQL 1\d/)
    await expect(dialog.root.getByText(/not encrypted|encrypted/).first()).toBeVisible()
    await dialog.saveAndConnect()
    await expect(app.tab('Local PostgreSQL')).toHaveAttribute('aria-selected', 'true')
    await expect(app.tab('Local PostgreSQL')).toHaveAccessibleName(/PostgreSQL, connected/)

    // MariaDB, from Ctrl/Cmd+T; its default port follows the backend.
    await page.keyboard.press('Control+t')
    await expect(dialog.root).toBeVisible()
    await dialog.startNew()
    await dialog.fill({ name: 'Local MariaDB', backend: 'mysql', user: 'root' })
    await expect(dialog.root.getByLabel('Port', { exact: true })).toHaveValue('3306')
    await dialog.saveAndConnect()
    await expect(app.tab('Local MariaDB')).toHaveAccessibleName(/MySQL \/ MariaDB, connected/)

    // Browse the MariaDB schema: tiers, the manual table, its total and a page.
    const my = app.pane('Local MariaDB')
    await my.search.fill(mySchema.name)
    await expect(my.table('Animal')).toBeVisible()
    await expect(my.table('Species')).toBeVisible()
    await my.openTable('Animal')
    await expect(my.total()).toHaveText('Total: 75')
    await my.filter('name').fill('my-animal-07*')
    await expect(my.total()).toHaveText('Total: 6')
    await app.screenshot('two-1-mariadb')

    // Switch with Ctrl/Cmd+<n> to the PostgreSQL tab and browse there.
    const index = await app.tabIndex('Local PostgreSQL')
    expect(index).toBeGreaterThanOrEqual(0)
    await page.keyboard.press(`Control+${index + 1}`)
    const pg = app.pane('Local PostgreSQL')
    await expect(pg.root).toBeVisible()
    await pg.search.fill(pgSchema.name)
    await pg.openTable('Animal')
    await expect(pg.total()).toHaveText('Total: 120')
    await pg.sortBy('weight')
    await pg.sortBy('weight')
    await expect(pg.columnHeader('weight')).toHaveAttribute('aria-sort', 'descending')
    await pg.filter('weight').fill('is null')
    await expect(pg.total()).toHaveText('Total: 12')
    await expect(pg.grid.getByText('NULL').first()).toBeVisible()
    await expect(pg.grid.getByText('empty').first()).toBeVisible()

    // Both at once: the MariaDB tab joins the PostgreSQL one side by side, each keeping its state.
    await app.toggleSplit()
    await app.tab('Local MariaDB').click()
    await expect(app.pane('Local PostgreSQL').root).toBeVisible()
    await expect(app.pane('Local MariaDB').root).toBeVisible()
    await expect(app.pane('Local MariaDB').total()).toHaveText('Total: 6')
    await expect(app.pane('Local PostgreSQL').total()).toHaveText('Total: 12')
    await app.screenshot('two-2-side-by-side')

    // Closing tabs (Ctrl/Cmd+W closes the focused one) leaves the rest working.
    await page.keyboard.press('Control+w')
    await expect(app.tab('Local MariaDB')).toHaveCount(0)
    await app.closeTab('Local PostgreSQL')
    await expect(app.tab('Demo lab')).toBeVisible()
  })
})
