// Comparing two servers side by side: two schemas (tables, definitions, row counts), the rows of one table pair
// (a data compare that runs as a job with progress events and a cancel, its differences then read by pages), both
// sides of a table aligned by primary key, and copying rows to the other side (preview, then one transaction).
// Each side names a tab and a schema; the tab's Instance is resolved here, never taken from the renderer, and a
// copy writes only through a tab that is not read-only (the dispatcher refuses it by the target's `tabId`).

import {
  copyRows,
  DataJointError,
  diffRows,
  diffSchemas,
  rowDiffPage,
  Table,
  type Attribute,
  type Instance,
  type RowDiff,
  type RowKey,
} from '../../src/index'
import type { WireKeyValue, WireValue } from '../ipc/contract'
import type { Emit, Handlers } from './handlers'
import { rowCounts } from './schema'
import type { TabRegistry } from './tabs'
import { toWireAttribute, toWireRows } from './wire-values'

/** Finished comparisons kept for paging and copying; the oldest are forgotten. */
const KEPT_JOBS = 16
/** Progress events at most this often per job. */
const PROGRESS_EVERY_MS = 100

interface TableSide {
  readonly tabId: string
  readonly schema: string
  readonly table: string
}

interface RowJob {
  readonly left: TableSide
  readonly right: TableSide
  readonly restriction: string
  readonly controller: AbortController
  diff: RowDiff | null
}

/** Both sides' Instances, each through its tab (so a lost connection marks that tab). */
async function withBoth<T>(tabs: TabRegistry, leftTab: string, rightTab: string, fn: (left: Instance, right: Instance) => Promise<T>): Promise<T> {
  return tabs.use(leftTab, (left) => tabs.use(rightTab, (right) => fn(left, right)))
}

/** The table restricted by the user's text, read by the engine's parser (never spliced into SQL). */
function restricted(instance: Instance, side: TableSide, restriction: string) {
  const table = new Table(instance, side.schema, side.table)
  return restriction.trim() === '' ? table : table.restrict(restriction)
}

function keyText(values: readonly unknown[]): string {
  return JSON.stringify(values, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))
}

/** Numbers and bigints by value, anything else by its text: the order both sides' rows are merged in. */
function compareValues(x: unknown, y: unknown): number {
  if (x === y) return 0
  if (x === null || x === undefined) return -1
  if (y === null || y === undefined) return 1
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'bigint'
  if (numeric(x) && numeric(y)) return (x as number) < (y as number) ? -1 : 1
  const text = (v: unknown): string => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : keyText([v]))
  const a = text(x)
  const b = text(y)
  return a === b ? 0 : a < b ? -1 : 1
}

function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const order = compareValues(a[i], b[i])
    if (order !== 0) return order
  }
  return 0
}

interface SideRows {
  readonly attributes: readonly Attribute[]
  /** Decoded primary-key values of each row, for matching the two sides. */
  readonly keys: readonly (readonly unknown[])[]
  readonly rows: readonly WireValue[][]
}

/** Rows of a restricted table (the first `limit` in primary-key order), as wire rows with their decoded keys. */
async function sideRows(instance: Instance, expr: ReturnType<typeof restricted>, limit: number | null): Promise<SideRows> {
  const result = await instance.pipeline.fetchRaw(expr.expr, { orderBy: [{ by: 'key', descending: false }], limit, offset: 0 })
  const attributes = result.heading.attributes
  const keyColumns = attributes.flatMap((a, i) => (a.inKey ? [i] : []))
  const keys = result.rows.map((row) => keyColumns.map((i) => (result.decoders[i] ?? ((x: unknown) => x))(row[i])))
  return { attributes, keys, rows: toWireRows(attributes, result.decoders, result.rows) }
}

export interface AlignedRow {
  readonly left: WireValue[] | null
  readonly right: WireValue[] | null
  /** Attributes (shared by both sides) whose cells differ. */
  readonly changed: string[]
}

/** Both sides' rows in one column order (the left side's, then the right side's own), matched by primary key. */
function align(left: SideRows, right: SideRows, keys: readonly (readonly unknown[])[]) {
  const names = [...left.attributes.map((a) => a.name), ...right.attributes.map((a) => a.name).filter((n) => !left.attributes.some((a) => a.name === n))]
  const attributes = names.map((name) => left.attributes.find((a) => a.name === name) ?? (right.attributes.find((a) => a.name === name) as Attribute))
  const project = (side: SideRows, row: WireValue[]): WireValue[] =>
    names.map((name) => {
      const i = side.attributes.findIndex((a) => a.name === name)
      return i < 0 ? null : (row[i] ?? null)
    })
  const index = (side: SideRows) => new Map(side.keys.map((key, i) => [keyText(key), side.rows[i] as WireValue[]]))
  const leftByKey = index(left)
  const rightByKey = index(right)
  const shared = names.filter((name) => left.attributes.some((a) => a.name === name) && right.attributes.some((a) => a.name === name))
  const rows: AlignedRow[] = keys.map((key) => {
    const l = leftByKey.get(keyText(key))
    const r = rightByKey.get(keyText(key))
    const lp = l === undefined ? null : project(left, l)
    const rp = r === undefined ? null : project(right, r)
    const changed =
      lp === null || rp === null ? [] : shared.filter((name) => JSON.stringify(lp[names.indexOf(name)]) !== JSON.stringify(rp[names.indexOf(name)]))
    return { left: lp, right: rp, changed }
  })
  return { attributes: attributes.map(toWireAttribute), onlyLeftAttributes: names.filter((n) => !shared.includes(n) && left.attributes.some((a) => a.name === n)), onlyRightAttributes: names.filter((n) => !shared.includes(n) && right.attributes.some((a) => a.name === n)), rows }
}

/** Keys of the copy's selection as engine values: `{$bigint}` back to bigint, everything else as it came. */
function engineKeys(keys: readonly Readonly<Record<string, WireKeyValue>>[]): RowKey[] {
  return keys.map((key) =>
    Object.fromEntries(Object.entries(key).map(([name, value]) => [name, typeof value === 'object' && value !== null ? BigInt(value.$bigint) : value])),
  )
}

export class CompareJobs {
  readonly #jobs = new Map<string, RowJob>()

  start(jobId: string, job: RowJob): void {
    if (this.#jobs.has(jobId)) throw new DataJointError('INVALID_INPUT', `Comparison ${jobId} already exists.`)
    this.#jobs.set(jobId, job)
    while (this.#jobs.size > KEPT_JOBS) {
      const oldest = [...this.#jobs.entries()].find(([, j]) => j.diff !== null)
      if (oldest === undefined) break
      this.#jobs.delete(oldest[0])
    }
  }

  get(jobId: string): RowJob {
    const job = this.#jobs.get(jobId)
    if (job === undefined) throw new DataJointError('NOT_FOUND', `There is no comparison ${jobId} (it may have been forgotten: run it again).`)
    return job
  }

  finished(jobId: string): RowJob & { diff: RowDiff } {
    const job = this.get(jobId)
    if (job.diff === null) throw new DataJointError('INVALID_INPUT', `Comparison ${jobId} has not finished.`)
    return job as RowJob & { diff: RowDiff }
  }

  forget(jobId: string): void {
    this.#jobs.delete(jobId)
  }

  /** Stops a running comparison; false when there is none by that id. */
  cancel(jobId: string): boolean {
    const job = this.#jobs.get(jobId)
    if (job === undefined || job.diff !== null) return false
    job.controller.abort()
    return true
  }

  get running(): number {
    return [...this.#jobs.values()].filter((job) => job.diff === null).length
  }
}

export function compareHandlers(tabs: TabRegistry, jobs: CompareJobs, emit: Emit) {
  return {
    'compare.schemas': ({ left, right }) =>
      withBoth(tabs, left.tabId, right.tabId, async (leftInstance, rightInstance) => {
        const diff = await diffSchemas(await leftInstance.schema(left.schema), await rightInstance.schema(right.schema))
        const [leftCounts, rightCounts] = await Promise.all([
          rowCounts(leftInstance, left.schema, diff.tables.map((t) => t.table.left), true),
          rowCounts(rightInstance, right.schema, diff.tables.map((t) => t.table.right), true),
        ])
        return {
          left: diff.left,
          right: diff.right,
          onlyLeft: [...diff.onlyLeft],
          onlyRight: [...diff.onlyRight],
          equal: diff.equal,
          tables: diff.tables.map((t) => ({
            className: t.className,
            table: t.table,
            describe: t.describe,
            differences: t.differences.map((d) => ({ aspect: d.aspect, name: d.name ?? null, property: d.property ?? null, left: d.left, right: d.right })),
            rows: { left: leftCounts.get(t.table.left) ?? null, right: rightCounts.get(t.table.right) ?? null },
          })),
        }
      }),
    'compare.rows': async ({ jobId, left, right, restriction }) => {
      const job: RowJob = { left, right, restriction, controller: new AbortController(), diff: null }
      jobs.start(jobId, job)
      let last = 0
      try {
        const diff = await withBoth(tabs, left.tabId, right.tabId, (leftInstance, rightInstance) =>
          diffRows(restricted(leftInstance, left, restriction), restricted(rightInstance, right, restriction), {
            signal: job.controller.signal,
            onProgress: ({ segmentsDone, segmentsTotal }) => {
              const now = performance.now()
              if (now - last < PROGRESS_EVERY_MS && segmentsDone < segmentsTotal) return
              last = now
              emit('compare.progress', { jobId, segmentsDone, segmentsTotal })
            },
          }),
        )
        job.diff = diff
        return {
          primaryKey: [...diff.primaryKey],
          compared: [...diff.compared],
          attributesOnlyLeft: [...diff.attributesOnlyLeft],
          attributesOnlyRight: [...diff.attributesOnlyRight],
          counts: diff.counts,
          segments: diff.segments,
          elapsedMs: Math.round(diff.phases.total),
        }
      } catch (error) {
        jobs.forget(jobId)
        throw error
      }
    },
    'compare.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'compare.rowsPage': async ({ jobId, kind, offset, limit }) => {
      const { diff, left, right, restriction } = jobs.finished(jobId)
      const keys = kind === 'changed' ? rowDiffPage(diff, 'changed', { offset, limit }).map((row) => row.key) : rowDiffPage(diff, kind, { offset, limit })
      const total = diff.counts[kind]
      return withBoth(tabs, left.tabId, right.tabId, async (leftInstance, rightInstance) => {
        const empty = { attributes: [], keys: [], rows: [] }
        const fetchSide = (instance: Instance, side: TableSide, wanted: boolean) =>
          !wanted || keys.length === 0 ? Promise.resolve(empty) : sideRows(instance, restricted(instance, side, restriction).restrict([...keys]), null)
        const [l, r] = await Promise.all([fetchSide(leftInstance, left, kind !== 'onlyRight'), fetchSide(rightInstance, right, kind !== 'onlyLeft')])
        const ordered = keys.map((key) => diff.primaryKey.map((name) => key[name]))
        // A side not fetched still lends its heading, so both sides' columns line up.
        const heading = async (instance: Instance, side: TableSide, rows: SideRows): Promise<SideRows> =>
          rows.attributes.length > 0 ? rows : { ...rows, attributes: (await instance.tableInfo(side.schema, side.table)).attributes.filter((a) => !a.hidden) }
        const aligned = align(await heading(leftInstance, left, l), await heading(rightInstance, right, r), ordered)
        return { ...aligned, total, primaryKey: [...diff.primaryKey] }
      })
    },
    'compare.aligned': ({ left, right, restriction, offset, limit }) =>
      withBoth(tabs, left.tabId, right.tabId, async (leftInstance, rightInstance) => {
        // The first offset + limit rows of each side hold the first offset + limit keys of both merged.
        const [l, r] = await Promise.all([
          sideRows(leftInstance, restricted(leftInstance, left, restriction), offset + limit + 1),
          sideRows(rightInstance, restricted(rightInstance, right, restriction), offset + limit + 1),
        ])
        const merged = new Map<string, readonly unknown[]>()
        for (const key of [...l.keys, ...r.keys]) merged.set(keyText(key), key)
        const sorted = [...merged.values()].sort(compareKeys)
        const page = sorted.slice(offset, offset + limit)
        const primaryKey = l.attributes.filter((a) => a.inKey).map((a) => a.name)
        return { ...align(l, r, page), primaryKey, hasMore: sorted.length > offset + limit }
      }),
    'compare.copy': async ({ tabId, source, targetSchema, selection, preview, upstream, parts }) => {
      if (tabs.isReadOnly(tabId)) throw new DataJointError('READ_ONLY', 'This connection is read-only: nothing can be changed through it.')
      let keys: RowKey[]
      let restriction = ''
      if (selection.kind === 'diff') {
        const job = jobs.finished(selection.jobId)
        const sourceSide = selection.side === 'onlyLeft' ? job.left : job.right
        if (sourceSide.tabId !== source.tabId || sourceSide.schema !== source.schema || sourceSide.table !== source.table) {
          throw new DataJointError('INVALID_INPUT', 'The rows to copy belong to another table than the source named.')
        }
        keys = [...job.diff[selection.side]]
        restriction = job.restriction
      } else {
        keys = engineKeys(selection.keys)
      }
      if (keys.length === 0) throw new DataJointError('INVALID_INPUT', 'No rows are selected to copy.')
      return withBoth(tabs, source.tabId, tabId, async (sourceInstance, targetInstance) => {
        const rows = restricted(sourceInstance, source, restriction).restrict(keys)
        const report = await copyRows(rows, await targetInstance.schema(targetSchema), { preview, upstream, parts })
        return { preview: report.preview, copied: report.copied, skipped: report.skipped, tables: report.tables.map((t) => ({ ...t })) }
      })
    },
  } satisfies Partial<Handlers>
}
