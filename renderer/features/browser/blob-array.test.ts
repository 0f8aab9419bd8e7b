import { describe, expect, it } from 'vitest'
import { arrayNumbers, arrayPlot, finiteRange, type WireArray } from './blob-array'

const bytesOf = (typed: ArrayBufferView): Uint8Array => new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength)
const wire = (dtype: WireArray['dtype'], shape: number[]): WireArray => ({ dtype, shape, data: '' })

describe('arrayPlot', () => {
  it('draws a vector (also a 1×N MATLAB row) as a line', () => {
    const bytes = bytesOf(new Float32Array([1, 2.5, -3]))
    expect(arrayPlot(wire('float32', [1, 3]), bytes)).toEqual({ kind: 'line', values: new Float64Array([1, 2.5, -3]) })
  })

  it('draws uint8 H×W and H×W×3 as images, other 2-D arrays as heatmaps', () => {
    expect(arrayPlot(wire('uint8', [2, 3]), new Uint8Array(6))).toMatchObject({ kind: 'image', height: 2, width: 3, channels: 1 })
    expect(arrayPlot(wire('uint8', [2, 3, 3]), new Uint8Array(18))).toMatchObject({ kind: 'image', height: 2, width: 3, channels: 3 })
    expect(arrayPlot(wire('int16', [2, 3]), bytesOf(new Int16Array([1, -2, 3, 4, 5, -6])))).toEqual({
      kind: 'heatmap',
      rows: 2,
      columns: 3,
      values: new Float64Array([1, -2, 3, 4, 5, -6]),
    })
  })

  it('does not draw scalars or arrays of three real dimensions', () => {
    expect(arrayPlot(wire('float64', []), bytesOf(new Float64Array([1])))).toBeNull()
    expect(arrayPlot(wire('float64', [2, 2, 2]), bytesOf(new Float64Array(8)))).toBeNull()
  })
})

describe('arrayNumbers and finiteRange', () => {
  it('reads 64-bit integers and skips non-finite values in the range', () => {
    expect([...arrayNumbers(wire('int64', [2]), bytesOf(new BigInt64Array([-5n, 7n])))]).toEqual([-5, 7])
    expect(finiteRange([Number.NaN, 3, -1, Number.POSITIVE_INFINITY])).toEqual([-1, 3])
    expect(finiteRange([Number.NaN])).toEqual([0, 0])
  })
})
