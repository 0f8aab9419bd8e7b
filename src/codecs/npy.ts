// NumPy's `.npy` file format (numpy.lib.format), both ways: an array read from a file (versions 1.0, 2.0 and 3.0;
// any byte order; C or Fortran order) as the BlobNdarray the blob encoder takes, and a C-order little-endian file
// written from element bytes. Item sizes and dtype names are the blob format's own (blob-layout). Pure.

import { BlobFormatError } from './blob-value'
import { COMPLEX_PART, columnMajorOrder, elementCount, ITEM_SIZE, NUMERIC_DTYPES, type NumericDtype } from './blob-layout'
import type { BlobComplex, BlobNdarray, ComplexDtype } from './blob-value'

/** The dtypes an `.npy` file is read as and written from. */
export type NpyDtype = NumericDtype | ComplexDtype | 'bool'

/**
 * How an uploaded `.npy` file travels as text (a form's `<blob>` field): a data URL of its bytes. JSON-like blob
 * text never starts so.
 */
export const NPY_DATA_URL_PREFIX = 'data:application/x-npy;base64,'

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] // \x93NUMPY

/** numpy's type character of a numeric dtype: `f` float, `i` signed, `u` unsigned integer. */
function kindOf(dtype: NumericDtype): 'f' | 'i' | 'u' {
  return dtype.startsWith('float') ? 'f' : dtype.startsWith('uint') ? 'u' : 'i'
}

function itemSize(dtype: NpyDtype): number {
  if (dtype === 'bool') return 1
  if (dtype === 'complex64' || dtype === 'complex128') return 2 * ITEM_SIZE[COMPLEX_PART[dtype]]
  return ITEM_SIZE[dtype]
}

/** numpy's little-endian `descr` of a dtype (`|` where byte order does not apply). */
function descrOf(dtype: NpyDtype): string {
  if (dtype === 'bool') return '|b1'
  const size = itemSize(dtype)
  const kind = dtype === 'complex64' || dtype === 'complex128' ? 'c' : kindOf(dtype)
  return `${size === 1 ? '|' : '<'}${kind}${size}`
}

/** The dtype a `descr` such as `<f8`, `>i2`, `|b1` or `<c16` names, with its byte order; null for any other. */
function dtypeOf(descr: string): { dtype: NpyDtype; littleEndian: boolean } | null {
  const match = /^([<>|=])([biufc])(\d+)$/.exec(descr)
  if (match === null) return null
  const littleEndian = match[1] !== '>'
  const [kind, size] = [match[2], Number(match[3])]
  if (kind === 'b') return size === 1 ? { dtype: 'bool', littleEndian } : null
  if (kind === 'c') {
    const dtype = (['complex64', 'complex128'] as const).find((d) => itemSize(d) === size)
    return dtype === undefined ? null : { dtype, littleEndian }
  }
  const dtype = NUMERIC_DTYPES.find((d) => kindOf(d) === kind && ITEM_SIZE[d] === size)
  return dtype === undefined ? null : { dtype, littleEndian }
}

/** Python's tuple text: `()`, `(5,)`, `(2, 3)`. */
function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
}

function refuse(message: string): BlobFormatError {
  return new BlobFormatError(`not a readable .npy file: ${message}`)
}

/** The header dict's three keys, as numpy writes them (`{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`). */
function parseHeader(text: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1]
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1]
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1]
  if (descr === undefined) {
    throw refuse(/'descr'\s*:\s*\[/.test(text) ? 'structured (record) arrays are not supported' : 'its header names no dtype')
  }
  if (fortran === undefined || shape === undefined) throw refuse('its header lacks fortran_order or shape')
  const dims = shape
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => Number(part.replace(/L$/, '')))
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) throw refuse(`bad shape (${shape})`)
  return { descr, fortranOrder: fortran === 'True', shape: dims }
}

export interface NpyHeader {
  readonly dtype: NpyDtype
  readonly littleEndian: boolean
  readonly fortranOrder: boolean
  readonly shape: readonly number[]
  /** Where the element bytes start. */
  readonly dataOffset: number
}

/** What a `.npy` file holds, from its first bytes (the header, at most a few kilobytes): enough to describe it. */
export function readNpyHeader(bytes: Uint8Array): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw refuse('it does not start with \\x93NUMPY')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const major = bytes[6] ?? 0
  if (major < 1 || major > 3) throw refuse(`format version ${major}.${bytes[7] ?? 0} is unknown`)
  const lengthBytes = major === 1 ? 2 : 4
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true)
  const start = 8 + lengthBytes
  if (start + headerLength > bytes.length) throw refuse('its header is cut short')
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength))
  const { descr, fortranOrder, shape } = parseHeader(header)
  const type = dtypeOf(descr)
  if (type === null) throw refuse(`dtype ${descr} is not a number, bool or complex type the blob format stores`)
  return { ...type, fortranOrder, shape, dataOffset: start + headerLength }
}

/**
 * A `.npy` file's array as the blob encoder's value: numbers (64-bit integers outside the safe range as bigint,
 * as the blob decoder gives them), booleans, or `{ re, im }` for complex; `data` in row-major order whatever the
 * file's order. Refuses object, string, datetime and structured arrays, and files cut short.
 */
export function parseNpy(bytes: Uint8Array): BlobNdarray {
  const { dtype, littleEndian, fortranOrder, shape, dataOffset } = readNpyHeader(bytes)
  const n = elementCount(shape)
  const size = itemSize(dtype)
  if (dataOffset + n * size > bytes.length) throw refuse(`it holds ${bytes.length - dataOffset} bytes of data; ${shapeText(shape)} ${descrOf(dtype)} needs ${n * size}`)
  const read = reader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), dataOffset, dtype, littleEndian)
  const order = fortranOrder ? columnMajorOrder(shape) : null
  const data: unknown[] = Array.from({ length: n })
  for (let k = 0; k < n; k++) data[order === null ? k : (order[k] ?? 0)] = read(k)
  return { __blob__: 'ndarray', dtype, shape: [...shape], data } as BlobNdarray
}

function reader(view: DataView, at: number, dtype: NpyDtype, little: boolean): (k: number) => unknown {
  switch (dtype) {
    case 'bool':
      return (k) => view.getUint8(at + k) !== 0
    case 'float64':
      return (k) => view.getFloat64(at + 8 * k, little)
    case 'float32':
      return (k) => view.getFloat32(at + 4 * k, little)
    case 'complex128':
      return (k): BlobComplex => ({ __blob__: 'complex', re: view.getFloat64(at + 16 * k, little), im: view.getFloat64(at + 16 * k + 8, little) })
    case 'complex64':
      return (k): BlobComplex => ({ __blob__: 'complex', re: view.getFloat32(at + 8 * k, little), im: view.getFloat32(at + 8 * k + 4, little) })
    case 'int8':
      return (k) => view.getInt8(at + k)
    case 'uint8':
      return (k) => view.getUint8(at + k)
    case 'int16':
      return (k) => view.getInt16(at + 2 * k, little)
    case 'uint16':
      return (k) => view.getUint16(at + 2 * k, little)
    case 'int32':
      return (k) => view.getInt32(at + 4 * k, little)
    case 'uint32':
      return (k) => view.getUint32(at + 4 * k, little)
    case 'int64':
      return (k) => safe(view.getBigInt64(at + 8 * k, little))
    case 'uint64':
      return (k) => safe(view.getBigUint64(at + 8 * k, little))
  }
}

function safe(value: bigint): number | bigint {
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : value
}

/** A `.npy` v1.0 file of `data` (little-endian element bytes in C order) with this dtype and shape. */
export function npyFile(dtype: NpyDtype, shape: readonly number[], data: Uint8Array): Uint8Array {
  const count = shape.reduce((product, n) => product * n, 1)
  if (count * itemSize(dtype) !== data.byteLength) {
    throw new RangeError(`A ${dtype} array of shape ${shapeText(shape)} needs ${count * itemSize(dtype)} bytes, not ${data.byteLength}.`)
  }
  const dict = `{'descr': '${descrOf(dtype)}', 'fortran_order': False, 'shape': ${shapeText(shape)}, }`
  // magic (6) + version (2) + header length (2) + header, padded so the data starts 64-byte aligned.
  const unpadded = 10 + dict.length + 1
  const headerLength = dict.length + 1 + ((64 - (unpadded % 64)) % 64)
  if (headerLength > 0xffff) throw new RangeError('The array has too many dimensions for a .npy v1.0 header.')
  const header = `${dict.padEnd(headerLength - 1, ' ')}\n`
  const file = new Uint8Array(10 + headerLength + data.byteLength)
  file.set([...MAGIC, 1, 0, headerLength & 0xff, headerLength >> 8])
  for (let i = 0; i < header.length; i++) file[10 + i] = header.charCodeAt(i)
  file.set(data, 10 + headerLength)
  return file
}
