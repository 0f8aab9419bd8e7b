// Values typed into the data-entry forms (text, numbers, booleans, explicit nulls) turned into what the engine's
// insert and update1 take, checked per attribute first: integer ranges, decimal digits, string lengths, dates, json
// and `<blob>` text. The server would refuse most of these too, but PostgreSQL's messages name no column, and a
// decimal or char value is otherwise rounded or padded silently; a refusal here names the attribute and row.

import { DataJointError, INTEGER_RANGES, NPY_DATA_URL_PREFIX, parseNpy, type Attribute, type BlobNdarray, type Dialect } from '../../src/index'

/** A form value: text as typed, a number or boolean, or null for an explicit NULL. */
export type EntryValue = string | number | boolean | null

/** What the values are checked against beyond the heading: the server's native integer types (its dialect). */
export type EntryDialect = Pick<Dialect, 'integerRange'>

/** The range an integer attribute holds, from its core type or, for native tables, the dialect's SQL type. */
export function integerRange(attribute: Pick<Attribute, 'type' | 'sqlType'>, dialect: EntryDialect): readonly [bigint, bigint] | null {
  const core = Object.hasOwn(INTEGER_RANGES, attribute.type) ? INTEGER_RANGES[attribute.type as keyof typeof INTEGER_RANGES] : undefined
  return core ?? dialect.integerRange(attribute.sqlType)
}

function typeParameters(attribute: Pick<Attribute, 'type' | 'sqlType'>, name: RegExp): number[] | null {
  for (const text of [attribute.type, attribute.sqlType]) {
    const match = name.exec(text.toLowerCase())
    if (match !== null) return (match[1] ?? '').split(',').map((part) => Number(part.trim()))
  }
  return null
}

function refuse(message: string, attribute: Attribute, row: number): DataJointError {
  return new DataJointError('DATA_TYPE', message, { attribute: attribute.name, row })
}

/** Characters as MySQL (utf8mb4) and PostgreSQL count them for a varchar's length: code points. */
function codePoints(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i)
    // A high surrogate followed by its low surrogate is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) i += 1
    count += 1
  }
  return count
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$/
const TIME = /^-?\d{1,3}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?$/

function validCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
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
  if (value === null) {
    if (!attribute.nullable) throw refuse(`\`${attribute.name}\` cannot be NULL.`, attribute, row)
    return null
  }
  // An empty field means the default; a text attribute without one stores the empty text.
  if (typeof value === 'string' && (attribute.category === 'string' ? value === '' && attribute.default !== undefined : value.trim() === '')) return undefined
  switch (attribute.category) {
    case 'integer': {
      const text = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isInteger(value) ? String(value) : null
      if (text === null || !/^[-+]?\d+$/.test(text)) throw refuse(`\`${attribute.name}\` takes a whole number.`, attribute, row)
      const range = integerRange(attribute, dialect)
      const n = BigInt(text)
      if (range !== null && (n < range[0] || n > range[1])) {
        throw refuse(`${text} is out of range for \`${attribute.name}\` (${attribute.type}: ${range[0]} to ${range[1]}).`, attribute, row)
      }
      return text.replace(/^\+/, '')
    }
    case 'decimal': {
      const text = String(value).trim()
      const match = /^[-+]?(\d*)(?:\.(\d*))?$/.exec(text)
      if (match === null || (match[1] === '' && (match[2] ?? '') === '')) throw refuse(`\`${attribute.name}\` takes a decimal number.`, attribute, row)
      const [precision, scale] = typeParameters(attribute, /^(?:decimal|numeric)\(([\d, ]+)\)/) ?? []
      if (precision !== undefined) {
        const fraction = (match[2] ?? '').replace(/0+$/, '')
        const whole = (match[1] ?? '').replace(/^0+/, '')
        if (fraction.length > (scale ?? 0)) throw refuse(`\`${attribute.name}\` keeps ${scale ?? 0} decimal places; ${text} has more.`, attribute, row)
        if (whole.length > precision - (scale ?? 0)) throw refuse(`${text} is too large for \`${attribute.name}\` (${attribute.type}).`, attribute, row)
      }
      return text
    }
    case 'float': {
      const n = typeof value === 'number' ? value : Number(String(value).trim())
      if (typeof value === 'boolean' || !Number.isFinite(n)) throw refuse(`\`${attribute.name}\` takes a finite number.`, attribute, row)
      return n
    }
    case 'string': {
      const text = String(value)
      const [length] = typeParameters(attribute, /^(?:varchar|char|character varying|character)\((\d+)\)/) ?? []
      const characters = codePoints(text)
      if (length !== undefined && characters > length) {
        throw refuse(`\`${attribute.name}\` holds at most ${length} characters; this has ${characters}.`, attribute, row)
      }
      return text
    }
    case 'date': {
      const match = DATE.exec(String(value).trim())
      if (match === null || !validCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
        throw refuse(`\`${attribute.name}\` takes a date (YYYY-MM-DD).`, attribute, row)
      }
      return match[0]
    }
    case 'datetime': {
      const text = String(value).trim()
      const match = DATETIME.exec(text)
      if (match === null || !validCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])) || Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6] ?? 0) > 59) {
        throw refuse(`\`${attribute.name}\` takes a date and time (YYYY-MM-DD HH:MM:SS).`, attribute, row)
      }
      return text.replace('T', ' ')
    }
    case 'time': {
      const text = String(value).trim()
      if (!TIME.test(text)) throw refuse(`\`${attribute.name}\` takes a time (HH:MM:SS).`, attribute, row)
      return text
    }
    case 'json': {
      if (typeof value !== 'string') return value
      try {
        return JSON.parse(value) as unknown
      } catch (error) {
        throw refuse(`\`${attribute.name}\` is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, attribute, row)
      }
    }
    case 'codec': {
      if (attribute.codec !== '<blob>' || typeof value !== 'string') return value
      try {
        return blobFromText(value)
      } catch (error) {
        throw refuse(
          `\`${attribute.name}\` takes JSON-like text (numbers, lists, dicts, strings) or a .npy file: ${error instanceof Error ? error.message : String(error)}`,
          attribute,
          row,
        )
      }
    }
    default:
      return value
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
