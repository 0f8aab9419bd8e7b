// The one statement pipeline: an expression tree is resolved (headings, lineage checks), planned (the SQL tree)
// and compiled by the connection's dialect, here and nowhere else. The fluent API (`src/table/*`), the cascade
// and every app service run their queries through it, so a restriction means the same thing everywhere and a
// new capability needs no knowledge of the stages.

import type { DecodeOptions, Decoder } from '../adapters/decoders'
import { identity, toInteger } from '../adapters/decoders'
import type { CompiledQuery, FieldInfo, QueryResult } from '../adapters/driver'
import type { RowCount } from '../adapters/catalog-rows'
import type { OrderItem, QueryExpr } from '../algebra/ast'
import * as build from '../algebra/build'
import { tablesRead } from '../algebra/visit'
import { resolve, type Resolved } from '../algebra/resolve'
import type { Attribute } from '../heading/attribute'
import type { Heading } from '../heading/heading'
import type { EngineContext } from '../instance/context'
import type { SelectNode, StatementNode } from '../sql/nodes'
import { plan, planCount, planKeySort } from '../sql/plan'
import { planDelete, planUpdate, type Assignment } from '../sql/plan-mutations'
import { createRowDecoder } from '../table/values'
import { DataJointError } from '../errors/datajoint-error'
import { afterKey, attributeLiteral, keyOrder, keyOrderBy, type KeyOrderItem } from './key-pages'

/** A page of a result: `limit` rows after `offset`, ordered by `orderBy` (by the primary key when empty). */
export interface PageRequest {
  readonly orderBy?: readonly OrderItem[]
  readonly limit?: number | null
  readonly offset?: number
  /**
   * `offset` counts from the last row instead of the first: the server reads the result in the reversed order
   * (an index scan from the end, for a key order) and the rows come back in the requested order. So the last pages
   * of a huge table cost what its first pages do, with no OFFSET over the rows before them.
   */
  readonly fromEnd?: boolean
}

/** A tree resolved, planned and compiled for this connection, ready to run. */
export interface PreparedQuery {
  readonly resolved: Resolved
  readonly heading: Heading
  readonly statement: CompiledQuery
}

/** What "Show SQL" and a query builder display: the statement in the connection's dialect and its heading. */
export interface Explanation {
  readonly statement: CompiledQuery
  readonly heading: Heading
  readonly primaryKey: readonly string[]
}

/**
 * Rows as the driver returned them, with each column's decoder. For consumers that look at raw cells before
 * decoding (a `<blob>`'s byte size, say); everyone else uses `fetchDicts`.
 */
export interface RawResult {
  readonly heading: Heading
  readonly fields: readonly FieldInfo[]
  readonly rows: readonly (readonly unknown[])[]
  readonly decoders: readonly Decoder[]
}

export interface CountOptions {
  /**
   * For a bare table: when the server's statistics say it has more rows than this, answer with that estimate
   * instead of scanning the table (`estimated: true`).
   */
  readonly estimateAbove?: number
}

export type { RowCount }

export interface StreamOptions extends Omit<PageRequest, 'fromEnd'>, DecodeOptions {
  readonly batchSize?: number
}

export interface KeyPagesOptions extends DecodeOptions {
  /** The order to follow (by the primary key when empty); it must be one `keyOrder` accepts. */
  readonly orderBy?: readonly OrderItem[]
  /** Rows per page (default 1000). */
  readonly pageSize?: number
}

export interface KeyPageRequest {
  /** The order to follow (by the primary key when empty); it must be one `keyOrder` accepts. */
  readonly orderBy?: readonly OrderItem[]
  /** The order key's values of the row the page follows, decoded (null: the page starts at the first row). */
  readonly after: readonly unknown[] | null
  readonly limit: number
}

/** Keys `sortKeys` orders in one statement: a page's keys, not a table's. */
const MAX_SORTED_KEYS = 10_000

const DEFAULT_BATCH_SIZE = 1000

/** The schemas a tree reads (its tables, semijoin operands included), so their headings can be loaded first. */
export function schemasOf(expr: QueryExpr): string[] {
  return [...new Set(tablesRead(expr).map((t) => t.schema))]
}

/**
 * A page of `expr`, as an outer `top`: an inner top keeps its own meaning, and the page is always ordered (by the
 * key unless told) so that paging is stable.
 */
export function pageOf(expr: QueryExpr, page: PageRequest): QueryExpr {
  if (page.orderBy === undefined && page.limit === undefined && page.offset === undefined) return expr
  const ordered = page.orderBy === undefined || page.orderBy.length === 0 ? build.KEY_ORDER : page.orderBy
  const orderBy = page.fromEnd === true ? ordered.map((item) => ({ ...item, descending: !item.descending })) : ordered
  return build.top(expr, { limit: page.limit ?? null, orderBy, offset: page.offset ?? 0 })
}

/** Decodes one column of rows built as objects; a value its decoder returns unchanged is not written back. */
function decodeInPlace(rows: Record<string, unknown>[], name: string, decoder: Decoder): void {
  for (const row of rows) {
    const raw = row[name] ?? null
    const value = decoder(raw)
    if (value !== raw) row[name] = value
  }
}

/** The rows of a page in the order it asked for (a page counted from the end was read backwards). */
function inPageOrder<T>(rows: readonly T[], page: PageRequest): readonly T[] {
  return page.fromEnd === true ? [...rows].reverse() : rows
}

/** The rows of `expr` after the row whose order-key values are `last` (all of them when null). */
function keyPageTree(expr: QueryExpr, order: readonly KeyOrderItem[], last: readonly unknown[] | null): QueryExpr {
  return last === null ? expr : build.restrict(expr, afterKey(order, last), { semanticCheck: false })
}

/** What preparing a statement needs: the dialect and the loaded headings, no connection. */
export type PlanningContext = Pick<EngineContext, 'dialect' | 'resolveContext'>

/** Resolves, plans and compiles a SELECT of a tree whose schemas are loaded. */
export function prepareSelect(context: PlanningContext, expr: QueryExpr): PreparedQuery {
  const resolved = resolve(expr, context.resolveContext)
  return { resolved, heading: resolved.heading, statement: compileResolved(context, resolved) }
}

/** The SELECT of an already resolved tree. */
export function compileResolved(context: Pick<EngineContext, 'dialect'>, resolved: Resolved): CompiledQuery {
  return context.dialect.createCompiler().compile(plan(resolved, context.dialect.capabilities).query)
}

/** `SELECT count(*)` of a tree whose schemas are loaded. */
export function prepareCount(context: PlanningContext, expr: QueryExpr): CompiledQuery {
  return context.dialect.createCompiler().compile(planCount(resolve(expr, context.resolveContext), context.dialect.capabilities))
}

/** The DELETE of a restricted base table (its rows only: the cascade decides which tables to delete from). */
export function prepareDelete(context: PlanningContext, expr: QueryExpr): CompiledQuery {
  return context.dialect.createCompiler().compile(planDelete(resolve(expr, context.resolveContext), context.dialect.capabilities))
}

/** The UPDATE of a restricted base table, and the count that must find exactly the rows it is meant for. */
export function prepareUpdate(context: PlanningContext, expr: QueryExpr, set: readonly Assignment[]): { count: CompiledQuery; update: CompiledQuery } {
  const { count, update } = planUpdate(resolve(expr, context.resolveContext), set, context.dialect.capabilities)
  const compiler = context.dialect.createCompiler()
  return { count: compiler.compile(count), update: compiler.compile(update) }
}

/** The statement pipeline of one connection (an Instance, or the context of one of its transactions). */
export class StatementPipeline {
  readonly #context: EngineContext

  constructor(context: EngineContext) {
    this.#context = context
  }

  /**
   * Loads the headings of every schema the tree reads (a constant number of catalog queries per schema). A schema
   * loaded before that lacks a table the tree names is loaded again, once: the table may have been declared since,
   * by another client.
   */
  async load(expr: QueryExpr): Promise<void> {
    const { catalog } = this.#context
    const schemas = schemasOf(expr)
    const cached = new Set(schemas.filter((schema) => catalog.isLoaded(schema)))
    await this.#context.loadSchemas(schemas)
    const stale = new Set(tablesRead(expr).filter((t) => cached.has(t.schema) && catalog.table(t.schema, t.table) === undefined).map((t) => t.schema))
    if (stale.size > 0) await catalog.load([...stale], { refresh: true })
  }

  /** Binds a tree to the loaded headings; throws DataJoint's typed errors for invalid trees. No SQL exists yet. */
  resolve(expr: QueryExpr): Resolved {
    return resolve(expr, this.#context.resolveContext)
  }

  /** Resolves, plans and compiles a tree whose schemas are loaded. */
  prepare(expr: QueryExpr): PreparedQuery {
    return prepareSelect(this.#context, expr)
  }

  /** The SELECT of an already resolved tree. */
  compile(resolved: Resolved): CompiledQuery {
    return compileResolved(this.#context, resolved)
  }

  /** The SQL tree of a resolved query, for statements that embed a SELECT (`INSERT … SELECT`). */
  planSelect(resolved: Resolved): SelectNode {
    return plan(resolved, this.#context.dialect.capabilities).query
  }

  /** Compiles a planned statement (INSERT, UPDATE, DELETE, or a SELECT) in this dialect and runs it. */
  execute(node: StatementNode): Promise<QueryResult> {
    return this.#context.run(this.#context.dialect.createCompiler().compile(node))
  }

  /** The statement, heading and primary key of a tree, loading its schemas first. */
  async explain(expr: QueryExpr): Promise<Explanation> {
    await this.load(expr)
    const { statement, heading } = this.prepare(expr)
    return { statement, heading, primaryKey: heading.primaryKey }
  }

  /** Runs a tree (or a page of it) and returns raw rows with their column decoders. */
  async fetchRaw(expr: QueryExpr, page: PageRequest = {}): Promise<RawResult> {
    const { heading, statement } = this.prepare(pageOf(expr, page))
    const result = await this.#context.run(statement)
    return { heading, fields: result.fields, rows: inPageOrder(result.rows, page), decoders: this.decoders(heading.attributes, result.fields) }
  }

  /** Runs a tree (or a page of it) and decodes every row into an object in heading order. */
  async fetchDicts(expr: QueryExpr, page: PageRequest = {}, decoding: DecodeOptions = {}): Promise<Record<string, unknown>[]> {
    const { heading, statement } = this.prepare(pageOf(expr, page))
    const { attributes } = heading
    const result = await this.#context.run({ ...statement, rowsAsObjects: true })
    const decoders = this.decoders(attributes, result.fields, decoding)
    const { objects } = result
    // An empty heading selects a placeholder column; objects serve only a result of exactly the heading's columns.
    const headingColumns = result.fields.length === attributes.length && attributes.every((attribute, i) => result.fields[i]?.name === attribute.name)
    if (objects !== undefined && headingColumns) {
      // Built by the driver in heading order: only the columns that need decoding are rewritten, in place.
      decoders.forEach((decoder, i) => {
        if (decoder !== identity) decodeInPlace(objects, (attributes[i] as Attribute).name, decoder)
      })
      return page.fromEnd === true ? objects.reverse() : objects
    }
    // Rows as arrays, or objects read back in column order.
    const rows = objects === undefined ? result.rows : objects.map((row) => result.fields.map((field) => row[field.name]))
    return inPageOrder(rows, page).map(createRowDecoder(attributes, decoders))
  }

  /** Streams decoded rows in batches through a server-side cursor. */
  async *stream(expr: QueryExpr, options: StreamOptions = {}): AsyncGenerator<Record<string, unknown>[]> {
    const { heading, statement } = this.prepare(pageOf(expr, options))
    const { attributes } = heading
    // Computed columns are decoded by their result type, which arrives with the stream, before its first batch.
    let decode = createRowDecoder(attributes, this.decoders(attributes, [], options))
    const onFields = (fields: readonly FieldInfo[]): void => {
      decode = createRowDecoder(attributes, this.decoders(attributes, fields, options))
    }
    for await (const batch of this.#context.stream(statement, options.batchSize ?? DEFAULT_BATCH_SIZE, onFields)) {
      yield batch.map((row) => decode(row))
    }
  }

  /**
   * Every row of a tree whose schemas are loaded, in pages fetched by key: each page is the rows after the previous
   * page's last order key (`WHERE key > last ORDER BY key LIMIT n`), never an OFFSET, so every page costs the same
   * however deep into the result. Throws INVALID_INPUT for an order that `keyOrder` cannot follow by key.
   */
  async *fetchByKeyPages(expr: QueryExpr, options: KeyPagesOptions = {}): AsyncGenerator<Record<string, unknown>[]> {
    const order = this.#keyOrder(expr, options.orderBy ?? [])
    const pageSize = options.pageSize ?? DEFAULT_BATCH_SIZE
    let last: readonly unknown[] | null = null
    for (;;) {
      const rows = await this.fetchDicts(keyPageTree(expr, order, last), { orderBy: keyOrderBy(order), limit: pageSize }, options)
      if (rows.length > 0) yield rows
      const final = rows.at(-1)
      if (rows.length < pageSize || final === undefined) return
      last = order.map((item) => final[item.attribute.name])
    }
  }

  /**
   * One page by key of a tree whose schemas are loaded: the first `limit` rows after the row whose order-key values
   * are `after`, as raw rows with their decoders — the step `fetchByKeyPages` repeats, for callers that keep their
   * place between calls (a view paged on demand). Throws INVALID_INPUT for an order `keyOrder` cannot follow.
   */
  async fetchKeyPage(expr: QueryExpr, page: KeyPageRequest): Promise<RawResult> {
    const order = this.#keyOrder(expr, page.orderBy ?? [])
    return this.fetchRaw(keyPageTree(expr, order, page.after), { orderBy: keyOrderBy(order), limit: page.limit })
  }

  /**
   * Primary-key values of a tree whose schemas are loaded (decoded, in primary-key order) in the order this server
   * sorts that key, as positions into `keys`; keys the server sorts alike keep their given order. The server
   * compares them, as its columns' types and collations do (`Ann` before or after `bob` as the server's collation
   * says, decimals as numbers), so keys read from another server can be merged in this one's order. For a page of
   * keys (at most 10,000). On MySQL an enum key attribute is compared as its text here, not by declaration order.
   */
  async sortKeys(expr: QueryExpr, keys: readonly (readonly unknown[])[]): Promise<number[]> {
    const resolved = this.resolve(expr)
    if (keys.length < 2 || resolved.heading.primaryKey.length === 0) return keys.map((_, i) => i)
    if (keys.length > MAX_SORTED_KEYS) throw new DataJointError('INVALID_INPUT', `At most ${MAX_SORTED_KEYS} keys are sorted at once.`)
    const attributes = resolved.heading.primaryKey.map((name) => resolved.heading.require(name))
    const literals = keys.map((key) => attributes.map((attribute, i) => attributeLiteral(attribute, key[i])))
    const { dialect } = this.#context
    const result = await this.#context.run(dialect.createCompiler().compile(planKeySort(resolved, literals, dialect.capabilities)))
    return result.rows.map((row) => Number(toInteger(row[0])))
  }

  #keyOrder(expr: QueryExpr, orderBy: readonly OrderItem[]): KeyOrderItem[] {
    const order = keyOrder(this.resolve(expr).heading, orderBy)
    if (order === null) throw new DataJointError('INVALID_INPUT', 'This order cannot be followed by key: it sorts by a computed, nullable or inexactly comparable attribute.')
    return order
  }

  /** The DELETE of a restricted base table whose schema is loaded. */
  prepareDelete(expr: QueryExpr): CompiledQuery {
    return prepareDelete(this.#context, expr)
  }

  /** The count and UPDATE of a restricted base table whose schema is loaded. */
  prepareUpdate(expr: QueryExpr, set: readonly Assignment[]): { count: CompiledQuery; update: CompiledQuery } {
    return prepareUpdate(this.#context, expr, set)
  }

  /** `SELECT count(*)` of a tree whose schemas are loaded. */
  prepareCount(expr: QueryExpr): CompiledQuery {
    return prepareCount(this.#context, expr)
  }

  /** The number of rows; for a huge bare table, the server's estimate when `estimateAbove` allows it. */
  async count(expr: QueryExpr, options: CountOptions = {}): Promise<RowCount> {
    const statement = this.prepareCount(expr)
    if (options.estimateAbove !== undefined && expr.kind === 'table') {
      const known = (await this.#context.catalog.introspector.rowEstimates(expr.schema, [expr.table])).get(expr.table)
      // An exact answer from the statistics (an empty table) needs no count either.
      if (known !== undefined && (!known.estimated || known.count > options.estimateAbove)) return known
    }
    const result = await this.#context.run(statement)
    return { count: Number(toInteger(result.rows[0]?.[0] ?? 0)), estimated: false }
  }

  /** Each column's decoder for a result of these attributes (fields as the driver described them, if any). */
  decoders(attributes: readonly Attribute[], fields: readonly FieldInfo[], decoding: DecodeOptions = {}): Decoder[] {
    return attributes.map((attribute, i) => this.#context.dialect.columnDecoder(attribute, fields[i], decoding))
  }
}
