// App benchmarks against the app's measured goals, in browser mode with Debian's Chromium and the machine's
// PostgreSQL (and MariaDB): `npm run bench:app [-- --runs 5 --backend postgresql,mysql --only a,b,c,d]`.
//
//   (a) click-to-first-rows: a click on a table in the tree → its first rows painted, for a 1k-row and a 1M-row
//       table, cold, warm and revisited (see measureFirstRows). Timed in the page: the click event's timestamp to
//       the first grid cell of that table (MutationObserver), plus one animation frame. Median of --runs.
//   (b) catalog statements to open a schema of 5, 50 and 500 tables: the real UI opens a tab, expands the schema
//       and opens a table, against a browser-mode server in this process whose engine counts every statement by
//       the IPC channel that caused it (bench/app-catalog.ts); then, in a new tab on the same server (the first closed),
//       the same schema expanded again: warm, median of --runs.
//   (c) resident memory with four tabs each showing a 1M-row table: VmRSS of the browser-mode server process plus
//       that of Chromium's renderer process(es) for the page, from /proc.
//   (d) the schema diagram: catalog statements of one diagram of 5, 500 and 2,000 tables, click → laid out and
//       painted, the longest main-thread task while the worker lays out and while the result renders, frame times
//       while panning and zooming 2,000 tables, and the Demo lab's diagrams (bench/app-diagram.ts).
//   (e) children counts for 100 selected rows: a page of 100 rows selected, click "Referenced by" → the counts of
//       the three child tables painted, the `table.references` round trip and its statements (bench/app-follow.ts).
//   (f) the query builder: on the university schema, a step added → its heading and row count shown; a 200-step
//       query: step 201 added, step 1 edited, and a step past the depth bound refused; on a 1M-row table, a Restrict
//       step on the primary key → its preview's first rows, against the table view's column filter with the same
//       condition (bench/app-query.ts).
//   (g) export of the 1M-row table to CSV through the export service (pages by key): rows/s and resident memory
//       while it runs, against the raw driver reading the same rows (bench/app-export.ts).
//   (h) data entry: a foreign-key picker over 1,000,000 parent rows (first page, each search keystroke after the
//       debounce), a 20,000-row CSV import (validated in the preview, then inserted), and the cascade preview of a
//       Demo lab subject (bench/app-entry.ts).
//   (i) a 1M-row table: "Count exactly" → the exact total painted; "Last page" while the total is an estimate →
//       its last row painted (read backwards from the end); ten pages down with the keyboard (ten PageDown presses)
//       → the tenth press's row painted, against half DbGate's 860 ms (bench/app-big.ts).
//
// (a) and (c) run the app as `npm start -- --browser` does (scripts/start.mjs in its own process, kept in the
// foreground so the bench owns it).

import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { startJoinery, type RunningJoinery } from '../e2e/joinery-process'
import type { Profile } from '../electron/ipc/contract'
import { createJsonProfileStore } from '../electron/vault/profile-store'
import { BACKEND_LABEL, benchProfile, createRowsSchema, createWideSchema, LOGINS, uniqueName, type Backend, type BenchSchema } from './app-data'
import {
  clickToFirstRows,
  closeAllTabs,
  descendants,
  expandSchema,
  launchChromium,
  newAppPage,
  openProfileTab,
  openTable,
  pane,
  rssMb,
  tableTotal,
  type Chromium,
} from './app-browser'
import { startCountingApp } from './app-catalog'
import { measureDemoDiagram, measureDiagrams, type DiagramResult, type DiagramTiming } from './app-diagram'
import { FOLLOW_CHILDREN, measureFollow, type FollowResult } from './app-follow'
import { measureExport, printExport, type ExportResult } from './app-export'
import { measureLongQuery, measureQueryPreview, measureQuerySteps, printLongQuery, printQueryPreview, printQuerySteps } from './app-query'
import { measureDemoCascade, measureEntry, type EntryResult } from './app-entry'
import { measureBigTable, type BigTableResult } from './app-big'

const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`)
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback
}
const RUNS = Number(option('runs', '5'))
const BACKENDS = option('backend', 'postgresql,mysql').split(',') as Backend[]
const ONLY = new Set(option('only', 'a,b,c,d,e,f,g,h,i').split(','))
const DIAGRAM_SIZES = option('diagram-tables', '5,500,2000').split(',').map(Number)
const BIG_ROWS = Number(option('big-rows', '1000000'))
const WIDE_SIZES = option('tables', '5,50,500').split(',').map(Number)

const FIRST_ROWS_GOAL_MS = 300
const LAST_PAGE_GOAL_MS = 300
/** Ten pages down with the keyboard: at least twice as fast as DbGate's best in the issue's outside check (860 ms). */
const TEN_PAGES_GOAL_MS = 430
const MEMORY_GOAL_MB = 400
const TABS = 4
const CATALOG_CHANNELS = ['schema.list', 'schema.tables', 'table.detail', 'table.rowCounts'] as const

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

const ms = (value: number): string => `${value.toFixed(0)} ms`
const mb = (value: number): string => `${value.toFixed(0)} MB`

/** Profiles as `connections.save` stores them, written before the start, so the app opens no Demo lab. */
async function savedProfilesDir(profiles: readonly Profile[]): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'joinery-bench-'))
  await createJsonProfileStore(dataDir).write(profiles)
  return dataDir
}

// ---------------------------------------------------------------------------------------------------- (a)

/** The three ways a table gets opened, each timed click → first rows painted. */
const KINDS = ['cold', 'warm', 'revisit'] as const
type Kind = (typeof KINDS)[number]

interface FirstRowsResult {
  readonly backend: Backend
  readonly table: string
  readonly rows: number
  readonly times: Record<Kind, number[]>
  /** Round trip of `query.fetch` as the page saw it, in the cold and warm runs, for the breakdown. */
  readonly fetchMs: number[]
  /** When the page request left, after the click: at once when it goes with the table's detail. */
  readonly fetchSentMs: number[]
}

/**
 * (a), alternating the 1k- and the 1M-row table in every round:
 *   cold    — page reloaded, then a new tab: the renderer's code just parsed and its caches empty, a new engine
 *             Instance (sessions, catalog) on the server; only the server process and the database are warm.
 *   warm    — a new tab in the running page: the renderer's code is warm, the tab's connection and caches new.
 *   revisit — the table opened again in the same tab after the other one: the cached page shows at once while it
 *             is fetched again.
 */
async function measureFirstRows(chrome: Chromium, server: RunningJoinery, backend: Backend, schema: BenchSchema): Promise<FirstRowsResult[]> {
  const tables = [
    { className: 'Small', rows: 1_000 },
    { className: 'Big', rows: BIG_ROWS },
  ]
  const results: FirstRowsResult[] = tables.map((t) => ({
    backend,
    table: t.className,
    rows: t.rows,
    times: { cold: [], warm: [], revisit: [] },
    fetchMs: [],
    fetchSentMs: [],
  }))
  const title = benchProfile(backend, 1).name
  const { page } = await newAppPage(chrome, server.url)
  const record = (index: number, kind: Kind, timing: Awaited<ReturnType<typeof clickToFirstRows>>): void => {
    const result = results[index] as FirstRowsResult
    result.times[kind].push(timing.frameMs)
    const fetch = timing.calls.find((c) => c.channel === 'query.fetch')
    if (kind !== 'revisit' && fetch?.ms !== null && fetch?.ms !== undefined) result.fetchMs.push(fetch.ms)
    if (kind !== 'revisit' && fetch !== undefined) result.fetchSentMs.push(fetch.startMs)
  }
  const openInNewTab = async (table: string, reload: boolean) => {
    await closeAllTabs(page)
    if (reload) await page.reload()
    const root = await openProfileTab(page, title)
    await expandSchema(root, schema.name, table)
    return clickToFirstRows(page, root, schema.name, table)
  }
  try {
    // One discarded round first: the server's code is not yet compiled at the very first click.
    for (let run = -1; run < RUNS; run += 1) {
      for (const [index, table] of tables.entries()) {
        const timing = await openInNewTab(table.className, true)
        if (run >= 0) record(index, 'cold', timing)
      }
    }
    for (let run = 0; run < RUNS; run += 1) {
      for (const [index, table] of tables.entries()) record(index, 'warm', await openInNewTab(table.className, false))
    }
    // The last warm run left a tab with both tables opened, the last one shown (a click on the table already shown
    // changes nothing, so the other one is opened first only when it is not the one shown).
    const root = pane(page, title)
    let shown = tables.at(-1)?.className
    for (let run = 0; run < RUNS; run += 1) {
      for (const [index, table] of tables.entries()) {
        const other = tables[1 - index] as (typeof tables)[number]
        if (shown !== other.className) await clickToFirstRows(page, root, schema.name, other.className)
        record(index, 'revisit', await clickToFirstRows(page, root, schema.name, table.className))
        shown = table.className
      }
    }
    await closeAllTabs(page)
  } finally {
    await page.context().close()
  }
  return results
}

// ---------------------------------------------------------------------------------------------------- (c)

interface MemoryResult {
  readonly tabs: string[]
  readonly serverMb: number
  readonly rendererMb: number
  /** RssAnon: the part of VmRSS that is the process's own (not shared library and file pages). */
  readonly serverAnonMb: number
  readonly rendererAnonMb: number
  readonly renderers: number
  /** Chromium's other processes (browser, GPU, network, ...): not the page's, listed for reference. */
  readonly others: { readonly type: string; readonly mb: number }[]
}

async function measureMemory(chrome: Chromium, server: RunningJoinery, schemas: readonly BenchSchema[]): Promise<MemoryResult> {
  const { page, renderers } = await newAppPage(chrome, server.url)
  try {
    const tabs: string[] = []
    for (let i = 0; i < TABS; i += 1) {
      const schema = schemas[i % schemas.length] as BenchSchema
      const title = benchProfile(schema.backend, 1 + Math.floor(i / schemas.length)).name
      const root = await openProfileTab(page, title)
      await expandSchema(root, schema.name, 'Big')
      await clickToFirstRows(page, root, schema.name, 'Big')
      await tableTotal(root).waitFor()
      tabs.push(title)
    }
    // Let the last requests and renders settle before reading.
    await settle(page)
    const serverPid = server.child.pid
    if (serverPid === undefined) throw new Error('The server has no process id')
    const mine = renderers()
    return {
      tabs,
      serverMb: rssMb(serverPid),
      rendererMb: mine.reduce((sum, pid) => sum + rssMb(pid), 0),
      serverAnonMb: rssMb(serverPid, 'RssAnon'),
      rendererAnonMb: mine.reduce((sum, pid) => sum + rssMb(pid, 'RssAnon'), 0),
      renderers: mine.length,
      others: descendants(chrome.pid)
        .filter((p) => !mine.includes(p.pid))
        .map((p) => ({ type: p.type, mb: rssMb(p.pid) })),
    }
  } finally {
    await page.context().close()
  }
}

async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(3000)
}

// ---------------------------------------------------------------------------------------------------- (b)

interface CatalogResult {
  readonly backend: Backend
  readonly tables: number
  readonly perChannel: Record<(typeof CATALOG_CHANNELS)[number], number>
  readonly total: number
  readonly detailCalls: number
  readonly treeMs: number
  /** The same schema expanded again in a new tab on the same server (the previous tabs closed), one per run. */
  readonly warmTreeMs: readonly number[]
}

async function measureCatalog(chrome: Chromium, backends: readonly Backend[], sizes: readonly number[]): Promise<CatalogResult[]> {
  if (!existsSync(join(import.meta.dirname, '../out/renderer/index.html'))) throw new Error('out/renderer is missing: run `npm run build` first')
  const schemas: BenchSchema[] = []
  const results: CatalogResult[] = []
  const app = await startCountingApp(backends.map((backend) => benchProfile(backend, 1)))
  try {
    for (const backend of backends) {
      for (const size of sizes) {
        process.stderr.write(`bench:app: declaring ${size} tables on ${BACKEND_LABEL[backend]}…\n`)
        const schema = await createWideSchema(LOGINS[backend], uniqueName(`bench_wide${size}`), size)
        schemas.push(schema)
        const { page } = await newAppPage(chrome, app.url)
        try {
          await closeAllTabs(page)
          app.counter.reset()
          const root = await openProfileTab(page, benchProfile(backend, 1).name)
          const expandStarted = performance.now()
          await expandSchema(root, schema.name, 'Step000')
          const treeMs = performance.now() - expandStarted
          await openTable(root, schema.name, 'Step000')
          const perChannel = Object.fromEntries(CATALOG_CHANNELS.map((c) => [c, app.counter.statementsOf([c], schema.name)])) as CatalogResult['perChannel']
          const total = app.counter.statementsOf(CATALOG_CHANNELS, schema.name)
          const detailCalls = app.counter.callsOf('table.detail', schema.name)
          const warmTreeMs: number[] = []
          for (let run = 0; run < RUNS; run += 1) {
            await closeAllTabs(page)
            const warmRoot = await openProfileTab(page, benchProfile(backend, 1).name)
            const started = performance.now()
            await expandSchema(warmRoot, schema.name, 'Step000')
            warmTreeMs.push(performance.now() - started)
          }
          results.push({ backend, tables: size, perChannel, total, detailCalls, treeMs, warmTreeMs })
          await closeAllTabs(page)
        } finally {
          await page.context().close()
        }
      }
    }
  } finally {
    await app.close()
    for (const schema of schemas) await schema.drop().catch((error: unknown) => process.stderr.write(`bench:app: drop ${schema.name}: ${String(error)}\n`))
  }
  return results
}

// ---------------------------------------------------------------------------------------------------- report

function printFirstRows(results: readonly FirstRowsResult[]): boolean {
  console.log(`\n(a) Click in the tree → first rows painted (median of ${RUNS}; goal < ${FIRST_ROWS_GOAL_MS} ms, 1M no slower than 1k)`)
  console.log(`    ${'backend'.padEnd(11)} ${'table'.padEnd(22)} ${KINDS.map((k) => k.padStart(8)).join(' ')} ${'fetch sent'.padStart(10)} ${'fetch rtt'.padStart(10)}  verdict`)
  let ok = true
  for (const result of results) {
    const medians = KINDS.map((kind) => median(result.times[kind]))
    const small = results.find((r) => r.backend === result.backend && r.table === 'Small')
    let verdict = medians.every((m) => m < FIRST_ROWS_GOAL_MS) ? 'ok' : `over ${FIRST_ROWS_GOAL_MS} ms`
    if (small !== undefined && small !== result) {
      // "No slower": within the run-to-run noise of a 2-CPU machine, 15 % or 10 ms, whichever is larger.
      const slower = (a: number, b: number): boolean => a > b + Math.max(10, b * 0.15)
      if (KINDS.some((kind, i) => slower(medians[i] as number, median(small.times[kind])))) verdict = 'slower than 1k'
    }
    if (verdict !== 'ok') ok = false
    const label = `${result.table} (${result.rows.toLocaleString('en-US')} rows)`
    console.log(
      `    ${result.backend.padEnd(11)} ${label.padEnd(22)} ${medians.map((m) => ms(m).padStart(8)).join(' ')} ${ms(median(result.fetchSentMs)).padStart(10)} ${ms(median(result.fetchMs)).padStart(10)}  ${verdict}`,
    )
  }
  console.log('    cold: page reloaded + new tab; warm: new tab in the running page; revisit: same tab, cached page refreshed.')
  console.log('    fetch sent: when the page request left after the click (cold and warm): with the table detail, not after it.')
  console.log('    fetch rtt: the page request as the renderer saw it (cold and warm), socket round trip included.')
  return ok
}

/** A schema of 500 tables listed again in a new tab of the same server: the issue's goal, below DbGate's 213 ms. */
const WARM_TREE_GOAL_MS = 150

function warmVerdict(result: CatalogResult): string {
  return result.tables >= 500 && median(result.warmTreeMs) > WARM_TREE_GOAL_MS ? `  over ${WARM_TREE_GOAL_MS} ms` : ''
}

function printCatalog(results: readonly CatalogResult[]): boolean {
  console.log('\n(b) Statements to open a schema: tab open → schema expanded with row counts → one table open (goal: constant)')
  console.log(
    `    ${'backend'.padEnd(11)} ${'tables'.padStart(6)} ${'list'.padStart(5)} ${'tables'.padStart(7)} ${'detail'.padStart(7)} ${'counts'.padStart(7)} ${'total'.padStart(6)} ${'tree ready'.padStart(11)} ${'warm'.padStart(8)}`,
  )
  let ok = true
  for (const result of results) {
    const p = result.perChannel
    console.log(
      `    ${result.backend.padEnd(11)} ${String(result.tables).padStart(6)} ${String(p['schema.list']).padStart(5)} ${String(p['schema.tables']).padStart(7)} ${String(p['table.detail']).padStart(7)} ${String(p['table.rowCounts']).padStart(7)} ${String(result.total).padStart(6)} ${ms(result.treeMs).padStart(11)} ${ms(median(result.warmTreeMs)).padStart(8)}${warmVerdict(result)}${result.detailCalls === 1 ? '' : `  table.detail called ${result.detailCalls}× (goal: once)`}`,
    )
    if (result.detailCalls !== 1) ok = false
    if (warmVerdict(result) !== '') ok = false
  }
  for (const backend of new Set(results.map((r) => r.backend))) {
    const totals = new Set(results.filter((r) => r.backend === backend).map((r) => r.total))
    const constant = totals.size === 1
    if (!constant) ok = false
    console.log(`    ${backend}: ${constant ? 'constant' : `NOT constant (${[...totals].join(', ')})`}`)
  }
  console.log('    (tree ready: expand click → the schema listed with row counts, as the bench saw it; warm: the same in a new tab on')
  console.log(`     the same server once the first is closed, median of ${RUNS}, goal ≤ ${WARM_TREE_GOAL_MS} ms at 500 tables)`)
  return ok
}

function printMemory(result: MemoryResult): boolean {
  const total = result.serverMb + result.rendererMb
  const ok = total < MEMORY_GOAL_MB
  console.log(`\n(c) Resident memory, ${TABS} tabs each showing a 1M-row table (${result.tabs.join(', ')}); goal < ${MEMORY_GOAL_MB} MB`)
  console.log(`    ${''.padEnd(30)} ${'VmRSS'.padStart(8)} ${'RssAnon'.padStart(8)}`)
  console.log(`    ${'browser-mode server (node)'.padEnd(30)} ${mb(result.serverMb).padStart(8)} ${mb(result.serverAnonMb).padStart(8)}`)
  const renderer = `Chromium renderer of the page${result.renderers === 1 ? '' : ` (${result.renderers})`}`
  console.log(`    ${renderer.padEnd(30)} ${mb(result.rendererMb).padStart(8)} ${mb(result.rendererAnonMb).padStart(8)}`)
  console.log(`    ${'together'.padEnd(30)} ${mb(total).padStart(8)} ${mb(result.serverAnonMb + result.rendererAnonMb).padStart(8)}  ${ok ? 'ok' : 'OVER'} (VmRSS)`)
  const others = result.others.map((p) => `${p.type} ${mb(p.mb)}`).join(', ')
  console.log(`    (not counted, Chromium's own: ${others})`)
  return ok
}

/** Goals of (d): click → interactive by size, the Demo lab, and main-thread tasks while the layout runs. */
const DIAGRAM_GOAL_MS: Readonly<Record<number, number>> = { 500: 1500, 2000: 5000 }
const DEMO_DIAGRAM_GOAL_MS = 500
const LONG_TASK_GOAL_MS = 100
const FRAME_GOAL_MS = 16

function printDiagrams(results: readonly DiagramResult[], demo: Record<string, DiagramTiming[]> | null): boolean {
  console.log(`\n(d) Schema diagram: click "Diagram" → laid out and painted (each click from a freshly loaded page; ready: median of ${RUNS})`)
  console.log(
    `    ${'backend'.padEnd(11)} ${'tables'.padStart(6)} ${'stmts'.padStart(6)} ${'reused'.padStart(6)} ${'ready'.padStart(8)} ${'layout'.padStart(8)} ${'task∥layout'.padStart(12)} ${'task after'.padStart(11)} ${'cold'.padStart(8)} ${'cached'.padStart(8)}  verdict`,
  )
  let ok = true
  const row = (label: string, tables: string, statements: string, reused: string, timings: readonly DiagramTiming[], cold: DiagramTiming | null, cached: DiagramTiming | null, goal: number | undefined) => {
    const ready = median(timings.map((t) => t.readyMs))
    const all = [...timings, ...(cold === null ? [] : [cold]), ...(cached === null ? [] : [cached])]
    const during = Math.max(...all.map((t) => t.longestDuringLayoutMs))
    const after = Math.max(...all.map((t) => t.longestAfterLayoutMs))
    const verdicts: string[] = []
    if (goal !== undefined && ready > goal) verdicts.push(`over ${goal} ms`)
    if (during > LONG_TASK_GOAL_MS) verdicts.push(`main thread blocked ${ms(during)} during layout`)
    if (verdicts.length > 0) ok = false
    const hits = timings.filter((t) => t.cached).length
    const note = hits === 0 ? '' : ` (${hits} of ${timings.length} layouts cached)`
    console.log(
      `    ${label.padEnd(11)} ${tables.padStart(6)} ${statements.padStart(6)} ${reused.padStart(6)} ${ms(ready).padStart(8)} ${ms(median(timings.map((t) => t.layoutMs))).padStart(8)} ${ms(during).padStart(12)} ${ms(after).padStart(11)} ${(cold === null ? '' : ms(cold.readyMs)).padStart(8)} ${(cached === null ? '' : ms(cached.readyMs)).padStart(8)}  ${verdicts.length === 0 ? (goal === undefined ? '' : 'ok') : verdicts.join(', ')}${note}`,
    )
  }
  for (const result of results) {
    row(result.backend, String(result.tables), String(result.statements), String(result.statementsReused), result.timings, result.cold, result.cachedTiming, DIAGRAM_GOAL_MS[result.tables])
  }
  for (const [schema, timings] of Object.entries(demo ?? {})) row('Demo lab', schema, '', '', timings, null, null, DEMO_DIAGRAM_GOAL_MS)
  for (const backend of new Set(results.map((r) => r.backend))) {
    const counts = new Set(results.filter((r) => r.backend === backend).map((r) => r.statements))
    if (counts.size !== 1) ok = false
    console.log(
      `    ${backend}: catalog statements per diagram ${counts.size === 1 ? `constant (${[...counts].join('')})` : `NOT constant (${[...counts].join(', ')})`} for ${results.filter((r) => r.backend === backend).map((r) => r.tables.toLocaleString('en-US')).join(', ')} tables`,
    )
  }
  for (const result of results.filter((r) => r.frames !== null)) {
    const frames = result.frames
    if (frames === null) continue
    // One frame at 60 Hz is 16.7 ms: a median of one vsync meets the goal. The drags are judged on their own too.
    const slow = [frames.medianMs > FRAME_GOAL_MS + 1 ? 'median' : null, frames.panMedianMs > FRAME_GOAL_MS + 1 ? 'pan median' : null].filter((s) => s !== null)
    const verdict = slow.length === 0 ? 'ok' : `${slow.join(' and ')} over ${FRAME_GOAL_MS} ms`
    if (slow.length > 0) ok = false
    const baseline = results.find((r) => r.backend === result.backend && r !== result && r.frames !== null)?.frames
    const ratio = baseline === undefined || baseline === null ? '' : ` (${(frames.medianMs / baseline.medianMs).toFixed(2)}× the ${results.find((r) => r.frames === baseline)?.tables}-table diagram's median)`
    console.log(
      `    pan and zoom, ${result.tables} tables on ${result.backend}: ${frames.frames} frames, median ${frames.medianMs.toFixed(1)} ms (pan ${frames.panMedianMs.toFixed(1)}, zoom ${frames.zoomMedianMs.toFixed(1)}), p95 ${frames.p95Ms.toFixed(1)} ms${ratio}  ${verdict}`,
    )
  }
  console.log(`    (stmts: statements of a diagram.graph that reads the catalog; reused: just after the tree listed the schema (its read reused).`)
  console.log(`     ready: layout worker warmed up as at an app's idle start, layout cache cleared; cold: the first click, worker not warmed up`)
  console.log(`     and catalog not read; cached: the same diagram opened again. Demo lab: the app as \`npm start\` runs it, each run a new`)
  console.log(`     page on one server (later runs find the layout cached). task∥layout: longest main-thread task started while the layout`)
  console.log(`     ran, goal < ${LONG_TASK_GOAL_MS} ms; task after: longest task mapping and rendering the result. Goals: 500 ≤ 1.5 s, 2,000 ≤ 5 s, Demo lab < 0.5 s)`)
  return ok
}

/** Besides one count per child table: the catalog's look for schemas downstream (DataJoint's `load_all_downstream`). */
const FOLLOW_CATALOG_STATEMENTS = 2

function printFollow(results: readonly FollowResult[]): boolean {
  console.log(`\n(e) Children counts for 100 selected rows: click "Referenced by" → ${FOLLOW_CHILDREN} counts painted (median of ${RUNS}; goal: one statement per child table)`)
  console.log(`    ${'backend'.padEnd(11)} ${'painted'.padStart(8)} ${'call rtt'.padStart(9)} ${'stmts'.padStart(6)}  verdict`)
  let ok = true
  for (const result of results) {
    const painted = median(result.timings.map((t) => t.frameMs))
    const calls = result.timings.flatMap((t) => (t.callMs === null ? [] : [t.callMs]))
    const statements = new Set(result.timings.map((t) => t.statements))
    const verdicts: string[] = []
    if ([...statements].some((n) => n > FOLLOW_CHILDREN + FOLLOW_CATALOG_STATEMENTS)) verdicts.push('more statements than one per child table')
    if (verdicts.length > 0) ok = false
    console.log(
      `    ${result.backend.padEnd(11)} ${ms(painted).padStart(8)} ${(calls.length === 0 ? '–' : ms(median(calls))).padStart(9)} ${[...statements].join('/').padStart(6)}  ${verdicts.length === 0 ? 'ok' : verdicts.join(', ')}`,
    )
  }
  console.log(`    (1,000 subjects; children: 20,000 sessions, 4,000 part rows, 1,000 rows through a renamed foreign key. stmts: of one`)
  console.log(`     table.references call, ${FOLLOW_CHILDREN} counts binding all 100 keys plus the catalog's downstream-schema look, never one per row)`)
  return ok
}

const PICKER_GOAL_MS = 150
const CSV_GOAL_MS = 3000
const CASCADE_GOAL_MS = 500

function printEntry(results: readonly EntryResult[], cascade: readonly number[]): boolean {
  console.log(`\n(h) Data entry (median of ${RUNS}; goals: picker first page and each keystroke after the debounce ≤ ${PICKER_GOAL_MS} ms, 20,000-row CSV ≤ ${CSV_GOAL_MS} ms, cascade preview ≤ ${CASCADE_GOAL_MS} ms)`)
  console.log(`    ${'backend'.padEnd(11)} ${'picker 1st'.padStart(10)} ${'keystrokes (each, median)'.padEnd(44)} ${'csv check'.padStart(9)} ${'insert'.padStart(8)} ${'rtt'.padStart(8)}  verdict`)
  let ok = true
  for (const result of results) {
    const first = median(result.timings.map((t) => t.pickerFirstPageMs))
    const keys = (result.timings[0]?.keystrokeMs ?? []).map((_, i) => median(result.timings.map((t) => t.keystrokeMs[i] ?? 0)))
    const validate = median(result.timings.map((t) => t.csvValidateMs))
    const insert = median(result.timings.map((t) => t.csvInsertMs))
    const calls = result.timings.flatMap((t) => (t.csvInsertCallMs === null ? [] : [t.csvInsertCallMs]))
    const verdicts: string[] = []
    if (first > PICKER_GOAL_MS) verdicts.push('picker first page over goal')
    if (keys.some((k) => k > PICKER_GOAL_MS)) verdicts.push('a keystroke over goal')
    if (validate + insert > CSV_GOAL_MS) verdicts.push('CSV import over goal')
    if (verdicts.length > 0) ok = false
    console.log(
      `    ${result.backend.padEnd(11)} ${ms(first).padStart(10)} ${keys.map((k) => k.toFixed(0)).join(' ').padEnd(44)} ${ms(validate).padStart(9)} ${ms(insert).padStart(8)} ${(calls.length === 0 ? '–' : ms(median(calls))).padStart(8)}  ${verdicts.length === 0 ? 'ok' : verdicts.join(', ')}`,
    )
  }
  if (cascade.length > 0) {
    const preview = median(cascade)
    if (preview > CASCADE_GOAL_MS) ok = false
    console.log(`    cascade preview of a Demo lab subject (PostgreSQL): ${ms(preview)}  ${preview > CASCADE_GOAL_MS ? 'over goal' : 'ok'}`)
  }
  console.log('    (picker: click → first 50 of 1,000,000 parents painted; keystrokes: ms after the 200 ms debounce, typing a 7-digit')
  console.log('     number into the search; csv check: file chosen → 20,000 rows parsed and every cell validated; insert: click →')
  console.log('     "Imported" shown, rtt the entry.insert call alone)')
  return ok
}

function printBigTable(results: readonly BigTableResult[]): boolean {
  console.log(`\n(i) A 1M-row table (median of ${RUNS}): count exactly; last page with an estimated total (goal ≤ ${LAST_PAGE_GOAL_MS} ms); ten pages down with the keyboard (goal ≤ ${TEN_PAGES_GOAL_MS} ms, half DbGate's 860 ms)`)
  console.log(`    ${'backend'.padEnd(11)} ${'count'.padStart(8)} ${'last page'.padStart(10)} ${'10 × PgDn'.padStart(10)} ${'to row'.padStart(7)}  verdict`)
  let ok = true
  for (const result of results) {
    const count = median(result.timings.map((t) => t.countMs))
    const last = median(result.timings.map((t) => t.lastPageMs))
    const down = median(result.timings.map((t) => t.tenPagesDownMs))
    const reached = median(result.timings.map((t) => t.reachedRow))
    const verdicts: string[] = []
    if (last > LAST_PAGE_GOAL_MS) verdicts.push('last page slower than the goal')
    if (down > TEN_PAGES_GOAL_MS) verdicts.push('ten pages down slower than the goal')
    if (verdicts.length > 0) ok = false
    console.log(
      `    ${BACKEND_LABEL[result.backend].padEnd(11)} ${ms(count).padStart(8)} ${ms(last).padStart(10)} ${ms(down).padStart(10)} ${String(reached).padStart(7)}  ${verdicts.length === 0 ? 'ok' : verdicts.join(', ')}`,
    )
    console.log(`      each run: 10 × PgDn ${result.timings.map((t) => `${ms(t.tenPagesDownMs)} to row ${t.reachedRow}`).join(', ')}`)
  }
  console.log(`    (DbGate is not installed here: the 430 ms is half its best run, 860 ms, in the issue's outside check; ours took 610 ms there)`)
  return ok
}

// ---------------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const schemas: BenchSchema[] = []
  const cleanups: (() => Promise<void>)[] = []
  let ok = true
  const chrome = await launchChromium()
  cleanups.push(() => chrome.close())
  try {
    console.log(`Joinery app benchmarks: browser mode, ${chrome.browser.version()} (headless), ${BACKENDS.map((b) => BACKEND_LABEL[b]).join(' and ')}`)
    if (ONLY.has('a') || ONLY.has('c') || ONLY.has('i')) {
      for (const backend of BACKENDS) {
        process.stderr.write(`bench:app: loading ${BIG_ROWS.toLocaleString('en-US')} rows on ${BACKEND_LABEL[backend]}…\n`)
        schemas.push(await createRowsSchema(LOGINS[backend], uniqueName('bench_rows'), BIG_ROWS))
      }
      const profiles = BACKENDS.flatMap((backend) => Array.from({ length: TABS }, (_, i) => benchProfile(backend, i + 1)))
      const dataDir = await savedProfilesDir(profiles)
      const server = await startJoinery({ dataDir })
      cleanups.unshift(async () => {
        await server.stop()
        rmSync(dataDir, { recursive: true, force: true })
      })
      if (ONLY.has('a')) {
        const results: FirstRowsResult[] = []
        for (const schema of schemas) results.push(...(await measureFirstRows(chrome, server, schema.backend, schema)))
        ok = printFirstRows(results) && ok
      }
      if (ONLY.has('c')) ok = printMemory(await measureMemory(chrome, server, schemas)) && ok
      if (ONLY.has('i')) ok = printBigTable(await measureBigTable(chrome, server, schemas, BIG_ROWS, RUNS)) && ok
    }
    if (ONLY.has('b')) ok = printCatalog(await measureCatalog(chrome, BACKENDS, WIDE_SIZES)) && ok
    if (ONLY.has('d')) ok = printDiagrams(await measureDiagrams(chrome, BACKENDS, DIAGRAM_SIZES, RUNS), await measureDemoDiagram(chrome, RUNS)) && ok
    if (ONLY.has('e')) ok = printFollow(await measureFollow(chrome, BACKENDS, RUNS)) && ok
    if (ONLY.has('f')) {
      ok = printQuerySteps(await measureQuerySteps(chrome, BACKENDS, RUNS), median) && ok
      ok = printLongQuery(await measureLongQuery(chrome, BACKENDS, RUNS), median) && ok
      ok = printQueryPreview(await measureQueryPreview(chrome, BACKENDS, RUNS, BIG_ROWS), median) && ok
    }
    if (ONLY.has('g')) {
      const results: ExportResult[] = []
      for (const backend of BACKENDS) {
        let schema = schemas.find((s) => s.backend === backend)
        if (schema === undefined) {
          process.stderr.write(`bench:app: loading ${BIG_ROWS.toLocaleString('en-US')} rows on ${BACKEND_LABEL[backend]}…\n`)
          schema = await createRowsSchema(LOGINS[backend], uniqueName('bench_rows'), BIG_ROWS)
          schemas.push(schema)
        }
        results.push(await measureExport(schema, BIG_ROWS))
      }
      ok = printExport(results) && ok
    }
    if (ONLY.has('h')) ok = printEntry(await measureEntry(chrome, BACKENDS, RUNS), await measureDemoCascade(chrome, RUNS)) && ok
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => process.stderr.write(`bench:app: ${String(error)}\n`))
    for (const schema of schemas) await schema.drop().catch((error: unknown) => process.stderr.write(`bench:app: drop ${schema.name}: ${String(error)}\n`))
  }
  console.log(ok ? '\nAll goals met.' : '\nSome goals are not met (see above).')
  process.exitCode = ok ? 0 : 1
}

await main()
