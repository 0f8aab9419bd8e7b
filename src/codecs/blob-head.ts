// What a stored `<blob>` holds, read from its first bytes: its plain (uncompressed) size from the `ZL123\0` header
// and its top-level type and shape from the start of the plain blob, inflating no more than that start.
// Lets a caller describe a blob that would expand to hundreds of MiB without expanding it.

import { ZStream, Z_NO_FLUSH, Z_OK, Z_STREAM_END, zlibInflate, zlibInflateEnd, zlibInflateInit } from 'pako'
import {
  CODE,
  COMPRESSED_HEADER_BYTES,
  DATETIME64_TYPE_ID_BASE,
  DATETIME64_UNITS,
  DJ0_HEADER,
  MYM_HEADER,
  NOT_A_BLOB,
  NUMERIC_DTYPES,
  TYPE_ID,
  ZLIB_PREFIX,
  hasPrefix,
} from './blob-layout'
import { BlobFormatError } from './blob-value'
import type { NdarrayDtype } from './blob-value'

/** Plain bytes inflated to describe a blob: room for the shape and field names of any sensible value. */
const HEAD_BYTES = 64 * 1024

export function isCompressedBlob(bytes: Uint8Array): boolean {
  return hasPrefix(bytes, ZLIB_PREFIX)
}

/**
 * The size of a stored blob's plain form: the length a compressed blob declares in its header (not yet checked
 * against its stream), or the stored bytes themselves.
 * @throws BlobFormatError when a compressed blob is cut inside its header.
 */
export function plainBlobSize(bytes: Uint8Array): number {
  if (!isCompressedBlob(bytes)) return bytes.byteLength
  if (bytes.byteLength < COMPRESSED_HEADER_BYTES) throw new BlobFormatError('blob truncated inside the compression header')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // Above 2^53 the number is approximate, which is still far beyond any budget.
  return Number(view.getBigUint64(ZLIB_PREFIX.length, true))
}

/** The top level of a blob, as far as its first bytes tell. */
export type BlobHead =
  | { readonly kind: 'ndarray'; readonly dtype: NdarrayDtype; readonly shape: readonly number[] }
  | { readonly kind: 'struct'; readonly shape: readonly number[]; readonly fields: readonly string[] }
  | { readonly kind: 'cell'; readonly shape: readonly number[] }
  | { readonly kind: 'list' | 'dict'; readonly count: number }
  | { readonly kind: 'str' | 'bytes'; readonly byteLength: number }
  | { readonly kind: 'other' }

/**
 * Describes a stored blob's top level from at most its first 64 KiB of plain bytes; a compressed blob is
 * inflated only that far, whatever its header declares.
 * @throws BlobFormatError when the blob is corrupt in those first bytes.
 */
export function readBlobHead(bytes: Uint8Array): BlobHead {
  const head = isCompressedBlob(bytes) ? inflateHead(bytes.subarray(COMPRESSED_HEADER_BYTES), HEAD_BYTES) : bytes
  return describeHead(new DataView(head.buffer, head.byteOffset, head.byteLength))
}

/** The first `length` bytes (or fewer, if the stream ends sooner) that a zlib stream inflates to. */
function inflateHead(stream: Uint8Array, length: number): Uint8Array {
  const strm = new ZStream()
  zlibInflateInit(strm)
  strm.input = stream
  strm.next_in = 0
  strm.avail_in = stream.byteLength
  strm.output = new Uint8Array(length)
  strm.next_out = 0
  strm.avail_out = length
  // One call stops when the output is full: the rest of the stream is never inflated.
  const status = zlibInflate(strm, Z_NO_FLUSH)
  const produced = strm.next_out
  const message = strm.msg
  zlibInflateEnd(strm)
  if (status !== Z_OK && status !== Z_STREAM_END && produced === 0) {
    throw new BlobFormatError(`corrupt compressed blob: ${message || `zlib status ${status}`}`)
  }
  return strm.output.subarray(0, produced)
}

function describeHead(view: DataView): BlobHead {
  const head = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
  if (!hasPrefix(head, MYM_HEADER) && !hasPrefix(head, DJ0_HEADER)) {
    throw new BlobFormatError(NOT_A_BLOB)
  }
  let pos = MYM_HEADER.length
  // Reads past the inflated head throw RangeError: the value is then described as far as it was read.
  const u8 = (): number => view.getUint8(pos++)
  const u32 = (): number => {
    pos += 4
    return view.getUint32(pos - 4, true)
  }
  const u64 = (): number => {
    pos += 8
    return Number(view.getBigUint64(pos - 8, true))
  }
  const shape = (): number[] => {
    const ndims = u64()
    if (ndims * 8 > view.byteLength - pos) throw new BlobFormatError('blob truncated inside an array shape')
    return Array.from({ length: ndims }, u64)
  }
  try {
    switch (u8()) {
      case CODE.array: {
        const dims = shape()
        const typeId = u32()
        const isComplex = u32() !== 0
        const dtype = arrayDtype(typeId, isComplex)
        if (dtype === undefined) return { kind: 'other' }
        return { kind: 'ndarray', dtype, shape: typeId === TYPE_ID.char ? charRowShape(dims) : dims }
      }
      case CODE.struct: {
        const dims = shape()
        const fieldCount = u32()
        const fields: string[] = []
        const text = new TextDecoder()
        for (let i = 0; i < fieldCount; i++) {
          let end = pos
          while (view.getUint8(end) !== 0) end++
          fields.push(text.decode(new Uint8Array(view.buffer, view.byteOffset + pos, end - pos)))
          pos = end + 1
        }
        return { kind: 'struct', shape: dims, fields }
      }
      case CODE.cell:
        return { kind: 'cell', shape: shape() }
      case CODE.tuple:
      case CODE.list:
      case CODE.set:
        return { kind: 'list', count: u64() }
      case CODE.dict:
        return { kind: 'dict', count: u64() }
      case CODE.str:
        return { kind: 'str', byteLength: u64() }
      case CODE.bytes:
        return { kind: 'bytes', byteLength: u64() }
      default:
        return { kind: 'other' }
    }
  } catch (error) {
    if (error instanceof RangeError) return { kind: 'other' }
    throw error
  }
}

/** The dtype blob-decode.ts gives an array with this type id; undefined for arrays it cannot represent. */
function arrayDtype(typeId: number, isComplex: boolean): NdarrayDtype | undefined {
  const numeric = NUMERIC_DTYPES[typeId - 6]
  if (numeric !== undefined) {
    if (!isComplex) return numeric
    return numeric === 'float32' ? 'complex64' : 'complex128'
  }
  if (typeId === TYPE_ID.char) return 'char'
  if (typeId === TYPE_ID.object) return 'object'
  if (isComplex) return undefined
  if (typeId === TYPE_ID.logical) return 'bool'
  const unit = DATETIME64_UNITS[typeId - DATETIME64_TYPE_ID_BASE]
  return unit === undefined ? undefined : `datetime64[${unit}]`
}

/** A char array decodes to one string per row: axis 1 (the characters) leaves the shape. */
function charRowShape(shape: readonly number[]): number[] {
  return [shape[0] ?? 1, ...shape.slice(2)]
}
