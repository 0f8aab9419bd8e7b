// Encoder for DataJoint `<blob>` payloads, byte-compatible with DataJoint Python's
// blob.pack(): same type codes, protocol header choice and compression rule.

import { deflate } from 'pako'
import {
  CODE,
  COMPLEX_PART,
  COMPRESSED_HEADER_BYTES,
  COMPRESS_THRESHOLD,
  DJ0_HEADER,
  ITEM_SIZE,
  MYM_HEADER,
  NUMERIC_TYPE_IDS,
  TYPE_ID,
  ZLIB_PREFIX,
  columnMajorOrder,
  columnMajorStrides,
  elementCount,
  rowMajorOffsets,
} from './blob-layout'
import type { NumericDtype } from './blob-layout'
import { BLOB_TAG, BlobFormatError, INTEGER_RANGES, isTagged } from './blob-value'
import type { BlobCell, BlobNdarray, BlobStruct, BlobTagged, BlobValue, IntegerDtype } from './blob-value'

/** JS values with a natural Python counterpart (see {@link encodeBlob}). */
export type EncodableJsValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | readonly EncodableJsValue[]
  | { readonly [key: string]: EncodableJsValue }

export interface EncodeBlobOptions {
  /** Compress as DataJoint Python does (default true); false always writes the plain blob. */
  readonly compress?: boolean
}

/**
 * Encodes a value as DataJoint Python's `blob.pack()` would encode its Python counterpart:
 * null → None, boolean → bool, safe integer → int, other number → float, bigint → int,
 * string → str, Uint8Array → bytes, array → list, plain object → dict, and the tagged
 * complex/ndarray/cell/struct values to their own codes. The header is `mYm\0` while only
 * MATLAB-representable arrays appear and `dj0\0` otherwise.
 * @throws BlobFormatError for values with no blob encoding (undefined, functions, class
 *   instances, record arrays, datetime64 arrays, unsupported placeholders, cycles).
 */
export function encodeBlob(value: BlobValue | EncodableJsValue, options: EncodeBlobOptions = {}): Uint8Array {
  const writer = new BlobWriter()
  writer.skip(MYM_HEADER.length)
  writer.value(value)
  const packed = writer.finish(writer.dj0 ? DJ0_HEADER : MYM_HEADER)
  if (options.compress === false || packed.byteLength <= COMPRESS_THRESHOLD) return packed
  // blob.py calls zlib.compress(blob): level 6 of classic zlib. Node's own zlib is Chromium's fork, whose hash
  // chains pick other matches at the same level; pako with the classic hash writes zlib's exact stream,
  // so content hashes of a blob agree with DataJoint Python's.
  const deflated = deflate(packed, { level: PYTHON_ZLIB_LEVEL, legacyHash: true })
  const headerLength = COMPRESSED_HEADER_BYTES
  // Python compares the whole wrapped form, header included, against the plain blob.
  if (headerLength + deflated.byteLength >= packed.byteLength) return packed
  const wrapped = new Uint8Array(headerLength + deflated.byteLength)
  for (let i = 0; i < ZLIB_PREFIX.length; i++) wrapped[i] = ZLIB_PREFIX.charCodeAt(i)
  new DataView(wrapped.buffer).setBigUint64(ZLIB_PREFIX.length, BigInt(packed.byteLength), true)
  wrapped.set(deflated, headerLength)
  return wrapped
}

/** zlib.compress's default level (Z_DEFAULT_COMPRESSION is level 6). */
const PYTHON_ZLIB_LEVEL = 6

const UTF8 = new TextEncoder()
// With the u flag, a surrogate pair is one code point, so this matches lone surrogates only.
const LONE_SURROGATE = /\p{Cs}/u

type AnyValue = BlobValue | EncodableJsValue

class BlobWriter {
  #bytes = new Uint8Array(256)
  #view = new DataView(this.#bytes.buffer)
  #pos = 0
  // Objects on the current path, to reject cycles instead of overflowing the stack.
  readonly #path = new Set<object>()
  /** Set as soon as anything outside the original MATLAB mYm format is written. */
  dj0 = false

  finish(header: string): Uint8Array {
    for (let i = 0; i < header.length; i++) this.#bytes[i] = header.charCodeAt(i)
    return this.#bytes.slice(0, this.#pos)
  }

  skip(length: number): void {
    this.#reserve(length)
    this.#pos += length
  }

  value(value: AnyValue): void {
    switch (typeof value) {
      case 'boolean':
        this.dj0 = true
        this.#u8(CODE.bool)
        this.#u8(value ? 1 : 0)
        return
      case 'number':
        this.dj0 = true
        if (Number.isSafeInteger(value) && !Object.is(value, -0)) this.#int(value)
        else {
          this.#u8(CODE.float)
          this.#f64(value)
        }
        return
      case 'bigint':
        this.dj0 = true
        this.#bigint(value)
        return
      case 'string':
        this.dj0 = true
        this.#u8(CODE.str)
        this.#string(value)
        return
      case 'object':
        if (value === null) {
          this.dj0 = true
          this.#u8(CODE.none)
          return
        }
        if (this.#path.has(value)) throw new BlobFormatError('cannot encode a cyclic structure as a blob')
        this.#path.add(value)
        try {
          this.#object(value)
        } finally {
          this.#path.delete(value)
        }
        return
      case 'undefined':
      case 'function':
      case 'symbol':
        throw new BlobFormatError(`cannot encode a value of type ${typeof value} as a blob`)
    }
  }

  #object(value: object): void {
    if (value instanceof Uint8Array) {
      this.dj0 = true
      this.#u8(CODE.bytes)
      this.#u64(value.byteLength)
      this.#raw(value)
      return
    }
    if (Array.isArray(value)) {
      this.dj0 = true
      this.#u8(CODE.list)
      this.#u64(value.length)
      for (const item of value as readonly AnyValue[]) this.#sized(() => this.value(item))
      return
    }
    const prototype: unknown = Object.getPrototypeOf(value)
    if (prototype !== Object.prototype && prototype !== null) {
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name
      throw new BlobFormatError(`cannot encode ${typeof name === 'string' ? name : 'this'} object as a blob`)
    }
    const plain = value as { readonly [key: string]: AnyValue }
    if (isTagged(plain)) {
      this.#tagged(plain)
      return
    }
    this.dj0 = true
    const entries = Object.entries(plain)
    this.#u8(CODE.dict)
    this.#u64(entries.length)
    for (const [key, item] of entries) {
      this.#sized(() => {
        this.#u8(CODE.str)
        this.#string(key)
      })
      this.#sized(() => this.value(item))
    }
  }

  #tagged(value: BlobTagged): void {
    switch (value.__blob__) {
      case 'complex':
        this.dj0 = true
        this.#u8(CODE.complex)
        this.#f64(value.re)
        this.#f64(value.im)
        return
      case 'ndarray':
        this.#ndarray(value)
        return
      case 'cell':
        this.#cell(value)
        return
      case 'struct':
        this.#struct(value)
        return
      case 'recarray':
        throw new BlobFormatError('encoding numpy record arrays is not supported')
      case 'unsupported':
        throw new BlobFormatError(`cannot re-encode an unsupported blob part (${value.type})`)
      default:
        throw new BlobFormatError(`unknown ${BLOB_TAG} tag ${JSON.stringify((value as BlobTagged).__blob__)}`)
    }
  }

  #shape(shape: readonly number[], elements: number): void {
    for (const d of shape) {
      if (!Number.isSafeInteger(d) || d < 0) throw new BlobFormatError(`invalid array dimension ${d}`)
    }
    if (elementCount(shape) !== elements) {
      throw new BlobFormatError(`array of shape [${shape.join(', ')}] cannot hold ${elements} elements`)
    }
    this.#u64(shape.length)
    for (const d of shape) this.#u64(d)
  }

  #ndarray(array: BlobNdarray): void {
    this.#u8(CODE.array)
    if (array.dtype === 'char') {
      this.#charArray(array.shape, array.data)
      return
    }
    this.#shape(array.shape, array.data.length)
    const order = columnMajorOrder(array.shape)
    const n = array.data.length
    const at = (k: number): number => (order === null ? k : (order[k] ?? 0))
    switch (array.dtype) {
      case 'bool':
        this.#u32(TYPE_ID.logical)
        this.#u32(0)
        this.#reserve(n)
        for (let k = 0; k < n; k++) {
          const element = array.data[at(k)]
          if (typeof element !== 'boolean') {
            throw new BlobFormatError(`bool array element ${String(element)} is not a boolean`)
          }
          this.#u8(element ? 1 : 0)
        }
        break
      case 'complex128':
      case 'complex64': {
        const part = COMPLEX_PART[array.dtype]
        this.#u32(NUMERIC_TYPE_IDS[part])
        this.#u32(1)
        this.#reserve(2 * n * ITEM_SIZE[part])
        for (let k = 0; k < n; k++) this.#element(part, complexOf(array.data[at(k)]).re)
        for (let k = 0; k < n; k++) this.#element(part, complexOf(array.data[at(k)]).im)
        break
      }
      case 'object':
        this.#u32(TYPE_ID.object)
        this.#u32(0)
        for (let k = 0; k < n; k++) {
          const element = array.data[at(k)] ?? null
          this.#sized(() => this.value(element))
        }
        this.dj0 = true
        return
      case 'datetime64[Y]':
      case 'datetime64[M]':
      case 'datetime64[W]':
      case 'datetime64[D]':
      case 'datetime64[h]':
      case 'datetime64[m]':
      case 'datetime64[s]':
      case 'datetime64[ms]':
      case 'datetime64[us]':
      case 'datetime64[ns]':
      case 'datetime64[ps]':
      case 'datetime64[fs]':
      case 'datetime64[as]':
        throw new BlobFormatError(`encoding ${array.dtype} arrays is not supported`)
      case 'float64':
      case 'float32':
      case 'int8':
      case 'uint8':
      case 'int16':
      case 'uint16':
      case 'int32':
      case 'uint32':
      case 'int64':
      case 'uint64': {
        const dtype = array.dtype
        this.#u32(NUMERIC_TYPE_IDS[dtype])
        this.#u32(0)
        this.#reserve(n * ITEM_SIZE[dtype])
        for (let k = 0; k < n; k++) this.#element(dtype, array.data[at(k)])
      }
    }
    // The original mYm has no 0-d arrays: numpy scalars need the dj0 protocol.
    if (array.shape.length === 0) this.dj0 = true
  }

  /** Rebuilds the MATLAB char matrix: each string is a row, its characters run along axis 1. */
  #charArray(rowShape: readonly number[], rows: readonly string[]): void {
    if (rowShape.length === 0) throw new BlobFormatError('a char ndarray needs at least one dimension')
    const width = rows[0]?.length ?? 0
    if (rows.some((row) => typeof row !== 'string' || row.length !== width)) {
      throw new BlobFormatError('the rows of a char ndarray must be strings of equal length')
    }
    if (elementCount(rowShape) !== rows.length) {
      throw new BlobFormatError(`char array of shape [${rowShape.join(', ')}] has ${rows.length} rows`)
    }
    const shape = [rowShape[0] ?? 0, width, ...rowShape.slice(1)]
    this.#shape(shape, elementCount(shape))
    this.#u32(TYPE_ID.char)
    this.#u32(0)
    const strides = columnMajorStrides(shape)
    const rowStrides = [strides[0] ?? 1, ...strides.slice(2)]
    const offsets = rowMajorOffsets(rowShape, rowStrides)
    const charStride = strides[1] ?? 1
    const codes = new Uint16Array(elementCount(shape))
    rows.forEach((row, r) => {
      const base = offsets === null ? r : (offsets[r] ?? 0)
      for (let c = 0; c < width; c++) codes[base + c * charStride] = row.charCodeAt(c)
    })
    this.#reserve(2 * codes.length)
    for (const code of codes) this.#u16(code)
  }

  #cell(cell: BlobCell): void {
    this.#u8(CODE.cell)
    this.#shape(cell.shape, cell.data.length)
    const order = columnMajorOrder(cell.shape)
    for (let k = 0; k < cell.data.length; k++) {
      const element = cell.data[order === null ? k : (order[k] ?? 0)] ?? null
      this.#sized(() => this.value(element))
    }
  }

  #struct(struct: BlobStruct): void {
    this.#u8(CODE.struct)
    this.#shape(struct.shape, struct.data.length)
    this.#u32(struct.fields.length)
    for (const field of struct.fields) {
      if (field.includes('\0')) throw new BlobFormatError('struct field names cannot contain NUL')
      this.#utf8(field)
      this.#u8(0)
    }
    if (struct.fields.length === 0) this.#u8(0)
    const order = columnMajorOrder(struct.shape)
    for (let k = 0; k < struct.data.length; k++) {
      const element = struct.data[order === null ? k : (order[k] ?? 0)] ?? {}
      for (const field of struct.fields) {
        const fieldValue = element[field]
        if (fieldValue === undefined) throw new BlobFormatError(`struct element lacks field "${field}"`)
        this.#sized(() => this.value(fieldValue))
      }
    }
  }

  #element(dtype: NumericDtype, value: unknown): void {
    const view = this.#view
    const at = this.#pos
    if (dtype === 'float64' || dtype === 'float32') {
      if (typeof value !== 'number') {
        throw new BlobFormatError(`${dtype} array element ${String(value)} is not a number`)
      }
      if (dtype === 'float64') view.setFloat64(at, value, true)
      else view.setFloat32(at, value, true)
      this.#pos += ITEM_SIZE[dtype]
      return
    }
    const integer = checkedInteger(dtype, value)
    switch (dtype) {
      case 'int8':
        view.setInt8(at, Number(integer))
        break
      case 'uint8':
        view.setUint8(at, Number(integer))
        break
      case 'int16':
        view.setInt16(at, Number(integer), true)
        break
      case 'uint16':
        view.setUint16(at, Number(integer), true)
        break
      case 'int32':
        view.setInt32(at, Number(integer), true)
        break
      case 'uint32':
        view.setUint32(at, Number(integer), true)
        break
      case 'int64':
        view.setBigInt64(at, BigInt(integer), true)
        break
      case 'uint64':
        view.setBigUint64(at, BigInt(integer), true)
        break
    }
    this.#pos += ITEM_SIZE[dtype]
  }

  /** Python's pack_int: bit_length() // 8 + 1 bytes of little-endian two's complement. */
  #int(value: number): void {
    const magnitude = Math.abs(value)
    if (magnitude > 0x7fffffff) {
      this.#bigint(BigInt(value))
      return
    }
    const length = Math.floor((32 - Math.clz32(magnitude)) / 8) + 1
    this.#u8(CODE.int)
    this.#u16(length)
    let rest = value < 0 ? value + 2 ** (8 * length) : value
    for (let i = 0; i < length; i++) {
      this.#u8(rest % 256)
      rest = Math.floor(rest / 256)
    }
  }

  #bigint(value: bigint): void {
    const magnitude = value < 0n ? -value : value
    const bitLength = magnitude === 0n ? 0 : magnitude.toString(2).length
    const length = Math.floor(bitLength / 8) + 1
    if (length > 0xffff) throw new BlobFormatError('integers are limited to 65535 bytes in a blob')
    const hex = BigInt.asUintN(8 * length, value).toString(16).padStart(2 * length, '0')
    this.#u8(CODE.int)
    this.#u16(length)
    this.#reserve(length)
    for (let i = length - 1; i >= 0; i--) this.#u8(Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16))
  }

  /** u64 byte length + UTF-8, as Python's str.encode(), which refuses lone surrogates. */
  #string(value: string): void {
    const lengthAt = this.#pos
    this.#u64(0)
    this.#utf8(value)
    this.#patchLength(lengthAt)
  }

  #utf8(value: string): void {
    if (LONE_SURROGATE.test(value)) {
      throw new BlobFormatError('strings with lone surrogates cannot be encoded as UTF-8')
    }
    this.#reserve(3 * value.length)
    this.#pos += UTF8.encodeInto(value, this.#bytes.subarray(this.#pos)).written
  }

  /** Writes a u64 length prefix followed by whatever `write` emits. */
  #sized(write: () => void): void {
    const lengthAt = this.#pos
    this.#u64(0)
    write()
    this.#patchLength(lengthAt)
  }

  #patchLength(lengthAt: number): void {
    this.#view.setBigUint64(lengthAt, BigInt(this.#pos - lengthAt - 8), true)
  }

  #reserve(length: number): void {
    const needed = this.#pos + length
    if (needed <= this.#bytes.byteLength) return
    const grown = new Uint8Array(Math.max(needed, 2 * this.#bytes.byteLength))
    grown.set(this.#bytes.subarray(0, this.#pos))
    this.#bytes = grown
    this.#view = new DataView(grown.buffer)
  }

  #raw(bytes: Uint8Array): void {
    this.#reserve(bytes.byteLength)
    this.#bytes.set(bytes, this.#pos)
    this.#pos += bytes.byteLength
  }

  #u8(value: number): void {
    this.#reserve(1)
    this.#bytes[this.#pos++] = value
  }

  #u16(value: number): void {
    this.#reserve(2)
    this.#view.setUint16(this.#pos, value, true)
    this.#pos += 2
  }

  #u32(value: number): void {
    this.#reserve(4)
    this.#view.setUint32(this.#pos, value, true)
    this.#pos += 4
  }

  #u64(value: number): void {
    this.#reserve(8)
    this.#view.setUint32(this.#pos, value % 2 ** 32, true)
    this.#view.setUint32(this.#pos + 4, Math.floor(value / 2 ** 32), true)
    this.#pos += 8
  }

  #f64(value: number): void {
    this.#reserve(8)
    this.#view.setFloat64(this.#pos, value, true)
    this.#pos += 8
  }
}

function checkedInteger(dtype: IntegerDtype, value: unknown): number | bigint {
  const [min, max] = INTEGER_RANGES[dtype]
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value
  if (typeof value === 'bigint' && value >= min && value <= max) return value
  throw new BlobFormatError(`${dtype} array element ${String(value)} is out of range`)
}

function complexOf(value: unknown): { re: number; im: number } {
  if (typeof value === 'number') return { re: value, im: 0 }
  const tagged = value as { __blob__?: unknown; re?: unknown; im?: unknown } | null
  if (tagged?.__blob__ === 'complex' && typeof tagged.re === 'number' && typeof tagged.im === 'number') {
    return { re: tagged.re, im: tagged.im }
  }
  throw new BlobFormatError(`complex array element ${String(value)} is not a complex value`)
}
