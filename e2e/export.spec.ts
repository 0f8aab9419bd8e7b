// Journey: export streamed from the server in browser mode. On PostgreSQL, a table with a `<blob>`, bytes and a
// nullable note: "Export JSON" downloads the full decoded blob and the bytes (not the grid's previews), "Export CSV"
// keeps NULL and "" apart and follows the view's restriction and sort; a big table's export shows its progress and
// is cancelled (the download fails, the bar says so).
import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'
import { connect, LOCAL_POSTGRES, uniqueName } from './pages/lab-schema'
import { JoineryApp } from './pages/joinery-app'
import type { BlobNdarray } from '../src/index'

const TRACE: BlobNdarray = { __blob__: 'ndarray', dtype: 'float64', shape: [2000], data: Array.from({ length: 2000 }, (_, i) => Math.sin(i / 9)) }
const RAW = Uint8Array.from({ length: 600 }, (_, i) => (i * 7) % 256)
const BIG_ROWS = 300_000

test.describe('export streamed from the server', () => {
  const name = uniqueName('e2e_export_pg')
  const instance = connect(LOCAL_POSTGRES)

  test.beforeAll(async () => {
    await instance.connect()
    const schema = await instance.schema(name)
    const Probe = await schema.manual('Probe', 'probe_id : int32\n---\nnote = null : varchar(20)\ntrace = null : <blob>\nraw = null : bytes')
    await Probe.insert([
      { probe_id: 1, note: 'first', trace: TRACE, raw: RAW },
      { probe_id: 2, note: '', trace: null, raw: null },
      { probe_id: 3, note: null, trace: [1, 'two'], raw: new Uint8Array([]) },
    ])
    const Sample = await schema.manual('Sample', 'sample_id : int64\n---\npayload : bytes')
    await instance.run({
      sql: `INSERT INTO "${name}"."${Sample.tableName}" (sample_id, payload) SELECT g, decode(repeat('ab', 200), 'hex') FROM generate_series(1, ${BIG_ROWS}) g`,
      params: [],
    })
  })

  test.afterAll(async () => {
    try {
      await (await instance.schema(name, { create: false })).drop({ prompt: false })
    } finally {
      await instance.close()
    }
  })

  test('full values downloaded as JSON and CSV; a big export shown in progress and cancelled', async ({ page, joinery }) => {
    test.setTimeout(240_000)
    await page.setViewportSize({ width: 1440, height: 900 })
    const app = new JoineryApp(page)
    await app.goto(joinery.url)
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
    const dialog = await app.openNewConnection()
    await dialog.fill({ name: 'Export PostgreSQL', backend: 'postgresql', user: 'postgres' })
    await dialog.saveAndConnect()
    const pane = app.pane('Export PostgreSQL')
    await pane.search.fill(name)
    await pane.openTable('Probe')
    await expect(pane.total()).toHaveText('Total: 3')

    // JSON: the blob decoded in full and the bytes as base64, where the grid shows previews.
    const jsonDownload = page.waitForEvent('download')
    await pane.toolbar.getByRole('button', { name: 'Export JSON' }).click()
    const json = await jsonDownload
    expect(json.suggestedFilename()).toMatch(/^probe-\d{4}-\d{2}-\d{2}\.json$/)
    const rows = JSON.parse(readFileSync(await json.path(), 'utf8')) as Record<string, unknown>[]
    expect(rows).toEqual([
      { probe_id: 1, note: 'first', trace: TRACE, raw: Buffer.from(RAW).toString('base64') },
      { probe_id: 2, note: '', trace: null, raw: null },
      { probe_id: 3, note: null, trace: [1, 'two'], raw: '' },
    ])
    await expect(pane.root.getByRole('status').filter({ hasText: /Exported 3 rows to/ })).toBeVisible()

    // CSV of the view sorted by note, descending: NULL an empty field, "" a quoted one.
    await pane.sortBy('note')
    await pane.sortBy('note')
    const csvDownload = page.waitForEvent('download')
    await pane.toolbar.getByRole('button', { name: 'Export CSV' }).click()
    const csv = readFileSync(await (await csvDownload).path(), 'utf8').split('\r\n')
    expect(csv[0]).toBe('probe_id,note,trace,raw')
    expect(csv.slice(1, 4).map((line) => line.split(',')[0])).toEqual(['3', '1', '2'])
    expect(csv.find((line) => line.startsWith('2,'))).toBe('2,"",,')
    expect(csv.find((line) => line.startsWith('3,'))).toBe('3,,"[1,""two""]",""')
    expect(csv.find((line) => line.startsWith('1,'))).toContain(Buffer.from(RAW).toString('base64'))
    await app.screenshot('export-1-done')

    // A big table: progress while the server streams it, then cancel: the download fails, the bar says so.
    await pane.openTable('Sample')
    const cancelledDownload = page.waitForEvent('download')
    await pane.toolbar.getByRole('button', { name: 'Export CSV' }).click()
    await expect(pane.root.getByRole('progressbar', { name: 'Export progress' })).toBeVisible()
    const exporting = pane.root.getByRole('status').filter({ hasText: /Exporting CSV to sample-.*\.csv… [1-9][\d,]* of 300,000 rows/ })
    await expect(exporting).toBeVisible({ timeout: 30_000 })
    await app.screenshot('export-2-progress')
    await pane.root.getByRole('button', { name: 'Cancel export' }).click()
    await expect(pane.root.getByRole('status').filter({ hasText: /Export cancelled after [\d,]+ rows/ })).toBeVisible()
    expect(await (await cancelledDownload).failure()).not.toBeNull()
    await app.screenshot('export-3-cancelled')
    await pane.root.getByRole('button', { name: 'Dismiss' }).click()

    // Again in a small dark window, to the end: every row in the file.
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.emulateMedia({ colorScheme: 'dark' })
    const fullDownload = page.waitForEvent('download')
    await pane.toolbar.getByRole('button', { name: 'Export CSV' }).click()
    await expect(exporting).toBeVisible({ timeout: 30_000 })
    await app.screenshot('export-4-progress-dark-small')
    await expect(pane.root.getByRole('status').filter({ hasText: 'Exported 300,000 rows to' })).toBeVisible({ timeout: 120_000 })
    await app.screenshot('export-5-done-dark-small')
    const lines = readFileSync(await (await fullDownload).path(), 'utf8').split('\r\n')
    expect(lines).toHaveLength(300_002)
    expect(lines[300_000]).toBe(`300000,${Buffer.from('ab'.repeat(200), 'hex').toString('base64')}`)
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize({ width: 1440, height: 900 })
    await app.closeTab('Export PostgreSQL')
  })
})
