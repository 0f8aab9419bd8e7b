// Converts what users pass to `restrict` (objects, arrays, strings, queries, dj.and/not/top/U) into the
// algebra's Condition data. Strings are parsed, never pasted into SQL.

import type { Condition, Literal, OrderItem, QueryExpr } from '../algebra/ast'
import * as build from '../algebra/build'
import { parseCondition, parseOrderBy } from '../algebra/parse-expression'
import { DataJointError } from '../errors/datajoint-error'

/** `dj.and([...])`: every condition must hold (DataJoint's `AndList`). */
export class AndList {
  constructor(readonly conditions: readonly RestrictionInput[]) {}
}

/** `dj.not(c)`: the negation of a condition. */
export class Not {
  constructor(readonly condition: RestrictionInput) {}
}

/**
 * `dj.top({ limit, orderBy, offset })`: the first rows in an order (DataJoint's `Top`). `orderBy` defaults to
 * `'KEY'`; `null` inherits the order of a top the query already ends in (the key when there is none).
 */
export class Top {
  readonly limit: number | null
  readonly orderBy: readonly OrderItem[]
  readonly offset: number

  constructor(options: { limit?: number | null; orderBy?: string | readonly string[] | null; offset?: number } = {}) {
    const limit = options.limit === undefined ? 1 : options.limit
    if (limit !== null && (!Number.isInteger(limit) || limit < 0)) throw invalidInput('Top limit must be a non-negative integer or null')
    const offset = options.offset ?? 0
    if (!Number.isInteger(offset) || offset < 0) throw invalidInput('Top offset must be a non-negative integer')
    this.limit = limit
    this.offset = offset
    // An empty order is the algebra's "inherit" (build.top merges it into an enclosing top).
    this.orderBy = options.orderBy === null ? [] : toOrderItems(options.orderBy ?? 'KEY')
  }
}

/**
 * Marks the engine's own expression objects. A plain object with an `expr` key (say, parsed JSON) is a dict
 * restriction, never a query: trees from outside come in through the zod schema, not through this door.
 */
export const EXPRESSION_BRAND: unique symbol = Symbol('joinery.expression')

/** Something that exposes an expression tree: query expressions, tables and `dj.U`. */
export interface HasExpression {
  readonly [EXPRESSION_BRAND]: true
  readonly expr: QueryExpr
}

export type RestrictionValue = string | number | bigint | boolean | null | Date | Uint8Array | readonly unknown[] | { readonly [key: string]: unknown }

export type RestrictionInput =
  | string
  | boolean
  | { readonly [attribute: string]: unknown }
  | readonly RestrictionInput[]
  | AndList
  | Not
  | HasExpression

function invalidInput(message: string): DataJointError {
  return new DataJointError('INVALID_INPUT', message)
}

export function toOrderItems(orderBy: string | readonly string[]): OrderItem[] {
  const items = typeof orderBy === 'string' ? [orderBy] : orderBy
  return items.map((item) => parseOrderBy(item))
}

/** A JavaScript value as a tagged literal for the dict form of restriction. */
export function toLiteral(value: unknown): Literal {
  if (value === null) return { kind: 'lit', type: 'null' }
  if (typeof value === 'string') return { kind: 'lit', type: 'string', value }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidInput(`Cannot restrict by the non-finite number ${value}`)
    return { kind: 'lit', type: 'number', value }
  }
  if (typeof value === 'bigint') return { kind: 'lit', type: 'bigint', value: value.toString() }
  if (typeof value === 'boolean') return { kind: 'lit', type: 'bool', value }
  if (value instanceof Date) return { kind: 'lit', type: 'datetime', value: value.toISOString().replace('T', ' ').replace('Z', '') }
  if (value instanceof Uint8Array) return { kind: 'lit', type: 'bytes', value: Buffer.from(value).toString('base64') }
  if (typeof value === 'object') return { kind: 'lit', type: 'json', value: JSON.stringify(value) }
  throw invalidInput(`Invalid restriction value of type ${typeof value}`)
}

export function isHasExpression(value: unknown): value is HasExpression {
  return typeof value === 'object' && value !== null && EXPRESSION_BRAND in value
}

/** The Condition for one restriction input; `Top` is handled by the caller since it is not a condition. */
export function toCondition(input: RestrictionInput): Condition {
  if (input === null || input === undefined) {
    throw invalidInput(`Invalid restriction type ${String(input)}`)
  }
  if (typeof input === 'boolean') return input ? build.TRUE : build.FALSE
  if (typeof input === 'string') return parseCondition(input)
  if (input instanceof AndList) return build.and(input.conditions.map(toCondition))
  if (input instanceof Not) return build.not(toCondition(input.condition))
  if (input instanceof Top) throw invalidInput('dj.top(...) must be the whole restriction, not part of a list')
  if (Array.isArray(input)) return build.or((input as readonly RestrictionInput[]).map(toCondition))
  if (isHasExpression(input)) {
    return input.expr.kind === 'universal' ? build.TRUE : build.semijoin(input.expr)
  }
  if (typeof input === 'object') {
    const values: Record<string, Literal> = {}
    for (const [key, value] of Object.entries(input)) values[key] = toLiteral(value)
    return build.match(values)
  }
  throw invalidInput(`Invalid restriction type ${typeof input}`)
}
