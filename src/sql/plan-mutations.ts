// DELETE and UPDATE plans: a resolved restricted table becomes a statement whose WHERE is planned exactly as the
// SELECT planner plans the same restriction. Also the bounds a statement must stay within (parameters, bytes)
// and the batching of a long key list into statements that respect them.

import type { Resolved } from '../algebra/resolve'
import type { CompiledQuery } from '../adapters/driver'
import { Heading } from '../heading/heading'
import type { DeleteNode, InsertValue, QueryNode, SelectNode, SqlExpr, UpdateNode } from './nodes'
import { plan, planCount, planTableRestriction, selectFromDerived, type PlannerCapabilities } from './plan'
import { statementBytes, withinLimits, type StatementLimits } from './statement-size'

/**
 * The DELETE of a restricted base table. When the restriction reads the target table itself, the keys are first
 * collected in a DISTINCT derived table, which MySQL materialises: MySQL refuses a DELETE whose subquery reads the
 * table being modified (error 1093) unless the rows come from a materialised derived table.
 */
export function planDelete(resolved: Resolved, capabilities: PlannerCapabilities): DeleteNode {
  const { table, where } = planTableRestriction(resolved, capabilities)
  if (where === null || !readsTable(where, table.schema, table.table)) return { kind: 'delete', table, where }
  const key = resolved.heading.primaryKey
  const keys = plan(keyOf(resolved), capabilities).query
  const materialised = selectFromDerived({ ...keys, distinct: true }, '_keys', key)
  const columns = key.map((name): SqlExpr => ({ kind: 'column', table: null, name }))
  return { kind: 'delete', table, where: { kind: 'inQuery', operands: columns, query: materialised, negated: false } }
}

/** One column a row update assigns; `{ default: true }` resets it to its DEFAULT. */
export interface Assignment {
  readonly column: string
  readonly value: InsertValue
}

/**
 * The UPDATE of the rows of a restricted base table, with the count of those rows (update1 checks that exactly
 * one row is affected before it writes).
 */
export function planUpdate(
  resolved: Resolved,
  set: readonly Assignment[],
  capabilities: PlannerCapabilities,
): { readonly count: SelectNode; readonly update: UpdateNode } {
  const { table, where } = planTableRestriction(resolved, capabilities)
  return {
    count: planCount(resolved, capabilities),
    update: { kind: 'update', table, set, where: where ?? { kind: 'keyword', value: 'TRUE' } },
  }
}

/** The primary key of a resolved expression, projected. */
function keyOf(resolved: Resolved): Resolved {
  const key = resolved.heading.primaryKey.map((name) => resolved.heading.require(name))
  return {
    node: { kind: 'proj', input: resolved, outputs: key.map((attribute) => ({ attribute, source: { kind: 'attr', name: attribute.name } })) },
    heading: new Heading(key),
    lineageAvailable: resolved.lineageAvailable,
  }
}

/** Whether a WHERE reads schema.table in one of its subqueries. */
function readsTable(node: SqlExpr | QueryNode, schema: string, table: string): boolean {
  const visit = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null) return false
    const record = value as Record<string, unknown>
    // Bound values hold no table (a cascade's key list has tens of thousands of them).
    if (record['kind'] === 'param') return false
    if (record['kind'] === 'tableRef' && record['schema'] === schema && record['table'] === table) return true
    return Object.values(record).some((v) => (Array.isArray(v) ? v.some(visit) : visit(v)))
  }
  return visit(node)
}


/**
 * Statements over consecutive ranges of `count` items (keys) that together cover them all, each within the
 * limits. A statement grows by about as much with each item, so the range size is first estimated from the
 * statements for one and for two items; a range whose statement is still too large (longer values) is retried
 * smaller, scaled by how far over the limits it was. `statementFor` returns null when a range needs no statement.
 */
export function* boundedStatements(
  count: number,
  statementFor: (start: number, end: number) => CompiledQuery | null,
  limits: StatementLimits,
): Generator<CompiledQuery> {
  let size = Math.max(1, Math.min(count, estimatedRange(count, statementFor, limits)))
  let start = 0
  do {
    const end = Math.min(count, start + size)
    const query = statementFor(start, end)
    if (query === null) {
      start = end
      continue
    }
    const bytes = statementBytes(query)
    if (withinLimits(query, limits, bytes)) {
      yield query
      start = end
      continue
    }
    if (end - start <= 1) throw new Error(`a statement for one key exceeds the limits (${query.params.length} parameters, ${bytes} bytes)`)
    const ratio = Math.min(limits.maxParameters === null ? 1 : limits.maxParameters / query.params.length, limits.maxStatementBytes / bytes)
    // The fixed part of the statement does not shrink with the range, hence the margin.
    size = Math.max(1, Math.min(end - start - 1, Math.floor((end - start) * ratio * 0.95)))
  } while (start < count)
}

/** How many items fit in one statement, extrapolated from the statements for one and for two items. */
function estimatedRange(count: number, statementFor: (start: number, end: number) => CompiledQuery | null, limits: StatementLimits): number {
  if (count < 2) return count
  const one = statementFor(0, 1)
  const two = statementFor(0, 2)
  if (one === null || two === null) return count
  const fits = (base: number, perItem: number, limit: number): number => (perItem <= 0 ? count : Math.floor((limit - base) / perItem))
  const perItemParameters = two.params.length - one.params.length
  const oneBytes = statementBytes(one)
  const perItemBytes = statementBytes(two) - oneBytes
  const byParameters = limits.maxParameters === null ? count : fits(one.params.length - perItemParameters, perItemParameters, limits.maxParameters)
  return Math.min(byParameters, fits(oneBytes - perItemBytes, perItemBytes, limits.maxStatementBytes))
}
