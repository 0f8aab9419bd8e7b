// Decoder for DataJoint `<blob>` payloads (DataJoint Python's `blob.py`): bytes in, plain BlobValue out.
// Throws only for corrupt input; well-formed content it cannot represent becomes a BlobUnsupported.

import { constants } from 'node:buffer'
import { inflateSync } from 'node:zlib'
import { DataJointError } from '../errors/datajoint-error'
import {
  CODE,
  COMPRESSED_HEADER_BYTES,
  DATETIME64_TYPE_ID_BASE,
  DATETIME64_UNITS,
  DJ0_HEADER,
  ITEM_SIZE,
  MYM_HEADER,
  NOT_A_BLOB,
  NUMERIC_DTYPES,
  TYPE_ID,
  TYPE_NAMES,
  columnMajorStrides,
  elementCount,
  formatShape,
  hasPrefix,
  rowMajorOffsets,
} from './blob-layout'
import type { NumericDtype } from './blob-layout'
import { isCompressedBlob, plainBlobSize } from './blob-head'
import { BLOB_TAG, BlobFormatError, isTagged } from './blob-value'
import type {
  BlobComplex,
  BlobNdarray,
  BlobRecord,
  BlobStruct,
  BlobUnsupported,
  BlobValue,
  Datetime64Unit,
} from './blob-value'

export interface DecodeBlobOptions {
  /**
   * Largest plain (uncompressed) blob to decode, in bytes. A larger one throws BLOB_TOO_LARGE: a compressed one
   * as soon as its header declares more, before inflating, and inflating never runs past its declared length.
   */
  readonly maxBytes?: number
}

/**
 * Decodes one `<blob>` column value, compressed (`ZL123\0`) or not, `mYm` or `dj0` protocol.
 * Arrays are never collapsed to scalars; see {@link BlobValue} for the mapping of Python types.
 * @throws BlobFormatError when the bytes are truncated, corrupt or not a DataJoint blob.
 * @throws DataJointError BLOB_TOO_LARGE when the plain blob exceeds `options.maxBytes`.
 */
export function decodeBlob(bytes: Uint8Array, options: DecodeBlobOptions = {}): BlobValue {
  const plainSize = plainBlobSize(bytes)
  const { maxBytes } = options
  if (maxBytes !== undefined && plainSize > maxBytes) {
    throw new DataJointError('BLOB_TOO_LARGE', `The blob holds ${plainSize} bytes, more than the ${maxBytes} allowed here.`)
  }
  const payload = isCompressedBlob(bytes) ? inflate(bytes, plainSize) : bytes
  if (!hasPrefix(payload, MYM_HEADER) && !hasPrefix(payload, DJ0_HEADER)) {
    throw new BlobFormatError(NOT_A_BLOB)
  }
  return new BlobReader(payload, MYM_HEADER.length).readBlob(payload.byteLength)
}

/** Raised for content that is well-formed but has no faithful BlobValue; caught where its extent is known. */
class UnrepresentableError extends Error {}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true })

// Smallest encodings of one list item and one dict entry: a u64 length plus a one-byte blob (None).
const MIN_ITEM_BYTES = 9

/** Inflates a compressed blob, never past the length its header declares, so a lying header cannot blow up memory. */
function inflate(bytes: Uint8Array, declared: number): Uint8Array {
  if (declared > MAX_LENGTH) throw new BlobFormatError(`compressed blob declares ${declared} bytes, more than a buffer holds`)
  let inflated: Uint8Array
  try {
    // maxOutputLength must be positive; a stream that inflates to anything is then caught by the length check.
    inflated = inflateSync(bytes.subarray(COMPRESSED_HEADER_BYTES), { maxOutputLength: Math.max(declared, 1) })
  } catch (error) {
    if (error instanceof RangeError) {
      throw new BlobFormatError(`compressed blob inflates past the ${declared} bytes it declares`, { cause: error })
    }
    throw new BlobFormatError(`corrupt compressed blob: ${(error as Error).message}`, { cause: error })
  }
  if (inflated.byteLength !== declared) {
    throw new BlobFormatError(`compressed blob declares ${declared} bytes but inflates to ${inflated.byteLength}`)
  }
  return inflated
}

const { MAX_LENGTH } = constants

class BlobReader {
  readonly #bytes: Uint8Array
  readonly #view: DataView
  #pos: number
  // End of the innermost blob whose length is known; no read may cross it.
  #limit: number

  constructor(bytes: Uint8Array, pos: number) {
    this.#bytes = bytes
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.#pos = pos
    this.#limit = bytes.byteLength
  }

  /** Reads one blob; `end` is known for every blob except the fields of a record array. */
  readBlob(end: number | undefined): BlobValue {
    const start = this.#pos
    const outerLimit = this.#limit
    if (end !== undefined) {
      if (end > outerLimit) this.#truncated(end - start)
      this.#limit = end
    }
    try {
      const value = this.#readValue(start)
      if (end !== undefined && this.#pos !== end) {
        const declared = end - start
        const held = this.#pos - start
        throw new BlobFormatError(`invalid blob: item at ${start} declares ${declared} bytes, holds ${held}`)
      }
      return value
    } catch (error) {
      if (end === undefined || !(error instanceof UnrepresentableError)) throw error
      this.#pos = end
      return unsupported(error.message, end - start)
    } finally {
      this.#limit = outerLimit
    }
  }

  #readSized(): BlobValue {
    const length = this.#u64()
    return this.readBlob(this.#pos + length)
  }

  #readValue(start: number): BlobValue {
    const code = this.#u8()
    switch (code) {
      case CODE.array:
        return this.#readArray()
      case CODE.sparse:
        throw new UnrepresentableError('MATLAB sparse array')
      case CODE.struct:
        return this.#readStruct()
      case CODE.cell:
        return this.#readCell()
      case CODE.recarray:
        return this.#readRecarray()
      case CODE.none:
        return null
      case CODE.tuple:
      case CODE.list:
      case CODE.set:
        return this.#readSequence()
      case CODE.dict:
        return this.#readDict(start)
      case CODE.str:
      case CODE.decimal:
        return this.#readString(this.#u64())
      case CODE.bytes: {
        const length = this.#u64()
        const at = this.#take(length)
        // A copy, not a view: a view would drag the whole row buffer through structured clone.
        return new Uint8Array(this.#bytes.subarray(at, at + length))
      }
      case CODE.int:
        return this.#readInt()
      case CODE.bool:
        return this.#bytes[this.#take(1)] !== 0
      case CODE.complex: {
        const at = this.#take(16)
        return complex(this.#view.getFloat64(at, true), this.#view.getFloat64(at + 8, true))
      }
      case CODE.float:
        return this.#view.getFloat64(this.#take(8), true)
      case CODE.datetime:
        return this.#readDatetime()
      case CODE.uuid:
        return this.#readUuid()
      default:
        throw new UnrepresentableError(`unknown blob type code 0x${code.toString(16).padStart(2, '0')}`)
    }
  }

  #readSequence(): BlobValue[] {
    const count = this.#count(MIN_ITEM_BYTES)
    const items: BlobValue[] = []
    for (let i = 0; i < count; i++) items.push(this.#readSized())
    return items
  }

  #readDict(start: number): BlobValue {
    const count = this.#count(2 * MIN_ITEM_BYTES)
    const entries: [string, BlobValue][] = []
    let nonStringKey = false
    let reservedKey = false
    for (let i = 0; i < count; i++) {
      const key = this.#readSized()
      const value = this.#readSized()
      if (typeof key !== 'string') nonStringKey = true
      else if (key === BLOB_TAG) reservedKey = true
      else entries.push([key, value])
    }
    if (nonStringKey || reservedKey) {
      // A `__blob__` key would make the dict indistinguishable from a tagged value.
      const why = nonStringKey ? 'non-string keys' : `the reserved key "${BLOB_TAG}"`
      return unsupported(`dict with ${why} (${plural(count, 'key')})`, this.#pos - start)
    }
    return Object.fromEntries(entries)
  }

  #readString(length: number): string {
    const at = this.#take(length)
    try {
      return UTF8.decode(this.#bytes.subarray(at, at + length))
    } catch (error) {
      throw new BlobFormatError(`invalid UTF-8 in blob string at offset ${at}`, { cause: error })
    }
  }

  #readInt(): number | bigint {
    const length = this.#u16()
    const at = this.#take(length)
    const bytes = this.#bytes
    if (length <= 6) {
      let value = 0
      for (let i = length - 1; i >= 0; i--) value = value * 256 + (bytes[at + i] ?? 0)
      const negative = length > 0 && (bytes[at + length - 1] ?? 0) >= 0x80
      return negative ? value - 2 ** (8 * length) : value
    }
    let hex = ''
    for (let i = length - 1; i >= 0; i--) hex += (bytes[at + i] ?? 0).toString(16).padStart(2, '0')
    return toSafeNumber(BigInt.asIntN(8 * length, BigInt(`0x${hex}`)))
  }

  #readDatetime(): string | null {
    const at = this.#take(12)
    const date = this.#view.getInt32(at, true)
    const time = this.#view.getBigInt64(at + 4, true)
    const datePart = date >= 0 ? formatDate(date) : null
    const timePart = time >= 0n ? formatTime(time) : null
    if (datePart !== null && timePart !== null) return `${datePart}T${timePart}`
    return timePart ?? datePart
  }

  #readUuid(): string {
    const at = this.#take(16)
    let hex = ''
    for (let i = 0; i < 16; i++) hex += (this.#bytes[at + i] ?? 0).toString(16).padStart(2, '0')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }

  #readShape(): number[] {
    const ndims = this.#u64()
    if (ndims * 8 > this.#limit - this.#pos) this.#truncated(ndims * 8)
    const shape: number[] = []
    for (let i = 0; i < ndims; i++) shape.push(this.#u64())
    return shape
  }

  #readArray(): BlobValue {
    const shape = this.#readShape()
    const typeId = this.#u32()
    const isComplex = this.#u32() !== 0
    const n = elementCount(shape)
    const dtype = NUMERIC_DTYPES[typeId - 6]
    if (dtype !== undefined) {
      return isComplex ? this.#readComplexArray(dtype, shape, n) : this.#readNumericArray(dtype, shape, n)
    }
    // Python ignores the complex flag of char and object arrays; so do we.
    if (typeId === TYPE_ID.char) return this.#readCharArray(shape, n)
    if (typeId === TYPE_ID.object) return this.#readObjectArray(shape, n)
    const unit = DATETIME64_UNITS[typeId - DATETIME64_TYPE_ID_BASE]
    if (isComplex || (typeId !== TYPE_ID.logical && unit === undefined)) {
      const name = unit !== undefined ? `datetime64[${unit}]` : (TYPE_NAMES[typeId] ?? `type id ${typeId}`)
      throw new UnrepresentableError(`${isComplex ? 'complex ' : ''}${name} array ${formatShape(shape)}`)
    }
    if (unit === undefined) {
      const at = this.#take(n)
      const bytes = this.#bytes
      const offsets = rowMajorOffsets(shape, columnMajorStrides(shape))
      const data = gather(n, offsets, (i) => bytes[at + i] !== 0)
      return { __blob__: 'ndarray', dtype: 'bool', shape, data }
    }
    const at = this.#take(8 * n)
    const view = this.#view
    const offsets = rowMajorOffsets(shape, columnMajorStrides(shape))
    const data = gather(n, offsets, (i) => formatDatetime64(view.getBigInt64(at + 8 * i, true), unit))
    return { __blob__: 'ndarray', dtype: `datetime64[${unit}]`, shape, data }
  }

  #readNumericArray(dtype: NumericDtype, shape: readonly number[], n: number): BlobNdarray {
    const at = this.#take(ITEM_SIZE[dtype] * n)
    const read = numericReader(this.#view, dtype, at)
    const data = gather(n, rowMajorOffsets(shape, columnMajorStrides(shape)), read)
    return { __blob__: 'ndarray', dtype, shape, data }
  }

  #readComplexArray(dtype: NumericDtype, shape: readonly number[], n: number): BlobNdarray {
    const partBytes = ITEM_SIZE[dtype] * n
    const at = this.#take(2 * partBytes)
    const readRe = numericReader(this.#view, dtype, at)
    const readIm = numericReader(this.#view, dtype, at + partBytes)
    const offsets = rowMajorOffsets(shape, columnMajorStrides(shape))
    const data = gather(n, offsets, (i) => complex(Number(readRe(i)), Number(readIm(i))))
    // numpy promotes integer + 1j*integer to complex128; only single stays single.
    return { __blob__: 'ndarray', dtype: dtype === 'float32' ? 'complex64' : 'complex128', shape, data }
  }

  #readCharArray(shape: readonly number[], n: number): BlobValue {
    const at = this.#take(2 * n)
    const rows = shape[0] ?? 1
    const columns = shape[1] ?? 1
    // A row or column vector is contiguous in column-major order, so it decodes in one go.
    if (shape.length <= 2 && Math.min(rows, columns) <= 1) {
      return UTF16.decode(this.#bytes.subarray(at, at + 2 * n))
    }
    const strides = columnMajorStrides(shape)
    const rowShape = [rows, ...shape.slice(2)]
    // Zero-width rows occupy no bytes, so only this bounds how many empty strings are made.
    if (columns === 0 && elementCount(rowShape) > 1_000_000) {
      throw new UnrepresentableError(`char array ${formatShape(shape)}`)
    }
    const rowStrides = [strides[0] ?? 1, ...strides.slice(2)]
    const charStride = strides[1] ?? 1
    const codes = new Uint16Array(columns)
    const view = this.#view
    const data = gather(elementCount(rowShape), rowMajorOffsets(rowShape, rowStrides), (offset) => {
      for (let c = 0; c < columns; c++) codes[c] = view.getUint16(at + 2 * (offset + c * charStride), true)
      return UTF16.decode(codes)
    })
    return { __blob__: 'ndarray', dtype: 'char', shape: rowShape, data }
  }

  #readObjectArray(shape: readonly number[], n: number): BlobNdarray {
    const elements = this.#readElements(n)
    const offsets = rowMajorOffsets(shape, columnMajorStrides(shape))
    const data = gather(n, offsets, (i) => elements[i] ?? null)
    return { __blob__: 'ndarray', dtype: 'object', shape, data }
  }

  #readCell(): BlobValue {
    const shape = this.#readShape()
    const n = elementCount(shape)
    const elements = this.#readElements(n)
    const offsets = rowMajorOffsets(shape, columnMajorStrides(shape))
    return { __blob__: 'cell', shape, data: gather(n, offsets, (i) => elements[i] ?? null) }
  }

  #readElements(n: number): BlobValue[] {
    if (n * MIN_ITEM_BYTES > this.#limit - this.#pos) this.#truncated(n * MIN_ITEM_BYTES)
    const elements: BlobValue[] = []
    for (let i = 0; i < n; i++) elements.push(this.#readSized())
    return elements
  }

  #readStruct(): BlobStruct {
    const shape = this.#readShape()
    const n = elementCount(shape)
    const fields = this.#readFieldNames()
    if (fields.length === 0) {
      // No element bytes exist to bound the count, so refuse absurd shapes instead of allocating them.
      if (n > 1_000_000) throw new UnrepresentableError(`MATLAB struct ${formatShape(shape)} with no fields`)
      return { __blob__: 'struct', shape, fields, data: Array.from({ length: n }, () => ({})) }
    }
    const values = this.#readElements(n * fields.length)
    const offsets = rowMajorOffsets(shape, columnMajorStrides(shape))
    const data = gather(n, offsets, (i) => record(fields, (f) => values[i * fields.length + f] ?? null))
    return { __blob__: 'struct', shape, fields, data }
  }

  #readRecarray(): BlobValue {
    const fields = this.#readFieldNames()
    if (fields.length === 0) return { __blob__: 'ndarray', dtype: 'object', shape: [], data: [null] }
    const columns = fields.map(() => this.readBlob(undefined))
    const first = columns[0]
    const shape = first !== undefined && isColumn(first) ? first.shape : undefined
    const n = shape === undefined ? 0 : elementCount(shape)
    if (shape === undefined || !columns.every((c) => isColumn(c) && sameShape(c.shape, shape))) {
      throw new UnrepresentableError(`numpy record array (fields ${fields.join(', ')}) with unaligned fields`)
    }
    const data = gather(n, null, (i) => record(fields, (f) => columnElement(columns[f], i)))
    return { __blob__: 'recarray', shape, fields, data }
  }

  /** Field names: u32 count, then NUL-terminated names (an empty list still carries its NUL). */
  #readFieldNames(): string[] {
    const count = this.#u32()
    if (count === 0) {
      if (this.#pos < this.#limit && this.#bytes[this.#pos] === 0) this.#pos++
      return []
    }
    const names: string[] = []
    for (let i = 0; i < count; i++) {
      const end = this.#bytes.indexOf(0, this.#pos)
      if (end < 0 || end >= this.#limit) {
        throw new BlobFormatError(`blob truncated inside a field name at offset ${this.#pos}`)
      }
      names.push(this.#readString(end - this.#pos))
      this.#pos++
    }
    return names
  }

  #count(minItemBytes: number): number {
    const count = this.#u64()
    if (count * minItemBytes > this.#limit - this.#pos) this.#truncated(count * minItemBytes)
    return count
  }

  /** Reserves `length` bytes and returns their start. */
  #take(length: number): number {
    const at = this.#pos
    if (at + length > this.#limit) this.#truncated(length)
    this.#pos = at + length
    return at
  }

  #u8(): number {
    return this.#bytes[this.#take(1)] ?? 0
  }

  #u16(): number {
    return this.#view.getUint16(this.#take(2), true)
  }

  #u32(): number {
    return this.#view.getUint32(this.#take(4), true)
  }

  #u64(): number {
    const at = this.#take(8)
    const high = this.#view.getUint32(at + 4, true)
    // Anything past 2^53 cannot be a length or a dimension of a blob that fits in memory.
    if (high > 0x1fffff) throw new BlobFormatError(`invalid blob: implausible size field at offset ${at}`)
    return high * 2 ** 32 + this.#view.getUint32(at, true)
  }

  #truncated(needed: number): never {
    const available = Math.max(0, this.#limit - this.#pos)
    throw new BlobFormatError(
      `blob truncated: ${needed} bytes needed at offset ${this.#pos}, ${available} available`,
    )
  }
}

function unsupported(type: string, byteLength: number): BlobUnsupported {
  return { __blob__: 'unsupported', type, byteLength }
}

function complex(re: number, im: number): BlobComplex {
  return { __blob__: 'complex', re, im }
}

function record(fields: readonly string[], valueAt: (field: number) => BlobValue): BlobRecord {
  return Object.fromEntries(fields.map((name, f) => [name, valueAt(f)]))
}

function isColumn(value: BlobValue): value is BlobNdarray | BlobStruct {
  return isTagged(value) && (value.__blob__ === 'ndarray' || value.__blob__ === 'recarray')
}

function columnElement(column: BlobValue | undefined, i: number): BlobValue {
  return column !== undefined && isColumn(column) ? (column.data[i] ?? null) : null
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i])
}

/** Reads `n` elements in row-major order; `read` takes a column-major element index. */
function gather<TElement>(
  n: number,
  offsets: Uint32Array | null,
  read: (index: number) => TElement,
): TElement[] {
  const out: TElement[] = []
  if (offsets === null) for (let i = 0; i < n; i++) out.push(read(i))
  else for (let i = 0; i < n; i++) out.push(read(offsets[i] ?? 0))
  return out
}

function numericReader(view: DataView, dtype: NumericDtype, at: number): (index: number) => number | bigint {
  switch (dtype) {
    case 'float64':
      return (i) => view.getFloat64(at + 8 * i, true)
    case 'float32':
      return (i) => view.getFloat32(at + 4 * i, true)
    case 'int8':
      return (i) => view.getInt8(at + i)
    case 'uint8':
      return (i) => view.getUint8(at + i)
    case 'int16':
      return (i) => view.getInt16(at + 2 * i, true)
    case 'uint16':
      return (i) => view.getUint16(at + 2 * i, true)
    case 'int32':
      return (i) => view.getInt32(at + 4 * i, true)
    case 'uint32':
      return (i) => view.getUint32(at + 4 * i, true)
    case 'int64':
      return (i) => {
        const offset = at + 8 * i
        // Exact whenever the result is safe; rounding can only push unsafe values further out.
        const value = view.getInt32(offset + 4, true) * 2 ** 32 + view.getUint32(offset, true)
        return Number.isSafeInteger(value) ? value : view.getBigInt64(offset, true)
      }
    case 'uint64':
      return (i) => {
        const offset = at + 8 * i
        const value = view.getUint32(offset + 4, true) * 2 ** 32 + view.getUint32(offset, true)
        return Number.isSafeInteger(value) ? value : view.getBigUint64(offset, true)
      }
  }
}

function toSafeNumber(value: bigint): number | bigint {
  return value >= -Number.MAX_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

function pad(value: number | bigint, width: number): string {
  return value.toString().padStart(width, '0')
}

/** numpy pads years to four characters, a minus sign included. */
function formatYear(year: bigint): string {
  return year < 0n ? `-${pad(-year, 3)}` : pad(year, 4)
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** Python's `date(year, month, day)` rejects what this rejects. */
function formatDate(yyyymmdd: number): string {
  const year = Math.floor(yyyymmdd / 10000)
  const month = Math.floor(yyyymmdd / 100) % 100
  const day = yyyymmdd % 100
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new BlobFormatError(`invalid date ${yyyymmdd} in blob`)
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

function formatTime(packed: bigint): string {
  const hour = Number((packed / 10_000_000_000n) % 100n)
  const minute = Number((packed / 100_000_000n) % 100n)
  const second = Number((packed / 1_000_000n) % 100n)
  const microsecond = Number(packed % 1_000_000n)
  if (hour > 23 || minute > 59 || second > 59) throw new BlobFormatError(`invalid time ${packed} in blob`)
  const hms = `${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`
  return microsecond === 0 ? hms : `${hms}.${pad(microsecond, 6)}`
}

const NOT_A_TIME = -(2n ** 63n)

// Ticks per day for the sub-day units, and the digits numpy prints after the seconds.
const TICKS_PER_DAY: Partial<Record<Datetime64Unit, bigint>> = {
  h: 24n,
  m: 1440n,
  s: 86_400n,
  ms: 86_400n * 10n ** 3n,
  us: 86_400n * 10n ** 6n,
  ns: 86_400n * 10n ** 9n,
  ps: 86_400n * 10n ** 12n,
  fs: 86_400n * 10n ** 15n,
  as: 86_400n * 10n ** 18n,
}
const FRACTION_DIGITS: Partial<Record<Datetime64Unit, number>> = {
  ms: 3,
  us: 6,
  ns: 9,
  ps: 12,
  fs: 15,
  as: 18,
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q
}

/** numpy's `str()` of a datetime64 value: ISO 8601 at the unit's precision. */
function formatDatetime64(value: bigint, unit: Datetime64Unit): string {
  if (value === NOT_A_TIME) return 'NaT'
  if (unit === 'Y') return formatYear(1970n + value)
  if (unit === 'M') {
    const years = floorDiv(value, 12n)
    return `${formatYear(1970n + years)}-${pad(value - years * 12n + 1n, 2)}`
  }
  if (unit === 'W') return formatCivilDay(value * 7n)
  const perDay = TICKS_PER_DAY[unit]
  if (perDay === undefined) return formatCivilDay(value)
  const days = floorDiv(value, perDay)
  const ticks = value - days * perDay
  const date = formatCivilDay(days)
  if (unit === 'h') return `${date}T${pad(ticks, 2)}`
  if (unit === 'm') return `${date}T${pad(ticks / 60n, 2)}:${pad(ticks % 60n, 2)}`
  const perSecond = perDay / 86_400n
  const seconds = ticks / perSecond
  const hms = `${pad(seconds / 3600n, 2)}:${pad((seconds / 60n) % 60n, 2)}:${pad(seconds % 60n, 2)}`
  const digits = FRACTION_DIGITS[unit]
  return digits === undefined ? `${date}T${hms}` : `${date}T${hms}.${pad(ticks % perSecond, digits)}`
}

/** Days since 1970-01-01 → proleptic Gregorian `YYYY-MM-DD` (Howard Hinnant's civil_from_days). */
function formatCivilDay(days: bigint): string {
  const z = days + 719_468n
  const era = floorDiv(z, 146_097n)
  const dayOfEra = z - era * 146_097n
  const yearOfEra = (dayOfEra - dayOfEra / 1460n + dayOfEra / 36_524n - dayOfEra / 146_096n) / 365n
  const dayOfYear = dayOfEra - (365n * yearOfEra + yearOfEra / 4n - yearOfEra / 100n)
  const shiftedMonth = (5n * dayOfYear + 2n) / 153n
  const day = dayOfYear - (153n * shiftedMonth + 2n) / 5n + 1n
  const month = shiftedMonth < 10n ? shiftedMonth + 3n : shiftedMonth - 9n
  const year = yearOfEra + era * 400n + (month <= 2n ? 1n : 0n)
  return `${formatYear(year)}-${pad(month, 2)}-${pad(day, 2)}`
}
