// Page object for one tab's browser: the schema tree and the open table (grid, filters, pager, viewer).
import { expect, type Locator, type Page } from '@playwright/test'

export class BrowserPane {
  readonly page: Page
  readonly root: Locator
  readonly tree: Locator
  readonly search: Locator
  readonly grid: Locator
  readonly toolbar: Locator

  constructor(page: Page, root: Locator) {
    this.page = page
    this.root = root
    this.tree = root.getByRole('tree', { name: 'Schemas' })
    this.search = root.getByRole('searchbox', { name: 'Search schemas and tables' })
    this.grid = root.getByRole('grid')
    this.toolbar = root.getByRole('toolbar', { name: 'Table data' })
  }

  table(label: string): Locator {
    return this.tree.getByRole('treeitem', { name: label, exact: true })
  }

  async expandSchema(name: string): Promise<void> {
    const item = this.tree.locator('[role="treeitem"][aria-level="1"]').filter({ hasText: name })
    if ((await item.getAttribute('aria-expanded')) !== 'true') await item.click()
  }

  async openTable(label: string): Promise<void> {
    await this.table(label).click()
    await expect(this.root.getByRole('heading', { level: 1, name: label })).toBeVisible()
    await expect(this.grid.getByRole('row').nth(2)).toBeVisible()
  }

  /** Opens the open table's insert form ("Insert row") and returns it. */
  async openInsertForm(table: string): Promise<Locator> {
    await this.toolbar.getByRole('button', { name: 'Insert row' }).click()
    return this.page.getByRole('form', { name: `Insert into ${table}` })
  }

  /** In an insert form, the row of `parent` whose key starts with `key`, chosen in its picker after a search. */
  async pickParent(form: Locator, parent: string, key: string): Promise<void> {
    await form.getByRole('button', { name: new RegExp(`^${parent}: Choose ${parent}`) }).click()
    await form.getByRole('searchbox', { name: `Search ${parent}` }).fill(key)
    await form.getByRole('button', { name: new RegExp(`^Choose ${parent} ${key} `) }).click()
  }

  /** The text of the toolbar's total ("Total: 24" or "≈ 1.2M rows"). */
  total(): Locator {
    return this.toolbar.getByText(/^(Total: [\d,]+|≈ [\d,]+ rows)$/)
  }

  columnHeader(name: string): Locator {
    return this.grid.getByRole('columnheader', { name: new RegExp(`^${name}\\b`) }).first()
  }

  async sortBy(column: string): Promise<void> {
    await this.grid.getByRole('button', { name: `${column}, sort` }).click()
  }

  /** A column's filter box: a textbox, or a combobox where it offers choices (enum, bool). */
  filter(column: string): Locator {
    const name = `Filter ${column}`
    return this.grid.getByRole('textbox', { name, exact: true }).or(this.grid.getByRole('combobox', { name, exact: true }))
  }

  /** Cells of one column on the current page, in order (visible rows only: the grid is virtualized). */
  async columnValues(column: string): Promise<string[]> {
    const headers = await this.grid.getByRole('columnheader').allInnerTexts()
    const index = headers.findIndex((text) => text.split('\n')[0]?.trim() === column)
    if (index < 1) throw new Error(`No column ${column} in ${headers.join(' | ')}`)
    // Header cells: the "#" corner, then one per (rendered) column; body cells carry aria-colindex.
    return this.grid.locator(`[role="row"] [role="gridcell"][aria-colindex="${index}"]`).allInnerTexts()
  }

  rowsLabel(): Locator {
    return this.root.getByText(/^Rows [\d,]+–[\d,]+$|^No rows$/)
  }

  async nextPage(): Promise<void> {
    await this.root.getByRole('button', { name: 'Next page' }).click()
  }

  async setPageSize(size: number): Promise<void> {
    await this.root.getByRole('combobox', { name: 'Rows per page' }).selectOption(String(size))
  }

  async showDefinition(): Promise<void> {
    await this.root.getByRole('tab', { name: 'Definition' }).click()
  }

  async showData(): Promise<void> {
    await this.root.getByRole('tab', { name: 'Data' }).click()
  }

  /** The back and forward buttons of the open table's history. */
  historyButton(name: 'Back' | 'Forward'): Locator {
    return this.root.getByRole('group', { name: 'History' }).getByRole('button', { name, exact: true })
  }

  /** The "Referenced by" panel beside the grid. */
  get references(): Locator {
    return this.root.getByRole('complementary', { name: 'Referenced by' })
  }

  /** The note above the grid saying which rows a navigation led to. */
  get followed(): Locator {
    return this.root.getByRole('status', { name: 'Followed restriction' })
  }

  /** A body cell by (0-based) row on the page and column name. */
  async cell(row: number, column: string): Promise<Locator> {
    const headers = await this.grid.getByRole('columnheader').allInnerTexts()
    const index = headers.findIndex((text) => text.split('\n')[0]?.trim() === column)
    if (index < 1) throw new Error(`No column ${column} in ${headers.join(' | ')}`)
    return this.grid.getByRole('row').nth(row + 2).locator(`[role="gridcell"][aria-colindex="${index}"]`)
  }
}
