// The decoded shape of a DataJoint `<blob>` payload (DataJoint Python's `blob.py`) and its format error.
// Plain, structured-clone friendly data only: no classes cross into a BlobValue.

/** A Python `complex` scalar. */
export interface BlobComplex {
  readonly __blob__: 'complex'
  readonly re: number
  readonly im: number
}

export type FloatDtype = 'float64' | 'float32'
export type IntegerDtype = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64'

/** The values each integer type holds (numpy's dtypes and DataJoint's core integer types share the names). */
export const INTEGER_RANGES: Readonly<Record<IntegerDtype, readonly [bigint, bigint]>> = {
  int8: [-(2n ** 7n), 2n ** 7n - 1n],
  uint8: [0n, 2n ** 8n - 1n],
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  uint16: [0n, 2n ** 16n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
}
export type ComplexDtype = 'complex128' | 'complex64'
export type Datetime64Unit = 'Y' | 'M' | 'W' | 'D' | 'h' | 'm' | 's' | 'ms' | 'us' | 'ns' | 'ps' | 'fs' | 'as'
export type Datetime64Dtype = `datetime64[${Datetime64Unit}]`

interface NdarrayOf<TDtype extends string, TElement> {
  readonly __blob__: 'ndarray'
  readonly dtype: TDtype
  readonly shape: readonly number[]
  /** Row-major (C order), `shape` product long. */
  readonly data: readonly TElement[]
}

/**
 * A numpy/MATLAB array, never collapsed to a scalar (a 0-d array has `shape: []`).
 * 64-bit integers are numbers when safe, else bigints; `char` holds one string per row of a
 * multi-row MATLAB char matrix (the character axis, MATLAB's second, is dropped from `shape`);
 * datetime64 elements are ISO strings as numpy prints them (`'NaT'` for not-a-time).
 */
export type BlobNdarray =
  | NdarrayOf<FloatDtype | IntegerDtype, number | bigint>
  | NdarrayOf<'bool', boolean>
  | NdarrayOf<ComplexDtype, BlobComplex>
  | NdarrayOf<'char', string>
  | NdarrayOf<Datetime64Dtype, string>
  | NdarrayOf<'object', BlobValue>

export type NdarrayDtype = BlobNdarray['dtype']

/** A MATLAB cell array; `data` is row-major. */
export interface BlobCell {
  readonly __blob__: 'cell'
  readonly shape: readonly number[]
  readonly data: readonly BlobValue[]
}

/** One element of a struct or record array, keyed by field name. */
export interface BlobRecord {
  readonly [field: string]: BlobValue
}

/** A MATLAB struct array (`S`) or a numpy record array (`F`); `data` is row-major. */
export interface BlobStruct {
  readonly __blob__: 'struct' | 'recarray'
  readonly shape: readonly number[]
  readonly fields: readonly string[]
  readonly data: readonly BlobRecord[]
}

/** A part of a blob that is well-formed but cannot be represented faithfully. */
export interface BlobUnsupported {
  readonly __blob__: 'unsupported'
  /** Human-readable description, e.g. `MATLAB sparse array`. */
  readonly type: string
  readonly byteLength: number
}

/** A Python dict whose keys are all strings. */
export interface BlobDict {
  readonly [key: string]: BlobValue
}

export type BlobTagged = BlobComplex | BlobNdarray | BlobCell | BlobStruct | BlobUnsupported

/**
 * A decoded blob. Python None → null; int → number, or bigint beyond Number.MAX_SAFE_INTEGER;
 * Decimal/date/time/datetime/UUID → strings; tuple/list/set → arrays; dict → plain object.
 * Objects carrying a `__blob__` tag are the non-JSON-like values; a plain object never has one.
 */
export type BlobValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | readonly BlobValue[]
  | BlobDict
  | BlobTagged

/** Thrown for truncated, corrupt or unencodable blobs. */
export class BlobFormatError extends Error {
  override readonly name = 'BlobFormatError'
}

export const BLOB_TAG = '__blob__'

export function isNdarray(value: BlobValue): value is BlobNdarray {
  return isTagged(value) && value.__blob__ === 'ndarray'
}

export function isTagged(value: BlobValue): value is BlobTagged {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    Object.hasOwn(value, BLOB_TAG)
  )
}
