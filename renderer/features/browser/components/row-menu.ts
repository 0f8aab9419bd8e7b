// The context menu of a grid cell or row: copy the cell, the row as JSON or its key as a DataJoint key dict, filter
// by or exclude the value, open a parent row, show what references the row.

import type { WireAttribute } from '../../../../electron/ipc/contract'
import type { ContextMenuEntry } from '../../../components/context-menu'
import type { GridContextTarget, GridRow } from '../../../components/data-grid/data-grid'
import { plainText } from '../../../components/data-grid/wire-value'
import { formatCondition } from '../../../../src/algebra/parse-expression'
import {
  foreignKeysOf,
  keyAsPython,
  keyAsTypeScript,
  parentCondition,
  rowAsJson,
  valueFilterText,
  valuesOf,
  type ForeignKey,
  type NavEntry,
} from '../follow'
import type { TableDetail } from '../queries'

/** The parent row a row's foreign key points at, as a place to go; null when a foreign-key value is NULL. */
export function parentEntry(fk: ForeignKey, attributes: readonly WireAttribute[], row: GridRow): NavEntry | null {
  const condition = parentCondition(fk, attributes, row.values)
  if (condition === null) return null
  return { schema: fk.parentSchema, table: fk.parentTable, restriction: { condition, label: `with ${formatCondition(condition)}` } }
}

export interface RowMenuOptions {
  readonly target: GridContextTarget
  readonly detail: TableDetail
  readonly attributes: readonly WireAttribute[]
  readonly parentName: (fk: ForeignKey) => string
  readonly copy: (text: string, what: string) => void
  readonly setFilter: (column: string, text: string) => void
  readonly navigate: (entry: NavEntry) => void
  readonly showReferences: (row: GridRow) => void
}

export function rowMenuEntries({ target, detail, attributes, parentName, copy, setFilter, navigate, showReferences }: RowMenuOptions): ContextMenuEntry[] {
  const { row, column } = target
  const entries: ContextMenuEntry[] = []
  const hasKey = detail.primaryKey.length > 0
  const key = valuesOf(detail.primaryKey, attributes, row.values)
  const index = column === null ? -1 : attributes.findIndex((a) => a.name === column.id)
  const attribute = attributes[index]
  const value = index === -1 ? null : (row.values[index] ?? null)

  if (column !== null) entries.push({ kind: 'item', label: 'Copy cell', onSelect: () => copy(plainText(value), 'the cell') })
  entries.push(
    { kind: 'item', label: 'Copy row as JSON', onSelect: () => copy(rowAsJson(attributes, row.values), 'the row as JSON') },
    { kind: 'item', label: 'Copy key as Python dict', disabled: !hasKey, onSelect: () => copy(keyAsPython(key), 'the key as a Python dict') },
    { kind: 'item', label: 'Copy key as TypeScript object', disabled: !hasKey, onSelect: () => copy(keyAsTypeScript(key), 'the key as a TypeScript object') },
  )
  if (column !== null && attribute !== undefined) {
    const keep = valueFilterText(attribute, value, false)
    const drop = valueFilterText(attribute, value, true)
    entries.push(
      { kind: 'separator' },
      { kind: 'item', label: 'Filter by this value', disabled: keep === null, onSelect: () => keep !== null && setFilter(column.id, keep) },
      { kind: 'item', label: 'Exclude this value', disabled: drop === null, onSelect: () => drop !== null && setFilter(column.id, drop) },
    )
  }
  const foreignKeys = column === null ? detail.foreignKeys : foreignKeysOf(detail.foreignKeys, column.id)
  if (foreignKeys.length > 0) entries.push({ kind: 'separator' })
  for (const fk of foreignKeys) {
    const entry = parentEntry(fk, attributes, row)
    entries.push({ kind: 'item', label: `Open parent ${parentName(fk)}`, disabled: entry === null, onSelect: () => entry !== null && navigate(entry) })
  }
  entries.push({ kind: 'separator' }, { kind: 'item', label: 'Show what references this row', disabled: !hasKey, onSelect: () => showReferences(row) })
  return entries
}
