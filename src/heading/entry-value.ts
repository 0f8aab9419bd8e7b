// A value typed by a person for one attribute (text as typed, a number or boolean, or an explicit NULL), checked
// against the attribute's type and turned into what insert and update1 take: integer ranges, decimal digits, string
// lengths, calendar dates, times, json, enum members and uuids. Pure, so the app's main process (before it writes)
// and its renderer (a grid cell being edited, before anything is staged) apply the same rules. The server would
// refuse most of these too, but PostgreSQL's messages name no column, and a decimal or char value is otherwise
// rounded or padded silently; a refusal here names the attribute and row.

import { INTEGER_RANGES } from '../codecs/blob-value'
import { DataJointError } from '../errors/datajoint-error'
import type { Attribute, AttributeCategory } from './attribute'

/** A form value: text as typed, a number or boolean, or null for an explicit NULL. */
export type EntryValue = string | number | boolean | null

/**
 * What the checks read of an attribute: the engine's Attribute, or the app's wire copy of it (its category a plain
 * string, its `default` null when absent).
 */
export type EntryAttribute = Pick<Attribute, 'name' | 'type' | 'sqlType' | 'nullable' | 'enumValues'> & {
  readonly category: AttributeCategory | (string & {})
  readonly default: string | null | undefined
}

/** The range an integer attribute holds: its core type's, or (for native SQL types) what the server's dialect says, or null. */
export type IntegerRangeOf = (attribute: Pick<Attribute, 'type' | 'sqlType'>) => readonly [bigint, bigint] | null

/** The range of a DataJoint core integer type (`int16`, `uint64`, …); null for native SQL types. */
export function coreIntegerRange(attribute: Pick<Attribute, 'type'>): readonly [bigint, bigint] | null {
  return Object.hasOwn(INTEGER_RANGES, attribute.type) ? INTEGER_RANGES[attribute.type as keyof typeof INTEGER_RANGES] : null
}

function typeParameters(attribute: Pick<Attribute, 'type' | 'sqlType'>, name: RegExp): number[] | null {
  for (const text of [attribute.type, attribute.sqlType]) {
    const match = name.exec(text.toLowerCase())
    if (match !== null) return (match[1] ?? '').split(',').map((part) => Number(part.trim()))
  }
  return null
}

function refuse(message: string, attribute: EntryAttribute, row: number): DataJointError {
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
/** The uuid spellings the engine reads: any case, with or without hyphens and braces, or as a `urn:uuid:`. */
const UUID_HEX = /^[0-9a-f]{32}$/i

function validCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/**
 * One typed value for the engine: `undefined` for an empty field (its default), null for an explicit NULL, which
 * only a nullable attribute takes; otherwise the value checked against the attribute's type (integers as exact
 * digits, decimals as text, floats as numbers, json parsed). Codec values (`<blob>` text) are returned as given:
 * reading them is the codec's business. Throws `DATA_TYPE` naming the attribute and row.
 */
export function checkEntryValue(attribute: EntryAttribute, value: EntryValue, row: number, integerRange: IntegerRangeOf = coreIntegerRange): unknown {
  if (value === null) {
    if (!attribute.nullable) throw refuse(`\`${attribute.name}\` cannot be NULL.`, attribute, row)
    return null
  }
  const hasDefault = attribute.default !== undefined && attribute.default !== null
  // An empty field means the default; a text attribute without one stores the empty text.
  if (typeof value === 'string' && (attribute.category === 'string' ? value === '' && hasDefault : value.trim() === '')) return undefined
  switch (attribute.category) {
    case 'integer': {
      const text = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isInteger(value) ? String(value) : null
      if (text === null || !/^[-+]?\d+$/.test(text)) throw refuse(`\`${attribute.name}\` takes a whole number.`, attribute, row)
      const range = integerRange(attribute)
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
    case 'enum': {
      const text = String(value)
      if (attribute.enumValues !== null && !attribute.enumValues.includes(text)) {
        throw refuse(`\`${attribute.name}\` is one of ${attribute.enumValues.join(', ')}; not ${text}.`, attribute, row)
      }
      return text
    }
    case 'uuid': {
      const text = String(value).trim()
      if (!UUID_HEX.test(text.replace(/^urn:uuid:/i, '').replace(/[{}-]/g, ''))) {
        throw refuse(`\`${attribute.name}\` takes a uuid (32 hexadecimal digits, as 8-4-4-4-12).`, attribute, row)
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
    default:
      return value
  }
}
