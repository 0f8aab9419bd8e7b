// Conversion of attribute values between JavaScript and the drivers: row objects from decoded columns (the
// dialect chooses each column's decoder) and encoding of inserted values, by attribute category.

import { identity, type Decoder } from '../adapters/decoders'
import type { SqlValue } from '../adapters/driver'
import { encodeBlob } from '../codecs/blob-encode'
import type { EncodableJsValue } from '../codecs/blob-encode'
import { BlobFormatError, type BlobValue } from '../codecs/blob-value'
import { DataJointError } from '../errors/datajoint-error'
import type { Attribute } from '../heading/attribute'
import type { InsertValue } from '../sql/nodes'

/**
 * Builds row objects from driver rows, in heading order. The builder is generated once per result with the
 * attribute names as literal keys, so every row object has one shape (this is the hot path of every fetch).
 */
export function createRowDecoder(attributes: readonly Attribute[], decoders: readonly Decoder[]): (row: readonly unknown[]) => Record<string, unknown> {
  const properties = attributes.map((a, i) =>
    decoders[i] === identity ? `${JSON.stringify(a.name)}: r[${i}] ?? null` : `${JSON.stringify(a.name)}: d[${i}](r[${i}] ?? null)`,
  )
  // Keys are JSON-quoted attribute names and the body holds no values, so nothing from the data is evaluated.
  // oxlint-disable-next-line typescript/no-implied-eval -- generated once per result, like mysql2's row parsers
  const build = new Function('d', 'r', `return { ${properties.join(', ')} }`) as (
    d: readonly Decoder[],
    r: readonly unknown[],
  ) => Record<string, unknown>
  return (row) => build(decoders, row)
}

export interface EncodeContext {
  readonly uuidAsBinary: boolean
  readonly boolAsInteger: boolean
  readonly row: number
}

const DEFAULT: InsertValue = Object.freeze({ default: true as const })

function dataTypeError(message: string, attribute: Attribute, row: number): DataJointError {
  return new DataJointError('DATA_TYPE', message, { attribute: attribute.name, row })
}

function invalidDate(attribute: Attribute, row: number): DataJointError {
  return dataTypeError(`Invalid Date for attribute \`${attribute.name}\``, attribute, row)
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

function dateText(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

function datetimeText(d: Date): string {
  return `${dateText(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
}

/** Parses a uuid given as text (any case, with or without hyphens/braces) or as 16 bytes. */
export function uuidBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value.length === 16 ? value : null
  if (typeof value !== 'string') return null
  const hex = value.replace(/^urn:uuid:/i, '').replace(/[{}-]/g, '')
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return null
  return Buffer.from(hex, 'hex')
}

/**
 * Encodes one value for INSERT/UPDATE, following DataJoint's rules: null/undefined become DEFAULT; numeric
 * attributes turn '' and NaN into DEFAULT (NULL on both backends — a deliberate choice, see README).
 */
export function encodeValue(value: unknown, attribute: Attribute, context: EncodeContext): InsertValue {
  if (value === null || value === undefined) return DEFAULT
  const { row } = context
  switch (attribute.category) {
    case 'integer': {
      if (value === '' || (typeof value === 'number' && Number.isNaN(value))) return DEFAULT
      if (typeof value === 'bigint') return value.toString()
      if (typeof value === 'boolean') return value ? 1 : 0
      if (typeof value === 'number' && Number.isInteger(value)) return value
      if (typeof value === 'string' && /^[-+]?\d+$/.test(value.trim())) return value.trim()
      throw dataTypeError(`Invalid value ${formatValue(value)} for integer attribute \`${attribute.name}\``, attribute, row)
    }
    case 'float':
    case 'decimal': {
      if (value === '' || (typeof value === 'number' && Number.isNaN(value))) return DEFAULT
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw dataTypeError(`Infinite value for attribute \`${attribute.name}\``, attribute, row)
        return attribute.category === 'decimal' ? String(value) : value
      }
      if (typeof value === 'bigint') return value.toString()
      if (typeof value === 'boolean') return value ? 1 : 0
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return value.trim()
      throw dataTypeError(`Invalid value ${formatValue(value)} for numeric attribute \`${attribute.name}\``, attribute, row)
    }
    case 'bool': {
      const truth =
        typeof value === 'boolean'
          ? value
          : typeof value === 'number' && (value === 0 || value === 1)
            ? value === 1
            : typeof value === 'string' && /^(true|false|0|1)$/i.test(value)
              ? /^(true|1)$/i.test(value)
              : undefined
      if (truth === undefined) throw dataTypeError(`Invalid value ${formatValue(value)} for bool attribute \`${attribute.name}\``, attribute, row)
      return context.boolAsInteger ? (truth ? 1 : 0) : truth
    }
    case 'uuid': {
      const bytes = uuidBytes(value)
      if (bytes === null) throw dataTypeError(`badly formed UUID value ${formatValue(value)} for attribute \`${attribute.name}\``, attribute, row)
      if (context.uuidAsBinary) return bytes
      const hex = Buffer.from(bytes).toString('hex')
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    }
    case 'json': {
      const text: unknown = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
      // Functions and symbols have no JSON form; stored silently as NULL otherwise.
      if (typeof text !== 'string') throw dataTypeError(`Value ${formatValue(value)} has no JSON form for attribute \`${attribute.name}\``, attribute, row)
      return text
    }
    case 'date':
      if (value instanceof Date && Number.isNaN(value.getTime())) throw invalidDate(attribute, row)
      if (value instanceof Date) return dateText(value)
      if (typeof value === 'string') return value
      throw dataTypeError(`Invalid value ${formatValue(value)} for date attribute \`${attribute.name}\``, attribute, row)
    case 'datetime':
      if (value instanceof Date && Number.isNaN(value.getTime())) throw invalidDate(attribute, row)
      if (value instanceof Date) return datetimeText(value)
      if (typeof value === 'string') return value.replace(/^(\d{4}-\d\d-\d\d)T/, '$1 ').replace(/Z$/, '')
      throw dataTypeError(`Invalid value ${formatValue(value)} for datetime attribute \`${attribute.name}\``, attribute, row)
    case 'time':
      if (typeof value === 'string') return value
      throw dataTypeError(`Invalid value ${formatValue(value)} for time attribute \`${attribute.name}\``, attribute, row)
    case 'enum':
      if (typeof value !== 'string' || (attribute.enumValues !== null && !attribute.enumValues.includes(value))) {
        throw dataTypeError(
          `Invalid value ${formatValue(value)} for enum attribute \`${attribute.name}\`; allowed: ${(attribute.enumValues ?? []).join(', ')}`,
          attribute,
          row,
        )
      }
      return value
    case 'string':
      if (typeof value === 'string') return value
      if (typeof value === 'number' || typeof value === 'bigint') return String(value)
      throw dataTypeError(`Invalid value ${formatValue(value)} for string attribute \`${attribute.name}\``, attribute, row)
    case 'bytes':
      if (value instanceof Uint8Array) return value
      throw dataTypeError(`Attribute \`${attribute.name}\` takes bytes (a Uint8Array)`, attribute, row)
    case 'codec':
      if (attribute.codec === '<blob>') {
        try {
          return encodeBlob(value as BlobValue | EncodableJsValue)
        } catch (error) {
          if (!(error instanceof BlobFormatError)) throw error
          throw dataTypeError(`Cannot encode ${formatValue(value)} for <blob> attribute \`${attribute.name}\`: ${error.message}`, attribute, row)
        }
      }
      throw dataTypeError(`Inserting into ${attribute.codec ?? 'codec'} attributes is not supported`, attribute, row)
    case 'other':
      return toSqlValue(value, attribute, row)
    default:
      return toSqlValue(value, attribute, row)
  }
}

function toSqlValue(value: unknown, attribute: Attribute, row: number): SqlValue {
  if (typeof value === 'bigint') return value.toString()
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Uint8Array ||
    value instanceof Date
  ) {
    return value
  }
  throw dataTypeError(`Unsupported value ${formatValue(value)} for attribute \`${attribute.name}\``, attribute, row)
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`
  if (typeof value === 'object' || typeof value === 'function') return Object.prototype.toString.call(value)
  return String(value as number | bigint | boolean | symbol | undefined)
}
