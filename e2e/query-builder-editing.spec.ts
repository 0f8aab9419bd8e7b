// Editing queries in the builder, on the machine's MariaDB and PostgreSQL with DataJoint's university data: typed
// conditions (an enum's choices, LIKE, `is not null`) and a free-text one with completion; a step disabled (its
// input passes through) and removed; the result view's grid sorted, filtered, paged and exported; a lineage refusal
// joined without the semantic check; a nested step's count and "Copy as Python"; saved queries (created and changed)
// and the history opened in new query tabs; and a new query started from the command palette.
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { test } from './fixtures'
import { BrowserPane } from './pages/browser-pane'
import { JoineryApp } from './pages/joinery-app'
import type { ServerLogin } from './pages/lab-schema'
import { Builder, expect } from './pages/query-builder'
import { universityOnBothServers } from './pages/university-schema'

async function journey(page: Page, joinery: { url: string }, login: ServerLogin, profile: string, schema: string, shot: string) {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.emulateMedia({ colorScheme: 'light' })
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(joinery.url).origin })
  const app = new JoineryApp(page)
  await app.goto(joinery.url)
  await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
  const dialog = await app.openNewConnection()
  await dialog.fill({ name: profile, backend: login.backend, user: login.user })
  await dialog.saveAndConnect()
  const pane = app.pane(profile)
  await pane.search.fill(schema)
  await pane.expandSchema(schema)
  await pane.openTable('Student')

  // A new query from the command palette, found by searching for the table.
  await page.keyboard.press('Control+Shift+P')
  const palette = page.getByRole('dialog', { name: 'Command palette' })
  await palette.getByRole('combobox', { name: 'Search commands and tables' }).fill(`new query student ${schema}`)
  const fromStudent = palette.getByRole('option', { name: new RegExp(`New query from Student ${schema} · ${profile}$`) })
  await expect(fromStudent).toBeVisible()
  await app.screenshot(`${shot}-1-palette-new-query`)
  await fromStudent.click()
  await expect(palette).toBeHidden()
  const qb = new Builder(page, pane.root)
  await expect(qb.step('Start').getByRole('combobox', { name: 'Start from: table' })).toHaveValue('student')
  await expect(qb.count(qb.step('Start'))).toHaveText('300 rows')

  // An enum's values are choices: Student & {'sex': 'M'} → 133, and with home_state = 'UT' → 5.
  const restrict = await qb.add('Restrict')
  await restrict.getByRole('button', { name: 'Condition', exact: true }).click()
  await restrict.getByRole('combobox', { name: 'Conditions: condition 1: attribute' }).selectOption('sex')
  const sex = restrict.getByRole('combobox', { name: 'Conditions: condition 1: value' })
  await expect(sex.getByRole('option')).toHaveText(['(choose)', 'F', 'M', 'U'])
  await sex.selectOption('M')
  await expect(qb.count(restrict)).toHaveText('133 rows')
  await qb.condition(restrict, 'home_state', 'UT', 2)
  await expect(qb.count(restrict)).toHaveText('5 rows')
  // LIKE, typed: last_name like 'Sm%' → Small, Smith, Smith.
  await restrict.getByRole('button', { name: 'Remove condition 2' }).click()
  await restrict.getByRole('combobox', { name: 'Conditions: condition 1: attribute' }).selectOption('last_name')
  await restrict.getByRole('combobox', { name: 'Conditions: condition 1: operator' }).selectOption('like')
  await restrict.getByRole('textbox', { name: 'Conditions: condition 1: value' }).fill('Sm%')
  await expect(qb.count(restrict)).toHaveText('3 rows')
  await restrict.getByRole('button', { name: 'Remove condition 1' }).click()
  await expect(qb.count(restrict)).toHaveText('300 rows')

  // Free text with completion: a prefix offers the attributes and the functions that start with it.
  await restrict.getByRole('button', { name: 'Text', exact: true }).click()
  const text = restrict.getByRole('textbox', { name: 'Conditions: condition 1 text' })
  await text.click()
  await text.pressSequentially('da')
  const completion = restrict.getByRole('listbox')
  await expect(completion.getByRole('option', { name: /^date_of_birth\s*attribute$/ })).toBeVisible()
  await expect(completion.getByRole('option', { name: /^datediff\s*function$/ })).toBeVisible()
  await app.screenshot(`${shot}-2-completion`)
  await completion.getByRole('option', { name: /^date_of_birth\s*attribute$/ }).click()
  await text.pressSequentially(" < '1990-01-01'")
  await expect(text).toHaveText("date_of_birth < '1990-01-01'")
  await expect(qb.count(restrict)).toHaveText('65 rows')
  await restrict.getByRole('button', { name: 'Remove condition 1' }).click()
  await restrict.getByRole('button', { name: 'Condition', exact: true }).click()
  await restrict.getByRole('combobox', { name: 'Conditions: condition 1: attribute' }).selectOption('sex')
  await sex.selectOption('F')
  await expect(qb.count(restrict)).toHaveText('167 rows')

  // The result view is the table grid: sort by a column header, filter a column, page, and export what it shows.
  const result = await qb.run()
  const grid = new BrowserPane(page, result)
  await expect(grid.total()).toHaveText('Total: 167')
  await grid.sortBy('last_name')
  await expect(grid.columnHeader('last_name')).toHaveAttribute('aria-sort', 'ascending')
  // By initial only: the servers' collations order names within a letter differently from each other.
  await expect(async () => {
    const initials = (await grid.columnValues('last_name')).map((name) => name.charAt(0))
    expect(initials.length).toBeGreaterThan(5)
    expect(initials).toEqual([...initials].sort())
  }).toPass()
  await expect(grid.rowsLabel()).toHaveText('Rows 1–100')
  await grid.nextPage()
  await expect(grid.rowsLabel()).toHaveText('Rows 101–167')
  await grid.filter('home_state').fill("= 'UT'")
  await expect(grid.total()).toHaveText('Total: 2')
  await app.screenshot(`${shot}-3-result-grid`)
  const download = page.waitForEvent('download')
  await grid.toolbar.getByRole('button', { name: 'Export CSV' }).click()
  const csv = readFileSync(await (await download).path(), 'utf8').trimEnd().split('\r\n')
  expect(csv[0]).toBe('student_id,first_name,last_name,sex,date_of_birth,home_address,home_city,home_state,home_zip,home_phone')
  expect(csv).toHaveLength(3)
  const initials = csv.slice(1).map((line) => line.split(',')[2]?.charAt(0) ?? '')
  expect(initials).toEqual([...initials].sort())
  for (const line of csv.slice(1)) expect(line).toMatch(/,F,.*,UT,/)
  await expect(result.getByRole('status').filter({ hasText: /Exported 2 rows to/ })).toBeVisible()
  await qb.editSteps()

  // Saved, then opened again from the saved queries (created and changed shown) in a new query tab.
  await qb.root.getByRole('button', { name: 'Save', exact: true }).click()
  await page.getByRole('textbox', { name: 'Saved query name' }).fill('Female students')
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click()
  await expect(qb.tab('Female students')).toBeVisible()
  await qb.root.getByRole('button', { name: 'Saved queries' }).click()
  const saved = page.getByRole('dialog', { name: 'Saved queries' })
  const entry = saved.getByRole('listitem').filter({ hasText: 'Female students' })
  await expect(entry).toContainText(/created .+changed /)
  await app.screenshot(`${shot}-4-saved-queries`)
  await entry.getByRole('button', { name: 'Open Female students in new query tab' }).click()
  await expect(saved).toBeHidden()
  await expect(qb.root.getByRole('tab', { name: 'Female students' })).toHaveCount(2)
  await expect(qb.root.getByRole('tab', { name: 'Female students', selected: true })).toHaveCount(1)
  await expect(qb.count(qb.step('Step 1: Restrict'))).toHaveText('167 rows')

  // The run is in the history: opened from there in a new query tab too.
  await qb.root.getByRole('button', { name: 'History' }).click()
  const history = page.getByRole('dialog', { name: 'Query history' })
  await history.getByRole('button', { name: /^Open Query \d+, run .*, in new query tab$/ }).first().click()
  await expect(history).toBeHidden()
  await expect(qb.root.getByRole('tab', { name: /^Query \d+$/, selected: true })).toBeVisible()
  await expect(qb.count(qb.step('Step 1: Restrict'))).toHaveText('167 rows')

  // A step disabled passes its input through (its count is its input's), then removed: Enroll left-joined with
  // Grade (3,364 enrolments), of which 3,027 are graded.
  await qb.newTab('enroll')
  const join = await qb.add('Join')
  await join.getByRole('combobox', { name: 'Join with: table' }).selectOption('grade')
  await join.getByRole('checkbox', { name: /Left join/ }).check()
  await expect(qb.count(join)).toHaveText('3,364 rows')
  const graded = await qb.add('Restrict')
  await graded.getByRole('button', { name: 'Condition', exact: true }).click()
  await graded.getByRole('combobox', { name: 'Conditions: condition 1: attribute' }).selectOption('grade')
  await graded.getByRole('combobox', { name: 'Conditions: condition 1: operator' }).selectOption('is not null')
  await expect(graded.getByRole('textbox', { name: 'Conditions: condition 1: value' })).toHaveCount(0)
  await expect(qb.count(graded)).toHaveText('3,027 rows')
  await graded.getByRole('checkbox', { name: 'Step 2 enabled' }).uncheck()
  await expect(qb.count(graded)).toHaveText('3,364 rows')
  await graded.getByRole('checkbox', { name: 'Step 2 enabled' }).check()
  await expect(qb.count(graded)).toHaveText('3,027 rows')
  await graded.getByRole('button', { name: 'Remove step 2' }).click()
  await expect(qb.root.getByRole('listitem', { name: /^Step 2:/ })).toHaveCount(0)
  await expect(qb.count(join)).toHaveText('3,364 rows')

  // A join refused for lineage, joined anyway without the semantic check: Student.proj(course='student_id') * Course
  // matches no course number.
  await qb.newTab('student')
  await (await qb.add('Project')).getByRole('textbox', { name: 'Rename student_id to' }).fill('course')
  const refused = await qb.add('Join')
  await refused.getByRole('combobox', { name: 'Join with: table' }).selectOption('course')
  await expect(refused.getByRole('alert')).toContainText('different lineages')
  await refused.getByRole('group', { name: 'Fix for course' }).getByRole('button', { name: 'Join without the semantic check' }).click()
  await expect(refused.getByRole('alert')).toHaveCount(0)
  await expect(refused.getByRole('checkbox', { name: 'Semantic check' })).not.toBeChecked()
  await expect(qb.count(refused)).toHaveText('0 rows')

  // A nested operand's steps have their counts and copy as code: Student & (Enroll & {'dept': 'MATH'}).
  await qb.newTab('student')
  const semijoin = await qb.add('Match rows in')
  await semijoin.getByRole('combobox', { name: 'Matching rows in: source' }).selectOption('query')
  await qb.start(semijoin, 'enroll')
  await semijoin.getByRole('button', { name: 'Add nested Restrict' }).click()
  const nested = semijoin.getByRole('listitem', { name: 'Step 1: Restrict', exact: true })
  await qb.condition(nested, 'dept', 'MATH')
  await expect(qb.count(nested)).toHaveText('624 rows')
  await expect(qb.count(semijoin.getByRole('listitem', { name: 'Start', exact: true }))).toHaveText('3,364 rows')
  await expect(qb.count(semijoin)).toHaveText('202 rows')
  await nested.getByRole('button', { name: 'Copy nested Step 1 as Python' }).click()
  await expect(qb.copied('Python')).toBeVisible()
  const python = await page.evaluate<string>('navigator.clipboard.readText()')
  expect(python).toMatch(/\nquery = .*\bEnroll\b/)
  expect(python).toContain('MATH')
  expect(python).not.toContain('Student')
  await app.screenshot(`${shot}-5-nested-copy`)

  // The narrow dark window.
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.emulateMedia({ colorScheme: 'dark' })
  await nested.scrollIntoViewIfNeeded()
  await app.screenshot(`${shot}-6-nested-dark-narrow`)
  await qb.root.getByRole('button', { name: 'Saved queries' }).click()
  await expect(saved.getByRole('listitem').filter({ hasText: 'Female students' })).toContainText(/created .+changed /)
  await app.screenshot(`${shot}-7-saved-dark-narrow`)
  // Deleting asks again in the row: Keep leaves it, Delete removes it.
  const savedEntry = saved.getByRole('listitem').filter({ hasText: 'Female students' })
  await savedEntry.getByRole('button', { name: 'Delete saved query Female students' }).click()
  await expect(savedEntry.getByRole('group', { name: 'Delete Female students?' })).toBeVisible()
  await app.screenshot(`${shot}-8-saved-delete-asked`)
  await savedEntry.getByRole('button', { name: 'Keep Female students' }).click()
  await expect(savedEntry.getByRole('button', { name: 'Delete saved query Female students' })).toBeVisible()
  await savedEntry.getByRole('button', { name: 'Delete saved query Female students' }).click()
  await savedEntry.getByRole('button', { name: 'Delete Female students for good' }).click()
  await expect(saved.getByRole('listitem').filter({ hasText: 'Female students' })).toHaveCount(0)
  await expect(saved.getByText('No saved query for this connection yet.')).toBeVisible()
  await page.keyboard.press('Escape')
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize({ width: 1440, height: 900 })

  await app.closeTab(profile)
}

test.describe('editing queries in the builder on real servers', () => {
  for (const server of universityOnBothServers('e2e_qbe')) {
    test(`conditions, steps, the result grid, saved queries and history on ${server.label}`, async ({ page, joinery }) => {
      test.setTimeout(420_000)
      await journey(page, joinery, server.login, `Editing ${server.label}`, server.schema, `query-editing-${server.key}`)
    })
  }
})
