// Browsing a tab's server: schemas, the tables of a schema (one catalog load per schema, whatever its size),
// a table's heading and definition, and row counts (estimated from statistics for huge tables).

import { Table, type Instance } from '../../src/index'
import { recordCatalogRead } from './catalog-reads'
import type { Handlers } from './handlers'
import type { TabRegistry } from './tabs'
import { toWireAttribute } from './wire-values'

/**
 * Above this many (estimated) rows, a count comes from the server's statistics instead of `count(*)`: an exact
 * count scans the whole table (here ~50 ms of both cores per million narrow rows on PostgreSQL 15, ~100 ms on
 * MariaDB), and it runs beside the first page, on the same server, when a table is opened.
 */
export const ESTIMATE_THRESHOLD = 100_000

/**
 * The most rows the exact counts of one `table.rowCounts` may scan together, smallest tables first: the tree asks
 * for a whole schema at once, and 500 tables just under the threshold would otherwise scan 50M rows.
 */
export const EXACT_COUNT_BUDGET = 1_000_000

export interface RowCount {
  readonly count: number
  readonly estimated: boolean
}

/**
 * Counts of tables of one schema: with `estimate`, the server's statistics, replaced by exact counts for tables
 * below the threshold (cheap, and exact is better there) as long as the budget lasts; tables without statistics
 * are always counted, and those the server knows exactly (empty ones on PostgreSQL) never.
 */
export async function rowCounts(instance: Instance, schema: string, tables: readonly string[], estimate: boolean): Promise<Map<string, RowCount>> {
  const result = new Map<string, RowCount>()
  if (tables.length === 0) return result
  let exact: readonly string[] = tables
  if (estimate) {
    const estimates = await instance.rowEstimates(schema, tables)
    const toCount = tables.filter((t) => !estimates.has(t))
    let budget = EXACT_COUNT_BUDGET
    for (const [table, known] of [...estimates].sort(([, a], [, b]) => a.count - b.count)) {
      if (known.estimated && known.count <= ESTIMATE_THRESHOLD && known.count <= budget) {
        toCount.push(table)
        budget -= known.count
      } else {
        result.set(table, known)
      }
    }
    exact = toCount
  }
  for (const [table, count] of await instance.rowCounts(schema, exact)) result.set(table, { count, estimated: false })
  return result
}

export function schemaHandlers(tabs: TabRegistry) {
  return {
    'schema.list': ({ tabId }) => tabs.use(tabId, (instance) => instance.listSchemas()),
    'schema.tables': ({ tabId, schema }) =>
      tabs.use(tabId, async (instance) => {
        // Read from the server at each listing: tables declared or dropped elsewhere show without reconnecting.
        const infos = (await instance.tablesOf(schema, { refresh: true })).filter((t) => t.tier !== null)
        recordCatalogRead(instance, [schema])
        return infos
          .map((t) => ({ table: t.table, className: t.className, tier: t.tier ?? 'manual', master: t.master, comment: t.comment }))
          .sort((a, b) => a.table.localeCompare(b.table))
      }),
    'table.detail': ({ tabId, schema, table }) =>
      tabs.use(tabId, async (instance) => {
        const info = await instance.tableInfo(schema, table)
        const definition = await new Table(instance, schema, table).describe()
        return {
          schema,
          table,
          className: info.className,
          tier: info.tier,
          comment: info.comment,
          attributes: info.attributes.filter((a) => !a.hidden).map(toWireAttribute),
          primaryKey: info.attributes.filter((a) => a.inKey && !a.hidden).map((a) => a.name),
          definition,
          foreignKeys: info.foreignKeys.map((fk) => ({
            parentSchema: fk.parentSchema,
            parentTable: fk.parentTable,
            attributes: [...fk.attributes],
            parentAttributes: [...fk.parentAttributes],
          })),
          indexes: info.indexes.map((index) => ({ name: index.name, unique: index.unique, attributes: [...index.attributes] })),
        }
      }),
    'table.rowCounts': ({ tabId, schema, tables, estimate }) =>
      tabs.use(tabId, async (instance) => {
        const known = new Set((await instance.tablesOf(schema)).map((t) => t.table))
        const counts = await rowCounts(instance, schema, tables.filter((t) => known.has(t)), estimate)
        return Object.fromEntries(counts)
      }),
  } satisfies Partial<Handlers>
}
