// How large a statement is with its values written into the text, as mysql2 does for MySQL and MariaDB
// (PostgreSQL's bound values take no more): what statement limits are checked against.

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

// Character codes mysql2 escapes with a backslash inside a quoted string: \0 \b \t \n \r \Z " ' \\.
const ESCAPED = new Set([0, 8, 9, 10, 13, 26, 34, 39, 92])

function escapeCount(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i += 1) if (ESCAPED.has(text.charCodeAt(i))) count += 1
  return count
}

/**
 * Bytes a value takes in the statement text, as mysql2 writes it in (PostgreSQL's bound values take no more):
 * text as quoted UTF-8 with a backslash per escaped character, bytes as X'…' hex, plus the separator.
 */
function approximateSize(value: InsertValue): number {
  if (typeof value === 'string') return Buffer.byteLength(value) + escapeCount(value) + 4
  if (value instanceof Uint8Array) return 2 * value.length + 5
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

