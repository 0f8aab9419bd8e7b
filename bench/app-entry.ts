// (h) of the app benchmarks: data entry. A foreign-key picker over a parent of 1,000,000 rows (click → first page
// painted; each search keystroke → its rows painted, less the picker's 200 ms debounce), a CSV import of 20,000
// rows (file chosen → every cell validated in the preview; click Import → "Imported" shown, with the entry.insert
// round trip), and the cascade preview of a Demo lab subject (Delete rows → the cascade summary painted). All timed
// in the page (event timestamp → DOM change, plus one animation frame).

import type { Locator, Page } from '@playwright/test'
import { startJoinery } from '../e2e/joinery-process'
import type { Backend, BenchSchema, ServerLogin } from './app-data'
import { benchProfile, connect, LOGINS, uniqueName } from './app-data'
import { closeAllTabs, expandSchema, ipcLog, newAppPage, openProfileTab, openTable, pane, type Chromium } from './app-browser'
import { startCountingApp } from './app-catalog'

const PARENT_ROWS = 1_000_000
const CSV_ROWS = 20_000
/** The picker's debounce (parent-picker.tsx): a keystroke's rows cannot come sooner. */
export const PICKER_DEBOUNCE_MS = 200
/**
 * Typed one character at a time into the picker's search (another number each run, so nothing comes from a cache):
 * every name matches the first keys, a few dozen the last, which the server finds only by reading the table.
 */
const searchOf = (run: number): string => `00${42_170 + 1_013 * (run + 1)}`

export interface EntryTiming {
  readonly pickerFirstPageMs: number
  /** Per keystroke: input → its rows painted, less the debounce. */
  readonly keystrokeMs: readonly number[]
  readonly csvValidateMs: number
  readonly csvInsertMs: number
  readonly csvInsertCallMs: number | null
}

export interface EntryResult {
  readonly backend: Backend
  readonly timings: readonly EntryTiming[]
}

async function createEntrySchema(login: ServerLogin, name: string): Promise<BenchSchema> {
  const instance = connect(login)
  try {
    const schema = await instance.schema(name)
    const Animal = await schema.manual('Animal', 'animal_id : int32\n---\nanimal_name : varchar(40)\n')
    await schema.manual('Weighing', '-> Animal\nweigh_idx : int16\n---\ngrams : float64\n')
    await schema.manual('Reading', 'reading_id : int32\n---\nvalue : float64\nnote : varchar(40)\n')
    const q = login.backend === 'postgresql' ? '"' : '`'
    const table = `${q}${name}${q}.${q}${Animal.tableName}${q}`
    await instance.run({
      sql:
        login.backend === 'postgresql'
          ? `INSERT INTO ${table} (animal_id, animal_name) SELECT g, 'animal-' || lpad(g::text, 7, '0') FROM generate_series(1, ${PARENT_ROWS}) g`
          : `INSERT INTO ${table} (animal_id, animal_name) SELECT seq, CONCAT('animal-', LPAD(seq, 7, '0')) FROM ${q}${name}${q}.seq_1_to_${PARENT_ROWS}`,
      params: [],
    })
  } finally {
    await instance.close()
  }
  return {
    backend: login.backend,
    name,
    async drop() {
      const dropper = connect(login)
      try {
        await (await dropper.schema(name, { create: false })).drop({ prompt: false })
      } finally {
        await dropper.close()
      }
    },
  }
}

/**
 * Arms a timer in the page: from the next `event` (capture phase) until `selector` matches an element whose text
 * matches `text` (or any element, when text is null), plus one animation frame. Await `window.__joineryEntry`.
 */
async function armTimer(page: Page, event: 'click' | 'input' | 'change', selector: string, text: string | null): Promise<void> {
  await page.evaluate(`(() => {
    window.__joineryEntry = new Promise((resolve, reject) => {
      let startAt = null
      const done = () => [...document.querySelectorAll(${JSON.stringify(selector)})].some((el) => ${text === null ? 'true' : `el.textContent.includes(${JSON.stringify(text)})`})
      document.addEventListener(${JSON.stringify(event)}, (e) => { startAt = e.timeStamp; check() }, { capture: true, once: true })
      const check = () => {
        if (startAt === null || !done()) return
        observer.disconnect()
        clearTimeout(timer)
        requestAnimationFrame(() => resolve(performance.now() - startAt))
      }
      const observer = new MutationObserver(check)
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no change within 60 s')) }, 60000)
      observer.observe(document.body, { childList: true, subtree: true, characterData: true })
    })
  })()`)
}

const elapsed = (page: Page): Promise<number> => page.evaluate<number>('window.__joineryEntry')

/** Arms the keystroke timer: the next `input` → the picker's rows replaced by rows whose names contain `typed`. */
async function armKeystroke(page: Page, typed: string): Promise<void> {
  await page.evaluate(`(() => {
    const old = document.querySelector('.entry-picker-rows')
    if (old) old.classList.add('bench-stale')
    window.__joineryEntry = new Promise((resolve, reject) => {
      let startAt = null
      document.addEventListener('input', (e) => { startAt = e.timeStamp; check() }, { capture: true, once: true })
      const check = () => {
        const rows = document.querySelector('.entry-picker-rows')
        if (startAt === null || rows === null || rows.classList.contains('bench-stale')) return
        const names = [...rows.querySelectorAll('tbody tr td:nth-child(2)')].map((td) => td.textContent)
        const none = rows.textContent.includes('No animal matches')
        if (!none && !names.every((n) => n.includes(${JSON.stringify(typed)}))) return
        observer.disconnect()
        clearTimeout(timer)
        requestAnimationFrame(() => resolve(performance.now() - startAt))
      }
      const observer = new MutationObserver(check)
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no rows within 60 s')) }, 60000)
      observer.observe(document.body, { childList: true, subtree: true, characterData: true })
    })
  })()`)
}

/** Opens the insert form's picker (click → first page painted), then types `search` one key at a time. */
async function timePicker(page: Page, root: Locator, search: string): Promise<{ first: number; keystrokes: number[] }> {
  await root.getByRole('toolbar', { name: 'Table data' }).getByRole('button', { name: 'Insert row' }).click()
  const form = page.getByRole('form', { name: 'Insert into Weighing' })
  await armTimer(page, 'click', '.entry-picker-table tbody tr', null)
  await form.getByRole('button', { name: /^animal: Choose animal/ }).click()
  const first = await elapsed(page)
  const box = form.getByRole('searchbox', { name: 'Search animal' })
  const keystrokes: number[] = []
  for (let i = 1; i <= search.length; i += 1) {
    await armKeystroke(page, search.slice(0, i))
    await box.press(search[i - 1] as string)
    keystrokes.push((await elapsed(page)) - PICKER_DEBOUNCE_MS)
  }
  await page.getByRole('button', { name: 'Cancel' }).click()
  return { first, keystrokes }
}

async function timeImport(page: Page, root: Locator, run: number): Promise<{ validate: number; insert: number; call: number | null }> {
  await root.getByRole('toolbar', { name: 'Table data' }).getByRole('button', { name: 'Import CSV' }).click()
  const importer = page.getByRole('dialog', { name: 'Import rows into Reading' })
  const base = run * CSV_ROWS
  const csv = `reading_id,value,note\n${Array.from({ length: CSV_ROWS }, (_, i) => `${base + i},${(i * 0.25).toString()},reading ${i}`).join('\n')}\n`
  await armTimer(page, 'change', '[role="status"]', `${CSV_ROWS.toLocaleString('en-US')} rows ready`)
  await importer.getByLabel('CSV file').setInputFiles({ name: 'readings.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  const validate = await elapsed(page)
  const button = importer.getByRole('button', { name: new RegExp(`^Import ${CSV_ROWS.toLocaleString('en-US')} rows|^Import ${CSV_ROWS} rows`) })
  await armTimer(page, 'click', '[role="status"]', 'Imported')
  await button.click()
  const insert = await elapsed(page)
  const call = (await ipcLog(page)).filter((c) => c.channel === 'entry.insert').at(-1)
  await importer.getByRole('button', { name: 'Close', exact: true }).first().click()
  return { validate, insert, call: call?.repliedAt === null || call === undefined ? null : call.repliedAt - call.sentAt }
}

export async function measureEntry(chrome: Chromium, backends: readonly Backend[], runs: number): Promise<EntryResult[]> {
  const results: EntryResult[] = []
  const app = await startCountingApp(backends.map((backend) => benchProfile(backend, 1)))
  const schemas: BenchSchema[] = []
  try {
    for (const backend of backends) {
      process.stderr.write(`bench:app: loading a parent of ${PARENT_ROWS.toLocaleString('en-US')} rows for the picker on ${backend}…\n`)
      const schema = await createEntrySchema(LOGINS[backend], uniqueName('bench_entry'))
      schemas.push(schema)
      const { page } = await newAppPage(chrome, app.url)
      const timings: EntryTiming[] = []
      try {
        for (let run = -1; run < runs; run += 1) {
          // A new tab each run: its pickers start with no page cached.
          await closeAllTabs(page)
          const root = await openProfileTab(page, benchProfile(backend, 1).name)
          await expandSchema(root, schema.name, 'Weighing')
          await openTable(root, schema.name, 'Weighing')
          const picker = await timePicker(page, root, searchOf(run))
          await openTable(root, schema.name, 'Reading')
          const csv = await timeImport(page, root, run + 1)
          if (run >= 0) {
            timings.push({ pickerFirstPageMs: picker.first, keystrokeMs: picker.keystrokes, csvValidateMs: csv.validate, csvInsertMs: csv.insert, csvInsertCallMs: csv.call })
          }
        }
        await closeAllTabs(page)
      } finally {
        await page.context().close()
      }
      results.push({ backend, timings })
    }
  } finally {
    await app.close()
    for (const schema of schemas) await schema.drop().catch((error: unknown) => process.stderr.write(`bench:app: drop ${schema.name}: ${String(error)}\n`))
  }
  return results
}

/** The Demo lab (PostgreSQL in this process's app): Delete rows on one subject → the cascade summary painted. */
export async function measureDemoCascade(chrome: Chromium, runs: number): Promise<number[]> {
  const server = await startJoinery()
  const times: number[] = []
  try {
    const { page } = await newAppPage(chrome, server.url)
    try {
      const root = pane(page, 'Demo lab')
      await root.getByRole('tree', { name: 'Schemas' }).waitFor({ timeout: 120_000 })
      await expandSchema(root, 'lab', 'Subject')
      await openTable(root, 'lab', 'Subject')
      for (let run = -1; run < runs; run += 1) {
        // Another subject each run, so no count comes from a cache.
        await root.getByRole('grid').getByRole('row').nth(2 + run + 1).getByRole('gridcell').first().click()
        await armTimer(page, 'click', '[aria-label="Cascade summary"]', 'would remove')
        await root.getByRole('toolbar', { name: 'Table data' }).getByRole('button', { name: 'Delete rows' }).click()
        const ms = await elapsed(page)
        if (run >= 0) times.push(ms)
        await page.getByRole('dialog', { name: /^Delete 1 selected row of Subject/ }).getByRole('button', { name: 'Cancel' }).click()
      }
    } finally {
      await page.context().close()
    }
  } finally {
    await server.stop()
  }
  return times
}
