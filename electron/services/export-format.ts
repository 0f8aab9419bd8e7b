// Export encodings of decoded engine rows: CSV (RFC 4180) and JSON (an array of objects, one per line), written a
// page at a time. Values are the engine's full decoded values, never the grid's previews:
// - NULL is an empty unquoted CSV field and the empty string a quoted one (`""`), so the two stay distinct when read
//   back (Python's csv module, pandas, PostgreSQL's `COPY … CSV`); in JSON, null and "".
// - bytes are base64 text (CSV) or a base64 string (JSON); inside a decoded `<blob>` too.
// - a `<blob>` is its decoded value (ndarrays as `{"__blob__":"ndarray","dtype","shape","data"}` in C order) and a
//   json attribute its value: embedded in JSON, as JSON text in a CSV field.
// - 64-bit integers beyond 2^53 and non-finite floats (`NaN`, `Infinity`) are strings in JSON, which has no exact
//   form for them in most readers; in CSV they are their digits and names.

import type { Attribute } from '../../src/index'

export const EXPORT_FORMATS = ['csv', 'json'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
}

export type ExportRow = Readonly<Record<string, unknown>>

/** Encodes one export: the header, each page of rows, then the end; each part is text to write as it comes. */
export interface ExportEncoder {
  begin(): string
  page(rows: readonly ExportRow[]): string
  end(): string
}

/**
 * JSON.stringify's replacer for decoded values: bigints, bytes and non-finite numbers as strings. Bytes are read
 * from the holder: a Node Buffer (what the drivers return) reaches a replacer already turned into `{type, data}`
 * by its toJSON.
 */
function jsonSafe(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key]
  if (original instanceof Uint8Array) return Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64')
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  return value
}

function jsonOf(value: unknown): string {
  // The replacer sees the top-level value under the key "" of a holder object.
  return JSON.stringify(value, jsonSafe) ?? 'null'
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

/** One CSV field: quoted when it holds a separator, quote, line break or edge space, and when it is empty. */
function csvField(text: string): string {
  return text === '' || NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** The CSV text of a non-null value (the field before quoting). */
function csvText(value: unknown, structured: boolean): string {
  if (structured) return jsonOf(value)
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value)
    default:
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
      if (value instanceof Date) return value.toISOString()
      return jsonOf(value)
  }
}

/** Attributes whose values are structured (written as JSON text in CSV, whatever their JS type). */
function isStructured(attribute: Attribute): boolean {
  return attribute.category === 'json' || attribute.category === 'codec'
}

function csvEncoder(attributes: readonly Attribute[]): ExportEncoder {
  const names = attributes.map((a) => a.name)
  const structured = attributes.map(isStructured)
  return {
    begin: () => `${names.map(csvField).join(',')}\r\n`,
    page(rows) {
      let text = ''
      for (const row of rows) {
        const fields: string[] = []
        for (let i = 0; i < names.length; i += 1) {
          const value = row[names[i] as string]
          fields.push(value === null || value === undefined ? '' : csvField(csvText(value, structured[i] as boolean)))
        }
        text += `${fields.join(',')}\r\n`
      }
      return text
    },
    end: () => '',
  }
}

function jsonEncoder(attributes: readonly Attribute[]): ExportEncoder {
  const names = attributes.map((a) => a.name)
  let first = true
  return {
    begin: () => '[',
    page(rows) {
      let text = ''
      for (const row of rows) {
        const record: Record<string, unknown> = {}
        for (const name of names) record[name] = row[name] ?? null
        text += `${first ? '\n' : ',\n'}  ${jsonOf(record)}`
        first = false
      }
      return text
    },
    end: () => (first ? ']\n' : '\n]\n'),
  }
}

export function exportEncoder(format: ExportFormat, attributes: readonly Attribute[]): ExportEncoder {
  return format === 'csv' ? csvEncoder(attributes) : jsonEncoder(attributes)
}

export type DifferenceKind = 'onlyLeft' | 'onlyRight' | 'changed'

/** A row that differs between two sides: its key, each side's row (null where it is missing), what differs. */
export interface DifferenceRow {
  readonly key: ExportRow
  readonly left: ExportRow | null
  readonly right: ExportRow | null
  /** The attributes whose values differ (changed rows only). */
  readonly changed: readonly string[]
}

/** Encodes a comparison's differences: the header, then each kind in turn (`kind`) with its pages, then the end. */
export interface DifferencesEncoder {
  begin(): string
  kind(kind: DifferenceKind): string
  page(rows: readonly DifferenceRow[]): string
  end(): string
}

const KIND_LABELS: Readonly<Record<DifferenceKind, string>> = { onlyLeft: 'only left', onlyRight: 'only right', changed: 'changed' }

/**
 * CSV: a line per row and side (`difference`, `side`, `changed` — the differing attributes, space-separated —, then
 * every attribute of either side), so a changed row reads as its left line above its right line; the values as the
 * table export writes them.
 */
function differencesCsv(attributes: readonly Attribute[]): DifferencesEncoder {
  const row = csvEncoder(attributes)
  let kind: DifferenceKind = 'onlyLeft'
  return {
    begin: () => `${['difference', 'side', 'changed', ...attributes.map((a) => a.name)].map(csvField).join(',')}\r\n`,
    kind(next) {
      kind = next
      return ''
    },
    page(rows) {
      let text = ''
      for (const difference of rows) {
        for (const side of ['left', 'right'] as const) {
          const values = difference[side]
          if (values === null) continue
          const fields = [KIND_LABELS[kind], side, difference.changed.join(' ')].map(csvField).join(',')
          text += `${fields},${row.page([values])}`
        }
      }
      return text
    },
    end: () => '',
  }
}

/**
 * JSON: `{"onlyLeft": [...], "onlyRight": [...], "changed": [...]}`, each row `{key, left, right, changed}` with each
 * side's values by attribute (null for a missing side), one row per line.
 */
function differencesJson(left: readonly Attribute[], right: readonly Attribute[]): DifferencesEncoder {
  const record = (attributes: readonly Attribute[], values: ExportRow | null) =>
    values === null ? null : Object.fromEntries(attributes.map((a) => [a.name, values[a.name] ?? null]))
  let kinds = 0
  let rowsOfKind = 0
  const close = (): string => (kinds === 0 ? '' : rowsOfKind === 0 ? ']' : '\n  ]')
  return {
    begin: () => '{',
    kind(kind) {
      const text = `${close()}${kinds === 0 ? '' : ','}\n  ${JSON.stringify(kind)}: [`
      kinds += 1
      rowsOfKind = 0
      return text
    },
    page(rows) {
      let text = ''
      for (const row of rows) {
        const value = { key: row.key, left: record(left, row.left), right: record(right, row.right), changed: row.changed }
        text += `${rowsOfKind === 0 ? '\n' : ',\n'}    ${jsonOf(value)}`
        rowsOfKind += 1
      }
      return text
    },
    end: () => `${close()}\n}\n`,
  }
}

/**
 * The differences encoder: `left` and `right` are each side's attributes; CSV has a column for every attribute of
 * either side (the left's first).
 */
export function differencesEncoder(format: ExportFormat, left: readonly Attribute[], right: readonly Attribute[]): DifferencesEncoder {
  if (format === 'json') return differencesJson(left, right)
  return differencesCsv([...left, ...right.filter((a) => !left.some((l) => l.name === a.name))])
}

/** `subject-2026-11-21.csv`, safe for every file system. */
export function exportFileName(table: string, format: ExportFormat, date: Date): string {
  const base = table.replace(/^[#_~]+/, '').replace(/[^A-Za-z0-9_-]+/g, '_') || 'export'
  const day = date.toISOString().slice(0, 10)
  return `${base}-${day}.${format}`
}
