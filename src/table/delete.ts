// Cascading delete: the restriction each dependent table receives from a restricted table (DataJoint's
// Diagram.cascade), and running the DELETEs the planner (sql/plan-mutations) makes of them leaves-first in one
// transaction, in batches where keys read while planning are too many for one statement. Table-level policy
// (prompts, part tables, the part-integrity check, counts) is applied here too; the FK graph is schema/'s.

import type { Condition, Literal, QueryExpr } from '../algebra/ast'
import * as build from '../algebra/build'
import { conditionAttributes, resolve, type ResolveContext, type ResolvedCondition } from '../algebra/resolve'
import { matchKeyAttribute, tablesRead } from '../algebra/visit'
import type { CompiledQuery } from '../adapters/driver'
import { quotedTableName } from '../adapters/dialect'
import { DataJointError, isDataJointError } from '../errors/datajoint-error'
import type { Heading } from '../heading/heading'
import { tableKey } from '../heading/table-info'
import type { EngineContext } from '../instance/context'
import { loadDependencies, type DependencyEdge, type DependencyGraph } from '../schema/dependencies'
import { boundedStatements } from '../sql/plan-mutations'
import { toLiteral } from './restriction'

/** DataJoint's `part_integrity`: what deleting part-table rows does to their masters. */
export type PartIntegrity = 'enforce' | 'ignore' | 'cascade'

export interface DeleteOptions {
  /**
   * Ask before deleting; defaults to `config.safemode`. A library cannot ask, so a delete with prompting on is
   * refused: pass `prompt: false` (or turn safemode off) to delete.
   */
  readonly prompt?: boolean
  /**
   * `enforce` (default): refuse to delete part rows whose master rows stay (the whole delete is rolled back);
   * `ignore`: allow it; `cascade`: also delete the masters of affected part rows, and what depends on them.
   */
  readonly partIntegrity?: PartIntegrity
}

/** Test hooks of `cascadeDelete`; not part of the public API. */
export interface DeleteHooks {
  /** Called before each DELETE statement, inside the transaction (index counts from 0, leaves first). */
  readonly beforeStatement?: (statement: CompiledQuery, index: number, table: string) => Promise<void>
}

/** One OR-term of a table's cascade restriction. */
export interface RestrictionEntry {
  readonly condition: Condition
  /**
   * The attributes the condition constrains when it can be copied verbatim to a child whose key holds them
   * (DataJoint's propagation rule 1); null when it cannot (a semijoin that matches on more than these).
   */
  readonly attributes: ReadonlySet<string> | null
}

/** The rows a cascade reaches, table by table. */
export interface CascadePlan {
  readonly graph: DependencyGraph
  /** Node key (`schema.table`) of the table the delete starts from. */
  readonly seed: string
  /** Node keys of the tables the cascade reaches, parents first. */
  readonly order: readonly string[]
  /** Each reached table restricted to the rows it loses. */
  readonly restricted: ReadonlyMap<string, QueryExpr>
  /** The tables the cascade may reach. */
  readonly scope: ReadonlySet<string>
  /** The seed's own restriction; null when the seed is restricted by its materialised keys instead. */
  readonly seedEntries: readonly RestrictionEntry[] | null
  /** Keys read while planning, which `restricted` binds as values. */
  readonly keys: readonly MaterialisedKeys[]
}

/** Rows of a table, by primary key, read from the database while planning a cascade. */
export interface MaterialisedKeys {
  /** Node key (`schema.table`). */
  readonly table: string
  readonly attributes: readonly string[]
  readonly rows: readonly Record<string, unknown>[]
}

const PART_INTEGRITY: readonly PartIntegrity[] = ['enforce', 'ignore', 'cascade']

/** Python's ValueError for a bad `part_integrity` (`… must be 'enforce', 'ignore', or 'cascade', got 'x'`). */
export function assertPartIntegrity(value: unknown, allowed: readonly string[] = PART_INTEGRITY, subject = 'part_integrity'): void {
  if (typeof value === 'string' && allowed.includes(value)) return
  const quoted = allowed.map((v) => `'${v}'`)
  const choices = quoted.length > 2 ? `${quoted.slice(0, -1).join(', ')}, or ${quoted.at(-1)}` : quoted.join(' or ')
  const got = typeof value === 'string' ? `'${value}'` : String(value)
  throw new DataJointError('INVALID_INPUT', `${subject} must be ${choices}, got ${got}`)
}

/** The quoted full table name DataJoint prints (`` `s`.`t` `` / `"s"."t"`). */
export function fullTableName(context: Pick<EngineContext, 'dialect'>, schema: string, table: string): string {
  return quotedTableName(context.dialect, schema, table)
}

function nodeName(context: EngineContext, graph: DependencyGraph, key: string): string {
  const node = graph.node(key)
  if (node === undefined) throw new Error(`cascade: ${key} is not in the graph`)
  return fullTableName(context, node.schema, node.table)
}

/** The table and the conditions of a restricted base table (`table` or a chain of restrictions of one). */
export function restrictedTableOf(expr: QueryExpr): { schema: string; table: string; conditions: Condition[] } {
  const conditions: Condition[] = []
  let node = expr
  while (node.kind === 'restrict') {
    conditions.unshift(node.condition)
    node = node.input
  }
  if (node.kind !== 'table') {
    throw new DataJointError(
      'INVALID_QUERY',
      'Only a table or a restriction of a table can be deleted from; restrict the table by this query instead.',
    )
  }
  return { schema: node.schema, table: node.table, conditions }
}

/** Copies a condition for use on another table: dict keys the source heading ignored are dropped, as they were ignored. */
function pruneMatches(condition: Condition, heading: Heading): Condition {
  switch (condition.kind) {
    case 'match': {
      const values: Record<string, Literal> = {}
      for (const [key, value] of Object.entries(condition.values)) if (heading.has(matchKeyAttribute(key))) values[key] = value
      return Object.keys(values).length === 0 ? build.TRUE : build.match(values)
    }
    case 'and':
      return build.and(condition.conditions.map((c) => pruneMatches(c, heading)))
    case 'or':
      return build.or(condition.conditions.map((c) => pruneMatches(c, heading)))
    case 'not':
      return build.not(pruneMatches(condition.condition, heading))
    default:
      return condition
  }
}

/** The attributes a resolved condition constrains; null if a semijoin in it matches on fewer than its operand has. */
function constrainedAttributes(condition: ResolvedCondition): Set<string> | null {
  switch (condition.kind) {
    case 'const':
      return new Set()
    case 'and':
    case 'or': {
      const all = new Set<string>()
      for (const part of condition.conditions) {
        const names = constrainedAttributes(part)
        if (names === null) return null
        for (const name of names) all.add(name)
      }
      return all
    }
    case 'not':
      return constrainedAttributes(condition.condition)
    case 'equals':
      return new Set([condition.attribute.name])
    case 'scalar':
      return new Set(conditionAttributes(condition.condition))
    case 'semijoin':
      return condition.query.heading.names.every((name) => condition.on.includes(name)) && condition.on.length > 0 ? new Set(condition.on) : null
    default:
      return null
  }
}

/** Rows given by key values as a condition: `a IN (…)` for one key column, an OR of dicts otherwise. */
export function keysCondition(rows: readonly Record<string, unknown>[], key: readonly string[]): Condition {
  if (rows.length === 0) return build.FALSE
  if (key.length === 1) {
    const name = key[0] as string
    return { kind: 'in', operand: build.attr(name), values: rows.map((row) => toLiteral(row[name])), negated: false }
  }
  return build.or(rows.map((row) => build.match(Object.fromEntries(key.map((name) => [name, toLiteral(row[name])])))))
}

/**
 * How restrictions reaching a table through several foreign keys combine: `any` (OR) for cascades and traces —
 * a row is reached through any path; `all` (AND) for `Diagram.restrict` — a row must satisfy every path.
 */
export type Convergence = 'any' | 'all'

/** A table restricted by its entries, combined by `convergence`. */
export function restrictedExpr(graph: DependencyGraph, key: string, entries: readonly RestrictionEntry[], convergence: Convergence = 'any'): QueryExpr {
  const node = graph.node(key)
  if (node === undefined) throw new Error(`cascade: ${key} is not in the graph`)
  const conditions = entries.map((e) => e.condition)
  // Every operand of a propagated restriction matches on foreign-key columns that share lineage by
  // construction; the seed's own semijoins were checked when the seed was resolved.
  return build.restrict(build.table(node.schema, node.table), convergence === 'any' ? build.or(conditions) : build.and(conditions), {
    semanticCheck: false,
  })
}

/** The tables a cascade may reach, before any data is looked at. */
export function cascadeScope(graph: DependencyGraph, seed: string, partIntegrity: PartIntegrity): Set<string> {
  const scope = new Set(graph.descendants(seed))
  if (partIntegrity !== 'cascade') return scope
  // A Set's iteration visits what is added during it, so masters found late are expanded too.
  for (const key of scope) {
    const master = graph.node(key)?.master
    if (master !== null && master !== undefined && !scope.has(master)) for (const k of graph.descendants(master)) scope.add(k)
  }
  return scope
}

/**
 * DataJoint's restriction propagation, pure: walks the scope parents-first and gives every table reached what
 * each of its foreign keys passes down — (1) the parent's restriction itself, when it only constrains columns
 * this foreign key copies into the child's key; (2) for a renamed foreign key, a semijoin with the restricted
 * parent's key renamed to the child's columns; (3) otherwise a semijoin with the restricted parent's key.
 * `extra` adds terms to tables (the masters of `part_integrity='cascade'`, further seeds of `Diagram.restrict`).
 * `convergence` says whether a table's terms are ORed (cascade) or ANDed (`Diagram.restrict`).
 */
export function propagateRestrictions(
  graph: DependencyGraph,
  seed: string,
  seedEntries: readonly RestrictionEntry[],
  scope: ReadonlySet<string>,
  extra: ReadonlyMap<string, readonly RestrictionEntry[]> = new Map(),
  convergence: Convergence = 'any',
): { order: string[]; restricted: Map<string, QueryExpr> } {
  const entries = new Map<string, RestrictionEntry[]>([[seed, [...seedEntries]]])
  for (const [key, more] of extra) entries.set(key, [...(entries.get(key) ?? []), ...more])
  const order: string[] = []
  const restricted = new Map<string, QueryExpr>()
  for (const key of graph.topoSort(scope)) {
    const own = entries.get(key)
    if (own === undefined) continue
    const expr = restrictedExpr(graph, key, own, convergence)
    order.push(key)
    restricted.set(key, expr)
    for (const edge of graph.children(key)) {
      if (!scope.has(edge.child)) continue
      const list = entries.get(edge.child) ?? []
      list.push(...propagateEdge(graph, edge, own, expr))
      entries.set(edge.child, list)
    }
  }
  return { order, restricted }
}

function propagateEdge(graph: DependencyGraph, edge: DependencyEdge, parentEntries: readonly RestrictionEntry[], parent: QueryExpr): RestrictionEntry[] {
  const columns = Object.keys(edge.attrMap)
  const childKey = new Set(graph.node(edge.child)?.primaryKey ?? [])
  const copyable = parentEntries.length > 0 && parentEntries.every((e) => e.attributes !== null)
  if (!edge.aliased && copyable) {
    const names = new Set(parentEntries.flatMap((e) => [...(e.attributes ?? [])]))
    // Stricter than DataJoint (child key only): the columns must come through this foreign key, so that a
    // same-named column of another origin is never constrained.
    if (names.size > 0 && [...names].every((n) => childKey.has(n) && columns.includes(n))) return [...parentEntries]
  }
  const key = build.proj(parent)
  const rename: Record<string, string> = {}
  for (const [child, parentColumn] of Object.entries(edge.attrMap)) if (child !== parentColumn) rename[child] = parentColumn
  const operand = edge.aliased ? build.proj(key, { rename }) : key
  return [{ condition: build.semijoin(operand), attributes: new Set(columns) }]
}

/**
 * The restriction of the table a cascade starts from, as one OR-term (TRUE when unrestricted): the AND of its
 * conditions, with dict keys the table does not have dropped (they were ignored, and a child might have them).
 */
export function seedRestriction(expr: QueryExpr, context: ResolveContext): RestrictionEntry[] {
  const { schema, table, conditions } = restrictedTableOf(expr)
  if (conditions.length === 0) return [{ condition: build.TRUE, attributes: new Set() }]
  const heading = resolve(expr, context).heading
  const condition = build.and(conditions.map((c) => pruneMatches(c, heading)))
  const check = resolve(build.restrict(build.table(schema, table), condition), context)
  return [{ condition, attributes: check.node.kind === 'restrict' ? constrainedAttributes(check.node.condition) : new Set() }]
}

const keysEntry = (keys: MaterialisedKeys): RestrictionEntry => ({ condition: keysCondition(keys.rows, keys.attributes), attributes: new Set(keys.attributes) })

/**
 * Each table of a cascade restricted to the rows it loses when the materialised keys are `keys` (all of the
 * plan's, or a slice of them: restrictions only ever OR keys in, so the slices of a key list together reach
 * exactly the rows the whole list reaches).
 */
export function cascadeRestrictions(cascade: Omit<CascadePlan, 'order' | 'restricted'>, keys: readonly MaterialisedKeys[]): { order: string[]; restricted: Map<string, QueryExpr> } {
  const seedEntries = cascade.seedEntries ?? keys.filter((k) => k.table === cascade.seed).map(keysEntry)
  const extra = new Map<string, RestrictionEntry[]>()
  for (const k of keys) {
    if (cascade.seedEntries === null && k.table === cascade.seed) continue
    extra.set(k.table, [...(extra.get(k.table) ?? []), keysEntry(k)])
  }
  return propagateRestrictions(cascade.graph, cascade.seed, seedEntries, cascade.scope, extra)
}

/** The keys from the `start`-th to before the `end`-th, counted across the key lists in order; every list is kept. */
export function sliceKeys(keys: readonly MaterialisedKeys[], start: number, end: number): MaterialisedKeys[] {
  let offset = 0
  return keys.map((k) => {
    const from = Math.min(k.rows.length, Math.max(0, start - offset))
    const to = Math.max(from, Math.min(k.rows.length, end - offset))
    offset += k.rows.length
    return { ...k, rows: k.rows.slice(from, to) }
  })
}

/**
 * The cascade of deleting `expr` (a restricted base table): every table reached and its restriction.
 * Queries data only where DataJoint materialises keys: the masters of affected parts under
 * `partIntegrity: 'cascade'`, and — beyond DataJoint — the seed itself when its restriction reads a table the
 * cascade deletes from first (`(Subject & Session).delete()`), which would otherwise see its rows gone.
 */
export async function planCascade(
  context: EngineContext,
  graph: DependencyGraph,
  expr: QueryExpr,
  partIntegrity: PartIntegrity,
): Promise<CascadePlan> {
  const { schema, table, conditions } = restrictedTableOf(expr)
  const seed = tableKey(schema, table)
  if (!graph.has(seed)) throw new DataJointError('MISSING_TABLE', `Table ${fullTableName(context, schema, table)} is not in the dependency graph.`)
  const resolved = context.pipeline.resolve(expr)
  const scope = cascadeScope(graph, seed, partIntegrity)

  let seedEntries: RestrictionEntry[] | null = seedRestriction(expr, context.resolveContext)
  const keys: MaterialisedKeys[] = []
  const read = conditions.flatMap((c) => tablesRead(build.restrict(build.table(schema, table), c))).map((t) => tableKey(t.schema, t.table))
  if (read.some((k) => k !== seed && scope.has(k))) {
    keys.push({ table: seed, attributes: resolved.heading.primaryKey, rows: await context.pipeline.fetchDicts(build.proj(expr)) })
    seedEntries = null
  }

  for (;;) {
    const plan: Omit<CascadePlan, 'order' | 'restricted'> = { graph, seed, scope, seedEntries, keys: [...keys] }
    const result = { ...plan, ...cascadeRestrictions(plan, keys) }
    if (partIntegrity !== 'cascade') return result
    let grew = false
    for (const key of result.order) {
      const master = graph.node(key)?.master
      const part = result.restricted.get(key)
      const masterNode = master === null || master === undefined ? undefined : graph.node(master)
      if (masterNode === undefined || part === undefined || master === null || master === undefined) continue
      const masterTable = build.table(masterNode.schema, masterNode.table)
      let affected = build.restrict(build.proj(masterTable), build.semijoin(build.proj(part)), { semanticCheck: false })
      const already = result.restricted.get(master)
      if (already !== undefined) affected = build.restrict(affected, build.not(build.semijoin(build.proj(already))), { semanticCheck: false })
      const rows = await context.pipeline.fetchDicts(affected)
      if (rows.length === 0) continue
      keys.push({ table: master, attributes: context.pipeline.resolve(masterTable).heading.primaryKey, rows })
      grew = true
    }
    if (!grew) return result
  }
}


/** `delete_quick`: one DELETE of the restricted rows, no cascade, no prompt; returns the number of rows deleted. */
export async function deleteQuick(context: EngineContext, expr: QueryExpr): Promise<number> {
  return (await context.run(context.pipeline.prepareDelete(expr))).affectedRows
}

class NothingToDelete extends Error {}

export function refusePrompt(context: EngineContext, name: string, options: { prompt?: boolean }, verb: string, call: string): void {
  const prompt = options.prompt ?? context.config.safemode
  if (prompt) {
    throw new DataJointError(
      'INVALID_INPUT',
      `${verb} ${name} needs confirmation, which a library cannot ask for: call ${call}({ prompt: false }) or set config.safemode = false.`,
    )
  }
}

/**
 * DataJoint's `delete()`: deletes the restricted rows and everything that depends on them, leaves first, in one
 * transaction (or inside the caller's, under a savepoint, so a failure undoes only the delete). Returns the
 * number of rows deleted from the table itself; 0 (and nothing changed) when it had none.
 */
export async function cascadeDelete(context: EngineContext, expr: QueryExpr, options: DeleteOptions = {}, hooks: DeleteHooks = {}): Promise<number> {
  const partIntegrity = options.partIntegrity ?? 'enforce'
  assertPartIntegrity(partIntegrity)
  const { schema, table } = restrictedTableOf(expr)
  const name = fullTableName(context, schema, table)
  if (!context.catalog.isLoaded(schema)) await context.loadSchemas([schema])
  if (context.catalog.table(schema, table)?.tier === 'part' && partIntegrity === 'enforce') {
    throw new DataJointError(
      'INTEGRITY',
      "Cannot delete from a Part directly. Delete from master instead, or use part_integrity='ignore' to break integrity, " +
        "or part_integrity='cascade' to also delete master.",
      { table: name },
    )
  }
  refusePrompt(context, name, options, 'Deleting from', 'delete')
  const graph = await loadDependencies(context, [schema], { downstream: true, refresh: true })

  const run = async (): Promise<number> => {
    const cascade = await planCascade(context, graph, expr, partIntegrity)
    const deleted = new Map<string, number>()
    const keyCount = cascade.keys.reduce((n, k) => n + k.rows.length, 0)
    // Materialised keys are bound as values, so a long key list is deleted in several statements, each within
    // what the dialect can bind; all run in this one transaction, so the delete stays all-or-nothing.
    const restrictedBy = (start: number, end: number): ReadonlyMap<string, QueryExpr> =>
      start === 0 && end === keyCount ? cascade.restricted : cascadeRestrictions(cascade, sliceKeys(cascade.keys, start, end)).restricted
    let index = 0
    for (const key of [...cascade.order].reverse()) {
      const targetName = nodeName(context, graph, key)
      const statements = boundedStatements(
        keyCount,
        (start, end) => {
          const target = restrictedBy(start, end).get(key)
          return target === undefined ? null : context.pipeline.prepareDelete(target)
        },
        context.statementLimits,
      )
      let count = 0
      for (const statement of statements) {
        await hooks.beforeStatement?.(statement, index, targetName)
        index += 1
        try {
          count += (await context.run(statement)).affectedRows
        } catch (error) {
          if (isDataJointError(error, 'INTEGRITY')) {
            throw new DataJointError('INTEGRITY', 'Delete blocked by FK in unloaded/inaccessible schema.', { table: targetName }, { cause: error })
          }
          throw error
        }
      }
      deleted.set(key, count)
      context.logger.info(`Deleting ${count} rows from ${targetName}`)
    }
    if (partIntegrity === 'enforce') {
      for (const [key, count] of deleted) {
        const master = graph.node(key)?.master
        if (count > 0 && master !== null && master !== undefined && !((deleted.get(master) ?? 0) > 0)) {
          throw new DataJointError(
            'INTEGRITY',
            `Attempt to delete part table ${nodeName(context, graph, key)} before its master ${nodeName(context, graph, master)}. ` +
              "Delete from the master first, or use part_integrity='ignore' or 'cascade'.",
            { table: nodeName(context, graph, key) },
          )
        }
      }
    }
    const rootCount = deleted.get(cascade.seed) ?? 0
    if (rootCount === 0) throw new NothingToDelete()
    return rootCount
  }

  try {
    return await context.atomically(run)
  } catch (error) {
    if (error instanceof NothingToDelete) return 0
    throw error
  }
}
