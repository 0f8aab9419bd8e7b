// Journey: a lab server reached through SSH. For each database (the machine's PostgreSQL and MariaDB) a real sshd,
// started by the test on loopback with its own host key, carries the connection: the first test shows the host key's
// fingerprint and asks to trust it; once trusted, the tab browses a schema through the tunnel. Then the server's host
// key changes, and Joinery refuses to connect, saying so.
import { expect, test } from './fixtures'
import { createLabSchema, LOCAL_MARIADB, LOCAL_POSTGRES, uniqueName, type LabSchema, type ServerLogin } from './pages/lab-schema'
import { JoineryApp } from './pages/joinery-app'
import { startTestSshd, type TestSshd } from '../electron/testing/sshd'

test.use({ viewport: { width: 1440, height: 900 } })

for (const login of [LOCAL_POSTGRES, LOCAL_MARIADB] satisfies ServerLogin[]) {
  const label = login.backend === 'postgresql' ? 'PostgreSQL' : 'MariaDB'

  test.describe(`${label} through an SSH tunnel`, () => {
    let sshd: TestSshd
    let lab: LabSchema

    test.beforeAll(async () => {
      sshd = await startTestSshd()
      lab = await createLabSchema(login, uniqueName(`e2e_ssh_${login.backend === 'postgresql' ? 'pg' : 'my'}`), 40)
    })
    test.afterAll(async () => {
      await lab?.drop()
      await sshd?.stop()
    })

    test('the host key is confirmed on first use, then refused once it changes', async ({ page, joinery }) => {
      test.setTimeout(180_000)
      const name = `${label} via SSH`
      const shot = `ssh-${login.backend}`
      const app = new JoineryApp(page)
      await app.goto(joinery.url)
      await expect(app.tab('Demo lab')).toBeVisible({ timeout: 60_000 })

      const dialog = await app.openNewConnection()
      await dialog.startNew()
      // A test needs no name yet.
      await dialog.fill({ name: '', backend: login.backend, host: login.host, port: login.port, user: login.user, password: login.password })
      await dialog.fillSsh({ host: sshd.host, port: sshd.port, user: sshd.user, keyFile: sshd.encryptedKeyFile, passphrase: sshd.passphrase })
      await dialog.root.getByRole('button', { name: 'Test connection' }).click()
      const prompt = dialog.hostKeyPrompt()
      await expect(prompt).toBeVisible({ timeout: 30_000 })
      await expect(prompt.getByLabel('Host key fingerprint')).toHaveText(await sshd.fingerprint())
      await expect(prompt).toContainText(`${sshd.host}:${sshd.port}`)
      await app.screenshot(`${shot}-1-host-key`)

      await prompt.getByRole('button', { name: 'Trust this key and connect' }).click()
      await expect(dialog.root.getByRole('status').filter({ hasText: /Connected ·/ })).toBeVisible({ timeout: 30_000 })
      await app.screenshot(`${shot}-2-tested`)

      await dialog.root.getByLabel('Name', { exact: true }).fill(name)
      await dialog.saveAndConnect()
      await expect(app.tab(name)).toHaveAccessibleName(/connected through SSH/)
      const pane = app.pane(name)
      await pane.search.fill(lab.name)
      await pane.openTable('Animal')
      await expect(pane.total()).toHaveText('Total: 40')
      await app.screenshot(`${shot}-3-browsing`)
      await app.closeTab(name)

      // The server now presents another key: refused, in the dialog and when connecting.
      await sshd.changeHostKey()
      await page.keyboard.press('Control+t')
      // The saved profile, with its saved passphrase (the SSH endpoint is unchanged).
      await dialog.root.getByRole('button', { name: new RegExp(`^${name}`) }).click()
      await expect(dialog.root.getByLabel('Key passphrase', { exact: true })).toHaveAttribute('placeholder', /saved/)
      const refused = await dialog.test()
      await expect(refused).toContainText(`The SSH host key of ${sshd.host}:${sshd.port} changed`)
      await expect(refused).toContainText('HOST_KEY_CHANGED')
      await expect(refused).toContainText(await sshd.fingerprint())
      await expect(dialog.hostKeyPrompt()).toHaveCount(0)
      await page.emulateMedia({ colorScheme: 'dark' })
      await page.setViewportSize({ width: 1024, height: 700 })
      await app.screenshot(`${shot}-4-refused-dark`)
      await page.setViewportSize({ width: 1440, height: 900 })
      await page.emulateMedia({ colorScheme: 'light' })

      await dialog.root.getByRole('button', { name: `Connect to ${name}` }).click()
      await expect(dialog.root).toHaveCount(0)
      await expect(app.tab(name)).toHaveAccessibleName(/could not connect/, { timeout: 30_000 })
      await expect(app.pane(name).root.getByRole('alert')).toContainText('HOST_KEY_CHANGED')
      await app.screenshot(`${shot}-5-tab-refused`)
    })
  })
}
