// Editing a grid cell in place: which cells take an edit (a secondary attribute typed as text, of a table update1
// can change), the cell's text checked by the engine's entry rules (the ones the main process applies before it
// writes), the edit staged as an update of its row in the pending changes, and the marks the grid draws on staged,
// refused and failed cells. Pure: no React, no IPC.

import type { WireAttribute, WireValue } from '../../../electron/ipc/contract'
import { checkEntryValue } from '../../../src/heading/entry-value'
import type { GridRow } from '../../components/data-grid/data-grid'
import { fieldText, type FieldState, type ForeignKey, type FormValues, type TableDetail } from './entry-model'
import { keyText, shown, stageEdit, type PendingChange } from './pending-model'

/** Categories edited as a line of text or a choice; `<blob>`, attachments and bytes keep their viewer. */
const EDITABLE: ReadonlySet<string> = new Set(['integer', 'float', 'decimal', 'bool', 'string', 'enum', 'date', 'datetime', 'time', 'uuid', 'json'])
const AUTO_POPULATED: ReadonlySet<string> = new Set(['computed', 'imported'])

/** Whether a column's cells are edited in place: secondary attributes of an editable type. */
export function cellEditable(attribute: WireAttribute): boolean {
  return !attribute.inKey && EDITABLE.has(attribute.category)
}

export interface EditContext {
  /** The connection tab was opened read-only: the main process refuses every change. */
  readonly readOnly: boolean
  /** The person allowed edits of this Computed or Imported table ("Edit anyway"). */
  readonly allowAutoPopulated: boolean
}

export type EditRefusal =
  | { readonly kind: 'read-only'; readonly message: string }
  | { readonly kind: 'auto-populated'; readonly message: string }

/**
 * Why the rows of this table cannot be edited now, or null when they can: a read-only tab refuses every change;
 * a Computed or Imported table is filled by `populate()`, so its rows are edited only once the person allows it,
 * as an insert into it needs "Insert directly anyway".
 */
export function editRefusal(detail: Pick<TableDetail, 'className' | 'tier'>, context: EditContext): EditRefusal | null {
  if (context.readOnly) return { kind: 'read-only', message: 'This connection is read-only: its rows cannot be changed.' }
  if (detail.tier !== null && AUTO_POPULATED.has(detail.tier) && !context.allowAutoPopulated) {
    const tier = detail.tier === 'computed' ? 'a Computed' : 'an Imported'
    return {
      kind: 'auto-populated',
      message: `${detail.className} is ${tier} table: DataJoint fills it with populate(), and an edited row no longer is what its make() computed.`,
    }
  }
  return null
}

/** A row's values by attribute, as the edit form holds them (values a field cannot show are left out). */
export function rowValues(attributes: readonly WireAttribute[], values: readonly WireValue[]): Record<string, FieldState> {
  const out: Record<string, FieldState> = {}
  attributes.forEach((attribute, i) => {
    const state = fieldText(values[i] ?? null)
    if (state !== null) out[attribute.name] = state
  })
  return out
}

/** A staged value (as `entry.commit` takes it) as the text an editor edits. */
function stagedState(value: string | number | boolean | null): FieldState {
  return value === null ? { text: '', isNull: true } : { text: String(value), isNull: false }
}

/** The text a cell's editor starts with: what is staged for it, else the value shown; null when it cannot be edited as text. */
export function startState(detail: TableDetail, list: readonly PendingChange[], attributes: readonly WireAttribute[], values: readonly WireValue[], name: string): FieldState | null {
  const before = rowValues(attributes, values)
  const staged = stagedEditOf(list, detail, keyText(detail, before))
  const value = staged?.change.kind === 'update' ? staged.change.row[name] : undefined
  return value === undefined ? (before[name] ?? null) : stagedState(value)
}

/** The editor's value refused by the rules the main process applies before writing: the reason, or null when it is accepted. */
export function cellProblem(attribute: WireAttribute, state: FieldState): string | null {
  try {
    checkEntryValue(attribute, state.isNull ? null : state.text, 0)
    return null
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/**
 * Stages cells' new values as an edit of their row (merged into the row's staged edit; dropped when every value is
 * back as it was): one cell typed, or every attribute of a foreign key a picker filled. The values are checked
 * first: the first refusal is returned, and nothing staged.
 */
export function stageCells(
  list: readonly PendingChange[],
  detail: TableDetail,
  attributes: readonly WireAttribute[],
  values: readonly WireValue[],
  changed: Readonly<Record<string, FieldState>>,
): { readonly list: PendingChange[] } | { readonly problem: string } {
  for (const attribute of attributes) {
    const state = changed[attribute.name]
    const problem = state === undefined ? null : cellProblem(attribute, state)
    if (problem !== null) return { problem }
  }
  const before = rowValues(attributes, values)
  return { list: stageEdit(list, detail, before, { ...before, ...changed }, Object.keys(changed)) }
}

/**
 * The foreign key whose picker edits this cell: one over secondary attributes only (update1 cannot change a key),
 * the first that covers the attribute, as the insert form places it. Null: the cell is edited as text.
 */
export function cellForeignKey(detail: TableDetail, name: string): ForeignKey | null {
  const secondary = (fk: ForeignKey) => fk.attributes.every((attribute) => !detail.primaryKey.includes(attribute))
  return detail.foreignKeys.find((fk) => fk.attributes.includes(name) && secondary(fk)) ?? null
}

function stagedEditOf(list: readonly PendingChange[], detail: Pick<TableDetail, 'schema' | 'table'>, rowKey: string): PendingChange | undefined {
  return list.find((item) => item.change.kind === 'update' && item.schema === detail.schema && item.table === detail.table && item.rowKey === rowKey)
}

/** A cell the grid marks: an edit staged (not committed), a value refused and kept for correction, or a staged edit a commit failed on. */
export interface CellMark {
  readonly kind: 'staged' | 'invalid' | 'failed'
  /** What the cell shows instead of its value: the staged or refused text. */
  readonly text: string
  /** Said to assistive technology and shown on hover. */
  readonly description: string
}

/** A value refused in a cell's editor and kept (the editor closed on it) for the person to correct. */
export interface CellDraft {
  readonly schema: string
  readonly table: string
  readonly rowKey: string
  readonly attribute: string
  readonly state: FieldState
  readonly problem: string
}

/** The change a commit failed on, and the attribute it names (null: the whole edit). */
export interface CommitFailure {
  readonly id: string
  readonly attribute: string | null
  readonly message: string
}

/** Row id → column id → mark, for the shown rows of one table; empty when nothing of the table is staged or refused. */
export function cellMarks(
  detail: TableDetail,
  attributes: readonly WireAttribute[],
  rows: readonly GridRow[],
  list: readonly PendingChange[],
  drafts: readonly CellDraft[],
  failure: CommitFailure | null,
): Map<string, Map<string, CellMark>> {
  const byKey = new Map<string, Map<string, CellMark>>()
  const markOf = (rowKey: string): Map<string, CellMark> => {
    const found = byKey.get(rowKey)
    if (found !== undefined) return found
    const created = new Map<string, CellMark>()
    byKey.set(rowKey, created)
    return created
  }
  for (const item of list) {
    if (item.change.kind !== 'update' || item.schema !== detail.schema || item.table !== detail.table || item.rowKey === null) continue
    const marks = markOf(item.rowKey)
    for (const [name, value] of Object.entries(item.change.row)) {
      if (detail.primaryKey.includes(name)) continue
      const text = shown(stagedState(value))
      const was = shown(item.before[name])
      const failed = failure !== null && failure.id === item.id && (failure.attribute === null || failure.attribute === name)
      marks.set(
        name,
        failed
          ? { kind: 'failed', text, description: `The commit failed on this edit (${was} → ${text}): ${failure.message}` }
          : { kind: 'staged', text, description: `Staged edit, not committed: ${was} → ${text}` },
      )
    }
  }
  for (const draft of drafts) {
    if (draft.schema !== detail.schema || draft.table !== detail.table) continue
    markOf(draft.rowKey).set(draft.attribute, { kind: 'invalid', text: shown(draft.state), description: `Not staged: ${draft.problem}` })
  }
  const marks = new Map<string, Map<string, CellMark>>()
  if (byKey.size === 0) return marks
  const keyIndexes = detail.primaryKey.map((name) => [name, attributes.findIndex((a) => a.name === name)] as const)
  for (const row of rows) {
    const key: FormValues = Object.fromEntries(keyIndexes.map(([name, index]) => [name, fieldText(row.values[index] ?? null) ?? { text: '', isNull: false }]))
    const found = byKey.get(keyText(detail, key))
    if (found !== undefined) marks.set(row.id, found)
  }
  return marks
}
