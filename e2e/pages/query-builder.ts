// Page object for the query builder of one connection tab: its query tabs, steps (with their row counts), the
// Run / Edit steps switch and the result view.
import { expect as baseExpect, type Locator, type Page } from '@playwright/test'

// Each step is checked and counted in the main process; on a machine shared with other test runs that can take a
// few seconds, so the waits on states are longer than Playwright's default.
export const expect = baseExpect.configure({ timeout: 30_000 })

export class Builder {
  readonly page: Page
  readonly root: Locator

  constructor(page: Page, pane: Locator) {
    this.page = page
    this.root = pane.getByRole('region', { name: 'Queries' })
  }

  step(label: string): Locator {
    return this.root.getByRole('listitem', { name: label, exact: true })
  }

  /** A step's own row count: the last in it, after those of its nested operand's steps. */
  count(step: Locator): Locator {
    return step.getByLabel('Row count').last()
  }

  async newTab(table: string): Promise<void> {
    await this.root.getByRole('button', { name: 'New query tab' }).click()
    await this.start(this.step('Start'), table)
  }

  async start(scope: Locator, table: string): Promise<void> {
    await scope.getByRole('combobox', { name: 'Start from: table' }).first().selectOption(table)
  }

  async add(kind: string): Promise<Locator> {
    const before = await this.root.getByRole('listitem', { name: /^Step \d+:/ }).count()
    await this.root.getByRole('button', { name: `Add ${kind}`, exact: true }).click()
    return this.root.getByRole('listitem', { name: `Step ${before + 1}: ${kind}`, exact: true })
  }

  /** Adds a condition `attribute = value` to a restriction step's first group. */
  async condition(step: Locator, attribute: string, value: string, index = 1): Promise<void> {
    await step.getByRole('button', { name: 'Condition', exact: true }).click()
    await step.getByRole('combobox', { name: `Conditions: condition ${index}: attribute` }).selectOption(attribute)
    await step.getByRole('textbox', { name: `Conditions: condition ${index}: value` }).fill(value)
  }

  /** A query tab's tab button. */
  tab(title: string): Locator {
    return this.root.getByRole('tab', { name: title, exact: true })
  }

  /** The "Copied as …" note of the query's toolbar. */
  copied(language: 'Python' | 'TypeScript'): Locator {
    return this.root.getByRole('status').filter({ hasText: `Copied as ${language}` })
  }

  async run(): Promise<Locator> {
    await this.root.getByRole('toolbar', { name: 'Query' }).getByRole('button', { name: 'Run' }).click()
    const result = this.root.getByRole('region', { name: /^Result of / })
    await expect(result.getByRole('grid')).toBeVisible()
    return result
  }

  async editSteps(): Promise<void> {
    await this.root.getByRole('button', { name: 'Edit steps' }).click()
  }
}
