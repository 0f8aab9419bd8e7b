import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeBlob, encodeBlob } from './blob'
import { npyFile, parseNpy } from './npy'

/** Files numpy 2 wrote (np.save; np.lib.format.write_array for version 2.0). */
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./npy-fixtures/${name}`, import.meta.url)))

function headerOf(file: Uint8Array): { magic: number[]; version: number[]; length: number; text: string } {
  const length = file[8]! | (file[9]! << 8)
  return { magic: [...file.subarray(0, 6)], version: [file[6]!, file[7]!], length, text: new TextDecoder().decode(file.subarray(10, 10 + length)) }
}

describe('npyFile', () => {
  it('writes a v1.0 header padded to 64 bytes, then the element bytes unchanged', () => {
    const values = new Float64Array([1.5, -2, 3.25, 0, 1e300, Number.NaN])
    const data = new Uint8Array(values.buffer)
    const file = npyFile('float64', [2, 3], data)
    const { magic, version, length, text } = headerOf(file)
    expect(magic).toEqual([0x93, ...'NUMPY'.split('').map((c) => c.charCodeAt(0))])
    expect(version).toEqual([1, 0])
    expect((10 + length) % 64).toBe(0)
    expect(text).toMatch(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/)
    expect(file.byteLength).toBe(10 + length + 48)
    expect(new Float64Array(file.slice(10 + length).buffer)).toEqual(values)
  })

  it('spells one-dimensional and zero-dimensional shapes as Python tuples', () => {
    expect(headerOf(npyFile('uint8', [4], new Uint8Array(4))).text).toContain("'descr': '|u1', 'fortran_order': False, 'shape': (4,),")
    expect(headerOf(npyFile('int64', [], new Uint8Array(8))).text).toContain("'descr': '<i8', 'fortran_order': False, 'shape': (),")
    expect(headerOf(npyFile('bool', [1, 2], new Uint8Array(2))).text).toContain("'descr': '|b1'")
  })

  it('refuses data whose length does not match the shape', () => {
    expect(() => npyFile('int32', [3], new Uint8Array(8))).toThrow(/needs 12 bytes, not 8/)
  })
})

describe('parseNpy', () => {
  it('reads what numpy wrote: dtype, shape and values in row-major order', () => {
    expect(parseNpy(fixture('f8.npy'))).toEqual({ __blob__: 'ndarray', dtype: 'float64', shape: [2, 3], data: [1.5, -2, 3.25, 0, 1e300, -0] })
    expect(Object.is((parseNpy(fixture('f8.npy')).data as number[])[5], -0)).toBe(true)
    expect(parseNpy(fixture('bool.npy'))).toEqual({ __blob__: 'ndarray', dtype: 'bool', shape: [2, 3], data: [true, false, true, false, true, false] })
    expect(parseNpy(fixture('c16.npy'))).toEqual({
      __blob__: 'ndarray',
      dtype: 'complex128',
      shape: [2],
      data: [
        { __blob__: 'complex', re: 1, im: 2 },
        { __blob__: 'complex', re: -0, im: -3.5 },
      ],
    })
    expect(parseNpy(fixture('i8-0d.npy'))).toEqual({ __blob__: 'ndarray', dtype: 'int64', shape: [], data: [-7] })
    expect(parseNpy(fixture('f4-empty.npy'))).toEqual({ __blob__: 'ndarray', dtype: 'float32', shape: [0, 3], data: [] })
  })

  it('reads Fortran order and big-endian bytes, a version 2.0 header, and 64-bit integers exactly', () => {
    // np.asfortranarray(np.arange(12, dtype='>i2').reshape(3, 4) - 6)
    expect(parseNpy(fixture('i2-fortran-big-endian.npy'))).toEqual({ __blob__: 'ndarray', dtype: 'int16', shape: [3, 4], data: Array.from({ length: 12 }, (_, i) => i - 6) })
    expect(parseNpy(fixture('i4-v2.npy'))).toEqual({ __blob__: 'ndarray', dtype: 'int32', shape: [2, 3, 4], data: Array.from({ length: 24 }, (_, i) => i) })
    expect(parseNpy(fixture('u8.npy')).data).toEqual([0, 2n ** 64n - 1n, 2n ** 53n + 1n])
  })

  it('gives the blob encoder what it stores as the same numpy array', () => {
    for (const name of ['f8.npy', 'bool.npy', 'c16.npy', 'i2-fortran-big-endian.npy', 'i4-v2.npy', 'u8.npy', 'i8-0d.npy']) {
      const array = parseNpy(fixture(name))
      expect(decodeBlob(encodeBlob(array)), name).toEqual(array)
    }
  })

  it('reads back what npyFile writes', () => {
    const file = npyFile('int16', [2, 2], new Uint8Array(new Int16Array([1, -2, 3, -4]).buffer))
    expect(parseNpy(file)).toEqual({ __blob__: 'ndarray', dtype: 'int16', shape: [2, 2], data: [1, -2, 3, -4] })
  })

  it('refuses what the blob format cannot hold, and files that are not .npy or are cut short', () => {
    expect(() => parseNpy(fixture('unicode.npy'))).toThrow(/dtype <U2 is not a number, bool or complex type/)
    expect(() => parseNpy(new TextEncoder().encode('lab_id,name\n1,x\n'))).toThrow(/does not start with/)
    const whole = fixture('f8.npy')
    expect(() => parseNpy(whole.subarray(0, whole.length - 8))).toThrow(/holds 40 bytes of data; \(2, 3\) <f8 needs 48/)
  })
})
