// (i) A 1M-row table: "Count exactly" (click → the exact total painted), the last page while the total is an
// estimate (click → its last row painted: read backwards from the end, no OFFSET over a million rows), and ten
// pages down with the keyboard (ten PageDown presses from the first row → the focused row painted; the next page is
// fetched ahead, so the grid scrolls on across pages). Timed in the page: performance.now() at the click or the
// first key press to the awaited paint, plus one animation frame (for the key presses: to the DOM change that
// showed the tenth press's focused row).

import type { Locator, Page } from '@playwright/test'
import type { RunningJoinery } from '../e2e/joinery-process'
import { benchProfile, connect, LOGINS, type Backend, type BenchSchema } from './app-data'
import { closeAllTabs, expandSchema, newAppPage, openProfileTab, openTable, untilQuiet, type Chromium } from './app-browser'

export interface BigTableTiming {
  readonly countMs: number
  readonly lastPageMs: number
  readonly tenPagesDownMs: number
  /** The focused row after the ten presses (1-based): how far ten screens went. */
  readonly reachedRow: number
}

export interface BigTableResult {
  readonly backend: Backend
  readonly rows: number
  readonly timings: BigTableTiming[]
}

/** Waits in the page until `done()` holds (checked at each DOM change), then one frame; ms since `start`. */
const UNTIL_PAINTED = `(async ({ start, doneSource }) => {
  const done = new Function('return (' + doneSource + ')()')
  await new Promise((resolve, reject) => {
    if (done()) return resolve()
    // A bench that waits forever says nothing: give up loudly instead.
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('not painted within 60 s: ' + doneSource)) }, 60000)
    const observer = new MutationObserver(() => {
      if (done()) {
        observer.disconnect()
        clearTimeout(timer)
        resolve()
      }
    })
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true })
  })
  await new Promise((resolve) => requestAnimationFrame(() => resolve()))
  return performance.now() - start
})`

async function untilPainted(page: Page, start: number, doneSource: string): Promise<number> {
  return page.evaluate(`${UNTIL_PAINTED}(${JSON.stringify({ start, doneSource })})`)
}

const now = (page: Page): Promise<number> => page.evaluate('performance.now()')

/** Clicks `button` from inside the page (so the start time is the click's) and times until `doneSource` holds. */
async function timeClick(page: Page, button: Locator, doneSource: string): Promise<number> {
  await button.waitFor()
  const start = await button.evaluate((el) => {
    const t = performance.now()
    ;(el as unknown as { click(): void }).click()
    return t
  })
  return untilPainted(page, start, doneSource)
}

export async function measureBigTable(chrome: Chromium, server: RunningJoinery, schemas: readonly BenchSchema[], bigRows: number, runs: number): Promise<BigTableResult[]> {
  const results: BigTableResult[] = []
  for (const schema of schemas) {
    // The estimate "Count exactly" starts from: PostgreSQL has no statistics right after the load.
    const instance = connect(LOGINS[schema.backend])
    try {
      await instance.run({ sql: schema.backend === 'postgresql' ? `ANALYZE "${schema.name}"."big"` : `ANALYZE TABLE \`${schema.name}\`.\`big\``, params: [] })
    } finally {
      await instance.close()
    }
    await untilQuiet(`the ${schema.backend} 1M-row table`)
    const title = benchProfile(schema.backend, 1).name
    const { page } = await newAppPage(chrome, server.url)
    const result: BigTableResult = { backend: schema.backend, rows: bigRows, timings: [] }
    for (let run = 0; run < runs; run += 1) {
      const root = await openProfileTab(page, title)
      await expandSchema(root, schema.name, 'Big')
      await openTable(root, schema.name, 'Big')
      const status = root.locator('.statusbar')
      await root.getByRole('button', { name: 'Count exactly' }).waitFor({ timeout: 60_000 })

      // The last page, the total an estimate: the last row (numbered −1 from the end) painted.
      const lastPageMs = await timeClick(page, root.getByRole('button', { name: 'Last page' }), `() => /Rows −100 … −1 \\(counted from the end\\)/.test(document.querySelector('.statusbar')?.textContent ?? '') && document.querySelector('[role="rowheader"]')?.textContent?.startsWith('−')`)

      // Ten pages down from the first row.
      await root.getByRole('button', { name: 'First page' }).click()
      await status.getByText('Rows 1–100').waitFor()
      await root.getByRole('grid').locator('[role="row"]').nth(2).locator('[role="gridcell"]').first().click()
      const focusedRow = `() => Number(document.querySelector('[role="row"]:has(.grid-cell.is-focused) [role="rowheader"]')?.textContent?.replace(/,/g, '') ?? 0)`
      // Every change of the focused row is stamped in the page; the last stamp is when the tenth press was painted.
      await page.evaluate(`(() => {
        const focusedRow = ${focusedRow}
        let row = focusedRow()
        window.__focusStamp = performance.now()
        window.__focusObserver = new MutationObserver(() => {
          const now = focusedRow()
          if (now !== row) {
            row = now
            window.__focusStamp = performance.now()
          }
        })
        window.__focusObserver.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] })
      })()`)
      const start = await now(page)
      for (let press = 0; press < 10; press += 1) await page.keyboard.press('PageDown')
      let reachedRow = 0
      for (let settled = 0; settled < 5; ) {
        const row = (await page.evaluate(`(${focusedRow})()`)) as number
        settled = row === reachedRow ? settled + 1 : 0
        reachedRow = row
        await page.waitForTimeout(50)
      }
      const tenPagesDownMs = ((await page.evaluate('(window.__focusObserver.disconnect(), window.__focusStamp)')) as number) - start

      // Count exactly: the exact total painted.
      const countMs = await timeClick(
        page,
        root.getByRole('button', { name: 'Count exactly' }),
        `() => [...document.querySelectorAll('.toolbar-total')].some((e) => e.textContent === 'Total: ${bigRows.toLocaleString('en-US')}')`,
      )
      result.timings.push({ countMs, lastPageMs, tenPagesDownMs, reachedRow })
      await closeAllTabs(page)
    }
    results.push(result)
    await page.context().close()
  }
  return results
}
