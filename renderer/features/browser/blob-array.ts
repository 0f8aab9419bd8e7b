// A numeric `<blob>` array as `cell.value` sends it (dtype, shape, little-endian bytes in base64), turned into
// what the cell viewer draws: a line for one dimension, an image for uint8 H×W or H×W×3, a heatmap for other
// two-dimensional arrays. Pure.

import type { Output } from '../../../electron/ipc/contract'

export type WireArray = NonNullable<Output<'cell.value'>['array']>

export type ArrayPlot =
  | { readonly kind: 'line'; readonly values: Float64Array }
  | { readonly kind: 'heatmap'; readonly rows: number; readonly columns: number; readonly values: Float64Array }
  | { readonly kind: 'image'; readonly height: number; readonly width: number; readonly channels: 1 | 3; readonly pixels: Uint8Array }

export function base64Bytes(base64: string): Uint8Array {
  const text = atob(base64)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

/** The elements as numbers (64-bit integers beyond 2^53 lose precision, which a plot cannot show anyway). */
export function arrayNumbers(array: WireArray, bytes: Uint8Array): Float64Array {
  const buffer = bytes.slice().buffer
  switch (array.dtype) {
    case 'float64':
      return new Float64Array(buffer)
    case 'float32':
      return Float64Array.from(new Float32Array(buffer))
    case 'int8':
      return Float64Array.from(new Int8Array(buffer))
    case 'uint8':
    case 'bool':
      return Float64Array.from(bytes)
    case 'int16':
      return Float64Array.from(new Int16Array(buffer))
    case 'uint16':
      return Float64Array.from(new Uint16Array(buffer))
    case 'int32':
      return Float64Array.from(new Int32Array(buffer))
    case 'uint32':
      return Float64Array.from(new Uint32Array(buffer))
    case 'int64':
      return Float64Array.from(new BigInt64Array(buffer), Number)
    case 'uint64':
      return Float64Array.from(new BigUint64Array(buffer), Number)
    default:
      return new Float64Array(0)
  }
}

/** How to draw the array, or null when it is not drawable (a scalar, one element, three or more real dimensions). */
export function arrayPlot(array: WireArray, bytes: Uint8Array): ArrayPlot | null {
  const { shape, dtype } = array
  if (dtype === 'uint8' && (shape.length === 2 || (shape.length === 3 && shape[2] === 3)) && shape[0]! > 0 && shape[1]! > 0) {
    return { kind: 'image', height: shape[0]!, width: shape[1]!, channels: shape.length === 3 ? 3 : 1, pixels: bytes }
  }
  // Singleton axes (a MATLAB row vector is 1×N) do not change what the data is.
  const real = shape.filter((n) => n !== 1)
  if (real.length === 1 && real[0]! > 1) return { kind: 'line', values: arrayNumbers(array, bytes) }
  if (real.length === 2) return { kind: 'heatmap', rows: real[0]!, columns: real[1]!, values: arrayNumbers(array, bytes) }
  return null
}

/** `float64 (2, 3)`: numpy's way of naming an array. */
export function arrayLabel(array: WireArray): string {
  return `${array.dtype} (${array.shape.join(', ')}${array.shape.length === 1 ? ',' : ''})`
}

/** Finite minimum and maximum (NaN and infinities are skipped); [0, 0] when there is none. */
export function finiteRange(values: ArrayLike<number>): readonly [number, number] {
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isFinite(v)) continue
    if (v < min) min = v
    if (v > max) max = v
  }
  return min === Infinity ? [0, 0] : [min, max]
}
