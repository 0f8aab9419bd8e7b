// Decoding fetched cells into JavaScript values, chosen once per result column (never per cell). What every
// backend shares lives here; what a driver returns natively (type codes, which types it already parses) is
// answered by the backend's `NativeDecoding` in `src/adapters/<db>/decoders.ts`.

import { decodeBlob } from '../codecs/blob-decode'
import type { Attribute } from '../heading/attribute'
import type { FieldInfo } from './driver'

export type Decoder = (raw: unknown) => unknown

export const identity: Decoder = (raw) => raw

/** 64-bit integers that arrive as text stay exact: numbers when safe, bigints beyond. */
export function toInteger(raw: unknown): unknown {
  if (typeof raw === 'string') {
    const n = Number(raw)
    return Number.isSafeInteger(n) ? n : BigInt(raw)
  }
  if (typeof raw === 'bigint') return Number.isSafeInteger(Number(raw)) ? Number(raw) : raw
  return raw
}

export const decodeInteger: Decoder = (raw) => (typeof raw === 'number' || raw === null ? raw : toInteger(raw))
export const decodeFloat: Decoder = (raw) => (raw === null ? null : typeof raw === 'string' ? Number(raw) : raw)
export const decodeJson: Decoder = (raw) => (typeof raw === 'string' ? JSON.parse(raw) : raw)
export const decodeText: Decoder = (raw) => (raw instanceof Uint8Array ? Buffer.from(raw).toString('utf8') : raw)
const decodeBool: Decoder = (raw) => (raw === null ? null : typeof raw === 'boolean' ? raw : Number(raw) !== 0)

const decodeUuid: Decoder = (raw) => {
  if (!(raw instanceof Uint8Array)) return raw
  const hex = Buffer.from(raw).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

const decodeBlobCell: Decoder = (raw) => (raw instanceof Uint8Array ? decodeBlob(raw) : raw)

function limitedBlobCell(maxBytes: number): Decoder {
  return (raw) => (raw instanceof Uint8Array ? decodeBlob(raw, { maxBytes }) : raw)
}

/** How fetched cells are decoded, as the caller limits it. */
export interface DecodeOptions {
  /**
   * Largest plain `<blob>` to decode, in bytes: a larger one throws BLOB_TOO_LARGE, a compressed one before it is
   * inflated (a small stored value can declare gigabytes). Unlimited by default, as in DataJoint.
   */
  readonly maxBlobBytes?: number
}

/** `<attach>` cells: `<filename>\0<bytes>`; the file content is not materialised for browsing. */
const decodeAttachment: Decoder = (raw) => {
  if (!(raw instanceof Uint8Array)) return raw
  const end = raw.indexOf(0)
  const filename = Buffer.from(raw.subarray(0, end < 0 ? 0 : end)).toString('utf8')
  return { filename, size: end < 0 ? raw.length : raw.length - end - 1 }
}

/** What one driver returns natively, per kind of column; `field` is absent for results without column metadata. */
export interface NativeDecoding {
  integer(field: FieldInfo | undefined): Decoder
  float(field: FieldInfo | undefined): Decoder
  /** json and json-stored codecs. */
  readonly json: Decoder
  /** Character columns (also enums). */
  text(field: FieldInfo | undefined): Decoder
  /** Computed columns of no known category: decided by the driver's type code alone. */
  other(field: FieldInfo | undefined): Decoder
}

/** The decoder of one result column, by the attribute's category; computed attributes fall back to the field. */
export function columnDecoder(native: NativeDecoding, attribute: Attribute, field: FieldInfo | undefined, options: DecodeOptions = {}): Decoder {
  switch (attribute.category) {
    case 'integer':
      return native.integer(field)
    case 'float':
      return native.float(field)
    case 'bool':
      return decodeBool
    case 'uuid':
      return decodeUuid
    case 'json':
      return native.json
    case 'string':
    case 'enum':
      return native.text(field)
    case 'codec':
      if (attribute.codec === '<blob>') return options.maxBlobBytes === undefined ? decodeBlobCell : limitedBlobCell(options.maxBlobBytes)
      if (attribute.codec === '<attach>') return decodeAttachment
      return native.json
    case 'decimal':
    case 'date':
    case 'datetime':
    case 'time':
    case 'bytes':
      return identity
    case 'other':
      return native.other(field)
    default:
      return identity
  }
}
