// Heading attributes → grid columns: the label, the DataJoint type, key membership, and a starting width
// chosen from the type so that most values fit without resizing. Pure.

import type { WireAttribute, WireValue } from '../../../electron/ipc/contract'
import type { GridColumn, GridRow } from '../../components/data-grid/data-grid'
import { cellKind, displayText, isNumericCategory, toKeyValue } from '../../components/data-grid/wire-value'

const CHAR_PX = 7.5
const PADDING_PX = 28
const MIN_WIDTH = 64
const MAX_WIDTH = 420
/** Extra room for a cell's chip (blob tag, size) or its viewer button. */
const CHIP_PX: Partial<Record<string, number>> = { blob: 100, bytes: 70, json: 24 }

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}

/** A starting width in pixels for an attribute's column. */
export function columnWidth(attribute: WireAttribute): number {
  const header = Math.max(attribute.name.length, attribute.type.length) * CHAR_PX + PADDING_PX + (attribute.inKey ? 16 : 0)
  let content: number
  switch (attribute.category) {
    case 'integer':
    case 'bool':
      content = 90
      break
    case 'float':
    case 'decimal':
      content = 110
      break
    case 'date':
      content = 110
      break
    case 'datetime':
      content = 180
      break
    case 'time':
      content = 100
      break
    case 'uuid':
      content = 290
      break
    case 'json':
      content = 240
      break
    case 'bytes':
    case 'codec':
      content = 210
      break
    case 'enum':
      content = Math.max(...(attribute.enumValues ?? ['']).map((v) => v.length)) * CHAR_PX + PADDING_PX
      break
    case 'string': {
      const declared = /\((\d+)\)/.exec(attribute.sqlType)
      content = declared?.[1] === undefined ? 260 : Number(declared[1]) * CHAR_PX + PADDING_PX
      break
    }
    default:
      content = 160
  }
  return Math.round(clamp(Math.max(header, content), 72, 360))
}

/**
 * A width that fits most of the sampled values (the 90th percentile of their text length) and the header;
 * the type's estimate when there is no sample.
 */
export function sampledWidth(attribute: WireAttribute, sample: readonly WireValue[]): number {
  if (sample.length === 0) return columnWidth(attribute)
  // Room for the key icon and the sort mark; long types (enums) are cut in the header, not widened for.
  const header = Math.max(attribute.name.length + (attribute.inKey ? 2 : 0) + 2, Math.min(attribute.type.length, 22) * 0.85) * CHAR_PX + PADDING_PX
  const lengths = sample.map((v) => (v === null ? 4 : Math.min(displayText(v).length, 80))).sort((a, b) => a - b)
  const p90 = lengths[Math.min(lengths.length - 1, Math.floor(lengths.length * 0.9))] ?? 0
  const extra = Math.max(0, ...sample.map((v) => (v === null ? 0 : (CHIP_PX[cellKind(v)] ?? 0))))
  return Math.round(clamp(Math.max(header, p90 * CHAR_PX + PADDING_PX + extra), MIN_WIDTH, MAX_WIDTH))
}

export function toGridColumns(attributes: readonly WireAttribute[], sample: readonly (readonly WireValue[])[] | null): GridColumn[] {
  return attributes.map((a, i) => ({
    id: a.name,
    name: a.name,
    type: a.type,
    inKey: a.inKey,
    nullable: a.nullable,
    comment: a.comment,
    numeric: isNumericCategory(a.category),
    width: sample === null ? columnWidth(a) : sampledWidth(a, sample.map((row) => row[i] ?? null)),
  }))
}

export function toGridRows(rows: readonly (readonly WireValue[])[], offset: number): GridRow[] {
  return rows.map((values, i) => ({ id: String(offset + i), index: offset + i, values }))
}

/**
 * The primary-key values of a row, as `cell.value` takes them; null when a key value is missing or
 * cannot be sent (the row then cannot be looked up).
 */
export function rowKey(
  attributes: readonly WireAttribute[],
  primaryKey: readonly string[],
  values: readonly WireValue[],
): Record<string, string | number | boolean | null> | null {
  const key: Record<string, string | number | boolean | null> = {}
  for (const name of primaryKey) {
    const index = attributes.findIndex((a) => a.name === name)
    const value = index === -1 ? undefined : values[index]
    if (value === undefined) return null
    const keyValue = toKeyValue(value)
    if (keyValue === null && value !== null) return null
    key[name] = keyValue
  }
  return key
}
