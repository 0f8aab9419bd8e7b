// How WireValue cells read: in the grid, on the clipboard, in CSV and in JSON exports. Pure functions.

import type { WireValue } from '../../../electron/ipc/contract'

export type CellKind = 'null' | 'empty' | 'bool' | 'number' | 'bigint' | 'string' | 'bytes' | 'blob' | 'json'

export function cellKind(value: WireValue): CellKind {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return 'bool'
    case 'number':
      return 'number'
    case 'string':
      return value === '' ? 'empty' : 'string'
    default:
      if ('$bigint' in value) return 'bigint'
      if ('$bytes' in value) return 'bytes'
      if ('$blob' in value) return 'blob'
      return 'json'
  }
}

/** Attribute categories whose values line up on the right. */
const NUMERIC_CATEGORIES: ReadonlySet<string> = new Set(['integer', 'float', 'decimal'])

export function isNumericCategory(category: string): boolean {
  return NUMERIC_CATEGORIES.has(category)
}

/** `512 B`, `1.2 kB`, `3.4 MB` (powers of 1000, like file managers). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit += 1
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`
}

/** `0a 1b 2c …` from the hex head of a bytes value; `…` when the value is longer than its head. */
export function hexPreview(head: string, size: number, maxBytes = 8): string {
  const clean = head.replace(/^0x/i, '').replace(/[^0-9a-f]/gi, '').toLowerCase()
  const pairs = clean.match(/.{1,2}/g) ?? []
  const shown = pairs.slice(0, maxBytes)
  const more = size > shown.length ? ' …' : ''
  return shown.length === 0 ? '(no bytes)' : `${shown.join(' ')}${more}`
}

/** Compact one-line JSON for a cell: whitespace squeezed, cut at `max` characters. */
export function jsonPreview(text: string, max = 120): string {
  let compact = text
  try {
    compact = JSON.stringify(JSON.parse(text))
  } catch {
    compact = text.replace(/\s+/g, ' ')
  }
  return compact.length > max ? `${compact.slice(0, max - 1)}…` : compact
}

/** Text long enough (or multi-line) that the cell shows a preview and offers a viewer. */
export function isLongText(text: string): boolean {
  return text.length > 80 || text.includes('\n')
}

/** The text a cell shows (without markers for NULL and empty, which the cell draws itself). */
export function displayText(value: WireValue): string {
  if (value === null) return 'NULL'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      return Number.isFinite(value) ? String(value) : String(value)
    case 'string':
      return value
    default:
      if ('$bigint' in value) return value.$bigint
      if ('$bytes' in value) return hexPreview(value.$bytes.head, value.$bytes.size)
      if ('$blob' in value) return value.$blob.summary
      return jsonPreview(value.$json)
  }
}

/** The text a cell contributes to a copied TSV or a CSV export: NULL becomes an empty field. */
export function plainText(value: WireValue): string {
  if (value === null) return ''
  switch (typeof value) {
    case 'boolean':
    case 'number':
    case 'string':
      return String(value)
    default:
      if ('$bigint' in value) return value.$bigint
      if ('$bytes' in value) return `0x${value.$bytes.head}${value.$bytes.size * 2 > value.$bytes.head.length ? '…' : ''}`
      if ('$blob' in value) return value.$blob.summary
      return value.$json
  }
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** The value as it goes into a JSON export: big integers stay exact as strings, json is embedded. */
export function toJsonValue(value: WireValue): JsonValue {
  if (value === null || typeof value !== 'object') return value
  if ('$bigint' in value) return value.$bigint
  if ('$bytes' in value) return { $bytes: { size: value.$bytes.size, head: value.$bytes.head } }
  if ('$blob' in value) return { $blob: { summary: value.$blob.summary, size: value.$blob.size } }
  try {
    return JSON.parse(value.$json) as JsonValue
  } catch {
    return value.$json
  }
}

/** A primary-key value as `cell.value` takes it; null when the value cannot identify a row. */
export function toKeyValue(value: WireValue): string | number | boolean | null {
  if (value === null || typeof value !== 'object') return value
  if ('$bigint' in value) return value.$bigint
  return null
}
