// Following the data, pure: the parent row a foreign-key value points at, a row's text for the clipboard (JSON,
// DataJoint key dicts in Python and TypeScript), the column filter that keeps or drops one value, and the
// browser's back/forward history of (schema, table, restriction) entries.

import type { Condition, Literal } from '../../../src/algebra/ast'
import { match } from '../../../src/algebra/build'
import type { WireAttribute, WireValue } from '../../../electron/ipc/contract'
import { toJsonValue } from '../../components/data-grid/wire-value'
import { keyLiteral } from '../diagram'
import type { TableDetail } from './queries'

export type ForeignKey = TableDetail['foreignKeys'][number]

/** A restriction the app put on a table by following data (not typed by the person), and how to say it. */
export interface LinkRestriction {
  readonly condition: Condition
  /** What follows "Showing Researcher rows": "with researcher_id = 'alice'", "referencing 3 selected Subject rows". */
  readonly label: string
}

/** One place in the browser: a table, possibly restricted to the rows some navigation led to. */
export interface NavEntry {
  readonly schema: string
  readonly table: string
  readonly restriction: LinkRestriction | null
}

/** The foreign keys a column takes part in, in declaration order (a part's master first). */
export function foreignKeysOf(foreignKeys: readonly ForeignKey[], column: string): ForeignKey[] {
  return foreignKeys.filter((fk) => fk.attributes.includes(column))
}

/**
 * The parent row a row's foreign key points at, as a restriction of the parent table (its columns named as the
 * parent names them: renamed foreign keys map back); null when a foreign-key value is NULL or cannot be a key.
 */
export function parentCondition(fk: ForeignKey, attributes: readonly WireAttribute[], values: readonly WireValue[]): Condition | null {
  const matched: Record<string, Literal> = {}
  for (const [i, column] of fk.attributes.entries()) {
    const index = attributes.findIndex((a) => a.name === column)
    const value = index === -1 ? null : (values[index] ?? null)
    const literal = value === null ? null : keyLiteral(value)
    const parentColumn = fk.parentAttributes[i] ?? column
    if (literal === null) return null
    matched[parentColumn] = literal
  }
  return match(matched)
}

/** The values of some columns of a row, by name, in the given order. */
export function valuesOf(columns: readonly string[], attributes: readonly WireAttribute[], values: readonly WireValue[]): [string, WireValue][] {
  return columns.map((name) => {
    const index = attributes.findIndex((a) => a.name === name)
    return [name, index === -1 ? null : (values[index] ?? null)]
  })
}

/** The row as a JSON object (big integers as strings, json embedded), as the JSON export writes rows. */
export function rowAsJson(attributes: readonly WireAttribute[], values: readonly WireValue[]): string {
  return JSON.stringify(Object.fromEntries(attributes.map((a, i) => [a.name, toJsonValue(values[i] ?? null)])), null, 2)
}

/** A DataJoint key dict as Python writes it: `{'subject_id': 1, 'session_idx': 2}`. */
export function keyAsPython(key: readonly (readonly [string, WireValue])[]): string {
  return `{${key.map(([name, value]) => `${pythonString(name)}: ${pythonValue(value)}`).join(', ')}}`
}

/** The same key as a TypeScript object literal, as the engine's `restrict` takes it: `{ subject_id: 1 }`. */
export function keyAsTypeScript(key: readonly (readonly [string, WireValue])[]): string {
  if (key.length === 0) return '{}'
  return `{ ${key.map(([name, value]) => `${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}: ${typeScriptValue(value)}`).join(', ')} }`
}

function pythonString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`
}

function pythonValue(value: WireValue): string {
  if (value === null) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `float('${String(value).toLowerCase().replace('infinity', 'inf')}')`
  if (typeof value === 'string') return pythonString(value)
  if ('$bigint' in value) return value.$bigint
  return pythonString(JSON.stringify(toJsonValue(value)))
}

function typeScriptValue(value: WireValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : String(value)
  if ('$bigint' in value) return `${value.$bigint}n`
  return JSON.stringify(JSON.stringify(toJsonValue(value)))
}

/**
 * A column filter that keeps (or, with `exclude`, drops) the rows with this value, written as a person would type
 * it in the column's filter box (see filters.ts): `= 'text'` quotes text so that it is not a "contains" search.
 * Null for values a filter cannot name (blobs, bytes, json).
 */
export function valueFilterText(attribute: Pick<WireAttribute, 'category'>, value: WireValue, exclude: boolean): string | null {
  if (value === null) return exclude ? 'is not null' : 'is null'
  const op = exclude ? '!=' : '='
  if (typeof value === 'boolean') return `${op} ${value ? 'true' : 'false'}`
  if (typeof value === 'number') return `${op} ${String(value)}`
  if (typeof value === 'string') {
    return attribute.category === 'string' || attribute.category === 'enum' ? `${op} '${value.replace(/'/g, "''")}'` : `${op} ${value}`
  }
  if ('$bigint' in value) return `${op} ${value.$bigint}`
  return null
}

/** Back/forward through the places the browser showed: a list and the position in it. */
export interface NavHistory {
  readonly entries: readonly NavEntry[]
  readonly index: number
}

/** Entries kept behind the current one. */
const HISTORY_LIMIT = 100

export const EMPTY_HISTORY: NavHistory = { entries: [], index: -1 }

export function currentEntry(history: NavHistory): NavEntry | null {
  return history.entries[history.index] ?? null
}

/** Goes to `entry`, dropping what was ahead; going where the browser already is changes nothing. */
export function navigate(history: NavHistory, entry: NavEntry): NavHistory {
  const current = currentEntry(history)
  if (current !== null && sameEntry(current, entry)) return history
  const entries = [...history.entries.slice(0, history.index + 1), entry].slice(-HISTORY_LIMIT)
  return { entries, index: entries.length - 1 }
}

export function canGoBack(history: NavHistory): boolean {
  return history.index > 0
}

export function canGoForward(history: NavHistory): boolean {
  return history.index < history.entries.length - 1
}

export function goBack(history: NavHistory): NavHistory {
  return canGoBack(history) ? { ...history, index: history.index - 1 } : history
}

export function goForward(history: NavHistory): NavHistory {
  return canGoForward(history) ? { ...history, index: history.index + 1 } : history
}

function sameEntry(a: NavEntry, b: NavEntry): boolean {
  return a.schema === b.schema && a.table === b.table && JSON.stringify(a.restriction) === JSON.stringify(b.restriction)
}
