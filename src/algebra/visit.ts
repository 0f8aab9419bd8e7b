// Exhaustive traversal helpers over the algebra tree: children, referenced attributes, bottom-up rewriting.
// Pure and heading-free; recursion is safe because validated trees are at most AST_LIMITS.maxDepth deep.

import type { Condition, OrderItem, QueryExpr, ScalarExpr } from './ast'

/** Marks an impossible branch of an exhaustive switch; throws a plain Error (a bug, not a domain error). */
export function assertNever(value: never): never {
  const unexpected: unknown = value
  const kind =
    typeof unexpected === 'object' && unexpected !== null && 'kind' in unexpected
      ? String(unexpected.kind)
      : String(unexpected)
  throw new Error(`Unexpected value in exhaustive match: ${kind}`)
}

/** The queries nested in a scalar (through `truth` conditions holding semijoins), in order of appearance. */
function queriesInScalar(expr: ScalarExpr, out: QueryExpr[]): void {
  switch (expr.kind) {
    case 'attr':
    case 'lit':
    case 'jsonPath':
      return
    case 'fn':
      for (const arg of expr.args) queriesInScalar(arg, out)
      return
    case 'op':
      queriesInScalar(expr.left, out)
      queriesInScalar(expr.right, out)
      return
    case 'neg':
      queriesInScalar(expr.operand, out)
      return
    case 'truth':
      queriesInCondition(expr.condition, out)
      return
    case 'case':
      for (const branch of expr.branches) {
        queriesInCondition(branch.when, out)
        queriesInScalar(branch.result, out)
      }
      if (expr.otherwise !== null) queriesInScalar(expr.otherwise, out)
      return
    default:
      return assertNever(expr)
  }
}

function queriesInCondition(cond: Condition, out: QueryExpr[]): void {
  switch (cond.kind) {
    case 'const':
    case 'match':
      return
    case 'and':
    case 'or':
      for (const c of cond.conditions) queriesInCondition(c, out)
      return
    case 'not':
      queriesInCondition(cond.condition, out)
      return
    case 'compare':
      queriesInScalar(cond.left, out)
      queriesInScalar(cond.right, out)
      return
    case 'isNull':
    case 'truthy':
      queriesInScalar(cond.operand, out)
      return
    case 'in':
      queriesInScalar(cond.operand, out)
      for (const v of cond.values) queriesInScalar(v, out)
      return
    case 'between':
      queriesInScalar(cond.operand, out)
      queriesInScalar(cond.low, out)
      queriesInScalar(cond.high, out)
      return
    case 'like':
      queriesInScalar(cond.operand, out)
      queriesInScalar(cond.pattern, out)
      return
    case 'semijoin':
      out.push(cond.query)
      return
    default:
      return assertNever(cond)
  }
}

/**
 * The direct query operands of a node, then the queries of semijoin conditions found in its condition,
 * computed attributes and order items (outermost semijoins only: their own operands are their children).
 */
export function childrenOf(expr: QueryExpr): QueryExpr[] {
  const out: QueryExpr[] = []
  switch (expr.kind) {
    case 'table':
    case 'universal':
      return out
    case 'restrict':
      out.push(expr.input)
      queriesInCondition(expr.condition, out)
      return out
    case 'join':
    case 'union':
      out.push(expr.left, expr.right)
      return out
    case 'proj':
      out.push(expr.input)
      for (const value of Object.values(expr.compute)) queriesInScalar(value, out)
      return out
    case 'aggr':
      out.push(expr.input, expr.group)
      for (const value of Object.values(expr.compute)) queriesInScalar(value, out)
      return out
    case 'top':
      out.push(expr.input)
      for (const item of expr.orderBy) if (item.by !== 'key') queriesInScalar(item.by, out)
      return out
    default:
      return assertNever(expr)
  }
}

/** The tables an expression reads, semijoin operands included, each once. */
export function tablesRead(expr: QueryExpr): { readonly schema: string; readonly table: string }[] {
  const found = new Map<string, { readonly schema: string; readonly table: string }>()
  const visit = (node: QueryExpr): void => {
    if (node.kind === 'table') found.set(`${node.schema}\u0000${node.table}`, { schema: node.schema, table: node.table })
    for (const child of childrenOf(node)) visit(child)
  }
  visit(expr)
  return [...found.values()]
}

/** Tells a condition node from a scalar node (their `kind` values do not overlap). */
export function isCondition(node: Condition | ScalarExpr): node is Condition {
  switch (node.kind) {
    case 'const':
    case 'and':
    case 'or':
    case 'not':
    case 'match':
    case 'compare':
    case 'isNull':
    case 'in':
    case 'between':
    case 'like':
    case 'truthy':
    case 'semijoin':
      return true
    case 'attr':
    case 'lit':
    case 'fn':
    case 'op':
    case 'neg':
    case 'truth':
    case 'case':
    case 'jsonPath':
      return false
    default:
      return assertNever(node)
  }
}

/**
 * The attribute a dict key restricts: the part before its first dot, as DataJoint's condition.py reads keys
 * (`meta.c` restricts the json attribute `meta` at path `c`; `subject_id` restricts itself).
 */
export function matchKeyAttribute(key: string): string {
  const dot = key.indexOf('.')
  return dot < 0 ? key : key.slice(0, dot)
}

function collectAttributes(node: Condition | ScalarExpr, out: Set<string>): void {
  if (!isCondition(node)) {
    switch (node.kind) {
      case 'attr':
        out.add(node.name)
        return
      case 'jsonPath':
        out.add(node.attr)
        return
      case 'lit':
        return
      case 'fn':
        for (const arg of node.args) collectAttributes(arg, out)
        return
      case 'op':
        collectAttributes(node.left, out)
        collectAttributes(node.right, out)
        return
      case 'neg':
        collectAttributes(node.operand, out)
        return
      case 'truth':
        collectAttributes(node.condition, out)
        return
      case 'case':
        for (const branch of node.branches) {
          collectAttributes(branch.when, out)
          collectAttributes(branch.result, out)
        }
        if (node.otherwise !== null) collectAttributes(node.otherwise, out)
        return
      default:
        return assertNever(node)
    }
  }
  switch (node.kind) {
    case 'const':
    case 'semijoin':
      return
    case 'match':
      for (const key of Object.keys(node.values)) out.add(matchKeyAttribute(key))
      return
    case 'and':
    case 'or':
      for (const c of node.conditions) collectAttributes(c, out)
      return
    case 'not':
      collectAttributes(node.condition, out)
      return
    case 'compare':
      collectAttributes(node.left, out)
      collectAttributes(node.right, out)
      return
    case 'isNull':
    case 'truthy':
      collectAttributes(node.operand, out)
      return
    case 'in':
      collectAttributes(node.operand, out)
      for (const v of node.values) collectAttributes(v, out)
      return
    case 'between':
      collectAttributes(node.operand, out)
      collectAttributes(node.low, out)
      collectAttributes(node.high, out)
      return
    case 'like':
      collectAttributes(node.operand, out)
      collectAttributes(node.pattern, out)
      return
    default:
      return assertNever(node)
  }
}

/**
 * The attribute names a condition or scalar refers to, each once, in order of first appearance: `attr` names,
 * the attribute of a JSON path, and the keys of a `match` (which DataJoint ignores when not in the heading).
 * Semijoin queries are not entered: they match on namesakes, which only a heading can tell.
 */
export function attributesReferenced(node: Condition | ScalarExpr): string[] {
  const out = new Set<string>()
  collectAttributes(node, out)
  return [...out]
}

function mapQueriesInScalar(expr: ScalarExpr, fn: (q: QueryExpr) => QueryExpr): ScalarExpr {
  switch (expr.kind) {
    case 'attr':
    case 'lit':
    case 'jsonPath':
      return expr
    case 'fn': {
      const args = mapList(expr.args, (a) => mapQueriesInScalar(a, fn))
      return args === expr.args ? expr : { ...expr, args }
    }
    case 'op': {
      const left = mapQueriesInScalar(expr.left, fn)
      const right = mapQueriesInScalar(expr.right, fn)
      return left === expr.left && right === expr.right ? expr : { ...expr, left, right }
    }
    case 'neg': {
      const operand = mapQueriesInScalar(expr.operand, fn)
      return operand === expr.operand ? expr : { ...expr, operand }
    }
    case 'truth': {
      const condition = mapQueriesInCondition(expr.condition, fn)
      return condition === expr.condition ? expr : { ...expr, condition }
    }
    case 'case': {
      const branches = mapList(expr.branches, (b) => {
        const when = mapQueriesInCondition(b.when, fn)
        const result = mapQueriesInScalar(b.result, fn)
        return when === b.when && result === b.result ? b : { when, result }
      })
      const otherwise = expr.otherwise === null ? null : mapQueriesInScalar(expr.otherwise, fn)
      if (branches === expr.branches && otherwise === expr.otherwise) return expr
      return { ...expr, branches, otherwise }
    }
    default:
      return assertNever(expr)
  }
}

function mapQueriesInCondition(cond: Condition, fn: (q: QueryExpr) => QueryExpr): Condition {
  switch (cond.kind) {
    case 'const':
    case 'match':
      return cond
    case 'and':
    case 'or': {
      const conditions = mapList(cond.conditions, (c) => mapQueriesInCondition(c, fn))
      return conditions === cond.conditions ? cond : { ...cond, conditions }
    }
    case 'not': {
      const condition = mapQueriesInCondition(cond.condition, fn)
      return condition === cond.condition ? cond : { ...cond, condition }
    }
    case 'compare': {
      const left = mapQueriesInScalar(cond.left, fn)
      const right = mapQueriesInScalar(cond.right, fn)
      return left === cond.left && right === cond.right ? cond : { ...cond, left, right }
    }
    case 'isNull':
    case 'truthy': {
      const operand = mapQueriesInScalar(cond.operand, fn)
      return operand === cond.operand ? cond : { ...cond, operand }
    }
    case 'in': {
      const operand = mapQueriesInScalar(cond.operand, fn)
      const values = mapList(cond.values, (v) => mapQueriesInScalar(v, fn))
      return operand === cond.operand && values === cond.values ? cond : { ...cond, operand, values }
    }
    case 'between': {
      const operand = mapQueriesInScalar(cond.operand, fn)
      const low = mapQueriesInScalar(cond.low, fn)
      const high = mapQueriesInScalar(cond.high, fn)
      return operand === cond.operand && low === cond.low && high === cond.high
        ? cond
        : { ...cond, operand, low, high }
    }
    case 'like': {
      const operand = mapQueriesInScalar(cond.operand, fn)
      const pattern = mapQueriesInScalar(cond.pattern, fn)
      return operand === cond.operand && pattern === cond.pattern ? cond : { ...cond, operand, pattern }
    }
    case 'semijoin': {
      const query = mapQuery(cond.query, fn)
      return query === cond.query ? cond : { ...cond, query }
    }
    default:
      return assertNever(cond)
  }
}

/** Maps a list, returning the same array when no element changed (keeps identity for memoised consumers). */
function mapList<T>(list: readonly T[], fn: (item: T) => T): readonly T[] {
  let changed = false
  const out = list.map((item) => {
    const mapped = fn(item)
    if (mapped !== item) changed = true
    return mapped
  })
  return changed ? out : list
}

function mapRecord<T>(record: Readonly<Record<string, T>>, fn: (item: T) => T): Readonly<Record<string, T>> {
  let changed = false
  const out: Record<string, T> = {}
  for (const [key, value] of Object.entries(record)) {
    const mapped = fn(value)
    if (mapped !== value) changed = true
    out[key] = mapped
  }
  return changed ? out : record
}

function mapOrderItem(item: OrderItem, fn: (q: QueryExpr) => QueryExpr): OrderItem {
  if (item.by === 'key') return item
  const by = mapQueriesInScalar(item.by, fn)
  return by === item.by ? item : { ...item, by }
}

/**
 * Rewrites a tree bottom-up: every query node's children (operands and semijoin queries inside its
 * conditions, computed attributes and order items) are mapped first, then `fn` receives the rebuilt node.
 * Unchanged subtrees keep their identity: `fn` returning its argument everywhere gives back the same object.
 * @example
 * // point every table of schema `a` at schema `b`
 * mapQuery(expr, (q) => (q.kind === 'table' && q.schema === 'a' ? { ...q, schema: 'b' } : q))
 */
export function mapQuery(expr: QueryExpr, fn: (node: QueryExpr) => QueryExpr): QueryExpr {
  const scalar = (s: ScalarExpr): ScalarExpr => mapQueriesInScalar(s, fn)
  let rebuilt: QueryExpr
  switch (expr.kind) {
    case 'table':
    case 'universal':
      rebuilt = expr
      break
    case 'restrict': {
      const input = mapQuery(expr.input, fn)
      const condition = mapQueriesInCondition(expr.condition, fn)
      rebuilt = input === expr.input && condition === expr.condition ? expr : { ...expr, input, condition }
      break
    }
    case 'join':
    case 'union': {
      const left = mapQuery(expr.left, fn)
      const right = mapQuery(expr.right, fn)
      rebuilt = left === expr.left && right === expr.right ? expr : { ...expr, left, right }
      break
    }
    case 'proj': {
      const input = mapQuery(expr.input, fn)
      const compute = mapRecord(expr.compute, scalar)
      rebuilt = input === expr.input && compute === expr.compute ? expr : { ...expr, input, compute }
      break
    }
    case 'aggr': {
      const input = mapQuery(expr.input, fn)
      const group = mapQuery(expr.group, fn)
      const compute = mapRecord(expr.compute, scalar)
      rebuilt =
        input === expr.input && group === expr.group && compute === expr.compute
          ? expr
          : { ...expr, input, group, compute }
      break
    }
    case 'top': {
      const input = mapQuery(expr.input, fn)
      const orderBy = mapList(expr.orderBy, (item) => mapOrderItem(item, fn))
      rebuilt = input === expr.input && orderBy === expr.orderBy ? expr : { ...expr, input, orderBy }
      break
    }
    default:
      return assertNever(expr)
  }
  return fn(rebuilt)
}
