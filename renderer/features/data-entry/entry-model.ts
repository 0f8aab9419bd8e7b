// The shape of a data-entry form, derived from a table's heading: plain fields, one picker per foreign key (its
// attributes filled together, renamed ones included), the attributes a part takes from its master, and the typed
// values turned into the rows `entry.insert` and `entry.update` take. Pure: no React, no IPC.

import type { Output, WireAttribute, WireValue } from '../../../electron/ipc/contract'
import type { Condition, Literal } from '../../../src/algebra/ast'
import { NPY_DATA_URL_PREFIX, readNpyHeader } from '../../../src/codecs/npy'

export type TableDetail = Output<'table.detail'>
export type ForeignKey = TableDetail['foreignKeys'][number]

/** What a field holds while it is edited: the text as typed, or an explicit NULL. */
export interface FieldState {
  readonly text: string
  readonly isNull: boolean
}

export type FormValues = Readonly<Record<string, FieldState>>

export type FormItem =
  | { readonly kind: 'field'; readonly attribute: WireAttribute }
  | { readonly kind: 'parent'; readonly foreignKey: ForeignKey; readonly attributes: readonly WireAttribute[]; readonly nullable: boolean }

/**
 * The form's items in heading order: a foreign key appears once, where its first attribute is, and covers all its
 * attributes. Attributes in `skip` (a part's master key, filled by the service) are left out.
 */
export function formItems(detail: TableDetail, skip: ReadonlySet<string> = new Set()): FormItem[] {
  const byName = new Map(detail.attributes.map((a) => [a.name, a]))
  const covered = new Map<string, ForeignKey>()
  for (const fk of detail.foreignKeys) {
    if (fk.attributes.every((name) => skip.has(name))) continue
    // A later foreign key over attributes an earlier one already fills (DataJoint allows overlap) adds no picker.
    if (fk.attributes.every((name) => covered.has(name))) continue
    for (const name of fk.attributes) if (!covered.has(name)) covered.set(name, fk)
  }
  const items: FormItem[] = []
  const placed = new Set<ForeignKey>()
  for (const attribute of detail.attributes) {
    if (skip.has(attribute.name)) continue
    const fk = covered.get(attribute.name)
    if (fk === undefined) {
      items.push({ kind: 'field', attribute })
      continue
    }
    if (placed.has(fk)) continue
    placed.add(fk)
    const attributes = fk.attributes.map((name) => byName.get(name)).filter((a): a is WireAttribute => a !== undefined)
    items.push({ kind: 'parent', foreignKey: fk, attributes, nullable: attributes.every((a) => a.nullable) })
  }
  return items
}

/** The attributes a part table takes from its master (`-> master`), filled from the master row by the service. */
export function masterKeyOf(part: TableDetail, master: TableDetail): Set<string> {
  const fk = part.foreignKeys.find((f) => f.parentSchema === master.schema && f.parentTable === master.table)
  return new Set(fk?.attributes ?? [])
}

export function emptyValues(attributes: readonly WireAttribute[], skip: ReadonlySet<string> = new Set()): Record<string, FieldState> {
  return Object.fromEntries(attributes.filter((a) => !skip.has(a.name)).map((a) => [a.name, { text: '', isNull: false }]))
}

/** A grid cell's wire value as the text a field edits; null when the field cannot show it (a blob summary). */
export function fieldText(value: WireValue): FieldState | null {
  if (value === null) return { text: '', isNull: true }
  if (typeof value === 'string') return { text: value, isNull: false }
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value), isNull: false }
  if ('$bigint' in value) return { text: value.$bigint, isNull: false }
  if ('$json' in value) return { text: value.$json, isNull: false }
  return null
}

export type EntryRow = Record<string, string | null>

/** The typed values as a row for the service: text as typed, null where NULL was chosen. */
export function toEntryRow(values: FormValues, names?: readonly string[]): EntryRow {
  const row: EntryRow = {}
  for (const name of names ?? Object.keys(values)) {
    const state = values[name]
    if (state !== undefined) row[name] = state.isNull ? null : state.text
  }
  return row
}

/** Where a refusal belongs: `table` / `row` / `attribute` from the error's details. */
export interface FieldErrorTarget {
  readonly table: string | null
  readonly row: number | null
  readonly attribute: string | null
  readonly message: string
}

export function errorTarget(details: Readonly<Record<string, unknown>>, message: string): FieldErrorTarget {
  return {
    table: typeof details['table'] === 'string' ? details['table'] : null,
    row: typeof details['row'] === 'number' ? details['row'] : null,
    attribute: typeof details['attribute'] === 'string' ? details['attribute'] : null,
    message,
  }
}

/** Whether an error belongs to this item of this table's row. */
export function errorAt(target: FieldErrorTarget | null, table: string, row: number, item: FormItem): boolean {
  if (target === null || target.attribute === null) return false
  if (target.table !== null && target.table !== table) return false
  if (target.row !== null && target.row !== row) return false
  return item.kind === 'field' ? item.attribute.name === target.attribute : item.foreignKey.attributes.includes(target.attribute)
}

/** `varchar(n)` / `char(n)`: the most characters a text attribute holds. */
export function maxLength(attribute: WireAttribute): number | undefined {
  const match = /^(?:varchar|char)\((\d+)\)/.exec(attribute.type) ?? /^(?:varchar|char|character varying|character)\((\d+)\)/.exec(attribute.sqlType)
  return match === null ? undefined : Number(match[1])
}

/** A short text of a parent row for the picker's button: its key values, then its first secondary value. */
export function rowLabel(values: readonly WireValue[]): string {
  return values
    .map((v) => {
      const state = fieldText(v)
      return state === null ? '…' : state.isNull ? 'NULL' : state.text
    })
    .join(' · ')
}

/** Base64 characters enough for any `.npy` header numpy writes (it pads headers to 64 bytes; a few hundred in practice). */
const NPY_HEADER_CHARS = 4 * 1024

/**
 * What a `<blob>` field holding an uploaded `.npy` file describes (`float64 array 2×3`), read from the header
 * alone; null when the text is not an uploaded file.
 */
export function npySummary(text: string): string | null {
  if (!text.startsWith(NPY_DATA_URL_PREFIX)) return null
  const base64 = text.slice(NPY_DATA_URL_PREFIX.length)
  const head = atob(base64.slice(0, NPY_HEADER_CHARS - (NPY_HEADER_CHARS % 4)))
  const header = readNpyHeader(Uint8Array.from(head, (ch) => ch.charCodeAt(0)))
  const bytes = Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0)
  const size = bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`
  const shape = header.shape.length === 0 ? 'scalar' : `array ${header.shape.join('×')}`
  return `${header.dtype} ${shape} (.npy, ${size})`
}

/** A `.npy` file's bytes as a `<blob>` field's text: refused here (with numpy's reason) when it is not one the engine reads. */
export function npyFieldText(dataUrl: string): string {
  const comma = dataUrl.indexOf(',')
  const text = NPY_DATA_URL_PREFIX + dataUrl.slice(comma + 1)
  npySummary(text)
  return text
}

function typedLiteral(attribute: WireAttribute, text: string): Literal {
  switch (attribute.category) {
    case 'integer':
      return /^-?\d{1,15}$/.test(text) ? { kind: 'lit', type: 'number', value: Number(text) } : { kind: 'lit', type: 'bigint', value: text }
    case 'float':
      return { kind: 'lit', type: 'number', value: Number(text) }
    case 'decimal':
      return { kind: 'lit', type: 'decimal', value: text }
    case 'date':
      return { kind: 'lit', type: 'date', value: text }
    case 'datetime':
      return { kind: 'lit', type: 'datetime', value: text.replace('T', ' ') }
    case 'uuid':
      return { kind: 'lit', type: 'uuid', value: text }
    case 'bool':
      return { kind: 'lit', type: 'bool', value: text === 'true' }
    default:
      return { kind: 'lit', type: 'string', value: text }
  }
}

/**
 * The parent rows a foreign key's chosen values name, as a restriction of the parent (its attribute names, each
 * value typed as the child's attribute is); null until every attribute has a value.
 */
export function parentKeyCondition(fk: ForeignKey, attributes: readonly WireAttribute[], values: FormValues): Condition | null {
  const match: Record<string, Literal> = {}
  for (const [i, child] of fk.attributes.entries()) {
    const state = values[child]
    const attribute = attributes.find((a) => a.name === child)
    const parent = fk.parentAttributes[i]
    if (state === undefined || state.isNull || state.text === '' || attribute === undefined || parent === undefined) return null
    match[parent] = typedLiteral(attribute, state.text)
  }
  return { kind: 'match', values: match }
}
