import { useCallback, useMemo, useState } from 'react'
import type { WireAttribute } from '../../../../electron/ipc/contract'
import type { GridColumn, GridEditing, GridRow } from '../../../components/data-grid/data-grid'
import { cellEditable, cellForeignKey, cellMarks, cellProblem, editRefusal, rowValues, stageCells, startState, type EditRefusal } from '../cell-edit-model'
import type { FieldState, TableDetail } from '../entry-model'
import { keyText } from '../pending-model'
import { usePendingChanges } from '../pending-store'
import { CellEditor, CellParentEditor, CellRefusal } from '../components/cell-editor'

export interface CellEditingOptions {
  readonly tabId: string
  readonly detail: TableDetail
  /** The grid's attributes, in the order of the rows' values. */
  readonly attributes: readonly WireAttribute[]
  readonly rows: readonly GridRow[]
  /** The connection tab is read-only (the main process would refuse the commit). */
  readonly readOnly: boolean
}

interface EditedCell {
  readonly rowId: string
  readonly columnId: string
  /** Why the edit cannot start, shown at the cell instead of the editor. */
  readonly refusal: EditRefusal | null
}

/**
 * Editing a table's cells in place (update1 of a row's secondary attributes): the grid's `editing`, with the
 * tab's pending changes as the staged values and the marks. Undefined where update1 cannot find a row (a table
 * without a primary key).
 */
export function useCellEditing({ tabId, detail, attributes, rows, readOnly }: CellEditingOptions): GridEditing | undefined {
  const pending = usePendingChanges(tabId)
  const [cell, setCell] = useState<EditedCell | null>(null)
  const byName = useMemo(() => new Map(attributes.map((a) => [a.name, a])), [attributes])
  const allowAutoPopulated = pending.allowed.includes(`${detail.schema}.${detail.table}`)

  const canEdit = useCallback((column: GridColumn) => {
    const attribute = byName.get(column.id)
    return attribute !== undefined && cellEditable(attribute)
  }, [byName])
  const onStart = useCallback(
    (row: GridRow, column: GridColumn) => setCell({ rowId: row.id, columnId: column.id, refusal: editRefusal(detail, { readOnly, allowAutoPopulated }) }),
    [detail, readOnly, allowAutoPopulated],
  )
  const marks = useMemo(
    () => cellMarks(detail, attributes, rows, pending.changes, pending.drafts, pending.failure),
    [detail, attributes, rows, pending.changes, pending.drafts, pending.failure],
  )

  const { update, updateDrafts, allow } = pending
  const renderEditor = (row: GridRow, column: GridColumn) => {
    const attribute = byName.get(column.id)
    if (attribute === undefined || cell === null) return null
    const rowKey = keyText(detail, rowValues(attributes, row.values))
    const label = `${attribute.name} of ${rowKey}`
    const close = () => setCell(null)
    if (cell.refusal !== null) {
      return (
        <CellRefusal
          label={label}
          message={cell.refusal.message}
          onAllow={
            cell.refusal.kind === 'auto-populated'
              ? () => {
                  allow(detail.schema, detail.table)
                  setCell({ ...cell, refusal: null })
                }
              : undefined
          }
          onClose={close}
        />
      )
    }
    const foreignKey = cellForeignKey(detail, attribute.name)
    if (foreignKey !== null) {
      const filled = foreignKey.attributes.map((name) => byName.get(name)).filter((a) => a !== undefined)
      const initial = Object.fromEntries(filled.map((a) => [a.name, startState(detail, pending.changes, attributes, row.values, a.name) ?? { text: '', isNull: false }]))
      return (
        <CellParentEditor
          key={`${row.id}:${column.id}`}
          tabId={tabId}
          foreignKey={foreignKey}
          attributes={filled}
          label={`${foreignKey.attributes.join(', ')} of ${rowKey}`}
          initial={initial}
          onChoose={(values) => {
            const checked = stageCells(pending.changes, detail, attributes, row.values, values)
            if ('problem' in checked) return checked.problem
            update((list) => {
              const staged = stageCells(list, detail, attributes, row.values, values)
              return 'list' in staged ? staged.list : [...list]
            }, { open: true })
            close()
            return null
          }}
          onCancel={close}
        />
      )
    }
    const draft = pending.drafts.find((d) => d.schema === detail.schema && d.table === detail.table && d.rowKey === rowKey && d.attribute === attribute.name)
    const initial = draft?.state ?? startState(detail, pending.changes, attributes, row.values, attribute.name)
    if (initial === null) return null
    const isThis = (d: { schema: string; table: string; rowKey: string; attribute: string }) =>
      d.schema === detail.schema && d.table === detail.table && d.rowKey === rowKey && d.attribute === attribute.name
    const stage = (state: FieldState): string | null => {
      const problem = cellProblem(attribute, state)
      if (problem !== null) return problem
      update((list) => {
        const staged = stageCells(list, detail, attributes, row.values, { [attribute.name]: state })
        return 'list' in staged ? staged.list : [...list]
      }, { open: true })
      updateDrafts((drafts) => drafts.filter((d) => !isThis(d)))
      close()
      return null
    }
    return (
      <CellEditor
        key={`${row.id}:${column.id}`}
        attribute={attribute}
        label={label}
        initial={initial}
        initialProblem={draft?.problem ?? null}
        onCommit={stage}
        onLeave={(state) => {
          const problem = stage(state)
          if (problem === null) return
          // Refused as focus left: kept at the cell, marked, for the person to correct (F2 reopens it).
          updateDrafts((drafts) => [...drafts.filter((d) => !isThis(d)), { schema: detail.schema, table: detail.table, rowKey, attribute: attribute.name, state, problem }])
          close()
        }}
        onCancel={() => {
          updateDrafts((drafts) => drafts.filter((d) => !isThis(d)))
          close()
        }}
      />
    )
  }

  if (detail.primaryKey.length === 0) return undefined
  return { canEdit, onStart, cell, renderEditor, marks }
}
