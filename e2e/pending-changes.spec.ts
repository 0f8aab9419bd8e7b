// The pending-changes panel on PostgreSQL: an edit and a delete staged from the grid, reviewed as a list and as
// DataJoint Python and TypeScript, a failing commit leaving the list as it was, then one transaction committing
// both, seen in the grid and in the database. Then a .npy file uploaded into a <blob> field, and a picker's chosen
// parent opened in the browser. On the Demo lab: cells edited in place in the grid (a bad value refused at its
// cell, staged cells marked, committed), and "Open parent" from a picker with the insert form kept for Back.
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

test('Demo lab cells edited in the grid: refused at the cell, staged and marked, committed', async ({ page, joinery }) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  const app = new JoineryApp(page)
  await app.goto(joinery.url)
  const demo = app.pane('Demo lab')
  await expect(demo.table('Subject')).toBeVisible({ timeout: 90_000 })
  await demo.openTable('Subject')
  await demo.filter('subject_id').fill('1005')
  await expect(demo.rowsLabel()).toHaveText('Rows 1–1')
  const weight = await demo.cell(0, 'weight_g')
  const genotype = await demo.cell(0, 'genotype')
  const weightBefore = await weight.innerText()
  const genotypeBefore = await genotype.innerText()
  const panel = demo.root.getByRole('complementary', { name: 'Pending changes' })

  // A double-click opens the typed editor over the cell; a bad value is refused there and kept for correction.
  await weight.dblclick()
  const weightEditor = demo.grid.getByRole('group', { name: 'Edit weight_g of subject_id=1005' })
  const weightInput = weightEditor.getByRole('textbox', { name: 'weight_g of subject_id=1005' })
  await expect(weightInput).toBeFocused()
  await weightInput.fill('12.345')
  await weightInput.press('Enter')
  await expect(weightEditor.getByRole('alert')).toHaveText('`weight_g` keeps 2 decimal places; 12.345 has more.')
  await expect(weightInput).toHaveAttribute('aria-invalid', 'true')
  await expect(weightInput).toHaveValue('12.345')
  await expect(panel).toHaveCount(0)
  await app.screenshot('cell-edit-1-refused')

  // Corrected, Enter stages it (nothing is written): the cell shows the staged value, marked, and the panel lists it.
  await weightInput.fill('23.45')
  await weightInput.press('Enter')
  await expect(weightEditor).toHaveCount(0)
  await expect(demo.grid).toBeFocused()
  await expect(weight).toHaveText('23.45')
  await expect(weight).toHaveAccessibleDescription(`Staged edit, not committed: ${weightBefore} → 23.45`)
  await expect(panel.getByText(`subject_id=1005: weight_g ${weightBefore} → 23.45`)).toBeVisible()

  // F2 on the focused cell edits it too; the row's second edit joins the first.
  await genotype.click()
  await page.keyboard.press('F2')
  const genotypeInput = demo.grid.getByRole('textbox', { name: 'genotype of subject_id=1005' })
  await genotypeInput.fill('Ai14 x Emx1-Cre')
  await genotypeInput.press('Enter')
  await expect(genotype).toHaveAccessibleDescription(`Staged edit, not committed: ${genotypeBefore} → Ai14 x Emx1-Cre`)
  await expect(panel.getByText(`subject_id=1005: weight_g ${weightBefore} → 23.45; genotype ${genotypeBefore} → Ai14 x Emx1-Cre`)).toBeVisible()

  // A bad value left by clicking elsewhere stays at its cell, marked as not staged; F2 brings it back, Escape drops it.
  await weight.click()
  await page.keyboard.press('F2')
  await expect(weightInput).toHaveValue('23.45')
  await weightInput.fill('heavy')
  // (The editor overlaps the cells to its right: a click on the left leaves it.)
  await (await demo.cell(0, 'date_of_birth')).click()
  await expect(weightEditor).toHaveCount(0)
  await expect(weight).toHaveText('heavy')
  await expect(weight).toHaveAccessibleDescription('Not staged: `weight_g` takes a decimal number.')
  await app.screenshot('cell-edit-2-staged-and-refused')
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await app.screenshot('cell-edit-3-staged-and-refused-dark')
  await weight.click()
  await page.keyboard.press('F2')
  await expect(weightInput).toHaveValue('heavy')
  await expect(weightEditor.getByRole('alert')).toHaveText('`weight_g` takes a decimal number.')
  await app.screenshot('cell-edit-4-reopened-dark')
  await page.keyboard.press('Escape')
  await expect(weight).toHaveText('23.45')
  await page.emulateMedia({ colorScheme: 'light' })

  // A primary-key cell is not edited: F2 opens its viewer, as Enter does.
  await (await demo.cell(0, 'subject_id')).click()
  await page.keyboard.press('F2')
  const viewer = page.getByRole('dialog', { name: /^subject_id/ })
  await expect(viewer).toBeVisible()
  await expect(demo.grid.getByRole('group', { name: /^Edit subject_id/ })).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(viewer).toHaveCount(0)

  // One transaction commits the row's edit; the grid shows the stored values, no longer marked.
  await panel.getByRole('button', { name: 'Commit 1 change' }).click()
  await expect(panel.getByRole('status')).toContainText('Committed 1 change (1 row) in one transaction.')
  await expect(weight).toHaveText('23.45')
  await expect(weight).not.toHaveAttribute('aria-description')
  await expect(genotype).toHaveText('Ai14 x Emx1-Cre')
  await app.screenshot('cell-edit-5-committed')

  // A Computed table's cells wait for the person's allowance, as a direct insert into it does.
  await demo.openTable('SpikeSorting')
  const units = await demo.cell(0, 'n_units')
  await units.dblclick()
  const refusal = demo.grid.getByRole('group', { name: /^Cannot edit n_units of / })
  await expect(refusal).toHaveAccessibleDescription(/SpikeSorting is a Computed table: DataJoint fills it with populate\(\)/)
  await expect(refusal.getByRole('button', { name: 'Edit anyway' })).toBeFocused()
  await app.screenshot('cell-edit-6-computed-refused')
  await page.keyboard.press('Escape')
  await expect(refusal).toHaveCount(0)

  // The Demo lab as it was: the two values edited back and committed.
  await demo.openTable('Subject')
  await demo.filter('subject_id').fill('1005')
  await expect(demo.rowsLabel()).toHaveText('Rows 1–1')
  await weight.dblclick()
  if (weightBefore === 'NULL') await weightEditor.getByRole('checkbox', { name: 'NULL' }).check()
  else await weightInput.fill(weightBefore)
  await weightEditor.getByRole('button', { name: 'Stage the edit of weight_g of subject_id=1005' }).click()
  await genotype.dblclick()
  await genotypeInput.fill(genotypeBefore)
  await genotypeInput.press('Enter')
  await panel.getByRole('button', { name: 'Commit 1 change' }).click()
  await expect(panel.getByRole('button', { name: /^Commit / })).toHaveCount(0)
  await expect(weight).not.toHaveAttribute('aria-description')
  await expect(genotype).not.toHaveAttribute('aria-description')
  await expect(weight).toHaveText(weightBefore)
  await expect(genotype).toHaveText(genotypeBefore)

  // A foreign key's cell is edited with its parent's picker (renamed: surgeon → Researcher.researcher_id), searched
  // on the server; choosing a row stages it like a typed value. Discarded: the Demo lab stays as it was.
  const surgeon = await demo.cell(0, 'surgeon')
  const surgeonBefore = await surgeon.innerText()
  await surgeon.dblclick()
  const surgeonEditor = demo.grid.getByRole('group', { name: 'Edit surgeon of subject_id=1005' })
  const search = surgeonEditor.getByRole('searchbox', { name: 'Search researcher' })
  await expect(search).toBeFocused()
  await expect(surgeonEditor.getByRole('button', { name: 'None (NULL)' })).toBeVisible()
  const choices = surgeonEditor.getByRole('button', { name: /^Choose researcher / })
  await expect(choices.first()).toBeVisible()
  const other = (await choices.allInnerTexts()).find((id) => id !== surgeonBefore) as string
  await search.fill(other)
  await expect(choices).toHaveCount(1)
  await app.screenshot('cell-edit-7-foreign-key-picker')
  await choices.first().click()
  await expect(surgeonEditor).toHaveCount(0)
  await expect(surgeon).toHaveText(other)
  await expect(surgeon).toHaveAccessibleDescription(`Staged edit, not committed: ${surgeonBefore} → ${other}`)
  await expect(panel.getByText(`subject_id=1005: surgeon ${surgeonBefore} → ${other}`)).toBeVisible()
  // Escape leaves the picker without staging anything.
  await surgeon.dblclick()
  await expect(surgeonEditor.getByRole('searchbox', { name: 'Search researcher' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(surgeonEditor).toHaveCount(0)
  await expect(surgeon).toHaveText(other)
  await panel.getByRole('button', { name: 'Discard all' }).click()
  await expect(surgeon).toHaveText(surgeonBefore)
  await expect(surgeon).not.toHaveAttribute('aria-description')
})

test('“Open parent” from a picker keeps the insert form: Back brings it back as it was', async ({ page, joinery }) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  const app = new JoineryApp(page)
  await app.goto(joinery.url)
  const demo = app.pane('Demo lab')
  await expect(demo.table('Session')).toBeVisible({ timeout: 90_000 })
  await demo.openTable('Session')
  const form = await demo.openInsertForm('Session')
  await demo.pickParent(form, 'subject', '1003')
  await form.getByLabel('session_idx', { exact: true }).fill('91')
  await form.getByLabel('rig', { exact: true }).fill('rig-kept')
  const trials = form.getByRole('region', { name: 'Part Trial' })
  await trials.getByRole('button', { name: 'Add Trial row' }).click()
  await trials.getByLabel('Trial row 1 trial_idx', { exact: true }).fill('7')

  // The subject opens as a new place in the browser; the form is put aside, not lost.
  await form.getByRole('button', { name: 'Open subject subject_id=1003 in the browser' }).click()
  await expect(form).toHaveCount(0)
  await expect(demo.followed).toContainText('Showing Subject rows with subject_id = 1003')
  await app.screenshot('open-parent-1-subject')

  // Back: the session form again, as it was.
  await demo.historyButton('Back').click()
  await expect(form).toBeVisible()
  await expect(form.getByRole('button', { name: 'subject: subject_id=1003' })).toBeVisible()
  await expect(form.getByLabel('session_idx', { exact: true })).toHaveValue('91')
  await expect(form.getByLabel('rig', { exact: true })).toHaveValue('rig-kept')
  await expect(trials.getByLabel('Trial row 1 trial_idx', { exact: true })).toHaveValue('7')
  await app.screenshot('open-parent-2-back-with-the-form')

  // Cancel ends it: the table shown again has no form waiting.
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(form).toHaveCount(0)
  await demo.openTable('Subject')
  await demo.openTable('Session')
  await expect(form).toHaveCount(0)
})
