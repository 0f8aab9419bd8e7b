// Journey: following the data on the Demo lab. A foreign-key value opens its parent row (a renamed foreign key,
// Session.experimenter → Researcher), the "Referenced by" panel counts the children of the selected rows (renamed
// foreign keys, a part table, another schema) and opens them restricted to those rows; back and forward (buttons,
// Alt+Left/Right) retrace the way; the cell and row context menus (right-click, Shift+F10) copy key dicts, filter by
// a value and open a parent. Nothing is modified. Screenshots at 1440×900 light and 1024×700 dark.
import { expect, startJoinery, test, type RunningJoinery } from './fixtures'
import type { BrowserPane } from './pages/browser-pane'
import { JoineryApp } from './pages/joinery-app'

test.describe('following the data on the Demo lab', () => {
  let server: RunningJoinery

  test.beforeAll(async () => {
    server = await startJoinery()
  })

  test.afterAll(async () => {
    await server.stop()
  })

  test('parents, children and back again; context menus', async ({ page, context, browser }) => {
    test.setTimeout(240_000)
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin })
    await page.setViewportSize({ width: 1440, height: 900 })
    const app = new JoineryApp(page)
    await app.goto(server.url)
    const demo: BrowserPane = app.pane('Demo lab')
    await expect(demo.table('Session')).toBeVisible({ timeout: 60_000 })

    // Session: its foreign-key columns are marked, and their values link to the parent row.
    await demo.openTable('Session')
    const sessions = await demo.total().innerText()
    await expect(demo.grid.getByRole('button', { name: 'experimenter, sort (foreign key to Researcher)' })).toBeVisible()
    await expect(demo.grid.getByRole('button', { name: 'subject_id, sort (foreign key to Subject)' })).toBeVisible()
    await expect(demo.historyButton('Back')).toBeDisabled()
    const experimenter = (await (await demo.cell(0, 'experimenter')).innerText()).trim()
    expect(experimenter).toMatch(/^[a-z]+$/)
    await demo.grid.getByRole('button', { name: `Open Researcher row of experimenter ${experimenter}` }).first().click()

    // The parent row: Researcher restricted to that key (the renamed column mapped back to researcher_id).
    await expect(demo.root.getByRole('heading', { level: 1, name: 'Researcher' })).toBeVisible()
    await expect(demo.followed).toContainText(`rows with researcher_id = '${experimenter}'`)
    await expect(demo.total()).toHaveText('Total: 1')
    await expect(demo.tree.getByRole('treeitem', { name: 'Researcher', exact: true })).toHaveAttribute('aria-selected', 'true')
    await app.screenshot('follow-1-parent')

    // Back (button) to every session, forward (Alt+Right) to the researcher again.
    await demo.historyButton('Back').click()
    await expect(demo.root.getByRole('heading', { level: 1, name: 'Session' })).toBeVisible()
    await expect(demo.total()).toHaveText(sessions)
    await expect(demo.followed).toHaveCount(0)
    await expect(demo.historyButton('Forward')).toBeEnabled()
    await page.keyboard.press('Alt+ArrowRight')
    await expect(demo.root.getByRole('heading', { level: 1, name: 'Researcher' })).toBeVisible()
    await expect(demo.total()).toHaveText('Total: 1')

    // What references this researcher: sessions as experimenter, subjects as surgeon (both renamed foreign keys).
    await demo.toolbar.getByRole('button', { name: 'Referenced by' }).click()
    await expect(demo.references).toContainText('Select rows')
    await demo.grid.getByRole('rowheader').first().click()
    const asExperimenter = demo.references.getByRole('button', { name: /^Open Session: [\d,]+ rows? through experimenter$/ })
    const asSurgeon = demo.references.getByRole('button', { name: /^Open Subject: [\d,]+ rows? through surgeon$/ })
    await expect(asExperimenter).toBeVisible()
    await expect(asSurgeon).toBeVisible()
    const experimenterCount = Number((await asExperimenter.getAttribute('aria-label'))?.replace(/^.*: ([\d,]+) rows?.*$/, '$1').replace(/,/g, ''))
    expect(experimenterCount).toBeGreaterThan(0)
    await app.screenshot('follow-2-referenced-by')

    // Open the child: Session restricted to this experimenter's rows, as many as the panel counted.
    await asExperimenter.click()
    await expect(demo.root.getByRole('heading', { level: 1, name: 'Session' })).toBeVisible()
    await expect(demo.followed).toContainText('referencing 1 selected Researcher row through experimenter')
    await expect(demo.total()).toHaveText(`Total: ${experimenterCount.toLocaleString('en-US')}`)
    await expect(async () => expect(new Set(await demo.columnValues('experimenter'))).toEqual(new Set([experimenter]))).toPass()
    await app.screenshot('follow-3-children')

    // Alt+Left twice: the researcher, then every session.
    await page.keyboard.press('Alt+ArrowLeft')
    await expect(demo.root.getByRole('heading', { level: 1, name: 'Researcher' })).toBeVisible()
    await page.keyboard.press('Alt+ArrowLeft')
    await expect(demo.root.getByRole('heading', { level: 1, name: 'Session' })).toBeVisible()
    await expect(demo.total()).toHaveText(sessions)

    // Three selected sessions: a part table, and two tables of another schema, each counted for those rows only.
    await demo.grid.getByRole('rowheader').nth(0).click()
    await demo.grid.getByRole('rowheader').nth(2).click({ modifiers: ['Shift'] })
    await demo.toolbar.getByRole('button', { name: 'Referenced by' }).click()
    await expect(demo.references).toContainText('reference the 3 selected rows')
    await expect(demo.references.getByRole('button', { name: /^Open Session\.Trial: [\d,]+ rows$/ })).toBeVisible()
    await expect(demo.references.getByRole('button', { name: /^Open ephys\.TrialStats: [123] rows?$/ })).toBeVisible()
    // This table's schema first, then the others, each by name.
    await expect(demo.references.getByRole('listitem')).toHaveText([/Session\.Trial\d+$/, /ephys\.Recording\d$/, /ephys\.TrialStats\d$/])
    const recordings = demo.references.getByRole('button', { name: /^Open ephys\.Recording: [0-3] rows?$/ })
    const recordingCount = ((await recordings.getAttribute('aria-label')) ?? '').replace(/^.*: (\d) rows?$/, '$1')
    await recordings.click()
    await expect(demo.root.getByRole('heading', { level: 1, name: 'Recording' })).toBeVisible()
    await expect(demo.total()).toHaveText(`Total: ${recordingCount}`)
    await demo.historyButton('Back').click()
    await expect(demo.total()).toHaveText(sessions)

    // The cell menu, by right-click: the key as DataJoint key dicts, then filter by the value.
    const subjectCell = await demo.cell(0, 'subject_id')
    const subjectId = (await subjectCell.innerText()).trim()
    const sessionIdx = (await (await demo.cell(0, 'session_idx')).innerText()).trim()
    await subjectCell.click({ button: 'right' })
    const menu = page.getByRole('menu', { name: 'Cell subject_id, row 1' })
    await expect(menu).toBeVisible()
    await expect(menu.getByRole('menuitem', { name: 'Copy cell' })).toBeFocused()
    await expect(menu.getByRole('menuitem')).toHaveText([
      'Copy cell',
      'Copy row as JSON',
      'Copy key as Python dict',
      'Copy key as TypeScript object',
      'Filter by this value',
      'Exclude this value',
      'Open parent Subject',
      'Show what references this row',
    ])
    await app.screenshot('follow-4-context-menu')
    await menu.getByRole('menuitem', { name: 'Copy key as Python dict' }).click()
    await expect(menu).toHaveCount(0)
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(`{'subject_id': ${subjectId}, 'session_idx': ${sessionIdx}}`)

    // Shift+F10 opens the same menu on the focused cell; arrows move, Enter chooses: the TypeScript key.
    await demo.grid.focus()
    await page.keyboard.press('Shift+F10')
    await expect(menu).toBeVisible()
    await page.keyboard.press('End')
    await page.keyboard.press('Escape')
    await expect(menu).toHaveCount(0)
    await page.keyboard.press('Shift+F10')
    await menu.getByRole('menuitem', { name: 'Copy key as TypeScript object' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()')).toBe(`{ subject_id: ${subjectId}, session_idx: ${sessionIdx} }`)

    // Filter by this value: the column's filter box says so, and every row has it.
    await subjectCell.click({ button: 'right' })
    await menu.getByRole('menuitem', { name: 'Filter by this value' }).click()
    await expect(demo.filter('subject_id')).toHaveValue(`= ${subjectId}`)
    await expect(async () => expect(new Set(await demo.columnValues('subject_id'))).toEqual(new Set([subjectId]))).toPass()
    // Filters are kept per table across reloads: this one goes once the row menu below has used it.

    // The row menu (right-click on the row number) opens a parent: the subject of this session.
    await demo.grid.getByRole('rowheader').first().click({ button: 'right' })
    const rowMenu = page.getByRole('menu', { name: 'Row 1' })
    await rowMenu.getByRole('menuitem', { name: 'Open parent Subject' }).click()
    await expect(demo.root.getByRole('heading', { level: 1, name: 'Subject' })).toBeVisible()
    await expect(demo.followed).toContainText(`subject_id = ${subjectId}`)
    await expect(demo.total()).toHaveText('Total: 1')

    // The definition pane marks the foreign-key columns and opens their parents.
    await demo.historyButton('Back').click()
    await demo.filter('subject_id').fill('')
    await expect(demo.total()).toHaveText(sessions)
    await demo.showDefinition()
    await expect(demo.root.getByRole('button', { name: 'experimenter: foreign key to Researcher, open it' })).toBeVisible()
    await app.screenshot('follow-5-definition')
    await demo.root.getByRole('button', { name: 'stimulus_type: foreign key to StimulusType, open it' }).click()
    await expect(demo.root.getByRole('heading', { level: 1, name: 'StimulusType' })).toBeVisible()
    await expect(demo.total()).toHaveText('Total: 6')

    // The dark theme in a smaller window: a parent opened from a subject, and what references it.
    const dark = await browser.newPage({ viewport: { width: 1024, height: 700 }, colorScheme: 'dark' })
    dark.on('pageerror', (error) => problems.push(error.message))
    const darkApp = new JoineryApp(dark)
    await darkApp.goto(server.url)
    const darkDemo = darkApp.pane('Demo lab')
    // Narrow: the tree is a drawer from a rail, and the window opens where the other left off (StimulusType).
    const rail = darkDemo.root.getByRole('toolbar', { name: 'Schema tree' })
    await expect(rail).toBeVisible({ timeout: 60_000 })
    await expect(darkDemo.root.getByRole('heading', { level: 1, name: 'StimulusType' })).toBeVisible()
    await rail.getByRole('button', { name: /Show the schema tree/ }).click()
    await darkDemo.openTable('Subject')
    await darkDemo.grid.getByRole('rowheader').nth(0).click()
    await darkDemo.grid.getByRole('rowheader').nth(4).click({ modifiers: ['Shift'] })
    await darkDemo.toolbar.getByRole('button', { name: 'Referenced by' }).click()
    await expect(darkDemo.references.getByRole('button', { name: /^Open Session: [\d,]+ rows$/ })).toBeVisible()
    await darkApp.screenshot('follow-6-dark-referenced-by')
    await darkDemo.references.getByRole('button', { name: /^Open Session:/ }).click()
    await expect(darkDemo.followed).toContainText('referencing 5 selected Subject rows')
    await darkApp.screenshot('follow-7-dark-children')
    await darkDemo.historyButton('Back').click()
    await expect(darkDemo.total()).toHaveText('Total: 24')
    await dark.close()

    expect(problems).toEqual([])
  })
})
