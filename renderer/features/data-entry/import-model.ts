// CSV and pasted spreadsheet rows for an import: the columns mapped onto a table's attributes (by name, then by
// choice), every cell checked against its attribute's type before anything is sent, and the rows `entry.insert`
// takes. The main process checks again; this check marks bad cells in the preview. Pure: no React, no IPC.

import type { WireAttribute } from '../../../electron/ipc/contract'
import { maxLength } from './entry-model'

/** attribute name → index of the CSV column filling it, or null (left to its default). */
export type ColumnMapping = Readonly<Record<string, number | null>>

export function autoMapping(attributes: readonly WireAttribute[], header: readonly string[]): Record<string, number | null> {
  const normalised = header.map((h) => h.trim().toLowerCase())
  return Object.fromEntries(
    attributes.map((a) => {
      const index = normalised.indexOf(a.name.toLowerCase())
      return [a.name, index === -1 ? null : index]
    }),
  )
}

const INTEGER_BITS: Readonly<Record<string, number>> = { int8: 8, int16: 16, int32: 32, int64: 64, uint8: 8, uint16: 16, uint32: 32, uint64: 64 }
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i

function validDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** Characters as the servers count a varchar's length: code points. */
function codePoints(text: string): number {
  let count = 0
  for (const _ of text) count += 1
  return count
}

/** Why a cell's text cannot be stored in the attribute, or null when it can (an empty cell takes the default). */
export function cellProblem(attribute: WireAttribute, text: string): string | null {
  const value = text.trim()
  if (value === '') {
    const required = !attribute.nullable && attribute.default === null && attribute.category !== 'string'
    return required ? `${attribute.name} needs a value` : null
  }
  switch (attribute.category) {
    case 'integer': {
      if (!/^[-+]?\d+$/.test(value)) return 'not a whole number'
      const bits = INTEGER_BITS[attribute.type]
      if (bits === undefined) return null
      const n = BigInt(value)
      const unsigned = attribute.type.startsWith('u')
      const [low, high] = unsigned ? [0n, 2n ** BigInt(bits) - 1n] : [-(2n ** BigInt(bits - 1)), 2n ** BigInt(bits - 1) - 1n]
      return n < low || n > high ? `out of range for ${attribute.type}` : null
    }
    case 'decimal':
    case 'float':
      return Number.isFinite(Number(value)) ? null : 'not a number'
    case 'bool':
      return /^(true|false|0|1)$/i.test(value) ? null : 'not true/false'
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && validDate(value) ? null : 'not a date (YYYY-MM-DD)'
    case 'datetime':
      return /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/.test(value) && validDate(value) ? null : 'not a date and time'
    case 'time':
      return /^-?\d{1,3}:\d{2}(:\d{2}(\.\d{1,6})?)?$/.test(value) ? null : 'not a time (HH:MM:SS)'
    case 'enum':
      return attribute.enumValues === null || attribute.enumValues.includes(value) ? null : `not one of ${attribute.enumValues.join(', ')}`
    case 'uuid':
      return UUID.test(value) ? null : 'not a uuid'
    case 'json':
    case 'codec':
      try {
        JSON.parse(value)
        return null
      } catch {
        return 'not valid JSON'
      }
    case 'string': {
      const limit = maxLength(attribute)
      return limit !== undefined && codePoints(text) > limit ? `longer than ${limit} characters` : null
    }
    default:
      return null
  }
}

export interface CellIssue {
  readonly row: number
  readonly attribute: string
  readonly problem: string
}

/** The table's rows from the CSV rows, by the mapping; unmapped attributes are left out (their defaults). */
export function mappedRows(rows: readonly (readonly string[])[], mapping: ColumnMapping): Record<string, string>[] {
  const used = Object.entries(mapping).filter((entry): entry is [string, number] => entry[1] !== null)
  return rows.map((row) => Object.fromEntries(used.map(([name, index]) => [name, row[index] ?? ''])))
}

/** Every bad cell, in row order. */
export function checkRows(attributes: readonly WireAttribute[], rows: readonly Readonly<Record<string, string>>[]): CellIssue[] {
  const issues: CellIssue[] = []
  const mapped = attributes.filter((a) => rows.length > 0 && a.name in (rows[0] ?? {}))
  const missing = attributes.filter((a) => !mapped.includes(a) && !a.nullable && a.default === null)
  rows.forEach((row, index) => {
    for (const attribute of mapped) {
      const problem = cellProblem(attribute, row[attribute.name] ?? '')
      if (problem !== null) issues.push({ row: index, attribute: attribute.name, problem })
    }
    if (index === 0) for (const attribute of missing) issues.push({ row: 0, attribute: attribute.name, problem: `no column is mapped to ${attribute.name}, which has no default` })
  })
  return issues
}
