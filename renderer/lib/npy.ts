// NumPy's `.npy` file format, version 1.0 (numpy.lib.format): the magic string, a Python-dict header padded with
// spaces to a multiple of 64 bytes and ended by a newline, then the raw C-order element bytes. Pure.

export type NpyDtype = 'float64' | 'float32' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'bool'

/** numpy's `descr` for each dtype, little-endian (`|` where byte order does not apply). */
const DESCR: Readonly<Record<NpyDtype, string>> = {
  float64: '<f8',
  float32: '<f4',
  int8: '|i1',
  uint8: '|u1',
  int16: '<i2',
  uint16: '<u2',
  int32: '<i4',
  uint32: '<u4',
  int64: '<i8',
  uint64: '<u8',
  bool: '|b1',
}

const ITEM_SIZE: Readonly<Record<NpyDtype, number>> = {
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
  bool: 1,
}

/** Python's tuple text: `()`, `(5,)`, `(2, 3)`. */
function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
}

/** A `.npy` v1.0 file of `data` (little-endian element bytes in C order) with this dtype and shape. */
export function npyFile(dtype: NpyDtype, shape: readonly number[], data: Uint8Array): Uint8Array {
  const count = shape.reduce((product, n) => product * n, 1)
  if (count * ITEM_SIZE[dtype] !== data.byteLength) {
    throw new RangeError(`A ${dtype} array of shape ${shapeText(shape)} needs ${count * ITEM_SIZE[dtype]} bytes, not ${data.byteLength}.`)
  }
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${shapeText(shape)}, }`
  // magic (6) + version (2) + header length (2) + header, padded so the data starts 64-byte aligned.
  const unpadded = 10 + dict.length + 1
  const headerLength = dict.length + 1 + ((64 - (unpadded % 64)) % 64)
  if (headerLength > 0xffff) throw new RangeError('The array has too many dimensions for a .npy v1.0 header.')
  const header = `${dict.padEnd(headerLength - 1, ' ')}\n`
  const file = new Uint8Array(10 + headerLength + data.byteLength)
  file.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, headerLength & 0xff, headerLength >> 8])
  for (let i = 0; i < header.length; i++) file[10 + i] = header.charCodeAt(i)
  file.set(data, 10 + headerLength)
  return file
}
