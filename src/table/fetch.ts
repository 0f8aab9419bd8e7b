// Running a query expression: plan, compile, execute, decode. Also count, exists and streaming.

import type { FieldInfo } from '../adapters/driver'
import type { QueryExpr } from '../algebra/ast'
import * as build from '../algebra/build'
import { resolve, type Resolved } from '../algebra/resolve'
import { DataJointError } from '../errors/datajoint-error'
import type { EngineContext } from '../instance/context'
import { plan, planCount } from '../sql/plan'
import { toOrderItems } from './restriction'
import { createRowDecoder, toInteger } from './values'

export interface FetchOptions {
  /** `'KEY'`, `'KEY DESC'`, `'name DESC'`, or a list of them. Any of the three options orders the result. */
  readonly orderBy?: string | readonly string[]
  readonly limit?: number
  readonly offset?: number
}

/** Applies DataJoint's fetch options: any of them turns into a `Top` (so `limit` alone orders by the key). */
export function withFetchOptions(expr: QueryExpr, options: FetchOptions): QueryExpr {
  if (options.orderBy === undefined && options.limit === undefined && options.offset === undefined) return expr
  return build.top(expr, {
    limit: options.limit ?? null,
    orderBy: toOrderItems(options.orderBy ?? 'KEY'),
    offset: options.offset ?? 0,
  })
}

export async function fetchDicts(context: EngineContext, expr: QueryExpr, options: FetchOptions = {}): Promise<Record<string, unknown>[]> {
  const resolved = resolve(withFetchOptions(expr, options), context.resolveContext)
  const { query } = plan(resolved, context.dialect.capabilities)
  const compiled = context.dialect.createCompiler().compile(query)
  const result = await context.run(compiled)
  const decode = createRowDecoder(resolved.heading.attributes, result.fields, context.dialect.backend)
  return result.rows.map(decode)
}

export async function* streamDicts(
  context: EngineContext,
  expr: QueryExpr,
  options: FetchOptions & { batchSize?: number } = {},
): AsyncGenerator<Record<string, unknown>[]> {
  const resolved = resolve(withFetchOptions(expr, options), context.resolveContext)
  const compiled = context.dialect.createCompiler().compile(plan(resolved, context.dialect.capabilities).query)
  const { attributes } = resolved.heading
  const backend = context.dialect.backend
  // Computed columns are decoded by their result type, which arrives with the stream, before its first batch.
  let decode = createRowDecoder(attributes, [], backend)
  const onFields = (fields: readonly FieldInfo[]): void => {
    decode = createRowDecoder(attributes, fields, backend)
  }
  for await (const batch of context.stream(compiled, options.batchSize ?? 1000, onFields)) {
    yield batch.map((row) => decode(row))
  }
}

export async function countRows(context: EngineContext, resolved: Resolved): Promise<number> {
  const compiled = context.dialect.createCompiler().compile(planCount(resolved, context.dialect.capabilities))
  const result = await context.run(compiled)
  return Number(toInteger(result.rows[0]?.[0] ?? 0))
}

export async function fetchOne(context: EngineContext, expr: QueryExpr): Promise<Record<string, unknown>> {
  const rows = await fetchDicts(context, build.top(expr, { limit: 2, orderBy: [], offset: 0 }))
  if (rows.length !== 1) {
    const message =
      rows.length === 0
        ? 'fetch1 requires exactly one tuple in the input set.'
        : `fetch1 should only return one tuple. ${await countRows(context, resolve(expr, context.resolveContext))} tuples found`
    throw new DataJointError('FETCH_CARDINALITY', message)
  }
  return rows[0] as Record<string, unknown>
}

export function toArrays(rows: readonly Record<string, unknown>[], names: readonly string[]): unknown[][] {
  return names.map((name) => rows.map((row) => row[name]))
}
