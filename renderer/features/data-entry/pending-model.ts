// The pending-changes list: edits (update1) and deletes staged from the grid, reviewed per table, then committed
// together (`entry.commit`) or discarded. An edit of a row already staged is merged into its entry, so the list
// holds one edit per row, in the order rows were first edited. Pure: no React, no IPC.

import type { Input } from '../../../electron/ipc/contract'
import type { QueryExpr } from '../../../src/algebra/ast'
import type { FieldState, FormValues, TableDetail } from './entry-model'

export type StagedChange = Input<'entry.commit'>['changes'][number]

export interface PendingChange {
  readonly id: string
  readonly change: StagedChange
  readonly schema: string
  readonly table: string
  readonly className: string
  /** What it does, in words: "subject_id=3: sex F → M" or "delete 2 selected rows (5 rows in 3 tables)". */
  readonly summary: string
  /** An edit's row, as its key text; null for a delete. */
  readonly rowKey: string | null
  /** An edit's values before it, by attribute (to summarise a merged edit against the row as it was). */
  readonly before: FormValues
}

let nextId = 0
const newId = (): string => `change-${(nextId += 1)}`

/** A value as the summaries show it. */
export const shown = (state: FieldState | undefined): string => (state === undefined ? '' : state.isNull ? 'NULL' : state.text === '' ? '(default)' : state.text)

/** A row's key as the list names it ("subject_id=3, session_idx=1"): how an edit finds its row again. */
export function keyText(detail: Pick<TableDetail, 'primaryKey'>, values: FormValues): string {
  return detail.primaryKey.map((name) => `${name}=${shown(values[name])}`).join(', ')
}

/**
 * Stages an edit of one row: `before` its values as shown in the grid, `after` the form's values, `changed` the
 * attributes the user changed. Nothing is staged (the list is returned as it was) when no value differs.
 */
export function stageEdit(list: readonly PendingChange[], detail: TableDetail, before: FormValues, after: FormValues, changed: readonly string[]): PendingChange[] {
  const rowKey = keyText(detail, before)
  const existing = list.find((item) => item.change.kind === 'update' && item.schema === detail.schema && item.table === detail.table && item.rowKey === rowKey)
  const earlier = existing?.change.kind === 'update' ? existing.change.row : {}
  const row: Record<string, string | number | boolean | null> = { ...earlier }
  for (const name of detail.primaryKey) row[name] = before[name]?.text ?? ''
  for (const name of changed) {
    if (detail.primaryKey.includes(name)) continue
    const state = after[name]
    if (state !== undefined) row[name] = state.isNull ? null : state.text
  }
  const original = existing?.before ?? before
  const differing = Object.keys(row).filter((name) => !detail.primaryKey.includes(name) && shown(original[name]) !== (row[name] === null ? 'NULL' : row[name] === '' ? '(default)' : row[name]))
  const rest = list.filter((item) => item !== existing)
  if (differing.length === 0) return rest
  const kept = Object.fromEntries(Object.entries(row).filter(([name]) => detail.primaryKey.includes(name) || differing.includes(name)))
  const summary = `${rowKey}: ${differing.map((name) => `${name} ${shown(original[name])} → ${kept[name] === null ? 'NULL' : kept[name] === '' ? '(default)' : kept[name]}`).join('; ')}`
  const item: PendingChange = {
    id: existing?.id ?? newId(),
    change: { kind: 'update', schema: detail.schema, table: detail.table, row: kept },
    schema: detail.schema,
    table: detail.table,
    className: detail.className,
    summary,
    rowKey,
    before: original,
  }
  return existing === undefined ? [...list, item] : list.map((entry) => (entry === existing ? item : entry))
}

export interface StagedDelete {
  readonly expr: QueryExpr
  /** What is deleted, in words ("2 selected rows of Subject"). */
  readonly subject: string
  readonly partIntegrity: 'enforce' | 'ignore' | 'cascade'
  /** Rows the cascade preview counted in every table, and in how many tables. */
  readonly total: number
  readonly tables: number
}

export function stageDelete(list: readonly PendingChange[], detail: Pick<TableDetail, 'schema' | 'table' | 'className'>, staged: StagedDelete): PendingChange[] {
  const rows = `${staged.total.toLocaleString()} ${staged.total === 1 ? 'row' : 'rows'} in ${staged.tables} ${staged.tables === 1 ? 'table' : 'tables'}`
  const integrity = staged.partIntegrity === 'enforce' ? '' : `, part integrity: ${staged.partIntegrity}`
  return [
    ...list,
    {
      id: newId(),
      change: { kind: 'delete', expr: staged.expr, partIntegrity: staged.partIntegrity, expectedTotal: staged.total },
      schema: detail.schema,
      table: detail.table,
      className: detail.className,
      summary: `delete ${staged.subject} (${rows}${integrity})`,
      rowKey: null,
      before: {},
    },
  ]
}

export function unstage(list: readonly PendingChange[], id: string): PendingChange[] {
  return list.filter((item) => item.id !== id)
}

export interface TableChanges {
  readonly schema: string
  readonly table: string
  readonly className: string
  readonly changes: readonly { readonly item: PendingChange; readonly index: number }[]
}

/** The list per table, tables in the order of their first change; each change with its place in the commit order. */
export function byTable(list: readonly PendingChange[]): TableChanges[] {
  const groups = new Map<string, { schema: string; table: string; className: string; changes: { item: PendingChange; index: number }[] }>()
  list.forEach((item, index) => {
    const key = `${item.schema}.${item.table}`
    const group = groups.get(key) ?? { schema: item.schema, table: item.table, className: item.className, changes: [] }
    group.changes.push({ item, index })
    groups.set(key, group)
  })
  return [...groups.values()]
}
