// Export chunks: CSV (quoted by papaparse) and JSON, built page by page so that a large export is
// assembled as a list of strings (then one Blob) without one huge intermediate string. Pure.

import { unparse } from 'papaparse'
import type { WireAttribute, WireValue } from '../../../electron/ipc/contract'
import { plainText, toJsonValue, type JsonValue } from '../../components/data-grid/wire-value'

export type ExportFormat = 'csv' | 'json'

export const EXPORT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json;charset=utf-8',
}

/**
 * One batch as CSV lines (CRLF, RFC 4180); the header line only with the first batch. NULL is an empty unquoted
 * field and the empty string a quoted empty field (`""`), so that the two stay distinct when the file is read back
 * (Python's csv module, pandas with `keep_default_na`, PostgreSQL's `COPY … CSV` all read them this way).
 */
export function csvChunk(attributes: readonly WireAttribute[], rows: readonly (readonly WireValue[])[], first: boolean): string {
  const data = rows.map((row) => row.map((value) => (value === null ? null : plainText(value))))
  const text = unparse({ fields: attributes.map((a) => a.name), data }, { header: first, newline: '\r\n', quotes: (value: unknown) => value === '' }).replace(/\r\n$/, '')
  if (text === '') return ''
  return first ? text : `\r\n${text}`
}

/** One batch as members of a JSON array of objects; `first` opens the array. Close it with `jsonEnd`. */
export function jsonChunk(attributes: readonly WireAttribute[], rows: readonly (readonly WireValue[])[], first: boolean): string {
  const objects = rows.map((row) => {
    const record: Record<string, JsonValue> = {}
    attributes.forEach((a, i) => {
      record[a.name] = toJsonValue(row[i] ?? null)
    })
    return `  ${JSON.stringify(record)}`
  })
  const body = objects.join(',\n')
  if (first) return `[\n${body}`
  return body === '' ? '' : `,\n${body}`
}

export function jsonEnd(anyRows: boolean): string {
  return anyRows ? '\n]\n' : ']\n'
}

/** `subject-2026-11-21.csv`, safe for every file system. */
export function exportFileName(table: string, format: ExportFormat, date: Date): string {
  const base = table.replace(/^[#_~]+/, '').replace(/[^A-Za-z0-9_-]+/g, '_') || 'export'
  const day = date.toISOString().slice(0, 10)
  return `${base}-${day}.${format}`
}
