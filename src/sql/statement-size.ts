// How large a statement is, what statement limits are checked against: an upper bound with its values written into
// the text (as mysql2 does on MySQL beyond 65,535 values; values bound on the server take no more), and the bytes
// of an inserted row, whose values are always bound.

import type { CompiledQuery, SqlValue } from '../adapters/driver'
import type { InsertValue } from './nodes'

/** What one statement may carry, per dialect. */
export interface StatementLimits {
  /** Placeholders per statement; null when values are interpolated before the server sees them. */
  readonly maxParameters: number | null
  /** Bytes of statement text with its values written in. */
  readonly maxStatementBytes: number
}

/** An upper bound of a statement's size with its values interpolated (strings as if every character were escaped). */
export function statementBytes(query: CompiledQuery): number {
  return Buffer.byteLength(query.sql) + query.params.reduce<number>((sum, value) => sum + valueBytes(value), 0)
}

function valueBytes(value: SqlValue): number {
  if (value === null) return 4
  if (typeof value === 'string') return 2 * Buffer.byteLength(value) + 2
  if (value instanceof Uint8Array) return 2 * value.length + 3
  if (value instanceof Date) return 28
  return String(value).length
}

export function withinLimits(query: CompiledQuery, limits: StatementLimits, bytes = statementBytes(query)): boolean {
  return (limits.maxParameters === null || query.params.length <= limits.maxParameters) && bytes <= limits.maxStatementBytes
}

/**
 * Bytes a value of an inserted row takes in its statement, where both backends bind it on the server: text as its
 * UTF-8 bytes, bytes as they are, each with its length and the placeholder in the text.
 */
function approximateSize(value: InsertValue): number {
  if (typeof value === 'string') return Buffer.byteLength(value) + 12
  if (value instanceof Uint8Array) return value.length + 12
  if (value === null) return 6
  if (typeof value === 'number' || typeof value === 'bigint') return String(value).length + 2
  if (typeof value === 'boolean') return 7
  // A Date as a quoted 'YYYY-MM-DD HH:MM:SS.ffffff'; DEFAULT.
  return 32
}

export function rowSize(row: readonly InsertValue[]): number {
  // The row's parentheses and the comma after it.
  let size = 4
  for (const value of row) size += approximateSize(value)
  return size
}

