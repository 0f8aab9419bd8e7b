// The Compare view's pure parts: which schema to propose on the other side, the side-by-side definition diff
// (jsdiff's line diff laid out in two aligned columns), how a schema difference reads, and cell text (the
// differences are exported by the main process). Unit-tested; the components only render what these return.

import { diffLines } from 'diff'
import type { Output, WireValue } from '../../../electron/ipc/contract'

export type SchemaComparison = Output<'compare.schemas'>
export type TableComparison = SchemaComparison['tables'][number]
export type SchemaDifference = TableComparison['differences'][number]
export type AlignedRows = Output<'compare.aligned'>
export type AlignedRow = AlignedRows['rows'][number]
export type DifferenceKind = 'onlyLeft' | 'onlyRight' | 'changed'

/** The same schema name on the other side when it has one, else its first schema (or nothing). */
export function proposeSchema(schema: string | null, otherSchemas: readonly string[]): string | null {
  if (schema !== null && otherSchemas.includes(schema)) return schema
  return otherSchemas[0] ?? null
}

export type LineKind = 'same' | 'removed' | 'added' | 'blank'

export interface DefinitionLine {
  /** 1-based line number on its side; null on a blank filler opposite an added or removed line. */
  readonly number: number | null
  readonly text: string
  readonly kind: LineKind
}

export interface DefinitionRow {
  readonly left: DefinitionLine
  readonly right: DefinitionLine
}

const BLANK: DefinitionLine = { number: null, text: '', kind: 'blank' }

/** The lines of a diff part, trailing blanks dropped (`describe()` pads its columns; padding is not a difference). */
function linesOf(value: string): string[] {
  const lines = value.split('\n').map((line) => line.trimEnd())
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/**
 * Both definitions side by side, row by row: equal lines across, a removed block beside the added block that
 * replaces it (line for line, blanks filling the shorter), lines of one side only beside a blank.
 */
export function definitionRows(left: string, right: string): DefinitionRow[] {
  const rows: DefinitionRow[] = []
  let leftNumber = 0
  let rightNumber = 0
  const changes = diffLines(left.endsWith('\n') ? left : `${left}\n`, right.endsWith('\n') ? right : `${right}\n`)
  for (let i = 0; i < changes.length; i += 1) {
    const change = changes[i]
    if (change === undefined) continue
    const lines = linesOf(change.value)
    if (!change.added && !change.removed) {
      for (const text of lines) {
        leftNumber += 1
        rightNumber += 1
        rows.push({ left: { number: leftNumber, text, kind: 'same' }, right: { number: rightNumber, text, kind: 'same' } })
      }
      continue
    }
    // A removal followed by an addition is a replacement: pair their lines.
    const next = changes[i + 1]
    const removed = change.removed ? lines : []
    const added = change.added ? lines : next?.added === true ? linesOf(next.value) : []
    if (change.removed && next?.added === true) i += 1
    for (let j = 0; j < Math.max(removed.length, added.length); j += 1) {
      const l = removed[j]
      const r = added[j]
      rows.push({
        left: l === undefined ? BLANK : { number: (leftNumber += 1), text: l, kind: 'removed' },
        right: r === undefined ? BLANK : { number: (rightNumber += 1), text: r, kind: 'added' },
      })
    }
  }
  return rows
}

const ASPECT_LABELS: Record<SchemaDifference['aspect'], string> = {
  tier: 'Tier',
  comment: 'Table comment',
  primaryKey: 'Primary key',
  attribute: 'Attribute',
  attributeOrder: 'Attribute order',
  foreignKey: 'Foreign key',
  index: 'Index',
  lineage: 'Lineage',
}

const PROPERTY_LABELS: Record<NonNullable<SchemaDifference['property']>, string> = {
  type: 'type',
  nullable: 'nullable',
  default: 'default',
  comment: 'comment',
  presence: 'on one side only',
}

/** What differs, in words: "Attribute gain: type". */
export function differenceLabel(difference: SchemaDifference): string {
  const aspect = ASPECT_LABELS[difference.aspect]
  const name = difference.name === null ? '' : ` ${difference.name}`
  const property = difference.property === null ? '' : `: ${PROPERTY_LABELS[difference.property]}`
  return `${aspect}${name}${property}`
}

export type TableStatus = 'same' | 'differs' | 'onlyLeft' | 'onlyRight'

export interface TableEntry {
  readonly className: string
  readonly status: TableStatus
  readonly comparison: TableComparison | null
}

/** Every table of either side in one list, by class name, each with its status. */
export function tableEntries(diff: SchemaComparison): TableEntry[] {
  const entries: TableEntry[] = [
    ...diff.tables.map((t) => ({ className: t.className, status: (t.differences.length === 0 ? 'same' : 'differs') as TableStatus, comparison: t })),
    ...diff.onlyLeft.map((className) => ({ className, status: 'onlyLeft' as const, comparison: null })),
    ...diff.onlyRight.map((className) => ({ className, status: 'onlyRight' as const, comparison: null })),
  ]
  return entries.sort((a, b) => a.className.localeCompare(b.className))
}

/** Whether the row counts differ (estimates never count as a difference: they are not exact). */
export function countsDiffer(rows: TableComparison['rows']): boolean {
  if (rows.left === null || rows.right === null || rows.left.estimated || rows.right.estimated) return false
  return rows.left.count !== rows.right.count
}

export function countText(count: { count: number; estimated: boolean } | null): string {
  if (count === null) return '—'
  return `${count.estimated ? '≈ ' : ''}${count.count.toLocaleString('en-US')}`
}

/** A cell as text, the way the grid shows it (NULL kept apart from the empty string by the caller's styling). */
export function cellText(value: WireValue | undefined): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if ('$bigint' in value) return value.$bigint
  if ('$json' in value) return value.$json
  if ('$bytes' in value) return `<${value.$bytes.size} bytes>`
  return `<blob ${value.$blob.summary}>`
}

/** Progress of a data compare as a fraction (null until the first segments are known). */
export function progressFraction(progress: { segmentsDone: number; segmentsTotal: number } | null): number | null {
  if (progress === null || progress.segmentsTotal === 0) return null
  return progress.segmentsDone / progress.segmentsTotal
}

/** A key of a row as the copy channel takes it: the primary-key cells of whichever side has the row. */
export function rowKey(row: AlignedRow, attributes: readonly string[], primaryKey: readonly string[]): Record<string, string | number | boolean | null | { $bigint: string }> | null {
  const values = row.left ?? row.right
  if (values === null) return null
  const key: Record<string, string | number | boolean | null | { $bigint: string }> = {}
  for (const name of primaryKey) {
    const value = values[attributes.indexOf(name)] ?? null
    if (value !== null && typeof value === 'object' && !('$bigint' in value)) return null
    key[name] = value
  }
  return key
}
