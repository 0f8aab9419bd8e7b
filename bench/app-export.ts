// (g) Export of a 1M-row table to CSV through the app's export service (export.start, file mode as in Electron, in
// this process): rows per second, and this process's resident memory sampled while it runs: it should stay flat
// (pages by key, written with back-pressure). The peer, measured in the same run: the raw driver reading the same
// rows with one SELECT ordered by the key (no encoding, no file), its time and its memory growth.

import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { EventName, EventPayload } from '../electron/ipc/contract'
import { createAppServices } from '../electron/services/app-services'
import { createMemoryVault } from '../electron/vault/memory-vault'
import { createJsonProfileStore } from '../electron/vault/profile-store'
import * as dj from '../src/index'
import { BACKEND_LABEL, benchProfile, LOGINS, type Backend, type BenchSchema } from './app-data'
import { openRawClient } from './raw-driver'

export interface ExportResult {
  readonly backend: Backend
  readonly rows: number
  readonly seconds: number
  readonly fileMb: number
  /** Resident memory: the peak's growth over the start, and (after a full collection) at ¼, ½ and ¾ of the rows. */
  readonly peakGrowthMb: number
  readonly rssAtMb: readonly number[]
  readonly raw: { readonly seconds: number; readonly peakGrowthMb: number }
}

const MB = 1024 * 1024
const SAMPLE_MS = 50
/** Retained memory may differ this much between a quarter and three quarters of the rows and still be flat. */
const FLAT_MB = 32

/** A full collection, so that a sample counts what is retained rather than garbage not yet reclaimed. */
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

/**
 * Samples this process's RSS until `stop` is called: the peak's growth over the RSS at the start; `now()` is the RSS
 * at that moment after a full collection (what is retained, not garbage not yet reclaimed).
 */
function sampleRss(): { stop(): number; now(): number } {
  collectGarbage()
  const baseline = process.memoryUsage.rss()
  let peak = baseline
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, SAMPLE_MS)
  return {
    now: () => {
      collectGarbage()
      return process.memoryUsage.rss() / MB
    },
    stop() {
      clearInterval(timer)
      peak = Math.max(peak, process.memoryUsage.rss())
      return (peak - baseline) / MB
    },
  }
}

export async function measureExport(schema: BenchSchema, rows: number): Promise<ExportResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'joinery-bench-export-'))
  const file = join(dataDir, 'big.csv')
  const events: EventPayload<'export.progress'>[] = []
  const services = createAppServices({
    mode: 'browser',
    version: 'bench',
    dataDir,
    vault: createMemoryVault(),
    profiles: createJsonProfileStore(dataDir),
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
      if (event === 'export.progress') events.push(payload as EventPayload<'export.progress'>)
    },
    logger: dj.createMemoryLogger(),
    openDemoWhenEmpty: false,
    heartbeatMs: 0,
    chooseExportFile: async () => file,
  })
  const ctx = { clientId: 'bench' }
  try {
    const { profile } = { profile: benchProfile(schema.backend, 99) }
    const { id: _id, hasPassword: _p, hasSshSecret: _s, ...draft } = profile
    const saved = await services.handlers['connections.save']({ profile: draft, password: LOGINS[schema.backend].password }, ctx)
    const tab = await services.handlers['tabs.open']({ profileId: saved.id }, ctx)
    const expr = { kind: 'table', schema: schema.name, table: 'big' } as const
    const memory = sampleRss()
    const rssAt: number[] = []
    const started = performance.now()
    const { exportId } = await services.handlers['export.start'](
      { tabId: tab.tabId, expr, orderBy: [], format: 'csv', columns: null, name: 'big', total: rows },
      ctx,
    )
    for (;;) {
      const last = events.filter((e) => e.exportId === exportId).at(-1)
      if (last !== undefined && last.state !== 'running') {
        if (last.state !== 'done') throw new Error(`export ${last.state}: ${last.error?.message ?? ''}`)
        break
      }
      if (last !== undefined && rssAt.length < 3 && last.rows >= ((rssAt.length + 1) * rows) / 4) rssAt.push(memory.now())
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS))
    }
    const seconds = (performance.now() - started) / 1000
    const peakGrowthMb = memory.stop()
    const fileMb = statSync(file).size / MB
    rmSync(file, { force: true })

    // The peer: the raw driver, the same rows in key order, one statement.
    const raw = await openRawClient(LOGINS[schema.backend])
    try {
      const table = schema.backend === 'mysql' ? `\`${schema.name}\`.\`big\`` : `"${schema.name}"."big"`
      const rawMemory = sampleRss()
      const rawStarted = performance.now()
      const fetched = await raw.query({ sql: `SELECT * FROM ${table} ORDER BY id`, params: [] })
      const rawSeconds = (performance.now() - rawStarted) / 1000
      const rawGrowth = rawMemory.stop()
      if (fetched.length !== rows) throw new Error(`raw driver read ${fetched.length} rows`)
      return { backend: schema.backend, rows, seconds, fileMb, peakGrowthMb, rssAtMb: rssAt, raw: { seconds: rawSeconds, peakGrowthMb: rawGrowth } }
    } finally {
      await raw.close()
    }
  } finally {
    await services.dispose()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export function printExport(results: readonly ExportResult[]): boolean {
  console.log(`\n(g) Export of a 1M-row table to CSV (export.start, pages by key, in this process) vs the raw driver reading the same rows`)
  console.log(`    ${'backend'.padEnd(11)} ${'rows/s'.padStart(9)} ${'time'.padStart(7)} ${'file'.padStart(8)} ${'RSS +peak'.padStart(10)} ${'RSS at ¼ ½ ¾'.padStart(16)}   raw: ${'rows/s'.padStart(9)} ${'RSS +peak'.padStart(10)}`)
  let ok = true
  for (const r of results) {
    const kept = r.rssAtMb
    const flat = r.peakGrowthMb < r.raw.peakGrowthMb && (kept.at(-1) ?? 0) - (kept[0] ?? 0) < FLAT_MB
    if (!flat) ok = false
    console.log(
      `    ${BACKEND_LABEL[r.backend].padEnd(11)} ${Math.round(r.rows / r.seconds).toLocaleString('en-US').padStart(9)} ${`${r.seconds.toFixed(1)} s`.padStart(7)} ${`${r.fileMb.toFixed(0)} MB`.padStart(8)} ${`${r.peakGrowthMb.toFixed(0)} MB`.padStart(10)} ${r.rssAtMb.map((m) => m.toFixed(0)).join(' / ').padStart(16)}        ${Math.round(r.rows / r.raw.seconds).toLocaleString('en-US').padStart(9)} ${`${r.raw.peakGrowthMb.toFixed(0)} MB`.padStart(10)}  ${flat ? 'ok' : 'memory grew with the rows written'}`,
    )
  }
  console.log(`    (RSS +peak: this process's resident memory at its peak over its level at the start; RSS at ¼ ½ ¾: after a full`)
  console.log(`     collection when a quarter, half and three quarters of the rows are written, which should not grow with them)`)
  return ok
}
