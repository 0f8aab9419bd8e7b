// Journey: big tables, wide tables, and a table dropped while open. On PostgreSQL, a table of 150,000 rows (above
// the size at which the total is the server's estimate): its last page is read backwards from the end, before and
// after the count; "Count exactly" shows its progress and can be cancelled (the table is locked meanwhile);
// scrolling down with the keyboard runs on into the next page; the columns can be pinned, hidden and reordered,
// and that is remembered after a reload; a table dropped by another client while open says so, and a refresh
// shows the schema as it is now.
import type { Locator, Page } from '@playwright/test'
import { expect as baseExpect, startJoinery, test, type RunningJoinery } from './fixtures'
import type { BrowserPane } from './pages/browser-pane'
import { JoineryApp } from './pages/joinery-app'
import { connect, LOCAL_POSTGRES, uniqueName } from './pages/lab-schema'
import { fillRows, ROWS_DEFINITION } from './pages/rows-schema'
import type * as dj from '../src/index'

// Generous waits: the journey reads a 150,000-row table on a machine shared with other test runs.
const expect = baseExpect.configure({ timeout: 30_000 })
const ROWS = 150_000
const TITLE = 'Big tables PG'

/** The header names of the grid, in order (the "#" corner left out). */
async function headerNames(pane: BrowserPane): Promise<string[]> {
  const texts = await pane.grid.getByRole('row').first().getByRole('columnheader').allInnerTexts()
  return texts.slice(1).map((text) => text.split('\n')[0]?.trim() ?? '')
}

/** The gutter numbers of the rows in view. */
function rowNumbers(pane: BrowserPane): Locator {
  return pane.grid.getByRole('rowheader')
}

async function openTable(pane: BrowserPane, label: string): Promise<void> {
  await pane.table(label).click()
  await expect(pane.root.getByRole('heading', { level: 1, name: label })).toBeVisible()
  await expect(pane.grid.getByRole('row').nth(2)).toBeVisible()
}

async function shoot(app: JoineryApp, page: Page, name: string): Promise<void> {
  await app.screenshot(`${name}-1440`)
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await app.screenshot(`${name}-1024-dark`)
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize({ width: 1440, height: 900 })
}

test.describe('big tables', () => {
  const schemaName = uniqueName('e2e_big')
  let admin: dj.Instance
  let server: RunningJoinery
  let scratchTable = ''
  /** Ends the test's lock transaction (also when the test failed midway). */
  let release = (): void => undefined

  test.beforeAll(async () => {
    test.setTimeout(180_000)
    admin = connect(LOCAL_POSTGRES)
    await admin.connect()
    const schema = await admin.schema(schemaName)
    const reading = await schema.manual('Reading', ROWS_DEFINITION)
    await fillRows(admin, 'postgresql', schemaName, reading.tableName, ROWS)
    // The statistics the estimate comes from (a fresh load has none).
    await admin.run({ sql: `ANALYZE "${schemaName}"."${reading.tableName}"`, params: [] })
    const scratch = await schema.manual('Scratch', 'scratch_id : int32\n---\nnote : varchar(20)')
    await scratch.insert([{ scratch_id: 1, note: 'soon gone' }])
    scratchTable = scratch.tableName
    // Fresh app state of its own: the reload must bring back this test's tab and table.
    server = await startJoinery()
  })

  test.afterAll(async () => {
    release()
    await server?.stop()
    await (await admin?.schema(schemaName, { create: false }))?.drop({ prompt: false })
    await admin?.close()
  })

  test('count exactly, the last page, continuous scrolling, columns remembered, a dropped table', async ({ page }) => {
    test.setTimeout(420_000)
    await page.setViewportSize({ width: 1440, height: 900 })
    const app = new JoineryApp(page)
    await app.goto(server.url)
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
    const dialog = await app.openNewConnection()
    await dialog.startNew()
    await dialog.fill({ name: TITLE, backend: 'postgresql', user: 'postgres' })
    await dialog.saveAndConnect()
    const pane = app.pane(TITLE)
    await pane.search.fill(schemaName)
    await openTable(pane, 'Reading')
    await expect(pane.total()).toHaveText(/^≈ [\d,]+ rows$/)
    const countButton = pane.root.getByRole('button', { name: 'Count exactly' })
    await expect(countButton).toBeVisible()

    // The last page while the total is an estimate: read from the end, its rows numbered from the end.
    await pane.root.getByRole('button', { name: 'Last page' }).click()
    await expect(pane.root.getByText('Last page', { exact: true })).toBeVisible()
    await expect(pane.root.getByText('Rows −100 … −1 (counted from the end)')).toBeVisible()
    await expect(pane.root.getByRole('button', { name: 'Next page' })).toBeDisabled()
    await pane.grid.focus()
    await page.keyboard.press('Control+End')
    await expect(rowNumbers(pane).last()).toHaveText('−1')
    expect(await pane.columnValues('id')).toContain(String(ROWS))
    await pane.root.getByRole('button', { name: 'Previous page' }).click()
    await expect(pane.root.getByText('Page 2 from the end')).toBeVisible()
    await expect(pane.root.getByText('Rows −200 … −101 (counted from the end)')).toBeVisible()

    // Scrolling on with the keyboard runs into the next page, which is fetched ahead: no "Next page" needed.
    await pane.root.getByRole('button', { name: 'First page' }).click()
    await expect(pane.rowsLabel()).toHaveText('Rows 1–100')
    await (await pane.cell(0, 'label')).click()
    const focusedNumber = async (): Promise<number> =>
      Number((await pane.grid.locator('[role="row"]:has(.is-focused) [role="rowheader"]').innerText()).replace(/,/g, ''))
    // Each press moves a screenful; the next page arrives while the first is still being read.
    await expect(async () => {
      await page.keyboard.press('PageDown')
      expect(await focusedNumber()).toBeGreaterThan(100)
    }).toPass({ timeout: 90_000 })
    await expect(pane.rowsLabel()).toHaveText(/^Rows 1–(200|300)$/)
    const focusedRow = await focusedNumber()
    await expect(pane.grid.locator('[role="row"]:has(.is-focused) [role="gridcell"]').first()).toHaveText(String(focusedRow))
    await expect(pane.root.getByText(/^Page [12] of ≈ [\d,]+$/)).toBeVisible()

    // Count exactly, with the table locked: the time so far and Cancel; then again, unlocked, to the end.
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    const locked = new Promise<void>((resolve, reject) => {
      admin
        .transaction(async () => {
          await admin.run({ sql: `LOCK TABLE "${schemaName}"."reading" IN ACCESS EXCLUSIVE MODE`, params: [] })
          resolve()
          await released
        })
        .catch(reject)
    })
    await locked
    await countButton.click()
    const counting = pane.root.getByRole('status', { name: 'Exact count' })
    await expect(counting).toContainText(/Counting exactly… [\d.]+ (ms|s)/)
    await expect(counting.getByRole('progressbar', { name: 'Counting progress' })).toBeVisible()
    await expect(counting).toContainText(/Counting exactly… [\d.]+ s/)
    await shoot(app, page, 'big-1-counting')
    await counting.getByRole('button', { name: 'Cancel the count' }).click()
    await expect(pane.root.getByText('Count cancelled.')).toBeVisible()
    await expect(pane.total()).toHaveText(/^≈ [\d,]+ rows$/)
    release()
    await countButton.click()
    await expect(pane.total()).toHaveText(`Total: ${ROWS.toLocaleString('en-US')}`)

    // With the exact total, the last page has its numbers from the start.
    await pane.root.getByRole('button', { name: 'Last page' }).click()
    await expect(pane.rowsLabel()).toHaveText(`Rows ${(ROWS - 99).toLocaleString('en-US')}–${ROWS.toLocaleString('en-US')}`)
    await expect(pane.root.getByText(`Page 1,500 of 1,500`)).toBeVisible()
    await shoot(app, page, 'big-2-last-page')

    // Columns: the key pinned, `label` hidden, `created` moved before `value`; remembered after a reload.
    await pane.root.getByRole('button', { name: 'First page' }).click()
    await pane.grid.getByRole('button', { name: 'Columns' }).click()
    const columns = pane.root.getByRole('dialog', { name: 'Columns of Reading' })
    await columns.getByRole('button', { name: 'Pin key columns' }).click()
    await columns.getByRole('checkbox', { name: 'Show label' }).uncheck()
    await columns.getByRole('button', { name: 'Move created up' }).click()
    await expect(columns.getByRole('button', { name: 'Unpin id' })).toHaveAttribute('aria-pressed', 'true')
    await shoot(app, page, 'big-3-columns')
    await page.keyboard.press('Escape')
    await expect(columns).toHaveCount(0)
    expect(await headerNames(pane)).toEqual(['id', 'created', 'value'])
    await expect(pane.columnHeader('id')).toHaveCSS('position', 'sticky')

    await page.reload()
    await expect(pane.root.getByRole('heading', { level: 1, name: 'Reading' })).toBeVisible({ timeout: 60_000 })
    await expect(pane.grid.getByRole('row').nth(2)).toBeVisible()
    expect(await headerNames(pane)).toEqual(['id', 'created', 'value'])
    await pane.grid.getByRole('button', { name: 'Columns' }).click()
    await expect(columns.getByRole('button', { name: 'Unpin id' })).toHaveAttribute('aria-pressed', 'true')
    await expect(columns.getByRole('checkbox', { name: 'Show label' })).not.toBeChecked()
    await columns.getByRole('button', { name: 'Reset columns' }).click()
    await page.keyboard.press('Escape')
    expect(await headerNames(pane)).toEqual(['id', 'label', 'value', 'created'])

    // A table dropped by another client while it is open: the pane says so, and a refresh shows the schema now.
    await pane.search.fill(schemaName)
    await openTable(pane, 'Scratch')
    await admin.run({ sql: `DROP TABLE "${schemaName}"."${scratchTable}"`, params: [] })
    await pane.toolbar.getByRole('button', { name: 'Reload rows' }).click()
    const gone = pane.root.getByRole('alert', { name: 'Table dropped' })
    await expect(gone).toContainText('Scratch no longer exists.')
    await expect(gone).toContainText(`${schemaName}.${scratchTable} was dropped while it was open here`)
    await expect(pane.root.getByText('MISSING_TABLE')).toHaveCount(0)
    await shoot(app, page, 'big-4-dropped')
    await gone.getByRole('button', { name: 'Refresh schemas' }).click()
    await expect(pane.table('Scratch')).toHaveCount(0)
    await expect(pane.table('Reading')).toBeVisible()
    await expect(pane.root.getByRole('alert', { name: 'Table dropped' })).toContainText('This table no longer exists.')
    await app.closeTab(TITLE)
  })
})
