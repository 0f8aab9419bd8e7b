// Journey: filters that never mislead. On PostgreSQL and MariaDB, a date column's filter `> 2024-06-01` means
// the date (read as the number 2017 it returned every row on MariaDB and failed on PostgreSQL), bare text on a
// text column means "contains", each filter shows the condition it understood, and the restriction bar takes a
// DataJoint restriction string with its errors at their position. On PostgreSQL, a filter the server refuses
// keeps the grid, its last good rows and the filter row, and the filter is marked with the server's message.
import { expect, test } from './fixtures'
import { connect, LOCAL_MARIADB, LOCAL_POSTGRES, uniqueName, type ServerLogin } from './pages/lab-schema'
import { JoineryApp } from './pages/joinery-app'
import type { BrowserPane } from './pages/browser-pane'

interface ScratchSchema {
  readonly name: string
  drop(): Promise<void>
}

/** Twelve subjects born a day apart from 2024-05-27; every third weight is text, which PostgreSQL cannot cast. */
async function createScratchSchema(login: ServerLogin, name: string): Promise<ScratchSchema> {
  const instance = connect(login)
  await instance.connect()
  const schema = await instance.schema(name)
  const Subject = await schema.manual(
    'Subject',
    `
    subject_id : int32
    ---
    name : varchar(40)
    sex : enum('F', 'M', 'U')
    dob : date
    info = null : json
    `,
  )
  await Subject.insert(
    Array.from({ length: 12 }, (_, i) => ({
      subject_id: i + 1,
      name: [`headstage-${i + 1}`, `Forehead-${i + 1}`, `tail-${i + 1}`][i % 3],
      sex: i % 2 === 0 ? 'F' : 'M',
      dob: new Date(Date.UTC(2024, 4, 27 + i)).toISOString().slice(0, 10),
      info: { weight: i === 4 ? 'heavy' : i },
    })),
  )
  return {
    name,
    async drop() {
      try {
        await (await instance.schema(name, { create: false })).drop({ prompt: false })
      } finally {
        await instance.close()
      }
    },
  }
}

async function openSubject(app: JoineryApp, title: string, login: ServerLogin, schema: string, firstProfile: boolean): Promise<BrowserPane> {
  const dialog = await app.openNewConnection()
  if (!firstProfile) await dialog.startNew()
  await dialog.fill({ name: title, backend: login.backend, user: login.user })
  await dialog.saveAndConnect()
  await expect(app.tab(title)).toHaveAttribute('aria-selected', 'true')
  const pane = app.pane(title)
  await pane.search.fill(schema)
  await pane.openTable('Subject')
  await expect(pane.total()).toHaveText('Total: 12')
  return pane
}

/** The date filter, "contains" and the restriction bar, which behave the same on both backends. */
async function filterByType(app: JoineryApp, pane: BrowserPane, shot: string): Promise<void> {
  const understood = pane.root.getByRole('list', { name: 'Column filters' })

  await pane.filter('dob').fill('> 2024-06-01')
  await expect(pane.total()).toHaveText('Total: 6')
  await expect(pane.root.getByRole('status').filter({ hasText: 'dob > 2024-06-01' })).toBeVisible()
  await expect(understood).toContainText('dob > 2024-06-01')
  expect(await pane.columnValues('dob')).toEqual(['2024-06-02', '2024-06-03', '2024-06-04', '2024-06-05', '2024-06-06', '2024-06-07'])
  await app.screenshot(`${shot}-1-date-filter`)

  // A value that is not a date is refused in place, at its position, and not sent.
  await pane.filter('dob').fill('> 2024-06-31')
  await expect(pane.filter('dob')).toHaveAttribute('aria-invalid', 'true')
  await expect(pane.root.getByRole('alert').filter({ hasText: 'Expected a date like 2024-06-01, got "2024-06-31"' })).toBeVisible()
  await pane.filter('dob').fill('')
  await expect(pane.total()).toHaveText('Total: 12')

  // Bare text on a text column means "contains", in any case.
  await pane.filter('name').fill('head')
  await expect(pane.total()).toHaveText('Total: 8')
  await expect(understood).toContainText('name contains "head"')

  // An enum takes one of its choices, in any case.
  await pane.filter('sex').fill('f')
  await expect(pane.total()).toHaveText('Total: 4')
  await expect(understood).toContainText('sex = "F"')
  await pane.filter('sex').fill('')
  await expect(pane.total()).toHaveText('Total: 8')

  // The restriction bar: a DataJoint restriction string, ANDed with the column filters; errors at their position.
  const restriction = pane.root.getByRole('textbox', { name: 'Restriction' })
  await restriction.fill("sex = 'F' and and")
  await expect(pane.root.getByRole('alert').filter({ hasText: /position 14/ })).toBeVisible()
  await expect(restriction).toHaveAttribute('aria-invalid', 'true')
  await app.screenshot(`${shot}-2-restriction-error`)
  // Unquoted, a date is arithmetic (2024 - 6 - 1): refused by the engine on both backends, the rows stay.
  await restriction.fill('dob > 2024-06-01')
  await expect(pane.root.getByRole('alert').filter({ hasText: 'Cannot compare `dob` with a number' }).first()).toBeVisible()
  await expect(restriction).toHaveAttribute('aria-invalid', 'true')
  await expect(pane.rowsLabel()).toHaveText('Rows 1–8')
  await app.screenshot(`${shot}-3-unquoted-date-refused`)
  await restriction.fill("sex='F' and dob > '2024-06-01'")
  await expect(pane.total()).toHaveText('Total: 2')
  await expect(restriction).toHaveAttribute('aria-invalid', 'false')
  await app.screenshot(`${shot}-4-restriction`)
  await pane.root.getByRole('button', { name: 'Clear the restriction' }).click()
  await expect(pane.total()).toHaveText('Total: 8')
}

test.describe('filters that never mislead', () => {
  let pgSchema: ScratchSchema
  let mySchema: ScratchSchema

  test.beforeAll(async () => {
    pgSchema = await createScratchSchema(LOCAL_POSTGRES, uniqueName('e2e_filter_pg'))
    mySchema = await createScratchSchema(LOCAL_MARIADB, uniqueName('e2e_filter_my'))
  })

  test.afterAll(async () => {
    await pgSchema?.drop()
    await mySchema?.drop()
  })

  test('the date filter on PostgreSQL and MariaDB, and a filter PostgreSQL refuses', async ({ page, joinery }) => {
    test.setTimeout(180_000)
    await page.setViewportSize({ width: 1440, height: 900 })
    const app = new JoineryApp(page)
    await app.goto(joinery.url)
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })

    const pg = await openSubject(app, 'Filters PostgreSQL', LOCAL_POSTGRES, pgSchema.name, true)
    await filterByType(app, pg, 'filters-pg')

    // `.weight > 3` casts each row's weight to a number: PostgreSQL refuses the row whose weight is "heavy".
    await pg.filter('info').fill('.weight > 3')
    await expect(pg.filter('info')).toHaveAttribute('aria-invalid', 'true')
    await expect(pg.root.getByRole('alert').filter({ hasText: /double precision/ }).first()).toBeVisible()
    // The grid, its filter row and the last good rows stay.
    await expect(pg.filter('name')).toHaveValue('head')
    await expect(pg.rowsLabel()).toHaveText('Rows 1–8')
    expect(await pg.columnValues('name')).toContain('headstage-1')
    await expect(pg.root.getByRole('list', { name: 'Column filters' }).getByRole('listitem').filter({ hasText: 'info.weight > 3' })).toHaveClass(/is-rejected/)
    await app.screenshot('filters-pg-5-rejected')
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.emulateMedia({ colorScheme: 'dark' })
    await pg.filter('name').focus()
    await pg.filter('info').focus()
    await app.screenshot('filters-pg-6-rejected-dark')
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize({ width: 1440, height: 900 })

    // A filter the server can run clears the mark: a quoted value compares the weight as text.
    await pg.filter('info').fill('.weight = "heavy"')
    await expect(pg.filter('info')).toHaveAttribute('aria-invalid', 'false')
    await expect(pg.total()).toHaveText('Total: 1')
    expect(await pg.columnValues('name')).toEqual(['Forehead-5'])

    const my = await openSubject(app, 'Filters MariaDB', LOCAL_MARIADB, mySchema.name, false)
    await filterByType(app, my, 'filters-my')
  })
})
