// The browser side of the app benchmarks: Debian's Chromium driven by Playwright (outside its test runner), page
// helpers that use the app as a user does (tabs through the Connections dialog, the schema tree, the grid), an
// in-page probe of the WebSocket IPC, a click-to-rows timer, and resident memory read from /proc.
//
// Page scripts are plain JavaScript strings: tsx would wrap functions passed to `page.evaluate` in helpers
// (`__name`) that do not exist in the page.

import { readdirSync, readFileSync } from 'node:fs'
import { chromium, type Browser, type BrowserServer, type Locator, type Page } from '@playwright/test'

const CHROMIUM = process.env['JOINERY_CHROMIUM'] ?? '/usr/bin/chromium'
// The e2e's flags (playwright.config.ts): no GPU, no background traffic the machine refuses.
const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-default-browser-check',
  // No spare renderer kept warm: the page's renderer is then the one process its navigation starts (see (c)).
  '--disable-features=Translate,MediaRouter,OptimizationHints,SpareRendererForSitePerProcess',
]

export interface Chromium {
  readonly browser: Browser
  /** The Chromium browser process (its renderers are below it). */
  readonly pid: number
  close(): Promise<void>
}

/** Launched as a server so its process id is known (for /proc), then connected to. */
export async function launchChromium(): Promise<Chromium> {
  const server: BrowserServer = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
  const pid = server.process().pid
  if (pid === undefined) throw new Error('Chromium has no process id')
  const browser = await chromium.connect(server.wsEndpoint())
  return {
    browser,
    pid,
    async close() {
      await browser.close().catch(() => undefined)
      await server.close()
    },
  }
}

export interface IpcCall {
  readonly channel: string
  readonly sentAt: number
  /** performance.now() of the reply; null while pending. */
  repliedAt: number | null
}

/**
 * Wraps the page's WebSocket (before the app runs) to log every IPC request and the time of its reply, in
 * `window.__joineryIpc`. The app's own listener runs after ours, so `repliedAt` is when the reply arrived.
 */
const IPC_PROBE = `(() => {
  const log = []
  window.__joineryIpc = log
  const Native = window.WebSocket
  class ProbedSocket extends Native {
    constructor(url, protocols) {
      super(url, protocols)
      const pending = new Map()
      this.__pending = pending
      this.addEventListener('message', (event) => {
        if (typeof event.data !== 'string') return
        const message = JSON.parse(event.data)
        if (typeof message.id !== 'number') return
        const call = pending.get(message.id)
        if (call === undefined) return
        call.repliedAt = performance.now()
        pending.delete(message.id)
      })
    }
    send(data) {
      if (typeof data === 'string') {
        const message = JSON.parse(data)
        if (typeof message.id === 'number' && typeof message.channel === 'string') {
          const call = { channel: message.channel, sentAt: performance.now(), repliedAt: null }
          log.push(call)
          this.__pending.set(message.id, call)
        }
      }
      super.send(data)
    }
  }
  window.WebSocket = ProbedSocket
})()`

export interface AppPage {
  readonly page: Page
  /**
   * The page's renderer process(es) now: those started since it was opened (no spare renderer is kept, see
   * CHROMIUM_ARGS; Chromium's own UI renderers, `--top-chrome-webui`, are not pages').
   */
  readonly renderers: () => number[]
}

export async function newAppPage(chrome: Chromium, url: string): Promise<AppPage> {
  const before = rendererPids(chrome)
  const context = await chrome.browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  await page.addInitScript(IPC_PROBE)
  const response = await page.goto(url)
  if (response?.status() !== 200) throw new Error(`The app answered ${response?.status()} for ${url}`)
  return { page, renderers: () => [...rendererPids(chrome)].filter((pid) => !before.has(pid)) }
}

export async function ipcLog(page: Page): Promise<IpcCall[]> {
  return page.evaluate<IpcCall[]>('window.__joineryIpc.map((c) => ({ ...c }))')
}

/** A tab's pane (only the shown panes are in the accessibility tree). */
export function pane(page: Page, title: string): Locator {
  return page.getByRole('region', { name: new RegExp(`^${escapeRegExp(title)} \\(`) })
}

/** Opens a saved profile in a new tab through the Connections dialog (Ctrl+T), and waits for its schema tree. */
export async function openProfileTab(page: Page, profileName: string): Promise<Locator> {
  await page.getByRole('tablist', { name: 'Connections' }).getByRole('button', { name: /New connection/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Connections' })
  await dialog.getByRole('button', { name: `Connect to ${profileName}`, exact: true }).click()
  await dialog.waitFor({ state: 'detached', timeout: 30_000 })
  const root = pane(page, profileName)
  await root.getByRole('tree', { name: 'Schemas' }).waitFor({ timeout: 30_000 })
  return root
}

export async function closeAllTabs(page: Page): Promise<void> {
  const buttons = page.getByRole('tablist', { name: 'Connections' }).getByRole('button', { name: /^Close / })
  for (let open = await buttons.count(); open > 0; open -= 1) {
    await buttons.first().click()
    // The tab goes once the server closed it: wait, so the next click does not hit the same one again.
    await waitForCount(buttons, open - 1)
  }
}

async function waitForCount(locator: Locator, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while ((await locator.count()) !== count) {
    if (Date.now() > deadline) throw new Error(`Expected ${count} of ${locator.toString()}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/**
 * Expands `schema` in the tree (scrolling the virtualized list until its row is rendered) and waits until the
 * row count of `table` is shown: the tree is then fully loaded.
 */
export async function expandSchema(root: Locator, schema: string, table: string): Promise<void> {
  const tree = root.getByRole('tree', { name: 'Schemas' })
  const label = root.page().locator('.tree-label', { hasText: new RegExp(`^${escapeRegExp(schema)}$`) })
  const item = tree.locator('[role="treeitem"][aria-level="1"]', { has: label })
  for (let scrolls = 0; (await item.count()) === 0; scrolls += 1) {
    if (scrolls > 500) throw new Error(`Schema ${schema} is not in the tree`)
    await tree.evaluate('(el) => { el.scrollTop += el.clientHeight / 2 }')
  }
  if ((await item.getAttribute('aria-expanded')) !== 'true') await item.click()
  await treeTable(root, schema, table).locator('.tree-rows').waitFor({ timeout: 60_000 })
}

/** A table's row in the tree (its title starts with `schema.`: several schemas may have a table of that name). */
export function treeTable(root: Locator, schema: string, className: string): Locator {
  return root
    .getByRole('tree', { name: 'Schemas' })
    .locator(`[role="treeitem"][aria-label=${JSON.stringify(className)}][title^=${JSON.stringify(`${schema}.`)}]`)
}

export interface ClickTiming {
  /** From the click event to the first data cell of the table in the DOM. */
  readonly domMs: number
  /** From the click event to the next animation frame after that (the frame that paints the rows). */
  readonly frameMs: number
  /** IPC requests made between the click and the rows, with their round trips (ms). */
  readonly calls: readonly { readonly channel: string; readonly startMs: number; readonly ms: number | null }[]
}

/**
 * Clicks `className` in the tree and times, in the page, the click event to the first grid cell of that table
 * (a MutationObserver, then one animation frame). The grid is the newly mounted one of this table (its label
 * names the class), so rows of a previous table cannot count.
 */
export async function clickToFirstRows(page: Page, root: Locator, schema: string, className: string): Promise<ClickTiming> {
  const selector = `[role="grid"][aria-label=${JSON.stringify(`${className} rows`)}] .grid-body [role="gridcell"]`
  await page.evaluate(`(() => {
    window.__joineryClick = new Promise((resolve, reject) => {
      let clickAt = null
      document.addEventListener('click', (event) => { clickAt = event.timeStamp }, { capture: true, once: true })
      const selector = ${JSON.stringify(selector)}
      const observer = new MutationObserver(() => {
        if (clickAt === null || document.querySelector(selector) === null) return
        const domAt = performance.now()
        observer.disconnect()
        clearTimeout(timer)
        requestAnimationFrame(() => resolve({ clickAt, domMs: domAt - clickAt, frameMs: performance.now() - clickAt }))
      })
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no rows within 60 s')) }, 60000)
      observer.observe(document.body, { childList: true, subtree: true, attributes: true })
    })
  })()`)
  await treeTable(root, schema, className).click()
  const result = await page.evaluate<{ clickAt: number; domMs: number; frameMs: number }>('window.__joineryClick')
  const calls = (await ipcLog(page))
    .filter((c) => c.sentAt >= result.clickAt && c.sentAt <= result.clickAt + result.domMs)
    .map((c) => ({ channel: c.channel, startMs: c.sentAt - result.clickAt, ms: c.repliedAt === null ? null : c.repliedAt - c.sentAt }))
  return { domMs: result.domMs, frameMs: result.frameMs, calls }
}

/** Clicks a table in the tree and waits for its total in the toolbar (the request that ends opening it). */
export async function openTable(root: Locator, schema: string, className: string): Promise<void> {
  await treeTable(root, schema, className).click()
  await root.getByRole('heading', { level: 1, name: className }).waitFor()
  await tableTotal(root).waitFor({ timeout: 60_000 })
}

/** The toolbar's total ("Total: 24" or "≈ 1,000,000 rows"). */
export function tableTotal(root: Locator): Locator {
  return root.getByRole('toolbar', { name: 'Table data' }).getByText(/^(Total: [\d,]+|≈ [\d,]+ rows)$/)
}

/** Chromium's renderer processes now. */
export function rendererPids(chrome: Chromium): Set<number> {
  return new Set(descendants(chrome.pid).filter((p) => p.type === 'renderer').map((p) => p.pid))
}

/** VmRSS of a process in MB, or another field of /proc/PID/status (RssAnon: its private memory); 0 once it is gone. */
export function rssMb(pid: number, field: 'VmRSS' | 'RssAnon' = 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1]
    return kb === undefined ? 0 : Number(kb) / 1024
  } catch {
    return 0
  }
}

interface ProcessInfo {
  readonly pid: number
  readonly ppid: number
  readonly cmdline: string
}

function processes(): ProcessInfo[] {
  const list: ProcessInfo[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      // The command name (field 2) may hold spaces and parentheses: the fields after the last ')' are reliable.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      // Chromium rewrites its process title, so its arguments may be one space-separated string, not NUL-separated.
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ')
      list.push({ pid: Number(name), ppid, cmdline })
    } catch {
      // The process ended meanwhile.
    }
  }
  return list
}

/** Processes below `pid` (children, grandchildren, ...), with Chromium's `--type=` of each (`other` if none). */
export function descendants(pid: number): { readonly pid: number; readonly type: string }[] {
  const all = processes()
  const found: { pid: number; type: string }[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const parent = queue.shift() as number
    for (const child of all.filter((p) => p.ppid === parent)) {
      const type = /--type=(\S+)/.exec(child.cmdline)?.[1] ?? 'other'
      const subtype = /--utility-sub-type=(\S+)/.exec(child.cmdline)?.[1] ?? (/--top-chrome-webui\b/.test(child.cmdline) ? 'top-chrome-webui' : undefined)
      found.push({ pid: child.pid, type: subtype === undefined ? type : `${type}:${subtype}` })
      queue.push(child.pid)
    }
  }
  return found
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Busy share of all cores over `ms` (from /proc/stat: everything but idle and iowait). */
async function cpuBusy(ms: number): Promise<number> {
  const sample = () => {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number)
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
    return { idle, total: fields.reduce((sum, value) => sum + value, 0) }
  }
  const before = sample()
  await new Promise((resolve) => setTimeout(resolve, ms))
  const after = sample()
  const total = after.total - before.total
  return total === 0 ? 0 : 1 - (after.idle - before.idle) / total
}

/**
 * Waits (up to a minute) until the machine has been quiet for three seconds in a row: a database still writing out
 * a million rows it was just given, or vacuuming them, takes a core of two and would be measured as the app's.
 * Says so when it never settles.
 */
export async function untilQuiet(what: string): Promise<void> {
  const started = Date.now()
  for (let quiet = 0; quiet < 3; ) {
    if (Date.now() - started > 60_000) {
      process.stderr.write(`bench:app: the machine did not settle before ${what} (still over 15% busy): its figures include that load\n`)
      return
    }
    quiet = (await cpuBusy(1000)) < 0.15 ? quiet + 1 : 0
  }
}
