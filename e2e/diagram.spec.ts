// The schema diagram on the Demo lab: DataJoint's tier shapes and colours in both themes, tree and diagram
// selecting together, the diagram algebra (children, hide, collapse, expand), find, open, the cascade preview of
// deleting a subject (nothing deleted), and the SVG and Mermaid exports.
import { readFileSync } from 'node:fs'
import { expect, startJoinery, test, type RunningJoinery } from './fixtures'
import { JoineryApp } from './pages/joinery-app'

test.describe('the schema diagram on the Demo lab', () => {
  let server: RunningJoinery

  test.beforeAll(async () => {
    server = await startJoinery()
  })

  test.afterAll(async () => {
    await server.stop()
  })

  test('draws, selects with the tree, refines, previews a delete and exports', async ({ page, browser }) => {
    test.setTimeout(180_000)
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    await page.setViewportSize({ width: 1440, height: 900 })
    const app = new JoineryApp(page)
    await app.goto(server.url)
    const demo = app.pane('Demo lab')
    await expect(demo.table('Subject')).toBeVisible({ timeout: 60_000 })

    // The ephys schema: its tables in their tiers, and the lab tables its foreign keys reach, shown as such.
    await demo.tree.getByRole('button', { name: 'Diagram of ephys' }).click()
    const diagram = demo.root.getByRole('region', { name: 'Diagram of ephys' })
    await expect(diagram).toHaveAttribute('data-diagram-state', 'ready', { timeout: 30_000 })
    const node = (name: string) => diagram.getByRole('button', { name, exact: true })
    await expect(node('Recording (Imported table)')).toBeVisible()
    await expect(node('SpikeSorting (Computed table)')).toBeVisible()
    await expect(node('Probe (Lookup table)')).toBeVisible()
    await expect(node('SpikeSorting.Unit (Part table)')).toContainText('Unit')
    await expect(node('Session (Manual table of schema lab)')).toBeVisible()
    // DataJoint 2.3's palette: Imported is light blue with a blue border; Probe introduces its own key (underlined).
    const recording = node('Recording (Imported table)').locator('.dj-node')
    await expect(recording).toHaveCSS('background-color', 'rgb(224, 244, 252)')
    await expect(recording).toHaveCSS('border-top-left-radius', '50%')
    await expect(node('Probe (Lookup table)').locator('.is-distinguished')).toHaveCount(1)
    await expect(diagram.locator('.dj-edge')).not.toHaveCount(0)
    await expect(diagram.locator('.dj-edge.is-renamed')).toHaveCount(1)
    await expect(diagram.locator('.dj-cluster-label', { hasText: 'ephys' })).toBeVisible()
    await app.screenshot('diagram-1-ephys')

    // Click a table: it is selected in the tree too, its parents and children stay lit, the rest dims.
    await node('Recording (Imported table)').click()
    await expect(demo.table('Recording')).toHaveAttribute('aria-selected', 'true')
    const selection = diagram.getByRole('region', { name: 'Selected table' })
    await expect(selection).toContainText('Recording')
    await expect(node('TrialStats (Computed table)').locator('.dj-node')).toHaveClass(/dj-emphasis-dim/)
    await expect(node('SpikeSorting (Computed table)').locator('.dj-node')).toHaveClass(/dj-emphasis-focus/)
    // The tree selects in the diagram.
    await demo.table('TrialStats').click()
    await expect(selection).toContainText('TrialStats')

    // Hover: the definition, the key and the row count (once the flight to the tree's selection has ended).
    await page.waitForTimeout(600)
    await node('Probe (Lookup table)').hover()
    const card = diagram.getByRole('tooltip')
    await expect(card).toContainText('3 rows')
    await expect(card).toContainText('probe_type')
    await page.mouse.move(5, 5)

    // The lab schema: one more generation of children of Session brings in the ephys tables; hide one.
    await demo.tree.getByRole('button', { name: 'Diagram of lab' }).click()
    const lab = demo.root.getByRole('region', { name: 'Diagram of lab' })
    await expect(lab).toHaveAttribute('data-diagram-state', 'ready', { timeout: 30_000 })
    const labNode = (name: string) => lab.getByRole('button', { name, exact: true })
    await expect(labNode('Recording (Imported table of schema ephys)')).toHaveCount(0)
    await lab.getByRole('combobox', { name: 'Find a table in the diagram' }).fill('Session')
    await expect(lab.getByRole('region', { name: 'Selected table' })).toContainText('Session')
    await lab.getByRole('button', { name: 'Add children' }).click()
    await expect(labNode('Recording (Imported table)')).toBeVisible({ timeout: 30_000 })
    await expect(labNode('TrialStats (Computed table)')).toBeVisible()
    await labNode('TrialStats (Computed table)').click()
    await lab.getByRole('button', { name: 'Hide' }).click()
    await expect(labNode('TrialStats (Computed table)')).toHaveCount(0)
    await expect(lab).toHaveAttribute('data-diagram-state', 'ready')
    await app.screenshot('diagram-2-lab-children')

    // Collapse the lab schema into one node, then expand it again.
    await lab.getByRole('button', { name: /^Schemas/ }).click()
    await lab.getByRole('checkbox', { name: 'collapsed lab' }).check()
    await page.keyboard.press('Escape')
    // DataJoint's rule: tables drawn expanded by another part of the diagram (Session and Trial, from the step
    // above) stay expanded.
    const collapsed = labNode('lab (collapsed schema, 6 tables)')
    await expect(collapsed).toBeVisible({ timeout: 30_000 })
    await expect(collapsed).toContainText('6 tables')
    await collapsed.click()
    await lab.getByRole('button', { name: 'Expand schema' }).click()
    await expect(labNode('Subject (Manual table)')).toBeVisible({ timeout: 30_000 })

    // Exports: an SVG in the palette that opens in a browser, and DataJoint's Mermaid.
    const svgDownload = page.waitForEvent('download')
    await lab.getByRole('button', { name: 'SVG', exact: true }).click()
    const svg = readFileSync(await (await svgDownload).path(), 'utf8')
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"')
    expect(svg).toContain('fill="#E8F0E9"')
    const viewer = await browser.newPage({ viewport: { width: 1200, height: 600 } })
    await viewer.setContent(svg)
    await expect(viewer.locator('svg text', { hasText: 'Subject' })).toHaveCount(1)
    await viewer.screenshot({ path: new URL('./screenshots/diagram-3-exported-svg.png', import.meta.url).pathname })
    await viewer.close()
    const mermaidDownload = page.waitForEvent('download')
    await lab.getByRole('button', { name: 'Mermaid', exact: true }).click()
    const mermaid = readFileSync(await (await mermaidDownload).path(), 'utf8')
    expect(mermaid.startsWith('flowchart LR')).toBe(true)
    expect(mermaid).toContain('classDef manual')

    // Top to bottom.
    await lab.getByRole('radio', { name: 'Top to bottom' }).click()
    // The new layout arrives moments after the click (the state may still read "ready" from the last one).
    await expect
      .poll(
        async () => {
          const lab1 = await labNode('Lab (Manual table)').boundingBox()
          const researcher = await labNode('Researcher (Manual table)').boundingBox()
          return lab1 !== null && researcher !== null && researcher.y > lab1.y
        },
        { timeout: 30_000 },
      )
      .toBe(true)
    await expect(lab).toHaveAttribute('data-diagram-state', 'ready', { timeout: 30_000 })

    // Double-click opens the table's data.
    await labNode('Subject (Manual table)').dblclick()
    await expect(demo.root.getByRole('heading', { level: 1, name: 'Subject' })).toBeVisible()
    await expect(demo.total()).toHaveText('Total: 24')

    // The cascade preview of deleting one subject: every table it reaches, with counts; nothing deleted.
    await demo.grid.getByRole('row').nth(2).getByRole('gridcell').nth(0).click()
    await demo.toolbar.getByRole('button', { name: 'Preview delete' }).click()
    const preview = page.getByRole('dialog', { name: 'Preview delete' })
    const summary = preview.getByRole('status', { name: 'Cascade summary' })
    await expect(summary).toContainText(/Deleting 1 selected row of Subject would remove [\d,]+ rows in \d+ tables\./, { timeout: 30_000 })
    await expect(summary).toContainText('Nothing has been deleted.')
    const cascade = preview.getByRole('region', { name: /^Cascade of deleting/ })
    await expect(cascade).toHaveAttribute('data-diagram-state', 'ready', { timeout: 30_000 })
    await expect(cascade.getByRole('button', { name: 'Subject (Manual table)' })).toContainText('1 row')
    await expect(cascade.getByRole('button', { name: 'Session (Manual table)' }).locator('.dj-node')).toHaveClass(/dj-emphasis-affected/)
    await expect(cascade.getByRole('button', { name: 'SpikeSorting (Computed table)' })).toContainText(/\d+ rows?/)
    await app.screenshot('diagram-4-cascade')
    await page.keyboard.press('Escape')
    await expect(preview).toHaveCount(0)
    await demo.toolbar.getByRole('button', { name: 'Reload rows' }).click()
    await expect(demo.total()).toHaveText('Total: 24')

    // The Definition pane's neighbour: the table's own Diagram pane (its parents and children).
    await demo.root.getByRole('tab', { name: 'Diagram' }).click()
    const neighbourhood = demo.root.getByRole('region', { name: /^Diagram of lab\.subject/ })
    await expect(neighbourhood).toHaveAttribute('data-diagram-state', 'ready', { timeout: 30_000 })
    await expect(neighbourhood.getByRole('button', { name: 'Session (Manual table)' })).toBeVisible()
    expect(problems).toEqual([])

    // The dark theme: DataJoint's dark palette.
    const dark = await browser.newPage({ viewport: { width: 1024, height: 700 }, colorScheme: 'dark' })
    await dark.goto(server.url)
    const darkDemo = new JoineryApp(dark).pane('Demo lab')
    // 1024 px wide, with the table of the first page open again (the session): the tree is a drawer from its rail.
    await darkDemo.root.getByRole('toolbar', { name: 'Schema tree' }).getByRole('button', { name: /Show the schema tree/ }).click({ timeout: 60_000 })
    await expect(darkDemo.table('Subject')).toBeVisible({ timeout: 60_000 })
    await darkDemo.tree.getByRole('button', { name: 'Diagram of lab' }).click()
    const darkLab = darkDemo.root.getByRole('region', { name: 'Diagram of lab' })
    await expect(darkLab).toHaveAttribute('data-diagram-state', 'ready', { timeout: 30_000 })
    await expect(darkLab.getByRole('button', { name: 'Subject (Manual table)' }).locator('.dj-node')).toHaveCSS('background-color', 'rgb(22, 40, 31)')
    await dark.screenshot({ path: new URL('./screenshots/diagram-5-dark-1024.png', import.meta.url).pathname })
    await dark.close()
  })
})
