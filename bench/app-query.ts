// Goal (e): the query builder on DataJoint's university schema. In a real Chromium on a browser-mode server in this
// process: a step added to a query (a join of Course with Department, its operand chosen) → the step's heading and
// row count shown, timed in the page from the operand's `change` event to the count painted (one animation frame).
//
// Page scripts are plain JavaScript strings (see app-browser.ts).

import type { Locator, Page } from '@playwright/test'
import { createUniversitySchema } from '../e2e/pages/university-schema'
import { closeAllTabs, newAppPage, openProfileTab, type Chromium } from './app-browser'
import { startCountingApp } from './app-catalog'
import { BACKEND_LABEL, benchProfile, LOGINS, uniqueName, type Backend } from './app-data'

export const STEP_GOAL_MS = 300

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

export async function measureQuerySteps(chrome: Chromium, backends: readonly Backend[], runs: number): Promise<StepResult[]> {
  const results: StepResult[] = []
  const app = await startCountingApp(backends.map((backend) => benchProfile(backend, 1)))
  try {
    for (const backend of backends) {
      const schema = await createUniversitySchema(LOGINS[backend], uniqueName('bench_qb'))
      const { page } = await newAppPage(chrome, app.url)
      try {
        await closeAllTabs(page)
        const root = await openProfileTab(page, benchProfile(backend, 1).name)
        await root.getByRole('searchbox', { name: 'Search schemas and tables' }).fill(schema.name)
        await root.getByRole('treeitem', { name: 'Course', exact: true }).click()
        await root.getByRole('button', { name: 'New query' }).last().click()
        await root.getByRole('region', { name: 'Queries' }).getByLabel('Row count').first().waitFor()
        // The first join loads nothing new the next ones need: it is the warm-up, not measured.
        await addJoinStep(page, root)
        const timings: number[] = []
        for (let run = 0; run < runs; run += 1) timings.push(await addJoinStep(page, root))
        results.push({ backend, timings })
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

export function printQuerySteps(results: readonly StepResult[], median: (values: readonly number[]) => number): boolean {
  console.log(`\n(e) Query builder, university schema: a join step's operand chosen → its heading and count shown (goal ≤ ${STEP_GOAL_MS} ms)`)
  let ok = true
  for (const { backend, timings } of results) {
    const value = median(timings)
    const met = value <= STEP_GOAL_MS
    ok &&= met
    console.log(`    ${BACKEND_LABEL[backend].padEnd(11)} median ${value.toFixed(0).padStart(5)} ms  (${timings.map((t) => t.toFixed(0)).join(', ')})  ${met ? 'ok' : 'SLOW'}`)
  }
  return ok
}
