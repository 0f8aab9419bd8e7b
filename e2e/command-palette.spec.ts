// The command palette (Ctrl/Cmd+Shift+P) opens a table of another connection tab, a diagram, and runs actions;
// `?` lists the shortcuts.
import { expect, startJoinery, test, type RunningJoinery } from './fixtures'
import { JoineryApp } from './pages/joinery-app'

test.describe('the command palette', () => {
  let server: RunningJoinery

  test.beforeAll(async () => {
    // A server of its own: a first start, so the Demo lab opens, and no other journey's tabs.
    server = await startJoinery()
  })

  test.afterAll(async () => {
    await server.stop()
  })

  test('opens a table of another tab, a diagram, and the shortcuts', async ({ page }) => {
    test.setTimeout(120_000)
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    const app = new JoineryApp(page)
    await app.goto(server.url)
    await expect(app.pane('Demo lab').table('Subject')).toBeVisible({ timeout: 60_000 })

    const dialog = await app.openNewConnection()
    await dialog.fill({ name: 'Palette PostgreSQL', backend: 'postgresql', user: 'postgres' })
    await dialog.saveAndConnect()
    await expect(app.tab('Palette PostgreSQL')).toHaveAccessibleName(/connected/)
    await expect(app.tab('Palette PostgreSQL')).toHaveAttribute('aria-selected', 'true')

    // From the PostgreSQL tab, a Demo lab table: found by typing, opened in its own tab.
    await page.keyboard.press('Control+Shift+P')
    const palette = page.getByRole('dialog', { name: 'Command palette' })
    await expect(palette).toBeVisible()
    const input = palette.getByRole('combobox', { name: 'Search commands and tables' })
    await expect(input).toBeFocused()
    await input.fill('stimulus')
    // The table itself, not the "New query from StimulusType" entry the search offers too.
    const option = palette.getByRole('option', { name: /StimulusType lab · Demo lab/ }).filter({ hasNotText: 'New query from' })
    await expect(option).toBeVisible()
    await app.screenshot('palette-1-search')
    // The server may hold other StimulusType tables (another journey's schemas): walk down to the Demo lab's.
    for (let step = 0; step < 20 && (await option.getAttribute('aria-selected')) !== 'true'; step += 1) await input.press('ArrowDown')
    await expect(option).toHaveAttribute('aria-selected', 'true')
    await input.press('Enter')
    await expect(palette).toBeHidden()
    await expect(app.tab('Demo lab')).toHaveAttribute('aria-selected', 'true')
    const demo = app.pane('Demo lab')
    await expect(demo.root.getByRole('heading', { level: 1, name: 'StimulusType' })).toBeVisible()
    await expect(demo.total()).toHaveText('Total: 6')

    // A diagram, by clicking its entry.
    await page.keyboard.press('Control+Shift+P')
    await input.fill('diagram ephys')
    await palette.getByRole('option', { name: /Diagram of ephys/ }).first().click()
    await expect(demo.root.getByRole('region', { name: 'Diagram of ephys' })).toBeVisible()

    // An action: back to the other tab, by its entry.
    await page.keyboard.press('Control+Shift+P')
    await input.fill('show palette')
    await input.press('Enter')
    await expect(app.tab('Palette PostgreSQL')).toHaveAttribute('aria-selected', 'true')

    // Escape closes the palette without running anything.
    await page.keyboard.press('Control+Shift+P')
    await expect(palette).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(palette).toBeHidden()
    await expect(app.tab('Palette PostgreSQL')).toHaveAttribute('aria-selected', 'true')

    // `?` outside a text field lists the shortcuts, the palette's included.
    await page.locator('body').click({ position: { x: 5, y: 300 } })
    await page.keyboard.press('Shift+?')
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect(help).toBeVisible()
    await expect(help.getByRole('row', { name: /Ctrl\+Shift\+P Command palette/ })).toBeVisible()
    await app.screenshot('palette-2-shortcuts')
    await help.getByRole('button', { name: 'Close' }).click()
    await expect(help).toBeHidden()

    await app.closeTab('Palette PostgreSQL')
    expect(problems).toEqual([])
  })

  test('a 1024 × 700 window: the tree is a drawer from a rail and the grid keeps the width', async ({ page }) => {
    test.setTimeout(120_000)
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.emulateMedia({ colorScheme: 'dark' })
    const app = new JoineryApp(page)
    await app.goto(server.url)
    const demo = app.pane('Demo lab')
    const rail = demo.root.getByRole('toolbar', { name: 'Schema tree' })
    await expect(rail).toBeVisible({ timeout: 60_000 })
    // The diagram the first test left open is back (the session), drawn.
    await expect(demo.root.locator('section[aria-label="Diagram of ephys"][data-diagram-state="ready"]')).toBeVisible({ timeout: 30_000 })
    await expect(demo.tree).toBeHidden()

    // Ctrl/Cmd+K opens the tree over the main area with its search focused; choosing a table closes it.
    await page.keyboard.press('Control+Shift+P')
    await page.getByRole('combobox', { name: 'Search commands and tables' }).fill('stimulus')
    await page.keyboard.press('Enter')
    await expect(demo.root.getByRole('heading', { level: 1, name: 'StimulusType' })).toBeVisible()
    await page.keyboard.press('Control+k')
    await expect(demo.search).toBeFocused()
    await expect(demo.tree).toBeVisible()
    await page.keyboard.type('subject')
    await page.keyboard.press('Enter')
    await expect(demo.root.getByRole('heading', { level: 1, name: 'Subject' })).toBeVisible()
    await expect(demo.tree).toBeHidden()
    const grid = await demo.grid.boundingBox()
    expect(grid?.width).toBeGreaterThan(940)
    await app.screenshot('narrow-1-grid')

    // The rail's button, and Ctrl/Cmd+B, open and close it; Escape closes it too.
    await rail.getByRole('button', { name: /Show the schema tree/ }).click()
    await expect(demo.tree).toBeVisible()
    await app.screenshot('narrow-2-drawer')
    await page.keyboard.press('Escape')
    await expect(demo.tree).toBeHidden()
    await page.keyboard.press('Control+b')
    await expect(demo.tree).toBeVisible()
    await page.keyboard.press('Control+b')
    await expect(demo.tree).toBeHidden()

    // Wide again: the tree is docked beside the grid.
    await page.setViewportSize({ width: 1440, height: 900 })
    await expect(demo.tree).toBeVisible()
    await expect(rail).toHaveCount(0)
  })
})
