// Page object for the Connections dialog: saved profiles and the connection form.
import { expect, type Locator, type Page } from '@playwright/test'

export interface ConnectionFields {
  readonly name: string
  readonly backend: 'postgresql' | 'mysql'
  readonly host?: string
  readonly port?: number
  readonly user: string
  readonly password?: string
}

export interface SshFields {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly keyFile: string
  readonly passphrase: string
}

export class ConnectionDialog {
  readonly root: Locator

  constructor(page: Page) {
    this.root = page.getByRole('dialog', { name: 'Connections' })
  }

  async startNew(): Promise<void> {
    await this.root.getByRole('button', { name: 'New', exact: true }).click()
  }

  async fill(fields: ConnectionFields): Promise<void> {
    await this.root.getByLabel('Name', { exact: true }).fill(fields.name)
    await this.root.getByRole('radio', { name: fields.backend === 'mysql' ? 'MySQL / MariaDB' : 'PostgreSQL' }).check()
    if (fields.host !== undefined) await this.root.getByLabel('Host', { exact: true }).fill(fields.host)
    if (fields.port !== undefined) await this.root.getByLabel('Port', { exact: true }).fill(String(fields.port))
    await this.root.getByLabel('User', { exact: true }).fill(fields.user)
    await this.root.getByLabel('Password', { exact: true }).fill(fields.password ?? '')
  }

  /** Turns the SSH tunnel on, signing in with a key file and its passphrase. */
  async fillSsh(fields: SshFields): Promise<void> {
    await this.root.getByRole('checkbox', { name: 'Connect through an SSH server' }).check()
    await this.root.getByLabel('SSH host', { exact: true }).fill(fields.host)
    await this.root.getByLabel('SSH port', { exact: true }).fill(String(fields.port))
    await this.root.getByLabel('SSH user', { exact: true }).fill(fields.user)
    await this.root.getByRole('radio', { name: 'Key file' }).check()
    await this.root.getByLabel('Private key file', { exact: true }).fill(fields.keyFile)
    await this.root.getByLabel('Key passphrase', { exact: true }).fill(fields.passphrase)
  }

  /** The first-use prompt for an SSH server's host key. */
  hostKeyPrompt(): Locator {
    return this.root.getByRole('alertdialog', { name: 'Unknown SSH host key' })
  }

  /** Runs "Test connection" and returns the result line (or the error callout). */
  async test(): Promise<Locator> {
    await this.root.getByRole('button', { name: 'Test connection' }).click()
    const result = this.root.getByRole('status').filter({ hasText: /Connected ·/ }).or(this.root.getByRole('alert'))
    await expect(result.first()).toBeVisible({ timeout: 20_000 })
    return result.first()
  }

  async saveAndConnect(): Promise<void> {
    await this.root.getByRole('button', { name: 'Save and connect' }).click()
    await expect(this.root).toHaveCount(0, { timeout: 30_000 })
  }

  async close(): Promise<void> {
    await this.root.getByRole('button', { name: 'Close' }).first().click()
    await expect(this.root).toHaveCount(0)
  }
}
