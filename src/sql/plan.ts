// The planner: turns a resolved expression into the SQL IR. Every "is a subquery needed here" decision lives
// in this file; dialect differences enter only through PlannerCapabilities.

import type { Condition, Literal, ScalarExpr } from '../algebra/ast'
import type { OutputAttribute, Resolved, ResolvedCondition } from '../algebra/resolve'
import { assertNever } from '../algebra/visit'
import type { SqlValue } from '../adapters/driver'
import type { Attribute, AttributeCategory } from '../heading/attribute'
import { computedAttribute } from '../heading/heading'
import type { Heading } from '../heading/heading'
import type { ColumnOf, FromItem, JoinItem, OrderByItem, QueryNode, SelectNode, SqlExpr, TableName } from './nodes'

export interface PlannerCapabilities {
  /** MySQL stores uuid as binary(16); PostgreSQL has a native uuid type. */
  readonly uuidAsBinary: boolean
  /** MySQL stores bool as tinyint 0/1. */
  readonly boolAsInteger: boolean
  /** MySQL/MariaDB refuse LIMIT inside `IN (subquery)` (error 1235); such subqueries get a derived-table wrapper. */
  readonly limitInInSubquery: boolean
}

type Equals = Extract<ResolvedCondition, { kind: 'equals' }>

/** A FROM clause under construction, with how each visible attribute is computed in it. */
interface Scope {
  readonly from: FromItem
  readonly joins: readonly JoinItem[]
  readonly where: readonly SqlExpr[]
  readonly groupBy: readonly SqlExpr[]
  readonly having: readonly SqlExpr[]
  readonly aggregated: boolean
  readonly distinct: boolean
  readonly orderBy: readonly OrderByItem[]
  readonly limit: number | null
  readonly offset: number | null
  readonly attrs: ReadonlyMap<string, SqlExpr>
  readonly heading: Heading
}

export interface Plan {
  readonly query: SelectNode
  /** Output column names, in heading order. */
  readonly columns: readonly string[]
}

/** Plans a resolved expression; aliases are numbered per call, so the same tree always gives the same SQL. */
export function plan(resolved: Resolved, capabilities: PlannerCapabilities): Plan {
  const planner = new Planner(capabilities)
  const scope = planner.scope(resolved)
  return { query: planner.toSelect(scope), columns: scope.heading.names }
}

/** `SELECT count(*)` of a resolved expression, without a subquery when the rows are plain rows of a FROM. */
export function planCount(resolved: Resolved, capabilities: PlannerCapabilities): SelectNode {
  const planner = new Planner(capabilities)
  let scope = planner.scope(resolved)
  if (isSealed(scope)) scope = planner.wrap(scope)
  const count: SqlExpr = { kind: 'call', name: 'count', args: [], distinct: false, star: true, separator: null }
  return { ...emptySelect(scope), columns: [{ expr: count, alias: 'count' }] }
}

/**
 * The restriction of a single table as a WHERE over its unqualified columns, for DELETE and UPDATE: the same
 * condition planning as SELECT, only the target table is unaliased (subqueries alias theirs, so a table inside a
 * semijoin operand cannot capture the target's columns).
 */
export function planTableRestriction(resolved: Resolved, capabilities: PlannerCapabilities): { table: TableName; where: SqlExpr | null } {
  let target = resolved.node
  while (target.kind === 'restrict') target = target.input.node
  if (target.kind !== 'table') throw new Error('only a restricted table can be planned as a table restriction')
  const scope = new Planner(capabilities, true).scope(resolved)
  return { table: { schema: target.info.schema, table: target.info.table }, where: and(scope.where) }
}

/**
 * Primary-key values (literals, in primary-key order) sorted the way the server sorts the key of `resolved`:
 * `SELECT position FROM (<the key columns, under a false condition> UNION ALL <one row per key>) ORDER BY key,
 * position`. The expression's own columns contribute no rows, only their types and collations, which the union
 * gives the literal rows (a literal's collation yields to a column's on both servers): the values compare exactly
 * as the columns do, whether or not they are rows of the expression.
 */
export function planKeySort(resolved: Resolved, keys: readonly (readonly Literal[])[], capabilities: PlannerCapabilities): SelectNode {
  const planner = new Planner(capabilities)
  const names = resolved.heading.primaryKey
  let position = 'dj_position'
  while (names.includes(position)) position = `${position}_`
  // A leg of UNION ALL has no ORDER BY or LIMIT of its own: a limited expression is read as a derived table.
  let scope = planner.scope(resolved)
  if (scope.limit !== null || scope.offset !== null || scope.orderBy.length > 0) scope = planner.wrap(scope)
  const none: SqlExpr = { kind: 'keyword', value: 'FALSE' }
  const empty: Scope = scope.aggregated ? { ...scope, having: [...scope.having, none] } : { ...scope, where: [...scope.where, none] }
  const typed: SelectNode = {
    ...planner.toSelect(empty),
    columns: [...names.map((name) => ({ expr: planner.attr(empty, name), alias: name })), { expr: { kind: 'keyword', value: 'NULL' }, alias: position }],
  }
  const anchors = names.map((name) => resolved.heading.require(name))
  const rows = keys.map((key, i) =>
    plainSelect(
      [...key.map((literal, j) => ({ expr: planner.param(literal, anchors[j] ?? null), alias: names[j] ?? '' })), { expr: { kind: 'param', value: i, exact: 'integer' }, alias: position }],
      null,
    ),
  )
  const alias = 'dj_keys'
  return {
    ...selectFromDerived({ kind: 'unionAll', queries: [typed, ...rows] }, alias, [position]),
    orderBy: [...names, position].map((name) => ({ expr: column(alias, name), descending: false })),
  }
}

function isSealed(scope: Scope): boolean {
  return scope.aggregated || scope.distinct || scope.limit !== null || scope.offset !== null
}

/** The AND of SQL conditions: null for none, the condition itself for one. */
export function and(parts: readonly SqlExpr[]): SqlExpr | null {
  if (parts.length === 0) return null
  if (parts.length === 1) return parts[0] as SqlExpr
  return { kind: 'logical', op: 'AND', operands: parts }
}

function emptySelect(scope: Scope): SelectNode {
  return {
    kind: 'select',
    distinct: false,
    columns: [],
    from: scope.from,
    joins: scope.joins,
    where: and(scope.where),
    groupBy: scope.groupBy,
    having: and(scope.having),
    orderBy: [],
    limit: null,
    offset: null,
  }
}

const column = (table: string | null, name: string): SqlExpr => ({ kind: 'column', table, name })

/**
 * SQL cannot select no columns, yet a heading can be empty: the keys of a singleton table (its only key is the
 * hidden `_singleton`), `dj.U()` of a query. Such a query selects a constant instead, which decoding by the
 * heading ignores: its rows are empty dicts, one when the table has its row (DataJoint 2.2 sends `SELECT  FROM`).
 */
const NO_ATTRIBUTES_COLUMN = { expr: { kind: 'keyword', value: 'TRUE' }, alias: 'no_attributes' } as const satisfies SelectNode['columns'][number]

/** `SELECT alias.a AS a, … FROM (query) AS alias`: the named columns of a derived table, nothing else. */
export function selectFromDerived(query: QueryNode, alias: string, names: readonly string[]): SelectNode {
  return plainSelect(
    names.map((name) => ({ expr: column(alias, name), alias: name })),
    { kind: 'derived', query, alias },
  )
}

/** `SELECT columns [FROM item]`: nothing joined, restricted, grouped, ordered or limited. */
function plainSelect(columns: SelectNode['columns'], from: SelectNode['from']): SelectNode {
  return { kind: 'select', distinct: false, columns, from, joins: [], where: null, groupBy: [], having: null, orderBy: [], limit: null, offset: null }
}

/** A scope of the rows of one FROM item as they are: nothing joined, restricted, grouped or limited yet. */
function plainScope(from: FromItem, attrs: ReadonlyMap<string, SqlExpr>, heading: Heading): Scope {
  return {
    from,
    joins: [],
    where: [],
    groupBy: [],
    having: [],
    aggregated: false,
    distinct: false,
    orderBy: [],
    limit: null,
    offset: null,
    attrs,
    heading,
  }
}

class Planner {
  #aliasCount = 0
  /** DELETE and UPDATE name their target table unaliased: the first table planned, as restrictions plan their input first. */
  #unaliasedTarget: boolean

  constructor(
    readonly capabilities: PlannerCapabilities,
    unaliasedTarget = false,
  ) {
    this.#unaliasedTarget = unaliasedTarget
  }

  #nextAlias(prefix: string): string {
    this.#aliasCount += 1
    return `${prefix}${this.#aliasCount}`
  }

  scope(resolved: Resolved): Scope {
    const node = resolved.node
    switch (node.kind) {
      case 'table': {
        const alias = this.#unaliasedTarget ? null : this.#nextAlias('t')
        this.#unaliasedTarget = false
        const from: FromItem = { kind: 'tableRef', schema: node.info.schema, table: node.info.table, alias: alias ?? '' }
        const attrs = new Map(resolved.heading.names.map((name) => [name, column(alias, name)]))
        return plainScope(from, attrs, resolved.heading)
      }
      case 'restrict': {
        let scope = this.scope(node.input)
        if (scope.distinct || scope.limit !== null || scope.offset !== null) scope = this.wrap(scope)
        const condition = this.condition(node.condition, scope)
        return scope.aggregated ? { ...scope, having: [...scope.having, condition] } : { ...scope, where: [...scope.where, condition] }
      }
      case 'proj': {
        let scope = this.scope(node.input)
        if (scope.distinct || scope.limit !== null || scope.offset !== null) scope = this.wrap(scope)
        return { ...scope, attrs: this.outputs(node.outputs, scope), heading: resolved.heading }
      }
      case 'join': {
        const left = this.joinable(this.scope(node.left), false)
        const right = this.joinable(this.scope(node.right), node.outer)
        return this.join(left, right, node.on, node.outer, resolved.heading)
      }
      case 'aggr': {
        let scope: Scope
        if (node.input === null) {
          const group = this.scope(node.group)
          scope = isSealed(group) ? this.wrap(group) : group
        } else {
          const input = this.joinable(this.scope(node.input), false)
          scope = this.join(input, this.joinable(this.scope(node.group), node.outer), node.on, node.outer, resolved.heading)
        }
        const groupBy = node.groupBy.map((name) => this.attr(scope, name))
        return {
          ...scope,
          groupBy,
          aggregated: true,
          attrs: this.outputs(node.outputs, scope),
          heading: resolved.heading,
        }
      }
      case 'union':
        return this.union(node.left, node.right, resolved.heading)
      case 'top': {
        let scope = this.scope(node.input)
        if (scope.limit !== null || scope.offset !== null || scope.distinct) scope = this.wrap(scope)
        const orderBy = node.orderBy.map((item) => ({ expr: this.scalar(item.expr, scope), descending: item.descending }))
        return {
          ...scope,
          orderBy,
          // An offset without a limit still needs a LIMIT clause in MySQL; DataJoint uses this value.
          limit: node.limit ?? (node.offset > 0 ? 999_999_999_999 : null),
          offset: node.offset > 0 ? node.offset : null,
        }
      }
      case 'distinct': {
        let scope = this.scope(node.input)
        if (isSealed(scope)) scope = this.wrap(scope)
        const attrs = new Map(node.attributes.map((name) => [name, this.attr(scope, name)]))
        return { ...scope, distinct: true, attrs, heading: resolved.heading }
      }
      default:
        return assertNever(node)
    }
  }

  /** A scope whose SELECT becomes a derived table, exposing its attributes as plain columns. */
  wrap(scope: Scope): Scope {
    return this.derived(this.toSelect(scope), 's', scope.heading)
  }

  /** The rows of a query as a derived table under a fresh alias, its attributes plain columns. */
  derived(query: QueryNode, aliasPrefix: string, heading: Heading): Scope {
    const alias = this.#nextAlias(aliasPrefix)
    const attrs = new Map(heading.names.map((name) => [name, column(alias, name)]))
    return plainScope({ kind: 'derived', query, alias }, attrs, heading)
  }

  toSelect(scope: Scope): SelectNode {
    const columns = scope.heading.names.map((name) => ({ expr: this.attr(scope, name), alias: name }))
    return {
      ...emptySelect(scope),
      distinct: scope.distinct,
      columns: columns.length > 0 ? columns : [NO_ATTRIBUTES_COLUMN],
      orderBy: scope.orderBy,
      limit: scope.limit,
      offset: scope.offset,
    }
  }

  /** Grouped, distinct and limited scopes cannot be merged into a join; the right side of an outer join must be one item. */
  joinable(scope: Scope, outerRight: boolean): Scope {
    if (isSealed(scope)) return this.wrap(scope)
    if (outerRight && (scope.joins.length > 0 || scope.where.length > 0)) return this.wrap(scope)
    return scope
  }

  join(left: Scope, right: Scope, on: readonly string[], outer: boolean, heading: Heading): Scope {
    const conditions: SqlExpr[] = on.map((name) => ({
      kind: 'compare',
      op: '=',
      left: this.attr(left, name),
      right: this.attr(right, name),
    }))
    // The namesakes may live in tables the right side joins later; an ON clause cannot see those, so an inner
    // join over a multi-table right side matches in WHERE instead (outer right sides are single items: joinable).
    const matchInWhere = !outer && right.joins.length > 0
    const first: JoinItem = {
      type: outer ? 'left' : on.length === 0 || matchInWhere ? 'cross' : 'inner',
      item: right.from,
      on: matchInWhere ? null : (and(conditions) ?? (outer ? { kind: 'keyword', value: 'TRUE' } : null)),
    }
    const attrs = new Map(right.attrs)
    for (const [name, expr] of left.attrs) attrs.set(name, expr)
    return {
      ...plainScope(left.from, attrs, heading),
      joins: [...left.joins, first, ...right.joins],
      where: [...left.where, ...right.where, ...(matchInWhere ? conditions : [])],
    }
  }

  /**
   * DataJoint's union: with no secondary attributes, a plain UNION of keys; otherwise an outer union —
   * (left ⟕ right) ∪ (right ▷ left), the missing side's attributes NULL.
   */
  union(leftResolved: Resolved, rightResolved: Resolved, heading: Heading): Scope {
    const key = heading.primaryKey
    const leftScope = this.scope(leftResolved)
    const rightScope = this.scope(rightResolved)
    const bothKeysOnly = leftResolved.heading.secondaryAttributes.length === 0 && rightResolved.heading.secondaryAttributes.length === 0
    let query: QueryNode
    if (bothKeysOnly) {
      query = { kind: 'union', left: this.toSelect({ ...leftScope, heading }), right: this.toSelect({ ...rightScope, heading }) }
    } else {
      const joined = this.join(this.joinable(leftScope, false), this.joinable(rightScope, true), key, true, heading)
      const rightOnly = this.joinable(this.scope(rightResolved), false)
      const leftKeys = this.scope(leftResolved)
      const antijoin: SqlExpr = {
        kind: 'inQuery',
        operands: key.map((name) => this.attr(rightOnly, name)),
        query: this.subquery(leftKeys, key),
        negated: true,
      }
      const nulls = new Map(rightOnly.attrs)
      for (const name of leftResolved.heading.secondaryAttributes) nulls.set(name, { kind: 'keyword', value: 'NULL' })
      const second: Scope = { ...rightOnly, where: [...rightOnly.where, antijoin], attrs: nulls, heading }
      query = { kind: 'union', left: this.toSelect(joined), right: this.toSelect(second) }
    }
    return this.derived(query, 'u', heading)
  }

  /** The SELECT of `names` from a scope, for use inside `IN (...)`. */
  subquery(scope: Scope, names: readonly string[]): QueryNode {
    const select: SelectNode = {
      ...this.toSelect(scope),
      columns: names.map((name) => ({ expr: this.attr(scope, name), alias: name })),
    }
    if (!this.capabilities.limitInInSubquery && select.limit !== null) {
      return selectFromDerived(select, this.#nextAlias('l'), names)
    }
    return select
  }

  outputs(outputs: readonly OutputAttribute[], scope: Scope): Map<string, SqlExpr> {
    return new Map(outputs.map((o) => [o.attribute.name, this.scalar(o.source, scope)]))
  }

  attr(scope: Scope, name: string): SqlExpr {
    const expr = scope.attrs.get(name)
    if (expr === undefined) throw new Error(`planner: attribute ${name} is not in scope`)
    return expr
  }

  condition(condition: ResolvedCondition, scope: Scope): SqlExpr {
    switch (condition.kind) {
      case 'const':
        return { kind: 'keyword', value: condition.value ? 'TRUE' : 'FALSE' }
      case 'and':
      case 'or':
        return (
          (condition.kind === 'or' ? this.rowList(condition.conditions, scope) : null) ?? {
            kind: 'logical',
            op: condition.kind === 'and' ? 'AND' : 'OR',
            operands: condition.conditions.map((c) => this.condition(c, scope)),
          }
        )
      case 'not':
        return { kind: 'not', operand: this.condition(condition.condition, scope) }
      case 'equals': {
        const target = this.attr(scope, condition.attribute.name)
        if (condition.value.type === 'null') return { kind: 'isNull', operand: target, negated: false }
        return { kind: 'compare', op: '=', left: target, right: this.param(condition.value, condition.attribute) }
      }
      case 'scalar':
        return this.scalarCondition(condition.condition, scope)
      case 'semijoin': {
        const inner = this.scope(condition.query)
        if (condition.on.length === 0) {
          return { kind: 'exists', query: { ...this.toSelect(inner), columns: [{ expr: { kind: 'keyword', value: 'TRUE' }, alias: 'one' }] }, negated: false }
        }
        return {
          kind: 'inQuery',
          operands: condition.on.map((name) => this.attr(scope, name)),
          query: this.subquery(inner, condition.on),
          negated: false,
        }
      }
      default:
        return assertNever(condition)
    }
  }

  /**
   * An OR of dict matches over the same attributes (a list of dicts, or keys a cascade read) as one IN list:
   * servers hash a list, while they plan OR branches one by one (minutes for tens of thousands of keys).
   * Null when the terms are not such matches, or when a column is not a plain column of a table in scope (the
   * rows are then typed by that column).
   */
  rowList(terms: readonly ResolvedCondition[], scope: Scope): SqlExpr | null {
    const rows: Map<string, Equals>[] = []
    for (const term of terms) {
      const parts = term.kind === 'and' ? term.conditions : [term]
      if (!parts.every((p): p is Equals => p.kind === 'equals' && p.value.type !== 'null')) return null
      rows.push(new Map(parts.map((p) => [p.attribute.name, p])))
    }
    const names = [...(rows[0]?.keys() ?? [])]
    const sameNames = (row: Map<string, Equals>): boolean => row.size === names.length && names.every((name) => row.has(name))
    if (rows.length < 2 || !rows.every(sameNames)) return null
    const values = rows.map((row) =>
      names.map((name) => {
        const equals = row.get(name) as Equals
        return this.param(equals.value, equals.attribute)
      }),
    )
    if (names.length === 1) {
      return { kind: 'inList', operand: this.attr(scope, names[0] as string), values: values.map((row) => row[0] as SqlExpr), negated: false }
    }
    const typedBy = names.map((name) => this.columnOf(scope, name))
    if (!typedBy.every((c) => c !== null)) return null
    return { kind: 'inRows', operands: names.map((name) => this.attr(scope, name)), typedBy, rows: values }
  }

  /** The base-table column an attribute of a scope is, if it is one. */
  columnOf(scope: Scope, name: string): ColumnOf | null {
    const expr = this.attr(scope, name)
    if (expr.kind !== 'column') return null
    const item = [scope.from, ...scope.joins.map((j) => j.item)].find((i) => i.alias === (expr.table ?? ''))
    return item?.kind === 'tableRef' ? { table: { schema: item.schema, table: item.table }, column: expr.name } : null
  }

  scalarCondition(condition: Condition, scope: Scope): SqlExpr {
    switch (condition.kind) {
      case 'compare': {
        const anchor = this.anchorOf([condition.left, condition.right], scope)
        return { kind: 'compare', op: condition.op, left: this.scalar(condition.left, scope, anchor), right: this.scalar(condition.right, scope, anchor) }
      }
      case 'isNull':
        return { kind: 'isNull', operand: this.scalar(condition.operand, scope), negated: condition.negated }
      case 'in': {
        const anchor = this.anchorOf([condition.operand], scope)
        return {
          kind: 'inList',
          operand: this.scalar(condition.operand, scope),
          values: condition.values.map((v) => this.scalar(v, scope, anchor)),
          negated: condition.negated,
        }
      }
      case 'between': {
        const anchor = this.anchorOf([condition.operand], scope)
        return {
          kind: 'between',
          operand: this.scalar(condition.operand, scope),
          low: this.scalar(condition.low, scope, anchor),
          high: this.scalar(condition.high, scope, anchor),
          negated: condition.negated,
        }
      }
      case 'like':
        return {
          kind: 'like',
          operand: this.scalar(condition.operand, scope),
          pattern: this.scalar(condition.pattern, scope),
          negated: condition.negated,
          bytewise: condition.bytewise === true,
        }
      case 'truthy':
        return { kind: 'truthy', operand: this.scalar(condition.operand, scope) }
      case 'and':
      case 'or':
        return { kind: 'logical', op: condition.kind === 'and' ? 'AND' : 'OR', operands: condition.conditions.map((c) => this.scalarCondition(c, scope)) }
      case 'not':
        return { kind: 'not', operand: this.scalarCondition(condition.condition, scope) }
      case 'const':
        return { kind: 'keyword', value: condition.value ? 'TRUE' : 'FALSE' }
      case 'match':
      case 'semijoin':
        throw new Error(`planner: ${condition.kind} inside an expression must be resolved first`)
      default:
        return assertNever(condition)
    }
  }

  /**
   * The attribute whose type decides how literals compared with it are bound (uuid bytes, bool integers, numbers
   * left for the server to type). A json path reads text unless cast, so it anchors as a string.
   */
  anchorOf(exprs: readonly ScalarExpr[], scope: Scope): Attribute | null {
    for (const expr of exprs) {
      if (expr.kind === 'attr') return scope.heading.get(expr.name) ?? null
      if (expr.kind === 'jsonPath') return computedAttribute(expr.attr, jsonPathCategory(expr.as), 'json path')
    }
    return null
  }

  scalar(expr: ScalarExpr, scope: Scope, anchor: Attribute | null = null): SqlExpr {
    switch (expr.kind) {
      case 'attr':
        return this.attr(scope, expr.name)
      case 'lit':
        return expr.type === 'null' ? { kind: 'keyword', value: 'NULL' } : this.param(expr, anchor)
      case 'fn':
        return {
          kind: 'call',
          name: expr.name,
          args: expr.args.map((a) => this.scalar(a, scope)),
          distinct: expr.distinct,
          star: expr.star,
          separator: expr.separator,
        }
      case 'op':
        return { kind: 'arith', op: expr.op, left: this.scalar(expr.left, scope), right: this.scalar(expr.right, scope) }
      case 'neg':
        return { kind: 'negate', operand: this.scalar(expr.operand, scope) }
      case 'truth':
        return { kind: 'truth', operand: this.scalarConditionOrResolved(expr.condition, scope) }
      case 'case':
        return {
          kind: 'case',
          branches: expr.branches.map((b) => ({ when: this.scalarConditionOrResolved(b.when, scope), result: this.scalar(b.result, scope) })),
          otherwise: expr.otherwise === null ? null : this.scalar(expr.otherwise, scope),
        }
      case 'jsonPath':
        return { kind: 'jsonPath', operand: this.attr(scope, expr.attr), path: expr.path, as: expr.as }
      default:
        return assertNever(expr)
    }
  }

  scalarConditionOrResolved(condition: Condition, scope: Scope): SqlExpr {
    if (condition.kind === 'match') {
      const parts: SqlExpr[] = Object.entries(condition.values).map(([name, value]) => {
        const anchor = scope.heading.get(name) ?? null
        return value.type === 'null'
          ? { kind: 'isNull', operand: this.attr(scope, name), negated: false }
          : { kind: 'compare', op: '=', left: this.attr(scope, name), right: this.param(value, anchor) }
      })
      return and(parts) ?? { kind: 'keyword', value: 'TRUE' }
    }
    return this.scalarCondition(condition, scope)
  }

  /**
   * A literal as a bound value. Numbers keep their own type as DataJoint's SQL text gives them (an integer is an
   * integer, `2.5` a decimal), so `smallint_col < 40000` or `smallint_col * 2` cannot overflow the column's type;
   * beside a column that is not numeric the server still types the value from the column (`bool_col = 1`).
   */
  param(literal: Literal, anchor: Attribute | null): SqlExpr {
    const value = literalToSqlValue(literal, anchor, this.capabilities)
    if (literal.type === 'decimal' || literal.type === 'bigint') return { kind: 'param', value, exact: literal.type }
    if (literal.type === 'number' && (anchor === null || NUMERIC_CATEGORIES.has(anchor.category))) {
      return { kind: 'param', value, exact: Number.isInteger(literal.value) ? 'integer' : 'decimal' }
    }
    return { kind: 'param', value }
  }
}

const NUMERIC_CATEGORIES: ReadonlySet<AttributeCategory> = new Set(['integer', 'float', 'decimal'])

/** What a json path yields: text, unless cast to a number or a date. */
function jsonPathCategory(as: string | null): AttributeCategory {
  const cast = as?.toLowerCase() ?? null
  if (cast === null || cast === 'char') return 'string'
  return cast === 'date' || cast === 'datetime' ? 'date' : 'float'
}

/** Binds a literal for the backend, typed by the attribute it is compared with when there is one. */
export function literalToSqlValue(literal: Literal, anchor: Attribute | null, capabilities: PlannerCapabilities): SqlValue {
  switch (literal.type) {
    case 'null':
      return null
    case 'string':
      if (anchor?.category === 'uuid' && capabilities.uuidAsBinary) return uuidToBytes(literal.value)
      return literal.value
    case 'uuid':
      return capabilities.uuidAsBinary ? uuidToBytes(literal.value) : literal.value.toLowerCase()
    case 'number':
      return literal.value
    case 'bigint':
    case 'decimal':
    case 'date':
    case 'datetime':
    case 'time':
    case 'json':
      return literal.value
    case 'bool':
      return capabilities.boolAsInteger || anchor?.category === 'integer' ? (literal.value ? 1 : 0) : literal.value
    case 'bytes':
      return base64ToBytes(literal.value)
    default:
      return assertNever(literal)
  }
}

export function uuidToBytes(text: string): Uint8Array {
  const hex = text.replace(/[{}-]/g, '').toLowerCase()
  if (!/^[0-9a-f]{32}$/.test(hex)) {
    throw new Error(`badly formed UUID value ${text}`)
  }
  const bytes = new Uint8Array(16)
  for (let i = 0; i < 16; i += 1) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i)
  return bytes
}
