// Journey 3: what goes wrong, and how the app deals with it. A wrong password gives a clear error and breaks
// nothing else; a long query shows its progress and can be cancelled; a connection killed on the server is
// shown as lost and recovers by itself; a request without the token is refused.
import { expect, test } from './fixtures'
import { connect, createLabSchema, LOCAL_POSTGRES, uniqueName, type LabSchema } from './pages/lab-schema'
import { JoineryApp } from './pages/joinery-app'
import type * as dj from '../src/index'

test.describe('connection errors and recovery', () => {
  test('a wrong password shows a clear error, and nothing else breaks', async ({ page, joinery }) => {
    test.setTimeout(120_000)
    const app = new JoineryApp(page)
    await app.goto(joinery.url)
    await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })

    const dialog = await app.openNewConnection()
    await dialog.startNew()
    await dialog.fill({ name: 'MariaDB wrong password', backend: 'mysql', user: 'root', password: 'not-the-password' })
    const tested = await dialog.test()
    await expect(tested).toContainText('Access denied')
    await expect(tested).toContainText('ACCESS_DENIED')
    await app.screenshot('errors-1-test-denied')
    await dialog.saveAndConnect()

    // The tab says what went wrong and offers a retry; its tab shows the error state.
    const tab = app.tab('MariaDB wrong password')
    await expect(tab).toHaveAccessibleName(/could not connect/)
    const pane = app.pane('MariaDB wrong password')
    await expect(pane.root.getByRole('alert')).toContainText('Access denied')
    await expect(pane.root.getByRole('button', { name: 'Retry' })).toBeVisible()
    await expect(pane.root.getByRole('button', { name: 'Edit connection' })).toBeVisible()
    await app.screenshot('errors-2-tab-denied')

    // "Edit connection" opens the dialog on the tab's own profile (by its id); saving reconnects that same tab.
    const tabCount = await app.tabList.getByRole('tab').count()
    await pane.root.getByRole('button', { name: 'Edit connection' }).click()
    await expect(dialog.root.getByLabel('Name', { exact: true })).toHaveValue('MariaDB wrong password')
    await dialog.root.getByRole('checkbox', { name: 'Forget the saved password' }).check()
    await dialog.root.getByRole('button', { name: 'Save and reconnect' }).click()
    await expect(dialog.root).toHaveCount(0, { timeout: 30_000 })
    await expect(tab).toHaveAccessibleName(/connected/)
    await expect(app.tabList.getByRole('tab')).toHaveCount(tabCount)

    // An unreachable server names host:port.
    await page.keyboard.press('Control+t')
    await dialog.startNew()
    await dialog.fill({ name: 'Nowhere', backend: 'postgresql', host: '127.0.0.1', port: 9, user: 'postgres' })
    await expect(await dialog.test()).toContainText('Could not connect to 127.0.0.1:9')
    await dialog.close()

    // The Demo lab still works.
    const demo = await app.selectTab('Demo lab')
    await demo.openTable('Species')
    await expect(demo.total()).toHaveText('Total: 4')
    await app.closeTab('MariaDB wrong password')
  })

  test.describe('a connection lost on the server', () => {
    const role = uniqueName('e2e_role')
    let admin: dj.Instance
    let lab: LabSchema
    /** Ends the test's lock transaction (also when the test failed midway). */
    let release = (): void => undefined

    test.beforeAll(async () => {
      // The tab logs in as a role of its own, so that only its sessions are terminated (trust auth: no password).
      admin = connect(LOCAL_POSTGRES)
      await admin.connect()
      await admin.run({ sql: `CREATE ROLE "${role}" LOGIN`, params: [] })
      lab = await createLabSchema(LOCAL_POSTGRES, uniqueName('e2e_lost'), 40)
      await admin.run({ sql: `GRANT USAGE ON SCHEMA "${lab.name}" TO "${role}"`, params: [] })
      await admin.run({ sql: `GRANT SELECT ON ALL TABLES IN SCHEMA "${lab.name}" TO "${role}"`, params: [] })
    })

    test.afterAll(async () => {
      release()
      await lab?.drop()
      await admin?.run({ sql: `DROP ROLE IF EXISTS "${role}"`, params: [] }).catch(() => undefined)
      await admin?.close()
    })

    test('shows progress and cancels a long query; shows lost, then recovers', async ({ page, joinery }) => {
      test.setTimeout(150_000)
      const app = new JoineryApp(page)
      await app.goto(joinery.url)
      await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })
      const dialog = await app.openNewConnection()
      await dialog.startNew()
      await dialog.fill({ name: 'Lab PG', backend: 'postgresql', user: role })
      await dialog.saveAndConnect()
      const pane = app.pane('Lab PG')
      await pane.search.fill(lab.name)
      await pane.openTable('Animal')
      await expect(pane.total()).toHaveText('Total: 40')

      // A query blocked by a lock: elapsed time and Cancel, and the UI stays usable meanwhile.
      const released = new Promise<void>((resolve) => {
        release = resolve
      })
      const locked = new Promise<void>((resolve, reject) => {
        admin
          .transaction(async () => {
            await admin.run({ sql: `LOCK TABLE "${lab.name}"."animal" IN ACCESS EXCLUSIVE MODE`, params: [] })
            resolve()
            await released
          })
          .catch(reject)
      })
      await locked
      await pane.sortBy('name')
      const running = pane.root.getByRole('status').filter({ hasText: /Running query… [\d.]+ (ms|s)/ })
      await expect(running).toBeVisible()
      await expect(pane.table('Species')).toBeVisible()
      await app.screenshot('errors-3-long-query')
      await running.getByRole('button', { name: 'Cancel' }).click()
      await expect(pane.root.getByText('Query cancelled.')).toBeVisible()

      // Run it again (still blocked), and kill the tab's sessions on the server meanwhile: the query fails,
      // and the tab is shown lost.
      await pane.root.getByRole('button', { name: 'Run again' }).click()
      await expect(running).toBeVisible()
      // The tab may reconnect within milliseconds of being lost: record every name it takes, and every alert its
      // pane shows, so the lost state is seen however briefly it lasts.
      await page.evaluate(`(() => {
        const tab = [...document.querySelectorAll('[role="tablist"] [role="tab"]')].find((t) => (t.getAttribute('aria-label') ?? '').startsWith('Lab PG,'))
        const pane = [...document.querySelectorAll('[role="region"]')].find((r) => (r.getAttribute('aria-label') ?? '').startsWith('Lab PG ('))
        window.__labPgNames = []
        window.__labPgAlerts = []
        new MutationObserver(() => window.__labPgNames.push(tab.getAttribute('aria-label'))).observe(tab, { attributes: true, attributeFilter: ['aria-label'] })
        new MutationObserver(() => {
          for (const alert of pane.querySelectorAll('[role="alert"]')) window.__labPgAlerts.push(alert.textContent ?? '')
        }).observe(pane, { childList: true, subtree: true, characterData: true })
      })()`)
      const killed = await admin.run({
        sql: 'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE usename = $1',
        params: [role],
      })
      expect(killed.rows.length).toBeGreaterThan(0)
      const banner = pane.root.getByRole('alert').filter({ hasText: 'Connection lost' })
      await expect.poll(() => page.evaluate<string[]>('window.__labPgAlerts')).toContainEqual(expect.stringMatching(/^Connection lost/))
      await expect.poll(() => page.evaluate<string[]>('window.__labPgNames')).toContainEqual(expect.stringMatching(/connection lost/))
      await app.screenshot('errors-4-lost')
      release()

      // It reconnects by itself (backoff), and browsing works again.
      await expect(banner).toHaveCount(0, { timeout: 30_000 })
      await expect(app.tab('Lab PG')).toHaveAccessibleName(/connected/)
      await expect(pane.total()).toHaveText('Total: 40')
      await pane.filter('animal_id').fill('<= 5')
      await expect(pane.total()).toHaveText('Total: 5')
      await app.screenshot('errors-5-recovered')
      await app.closeTab('Lab PG')
    })
  })

  test('a request without the token is refused', async ({ page, joinery }) => {
    const url = new URL(joinery.url)
    const response = await page.goto(new URL('/', url).href)
    expect(response?.status()).toBe(403)
    await expect(page.getByRole('tablist', { name: 'Connections' })).toHaveCount(0)
    // With the token the same page opens the app.
    const app = new JoineryApp(page)
    await app.goto(url.href)
    await expect(app.tabList).toBeVisible()
  })
})
