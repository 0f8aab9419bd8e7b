// Goals (f): the query builder. In a real Chromium on a browser-mode server in this process:
//   - on DataJoint's university schema, a step added to a query (a join of Course with Department, its operand
//     chosen) → the step's heading and row count shown, timed in the page from the operand's `change` event to the
//     count painted (one animation frame);
//   - on a 1,000,000-row table, a restriction on its (indexed) primary key typed into a Restrict step → the step
//     preview's first rows painted, against the same restriction typed into the table view's column filter in the
//     same run (the table preview the goal compares with). Both are timed from the `input` event, debounce included.
//
// Page scripts are plain JavaScript strings (see app-browser.ts).

import type { Locator, Page } from '@playwright/test'
import { createUniversitySchema } from '../e2e/pages/university-schema'
import { closeAllTabs, newAppPage, openProfileTab, type Chromium } from './app-browser'
import { startCountingApp } from './app-catalog'
import { BACKEND_LABEL, benchProfile, createRowsSchema, LOGINS, uniqueName, type Backend } from './app-data'

export const STEP_GOAL_MS = 300
export const PREVIEW_GOAL_MS = 300

export interface StepResult {
  readonly backend: Backend
  /** Operand chosen → the new step's heading and count painted, per run. */
  readonly timings: readonly number[]
}

const PROBE = `(() => {
  const probe = { changeAt: null, shownAt: null }
  window.__stepProbe = probe
  document.addEventListener('change', (event) => {
    if (event.target instanceof Element && event.target.getAttribute('aria-label') === 'Join with: table') probe.changeAt = event.timeStamp
  }, { capture: true })
  window.__stepShown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (probe.changeAt === null) return
      const step = document.querySelector('li[aria-label="Step 1: Join"]')
      const count = step?.querySelector('[aria-label="Row count"]')
      const heading = step?.querySelector('[aria-label="Heading"]')
      if (count == null || heading == null || !/^45 rows$/.test(count.textContent ?? '') || !heading.textContent.includes('dept_name')) return
      observer.disconnect()
      requestAnimationFrame(() => { probe.shownAt = performance.now(); resolve() })
    })
    observer.observe(document.body, { subtree: true, childList: true, characterData: true })
  })
})()`

async function addJoinStep(page: Page, root: Locator): Promise<number> {
  const queries = root.getByRole('region', { name: 'Queries' })
  await queries.getByRole('button', { name: 'Add Join', exact: true }).click()
  const step = queries.getByRole('listitem', { name: 'Step 1: Join', exact: true })
  await page.evaluate(PROBE)
  await step.getByRole('combobox', { name: 'Join with: table' }).selectOption('department')
  await page.evaluate('window.__stepShown')
  const { changeAt, shownAt } = await page.evaluate<{ changeAt: number; shownAt: number }>('window.__stepProbe')
  await step.getByRole('button', { name: 'Remove step 1' }).click()
  return shownAt - changeAt
}

/**
 * For each backend, in a browser-mode app of its own: a schema made by `create`, a fresh page with a tab on that
 * backend's profile, `tableName` opened from the tree (searched by the schema's name); then `measure`, and
 * everything closed and dropped.
 */
async function perBackendTable<T>(
  chrome: Chromium,
  backends: readonly Backend[],
  create: (backend: Backend) => Promise<{ readonly name: string; drop(): Promise<void> }>,
  tableName: string,
  measure: (backend: Backend, page: Page, root: Locator) => Promise<T>,
): Promise<T[]> {
  const results: T[] = []
  const app = await startCountingApp(backends.map((backend) => benchProfile(backend, 1)))
  try {
    for (const backend of backends) {
      const schema = await create(backend)
      const { page } = await newAppPage(chrome, app.url)
      try {
        await closeAllTabs(page)
        const root = await openProfileTab(page, benchProfile(backend, 1).name)
        await root.getByRole('searchbox', { name: 'Search schemas and tables' }).fill(schema.name)
        await root.getByRole('treeitem', { name: tableName, exact: true }).click()
        results.push(await measure(backend, page, root))
        await closeAllTabs(page)
      } finally {
        await page.context().close()
        await schema.drop()
      }
    }
  } finally {
    await app.close()
  }
  return results
}

export async function measureQuerySteps(chrome: Chromium, backends: readonly Backend[], runs: number): Promise<StepResult[]> {
  const create = (backend: Backend) => createUniversitySchema(LOGINS[backend], uniqueName('bench_qb'))
  return perBackendTable(chrome, backends, create, 'Course', async (backend, page, root) => {
    await root.getByRole('button', { name: 'New query' }).last().click()
    await root.getByRole('region', { name: 'Queries' }).getByLabel('Row count').first().waitFor()
    // The first join loads nothing new the next ones need: it is the warm-up, not measured.
    await addJoinStep(page, root)
    const timings: number[] = []
    for (let run = 0; run < runs; run += 1) timings.push(await addJoinStep(page, root))
    return { backend, timings }
  })
}

export function printQuerySteps(results: readonly StepResult[], median: (values: readonly number[]) => number): boolean {
  console.log(`\n(f) Query builder, university schema: a join step's operand chosen → its heading and count shown (goal ≤ ${STEP_GOAL_MS} ms)`)
  let ok = true
  for (const { backend, timings } of results) {
    const value = median(timings)
    const met = value <= STEP_GOAL_MS
    ok &&= met
    console.log(`    ${BACKEND_LABEL[backend].padEnd(11)} median ${value.toFixed(0).padStart(5)} ms  (${timings.map((t) => t.toFixed(0)).join(', ')})  ${met ? 'ok' : 'SLOW'}`)
  }
  return ok
}

export interface PreviewResult {
  readonly backend: Backend
  readonly rows: number
  /** `id >= N` typed into the Restrict step's value → the step preview's first row painted, per run. */
  readonly builder: readonly number[]
  /** The same condition typed into the table view's `id` filter → the grid's first row painted, per run. */
  readonly table: readonly number[]
}

/**
 * Arms a probe: from the next `input` event on the box labelled `inputLabel` to the first moment a grid cell inside
 * `scope` reads `expected` (then one animation frame). Resolves `window.__firstRow` with the milliseconds.
 */
function firstRowProbe(scope: string, inputLabel: string, expected: string): string {
  return `(() => {
    window.__firstRow = new Promise((resolve, reject) => {
      let inputAt = null
      const onInput = (event) => {
        if (event.target instanceof Element && event.target.getAttribute('aria-label') === ${JSON.stringify(inputLabel)}) inputAt = event.timeStamp
      }
      document.addEventListener('input', onInput, { capture: true })
      const painted = () => [...document.querySelectorAll(${JSON.stringify(`${scope} [role="grid"] [role="gridcell"]`)})]
        .some((cell) => cell.textContent.trim() === ${JSON.stringify(expected)})
      const observer = new MutationObserver(() => {
        if (inputAt === null || !painted()) return
        observer.disconnect()
        document.removeEventListener('input', onInput, { capture: true })
        clearTimeout(timer)
        requestAnimationFrame(() => resolve(performance.now() - inputAt))
      })
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no first row within 60 s')) }, 60000)
      observer.observe(document.body, { childList: true, subtree: true, characterData: true })
    })
  })()`
}

async function timeFirstRow(page: Page, input: Locator, scope: string, inputLabel: string, text: string, expected: string): Promise<number> {
  await page.evaluate(firstRowProbe(scope, inputLabel, expected))
  await input.fill(text)
  return page.evaluate<number>('window.__firstRow')
}

export async function measureQueryPreview(chrome: Chromium, backends: readonly Backend[], runs: number, rows: number): Promise<PreviewResult[]> {
  const create = (backend: Backend) => {
    process.stderr.write(`bench:app: loading ${rows.toLocaleString('en-US')} rows on ${BACKEND_LABEL[backend]}…\n`)
    return createRowsSchema(LOGINS[backend], uniqueName('bench_qp'), rows)
  }
  return perBackendTable(chrome, backends, create, 'Big', async (backend, page, root) => {
    await root.getByRole('toolbar', { name: 'Table data' }).getByText(/^(Total: [\d,]+|≈ [\d,]+ rows)$/).waitFor({ timeout: 60_000 })
    // Each run restricts to a different key, so neither side answers from a cache. A discarded run first.
    const bound = (run: number): number => Math.floor(rows * 0.5) + (run + 1) * 10_000

    const filter = root.getByRole('textbox', { name: 'Filter id' })
    const table: number[] = []
    for (let run = -1; run < runs; run += 1) {
      const ms = await timeFirstRow(page, filter, '', 'Filter id', `>= ${bound(run)}`, String(bound(run)))
      if (run >= 0) table.push(ms)
    }
    await filter.fill('')

    await root.getByRole('button', { name: 'New query' }).last().click()
    const queries = root.getByRole('region', { name: 'Queries' })
    await queries.getByLabel('Row count').first().waitFor()
    await queries.getByRole('button', { name: 'Add Restrict', exact: true }).click()
    const step = queries.getByRole('listitem', { name: 'Step 1: Restrict', exact: true })
    await step.getByRole('button', { name: 'Condition', exact: true }).click()
    await step.getByRole('combobox', { name: 'Conditions: condition 1: attribute' }).selectOption('id')
    await step.getByRole('combobox', { name: 'Conditions: condition 1: operator' }).selectOption('>=')
    const value = step.getByRole('textbox', { name: 'Conditions: condition 1: value' })
    const builder: number[] = []
    for (let run = -1; run < runs; run += 1) {
      const text = String(bound(runs + run))
      const ms = await timeFirstRow(page, value, '[aria-label="Step preview"]', 'Conditions: condition 1: value', text, text)
      if (run >= 0) builder.push(ms)
    }
    return { backend, rows, builder, table }
  })
}

export function printQueryPreview(results: readonly PreviewResult[], median: (values: readonly number[]) => number): boolean {
  console.log(`\n(f) Query builder, a Restrict step on the primary key of a big table: value typed → the step preview's first rows (goal ≤ ${PREVIEW_GOAL_MS} ms, as fast as the table preview)`)
  let ok = true
  for (const { backend, rows, builder, table } of results) {
    const ours = median(builder)
    const peer = median(table)
    // "As fast as": within the run-to-run noise of a 2-CPU machine, 15 % or 10 ms, whichever is larger.
    const met = ours <= PREVIEW_GOAL_MS && ours <= peer + Math.max(10, peer * 0.15)
    ok &&= met
    const list = (values: readonly number[]): string => values.map((t) => t.toFixed(0)).join(', ')
    console.log(
      `    ${BACKEND_LABEL[backend].padEnd(11)} ${rows.toLocaleString('en-US')} rows  builder median ${ours.toFixed(0).padStart(4)} ms (${list(builder)})  table filter median ${peer.toFixed(0).padStart(4)} ms (${list(table)})  ${(ours / peer).toFixed(2)}×  ${met ? 'ok' : 'SLOW'}`,
    )
  }
  return ok
}
