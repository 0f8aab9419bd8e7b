// Wire constants of the blob format (DataJoint Python's `blob.py`) and column-major ↔ row-major index math,
// shared by the decoder and the encoder.

import type { ComplexDtype, Datetime64Unit, FloatDtype, IntegerDtype } from './blob-value'

export const ZLIB_PREFIX = 'ZL123\0'
export const MYM_HEADER = 'mYm\0'
export const DJ0_HEADER = 'dj0\0'
export const NOT_A_BLOB = 'not a DataJoint blob: expected a "mYm\\0", "dj0\\0" or "ZL123\\0" header'

/** Python blob.py pack(): only larger blobs are tried for compression. */
export const COMPRESS_THRESHOLD = 1000

export const CODE = {
  array: 0x41, // 'A'
  sparse: 0x50, // 'P'
  struct: 0x53, // 'S'
  cell: 0x43, // 'C'
  recarray: 0x46, // 'F'
  tuple: 0x01,
  list: 0x02,
  set: 0x03,
  dict: 0x04,
  str: 0x05,
  bytes: 0x06,
  int: 0x0a,
  bool: 0x0b,
  complex: 0x0c,
  float: 0x0d,
  decimal: 0x64, // 'd'
  datetime: 0x74, // 't'
  uuid: 0x75, // 'u'
  none: 0xff,
} as const

export const TYPE_ID = {
  unknown: 0,
  cell: 1,
  struct: 2,
  logical: 3,
  char: 4,
  object: 5,
  function: 16,
} as const

export type NumericDtype = FloatDtype | IntegerDtype

export const NUMERIC_TYPE_IDS: Readonly<Record<NumericDtype, number>> = {
  float64: 6,
  float32: 7,
  int8: 8,
  uint8: 9,
  int16: 10,
  uint16: 11,
  int32: 12,
  uint32: 13,
  int64: 14,
  uint64: 15,
}

export const NUMERIC_DTYPES: readonly NumericDtype[] = [
  'float64',
  'float32',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
]

export const ITEM_SIZE: Readonly<Record<NumericDtype, number>> = {
  float64: 8,
  float32: 4,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
}

export const COMPLEX_PART: Readonly<Record<ComplexDtype, FloatDtype>> = {
  complex128: 'float64',
  complex64: 'float32',
}

/** Type ids 65536 + index, in numpy's unit order. */
export const DATETIME64_UNITS: readonly Datetime64Unit[] = [
  'Y',
  'M',
  'W',
  'D',
  'h',
  'm',
  's',
  'ms',
  'us',
  'ns',
  'ps',
  'fs',
  'as',
]
export const DATETIME64_TYPE_ID_BASE = 65536

/** Names for messages about array type ids that have no BlobValue. */
export const TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'unknown',
  1: 'cell',
  2: 'struct',
  3: 'logical',
  16: 'function handle',
}

export function elementCount(shape: readonly number[]): number {
  // Checked first so that a zero next to overflowing dimensions gives 0, not Infinity × 0 = NaN.
  if (shape.includes(0)) return 0
  let n = 1
  for (const d of shape) n *= d
  return n
}

export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? '0-d' : shape.join('×')
}

/**
 * For each element in row-major order, its offset in an array laid out with the given
 * per-axis strides (in elements). Returns null when that offset equals the row-major index,
 * which is always the case for column-major data with at most one axis longer than 1.
 */
export function rowMajorOffsets(shape: readonly number[], strides: readonly number[]): Uint32Array | null {
  const n = elementCount(shape)
  let expected = 1
  let identity = true
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const size = shape[axis] ?? 1
    if (size > 1 && strides[axis] !== expected) identity = false
    expected *= size
  }
  if (identity || n === 0) return null
  const offsets = new Uint32Array(n)
  const index = shape.map(() => 0)
  let offset = 0
  for (let i = 0; i < n; i++) {
    offsets[i] = offset
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const stride = strides[axis] ?? 0
      const next = (index[axis] ?? 0) + 1
      if (next < (shape[axis] ?? 1)) {
        index[axis] = next
        offset += stride
        break
      }
      index[axis] = 0
      offset -= stride * (next - 1)
    }
  }
  return offsets
}

/** Column-major (MATLAB/Fortran order) strides, in elements. */
export function columnMajorStrides(shape: readonly number[]): number[] {
  const strides: number[] = []
  let stride = 1
  for (const size of shape) {
    strides.push(stride)
    stride *= size
  }
  return strides
}

/** For each position of column-major storage, the row-major index of its element; null when identical. */
export function columnMajorOrder(shape: readonly number[]): Uint32Array | null {
  const offsets = rowMajorOffsets(shape, columnMajorStrides(shape))
  if (offsets === null) return null
  const order = new Uint32Array(offsets.length)
  offsets.forEach((offset, index) => {
    order[offset] = index
  })
  return order
}

/** `ZL123\0` and the u64 length of the plain blob it compresses. */
export const COMPRESSED_HEADER_BYTES = ZLIB_PREFIX.length + 8

/** Whether bytes start with an ASCII header (`mYm\0`, `dj0\0`, `ZL123\0`). */
export function hasPrefix(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.byteLength < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false
  return true
}
