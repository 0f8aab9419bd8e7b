// Comparing two servers side by side: two schemas (tables, definitions, row counts), the rows of one table pair
// (a data compare that runs as a job with progress events and a cancel, its differences then read by pages or
// exported through the export service), both sides of a table aligned by primary key (each side read by key from
// its own place, merged in the left server's key order: compare-merge.ts), and copying rows to the other side
// (preview, then one transaction).
// Each side names a tab and a schema; the tab's Instance is resolved here, never taken from the renderer, and a
// copy writes only through a tab that is not read-only (the dispatcher refuses it by the target's `tabId`).

import {
  copyRows,
  DataJointError,
  diffRows,
  diffSchemas,
  KEY_ORDER,
  keyOrder,
  rowDiffPage,
  Table,
  type Attribute,
  type Instance,
  type QueryExpression,
  type RawResult,
  type RowDiff,
  type RowDiffKind,
  type RowKey,
} from '../../src/index'
import type { WireKeyValue, WireSideCursor, WireValue } from '../ipc/contract'
import { MERGE_START, mergePage, type MergedRow, type MergeSide, type SideCursor, type SideRow } from './compare-merge'
import { exportPageRows, type ExportService, type ExportSource } from './export'
import { differencesEncoder, type ExportFormat, type ExportRow } from './export-format'
import type { Emit, Handlers } from './handlers'
import { rowCounts } from './schema'
import type { TabRegistry } from './tabs'
import { jsonText, toWireAttribute, toWireRows } from './wire-values'

/** Finished comparisons kept for paging and copying; the oldest are forgotten. */
const KEPT_JOBS = 16
/** Progress events at most this often per job. */
const PROGRESS_EVERY_MS = 100
const DIFFERENCE_KINDS: readonly RowDiffKind[] = ['onlyLeft', 'onlyRight', 'changed']

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

/** A key's values as one text, equal for the same key read from either backend (datetime fractions trimmed). */
function keyTextOf(attributes: readonly Attribute[]): (values: readonly unknown[]) => string {
  return (values) =>
    JSON.stringify(
      values.map((value, i) => {
        if (typeof value === 'bigint') return `${value}n`
        // PostgreSQL prints `12:00:00`, MySQL `12:00:00.000`, for the same datetime(3).
        const category = attributes[i]?.category
        if (typeof value === 'string' && (category === 'datetime' || category === 'time') && value.includes('.')) return value.replace(/\.?0+$/, '')
        return value
      }),
    )
}

/** Rows of one side as wire rows, with their decoded primary-key values. */
function sideRows(result: RawResult): SideRow<WireValue[]>[] {
  const keyColumns = result.heading.attributes.flatMap((a, i) => (a.inKey ? [i] : []))
  const wire = toWireRows(result.heading.attributes, result.decoders, result.rows)
  return result.rows.map((row, r) => ({
    key: keyColumns.map((i) => (result.decoders[i] ?? ((x: unknown) => x))(row[i])),
    row: wire[r] as WireValue[],
  }))
}

/** The rows of a restricted table with these primary keys (decoded values, in primary-key order). */
async function rowsWithKeys(instance: Instance, expr: QueryExpression, keys: readonly (readonly unknown[])[]): Promise<SideRow<WireValue[]>[]> {
  if (keys.length === 0) return []
  const primaryKey = expr.primaryKey
  const dicts = keys.map((key) => Object.fromEntries(primaryKey.map((name, i) => [name, key[i]])))
  return sideRows(await instance.pipeline.fetchRaw(expr.restrict(dicts).expr))
}

export interface AlignedRow {
  readonly left: WireValue[] | null
  readonly right: WireValue[] | null
  /** Attributes (shared by both sides) whose cells differ. */
  readonly changed: string[]
}

/** Rows of both sides, already matched, in one column order (the left side's, then the right side's own). */
function align(leftAttributes: readonly Attribute[], rightAttributes: readonly Attribute[], pairs: readonly MergedRow<WireValue[]>[]) {
  const names = [...leftAttributes.map((a) => a.name), ...rightAttributes.map((a) => a.name).filter((n) => !leftAttributes.some((a) => a.name === n))]
  const attributes = names.map((name) => leftAttributes.find((a) => a.name === name) ?? (rightAttributes.find((a) => a.name === name) as Attribute))
  const project = (own: readonly Attribute[], row: WireValue[]): WireValue[] =>
    names.map((name) => {
      const i = own.findIndex((a) => a.name === name)
      return i < 0 ? null : (row[i] ?? null)
    })
  const shared = names.filter((name) => leftAttributes.some((a) => a.name === name) && rightAttributes.some((a) => a.name === name))
  const rows: AlignedRow[] = pairs.map((pair) => {
    const lp = pair.left === null ? null : project(leftAttributes, pair.left)
    const rp = pair.right === null ? null : project(rightAttributes, pair.right)
    const changed =
      lp === null || rp === null ? [] : shared.filter((name) => JSON.stringify(lp[names.indexOf(name)]) !== JSON.stringify(rp[names.indexOf(name)]))
    return { left: lp, right: rp, changed }
  })
  return {
    attributes: attributes.map(toWireAttribute),
    onlyLeftAttributes: names.filter((n) => !shared.includes(n) && leftAttributes.some((a) => a.name === n)),
    onlyRightAttributes: names.filter((n) => !shared.includes(n) && rightAttributes.some((a) => a.name === n)),
    rows,
  }
}

/** A wire key value back to the engine's: `{$bigint}` to bigint, everything else as it came. */
function engineValue(value: WireKeyValue): unknown {
  return typeof value === 'object' && value !== null ? BigInt(value.$bigint) : value
}

function wireKeyValue(value: unknown): WireKeyValue {
  if (typeof value === 'bigint') return { $bigint: value.toString() }
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value
  // Only a key paged by position can hold other values (bytes): its place is its offset, the text is not read back.
  return jsonText(value)
}

/** A side's place as the renderer sent it back, checked against the key it must name. */
function toSideCursor(cursor: WireSideCursor, width: number): SideCursor {
  if (cursor.key !== null && cursor.key.length !== width) throw new DataJointError('INVALID_INPUT', `A side's place names ${cursor.key.length} key values; the key has ${width}.`)
  return { key: cursor.key?.map(engineValue) ?? null, offset: cursor.offset }
}

function fromSideCursor(cursor: SideCursor): WireSideCursor {
  return { key: cursor.key?.map(wireKeyValue) ?? null, offset: cursor.offset }
}

/** One side of a comparison, restricted as compared, with its heading loaded. */
async function comparedSide(instance: Instance, side: TableSide, restriction: string) {
  await instance.pipeline.load(new Table(instance, side.schema, side.table).expr)
  const expr = restricted(instance, side, restriction)
  return { expr, attributes: expr.heading.attributes, keyAttributes: expr.primaryKey.map((name) => expr.heading.require(name)) }
}

/**
 * One side of the side-by-side view: read after its own place in its server's key order — by key when the key can
 * be paged so (`keyOrder`), else by row position — and looked up by key.
 */
async function alignedSide(instance: Instance, side: TableSide, restriction: string) {
  const compared = await comparedSide(instance, side, restriction)
  const { expr } = compared
  const byKey = keyOrder(expr.heading, []) !== null
  const reader: MergeSide<WireValue[]> = {
    read: async (cursor, limit) =>
      sideRows(
        byKey
          ? await instance.pipeline.fetchKeyPage(expr.expr, { after: cursor.key, limit })
          : await instance.pipeline.fetchRaw(expr.expr, { orderBy: KEY_ORDER, limit, offset: cursor.offset }),
      ),
    find: (keys) => rowsWithKeys(instance, expr, keys),
  }
  return { ...compared, reader }
}

type FinishedJob = RowJob & { readonly diff: RowDiff }

/** The primary-key values of a page of a comparison's differing rows of one kind, in primary-key order. */
function differingKeys(diff: RowDiff, kind: RowDiffKind, offset: number, limit: number): unknown[][] {
  const keys = kind === 'changed' ? rowDiffPage(diff, 'changed', { offset, limit }).map((row) => row.key) : rowDiffPage(diff, kind, { offset, limit })
  return keys.map((key) => diff.primaryKey.map((name) => key[name]))
}

/** A side's rows of some differing keys, as wire rows (a side not asked for still gives its attributes). */
async function differenceSide(instance: Instance, side: TableSide, restriction: string, keys: readonly (readonly unknown[])[]) {
  const compared = await comparedSide(instance, side, restriction)
  return { ...compared, rows: await rowsWithKeys(instance, compared.expr, keys) }
}

/**
 * A finished comparison's differences as an export: each kind in turn, a page of keys at a time, both sides' rows
 * read by those keys with full values (never the grid's previews), written as they come.
 */
function differencesExport(tabs: TabRegistry, job: FinishedJob, format: ExportFormat): ExportSource {
  const { diff, left, right, restriction } = job
  return {
    tabId: left.tabId,
    format,
    total: diff.counts.onlyLeft + diff.counts.onlyRight + diff.counts.changed,
    write: (out, signal) =>
      withBoth(tabs, left.tabId, right.tabId, async (leftInstance, rightInstance) => {
        const [l, r] = await Promise.all([comparedSide(leftInstance, left, restriction), comparedSide(rightInstance, right, restriction)])
        const keyText = keyTextOf(l.keyAttributes)
        const byKey = async (instance: Instance, expr: QueryExpression, keys: readonly (readonly unknown[])[]): Promise<Map<string, ExportRow>> => {
          const dicts = keys.map((key) => Object.fromEntries(diff.primaryKey.map((name, i) => [name, key[i]])))
          const rows = await instance.pipeline.fetchDicts(expr.restrict(dicts).expr)
          return new Map(rows.map((row) => [keyText(diff.primaryKey.map((name) => row[name])), row]))
        }
        const encoder = differencesEncoder(format, l.attributes, r.attributes)
        const pageSize = Math.min(exportPageRows(l.attributes), exportPageRows(r.attributes))
        await out(encoder.begin())
        for (const kind of DIFFERENCE_KINDS) {
          await out(encoder.kind(kind))
          for (let offset = 0; offset < diff.counts[kind]; offset += pageSize) {
            if (signal.aborted) throw new DataJointError('CANCELLED', 'The export was cancelled.')
            const keys = differingKeys(diff, kind, offset, pageSize)
            const changed = kind === 'changed' ? rowDiffPage(diff, 'changed', { offset, limit: pageSize }).map((row) => row.attributes.map((a) => a.name)) : []
            const [leftRows, rightRows] = await Promise.all([
              kind === 'onlyRight' ? new Map<string, ExportRow>() : byKey(leftInstance, l.expr, keys),
              kind === 'onlyLeft' ? new Map<string, ExportRow>() : byKey(rightInstance, r.expr, keys),
            ])
            const rows = keys.map((key, i) => ({
              key: Object.fromEntries(diff.primaryKey.map((name, j) => [name, key[j]])),
              left: leftRows.get(keyText(key)) ?? null,
              right: rightRows.get(keyText(key)) ?? null,
              changed: changed[i] ?? [],
            }))
            await out(encoder.page(rows), rows.length)
          }
        }
        await out(encoder.end())
      }),
  }
}

/** Keys of the copy's selection as engine values: `{$bigint}` back to bigint, everything else as it came. */
function engineKeys(keys: readonly Readonly<Record<string, WireKeyValue>>[]): RowKey[] {
  return keys.map((key) =>
    Object.fromEntries(Object.entries(key).map(([name, value]) => [name, engineValue(value)])),
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

  finished(jobId: string): FinishedJob {
    const job = this.get(jobId)
    if (job.diff === null) throw new DataJointError('INVALID_INPUT', `Comparison ${jobId} has not finished.`)
    return job as FinishedJob
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

export function compareHandlers(tabs: TabRegistry, jobs: CompareJobs, emit: Emit, exports: ExportService) {
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
      const keys = differingKeys(diff, kind, offset, limit)
      return withBoth(tabs, left.tabId, right.tabId, async (leftInstance, rightInstance) => {
        const [l, r] = await Promise.all([
          differenceSide(leftInstance, left, restriction, kind !== 'onlyRight' ? keys : []),
          differenceSide(rightInstance, right, restriction, kind !== 'onlyLeft' ? keys : []),
        ])
        const keyText = keyTextOf(l.keyAttributes)
        const leftByKey = new Map(l.rows.map((row) => [keyText(row.key), row.row]))
        const rightByKey = new Map(r.rows.map((row) => [keyText(row.key), row.row]))
        const pairs = keys.map((key) => ({ left: leftByKey.get(keyText(key)) ?? null, right: rightByKey.get(keyText(key)) ?? null }))
        return { ...align(l.attributes, r.attributes, pairs), total: diff.counts[kind], primaryKey: [...diff.primaryKey] }
      })
    },
    'compare.export': async ({ jobId, format }) => {
      const job = jobs.finished(jobId)
      return exports.startSource(differencesExport(tabs, job, format), `${job.left.table}-differences`)
    },
    'compare.aligned': ({ left, right, restriction, after, limit }) =>
      withBoth(tabs, left.tabId, right.tabId, async (leftInstance, rightInstance) => {
        const [l, r] = await Promise.all([alignedSide(leftInstance, left, restriction), alignedSide(rightInstance, right, restriction)])
        const primaryKey = l.expr.primaryKey
        if (primaryKey.join('\u0000') !== r.expr.primaryKey.join('\u0000')) {
          throw new DataJointError('INCOMPATIBLE_OPERANDS', `Both sides must have the same primary key: (${primaryKey.join(', ')}) and (${r.expr.primaryKey.join(', ')}).`)
        }
        const cursor = after === null ? MERGE_START : { left: toSideCursor(after.left, primaryKey.length), right: toSideCursor(after.right, primaryKey.length) }
        const keyText = keyTextOf(l.keyAttributes)
        const page = await mergePage(
          { left: l.reader, right: r.reader, order: (keys) => leftInstance.pipeline.sortKeys(l.expr.expr, keys), keyText },
          cursor,
          limit,
        )
        return {
          ...align(l.attributes, r.attributes, page.rows),
          primaryKey,
          next: { left: fromSideCursor(page.next.left), right: fromSideCursor(page.next.right) },
          hasMore: page.hasMore,
        }
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
