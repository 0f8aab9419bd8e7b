// The schema diagram on the machine's servers: three MariaDB schemas tied by cross-schema and renamed foreign keys
// drawn together (clusters, external tables, amber renamed edges with their renaming), and a 500-table PostgreSQL
// schema laid out, searched and opened.
import { expect, test } from './fixtures'
import { createPipelineSchema, createThreeSchemas, type DiagramSchema, type ThreeSchemas } from './pages/diagram-schemas'
import { JoineryApp } from './pages/joinery-app'
import { LOCAL_MARIADB, LOCAL_POSTGRES, uniqueName } from './pages/lab-schema'

test.describe('the schema diagram on real servers', () => {
  let three: ThreeSchemas
  let big: DiagramSchema

  test.beforeAll(async () => {
    test.setTimeout(180_000)
    three = await createThreeSchemas(LOCAL_MARIADB, uniqueName('e2e_dg'))
    big = await createPipelineSchema(LOCAL_POSTGRES, uniqueName('e2e_dg500'), 500)
  })

  test.afterAll(async () => {
    test.setTimeout(180_000)
    await three?.drop()
    await big?.drop()
  })

  test('three MariaDB schemas with cross-schema and renamed foreign keys', async ({ page, joinery }) => {
    test.setTimeout(180_000)
    await page.setViewportSize({ width: 1440, height: 900 })
    const app = new JoineryApp(page)
    await app.goto(joinery.url)
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
    const dialog = await app.openNewConnection()
    await dialog.fill({ name: 'Diagram MariaDB', backend: 'mysql', user: 'root' })
    await dialog.saveAndConnect()
    const my = app.pane('Diagram MariaDB')
    await my.search.fill(three.analysis)
    await my.tree.getByRole('button', { name: `Diagram of ${three.analysis}` }).click()
    const diagram = my.root.getByRole('region', { name: `Diagram of ${three.analysis}` })
    await expect(diagram).toHaveAttribute('data-diagram-state', 'ready', { timeout: 30_000 })
    const node = (name: string) => diagram.getByRole('button', { name, exact: true })
    // The analysis schema alone: the tables of the others that its foreign keys reach are drawn, with their schema.
    await expect(node('Sorting (Computed table)')).toBeVisible()
    await expect(node(`Recording (Imported table of schema ${three.acquisition})`)).toBeVisible()
    await expect(node(`Researcher (Manual table of schema ${three.subject})`)).toBeVisible()

    // All three schemas at once.
    await diagram.getByRole('button', { name: /^Schemas/ }).click()
    await diagram.getByRole('checkbox', { name: three.subject, exact: true }).check()
    await diagram.getByRole('checkbox', { name: three.acquisition, exact: true }).check()
    await page.keyboard.press('Escape')
    const all = my.root.getByRole('region', { name: `Diagram of ${three.analysis}, ${three.subject}, ${three.acquisition}` })
    await expect(all).toHaveAttribute('data-diagram-state', 'ready', { timeout: 30_000 })
    const allNode = (name: string) => all.getByRole('button', { name, exact: true })
    for (const name of ['Subject (Manual table)', 'Session (Manual table)', 'Recording (Imported table)', 'Sorting.Unit (Part table)', 'SessionSummary (Computed table)']) {
      await expect(allNode(name)).toBeVisible()
    }
    for (const schema of [three.subject, three.acquisition, three.analysis]) {
      await expect(all.locator('.dj-cluster-label', { hasText: schema })).toBeVisible()
    }
    // Renamed foreign keys in amber, their renaming on hover.
    const renamed = all.locator('.dj-edge.is-renamed')
    await expect(renamed).toHaveCount(5)
    const renames = await renamed.locator('title').allTextContents()
    expect(renames).toEqual(expect.arrayContaining(['Renamed: experimenter ← researcher_id', 'Renamed: peak_channel ← channel_idx']))
    await expect(renamed.first().locator('path').first()).toHaveCSS('stroke', 'rgb(199, 125, 58)')
    await app.screenshot('diagram-6-three-schemas-mariadb')

    // Collapse one schema: "N tables", with the edges to it.
    await all.getByRole('button', { name: /^Schemas/ }).click()
    await all.getByRole('checkbox', { name: `collapsed ${three.subject}`, exact: true }).check()
    await page.keyboard.press('Escape')
    await expect(allNode(`${three.subject} (collapsed schema, 8 tables)`)).toBeVisible({ timeout: 30_000 })
    await app.screenshot('diagram-7-collapsed-subject')
    // The worker's server is shared with other journeys: leave no tab behind.
    await app.closeTab('Diagram MariaDB')
  })

  test('a 500-table PostgreSQL schema', async ({ page, joinery }) => {
    test.setTimeout(180_000)
    await page.setViewportSize({ width: 1440, height: 900 })
    const app = new JoineryApp(page)
    await app.goto(joinery.url)
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
    const dialog = await app.openNewConnection()
    await dialog.fill({ name: 'Diagram PostgreSQL', backend: 'postgresql', user: 'postgres' })
    await dialog.saveAndConnect()
    const pg = app.pane('Diagram PostgreSQL')
    await pg.search.fill(big.name)
    await pg.tree.getByRole('button', { name: `Diagram of ${big.name}` }).click()
    const diagram = pg.root.getByRole('region', { name: `Diagram of ${big.name}` })
    await expect(diagram).toHaveAttribute('data-diagram-state', 'ready', { timeout: 30_000 })
    expect(Number(await diagram.getAttribute('data-layout-ms'))).toBeGreaterThan(0)
    // Only what is on screen is rendered.
    const rendered = await diagram.locator('.react-flow__node-table').count()
    expect(rendered).toBeGreaterThan(0)
    expect(rendered).toBeLessThan(500)
    await app.screenshot('diagram-8-500-tables')

    // Find the last table declared, fly to it, open it.
    const last = big.tables.at(-1) ?? ''
    await diagram.getByRole('combobox', { name: 'Find a table in the diagram' }).fill(last)
    const selection = diagram.getByRole('region', { name: 'Selected table' })
    await expect(selection).toContainText(last)
    await expect(diagram.getByRole('button', { name: new RegExp(`^${last.replace('.', '\\.')} \\(`) })).toBeInViewport()
    await app.screenshot('diagram-9-500-found')
    await selection.getByRole('button', { name: 'Open data' }).click()
    await expect(pg.root.getByRole('heading', { level: 1, name: last })).toBeVisible()
    await app.closeTab('Diagram PostgreSQL')
  })
})
