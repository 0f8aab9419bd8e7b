// DataJoint's fetch options and fetch1, on top of the statement pipeline.

import type { DecodeOptions } from '../adapters/decoders'
import type { QueryExpr } from '../algebra/ast'
import * as build from '../algebra/build'
import { DataJointError } from '../errors/datajoint-error'
import type { EngineContext } from '../instance/context'
import { toOrderItems } from './restriction'

export interface FetchOptions {
  /** `'KEY'`, `'KEY DESC'`, `'name DESC'`, or a list of them. Any of the three options orders the result. */
  readonly orderBy?: string | readonly string[]
  readonly limit?: number
  readonly offset?: number
  /**
   * Largest plain `<blob>` value to decode, in bytes: a larger one throws BLOB_TOO_LARGE, a compressed one before
   * it is inflated. Unlimited by default, as in DataJoint.
   */
  readonly maxBlobBytes?: number
}

/** How the fetched cells are decoded: the blob limit, checked here so a bad one fails before the query runs. */
export function decodingOf(options: FetchOptions): DecodeOptions {
  const { maxBlobBytes } = options
  if (maxBlobBytes === undefined) return {}
  if (!Number.isSafeInteger(maxBlobBytes) || maxBlobBytes < 0) {
    throw new DataJointError('INVALID_INPUT', `maxBlobBytes must be a whole number of bytes, not ${String(maxBlobBytes)}.`)
  }
  return { maxBlobBytes }
}

/**
 * An expression with DataJoint's fetch options applied as a top (`_apply_top` in expression.py): without
 * `orderBy` the top inherits the order of a top the expression ends in, else it orders by the key.
 */
export function withFetchOptions(expr: QueryExpr, options: FetchOptions): QueryExpr {
  if (options.orderBy === undefined && options.limit === undefined && options.offset === undefined) return expr
  const orderBy = options.orderBy === undefined ? [] : toOrderItems(options.orderBy)
  return build.top(expr, { limit: options.limit ?? null, orderBy, offset: options.offset ?? 0 })
}

export async function fetchOne(context: EngineContext, expr: QueryExpr): Promise<Record<string, unknown>> {
  const rows = await context.pipeline.fetchDicts(build.top(expr, { limit: 2, orderBy: [], offset: 0 }))
  if (rows.length !== 1) {
    const message =
      rows.length === 0
        ? 'fetch1 requires exactly one tuple in the input set.'
        : `fetch1 should only return one tuple. ${(await context.pipeline.count(expr)).count} tuples found`
    throw new DataJointError('FETCH_CARDINALITY', message)
  }
  return rows[0] as Record<string, unknown>
}

export function toArrays(rows: readonly Record<string, unknown>[], names: readonly string[]): unknown[][] {
  return names.map((name) => rows.map((row) => row[name]))
}
