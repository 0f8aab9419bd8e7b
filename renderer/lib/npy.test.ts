import { describe, expect, it } from 'vitest'
import { npyFile } from './npy'

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
