// Page object for the window: the tab bar, the panes of the open tabs, the connection dialog and shortcuts.
import { expect, type Locator, type Page } from '@playwright/test'
import { BrowserPane } from './browser-pane'
import { ConnectionDialog } from './connection-dialog'

export class JoineryApp {
  readonly page: Page
  readonly tabList: Locator
  readonly connectionDialog: ConnectionDialog

  constructor(page: Page) {
    this.page = page
    this.tabList = page.getByRole('tablist', { name: 'Connections' })
    this.connectionDialog = new ConnectionDialog(page)
  }

  async goto(url: string): Promise<void> {
    const response = await this.page.goto(url)
    expect(response?.status()).toBe(200)
  }

  /** The tab button of a connection tab (its accessible name starts with the tab title). */
  tab(title: string): Locator {
    return this.tabList.getByRole('tab', { name: new RegExp(`^${escape(title)},`) })
  }

  /** The pane showing a tab (only shown panes are in the accessibility tree). */
  pane(title: string): BrowserPane {
    return new BrowserPane(this.page, this.page.getByRole('region', { name: new RegExp(`^${escape(title)} \\(`) }))
  }

  /** 0-based position of a tab in the tab bar (for the Ctrl/Cmd+1..9 shortcuts). */
  async tabIndex(title: string): Promise<number> {
    const names = await this.tabList.getByRole('tab').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('aria-label') ?? ''))
    return names.findIndex((name) => name.startsWith(`${title},`))
  }

  async selectTab(title: string): Promise<BrowserPane> {
    await this.tab(title).click()
    return this.pane(title)
  }

  async closeTab(title: string): Promise<void> {
    await this.tabList.getByRole('button', { name: `Close ${title}` }).click()
    await expect(this.tab(title)).toHaveCount(0)
  }

  async openNewConnection(): Promise<ConnectionDialog> {
    await this.tabList.getByRole('button', { name: /New connection/ }).click()
    await expect(this.connectionDialog.root).toBeVisible()
    return this.connectionDialog
  }

  async toggleSplit(): Promise<void> {
    await this.page.getByRole('button', { name: /side by side|Show one tab/ }).click()
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: new URL(`../screenshots/${name}.png`, import.meta.url).pathname })
  }
}

export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
