// DataJoint's text preview of a query (`repr(q)`, `preview.py`): fixed-width columns, key columns starred,
// blobs and json as placeholders, an ellipsis past the display limit, and "Total: N".

import type { Attribute } from '../heading/attribute'
import type { Heading } from '../heading/heading'

export interface PreviewOptions {
  /** Rows shown (`display.limit`). */
  readonly limit: number
  /** Column width cap (`display.width`). */
  readonly width: number
  readonly showTupleCount: boolean
}

function placeholder(attribute: Attribute): string | null {
  if (attribute.codec !== null) return `<${attribute.codec.replace(/^<|>$/g, '').split('@')[0]}>`
  if (attribute.category === 'json') return 'json'
  if (attribute.category === 'bytes') return 'bytes'
  return null
}

function text(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'object') return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
  return String(value as string | number | bigint)
}

/** Attributes the preview fetches: DataJoint leaves out blobs, bytes and json. */
export function previewAttributes(heading: Heading): string[] {
  return heading.attributes.filter((a) => placeholder(a) === null).map((a) => a.name)
}

/** Formats up to `limit` rows (pass `limit + 1` rows to get the ellipsis) and the total. */
export function formatPreview(heading: Heading, rows: readonly Record<string, unknown>[], total: number, options: PreviewOptions): string {
  const columns = heading.attributes.map((attribute) => {
    const fixed = placeholder(attribute)
    const values = rows.slice(0, options.limit).map((row) => fixed ?? text(row[attribute.name]))
    const longest = Math.max(attribute.name.length, ...values.map((v) => v.length), fixed?.length ?? 0)
    return { attribute, values, width: Math.min(longest + 4, options.width) }
  })
  const cell = (value: string, width: number): string => value.slice(0, width).padEnd(width)
  const lines = [
    columns.map((c) => cell(`${c.attribute.inKey ? '*' : ''}${c.attribute.name}`, c.width)).join(' '),
    columns.map((c) => `+${'-'.repeat(Math.max(c.width - 2, 0))}+`).join(' '),
    ...rows.slice(0, options.limit).map((_, i) => columns.map((c) => cell(c.values[i] as string, c.width)).join(' ')),
  ]
  let out = `${lines.map((l) => l.trimEnd()).join('\n')}\n`
  if (rows.length > options.limit) out += '   ...\n'
  if (options.showTupleCount) out += ` (Total: ${total})\n`
  return out
}
