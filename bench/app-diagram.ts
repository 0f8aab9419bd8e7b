// Goal (d): the schema diagram. In a real Chromium on the browser-mode server (in this process, so every statement
// is counted per channel): the catalog statements one `diagram.graph` takes for schemas of 5, 500 and 2,000 tables
// (with the catalog read afresh, and reusing the tree's read), the click on "Diagram of <schema>" to the diagram
// laid out and painted, the longest main-thread task while the layout runs (in the main process's worker) and while
// the result is rendered, and frame times while panning and zooming. Every click is from a freshly loaded page. The
// layout worker lives as long as the server: the first click of each size finds it cold (restarted, not warmed up)
// and the catalog not read; the next ones find it restarted and warmed up as at an app's idle start, its layout
// cache cleared before each (the figure the goals are judged on); a last one finds the layout cached (a diagram
// opened again).
//
// Page scripts are plain JavaScript strings (see app-browser.ts).

import type { Page } from '@playwright/test'
import { startJoinery } from '../e2e/joinery-process'
import { closeAllTabs, newAppPage, openProfileTab, pane, type Chromium } from './app-browser'
import { forgetCatalogReads } from '../electron/services/catalog-reads'
import { startCountingApp } from './app-catalog'
import { BACKEND_LABEL, benchProfile, createPipelineSchema, LOGINS, uniqueName, type Backend, type DiagramSchema } from './app-data'

export interface DiagramTiming {
  /** Click → `data-diagram-state="ready"`, plus one animation frame. */
  readonly readyMs: number
  /** The layout in the worker, as the page measured it. */
  readonly layoutMs: number
  /** The longest main-thread task started while the worker laid out (0 when none reached 50 ms, Chromium's threshold). */
  readonly longestDuringLayoutMs: number
  /** The longest main-thread task from the layout's answer to the painted diagram (mapping and rendering it). */
  readonly longestAfterLayoutMs: number
  /** The main process answered the layout from its cache. */
  readonly cached: boolean
}

export interface FrameTimes {
  readonly frames: number
  readonly medianMs: number
  readonly p95Ms: number
  /** The frames of the drags alone, and of the wheel zooms alone (whose pauses add idle frames to the whole). */
  readonly panMedianMs: number
  readonly zoomMedianMs: number
}

export interface DiagramResult {
  readonly backend: Backend
  readonly tables: number
  /** Statements of a `diagram.graph` that reads the schema's catalog (the tree's read forgotten). */
  readonly statements: number
  /** Statements of a `diagram.graph` just after the tree listed the schema (its read reused). */
  readonly statementsReused: number
  /** Warm layout worker, layout not cached. */
  readonly timings: readonly DiagramTiming[]
  /** The first click: layout worker restarted cold, catalog not read. */
  readonly cold: DiagramTiming
  /** The diagram opened again: layout cached. */
  readonly cachedTiming: DiagramTiming
  /** Pan and zoom, measured on the smallest size (the baseline: the same gestures on a few tables) and the largest. */
  readonly frames: FrameTimes | null
}

const probe = (schema: string): string => `(() => {
  const probe = { clickAt: null, readyAt: null, longTasks: [] }
  window.__diagramProbe = probe
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration })
  }).observe({ type: 'longtask' })
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('[aria-label^="Diagram of"]')) probe.clickAt = event.timeStamp
  }, { capture: true })
  window.__diagramReady = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (probe.clickAt === null || document.querySelector(${JSON.stringify(`section[aria-label="Diagram of ${schema}"][data-diagram-state="ready"]`)}) === null) return
      observer.disconnect()
      requestAnimationFrame(() => { probe.readyAt = performance.now(); resolve() })
    })
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-diagram-state'] })
  })
})()`

const READ_TIMING = `(() => {
  const probe = window.__diagramProbe
  const marks = (name) => performance.getEntriesByName(name, 'mark').map((m) => m.startTime).filter((t) => t >= probe.clickAt)
  const started = marks('diagram-layout-start').at(-1) ?? probe.clickAt
  const ended = marks('diagram-layout-end').at(-1) ?? probe.readyAt
  const longest = (from, to) => Math.max(0, ...probe.longTasks.filter((t) => t.start < to && t.start + t.duration > from).map((t) => t.duration))
  // The task that prepares and posts the layout starts before the mark: what runs while the worker works starts after it.
  const startedWhileLayingOut = (from, to) => Math.max(0, ...probe.longTasks.filter((t) => t.start >= from && t.start < to).map((t) => t.duration))
  return {
    readyMs: probe.readyAt - probe.clickAt,
    layoutMs: ended - started,
    longestDuringLayoutMs: startedWhileLayingOut(started, ended),
    longestAfterLayoutMs: longest(ended, probe.readyAt),
    cached: document.querySelector('section[data-layout-cached="true"]') !== null,
  }
})()`

/** Clicks "Diagram of `schema`" in the tree (searched for first) and times it in the page. */
async function clickDiagram(page: Page, title: string, schema: string, beforeClick: () => void = () => undefined): Promise<DiagramTiming> {
  const root = pane(page, title)
  await root.getByRole('searchbox', { name: 'Search schemas and tables' }).fill(schema)
  const button = root.getByRole('tree', { name: 'Schemas' }).getByRole('button', { name: `Diagram of ${schema}`, exact: true })
  await button.waitFor()
  // The layout worker starts when the app is idle: let it, as a user's first click comes after a look around.
  await page.waitForTimeout(1500)
  await page.evaluate(probe(schema))
  beforeClick()
  await button.click()
  await page.evaluate('window.__diagramReady')
  return page.evaluate<DiagramTiming>(READ_TIMING)
}

/** Drags the canvas around and zooms in and out, timing every animation frame meanwhile. */
async function panAndZoom(page: Page): Promise<FrameTimes> {
  const canvas = page.locator('.diagram-region .react-flow__pane').first()
  const box = await canvas.boundingBox()
  if (box === null) throw new Error('The diagram canvas is not on screen')
  await page.evaluate(`(() => {
    window.__frames = []
    let last = performance.now()
    const tick = (now) => { window.__frames.push(now - last); last = now; if (window.__framesOn) requestAnimationFrame(tick) }
    window.__framesOn = true
    requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick) })
  })()`)
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  for (const [dx, dy] of [[-500, -300], [400, 250], [-300, 350]] as const) {
    await page.mouse.move(cx, cy)
    await page.mouse.down()
    await page.mouse.move(cx + dx, cy + dy, { steps: 30 })
    await page.mouse.up()
  }
  const panFrames = await page.evaluate<number>('window.__frames.length')
  for (const delta of [-240, -240, -240, 240, 240, 240, 240, -240]) {
    await page.mouse.move(cx, cy)
    await page.mouse.wheel(0, delta)
    await page.waitForTimeout(60)
  }
  const frames = await page.evaluate<number[]>('(() => { window.__framesOn = false; return window.__frames.slice(1) })()')
  const quantile = (values: readonly number[], q: number): number => {
    const sorted = [...values].sort((a, b) => a - b)
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  }
  // `frames` dropped the first frame: the drags' frames are the first panFrames − 1.
  return {
    frames: frames.length,
    medianMs: quantile(frames, 0.5),
    p95Ms: quantile(frames, 0.95),
    panMedianMs: quantile(frames.slice(0, panFrames - 1), 0.5),
    zoomMedianMs: quantile(frames.slice(panFrames - 1), 0.5),
  }
}

export async function measureDiagrams(chrome: Chromium, backends: readonly Backend[], sizes: readonly number[], runs: number): Promise<DiagramResult[]> {
  const results: DiagramResult[] = []
  const schemas: DiagramSchema[] = []
  const app = await startCountingApp(backends.map((backend) => benchProfile(backend, 1)))
  try {
    for (const backend of backends) {
      for (const size of sizes) {
        process.stderr.write(`bench:app: declaring a ${size}-table pipeline on ${BACKEND_LABEL[backend]}…\n`)
        const schema = await createPipelineSchema(LOGINS[backend], uniqueName(`bench_dg${size}`), size)
        schemas.push(schema)
        const profile = benchProfile(backend, 1).name
        const layouts = app.services.diagramLayout
        /** One click from a freshly loaded page; `pan` also drags and zooms the diagram afterwards. */
        const open = async (beforeClick: () => void, pan = false): Promise<{ timing: DiagramTiming; statements: number; frames: FrameTimes | null }> => {
          const { page } = await newAppPage(chrome, app.url)
          try {
            await closeAllTabs(page)
            await openProfileTab(page, profile)
            const timing = await clickDiagram(page, profile, schema.name, () => {
              beforeClick()
              app.counter.reset()
            })
            const statements = app.counter.statementsOf(['diagram.graph'], schema.name)
            const frames = pan ? await panAndZoom(page) : null
            await closeAllTabs(page)
            return { timing, statements, frames }
          } finally {
            await page.context().close()
          }
        }
        await layouts.restart(false)
        const cold = await open(() => forgetCatalogReads())
        // As in an app run: the worker warmed up on its synthetic graphs while the app was idle.
        await layouts.restart(true)
        const timings: DiagramTiming[] = []
        let statementsReused = 0
        let frames: FrameTimes | null = null
        for (let run = 0; run < runs; run += 1) {
          const warm = await open(() => layouts.clearCache(), run === 0 && (size === Math.max(...sizes) || size === Math.min(...sizes)))
          timings.push(warm.timing)
          if (run === 0) {
            statementsReused = warm.statements
            frames = warm.frames
          }
        }
        const cachedTiming = (await open(() => undefined)).timing
        results.push({ backend, tables: size, statements: cold.statements, statementsReused, timings, cold: cold.timing, cachedTiming, frames })
        await schema.drop()
        schemas.pop()
      }
    }
  } finally {
    await app.close()
    for (const schema of schemas) await schema.drop().catch((error: unknown) => process.stderr.write(`bench:app: drop ${schema.name}: ${String(error)}\n`))
  }
  return results
}

/** The Demo lab's two schemas, in the app as `npm start` runs it (its own process, the embedded PGlite). */
export async function measureDemoDiagram(chrome: Chromium, runs: number): Promise<Record<string, DiagramTiming[]>> {
  const server = await startJoinery()
  const timings: Record<string, DiagramTiming[]> = { lab: [], ephys: [] }
  try {
    for (let run = 0; run < runs; run += 1) {
      const { page } = await newAppPage(chrome, server.url)
      try {
        await pane(page, 'Demo lab').getByRole('tree', { name: 'Schemas' }).waitFor({ timeout: 120_000 })
        for (const schema of ['lab', 'ephys']) timings[schema]?.push(await clickDiagram(page, 'Demo lab', schema))
      } finally {
        await page.context().close()
      }
    }
  } finally {
    await server.stop()
  }
  return timings
}
