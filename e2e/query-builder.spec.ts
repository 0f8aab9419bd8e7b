// The query builder on the machine's MariaDB and PostgreSQL with DataJoint's university data: the tutorial's
// restriction, join and aggregation built by clicking and matching the golden rows; a semijoin over a nested
// query and an antijoin; a join refused for lineage with the offered fix applied; a dj.U aggregation; a saved
// query reused as an operand; Show SQL in the tab's dialect; the result view.
import type { Page } from '@playwright/test'
import { test } from './fixtures'
import { JoineryApp } from './pages/joinery-app'
import type { ServerLogin } from './pages/lab-schema'
import { Builder, expect } from './pages/query-builder'
import { universityOnBothServers } from './pages/university-schema'

async function journey(page: Page, joinery: { url: string }, login: ServerLogin, profile: string, schema: string, shot: string) {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.emulateMedia({ colorScheme: 'light' })
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

  // The tutorial's restriction, from the table's view: Student & {'home_state': 'UT'} → 7 students.
  await pane.root.getByRole('button', { name: 'New query' }).last().click()
  const qb = new Builder(page, pane.root)
  await expect(qb.count(qb.step('Start'))).toHaveText(/rows$/)
  const restrict = await qb.add('Restrict')
  await qb.condition(restrict, 'home_state', 'UT')
  await expect(qb.count(restrict)).toHaveText('7 rows')
  await expect(restrict.getByRole('list', { name: 'Heading' })).toContainText('student_id')
  // Free text in the code editor, read by the engine's parser: the error is marked where parsing stopped.
  await restrict.getByRole('button', { name: 'Text', exact: true }).click()
  const text = restrict.getByRole('textbox', { name: 'Conditions: condition 2 text' })
  await text.fill("date_of_birth > '1995-01-01' and")
  await expect(restrict.locator('.cm-lintRange-error')).toBeVisible()
  await expect(restrict.getByRole('alert')).toBeVisible()
  await text.fill("date_of_birth < '1990-01-01'")
  await expect(restrict.locator('.cm-lintRange-error')).toHaveCount(0)
  await expect(qb.count(restrict)).toHaveText('1 row')
  await restrict.getByRole('button', { name: 'Remove condition 2' }).click()
  await app.screenshot(`${shot}-1-restriction`)
  // The query's toolbar keeps one line in a 1024 × 700 window: "Copy as " and then other labels give way to icons.
  await page.setViewportSize({ width: 1024, height: 700 })
  const queryBar = qb.root.getByRole('toolbar', { name: 'Query' })
  for (const name of ['Show SQL', 'Copy as Python', 'Copy as TypeScript', 'Paste Python']) await expect(queryBar.getByRole('button', { name })).toBeVisible()
  expect(await queryBar.evaluate((bar) => bar.clientHeight < 48), 'the query toolbar fits on one line at 1024 × 700').toBe(true)
  await page.setViewportSize({ width: 1440, height: 900 })
  let result = await qb.run()
  await expect(result.getByRole('toolbar', { name: 'Table data' })).toContainText('Total: 7')
  await expect(result.getByRole('grid')).toContainText('Lindsey')
  await expect(result.getByRole('grid')).toContainText('Roman')
  await qb.editSteps()

  // Show SQL: what the engine runs, in this tab's dialect.
  await qb.root.getByRole('button', { name: 'Show SQL' }).click()
  const sql = page.getByLabel('SQL', { exact: true })
  await expect(sql).toContainText(login.backend === 'mysql' ? '`home_state`' : '"home_state"')
  await page.keyboard.press('Escape')

  // The tutorial's join: Course * Department, 45 rows matched on dept.
  await qb.newTab('course')
  const join = await qb.add('Join')
  await join.getByRole('combobox', { name: 'Join with: table' }).selectOption('department')
  await expect(qb.count(join)).toHaveText('45 rows')
  await expect(join.getByLabel('Namesake attributes')).toContainText('✓ dept')

  // The tutorial's aggregation: Department.aggr(Course, n='count(*)', sum_credits='sum(credits)').
  await qb.newTab('department')
  const aggr = await qb.add('Aggregate')
  await aggr.getByRole('combobox', { name: 'Aggregate over: table' }).selectOption('course')
  await aggr.getByRole('combobox', { name: 'Aggregates: add an aggregate' }).selectOption('sum:credits')
  await expect(qb.count(aggr)).toHaveText('4 rows')
  await expect(aggr.getByRole('list', { name: 'Heading' })).toContainText('sum_credits')
  result = await qb.run()
  const grid = result.getByRole('grid')
  for (const [dept, n, credits] of [['BIOL', '13', '42.0'], ['CS', '15', '50.0'], ['MATH', '9', '35.0'], ['PHYS', '8', '30.0']] as const) {
    await expect(grid.getByRole('row').filter({ hasText: dept }).first()).toContainText(n)
    await expect(grid.getByRole('row').filter({ hasText: dept }).first()).toContainText(credits)
  }
  await app.screenshot(`${shot}-2-aggregation-result`)
  await qb.editSteps()

  // Copy as Python, then Paste Python: the same query back, as steps, with the same rows.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(joinery.url).origin })
  await qb.root.getByRole('button', { name: 'Copy as Python' }).click()
  await expect(qb.root.getByRole('status').filter({ hasText: 'Copied as Python' })).toBeVisible()
  const python = await page.evaluate<string>('navigator.clipboard.readText()')
  expect(python).toContain(`dj.VirtualModule(`)
  expect(python).toMatch(/\nquery = .*\.Department\.aggr\(/)
  await qb.root.getByRole('button', { name: 'Paste Python' }).click()
  const paste = page.getByRole('dialog', { name: 'Paste Python' })
  await paste.getByRole('textbox', { name: 'Python code' }).fill('query = Department.aggr(Course,\n  n=count(*))')
  await paste.getByRole('button', { name: 'Open as query' }).click()
  await expect(paste.getByRole('alert')).toContainText('Line 2')
  await paste.getByRole('textbox', { name: 'Python code' }).fill(python)
  await paste.getByRole('button', { name: 'Open as query' }).click()
  await expect(paste).toBeHidden()
  await expect(qb.root.getByRole('tab', { name: 'Pasted query' })).toHaveAttribute('aria-selected', 'true')
  await expect(qb.count(qb.root.getByRole('listitem', { name: /^Step 1: Aggregate/ }))).toHaveText('4 rows')
  result = await qb.run()
  for (const [dept, n, credits] of [['BIOL', '13', '42.0'], ['CS', '15', '50.0'], ['MATH', '9', '35.0'], ['PHYS', '8', '30.0']] as const) {
    await expect(result.getByRole('grid').getByRole('row').filter({ hasText: dept }).first()).toContainText(n)
    await expect(result.getByRole('grid').getByRole('row').filter({ hasText: dept }).first()).toContainText(credits)
  }
  await app.screenshot(`${shot}-2b-pasted-python`)
  await qb.editSteps()
  // One step as code: the query up to that step.
  await qb.root.getByRole('button', { name: 'Copy Step 1 as TypeScript' }).click()
  await expect(qb.root.getByRole('status').filter({ hasText: 'Copied as TypeScript' })).toBeVisible()
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toMatch(/const query = .*\.aggr\(/)

  // A semijoin over a nested query: Student & (Enroll & {'dept': 'MATH'}) → 202 students.
  await qb.newTab('student')
  const semijoin = await qb.add('Match rows in')
  await semijoin.getByRole('combobox', { name: 'Matching rows in: source' }).selectOption('query')
  await qb.start(semijoin, 'enroll')
  await semijoin.getByRole('button', { name: 'Add nested Restrict' }).click()
  const nested = semijoin.getByRole('listitem', { name: 'Step 1: Restrict', exact: true })
  await qb.condition(nested, 'dept', 'MATH')
  await expect(qb.count(semijoin)).toHaveText('202 rows')
  await app.screenshot(`${shot}-3-semijoin-nested`)

  // An antijoin: Student - StudentMajor → 74 students.
  await qb.newTab('student')
  const antijoin = await qb.add('Match rows in')
  await antijoin.getByRole('combobox', { name: 'Keep rows that' }).selectOption('no')
  await antijoin.getByRole('combobox', { name: 'Matching rows in: table' }).selectOption('student_major')
  await expect(qb.count(antijoin)).toHaveText('74 rows')

  // A join refused for lineage: Student.proj(course='student_id') * Course, then the offered rename applied.
  await qb.newTab('student')
  const rename = await qb.add('Project')
  await rename.getByRole('textbox', { name: 'Rename student_id to' }).fill('course')
  await expect(rename.getByRole('list', { name: 'Heading' })).toContainText('course')
  const refused = await qb.add('Join')
  await refused.getByRole('combobox', { name: 'Join with: table' }).selectOption('course')
  await expect(refused.getByLabel('Namesake attributes')).toContainText('✗ course')
  await expect(refused.getByRole('alert')).toContainText('different lineages')
  await app.screenshot(`${shot}-4-lineage-refused`)
  await refused.getByRole('group', { name: 'Fix for course' }).getByRole('button', { name: 'Rename in the operand to' }).click()
  await expect(refused.getByRole('alert')).toHaveCount(0)
  await expect(refused.getByRole('list', { name: 'Heading' }).last()).toContainText('course_2')
  await expect(qb.count(refused)).toHaveText(/^[\d,]+ rows$/)

  // A dj.U aggregation: dj.U('home_state').aggr(Student, n='count(*)') → 51 states, Alaska first with 7.
  await qb.newTab('student')
  const perState = await qb.add('Group by (dj.U aggr)')
  await perState.getByRole('group', { name: 'Group by' }).getByRole('checkbox', { name: 'home_state' }).check()
  await expect(qb.count(perState)).toHaveText('51 rows')
  result = await qb.run()
  await expect(result.getByRole('grid').getByRole('row').nth(2)).toContainText('AK')
  await expect(result.getByRole('grid').getByRole('row').nth(2)).toContainText('7')
  await qb.editSteps()

  // A saved query reused as an operand: students with a MATH enrolment, again 202.
  await qb.newTab('enroll')
  await qb.condition(await qb.add('Restrict'), 'dept', 'MATH')
  await qb.root.getByRole('button', { name: 'Save', exact: true }).click()
  await page.getByRole('textbox', { name: 'Saved query name' }).fill('Math enrolments')
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click()
  await expect(qb.root.getByRole('tab', { name: 'Math enrolments' })).toBeVisible()
  await qb.newTab('student')
  const reuse = await qb.add('Match rows in')
  await reuse.getByRole('combobox', { name: 'Matching rows in: source' }).selectOption('saved')
  await expect(reuse.getByRole('combobox', { name: 'Matching rows in: saved query' })).toHaveValue(/.+/)
  await expect(qb.count(reuse)).toHaveText('202 rows')
  await app.screenshot(`${shot}-5-saved-operand`)

  // The narrow dark window.
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(qb.count(reuse)).toHaveText('202 rows')
  await app.screenshot(`${shot}-6-dark-narrow`)
  await page.emulateMedia({ colorScheme: 'light' })

  await app.closeTab(profile)
}

test.describe('the query builder on real servers', () => {
  for (const server of universityOnBothServers('e2e_qb')) {
    test(`builds the tutorial queries on ${server.label}`, async ({ page, joinery }) => {
      test.setTimeout(420_000)
      await journey(page, joinery, server.login, `Query ${server.label}`, server.schema, `query-${server.key}`)
    })
  }
})
