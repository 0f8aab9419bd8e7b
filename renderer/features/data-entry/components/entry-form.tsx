import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { WireAttribute } from '../../../../electron/ipc/contract'
import type { Condition } from '../../../../src/algebra/ast'
import { Button } from '../../../components/button'
import { Dialog } from '../../../components/dialog'
import { ErrorCallout } from '../../../components/error-callout'
import { CopyIcon, KeyIcon, PlusIcon, TrashIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { invoke } from '../../../lib/ipc'
import { toErrorInfo } from '../../../lib/error-text'
import { queryKeys } from '../../../lib/query-keys'
import {
  emptyValues,
  errorAt,
  errorTarget,
  formItems,
  masterKeyOf,
  parentKeyCondition,
  toEntryRow,
  type ForeignKey,
  type FieldErrorTarget,
  type FieldState,
  type FormItem,
  type FormValues,
  type TableDetail,
} from '../entry-model'
import type { EntryMode, FormDraft, FormDraftSlot } from '../form-drafts'
import { usePendingChanges } from '../pending-store'
import { detailQuery, tablesOfQuery } from '../queries'
import { FieldInput } from './field-input'
import { ParentPicker } from './parent-picker'

export type { EntryMode }

export interface EntryFormProps {
  readonly tabId: string
  readonly schema: string
  readonly table: string
  readonly mode: EntryMode
  /** The form as it was put aside ("Open parent"), to draw again as it was. */
  readonly draft?: FormDraft | undefined
  readonly onClose: () => void
  /** After a successful insert or update, with the values of the (master) row. */
  readonly onDone?: (values: FormValues) => void
  /** Opens a parent table in the browser, restricted to the row a picker chose (the form goes with its table view: see `onSuspend`). */
  readonly onOpenParent?: (parent: { schema: string; table: string }, condition: Condition, label: string) => void
  /**
   * Where the form is kept when it goes away without being closed — its table view replaced ("Open parent", Back,
   * another table opened) — to open again as it was; taken from there (cleared) when the form is shown.
   */
  readonly keep?: Pick<FormDraftSlot, 'save' | 'clear'>
  /** Edit mode: stages the edit in the pending-changes list instead of saving it (the form's values, the attributes changed). */
  readonly onStage?: (values: FormValues, changed: readonly string[]) => void
}

type InsertParent = (foreignKey: TableDetail['foreignKeys'][number], done: (key: Record<string, FieldState>) => void) => void
type OpenParent = ((foreignKey: ForeignKey, attributes: readonly WireAttribute[], values: FormValues) => void) | undefined

const AUTO_POPULATED = new Set(['computed', 'imported'])

/**
 * The insert form of a table, typed by its heading, with one grid per part table (a master and its parts go in one
 * transaction), or the edit form of one row (`update1`: secondary attributes only). A refusal is shown at its field
 * or cell and everything typed stays.
 */
export function EntryForm({ tabId, schema, table, mode, draft, onClose: close, onDone, onStage, onOpenParent, keep }: EntryFormProps) {
  const client = useQueryClient()
  const detail = useQuery(detailQuery(tabId, schema, table))
  const tables = useQuery({ ...tablesOfQuery(tabId, schema), enabled: mode.kind === 'insert' })
  const partNames = useMemo(
    () => (detail.data === undefined || tables.data === undefined ? [] : tables.data.filter((t) => t.master === detail.data.table).map((t) => t.table)),
    [detail.data, tables.data],
  )
  const partDetails = useQueries({ queries: partNames.map((name) => detailQuery(tabId, schema, name)) })
  const [values, setValues] = useState<Record<string, FieldState> | null>(() =>
    draft !== undefined && draft.values !== null ? { ...draft.values } : mode.kind === 'edit' ? { ...mode.values } : null,
  )
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set(draft?.touched ?? []))
  const [partRows, setPartRows] = useState<Record<string, Record<string, FieldState>[]>>(() =>
    Object.fromEntries(Object.entries(draft?.partRows ?? {}).map(([part, rows]) => [part, rows.map((row) => ({ ...row }))])),
  )
  const [fieldError, setFieldError] = useState<FieldErrorTarget | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [allowDirect, setAllowDirect] = useState(draft?.allowDirect ?? false)
  // Edits of a Computed or Imported table wait for the same allowance as its cells in the grid.
  const pending = usePendingChanges(tabId)
  const editAllowed = pending.allowed.includes(`${schema}.${table}`)
  const [busy, setBusy] = useState(false)
  const [nested, setNested] = useState<{ schema: string; table: string; done: (values: FormValues) => void } | null>(null)
  const formId = useId()

  // A form closed by its person (Cancel, done) is gone; one whose table view went away is handed on as a draft.
  const closed = useRef(false)
  const onClose = () => {
    closed.current = true
    close()
  }
  const latest = useRef<FormDraft>({ mode, values, touched: [], partRows, allowDirect })
  latest.current = { mode, values, touched: [...touched], partRows, allowDirect }
  const kept = useRef(keep)
  kept.current = keep
  useEffect(() => {
    kept.current?.clear()
    return () => {
      if (!closed.current) kept.current?.save(latest.current)
    }
  }, [])

  const d = detail.data
  const autoPopulated = d !== undefined && d.tier !== null && AUTO_POPULATED.has(d.tier)
  const editRefused = mode.kind === 'edit' && autoPopulated && !editAllowed
  const title = d === undefined ? table : `${mode.kind === 'insert' ? 'Insert into' : 'Edit'} ${d.className}`
  const current = values ?? (d === undefined ? {} : emptyValues(d.attributes))
  const parts = partDetails.flatMap((q) => (q.data === undefined ? [] : [q.data]))

  const setField = (name: string, state: FieldState) => {
    setValues({ ...current, [name]: state })
    setTouched(new Set([...touched, name]))
  }
  const setFields = (next: Record<string, FieldState>) => {
    setValues({ ...current, ...next })
    setTouched(new Set([...touched, ...Object.keys(next)]))
  }
  const insertParent: InsertParent = (fk, done) => setNested({ schema: fk.parentSchema, table: fk.parentTable, done })
  const openParent: OpenParent =
    onOpenParent === undefined
      ? undefined
      : (fk, attributes, rowValues) => {
          const condition = parentKeyCondition(fk, attributes, rowValues)
          if (condition === null) return
          const label = `with ${fk.parentAttributes.map((name, i) => `${name} = ${rowValues[fk.attributes[i] ?? '']?.text ?? ''}`).join(', ')}`
          onOpenParent({ schema: fk.parentSchema, table: fk.parentTable }, condition, label)
        }

  const submit = async () => {
    if (d === undefined) return
    setBusy(true)
    setError(null)
    setFieldError(null)
    try {
      if (mode.kind === 'insert') {
        await invoke('entry.insert', {
          tabId,
          schema,
          table,
          rows: [toEntryRow(current)],
          parts: parts.map((part) => ({ table: part.table, rows: (partRows[part.table] ?? []).map((row) => toEntryRow(row)) })),
          ...(allowDirect ? { allowDirectInsert: true } : {}),
        })
      } else {
        const names = [...d.primaryKey, ...[...touched].filter((name) => !d.primaryKey.includes(name))]
        await invoke('entry.update', { tabId, schema, table, row: toEntryRow(current, names) })
      }
      await client.invalidateQueries({ queryKey: queryKeys.tab(tabId) })
      onDone?.(current)
      onClose()
    } catch (caught) {
      const info = toErrorInfo(caught)
      const target = errorTarget(info.details, info.message)
      // A refusal that names its field is shown there; the rest above the form. Nothing typed is cleared.
      if (target.attribute !== null) setFieldError(target)
      else setError(caught)
    } finally {
      setBusy(false)
    }
  }

  const footer = (
    <>
      <span className="spacer" />
      <Button onClick={onClose}>Cancel</Button>
      {mode.kind === 'edit' && onStage !== undefined ? (
        <Button
          disabled={busy || d === undefined || editRefused}
          title="Add this edit to the pending changes, to review and commit with others in one transaction"
          onClick={() => {
            onStage(current, [...touched])
            onClose()
          }}
        >
          Stage edit
        </Button>
      ) : null}
      <Button variant="primary" type="submit" form={formId} disabled={busy || d === undefined || editRefused}>
        {busy ? <Spinner size={12} /> : null}
        {mode.kind === 'insert' ? (parts.length > 0 ? 'Insert all' : 'Insert') : 'Save changes'}
      </Button>
    </>
  )

  return (
    <Dialog title={title} width={parts.length > 0 ? 'xl' : 'lg'} onClose={onClose} footer={footer}>
      {d === undefined ? (
        detail.isError ? (
          <ErrorCallout error={detail.error} />
        ) : (
          <div className="muted">
            <Spinner size={12} /> Loading {table}…
          </div>
        )
      ) : (
        <form
          id={formId}
          className="entry-form"
          aria-label={title}
          onSubmit={(event) => {
            event.preventDefault()
            void submit()
          }}
        >
          {error === null ? null : <ErrorCallout error={error} compact />}
          {fieldError === null ? null : (
            <p className="field-error" role="status">
              Nothing was {mode.kind === 'insert' ? 'inserted' : 'changed'}; see the field marked below: {fieldError.table !== null && fieldError.table !== d.table ? `${fieldError.table}, ` : ''}
              {fieldError.row !== null && fieldError.table !== null && fieldError.table !== d.table ? `row ${fieldError.row + 1}, ` : ''}
              {fieldError.attribute}.
            </p>
          )}
          {mode.kind === 'edit' && autoPopulated ? (
            <div className="callout callout-warning callout-compact">
              <div className="callout-body">
                <div className="callout-message">
                  {d.className} is {d.tier === 'computed' ? 'a Computed' : 'an Imported'} table: DataJoint fills it with <code>populate()</code>, and an
                  edited row no longer is what its <code>make()</code> computed.
                </div>
                {editAllowed ? (
                  <span className="muted">Edits of {d.className} are allowed until the window closes.</span>
                ) : (
                  <Button size="sm" onClick={() => pending.allow(schema, table)}>
                    Edit anyway
                  </Button>
                )}
              </div>
            </div>
          ) : null}
          {mode.kind === 'insert' && autoPopulated ? (
            <div className="callout callout-warning callout-compact">
              <div className="callout-body">
                <div className="callout-message">
                  {d.className} is {d.tier === 'computed' ? 'a Computed' : 'an Imported'} table: DataJoint fills it with <code>populate()</code>, and refuses
                  direct inserts (“Inserts into an auto-populated table can only be done inside its make method during a populate call”).
                </div>
                <label className="check">
                  <input type="checkbox" checked={allowDirect} onChange={(event) => setAllowDirect(event.target.checked)} />
                  Insert directly anyway (<code>allow_direct_insert=True</code>)
                </label>
              </div>
            </div>
          ) : null}
          <div className="entry-fields">
            {formItems(d).map((item) => (
              <FormRow
                key={item.kind === 'field' ? item.attribute.name : `fk-${item.foreignKey.attributes.join(',')}`}
                tabId={tabId}
                idBase={formId}
                item={item}
                values={current}
                readOnly={mode.kind === 'edit' && (item.kind === 'field' ? item.attribute.inKey : item.attributes.some((a) => a.inKey))}
                error={errorAt(fieldError, d.table, 0, item) ? (fieldError?.message ?? null) : null}
                onField={setField}
                onFields={setFields}
                onInsertParent={mode.kind === 'insert' ? insertParent : undefined}
                onOpenParent={openParent}
              />
            ))}
          </div>
          {parts.map((part) => (
            <PartGrid
              key={part.table}
              tabId={tabId}
              master={d}
              part={part}
              rows={partRows[part.table] ?? []}
              onRows={(rows) => setPartRows({ ...partRows, [part.table]: rows })}
              fieldError={fieldError}
              onInsertParent={insertParent}
              onOpenParent={openParent}
            />
          ))}
        </form>
      )}
      {nested === null ? null : (
        <EntryForm
          tabId={tabId}
          schema={nested.schema}
          table={nested.table}
          mode={{ kind: 'insert' }}
          onClose={() => setNested(null)}
          onDone={(parentValues) => nested.done(parentValues)}
        />
      )}
    </Dialog>
  )
}

interface FormRowProps {
  readonly tabId: string
  readonly idBase: string
  readonly item: FormItem
  readonly values: FormValues
  readonly readOnly: boolean
  readonly error: string | null
  readonly onField: (name: string, state: FieldState) => void
  readonly onFields: (values: Record<string, FieldState>) => void
  readonly onInsertParent: InsertParent | undefined
  readonly onOpenParent: OpenParent
}

function FormRow({ tabId, idBase, item, values, readOnly, error, onField, onFields, onInsertParent, onOpenParent }: FormRowProps) {
  if (item.kind === 'field') {
    const { attribute } = item
    const id = `${idBase}-${attribute.name}`
    return (
      <div className={`field entry-field${error === null ? '' : ' has-error'}`}>
        <label className="field-label" htmlFor={id}>
          {attribute.inKey ? <KeyIcon size={11} aria-label="primary key" /> : null} {attribute.name}{' '}
          <span className="muted mono entry-type">{attribute.type}</span>
        </label>
        <FieldInput id={id} label={attribute.name} attribute={attribute} state={values[attribute.name] ?? { text: '', isNull: false }} onChange={(state) => onField(attribute.name, state)} readOnly={readOnly} error={error} />
        {attribute.comment === '' ? null : <span className="field-help">{attribute.comment}</span>}
      </div>
    )
  }
  const parent = item.foreignKey.parentTable.replace(/^[#_]+/, '')
  return (
    <div className={`field entry-field${error === null ? '' : ' has-error'}`} role="group" aria-label={`Parent ${parent}`}>
      <span className="field-label">
        {item.attributes.some((a) => a.inKey) ? <KeyIcon size={11} aria-label="primary key" /> : null} → {parent}{' '}
        <span className="muted mono entry-type">{item.foreignKey.attributes.join(', ')}</span>
      </span>
      <ParentPicker
        tabId={tabId}
        foreignKey={item.foreignKey}
        attributes={item.attributes}
        values={values}
        onChange={onFields}
        nullable={item.nullable}
        error={error}
        readOnly={readOnly}
        {...(onInsertParent === undefined ? {} : { onInsertParent: (done: (key: Record<string, FieldState>) => void) => onInsertParent(item.foreignKey, done) })}
        {...(onOpenParent === undefined ? {} : { onOpenParent: () => onOpenParent(item.foreignKey, item.attributes, values) })}
      />
    </div>
  )
}

interface PartGridProps {
  readonly tabId: string
  readonly master: TableDetail
  readonly part: TableDetail
  readonly rows: readonly Record<string, FieldState>[]
  readonly onRows: (rows: Record<string, FieldState>[]) => void
  readonly fieldError: FieldErrorTarget | null
  readonly onInsertParent: InsertParent
  readonly onOpenParent: OpenParent
}

/** A part table's rows as an editable grid: add, duplicate and remove rows; the master's key is filled on insert. */
function PartGrid({ tabId, master, part, rows, onRows, fieldError, onInsertParent, onOpenParent }: PartGridProps) {
  const skip = masterKeyOf(part, master)
  const items = formItems(part, skip)
  const idBase = useId()
  const blank = () => emptyValues(part.attributes, skip)
  const update = (index: number, next: Record<string, FieldState>) => onRows(rows.map((row, i) => (i === index ? { ...row, ...next } : row)))
  return (
    <section className="entry-part" aria-label={`Part ${part.className}`}>
      <header className="entry-part-head">
        <h3>
          {master.className}.{part.className} <span className="muted">({rows.length} {rows.length === 1 ? 'row' : 'rows'})</span>
        </h3>
        <Button size="sm" icon={<PlusIcon />} onClick={() => onRows([...rows, blank()])}>
          Add {part.className} row
        </Button>
      </header>
      {rows.length === 0 ? null : (
        <div className="entry-part-scroll">
          <table className="entry-part-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                {items.map((item) => (
                  <th scope="col" key={item.kind === 'field' ? item.attribute.name : item.foreignKey.attributes.join(',')}>
                    {item.kind === 'field' ? item.attribute.name : `→ ${item.foreignKey.parentTable.replace(/^[#_]+/, '')}`}
                  </th>
                ))}
                <th scope="col">
                  <span className="sr-only">Row actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={index}>
                  <td className="muted">{index + 1}</td>
                  {items.map((item) => {
                    const error = errorAt(fieldError, part.table, index, item) ? (fieldError?.message ?? null) : null
                    if (item.kind === 'parent') {
                      return (
                        <td key={item.foreignKey.attributes.join(',')}>
                          <ParentPicker
                            tabId={tabId}
                            foreignKey={item.foreignKey}
                            attributes={item.attributes}
                            values={row}
                            onChange={(next) => update(index, next)}
                            nullable={item.nullable}
                            error={error}
                            compact
                            onInsertParent={(done) => onInsertParent(item.foreignKey, done)}
                            {...(onOpenParent === undefined ? {} : { onOpenParent: () => onOpenParent(item.foreignKey, item.attributes, row) })}
                          />
                        </td>
                      )
                    }
                    const name = item.attribute.name
                    return (
                      <td key={name}>
                        <FieldInput
                          id={`${idBase}-${index}-${name}`}
                          label={`${part.className} row ${index + 1} ${name}`}
                          attribute={item.attribute}
                          state={row[name] ?? { text: '', isNull: false }}
                          onChange={(state) => update(index, { [name]: state })}
                          error={error}
                          compact
                        />
                      </td>
                    )
                  })}
                  <td className="entry-row-actions">
                    <Button size="sm" variant="ghost" icon={<CopyIcon />} aria-label={`Duplicate ${part.className} row ${index + 1}`} onClick={() => onRows([...rows.slice(0, index + 1), { ...row }, ...rows.slice(index + 1)])} />
                    <Button size="sm" variant="ghost" icon={<TrashIcon />} aria-label={`Remove ${part.className} row ${index + 1}`} onClick={() => onRows(rows.filter((_, i) => i !== index))} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
