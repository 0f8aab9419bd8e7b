// Journey 1: a fresh start opens the Demo lab; browse its tree, open a table, sort, page, filter, copy,
// export, and open a decoded blob.
import { readFileSync } from 'node:fs'
import { expect, startJoinery, test, type RunningJoinery } from './fixtures'
import type { BrowserPane } from './pages/browser-pane'
import { JoineryApp } from './pages/joinery-app'

test.describe('a fresh start shows the Demo lab', () => {
  let server: RunningJoinery

  test.beforeAll(async () => {
    // A server of its own: an empty data folder, so this really is a first start.
    server = await startJoinery()
  })

  test.afterAll(async () => {
    await server.stop()
  })

  test('tree, table, sort, page, filter, copy, export and a blob cell', async ({ page, context }) => {
    test.setTimeout(180_000)
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin })
    const app = new JoineryApp(page)
    await app.goto(server.url)

    // The Demo lab tab is open, connected, with its tree.
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
    const demo: BrowserPane = app.pane('Demo lab')
    await expect(demo.table('Subject')).toBeVisible({ timeout: 60_000 })
    await expect(demo.table('Recording')).toBeVisible()
    // Part tables sit under their masters; row counts arrive lazily.
    await expect(demo.table('Trial')).toHaveAttribute('aria-level', '3')
    await expect(demo.table('Subject')).toContainText('24')
    await app.screenshot('demo-1-tree')

    // Ctrl/Cmd+K searches the tree; Enter opens the first match.
    await page.keyboard.press('Control+k')
    await expect(demo.search).toBeFocused()
    await page.keyboard.type('stim')
    await expect(demo.table('StimulusType')).toBeVisible()
    await expect(demo.table('Subject')).toHaveCount(0)
    await page.keyboard.press('Enter')
    await expect(demo.root.getByRole('heading', { level: 1, name: 'StimulusType' })).toBeVisible()
    await expect(demo.total()).toHaveText('Total: 6')
    await demo.search.press('Escape')
    await expect(demo.table('Subject')).toBeVisible()

    // Open a table: header with tier, total, rows.
    await demo.openTable('Subject')
    await expect(demo.total()).toHaveText('Total: 24')
    await expect(demo.columnHeader('subject_id')).toContainText('int32')
    await app.screenshot('demo-2-subject')

    // The table's toolbar keeps every action on one line, each with its name, from a wide window to a narrow pane:
    // labels give way to icons as the pane narrows.
    const buttons = ['Insert row', 'Import CSV', 'Edit row', 'Delete rows', 'Copy', 'Preview delete', 'Referenced by', 'Export CSV', 'Export JSON', 'Reload rows']
    for (const [width, height] of [[1440, 900], [1280, 720], [1024, 700], [620, 700]] as const) {
      await page.setViewportSize({ width, height })
      for (const name of buttons) await expect(demo.toolbar.getByRole('button', { name, exact: true })).toBeVisible()
      const fits = await demo.toolbar.evaluate((bar) => bar.scrollWidth <= bar.clientWidth && bar.clientHeight < 48)
      expect(fits, `the toolbar fits on one line at ${width} × ${height}`).toBe(true)
    }
    await page.setViewportSize({ width: 1440, height: 900 })

    // Sort by weight, descending (second click); the server sorts, NULLs included.
    await demo.sortBy('weight_g')
    await expect(demo.columnHeader('weight_g')).toHaveAttribute('aria-sort', 'ascending')
    await demo.sortBy('weight_g')
    await expect(demo.columnHeader('weight_g')).toHaveAttribute('aria-sort', 'descending')
    await expect(async () => {
      const weights = (await demo.columnValues('weight_g')).filter((w) => w !== 'NULL').map(Number)
      expect(weights.length).toBeGreaterThan(5)
      expect(weights).toEqual([...weights].sort((a, b) => b - a))
    }).toPass()
    await app.screenshot('demo-3-sorted')

    // Copy a rectangle of cells as TSV.
    const firstRow = demo.grid.getByRole('row').nth(2)
    await firstRow.getByRole('gridcell').nth(0).click()
    await demo.grid.getByRole('row').nth(3).getByRole('gridcell').nth(1).click({ modifiers: ['Shift'] })
    await expect(demo.root.getByText('4 cells selected')).toBeVisible()
    await page.keyboard.press('Control+c')
    const copied = await page.evaluate<string>('navigator.clipboard.readText()')
    expect(copied.split('\n')).toHaveLength(2)
    expect(copied.split('\n')[0]?.split('\t')).toHaveLength(2)

    // Paging on a bigger table: 1,681 trials in pages of 100.
    await demo.openTable('Trial')
    await expect(demo.total()).toHaveText('Total: 1,681')
    await expect(demo.rowsLabel()).toHaveText('Rows 1–100')
    await demo.nextPage()
    await expect(demo.rowsLabel()).toHaveText('Rows 101–200')
    await expect(demo.root.getByText('Page 2 of 17')).toBeVisible()
    await demo.setPageSize(250)
    await expect(demo.rowsLabel()).toHaveText('Rows 1–250')
    await app.screenshot('demo-4-paged')

    // Filters become restrictions: one valid, one invalid (shown inline, never sent).
    await demo.filter('outcome').fill("= 'hit'")
    await expect(demo.total()).not.toHaveText('Total: 1,681')
    const hits = await demo.total().innerText()
    await expect(async () => {
      const outcomes = await demo.columnValues('outcome')
      expect(new Set(outcomes)).toEqual(new Set(['hit']))
    }).toPass()
    await demo.filter('contrast').fill('> 0.5 and (')
    const error = demo.grid.getByRole('alert')
    await expect(error).toContainText('Expected a number, got "0.5 and ("')
    await expect(demo.filter('contrast')).toHaveAttribute('aria-invalid', 'true')
    await expect(demo.total()).toHaveText(hits)
    await app.screenshot('demo-5-filter-error')
    await demo.filter('contrast').fill('>= 0.5')
    await expect(demo.filter('contrast')).toHaveAttribute('aria-invalid', 'false')
    await expect(demo.total()).not.toHaveText(hits)

    // Export the filtered, sorted view as CSV.
    const download = page.waitForEvent('download')
    await demo.toolbar.getByRole('button', { name: 'Export CSV' }).click()
    const file = await (await download).path()
    const csv = readFileSync(file, 'utf8').trimEnd().split('\r\n')
    const total = Number((await demo.total().innerText()).replace(/\D/g, ''))
    expect(csv[0]).toBe('subject_id,session_idx,trial_idx,stimulus_onset_s,contrast,outcome,reaction_ms')
    expect(csv).toHaveLength(total + 1)
    expect(csv.slice(1).every((line) => line.includes(',hit,'))).toBe(true)
    await expect(demo.root.getByText(/Exported [\d,]+ rows/)).toBeVisible()

    // A decoded blob: the waveform of a unit, plotted.
    await demo.openTable('Unit')
    await demo.grid.getByRole('button', { name: 'Open blob value of waveform' }).first().click()
    const viewer = page.getByRole('dialog', { name: /waveform/ })
    await expect(viewer).toBeVisible()
    await expect(viewer.getByRole('img', { name: /Plot of list/ })).toBeVisible()
    await expect(viewer.getByRole('tree', { name: 'Value of waveform' })).toBeVisible()
    await app.screenshot('demo-6-blob')
    await page.keyboard.press('Escape')
    await expect(viewer).toHaveCount(0)

    // JSON cells open as a tree; the Definition pane shows describe() and the heading.
    await demo.openTable('Session')
    await demo.grid.getByRole('button', { name: 'Open JSON value of metadata' }).first().click({ force: true })
    await expect(page.getByRole('dialog', { name: /metadata/ }).getByRole('treeitem').first()).toBeVisible()
    await page.keyboard.press('Escape')
    await demo.showDefinition()
    await expect(demo.root.getByLabel('Table definition')).toContainText('-> Subject')
    await expect(demo.root.getByRole('table')).toContainText('session_idx')
    await app.screenshot('demo-7-definition')

    // The dark theme, once, for a person to look at.
    await page.emulateMedia({ colorScheme: 'dark' })
    await demo.showData()
    await app.screenshot('demo-8-dark')
    await page.emulateMedia({ colorScheme: 'light' })

    // Reset demo rebuilds the lab and opens it again.
    await demo.root.getByRole('button', { name: 'Reset demo' }).click()
    await expect(page.getByText('Resetting the demo lab…')).toBeVisible()
    await app.screenshot('demo-9-resetting')
    const fresh = app.pane('Demo lab')
    await expect(fresh.table('Subject')).toBeVisible({ timeout: 90_000 })
    await fresh.openTable('Subject')
    await expect(fresh.total()).toHaveText('Total: 24')
    expect(problems).toEqual([])
  })
})
