import { useState } from 'react'
import type { Condition, QueryExpr } from '../../../../src/algebra/ast'
import type { WireAttribute, WireValue } from '../../../../electron/ipc/contract'
import { Button } from '../../../components/button'
import { EditIcon, PendingIcon, PlusIcon, TrashIcon, UploadIcon } from '../../../components/icons'
import { keysRestriction } from '../../diagram'
import { rowValues } from '../cell-edit-model'
import type { TableDetail } from '../entry-model'
import { useFormDraft, type FormDraft } from '../form-drafts'
import { stageDelete, stageEdit } from '../pending-model'
import { usePendingChanges } from '../pending-store'
import { DeleteDialog } from './delete-dialog'
import { EntryForm, type EntryMode } from './entry-form'
import { ImportDialog } from './import-dialog'

export interface DataEntryActionsProps {
  readonly tabId: string
  readonly detail: TableDetail
  /** The grid's columns, in the order of the rows' values. */
  readonly attributes: readonly WireAttribute[]
  /** Whether any cell is selected (rows can be edited or deleted). */
  readonly hasSelection: boolean
  /** The values of the rows with a selected cell, read when an action starts. */
  readonly selectedRows: () => readonly (readonly WireValue[])[]
  readonly onOpenTable: (table: { schema: string; table: string }) => void
  /** Opens a table restricted to some of its rows (a picker's chosen parent row). */
  readonly onOpenRows: (table: { schema: string; table: string }, condition: Condition, label: string) => void
  /** The table restricted by the grid's filters, when it is filtered: "Delete filtered rows" deletes all of them. */
  readonly restricted: QueryExpr | null
}

type Open =
  | { readonly kind: 'form'; readonly mode: EntryMode; readonly draft?: FormDraft }
  | { readonly kind: 'import' }
  | { readonly kind: 'delete'; readonly expr: QueryExpr | null; readonly subject: string }
  | null

/** The table toolbar's data-entry buttons: insert a row (with its parts), edit the selected row, delete the selected rows. */
export function DataEntryActions({ tabId, detail, attributes, hasSelection, selectedRows, onOpenTable, onOpenRows, restricted }: DataEntryActionsProps) {
  // A form whose table view went away while it was open ("Open parent", Back) opens again, as it was, when its table
  // is shown again.
  const formDraft = useFormDraft(tabId, detail.schema, detail.table)
  const [open, setOpen] = useState<Open>(() => (formDraft.draft === null ? null : { kind: 'form', mode: formDraft.draft.mode, draft: formDraft.draft }))
  const pending = usePendingChanges(tabId)
  const hasKey = detail.primaryKey.length > 0

  const edit = () => {
    const row = selectedRows()[0]
    if (row !== undefined) setOpen({ kind: 'form', mode: { kind: 'edit', values: rowValues(attributes, row) } })
  }
  const remove = () => {
    const keys = selectedRows().map((row) => Object.fromEntries(detail.primaryKey.map((name) => [name, row[attributes.findIndex((a) => a.name === name)] ?? null])))
    const subject = `${keys.length.toLocaleString()} selected ${keys.length === 1 ? 'row' : 'rows'} of ${detail.className}`
    if (keys.length > 0) setOpen({ kind: 'delete', expr: keysRestriction(detail.schema, detail.table, keys), subject })
  }

  return (
    <>
      <Button size="sm" variant="ghost" icon={<PlusIcon />} onClick={() => setOpen({ kind: 'form', mode: { kind: 'insert' } })} title="Insert a row (a master with its part rows)" aria-label="Insert row">
        <span className="tight-hidden">Insert row</span>
      </Button>
      <Button size="sm" variant="ghost" icon={<UploadIcon />} onClick={() => setOpen({ kind: 'import' })} title="Import rows from a CSV file or pasted from a spreadsheet" aria-label="Import CSV">
        <span className="narrow-hidden">Import CSV</span>
      </Button>
      <Button size="sm" variant="ghost" icon={<EditIcon />} disabled={!hasSelection || !hasKey} onClick={edit} title="Edit the secondary attributes of the selected row (update1)" aria-label="Edit row">
        <span className="narrow-hidden">Edit row</span>
      </Button>
      <Button size="sm" variant="ghost" icon={<TrashIcon />} disabled={!hasSelection || !hasKey} onClick={remove} title="Delete the selected rows, after the cascade preview" aria-label="Delete rows">
        <span className="narrow-hidden">Delete rows</span>
      </Button>
      {pending.changes.length > 0 || pending.open ? (
        <Button
          size="sm"
          variant="ghost"
          icon={<PendingIcon />}
          aria-pressed={pending.open}
          aria-label={`Pending changes (${pending.changes.length})`}
          onClick={() => pending.setOpen(!pending.open)}
          title="The staged edits and deletes: review them, see their code, commit or discard"
        >
          <span className="wide-only">Pending </span>({pending.changes.length})
        </Button>
      ) : null}
      {open?.kind === 'form' ? (
        <EntryForm
          tabId={tabId}
          schema={detail.schema}
          table={detail.table}
          mode={open.mode}
          draft={open.draft}
          onClose={() => setOpen(null)}
          onOpenParent={onOpenRows}
          keep={formDraft}
          {...(open.mode.kind === 'edit'
            ? { onStage: (values, changed) => pending.update((list) => stageEdit(list, detail, open.mode.kind === 'edit' ? open.mode.values : {}, values, changed), { open: true }) }
            : {})}
        />
      ) : null}
      {restricted === null ? null : (
        <Button
          size="sm"
          variant="ghost"
          icon={<TrashIcon />}
          onClick={() => setOpen({ kind: 'delete', expr: restricted, subject: `the rows of ${detail.className} the filters select` })}
          title="Delete every row the filters select, after the cascade preview"
        >
          Delete filtered rows
        </Button>
      )}
      {open?.kind === 'import' ? <ImportDialog tabId={tabId} detail={detail} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'delete' && open.expr !== null ? (
        <DeleteDialog
          tabId={tabId}
          expr={open.expr}
          subject={open.subject}
          onOpenTable={(table) => {
            setOpen(null)
            onOpenTable(table)
          }}
          onClose={() => setOpen(null)}
          onStage={(staged) => {
            const expr = open.expr
            if (expr !== null) pending.update((list) => stageDelete(list, detail, { expr, subject: open.subject, ...staged }), { open: true })
          }}
        />
      ) : null}
    </>
  )
}
