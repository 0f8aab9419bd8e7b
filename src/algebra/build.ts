// Pure constructors for expression trees, named after DataJoint's operators. They fold trivial forms and
// return frozen nodes; nothing here holds a connection or reads a heading.

import type { Condition, Literal, OrderItem, QueryExpr, ScalarExpr } from './ast'

function freeze<T>(node: T): T {
  return Object.freeze(node)
}

export function table(schema: string, name: string): QueryExpr {
  return freeze({ kind: 'table', schema, table: name })
}

/** `q & condition`; restricting by `true` returns the operand itself. */
export function restrict(input: QueryExpr, condition: Condition, options: { semanticCheck?: boolean } = {}): QueryExpr {
  if (condition.kind === 'const' && condition.value) return input
  return freeze({ kind: 'restrict', input, condition, semanticCheck: options.semanticCheck ?? true })
}

/** `q - condition` ≡ `q & Not(condition)`. */
export function exclude(input: QueryExpr, condition: Condition, options: { semanticCheck?: boolean } = {}): QueryExpr {
  return restrict(input, not(condition), options)
}

export function join(left: QueryExpr, right: QueryExpr, options: { left?: boolean; semanticCheck?: boolean } = {}): QueryExpr {
  return freeze({ kind: 'join', left, right, outer: options.left ?? false, semanticCheck: options.semanticCheck ?? true })
}

export interface ProjSpec {
  readonly keepAll?: boolean
  readonly keep?: readonly string[]
  readonly exclude?: readonly string[]
  readonly rename?: Readonly<Record<string, string>>
  readonly compute?: Readonly<Record<string, ScalarExpr>>
}

export function proj(input: QueryExpr, spec: ProjSpec = {}): QueryExpr {
  return freeze({
    kind: 'proj',
    input,
    keepAll: spec.keepAll ?? false,
    keep: spec.keep ?? [],
    exclude: spec.exclude ?? [],
    rename: spec.rename ?? {},
    compute: spec.compute ?? {},
  })
}

export interface AggrSpec {
  readonly keepAll?: boolean
  readonly keep?: readonly string[]
  readonly compute: Readonly<Record<string, ScalarExpr>>
  readonly excludeNonmatching?: boolean
}

export function aggr(input: QueryExpr, group: QueryExpr, spec: AggrSpec): QueryExpr {
  return freeze({
    kind: 'aggr',
    input,
    group,
    keepAll: spec.keepAll ?? false,
    keep: spec.keep ?? [],
    compute: spec.compute,
    // dj.U(...).aggr always drops non-matching groups: there is nothing to keep them from.
    excludeNonmatching: input.kind === 'universal' ? true : (spec.excludeNonmatching ?? false),
  })
}

export function union(left: QueryExpr, right: QueryExpr): QueryExpr {
  return freeze({ kind: 'union', left, right })
}

/**
 * `q & dj.Top(limit, order_by, offset)`. A top with no order (DataJoint's `order_by=None`) or the same order as
 * a top it is applied to merges into that top: it keeps the first top's order, offsets add (as DataJoint's
 * `Top.merge` in condition.py), and the window stays inside the first top's rows — DataJoint takes the smaller
 * limit instead, which reaches past the first window when the second offset is not 0. Any other order nests.
 */
export function top(input: QueryExpr, spec: { limit?: number | null; orderBy?: readonly OrderItem[]; offset?: number } = {}): QueryExpr {
  const limit = spec.limit === undefined ? 1 : spec.limit
  const orderBy = spec.orderBy ?? []
  const offset = spec.offset ?? 0
  if (input.kind === 'top' && (orderBy.length === 0 || sameOrder(orderBy, input.orderBy))) {
    return freeze({ ...input, limit: windowLimit(input.limit, offset, limit), offset: input.offset + offset })
  }
  return freeze({ kind: 'top', input, limit, orderBy, offset })
}

/** How many of a first window's `firstLimit` rows remain after skipping `offset` of them, at most `limit` (null: no bound). */
function windowLimit(firstLimit: number | null, offset: number, limit: number | null): number | null {
  const remaining = firstLimit === null ? null : Math.max(0, firstLimit - offset)
  if (remaining === null) return limit
  return limit === null ? remaining : Math.min(limit, remaining)
}

function sameOrder(a: readonly OrderItem[], b: readonly OrderItem[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

export function universal(attributes: readonly string[]): QueryExpr {
  return freeze({ kind: 'universal', attributes: [...attributes] })
}

export const TRUE: Condition = freeze({ kind: 'const', value: true })

/** DataJoint's `KEY` order: the primary key, ascending (what a page is ordered by unless told). */
export const KEY_ORDER: readonly OrderItem[] = freeze([{ by: 'key', descending: false }])
export const FALSE: Condition = freeze({ kind: 'const', value: false })

/** AND of conditions (`dj.AndList`): trues drop out, a false wins, an empty list is true. */
export function and(conditions: readonly Condition[]): Condition {
  const parts = conditions.filter((c) => !(c.kind === 'const' && c.value))
  if (parts.some((c) => c.kind === 'const' && !c.value)) return FALSE
  if (parts.length === 0) return TRUE
  if (parts.length === 1) return parts[0] as Condition
  return freeze({ kind: 'and', conditions: parts })
}

/** OR of conditions (a list restriction): falses drop out, a true wins, an empty list is false. */
export function or(conditions: readonly Condition[]): Condition {
  const parts = conditions.filter((c) => !(c.kind === 'const' && !c.value))
  if (parts.some((c) => c.kind === 'const' && c.value)) return TRUE
  if (parts.length === 0) return FALSE
  if (parts.length === 1) return parts[0] as Condition
  return freeze({ kind: 'or', conditions: parts })
}

/** `dj.Not(c)`; double negation folds away. */
export function not(condition: Condition): Condition {
  if (condition.kind === 'const') return condition.value ? FALSE : TRUE
  if (condition.kind === 'not') return condition.condition
  return freeze({ kind: 'not', condition })
}

export function match(values: Readonly<Record<string, Literal>>): Condition {
  return freeze({ kind: 'match', values })
}

export function semijoin(query: QueryExpr): Condition {
  return freeze({ kind: 'semijoin', query })
}

export function attr(name: string): ScalarExpr {
  return freeze({ kind: 'attr', name })
}

/** `count(*)`. */
export function countAll(): ScalarExpr {
  return freeze({ kind: 'fn', name: 'count', args: [], distinct: false, star: true, separator: null })
}
