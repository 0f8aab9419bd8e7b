// Reading catalog query results: cell coercion and row grouping shared by both introspectors.
// Pure; knows nothing about either backend's catalog layout.

import type { QueryResult } from './driver'

/** A catalog cell as text: drivers may hand back Buffers for binary-collated catalog columns. */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value
  if (value instanceof Uint8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8')
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value)
  }
  return JSON.stringify(value)
}

export function cellString(value: unknown): string {
  return cellText(value) ?? ''
}

export function cellNumber(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  const text = cellText(value)
  return text === null ? 0 : Number(text)
}

export function cellBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  const text = cellText(value)
  return text === '1' || text === 't' || text === 'true' || text === 'YES'
}

/** Rows as records keyed by upper-cased column name, for `SELECT *` queries whose columns vary by server. */
export function rowsByName(result: QueryResult): Record<string, unknown>[] {
  const names = result.fields.map((f) => f.name.toUpperCase())
  return result.rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]])))
}

/** Groups consecutive rows sharing a key, keeping first-seen order. */
export function groupBy<TRow>(rows: readonly TRow[], key: (row: TRow) => string): TRow[][] {
  const groups = new Map<string, TRow[]>()
  for (const row of rows) {
    const k = key(row)
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [row])
    else group.push(row)
  }
  return [...groups.values()]
}

/** `?, ?, ?` or `$3, $4, $5`: placeholders for an IN list starting at parameter `first` (1-based). */
export function placeholderList(count: number, style: 'question' | 'dollar', first = 1): string {
  return Array.from({ length: count }, (_, i) => (style === 'question' ? '?' : `$${first + i}`)).join(', ')
}

/** Enum labels arrive as a JSON array (PostgreSQL `json_agg`), already parsed or as text. */
export function jsonStringArray(value: unknown): string[] | null {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value
  if (!Array.isArray(parsed)) return null
  return parsed.map((v) => String(v))
}
