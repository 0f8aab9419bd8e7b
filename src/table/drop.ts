// Dropping tables (DataJoint's `drop()` / `drop_quick()`): a table with everything that depends on it, leaves
// first, with its `~lineage` rows and the PostgreSQL enum types nothing else uses. DDL: never in a transaction.

import { DataJointError, isDataJointError } from '../errors/datajoint-error'
import { tableKey } from '../heading/table-info'
import type { EngineContext } from '../instance/context'
import { loadDependencies, type DependencyNode } from '../schema/dependencies'
import { lineageRowsDelete } from '../schema/lineage'
import { assertPartIntegrity, fullTableName, refusePrompt, type PartIntegrity } from './delete'

export interface DropOptions {
  /** Ask before dropping; defaults to `config.safemode`. Prompting is refused: pass `prompt: false`. */
  readonly prompt?: boolean
  /** `enforce` (default): refuse to drop a part table without its master; `ignore`: allow it. */
  readonly partIntegrity?: Exclude<PartIntegrity, 'cascade'>
}

function refuseInTransaction(context: EngineContext): void {
  if (context.inTransaction) {
    throw new DataJointError('INVALID_QUERY', 'Tables cannot be dropped inside a transaction: DDL is never part of one.')
  }
}

/**
 * Drops one table, no cascade (`drop_quick`): the table, its `~lineage` rows, then (PostgreSQL) each enum type
 * it used, unless another column still uses it — the server refuses to drop a type in use, and the type stays.
 */
export async function dropQuick(context: EngineContext, schema: string, table: string): Promise<void> {
  refuseInTransaction(context)
  const name = fullTableName(context, schema, table)
  if (!context.catalog.isLoaded(schema)) await context.loadSchemas([schema])
  const info = context.catalog.table(schema, table)
  if (info === undefined) {
    context.logger.info(`Nothing to drop: table ${name} is not declared`)
    return
  }
  await dropOne(context, schema, table, info.lineageAvailable)
  await context.catalog.load([schema], { refresh: true })
}

async function dropOne(context: EngineContext, schema: string, table: string, hasLineage: boolean): Promise<void> {
  const name = fullTableName(context, schema, table)
  const enumTypes = await context.catalog.introspector.enumTypesOf(schema, table)
  await context.pipeline.execute({ kind: 'dropTable', table: { schema, table } })
  // Lineage rows go only once the table is gone: a refused DROP must leave the table's joins working.
  if (hasLineage) await context.pipeline.execute(lineageRowsDelete(schema, table))
  context.logger.info(`Dropped table ${name}`)
  // Only PostgreSQL reports enum types. The server refuses (an integrity error) to drop one another column still
  // uses; that type stays.
  for (const type of enumTypes) {
    try {
      await context.pipeline.execute({ kind: 'dropEnumType', type })
    } catch (error) {
      if (!isDataJointError(error, 'INTEGRITY')) throw error
    }
  }
}

/**
 * What DataJoint's `drop()` would drop: the table and every table that depends on it (in any schema), in drop order
 * (leaves first), with the same refusals as the drop — except for prompting and transactions, since nothing runs.
 * Empty when the table is not declared.
 */
export async function planDrop(
  context: EngineContext,
  target: { readonly schema: string; readonly table: string; readonly restricted: boolean },
  options: DropOptions = {},
): Promise<DependencyNode[]> {
  if (target.restricted) {
    throw new DataJointError(
      'INVALID_INPUT',
      'A table with an applied restriction cannot be dropped. Call drop() on the unrestricted Table.',
    )
  }
  const partIntegrity = options.partIntegrity ?? 'enforce'
  assertPartIntegrity(partIntegrity, ['enforce', 'ignore'], 'part_integrity for drop')
  const { schema, table } = target
  const name = fullTableName(context, schema, table)
  if (!context.catalog.isLoaded(schema)) await context.loadSchemas([schema])
  if (context.catalog.table(schema, table)?.tier === 'part' && partIntegrity === 'enforce') {
    throw new DataJointError(
      'INTEGRITY',
      "Cannot drop a Part directly. Drop master instead, or use part_integrity='ignore' to force.",
      { table: name },
    )
  }
  const graph = await loadDependencies(context, [schema], { downstream: true, refresh: true })
  const key = tableKey(schema, table)
  if (!graph.has(key)) return []
  const keys = graph.descendants(key)
  const nodeName = (k: string): string => {
    const node = graph.node(k)
    return node === undefined ? k : fullTableName(context, node.schema, node.table)
  }
  if (partIntegrity === 'enforce') {
    for (const k of keys) {
      const master = graph.node(k)?.master
      if (master !== null && master !== undefined && !keys.includes(master)) {
        throw new DataJointError(
          'INTEGRITY',
          `Attempt to drop part table ${nodeName(k)} before its master ${nodeName(master)}. Drop the master first.`,
          { table: nodeName(k) },
        )
      }
    }
  }
  return graph
    .topoSort(keys)
    .reverse()
    .flatMap((k) => graph.node(k) ?? [])
}

/**
 * DataJoint's `drop()`: the table and every table that depends on it (in any schema), leaves first. Refused for
 * a restricted table, inside a transaction, while prompting, and — with `partIntegrity: 'enforce'` — for a part
 * table (drop its master) or when a part table would go without its master.
 */
export async function dropTables(
  context: EngineContext,
  target: { readonly schema: string; readonly table: string; readonly restricted: boolean },
  options: DropOptions = {},
): Promise<void> {
  const name = fullTableName(context, target.schema, target.table)
  refuseInTransaction(context)
  refusePrompt(context, name, options, 'Dropping', 'drop')
  const nodes = await planDrop(context, target, options)
  if (nodes.length === 0) {
    context.logger.info(`Nothing to drop: table ${name} is not declared`)
    return
  }
  const schemas = new Set<string>()
  for (const node of nodes) {
    const info = context.catalog.table(node.schema, node.table)
    await dropOne(context, node.schema, node.table, info?.lineageAvailable ?? false)
    schemas.add(node.schema)
  }
  context.logger.info('Tables dropped.')
  await context.catalog.load([...schemas], { refresh: true })
}
