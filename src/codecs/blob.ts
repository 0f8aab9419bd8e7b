// The DataJoint `<blob>` codec: decode, encode and one-line summaries for table previews.
// The wire format lives in blob-decode.ts / blob-encode.ts, a blob's size and top level in blob-head.ts; this module adds no I/O.

import { decodeBlob } from './blob-decode'
import { plainBlobSize, readBlobHead } from './blob-head'
import type { BlobHead } from './blob-head'
import { isTagged } from './blob-value'
import type { BlobNdarray, BlobValue } from './blob-value'

export { decodeBlob } from './blob-decode'
export type { DecodeBlobOptions } from './blob-decode'
export { plainBlobSize } from './blob-head'
export { encodeBlob } from './blob-encode'
export type { EncodableJsValue, EncodeBlobOptions } from './blob-encode'
export { BlobFormatError, isNdarray } from './blob-value'
export type {
  BlobCell,
  BlobComplex,
  BlobDict,
  BlobNdarray,
  BlobRecord,
  BlobStruct,
  BlobTagged,
  BlobUnsupported,
  BlobValue,
  ComplexDtype,
  Datetime64Dtype,
  Datetime64Unit,
  FloatDtype,
  IntegerDtype,
  NdarrayDtype,
} from './blob-value'

const MAX_STRING_CHARS = 40
const MAX_FIELD_NAMES = 4

/**
 * A short description of a decoded blob for a grid cell, in Python's vocabulary:
 * `float64 3×4`, `float64 [5]`, `3.5 (float64 1×1)`, `dict (3 keys)`, `list (5)`, `'hello'`, `42`, `None`.
 */
export function summarizeBlob(value: BlobValue): string {
  if (value === null) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number') return formatFloat(value)
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'string') return quote(value)
  if (value instanceof Uint8Array) return `bytes (${value.byteLength})`
  if (Array.isArray(value)) return `list (${value.length})`
  if (!isTagged(value)) return `dict (${count(Object.keys(value).length, 'key')})`
  switch (value.__blob__) {
    case 'complex':
      return formatComplex(value.re, value.im)
    case 'ndarray':
      return summarizeNdarray(value)
    case 'cell':
      return `cell ${formatShape(value.shape)}`
    case 'struct':
    case 'recarray':
      return `${value.__blob__} ${formatShape(value.shape)} (${formatFields(value.fields)})`
    case 'unsupported':
      return `${value.type} (unsupported)`
  }
}

/**
 * The summary of a stored blob, expanding it only when its plain form is at most `maxBytes`. A larger one is
 * described from its first bytes and its declared size, such as `float64 [67108864] (512 MiB, not expanded)`.
 * @throws BlobFormatError when the blob is corrupt.
 */
export function summarizeStoredBlob(bytes: Uint8Array, maxBytes: number): string {
  const plainSize = plainBlobSize(bytes)
  if (plainSize <= maxBytes) return summarizeBlob(decodeBlob(bytes, { maxBytes }))
  return `${summarizeHead(readBlobHead(bytes))} (${formatByteSize(plainSize)}, not expanded)`
}

function summarizeHead(head: BlobHead): string {
  switch (head.kind) {
    case 'ndarray':
      return head.shape.length === 0 ? head.dtype : `${head.dtype} ${formatShape(head.shape)}`
    case 'struct':
      return `struct ${formatShape(head.shape)} (${formatFields(head.fields)})`
    case 'cell':
      return `cell ${formatShape(head.shape)}`
    case 'list':
      return `list (${head.count})`
    case 'dict':
      return `dict (${count(head.count, 'key')})`
    case 'str':
      return `str (${formatByteSize(head.byteLength)})`
    case 'bytes':
      return `bytes (${head.byteLength})`
    case 'other':
      return 'blob'
  }
}

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const

/** `512 MiB`, `1.5 GiB`, `900 bytes`. */
function formatByteSize(size: number): string {
  if (size < 1024) return `${size} bytes`
  let value = size / 1024
  let unit: string = BYTE_UNITS[0]
  for (const next of BYTE_UNITS.slice(1)) {
    if (value < 1024) break
    value /= 1024
    unit = next
  }
  return `${Number(value.toFixed(1))} ${unit}`
}

function summarizeNdarray(array: BlobNdarray): string {
  const shape = formatShape(array.shape)
  const description = shape === '' ? array.dtype : `${array.dtype} ${shape}`
  const only = array.data.length === 1 ? array.data[0] : undefined
  // A MATLAB scalar is a 1×1 array; its value says more than its shape.
  if (only !== undefined && array.dtype !== 'object') return `${summarizeBlob(only)} (${description})`
  return description
}

function formatShape(shape: readonly number[]): string {
  if (shape.length === 0) return ''
  if (shape.length === 1) return `[${shape[0]}]`
  return shape.join('×')
}

function formatFields(fields: readonly string[]): string {
  if (fields.length === 0) return 'no fields'
  const shown = fields.slice(0, MAX_FIELD_NAMES).join(', ')
  return `fields ${shown}${fields.length > MAX_FIELD_NAMES ? ', …' : ''}`
}

function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan'
  if (value === Infinity) return 'inf'
  if (value === -Infinity) return '-inf'
  return String(value)
}

function formatComplex(re: number, im: number): string {
  const imaginary = `${formatFloat(Math.abs(im))}j`
  if (re === 0 && !Object.is(re, -0)) return im < 0 ? `-${imaginary}` : imaginary
  return `(${formatFloat(re)}${im < 0 || Object.is(im, -0) ? '-' : '+'}${imaginary})`
}

function quote(text: string): string {
  const short = text.length > MAX_STRING_CHARS ? `${text.slice(0, MAX_STRING_CHARS)}…` : text
  // Control characters would break a one-line grid cell.
  const escaped = short.replace(/\p{Cc}/gu, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : ' '))
  return `'${escaped}'`
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
