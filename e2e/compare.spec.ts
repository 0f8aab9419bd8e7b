// Comparing two servers: a PostgreSQL tab and a MariaDB tab, one schema of the same name on each (declared here by
// the engine, dropped after): the schema diff with a changed attribute type and its side-by-side definitions, a data
// compare with rows only left, only right and changed, exported (CSV and JSON, written by the main process), both
// sides aligned row for row, then rows copied across (preview, confirmation) until the compare, restricted alike on
// both sides, is clean; last, a table longer than a page of the side-by-side view, read page by page by key.
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { connect, LOCAL_MARIADB, LOCAL_POSTGRES, uniqueName } from './pages/lab-schema'
import { JoineryApp } from './pages/joinery-app'
import type * as dj from '../src/index'

const SUBJECT = 'subject_id : int32\n---\nname : varchar(32)\nweight : float64'
const ROWS = [
  { subject_id: 1, name: 'ann', weight: 20.5 },
  { subject_id: 2, name: 'bob', weight: 21 },
  { subject_id: 3, name: 'cat', weight: 22 },
  { subject_id: 4, name: 'dan', weight: 23.25 },
]

test.describe('compare two servers', () => {
  const name = uniqueName('e2e_cmp')
  const instances: dj.Instance[] = []

  test.beforeAll(async () => {
    for (const [i, login] of [LOCAL_POSTGRES, LOCAL_MARIADB].entries()) {
      const instance = connect(login)
      await instance.connect()
      instances.push(instance)
      const schema = await instance.schema(name)
      const Subject = await schema.manual('Subject', SUBJECT)
      // MariaDB: no subject 1, subject 3 renamed, a subject 5 of its own; Probe's gain is float64 there.
      await Subject.insert(
        i === 0 ? ROWS : [...ROWS.filter((r) => r.subject_id !== 1).map((r) => (r.subject_id === 3 ? { ...r, name: 'kit' } : r)), { subject_id: 5, name: 'eve', weight: 24 }],
      )
      await schema.manual('Probe', `# Recording probes\nprobe : varchar(16)\n---\ngain : ${i === 0 ? 'float32' : 'float64'}\nmodel : varchar(32)`)
      // More rows than a page of the side-by-side view; reading 130 differs on MariaDB.
      const Reading = await schema.manual('Reading', 'reading_id : int32\n---\nvalue : varchar(16)')
      await Reading.insert(Array.from({ length: 150 }, (_, r) => ({ reading_id: r + 1, value: i === 1 && r + 1 === 130 ? 'changed' : `v${r + 1}` })))
    }
  })

  test.afterAll(async () => {
    for (const instance of instances) {
      if ((await instance.listSchemas()).includes(name)) await (await instance.schema(name, { create: false })).drop({ prompt: false })
      await instance.close()
    }
  })

  /** The view at 1440 × 900 and 1024 × 700, light and dark; back to 1440 × 900 light after. */
  async function shoot(page: Page, app: JoineryApp, shot: string): Promise<void> {
    for (const [width, height] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width, height })
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme })
        await app.screenshot(`${shot}-${width}-${scheme}`)
      }
    }
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize({ width: 1440, height: 900 })
  }

  test('schema diff, data diff, side by side, copy across and a clean diff', async ({ page, joinery }) => {
    test.setTimeout(420_000)
    await page.setViewportSize({ width: 1440, height: 900 })
    const app = new JoineryApp(page)
    await app.goto(joinery.url)
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
    // The Demo lab seeds its database at a first start: connecting meanwhile can outlast the dialog's wait on a busy machine.
    await expect(app.tab('Demo lab')).toHaveAccessibleName(/connected/, { timeout: 120_000 })

    const dialog = await app.openNewConnection()
    await dialog.fill({ name: 'Compare PostgreSQL', backend: 'postgresql', user: 'postgres' })
    await dialog.saveAndConnect()
    await expect(app.tab('Compare PostgreSQL')).toHaveAccessibleName(/connected/)
    await app.openNewConnection()
    await dialog.startNew()
    await dialog.fill({ name: 'Compare MariaDB', backend: 'mysql', user: 'root' })
    await dialog.saveAndConnect()
    await expect(app.tab('Compare MariaDB')).toHaveAccessibleName(/connected/)

    // Open the Compare view from the palette, then pick the two connections and the schema (proposed on the right).
    await page.keyboard.press('Control+Shift+P')
    await page.getByRole('option', { name: /Compare two schemas/ }).click()
    const compare = page.getByRole('region', { name: 'Compare', exact: true })
    await expect(compare).toBeVisible()
    const pick = async (label: string, text: string) => {
      const select = compare.getByRole('combobox', { name: label })
      const value = await select.locator('option', { hasText: text }).first().getAttribute('value')
      await select.selectOption(value ?? '')
    }
    await pick('Left connection', 'Compare PostgreSQL')
    await pick('Right connection', 'Compare MariaDB')
    await expect(compare.getByRole('combobox', { name: 'Left schema' }).locator('option', { hasText: name })).toHaveCount(1)
    await compare.getByRole('combobox', { name: 'Left schema' }).selectOption(name)
    await expect(compare.getByRole('combobox', { name: 'Right schema' })).toHaveValue(name)

    // The schema diff: Probe differs by its attribute's type; both tables' row counts side by side.
    const tables = compare.getByRole('table', { name: 'Tables' })
    await expect(tables.getByRole('button', { name: 'Probe, differs' })).toBeVisible({ timeout: 30_000 })
    await expect(tables.getByRole('row', { name: /Subject/ })).toContainText('44')
    await tables.getByRole('button', { name: 'Probe, differs' }).click()
    const differences = compare.getByRole('table', { name: 'Schema differences' })
    await expect(differences.getByRole('row', { name: /Attribute gain: type/ })).toContainText('float32')
    await expect(differences.getByRole('row', { name: /Attribute gain: type/ })).toContainText('float64')
    await shoot(page, app, 'compare-1-schema-diff')

    await compare.getByRole('tab', { name: 'Definition' }).click()
    const definitions = compare.getByRole('table', { name: 'Definitions side by side' })
    await expect(definitions.getByRole('cell', { name: /^only left gain\s+: float32/ })).toBeVisible()
    await expect(definitions.getByRole('cell', { name: /^only right gain\s+: float64/ })).toBeVisible()
    await shoot(page, app, 'compare-2-definition-diff')

    // The data compare of Subject: one row of each kind, the changed cell marked on both sides.
    await tables.getByRole('button', { name: 'Subject, same' }).click()
    await compare.getByRole('tab', { name: 'Data' }).click()
    await compare.getByRole('button', { name: 'Compare rows' }).click()
    const kinds = compare.getByRole('tablist', { name: 'Kinds of difference' })
    await expect(kinds.getByRole('tab', { name: /Only left 1/ })).toBeVisible({ timeout: 30_000 })
    await expect(kinds.getByRole('tab', { name: /Only right 1/ })).toBeVisible()
    await expect(kinds.getByRole('tab', { name: /Changed 1/ })).toBeVisible()
    await expect(compare.getByRole('region', { name: /^Left:/ }).getByRole('row', { name: /^1/ })).toContainText('ann')
    await kinds.getByRole('tab', { name: /Changed 1/ }).click()
    await expect(compare.getByRole('region', { name: /^Left:/ }).getByLabel('name differs: cat')).toBeVisible()
    await expect(compare.getByRole('region', { name: /^Right:/ }).getByLabel('name differs: kit')).toBeVisible()
    await shoot(page, app, 'compare-3-data-diff')

    // Exports of the differences, written by the main process (a download in browser mode): full values, a line per side.
    const csv = page.waitForEvent('download')
    await compare.getByRole('button', { name: 'Export CSV' }).click()
    const csvFile = await csv
    expect(csvFile.suggestedFilename()).toMatch(/^subject-differences-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(readFileSync(await csvFile.path(), 'utf8').split('\r\n')).toEqual([
      'difference,side,changed,subject_id,name,weight',
      'only left,left,"",1,ann,20.5',
      'only right,right,"",5,eve,24',
      'changed,left,name,3,cat,22',
      'changed,right,name,3,kit,22',
      '',
    ])
    await expect(compare.getByRole('status').filter({ hasText: /Exported 3 rows to subject-differences-.*\.csv/ })).toBeVisible()
    await shoot(page, app, 'compare-3b-exported')
    const json = page.waitForEvent('download')
    await compare.getByRole('button', { name: 'Export JSON' }).click()
    expect(JSON.parse(readFileSync(await (await json).path(), 'utf8'))).toEqual({
      onlyLeft: [{ key: { subject_id: 1 }, left: { subject_id: 1, name: 'ann', weight: 20.5 }, right: null, changed: [] }],
      onlyRight: [{ key: { subject_id: 5 }, left: null, right: { subject_id: 5, name: 'eve', weight: 24 }, changed: [] }],
      changed: [{ key: { subject_id: 3 }, left: { subject_id: 3, name: 'cat', weight: 22 }, right: { subject_id: 3, name: 'kit', weight: 22 }, changed: ['name'] }],
    })
    await compare.getByRole('button', { name: 'Dismiss' }).click()

    // Both sides row for row, scrolling together: subject 1 only left, 5 only right, 3's name marked.
    await compare.getByRole('tab', { name: 'Side by side' }).click()
    const left = compare.getByRole('region', { name: /^Left:/ })
    const right = compare.getByRole('region', { name: /^Right:/ })
    await expect(right.getByRole('row', { name: '1 (not on this side)' })).toBeVisible()
    await expect(left.getByRole('row', { name: '5 (not on this side)' })).toBeVisible()
    await expect(left.getByLabel('name differs: cat')).toBeVisible()
    await shoot(page, app, 'compare-4-side-by-side')

    // Copy across, restricted alike on both sides to leave the renamed subject aside.
    await compare.getByRole('tab', { name: 'Data' }).click()
    await compare.getByRole('textbox', { name: 'Restriction on both sides' }).fill('subject_id != 3')
    await compare.getByRole('button', { name: 'Compare rows' }).click()
    await expect(kinds.getByRole('tab', { name: /Changed 0/ })).toBeVisible({ timeout: 30_000 })
    await kinds.getByRole('tab', { name: /Only left 1/ }).click()
    await compare.getByRole('button', { name: 'Copy all 1 to the right' }).click()
    const copy = page.getByRole('dialog', { name: 'Copy to the other side' })
    await expect(copy.getByRole('table', { name: 'What would be copied' })).toContainText(`${name}.subject`, { timeout: 30_000 })
    await shoot(page, app, 'compare-5-copy-preview')
    await copy.getByRole('button', { name: 'Copy 1 row' }).click()
    await expect(copy.getByRole('status')).toHaveText(/Copied 1 row to Compare MariaDB/, { timeout: 60_000 })
    await copy.getByRole('button', { name: 'Done' }).click()
    await expect(kinds.getByRole('tab', { name: /Only left 0/ })).toBeVisible({ timeout: 30_000 })

    await kinds.getByRole('tab', { name: /Only right 1/ }).click()
    await compare.getByRole('checkbox', { name: 'Select row 5' }).check()
    await compare.getByRole('button', { name: 'Copy 1 to the left' }).click()
    await expect(copy.getByRole('table', { name: 'What would be copied' })).toBeVisible({ timeout: 30_000 })
    await copy.getByRole('button', { name: 'Copy 1 row' }).click()
    await expect(copy.getByRole('status')).toHaveText(/Copied 1 row to Compare PostgreSQL/, { timeout: 60_000 })
    await copy.getByRole('button', { name: 'Done' }).click()
    await expect(kinds.getByRole('tab', { name: /Only right 0/ })).toBeVisible({ timeout: 30_000 })
    await expect(kinds.getByRole('tab', { name: /Only left 0/ })).toBeVisible()
    await expect(kinds.getByRole('tab', { name: /Changed 0/ })).toBeVisible()
    await expect(compare.getByRole('status').filter({ hasText: 'No differences: both sides hold the same 4 rows (restricted alike).' })).toBeVisible()
    // The schema diff's row counts follow the copies.
    await expect(tables.getByRole('row', { name: /Subject/ })).toContainText('55', { timeout: 30_000 })
    await shoot(page, app, 'compare-6-clean')

    expect(await instances[0]?.run({ sql: `SELECT count(*) FROM "${name}"."subject"`, params: [] })).toMatchObject({ rows: [[5]] })

    // Beyond the first page of the side-by-side view: the next page is read after the last key of each side.
    await tables.getByRole('button', { name: 'Reading, same' }).click()
    await compare.getByRole('tab', { name: 'Side by side' }).click()
    const aligned = compare.getByRole('region', { name: 'Side by side' })
    await expect(aligned.getByText(/^Rows 1–100 by primary key · 0 of them differ on this page$/)).toBeVisible({ timeout: 30_000 })
    await aligned.getByRole('button', { name: 'Next page' }).click()
    await expect(aligned.getByText(/^Rows 101–150 by primary key · 1 of them differ on this page$/)).toBeVisible({ timeout: 30_000 })
    await expect(aligned.getByRole('region', { name: /^Left:/ }).getByLabel('value differs: v130')).toBeVisible()
    await expect(aligned.getByRole('region', { name: /^Right:/ }).getByLabel('value differs: changed')).toBeVisible()
    await expect(aligned.getByRole('region', { name: /^Left:/ }).getByRole('row', { name: '150' })).toBeAttached()
    await aligned.getByRole('region', { name: /^Left:/ }).getByRole('row', { name: '130' }).scrollIntoViewIfNeeded()
    await shoot(page, app, 'compare-7-side-by-side-page-2')
    await aligned.getByRole('button', { name: 'Previous page' }).click()
    await expect(aligned.getByText(/^Rows 1–100 by primary key/)).toBeVisible()

    await compare.getByRole('button', { name: 'Close the comparison' }).click()
    await expect(compare).toHaveCount(0)
    await app.closeTab('Compare MariaDB')
    await app.closeTab('Compare PostgreSQL')
  })
})
