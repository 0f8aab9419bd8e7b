// Declaring and dropping as DataJoint's tutorial does, on PostgreSQL and MariaDB: a new schema, the tutorial's Lab and
// Researcher declared with New table (an error marked at its line first, `-> Lab` completed, the DDL shown for both
// backends), their rows entered by point and click (Researcher's lab picked in the picker), every modifying action
// refused on a read-only tab, then Lab dropped with Researcher after the cascade preview and a typed confirmation, and
// the schema dropped the same way.
import { expect as baseExpect, test } from './fixtures'
import { JoineryApp } from './pages/joinery-app'
import type { BrowserPane } from './pages/browser-pane'
import { connect, LOCAL_MARIADB, LOCAL_POSTGRES, uniqueName } from './pages/lab-schema'
import type { Locator, Page } from '@playwright/test'

// The DDL preview waits for typing to settle, then asks a loaded server: more than the default 5 s on a shared machine.
const expect = baseExpect.configure({ timeout: 30_000 })

const LAB = '# a research lab\nlab_id : int32\n---\nlab_name : varchar(100)\ninstitution : varchar(200)'
const LAB_WITH_ERROR = '# a research lab\nlab_id : int32\n---\nlab_name : varchar(100)\ninstitution : varchr(200)'
const RESEARCHER = '-> Lab\nresearcher_id : int32\n---\nresearcher_name : varchar(100)'

function schemaRow(pane: BrowserPane, schema: string): Locator {
  return pane.tree.locator('[role="treeitem"][aria-level="1"]').filter({ hasText: schema })
}

async function typeDefinition(dialog: Locator, text: string): Promise<void> {
  const editor = dialog.getByRole('textbox', { name: 'Definition' })
  await editor.click()
  await editor.press('Control+A')
  await editor.press('Delete')
  await editor.page().keyboard.insertText(text)
}

async function menuItem(page: Page, row: Locator, name: string): Promise<void> {
  await row.click({ button: 'right' })
  await page.getByRole('menuitem', { name }).click()
}

for (const [login, title] of [
  [LOCAL_POSTGRES, 'Declare PostgreSQL'],
  [LOCAL_MARIADB, 'Declare MariaDB'],
] as const) {
  test.describe(`declare and drop on ${title}`, () => {
    const schema = uniqueName('e2e_declare')
    const instance = connect(login)

    test.afterAll(async () => {
      if ((await instance.listSchemas()).includes(schema)) await (await instance.schema(schema, { create: false })).drop({ prompt: false })
      await instance.close()
    })

    test('the tutorial declared with New table, rows entered, read-only refusals, drops after their preview', async ({ page, joinery }) => {
      test.setTimeout(480_000)
      await page.setViewportSize({ width: 1440, height: 900 })
      const app = new JoineryApp(page)
      await app.goto(joinery.url)
      await expect(app.pane('Demo lab').table('Session')).toBeVisible({ timeout: 180_000 })
      const connection = await app.openNewConnection()
      await connection.fill({ name: title, backend: login.backend, user: login.user })
      await connection.saveAndConnect()
      const pane = app.pane(title)

      // New schema, from the tree's header.
      await pane.root.getByRole('button', { name: 'New schema' }).click()
      const newSchema = page.getByRole('dialog', { name: 'New schema' })
      await newSchema.getByLabel('Schema name').fill(schema)
      await newSchema.getByRole('button', { name: 'Create schema' }).click()
      await expect(newSchema).toHaveCount(0)
      await pane.search.fill(schema)
      await expect(schemaRow(pane, schema)).toBeVisible()
      expect(await instance.listSchemas()).toContain(schema)

      // Lab: a type error marked at its line, then fixed; the DDL for this server and for the other backend.
      await schemaRow(pane, schema).hover()
      await pane.tree.getByRole('button', { name: `New table in ${schema}` }).click()
      const labDialog = page.getByRole('dialog', { name: `New table in ${schema}` })
      await labDialog.getByLabel('Class name').fill('Lab')
      await expect(labDialog.getByText('Table name:')).toContainText('lab')
      await typeDefinition(labDialog, LAB_WITH_ERROR)
      await expect(labDialog.getByRole('alert').filter({ hasText: /^Line 5: / })).toContainText('varchr(200)')
      await expect(labDialog.getByRole('button', { name: 'Declare table' })).toBeDisabled()
      await app.screenshot(`declare-1-error-at-line-${login.backend}`)
      await typeDefinition(labDialog, LAB)
      const ownDdl = labDialog.getByRole('tabpanel', { name: login.backend === 'mysql' ? 'MySQL DDL' : 'PostgreSQL DDL' })
      await expect(ownDdl).toContainText(login.backend === 'mysql' ? 'CREATE TABLE IF NOT EXISTS `' : 'CREATE TABLE IF NOT EXISTS "')
      await expect(ownDdl).toContainText(login.backend === 'mysql' ? '`lab_id` int NOT NULL' : '"lab_id" integer NOT NULL')
      await app.screenshot(`declare-2-lab-ddl-${login.backend}`)
      const otherName = login.backend === 'mysql' ? 'PostgreSQL DDL' : 'MySQL DDL'
      await labDialog.getByRole('tab', { name: otherName }).click()
      await expect(labDialog.getByRole('tabpanel', { name: otherName })).toContainText(login.backend === 'mysql' ? '"lab_id" integer NOT NULL' : '`lab_id` int NOT NULL')
      await labDialog.getByRole('button', { name: 'Declare table' }).click()
      await expect(labDialog).toHaveCount(0)
      await expect(pane.root.getByRole('heading', { level: 1, name: 'Lab' })).toBeVisible()

      // A lab by point and click, in the table the declaration opened. The tree search is cleared first: the form waits
      // until everything the tab shows is read again, and a search shows the tables of every schema on the server.
      await pane.search.fill('')
      await pane.toolbar.getByRole('button', { name: 'Insert row' }).click()
      const labForm = page.getByRole('form', { name: 'Insert into Lab' })
      await labForm.getByLabel('lab_id', { exact: true }).fill('1')
      await labForm.getByLabel('lab_name', { exact: true }).fill('Neuro lab')
      await labForm.getByLabel('institution', { exact: true }).fill('Example University')
      await page.getByRole('button', { name: 'Insert', exact: true }).click()
      await expect(labForm).toHaveCount(0, { timeout: 120_000 })
      await expect(pane.grid.getByRole('gridcell', { name: 'Neuro lab' })).toBeVisible()
      await pane.search.fill(schema)

      // Researcher, from the schema's context menu: `-> Lab` completed from the tab's tables.
      await menuItem(page, schemaRow(pane, schema), `New table in ${schema}…`)
      const researcherDialog = page.getByRole('dialog', { name: `New table in ${schema}` })
      await researcherDialog.getByLabel('Class name').fill('Researcher')
      const editor = researcherDialog.getByRole('textbox', { name: 'Definition' })
      await editor.click()
      await editor.press('Control+A')
      await editor.press('Delete')
      await page.keyboard.type('-> La')
      const completion = page.getByRole('listbox').getByRole('option', { name: /^Lab/ })
      await expect(completion).toBeVisible()
      await app.screenshot(`declare-3-completion-${login.backend}`)
      await completion.click()
      await expect(editor).toHaveText('-> Lab')
      await typeDefinition(researcherDialog, RESEARCHER)
      await expect(researcherDialog.getByRole('tabpanel', { name: /DDL$/ })).toContainText('FOREIGN KEY')
      await researcherDialog.getByRole('button', { name: 'Declare table' }).click()
      await expect(researcherDialog).toHaveCount(0)
      await expect(pane.root.getByRole('heading', { level: 1, name: 'Researcher' })).toBeVisible()
      await pane.search.fill('')
      const researcher = await (await instance.schema(schema, { create: false })).table('Researcher')
      expect(researcher.info.primaryKey).toEqual(['lab_id', 'researcher_id'])
      expect(researcher.info.tier).toBe('manual')

      await pane.toolbar.getByRole('button', { name: 'Insert row' }).click()
      const researcherForm = page.getByRole('form', { name: 'Insert into Researcher' })
      await researcherForm.getByRole('button', { name: /^lab: Choose lab/ }).click()
      await researcherForm.getByRole('button', { name: /^Choose lab 1 / }).click()
      await researcherForm.getByLabel('researcher_id', { exact: true }).fill('7')
      await researcherForm.getByLabel('researcher_name', { exact: true }).fill('Ada Lovelace')
      await page.getByRole('button', { name: 'Insert', exact: true }).click()
      await expect(researcherForm).toHaveCount(0, { timeout: 120_000 })
      await expect(pane.grid.getByRole('gridcell', { name: 'Ada Lovelace' })).toBeVisible()

      // A small dark window: New table and the open table's drop preview from the command palette.
      await page.setViewportSize({ width: 1024, height: 700 })
      await page.emulateMedia({ colorScheme: 'dark' })
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
      const runPalette = async (text: string, option: RegExp) => {
        await page.keyboard.press('Control+Shift+P')
        const palette = page.getByRole('dialog', { name: 'Command palette' })
        await palette.getByRole('combobox', { name: 'Search commands and tables' }).fill(text)
        await palette.getByRole('option', { name: option }).click()
      }
      await runPalette('new table', /^New table…/)
      const darkNew = page.getByRole('dialog', { name: `New table in ${schema}` })
      await darkNew.getByLabel('Class name').fill('Member')
      await darkNew.getByRole('radio', { name: 'Part' }).check()
      await darkNew.getByLabel('Master').selectOption('researcher')
      await typeDefinition(darkNew, '-> master\nmember_role : varchar(16)\n---\nsince = null : date  # joined')
      await expect(darkNew.getByText('Table name:')).toContainText('researcher__member')
      await expect(darkNew.getByRole('tabpanel', { name: /DDL$/ })).toContainText('researcher__member')
      await app.screenshot(`declare-7-part-dark-1024-${login.backend}`)
      await darkNew.getByRole('button', { name: 'Cancel' }).click()
      await runPalette('drop the open table', /^Drop the open table…/)
      const darkDrop = page.getByRole('dialog', { name: /^Drop table/ })
      await expect(darkDrop.getByRole('list', { name: 'Tables to drop' }).getByRole('listitem')).toHaveText([/Researcher\s*researcher/])
      await app.screenshot(`declare-8-drop-dark-1024-${login.backend}`)
      await darkDrop.getByRole('button', { name: 'Cancel' }).click()
      await page.emulateMedia({ colorScheme: 'light' })
      await page.setViewportSize({ width: 1440, height: 900 })
      await app.closeTab(title)

      // A read-only tab: New schema, New table, Drop table and Drop schema are refused by the main process.
      const readOnly = await app.openNewConnection()
      await readOnly.fill({ name: `${title} read-only`, backend: login.backend, user: login.user })
      await readOnly.root.getByRole('checkbox', { name: /read-only/i }).check()
      await readOnly.saveAndConnect()
      const ro = app.pane(`${title} read-only`)
      await ro.root.getByRole('button', { name: 'New schema' }).click()
      const roSchema = page.getByRole('dialog', { name: 'New schema' })
      await roSchema.getByLabel('Schema name').fill(`${schema}_ro`)
      await roSchema.getByRole('button', { name: 'Create schema' }).click()
      await expect(roSchema.getByRole('alert')).toContainText('READ_ONLY')
      await roSchema.getByRole('button', { name: 'Cancel' }).click()
      await ro.search.fill(schema)
      await menuItem(page, schemaRow(ro, schema), `New table in ${schema}…`)
      const roTable = page.getByRole('dialog', { name: `New table in ${schema}` })
      await roTable.getByLabel('Class name').fill('Project')
      await typeDefinition(roTable, 'project_id : int32')
      await expect(roTable.getByRole('note', { name: 'Read-only tab' })).toBeVisible()
      await roTable.getByRole('button', { name: 'Declare table' }).click()
      await expect(roTable.getByRole('alert')).toContainText('READ_ONLY')
      await app.screenshot(`declare-4-read-only-${login.backend}`)
      await roTable.getByRole('button', { name: 'Cancel' }).click()
      await ro.expandSchema(schema)
      await menuItem(page, ro.table('Lab'), 'Drop table Lab…')
      const roDrop = page.getByRole('dialog', { name: 'Drop table Lab' })
      await roDrop.getByLabel('Type lab to confirm').fill('lab')
      await roDrop.getByRole('button', { name: 'Drop 2 tables' }).click()
      await expect(roDrop.getByRole('alert')).toContainText('READ_ONLY')
      await roDrop.getByRole('button', { name: 'Cancel' }).click()
      await menuItem(page, schemaRow(ro, schema), `Drop schema ${schema}…`)
      const roSchemaDrop = page.getByRole('dialog', { name: `Drop schema ${schema}` })
      await roSchemaDrop.getByLabel(`Type ${schema} to confirm`).fill(schema)
      await roSchemaDrop.getByRole('button', { name: `Drop schema ${schema}` }).click()
      await expect(roSchemaDrop.getByRole('alert')).toContainText('READ_ONLY')
      await roSchemaDrop.getByRole('button', { name: 'Cancel' }).click()
      await app.closeTab(`${title} read-only`)
      expect(await instance.listSchemas()).not.toContain(`${schema}_ro`)
      expect((await (await instance.schema(schema, { create: false })).listTables()).sort()).toEqual(['lab', 'researcher'])

      // Drop Lab: the preview lists Researcher with it (leaves first); the button waits for the typed name.
      const again = await app.openNewConnection()
      await again.fill({ name: `${title} again`, backend: login.backend, user: login.user })
      await again.saveAndConnect()
      const rw = app.pane(`${title} again`)
      await rw.search.fill(schema)
      await rw.expandSchema(schema)
      await menuItem(page, rw.table('Lab'), 'Drop table Lab…')
      const drop = page.getByRole('dialog', { name: 'Drop table Lab' })
      const list = drop.getByRole('list', { name: 'Tables to drop' })
      await expect(list.getByRole('listitem')).toHaveText([/Researcher\s*researcher/, /Lab\s*lab/])
      await expect(drop.getByRole('button', { name: 'Drop 2 tables' })).toBeDisabled()
      await drop.getByLabel('Type lab to confirm').fill('Lab')
      await expect(drop.getByRole('button', { name: 'Drop 2 tables' })).toBeDisabled()
      await drop.getByLabel('Type lab to confirm').fill('lab')
      await app.screenshot(`declare-5-drop-preview-${login.backend}`)
      await drop.getByRole('button', { name: 'Drop 2 tables' }).click()
      await expect(drop.getByRole('status').filter({ hasText: 'Dropped 2 tables' })).toBeVisible()
      await drop.getByRole('button', { name: 'Close', exact: true }).first().click()
      await expect(rw.table('Lab')).toHaveCount(0)
      expect(await (await instance.schema(schema, { create: false })).listTables()).toEqual([])

      // A table again (Lookup, from the palette's New table), then the whole schema, confirmed by its name.
      await page.keyboard.press('Control+Shift+P')
      const palette = page.getByRole('dialog', { name: 'Command palette' })
      await palette.getByRole('combobox', { name: 'Search commands and tables' }).fill('new table')
      await palette.getByRole('option', { name: /^New table…/ }).click()
      const lookupDialog = page.getByRole('dialog', { name: /^New table/ })
      await lookupDialog.getByLabel('Schema').selectOption(schema)
      await lookupDialog.getByLabel('Class name').fill('Species')
      await lookupDialog.getByRole('radio', { name: 'Lookup' }).check()
      await expect(lookupDialog.getByText('Table name:')).toContainText('#species')
      await typeDefinition(lookupDialog, 'species : varchar(32)')
      await lookupDialog.getByRole('button', { name: 'Declare table' }).click()
      await expect(lookupDialog).toHaveCount(0)
      await menuItem(page, schemaRow(rw, schema), `Drop schema ${schema}…`)
      const schemaDrop = page.getByRole('dialog', { name: `Drop schema ${schema}` })
      await expect(schemaDrop.getByRole('list', { name: 'Tables to drop' }).getByRole('listitem')).toHaveText([/Species\s*#species/])
      await schemaDrop.getByLabel(`Type ${schema} to confirm`).fill(schema)
      await app.screenshot(`declare-6-schema-drop-${login.backend}`)
      await schemaDrop.getByRole('button', { name: `Drop schema ${schema}` }).click()
      await expect(schemaDrop.getByRole('status').filter({ hasText: `Dropped schema ${schema}` })).toBeVisible()
      await schemaDrop.getByRole('button', { name: 'Close', exact: true }).first().click()
      await expect(schemaRow(rw, schema)).toHaveCount(0)
      expect(await instance.listSchemas()).not.toContain(schema)
      await app.closeTab(`${title} again`)
    })
  })
}
