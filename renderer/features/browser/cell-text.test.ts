import { describe, expect, test } from 'vitest'
import { hexDump, localContent, numericSeries, viewerContent } from './cell-text'

describe('hexDump', () => {
  test('16 bytes a line with offsets and printable characters', () => {
    const hex = Array.from(new TextEncoder().encode('Hello, DataJoint! \u0001'), (b) => b.toString(16).padStart(2, '0')).join('')
    expect(hexDump(hex)).toEqual([
      '00000000  48 65 6c 6c 6f 2c 20 44  61 74 61 4a 6f 69 6e 74  |Hello, DataJoint|',
      '00000010  21 20 01                                          |! .|',
    ])
  })
})

describe('viewerContent', () => {
  test('a decoded blob that is JSON shows as a tree', () => {
    expect(viewerContent('blob', '{"shape":[3],"data":[1,2,3]}')).toMatchObject({ kind: 'json', value: { shape: [3] } })
  })

  test('a blob summary that is not JSON shows as text', () => {
    expect(viewerContent('blob', 'array([1, 2, 3])')).toEqual({ kind: 'text', text: 'array([1, 2, 3])' })
  })

  test('bytes as a hex dump', () => {
    expect(viewerContent('bytes', '0x0001')).toMatchObject({ kind: 'hex' })
  })
})

describe('localContent', () => {
  test('text and json need no request; blobs and bytes do', () => {
    expect(localContent('long text')).toEqual({ kind: 'text', text: 'long text' })
    expect(localContent({ $json: '[1]' })).toEqual({ kind: 'json', value: [1], text: '[1]' })
    expect(localContent({ $blob: { summary: 's', size: 1 } })).toBeNull()
  })
})

describe('numericSeries', () => {
  test('a list of numbers, with its range and mean', () => {
    expect(numericSeries([1, 3, 2])).toEqual({ values: [1, 3, 2], min: 1, max: 3, mean: 2, label: 'list (3)' })
  })

  test('a 1-D or vector-shaped ndarray; integer text counts as numbers', () => {
    expect(numericSeries({ __blob__: 'ndarray', dtype: 'float64', shape: [3], data: [0.5, 1, 1.5] })).toMatchObject({ label: 'float64 (3,)', max: 1.5 })
    expect(numericSeries({ __blob__: 'ndarray', dtype: 'int64', shape: [1, 2], data: ['9007199254740993', 1] })).toMatchObject({ label: 'int64 (1, 2)' })
  })

  test('anything else is not a series', () => {
    expect(numericSeries([1, 'a'])).toBeNull()
    expect(numericSeries([1])).toBeNull()
    expect(numericSeries({ __blob__: 'ndarray', dtype: 'float64', shape: [2, 2], data: [1, 2, 3, 4] })).toBeNull()
    expect(numericSeries({ a: 1 })).toBeNull()
  })
})
