import { parse } from 'papaparse'
import { describe, expect, test } from 'vitest'
import { testAttribute } from '../../src/testing/attributes'
import { exportEncoder, exportFileName } from './export-format'

const ATTRS = [
  testAttribute('id', { type: 'int64', category: 'integer' }),
  testAttribute('name', { type: 'varchar(20)', category: 'string', inKey: false, nullable: true }),
  testAttribute('raw', { type: 'bytes', category: 'bytes', inKey: false, nullable: true }),
  testAttribute('data', { type: '<blob>', category: 'codec', codec: '<blob>', inKey: false, nullable: true }),
  testAttribute('meta', { type: 'json', category: 'json', inKey: false, nullable: true }),
]
const ndarray = { __blob__: 'ndarray', dtype: 'float64', shape: [3], data: [1.5, Number.NaN, 3] }
const ROWS = [
  // Buffers, as the drivers return bytes (a Buffer has a toJSON of its own).
  { id: 1, name: 'Ada, "the" first', raw: Buffer.from([0, 1, 255]), data: ndarray, meta: 'text' },
  { id: 2n ** 60n, name: '', raw: null, data: null, meta: { a: [1, 2] } },
  { id: 3, name: null, raw: new Uint8Array([]), data: [Buffer.from([7]), 2n ** 64n], meta: null },
]

function encode(format: 'csv' | 'json', pages: (typeof ROWS)[]): string {
  const encoder = exportEncoder(format, ATTRS)
  return encoder.begin() + pages.map((rows) => encoder.page(rows)).join('') + encoder.end()
}

describe('CSV', () => {
  test('full values, NULL an empty field and "" a quoted one, bytes base64, structured values as JSON text', () => {
    const text = encode('csv', [ROWS.slice(0, 1), ROWS.slice(1)])
    expect(text.split('\r\n')).toEqual([
      'id,name,raw,data,meta',
      '1,"Ada, ""the"" first",AAH/,"{""__blob__"":""ndarray"",""dtype"":""float64"",""shape"":[3],""data"":[1.5,""NaN"",3]}","""text"""',
      '1152921504606846976,"",,,"{""a"":[1,2]}"',
      '3,,"","[""Bw=="",""18446744073709551616""]",',
      '',
    ])
  })

  test('reads back with NULL and "" distinct (a reader that keeps quoting, as PostgreSQL COPY does)', () => {
    const text = encode('csv', [ROWS])
    const rows = parse<string[]>(text.trimEnd(), { newline: '\r\n' }).data
    expect(rows[2]?.[1]).toBe('')
    expect(text.split('\r\n')[2]?.split(',')[1]).toBe('""')
    expect(text.split('\r\n')[3]?.split(',')[1]).toBe('')
    expect(JSON.parse(rows[1]?.[3] ?? '')).toEqual({ ...ndarray, data: [1.5, 'NaN', 3] })
  })

  test('a header only for no rows', () => {
    expect(encode('csv', [])).toBe('id,name,raw,data,meta\r\n')
  })
})

describe('JSON', () => {
  test('an array of objects, one per line, with full values', () => {
    const text = encode('json', [ROWS.slice(0, 2), [], ROWS.slice(2)])
    expect(JSON.parse(text)).toEqual([
      { id: 1, name: 'Ada, "the" first', raw: 'AAH/', data: { ...ndarray, data: [1.5, 'NaN', 3] }, meta: 'text' },
      { id: '1152921504606846976', name: '', raw: null, data: null, meta: { a: [1, 2] } },
      { id: 3, name: null, raw: '', data: ['Bw==', '18446744073709551616'], meta: null },
    ])
    expect(text.split('\n')).toHaveLength(6)
  })

  test('an empty array for no rows', () => {
    expect(JSON.parse(encode('json', []))).toEqual([])
  })
})

test('exportFileName drops tier prefixes and unsafe characters', () => {
  expect(exportFileName('#species', 'csv', new Date('2026-11-21T10:00:00Z'))).toBe('species-2026-11-21.csv')
  expect(exportFileName('__activity', 'json', new Date('2026-11-21T10:00:00Z'))).toBe('activity-2026-11-21.json')
  expect(exportFileName('a/b c', 'json', new Date('2026-11-21T10:00:00Z'))).toBe('a_b_c-2026-11-21.json')
})
