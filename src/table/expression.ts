// The fluent query API (`q.restrict(...).join(...)`), a thin immutable wrapper that builds expression trees
// and runs them through an Instance. All semantics live in algebra/ (trees) and sql/ (planning).

import type { CompiledQuery } from '../adapters/driver'
import type { QueryExpr, ScalarExpr } from '../algebra/ast'
import * as build from '../algebra/build'
import { isIdentifier, parseScalar } from '../algebra/parse-expression'
import type { Resolved } from '../algebra/resolve'
import { DataJointError } from '../errors/datajoint-error'
import type { Heading } from '../heading/heading'
import type { EngineContext } from '../instance/context'
import { formatPreview, previewAttributes } from './preview'
import { decodingOf, fetchOne, toArrays, withFetchOptions, type FetchOptions } from './fetch'
import { AndList, EXPRESSION_BRAND, Not, Top, isHasExpression, toCondition, type HasExpression, type RestrictionInput } from './restriction'

export interface RestrictOptions {
  /** Match namesakes by lineage (DataJoint's semantic check); default true. */
  readonly semanticCheck?: boolean
}

export interface JoinOptions extends RestrictOptions {
  /** Left outer join: keep every row of this operand (it must determine the other). */
  readonly left?: boolean
}

export interface AggrOptions {
  /** Attributes of this operand to keep; `'...'` keeps every secondary attribute. */
  readonly attributes?: readonly string[]
  /** Drop groups with no matching rows (inner join) instead of keeping them. */
  readonly excludeNonmatching?: boolean
}

/** DataJoint's message for operands of two connections (`dj.Instance`s). */
export const MIXED_INSTANCES =
  'Cannot operate on expressions from different connections. Ensure both operands use the same dj.Instance or global connection.'

function computeMap(named: Readonly<Record<string, string>>): Record<string, ScalarExpr> {
  const compute: Record<string, ScalarExpr> = {}
  for (const [name, text] of Object.entries(named)) compute[name] = parseScalar(text)
  return compute
}

/** An immutable DataJoint query expression bound to an Instance. */
export class QueryExpression implements HasExpression {
  readonly [EXPRESSION_BRAND] = true as const
  constructor(
    readonly context: EngineContext,
    readonly expr: QueryExpr,
  ) {}

  /** A new expression over the same Instance (subclasses' table behaviour does not carry over). */
  protected derive(expr: QueryExpr): QueryExpression {
    return new QueryExpression(this.context, expr)
  }

  #resolved: Resolved | undefined

  /** Resolves against loaded headings; throws DataJoint's errors for invalid expressions. */
  resolve(): Resolved {
    this.#resolved ??= this.context.pipeline.resolve(this.expr)
    return this.#resolved
  }

  get heading(): Heading {
    return this.resolve().heading
  }

  get primaryKey(): string[] {
    return this.heading.primaryKey
  }

  #operand(other: unknown): QueryExpr {
    if (other instanceof QueryExpression) {
      if (other.context.id !== this.context.id) throw new DataJointError('MIXED_INSTANCES', MIXED_INSTANCES)
      return other.expr
    }
    if (isHasExpression(other)) return other.expr
    throw new DataJointError('INVALID_INPUT', 'Expected a query expression')
  }

  #checkNested(input: unknown): void {
    if (input instanceof QueryExpression) this.#operand(input)
    else if (Array.isArray(input)) for (const item of input) this.#checkNested(item)
    else if (input instanceof AndList) for (const item of input.conditions) this.#checkNested(item)
    else if (input instanceof Not) this.#checkNested(input.condition)
  }

  /**
   * Rows matching a condition: an object (AND of equalities; unknown keys ignored), an array (OR), a string
   * (parsed), another query (semijoin on namesakes), `dj.and`, `dj.not`, `dj.top`, or a boolean.
   * @example Researcher.restrict({ lab_id: 1 })
   */
  restrict(condition: RestrictionInput | Top, options: RestrictOptions = {}): QueryExpression {
    if (condition instanceof Top) {
      return this.derive(build.top(this.expr, { limit: condition.limit, orderBy: condition.orderBy, offset: condition.offset }))
    }
    this.#checkNested(condition)
    const result = this.derive(build.restrict(this.expr, toCondition(condition), options))
    result.resolve()
    return result
  }

  /** Rows not matching a condition (`q - cond`). */
  exclude(condition: RestrictionInput, options: RestrictOptions = {}): QueryExpression {
    this.#checkNested(condition)
    const result = this.derive(build.exclude(this.expr, toCondition(condition), options))
    result.resolve()
    return result
  }

  /**
   * Projection: keep attributes (`'...'` for all secondaries, `'-x'` to drop one), rename (`{ new: 'old' }`)
   * or compute (`{ x: 'a * 2' }`). The primary key is always kept.
   * @example Course.proj('course_name', { double_credits: 'credits * 2' })
   */
  proj(...args: (string | Readonly<Record<string, string>>)[]): QueryExpression {
    let keepAll = false
    const keep: string[] = []
    const exclude: string[] = []
    const rename: Record<string, string> = {}
    const compute: Record<string, ScalarExpr> = {}
    for (const arg of args) {
      if (typeof arg === 'string') {
        if (arg === '...') keepAll = true
        else if (arg.startsWith('-')) exclude.push(arg.slice(1).trim())
        else keep.push(arg)
        continue
      }
      for (const [name, value] of Object.entries(arg)) {
        if (isIdentifier(value)) rename[name] = value.trim()
        else compute[name] = parseScalar(value)
      }
    }
    const result = this.derive(build.proj(this.expr, { keepAll, keep, exclude, rename, compute }))
    result.resolve()
    return result
  }

  /** Natural join on namesakes (lineage-checked). @example Researcher.join(Lab) */
  join(other: HasExpression, options: JoinOptions = {}): QueryExpression {
    const result = this.derive(build.join(this.expr, this.#operand(other), options))
    result.resolve()
    return result
  }

  /** `a.extend(b)` ≡ `a.join(b, { left: true })`. */
  extend(other: HasExpression, options: RestrictOptions = {}): QueryExpression {
    return this.join(other, { ...options, left: true })
  }

  /**
   * Aggregation: for each row of this expression, compute aggregates over the matching rows of `group`.
   * @example Lab.aggr(Researcher, { n: 'count(*)' })
   */
  aggr(group: HasExpression, named: Readonly<Record<string, string>>, options: AggrOptions = {}): QueryExpression {
    const attributes = options.attributes ?? []
    const result = this.derive(
      build.aggr(this.expr, this.#operand(group), {
        keepAll: attributes.includes('...'),
        keep: attributes.filter((a) => a !== '...'),
        compute: computeMap(named),
        ...(options.excludeNonmatching === undefined ? {} : { excludeNonmatching: options.excludeNonmatching }),
      }),
    )
    result.resolve()
    return result
  }

  /** Union of two expressions with the same primary key (`a + b`). */
  union(other: HasExpression): QueryExpression {
    const result = this.derive(build.union(this.expr, this.#operand(other)))
    result.resolve()
    return result
  }

  /**
   * All rows as objects in heading order. With any option, rows are ordered: by `orderBy`, else in the order of a
   * `dj.top` the query ends in, else by the key.
   */
  async toDicts(options: FetchOptions = {}): Promise<Record<string, unknown>[]> {
    return this.context.pipeline.fetchDicts(withFetchOptions(this.expr, options), {}, decodingOf(options))
  }

  /** One array per attribute (all attributes when none are named). */
  async toArrays(attributes: readonly string[] = [], options: FetchOptions = {}): Promise<unknown[][]> {
    const names = attributes.length > 0 ? attributes : this.heading.names
    const unknown = names.find((name) => !this.heading.names.includes(name))
    if (unknown !== undefined) {
      throw new DataJointError('UNKNOWN_ATTRIBUTE', `Attribute \`${unknown}\` is not found in query.`, { attribute: unknown })
    }
    const rows = await this.toDicts(options)
    return toArrays(rows, names)
  }

  /** The primary-key values of every row. */
  keys(options: FetchOptions = {}): Promise<Record<string, unknown>[]> {
    return this.context.pipeline.fetchDicts(withFetchOptions(build.proj(this.expr), options))
  }

  /** Exactly one row, else a FETCH_CARDINALITY error. */
  fetch1(): Promise<Record<string, unknown>> {
    return fetchOne(this.context, this.expr)
  }

  /** The number of rows (`len(q)`). */
  async count(): Promise<number> {
    return (await this.context.pipeline.count(this.expr)).count
  }

  /** Whether there is at least one row (`bool(q)`). */
  async exists(): Promise<boolean> {
    const rows = await this.context.pipeline.fetchDicts(build.top(build.proj(this.expr), { limit: 1, orderBy: [], offset: 0 }))
    return rows.length > 0
  }

  /** Streams rows in batches through a server-side cursor, for results too large to hold in memory. */
  cursor(options: FetchOptions & { batchSize?: number } = {}): AsyncGenerator<Record<string, unknown>[]> {
    return this.context.pipeline.stream(withFetchOptions(this.expr, options), options.batchSize === undefined ? {} : { batchSize: options.batchSize })
  }

  /** DataJoint's text preview: the first `display.limit` rows by primary key and the total. */
  async preview(): Promise<string> {
    const display = this.context.config.display
    const shown = build.proj(this.expr, { keep: previewAttributes(this.heading) })
    const [rows, total] = await Promise.all([
      this.context.pipeline.fetchDicts(shown, { limit: display.limit + 1 }),
      this.count(),
    ])
    return formatPreview(this.heading, rows, total, {
      limit: display.limit,
      width: display.width,
      showTupleCount: display.showTupleCount,
    })
  }

  /** The SQL this expression runs (for display and debugging). */
  sql(): CompiledQuery {
    return this.context.pipeline.compile(this.resolve())
  }

  toJSON(): QueryExpr {
    return this.expr
  }
}

/** `dj.U(...)`: the universal set over some attributes, to restrict (`distinct`) or aggregate by. */
export class UniversalSet implements HasExpression {
  readonly [EXPRESSION_BRAND] = true as const
  readonly expr: QueryExpr

  constructor(readonly attributes: readonly string[]) {
    this.expr = build.universal(attributes)
  }

  /** `dj.U('a') & q`: the distinct values of `a` in `q`. */
  restrict(query: QueryExpression): QueryExpression {
    const result = new QueryExpression(query.context, build.restrict(this.expr, build.semijoin(query.expr)))
    result.resolve()
    return result
  }

  /** `dj.U('a').aggr(q, { n: 'count(*)' })`: group `q` by `a` (no attributes: one row over all of `q`). */
  aggr(query: QueryExpression, named: Readonly<Record<string, string>>): QueryExpression {
    const result = new QueryExpression(query.context, build.aggr(this.expr, query.expr, { compute: computeMap(named), excludeNonmatching: true }))
    result.resolve()
    return result
  }
}
