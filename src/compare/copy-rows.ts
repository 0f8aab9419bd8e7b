// `dj.copyRows(source, target, options)`: the rows of a restricted table copied from one Instance into a schema of
// another that declares the same pipeline, optionally with the rows upstream of them (DataJoint 2.3's
// `Diagram.trace`: every ancestor restricted to what the rows' foreign keys reach) and with their part rows, in one
// transaction on the target, rows already there skipped. Refused, naming the tables, when the target declares a
// table differently where copying depends on it (missing table, other key, an attribute missing or of another type).

import * as build from '../algebra/build'
import type { QueryExpr } from '../algebra/ast'
import { DataJointError } from '../errors/datajoint-error'
import { tableKey, type TableInfo } from '../heading/table-info'
import { DependencyGraph } from '../schema/dependencies'
import { Diagram } from '../schema/diagram'
import type { Schema } from '../schema/schema'
import { restrictedTableOf } from '../table/delete'
import type { QueryExpression } from '../table/expression'
import { Table } from '../table/table'
import { instanceOf } from './server-runner'

export interface CopyRowsOptions {
  /** Also copy the rows of every table upstream that the copied rows reference, recursively (default false). */
  readonly upstream?: boolean
  /** Also copy the part rows of the copied rows (and, with `upstream`, what the parts reference) (default false). */
  readonly parts?: boolean
  /** Only count what would be copied and skipped; nothing is written. */
  readonly preview?: boolean
  /**
   * Target schema of each source schema: the source table's own schema maps to `target`, any other schema (an
   * upstream table's) to the schema of the same name unless named here.
   */
  readonly schemas?: Readonly<Record<string, string>>
}

export interface CopyTableReport {
  /** `schema.table` on the source and on the target. */
  readonly source: string
  readonly target: string
  /** Rows written (in a preview: that would be). */
  readonly copied: number
  /** Rows whose primary key the target already had. */
  readonly skipped: number
}

export interface CopyReport {
  readonly preview: boolean
  /** Per table, parents before children. */
  readonly tables: readonly CopyTableReport[]
  readonly copied: number
  readonly skipped: number
}

/** Keys checked against the target per statement in a preview. */
const KEY_BATCH = 500

/** Why the target's table cannot take the source's rows; empty when it can. */
function incompatibilities(source: TableInfo, target: TableInfo | undefined): string[] {
  if (target === undefined) return ['missing on the target']
  const problems: string[] = []
  const key = (info: TableInfo) => info.primaryKey.join(', ')
  if (key(source) !== key(target)) problems.push(`primary key (${key(source)}) vs (${key(target)})`)
  const targetAttributes = new Map(target.attributes.map((a) => [a.name, a]))
  for (const attribute of source.attributes) {
    if (attribute.hidden) continue
    const other = targetAttributes.get(attribute.name)
    if (other === undefined) problems.push(`attribute ${attribute.name} missing`)
    else if (other.type !== attribute.type) problems.push(`attribute ${attribute.name}: ${attribute.type} vs ${other.type}`)
  }
  const sourceNames = new Set(source.attributes.map((a) => a.name))
  for (const attribute of target.attributes) {
    if (!sourceNames.has(attribute.name) && !attribute.nullable && attribute.default === undefined && !attribute.autoIncrement) {
      problems.push(`attribute ${attribute.name} required on the target only`)
    }
  }
  return problems
}

/**
 * Copies the rows of `source` (a table or a restricted table) into the same table of `target`, a schema of another
 * Instance (or the same) with the same pipeline.
 * @example await dj.copyRows(Session.restrict({ session_id: 3 }), await backup.schema('lab'), { upstream: true, parts: true })
 */
export async function copyRows(source: QueryExpression, target: Schema, options: CopyRowsOptions = {}): Promise<CopyReport> {
  const sourceInstance = instanceOf(source.context)
  const targetInstance = instanceOf(target.context)
  const seed = restrictedTableOf(source.expr)
  await sourceInstance.catalog.load([seed.schema], { refresh: true })
  const sourceInfoOf = (key: string): TableInfo => {
    const [schema, table] = key.split(/\.(.*)/s) as [string, string]
    return sourceInstance.catalog.table(schema, table) as TableInfo
  }
  const seedInfo = await sourceInstance.tableInfo(seed.schema, seed.table)

  // Every table to copy from, each with the restrictions whose rows it gives (a table reached twice gives both).
  const restrictions = new Map<string, QueryExpr[]>()
  const add = (key: string, expr: QueryExpr): void => {
    restrictions.set(key, [...(restrictions.get(key) ?? []), expr])
  }
  const seeds: QueryExpr[] = [source.expr]
  add(tableKey(seed.schema, seed.table), source.expr)
  if (options.parts === true) {
    for (const part of sourceInstance.catalog.tablesOf(seed.schema).filter((info) => info.master === seedInfo.table)) {
      const expr = build.restrict(build.table(part.schema, part.table), build.semijoin(source.expr))
      add(tableKey(part.schema, part.table), expr)
      seeds.push(expr)
    }
  }
  if (options.upstream === true) {
    for (const expr of seeds) {
      const start = restrictedTableOf(expr)
      const trace = await Diagram.trace(new Table(sourceInstance, start.schema, start.table, expr))
      const startKey = tableKey(start.schema, start.table)
      for (const name of trace.tables) {
        const restricted = trace.restricted(name)
        const key = tableKey(restricted.schemaName, restricted.tableName)
        if (key !== startKey) add(key, restricted.expr)
      }
    }
  }

  const graph = DependencyGraph.fromTables(sourceInstance.catalog.allTables())
  const order = graph.topoSort(restrictions.keys()).filter((key) => restrictions.has(key))
  const targetSchemaOf = (schema: string): string => (schema === seed.schema ? target.name : (options.schemas?.[schema] ?? schema))
  const targetSchemas = [...new Set(order.map((key) => targetSchemaOf(sourceInfoOf(key).schema)))]
  await targetInstance.catalog.load(targetSchemas, { refresh: true })

  const refused: string[] = []
  for (const key of order) {
    const info = sourceInfoOf(key)
    const problems = incompatibilities(info, targetInstance.catalog.table(targetSchemaOf(info.schema), info.table))
    if (problems.length > 0) refused.push(`${targetSchemaOf(info.schema)}.${info.table} (${problems.join('; ')})`)
  }
  if (refused.length > 0) {
    throw new DataJointError('INCOMPATIBLE_OPERANDS', `The target's definitions differ from the source's: ${refused.join(', ')}.`, {
      table: refused.map((entry) => entry.split(' ')[0]).join(', '),
    })
  }

  // Rows of every table, read before the target's transaction opens: its duration is the writes only.
  const rowsByTable = new Map<string, Record<string, unknown>[]>()
  for (const key of order) {
    const info = sourceInfoOf(key)
    const exprs = restrictions.get(key) ?? []
    // Several restrictions of one table: rows matching any, by primary key (a table's secondaries never join).
    const expr = exprs.length === 1 ? (exprs[0] as QueryExpr) : build.restrict(build.table(info.schema, info.table), build.or(exprs.map((e) => build.semijoin(build.proj(e)))))
    await sourceInstance.pipeline.load(expr)
    rowsByTable.set(key, await sourceInstance.pipeline.fetchDicts(expr))
  }

  const write = async (): Promise<CopyTableReport[]> => {
    const reports: CopyTableReport[] = []
    for (const key of order) {
      const info = sourceInfoOf(key)
      const rows = rowsByTable.get(key) ?? []
      const targetTable = new Table(targetInstance, targetSchemaOf(info.schema), info.table)
      let copied: number
      if (options.preview === true) {
        let existing = 0
        for (let start = 0; start < rows.length; start += KEY_BATCH) {
          const keys = rows.slice(start, start + KEY_BATCH).map((row) => Object.fromEntries(info.primaryKey.map((name) => [name, row[name]])))
          existing += await targetTable.restrict(keys).count()
        }
        copied = rows.length - existing
      } else {
        copied = rows.length === 0 ? 0 : await targetTable.insert(rows, { skipDuplicates: true, allowDirectInsert: true, ignoreExtraFields: true })
      }
      reports.push({ source: key, target: tableKey(targetTable.schemaName, info.table), copied, skipped: rows.length - copied })
    }
    return reports
  }
  const tables = options.preview === true ? await write() : await targetInstance.transaction(write)
  return {
    preview: options.preview === true,
    tables,
    copied: tables.reduce((sum, t) => sum + t.copied, 0),
    skipped: tables.reduce((sum, t) => sum + t.skipped, 0),
  }
}
