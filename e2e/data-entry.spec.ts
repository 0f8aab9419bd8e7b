// Point-and-click data entry on PostgreSQL and MariaDB and on the Demo lab: rows inserted through the typed form
// (Researcher's lab chosen in the picker), a duplicate key and a missing parent shown at their fields with the
// form still filled, a row edited, rows deleted after their cascade preview, a CSV import with two bad cells fixed
// in its preview, a session with its trials in one form, and every change refused on a read-only tab (its cells
// refuse an edit at the cell).
import { expect, test } from './fixtures'
import { JoineryApp } from './pages/joinery-app'
import { connect, LOCAL_MARIADB, LOCAL_POSTGRES, uniqueName, type ServerLogin } from './pages/lab-schema'
import type { Instance } from '../src/index'

async function declareLab(login: ServerLogin, name: string): Promise<Instance> {
  const instance = connect(login)
  const schema = await instance.schema(name)
  const Lab = await schema.manual('Lab', 'lab_id : int16\n---\nlab_name : varchar(40)\nfounded : date')
  await schema.manual('Researcher', 'researcher_id : varchar(16)\n---\n-> Lab\nfull_name : varchar(100)\nemail : varchar(120)')
  await Lab.insert1({ lab_id: 1, lab_name: 'First lab', founded: '2001-02-03' })
  return instance
}

for (const [login, title] of [
  [LOCAL_POSTGRES, 'Entry PostgreSQL'],
  [LOCAL_MARIADB, 'Entry MariaDB'],
] as const) {
  test.describe(`data entry on ${title}`, () => {
    const name = uniqueName('e2e_entry')
    let instance: Instance

    test.beforeAll(async () => {
      instance = await declareLab(login, name)
    })

    test.afterAll(async () => {
      await (await instance.schema(name, { create: true })).drop({ prompt: false })
      await instance.close()
    })

    test('insert, refusals at their fields, edit, delete after the cascade preview', async ({ page, joinery }) => {
      test.setTimeout(180_000)
      await page.setViewportSize({ width: 1440, height: 900 })
      const app = new JoineryApp(page)
      await app.goto(joinery.url)
      // The worker's first page load seeds the Demo lab: connect once it is done, not while it takes the machine.
      await expect(app.pane('Demo lab').table('Session')).toBeVisible({ timeout: 90_000 })
      const dialog = await app.openNewConnection()
      await dialog.fill({ name: title, backend: login.backend, user: login.user })
      await dialog.saveAndConnect()
      const pane = app.pane(title)
      await pane.search.fill(name)
      await pane.expandSchema(name)
      await pane.openTable('Lab')

      // A new lab, typed by the heading: a number, text, a date picker.
      await pane.toolbar.getByRole('button', { name: 'Insert row' }).click()
      const labForm = page.getByRole('form', { name: 'Insert into Lab' })
      await labForm.getByLabel('lab_id', { exact: true }).fill('2')
      await labForm.getByLabel('lab_name', { exact: true }).fill("O'Keefe lab; DROP TABLE lab")
      await labForm.getByLabel('founded', { exact: true }).fill('2014-10-06')
      await app.screenshot(`entry-1-lab-form-${login.backend}`)
      await page.getByRole('button', { name: 'Insert', exact: true }).click()
      await expect(labForm).toHaveCount(0)
      await expect(pane.grid.getByRole('gridcell', { name: "O'Keefe lab; DROP TABLE lab" })).toBeVisible()

      // The same key again: refused at lab_id, the form still filled, nothing inserted.
      await pane.toolbar.getByRole('button', { name: 'Insert row' }).click()
      await labForm.getByLabel('lab_id', { exact: true }).fill('2')
      await labForm.getByLabel('lab_name', { exact: true }).fill('Another')
      await labForm.getByLabel('founded', { exact: true }).fill('2020-01-01')
      await page.getByRole('button', { name: 'Insert', exact: true }).click()
      await expect(labForm.getByRole('alert').filter({ hasText: 'already exists' })).toBeVisible()
      await expect(labForm.getByLabel('lab_id', { exact: true })).toHaveAttribute('aria-invalid', 'true')
      await expect(labForm.getByLabel('lab_name', { exact: true })).toHaveValue('Another')
      await app.screenshot(`entry-2-duplicate-${login.backend}`)
      await page.getByRole('button', { name: 'Cancel' }).click()

      // A researcher, the lab picked in the picker (searched on the server).
      await pane.table('Researcher').click()
      await expect(pane.root.getByText('This table is empty.')).toBeVisible()
      await pane.toolbar.getByRole('button', { name: 'Insert row' }).click()
      const researcherForm = page.getByRole('form', { name: 'Insert into Researcher' })
      await researcherForm.getByLabel('researcher_id', { exact: true }).fill('okeefe')
      await researcherForm.getByRole('button', { name: /^lab: Choose lab/ }).click()
      await researcherForm.getByRole('searchbox', { name: 'Search lab' }).fill('keefe')
      await researcherForm.getByRole('button', { name: /^Choose lab 2 / }).click()
      await expect(researcherForm.getByRole('button', { name: 'lab: lab_id=2' })).toBeVisible()
      await researcherForm.getByLabel('full_name', { exact: true }).fill('John O’Keefe')
      await researcherForm.getByLabel('email', { exact: true }).fill('okeefe@example.org')
      await app.screenshot(`entry-3-researcher-picker-${login.backend}`)
      await page.getByRole('button', { name: 'Insert', exact: true }).click()
      await expect(researcherForm).toHaveCount(0)
      await expect(pane.grid.getByRole('gridcell', { name: 'okeefe@example.org' })).toBeVisible()

      // A parent that disappears before the insert: refused at the picker, the form still filled.
      await pane.toolbar.getByRole('button', { name: 'Insert row' }).click()
      await researcherForm.getByLabel('researcher_id', { exact: true }).fill('moser')
      await researcherForm.getByRole('button', { name: /^lab: Choose lab/ }).click()
      await researcherForm.getByRole('button', { name: /^Choose lab 1 / }).click()
      await researcherForm.getByLabel('full_name', { exact: true }).fill('May-Britt Moser')
      await researcherForm.getByLabel('email', { exact: true }).fill('moser@example.org')
      const Lab = (await (await instance.schema(name, { create: false })).tables())['Lab']
      await Lab?.restrict({ lab_id: 1 }).delete({ prompt: false })
      await page.getByRole('button', { name: 'Insert', exact: true }).click()
      await expect(researcherForm.getByRole('alert').filter({ hasText: 'no Lab row' })).toBeVisible()
      await expect(researcherForm.getByRole('button', { name: 'lab: lab_id=1' })).toHaveAttribute('aria-invalid', 'true')
      await expect(researcherForm.getByLabel('full_name', { exact: true })).toHaveValue('May-Britt Moser')
      await app.screenshot(`entry-4-missing-parent-${login.backend}`)
      await page.getByRole('button', { name: 'Cancel' }).click()

      // Edit the researcher (update1): the key is read-only.
      await pane.grid.getByRole('gridcell', { name: 'John O’Keefe' }).click()
      await pane.toolbar.getByRole('button', { name: 'Edit row' }).click()
      const editForm = page.getByRole('form', { name: 'Edit Researcher' })
      await expect(editForm.getByLabel('researcher_id', { exact: true })).toBeDisabled()
      await editForm.getByLabel('full_name', { exact: true }).fill('John O’Keefe FRS')
      await page.getByRole('button', { name: 'Save changes' }).click()
      await expect(editForm).toHaveCount(0)
      await expect(pane.grid.getByRole('gridcell', { name: 'John O’Keefe FRS' })).toBeVisible()

      // Delete lab 2: the preview counts it and its researcher, the confirmation names the total.
      await pane.openTable('Lab')
      await pane.grid.getByRole('gridcell', { name: "O'Keefe lab; DROP TABLE lab" }).click()
      await pane.toolbar.getByRole('button', { name: 'Delete rows' }).click()
      const deletion = page.getByRole('dialog', { name: /^Delete 1 selected row of Lab/ })
      await expect(deletion.getByRole('status', { name: 'Cascade summary' })).toContainText('would remove 2 rows in 2 tables')
      await deletion.getByRole('button', { name: 'Delete…' }).click()
      await expect(deletion.getByRole('alert')).toContainText('Delete 2 rows in 2 tables?')
      await app.screenshot(`entry-5-delete-confirm-${login.backend}`)
      await deletion.getByRole('button', { name: 'Delete 2 rows now' }).click()
      await expect(deletion.getByRole('status').filter({ hasText: 'Deleted 2 rows' })).toBeVisible()
      await deletion.getByRole('button', { name: 'Close', exact: true }).first().click()
      await expect(pane.root.getByText('This table is empty.')).toBeVisible()

      // A CSV import: two bad cells marked in the preview before anything is sent, fixed there, then one transaction.
      await pane.toolbar.getByRole('button', { name: 'Import CSV' }).click()
      const importer = page.getByRole('dialog', { name: 'Import rows into Lab' })
      const csv = 'lab_id,lab_name,founded\n10,Hubel lab,1958-01-01\nx,Wiesel lab,1959-01-01\n12,Kuffler lab,1959-13-01\n'
      await importer.getByLabel('CSV file').setInputFiles({ name: 'labs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
      await expect(importer.getByRole('status').filter({ hasText: '2 cells need fixing' })).toBeVisible()
      await expect(importer.getByRole('button', { name: 'Import 3 rows' })).toBeDisabled()
      await expect(importer.getByLabel('Row 2 lab_id')).toHaveAttribute('aria-invalid', 'true')
      await expect(importer.getByLabel('Row 3 founded')).toHaveAttribute('aria-invalid', 'true')
      await app.screenshot(`entry-6-csv-bad-cells-${login.backend}`)
      await importer.getByLabel('Row 2 lab_id').fill('11')
      await importer.getByLabel('Row 3 founded').fill('1959-12-01')
      await expect(importer.getByRole('status').filter({ hasText: '3 rows ready' })).toBeVisible()
      await importer.getByRole('button', { name: 'Import 3 rows' }).click()
      await expect(importer.getByRole('status').filter({ hasText: 'Imported 3 rows' })).toBeVisible()
      await importer.getByRole('button', { name: 'Close', exact: true }).first().click()
      await expect(pane.grid.getByRole('gridcell', { name: 'Kuffler lab' })).toBeVisible()
      await app.closeTab(title)

      // A read-only tab refuses every change (the main process says so; nothing is written).
      const readOnly = await app.openNewConnection()
      await readOnly.fill({ name: `${title} read-only`, backend: login.backend, user: login.user })
      await readOnly.root.getByRole('checkbox', { name: /read-only/i }).check()
      await readOnly.saveAndConnect()
      const ro = app.pane(`${title} read-only`)
      await ro.search.fill(name)
      await ro.expandSchema(name)
      await ro.table('Lab').click()
      await ro.toolbar.getByRole('button', { name: 'Insert row' }).click()
      const roForm = page.getByRole('form', { name: 'Insert into Lab' })
      await roForm.getByLabel('lab_id', { exact: true }).fill('7')
      await roForm.getByLabel('lab_name', { exact: true }).fill('Nope')
      await roForm.getByLabel('founded', { exact: true }).fill('2020-01-01')
      await page.getByRole('button', { name: 'Insert', exact: true }).click()
      await expect(roForm.getByRole('alert')).toContainText('READ_ONLY')
      await app.screenshot(`entry-7-read-only-${login.backend}`)
      await page.getByRole('button', { name: 'Cancel' }).click()
      // Its cells refuse an edit at the cell, before anything is staged.
      await ro.grid.getByRole('gridcell', { name: 'Hubel lab' }).dblclick()
      const refusal = ro.grid.getByRole('group', { name: 'Cannot edit lab_name of lab_id=10' })
      await expect(refusal).toHaveAccessibleDescription('This connection is read-only: its rows cannot be changed.')
      await page.keyboard.press('Escape')
      await expect(refusal).toHaveCount(0)
      await app.closeTab(`${title} read-only`)
      expect(await Lab?.count()).toBe(3)
    })
  })
}

test('a Demo lab session with its trials in one form, then deleted after its cascade preview', async ({ page, joinery }) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  const app = new JoineryApp(page)
  await app.goto(joinery.url)
  const demo = app.pane('Demo lab')
  await expect(demo.table('Session')).toBeVisible({ timeout: 60_000 })
  await demo.openTable('Session')
  const form = await demo.openInsertForm('Session')
  await demo.pickParent(form, 'subject', '1003')
  await form.getByLabel('session_idx', { exact: true }).fill('90')
  await form.getByLabel('session_start', { exact: true }).fill('2024-06-01T10:30:00')
  await form.getByRole('button', { name: /^researcher: Choose researcher/ }).click()
  await form.getByRole('group', { name: 'Rows of researcher' }).getByRole('button', { name: /^Choose researcher / }).first().click()
  await form.getByRole('button', { name: /^stimulus_type: Choose stimulus_type/ }).click()
  await form.getByRole('button', { name: /^Choose stimulus_type drifting_gratings/ }).click()
  await form.getByLabel('rig', { exact: true }).fill('rig-e2e')
  await form.getByLabel('metadata', { exact: true }).fill('{"temperature_c": 21.5, "notes": ["quiet"]}')
  const trials = form.getByRole('region', { name: 'Part Trial' })
  for (const [i, outcome] of ['hit', 'miss', 'hit'].entries()) {
    await trials.getByRole('button', { name: 'Add Trial row' }).click()
    await trials.getByLabel(`Trial row ${i + 1} trial_idx`, { exact: true }).fill(String(i + 1))
    await trials.getByLabel(`Trial row ${i + 1} stimulus_onset_s`, { exact: true }).fill(String(1.5 * (i + 1)))
    await trials.getByLabel(`Trial row ${i + 1} contrast`, { exact: true }).fill('0.8')
    await trials.getByLabel(`Trial row ${i + 1} outcome`, { exact: true }).selectOption(outcome)
  }
  await app.screenshot('entry-8-demo-session-trials')
  await page.getByRole('button', { name: 'Insert all' }).click()
  await expect(form).toHaveCount(0)
  await demo.filter('session_idx').fill('90')
  // The filter applied (the unfiltered page shows the new row too, and a reload clears a selection made on it).
  await expect(demo.rowsLabel()).toHaveText('Rows 1–1')
  await expect(demo.grid.getByRole('gridcell', { name: 'rig-e2e' })).toBeVisible()

  // And deleted again, after the preview: the session and its three trials.
  await demo.grid.getByRole('gridcell', { name: 'rig-e2e' }).click()
  await demo.toolbar.getByRole('button', { name: 'Delete rows' }).click()
  const deletion = page.getByRole('dialog', { name: /^Delete 1 selected row of Session/ })
  await expect(deletion.getByRole('status', { name: 'Cascade summary' })).toContainText('would remove 4 rows in 2 tables')
  await app.screenshot('entry-9-demo-delete-preview')
  await deletion.getByRole('button', { name: 'Delete…' }).click()
  await deletion.getByRole('button', { name: 'Delete 4 rows now' }).click()
  await expect(deletion.getByRole('status').filter({ hasText: 'Deleted 4 rows' })).toBeVisible()
  await deletion.getByRole('button', { name: 'Close', exact: true }).first().click()
  await demo.filter('session_idx').fill('')
})
