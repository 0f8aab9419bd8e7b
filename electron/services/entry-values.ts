// Values typed into the data-entry forms turned into what the engine's insert and update1 take: each checked
// against its attribute by the engine's `checkEntryValue` (the rules the grid's cell editor applies too), with the
// server's native integer types from its dialect, and `<blob>` text read as DataJoint Python would build the value.

import { checkEntryValue, coreIntegerRange, DataJointError, NPY_DATA_URL_PREFIX, parseNpy, type Attribute, type BlobNdarray, type Dialect, type EntryValue } from '../../src/index'

export type { EntryValue }

/** What the values are checked against beyond the heading: the server's native integer types (its dialect). */
export type EntryDialect = Pick<Dialect, 'integerRange'>

/** The range an integer attribute holds, from its core type or, for native tables, the dialect's SQL type. */
export function integerRange(attribute: Pick<Attribute, 'type' | 'sqlType'>, dialect: EntryDialect): readonly [bigint, bigint] | null {
  return coreIntegerRange(attribute) ?? dialect.integerRange(attribute.sqlType)
}

/** A nested list of numbers of one shape, as numpy would make an array of it; null for anything else. */
function numericArray(value: unknown): BlobNdarray | null {
  const shape: number[] = []
  let probe: unknown = value
  while (Array.isArray(probe)) {
    shape.push(probe.length)
    if (probe.length === 0) return null
    probe = probe[0]
  }
  if (shape.length === 0 || typeof probe !== 'number') return null
  const data: number[] = []
  const walk = (node: unknown, depth: number): boolean => {
    if (depth === shape.length) {
      if (typeof node !== 'number') return false
      data.push(node)
      return true
    }
    return Array.isArray(node) && node.length === shape[depth] && node.every((child) => walk(child, depth + 1))
  }
  if (!walk(value, 0)) return null
  return { __blob__: 'ndarray', dtype: 'float64', shape, data }
}

/**
 * `<blob>` text as DataJoint Python would have stored the value typed in Python: JSON text, where a nested list of
 * numbers of one shape becomes a float64 array (numpy's `np.array([...])`), anything else (dicts, strings, ragged
 * or mixed lists) a Python value; or an uploaded `.npy` file (a data URL), which is the array `np.load` gives.
 */
export function blobFromText(text: string): unknown {
  if (text.startsWith(NPY_DATA_URL_PREFIX)) return parseNpy(new Uint8Array(Buffer.from(text.slice(NPY_DATA_URL_PREFIX.length), 'base64')))
  const value: unknown = JSON.parse(text)
  return numericArray(value) ?? value
}

/**
 * One form value for the engine: `undefined` for an empty field (its default), null for an explicit NULL, which
 * only a nullable attribute takes.
 */
export function toEngineValue(attribute: Attribute, value: EntryValue, row: number, dialect: EntryDialect): unknown {
  const checked = checkEntryValue(attribute, value, row, (a) => integerRange(a, dialect))
  if (attribute.category !== 'codec' || attribute.codec !== '<blob>' || typeof checked !== 'string') return checked
  try {
    return blobFromText(checked)
  } catch (error) {
    throw new DataJointError(
      'DATA_TYPE',
      `\`${attribute.name}\` takes JSON-like text (numbers, lists, dicts, strings) or a .npy file: ${error instanceof Error ? error.message : String(error)}`,
      { attribute: attribute.name, row },
    )
  }
}

/**
 * A row of form values → a row for the engine, each value checked against its attribute. An empty field becomes
 * null, which the engine inserts as DEFAULT (and refuses, naming the attribute, when there is no default): every
 * row keeps the same fields, as a multi-row insert needs.
 */
export function toEngineRow(byName: ReadonlyMap<string, Attribute>, values: Readonly<Record<string, EntryValue>>, row: number, dialect: EntryDialect): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(values)) {
    const attribute = byName.get(name)
    if (attribute === undefined) throw new DataJointError('UNKNOWN_ATTRIBUTE', `\`${name}\` is not an attribute of this table.`, { attribute: name, row })
    const converted = toEngineValue(attribute, value, row, dialect)
    out[name] = converted ?? null
  }
  return out
}
