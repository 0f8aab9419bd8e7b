// The pending-changes panel on PostgreSQL: an edit and a delete staged from the grid, reviewed as a list and as
// DataJoint Python and TypeScript, a failing commit leaving the list as it was, then one transaction committing
// both, seen in the grid and in the database. Then a .npy file uploaded into a <blob> field, and a picker's chosen
// parent opened in the browser.
import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'
import { JoineryApp } from './pages/joinery-app'
import { connect, LOCAL_POSTGRES, uniqueName } from './pages/lab-schema'
import { parseNpy, type Instance, type Table } from '../src/index'

const title = 'Pending PostgreSQL'
const name = uniqueName('e2e_pending')
let instance: Instance
let Lab: Table
let Researcher: Table
let Recording: Table

test.beforeAll(async () => {
  instance = connect(LOCAL_POSTGRES)
  const schema = await instance.schema(name)
  Lab = await schema.manual('Lab', 'lab_id : int16\n---\nlab_name : varchar(40)\nfounded : date')
  Researcher = await schema.manual('Researcher', 'researcher_id : varchar(16)\n---\n-> Lab\nfull_name : varchar(100)')
  Recording = await schema.manual('Recording', 'recording_id : int16\n---\n-> Lab\ntrace : <blob>')
  await Lab.insert([
    { lab_id: 1, lab_name: 'First lab', founded: '2001-02-03' },
    { lab_id: 2, lab_name: 'Second lab', founded: '2010-05-06' },
  ])
  await Researcher.insert([{ researcher_id: 'ada', lab_id: 2, full_name: 'Ada Lovelace' }])
})

test.afterAll(async () => {
  await (await instance.schema(name, { create: true })).drop({ prompt: false })
  await instance.close()
})

test('stage an edit and a delete, read their code, commit them in one transaction', async ({ page, joinery }) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  const app = new JoineryApp(page)
  await app.goto(joinery.url)
  // The worker's server is shared with other specs, whose restored tabs may be the selected ones: wait for the app only.
  await expect(app.tab('Demo lab')).toBeVisible({ timeout: 90_000 })
  const dialog = await app.openNewConnection()
  await dialog.fill({ name: title, backend: LOCAL_POSTGRES.backend, user: LOCAL_POSTGRES.user })
  await dialog.saveAndConnect()
  const pane = app.pane(title)
  await pane.search.fill(name)
  await pane.expandSchema(name)
  await pane.openTable('Lab')

  // An edit staged from the row form: nothing is written yet.
  await pane.grid.getByRole('gridcell', { name: 'First lab' }).click()
  await pane.toolbar.getByRole('button', { name: 'Edit row' }).click()
  const editForm = page.getByRole('form', { name: 'Edit Lab' })
  await editForm.getByLabel('lab_name', { exact: true }).fill("Lab d'Alembert")
  await page.getByRole('button', { name: 'Stage edit' }).click()
  await expect(editForm).toHaveCount(0)
  const panel = pane.root.getByRole('complementary', { name: 'Pending changes' })
  await expect(panel.getByText("lab_id=1: lab_name First lab → Lab d'Alembert")).toBeVisible()
  expect((await Lab.restrict({ lab_id: 1 }).fetch1())['lab_name']).toBe('First lab')

  // A delete staged after its cascade preview (the lab and its researcher).
  await pane.grid.getByRole('gridcell', { name: 'Second lab' }).click()
  await pane.toolbar.getByRole('button', { name: 'Delete rows' }).click()
  const deletion = page.getByRole('dialog', { name: /^Delete 1 selected row of Lab/ })
  // The cascade reads every schema that could depend on Lab: slow on a busy machine.
  await expect(deletion.getByRole('status', { name: 'Cascade summary' })).toContainText('would remove 2 rows in 2 tables', { timeout: 30_000 })
  await deletion.getByRole('button', { name: 'Stage delete' }).click()
  await expect(deletion).toHaveCount(0)
  await expect(panel.getByText('delete 1 selected row of Lab (2 rows in 2 tables)')).toBeVisible()
  await expect(pane.toolbar.getByRole('button', { name: 'Pending changes (2)' })).toBeVisible()

  // The same changes as code: Python first, then this engine's TypeScript.
  await panel.getByRole('button', { name: 'Show code' }).click()
  const python = panel.getByLabel('Python code')
  await expect(python).toContainText('with dj.conn().transaction:')
  await expect(python).toContainText(`${name}.Lab.update1({'lab_id': 1, 'lab_name': "Lab d'Alembert"})`)
  await expect(python).toContainText(`(${name}.Lab & {'lab_id': 2}).delete(prompt=False)`)
  await app.screenshot('pending-1-python')
  await panel.getByRole('button', { name: 'TypeScript' }).click()
  await expect(panel.getByLabel('TypeScript code')).toContainText(`await ${name}.Lab.restrict({ lab_id: 2 }).delete({ prompt: false })`)
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await app.screenshot('pending-2-typescript-dark')
  await page.setViewportSize({ width: 1024, height: 700 })
  await app.screenshot('pending-3-narrow-dark')
  await page.emulateMedia({ colorScheme: 'light' })
  await app.screenshot('pending-4-narrow-light')
  await page.setViewportSize({ width: 1440, height: 900 })

  // A commit that fails (the researcher now gone elsewhere, so the previewed count is off): nothing changes, the
  // failed change is marked and the list stays.
  await Researcher.delete({ prompt: false })
  await panel.getByRole('button', { name: 'Commit 2 changes' }).click()
  await expect(panel.getByRole('alert')).toContainText('Change 2 of 2 (delete from Lab) failed')
  await expect(panel.locator('[aria-invalid="true"]')).toContainText('delete 1 selected row of Lab')
  expect((await Lab.restrict({ lab_id: 1 }).fetch1())['lab_name']).toBe('First lab')
  await app.screenshot('pending-5-failed')

  // Undo the stale delete, stage it again, commit both in one transaction.
  await panel.getByRole('button', { name: /^Undo change 2: delete/ }).click()
  await pane.grid.getByRole('gridcell', { name: 'Second lab' }).click()
  await pane.toolbar.getByRole('button', { name: 'Delete rows' }).click()
  await expect(deletion.getByRole('status', { name: 'Cascade summary' })).toContainText('would remove 1 row in 1 table', { timeout: 30_000 })
  await deletion.getByRole('button', { name: 'Stage delete' }).click()
  await panel.getByRole('button', { name: 'Commit 2 changes' }).click()
  await expect(panel.getByRole('status')).toContainText('Committed 2 changes (2 rows) in one transaction.')
  await expect(pane.grid.getByRole('gridcell', { name: "Lab d'Alembert" })).toBeVisible()
  await expect(pane.grid.getByRole('gridcell', { name: 'Second lab' })).toHaveCount(0)
  await app.screenshot('pending-6-committed')
  expect(await Lab.toDicts({ orderBy: 'KEY' })).toEqual([{ lab_id: 1, lab_name: "Lab d'Alembert", founded: '2001-02-03' }])

  // A recording whose trace is a .npy file numpy wrote (Fortran order, big-endian int16): stored as np.load gives it.
  const npy = readFileSync(new URL('../src/codecs/npy-fixtures/i2-fortran-big-endian.npy', import.meta.url))
  await pane.table('Recording').click()
  await expect(pane.root.getByText('This table is empty.')).toBeVisible()
  await pane.toolbar.getByRole('button', { name: 'Insert row' }).click()
  const recordingForm = page.getByRole('form', { name: 'Insert into Recording' })
  await recordingForm.getByLabel('recording_id', { exact: true }).fill('1')
  await recordingForm.getByLabel('Load a .npy file into trace').setInputFiles({ name: 'trace.npy', mimeType: 'application/octet-stream', buffer: npy })
  await expect(recordingForm.getByRole('status', { name: /^trace: int16 array 3×4 \(\.npy, 152 B\)/ })).toBeVisible()
  await recordingForm.getByRole('button', { name: /^lab: Choose lab/ }).click()
  await recordingForm.getByRole('button', { name: /^Choose lab 1 / }).click()
  await app.screenshot('pending-7-npy-upload')
  await page.getByRole('button', { name: 'Insert', exact: true }).click()
  await expect(recordingForm).toHaveCount(0)
  expect((await Recording.fetch1())['trace']).toEqual(parseNpy(new Uint8Array(npy)))

  // "Open parent": the picker's chosen lab shown in the browser, restricted to its key.
  await pane.toolbar.getByRole('button', { name: 'Insert row' }).click()
  await recordingForm.getByRole('button', { name: /^lab: Choose lab/ }).click()
  await recordingForm.getByRole('button', { name: /^Choose lab 1 / }).click()
  await recordingForm.getByRole('button', { name: 'Open lab lab_id=1 in the browser' }).click()
  await expect(recordingForm).toHaveCount(0)
  await expect(pane.root.getByRole('status', { name: 'Followed restriction' })).toContainText('Showing Lab rows with lab_id = 1')
  await expect(pane.grid.getByRole('gridcell', { name: "Lab d'Alembert" })).toBeVisible()
  await app.closeTab(title)
})
