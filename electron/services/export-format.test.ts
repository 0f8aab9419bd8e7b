import { parse } from 'papaparse'
import { describe, expect, test } from 'vitest'
import { testAttribute } from '../../src/testing/attributes'
import { differencesEncoder, exportEncoder, exportFileName, type DifferenceKind, type DifferenceRow } from './export-format'

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

describe('differences', () => {
  // The right side lacks `meta` and has a `gain` of its own.
  const LEFT = ATTRS
  const RIGHT = [...ATTRS.slice(0, 4), testAttribute('gain', { type: 'float32', category: 'float', inKey: false, nullable: true })]
  const only = (side: 'left' | 'right', row: (typeof ROWS)[number]): DifferenceRow => ({
    key: { id: row.id },
    left: side === 'left' ? row : null,
    right: side === 'right' ? { ...row, gain: 0.5 } : null,
    changed: [],
  })
  const SECTIONS: [DifferenceKind, DifferenceRow[][]][] = [
    ['onlyLeft', [[only('left', ROWS[0] as (typeof ROWS)[number])]]],
    ['onlyRight', []],
    ['changed', [[{ key: { id: 2n ** 60n }, left: ROWS[1] as (typeof ROWS)[number], right: { ...ROWS[1], name: 'Bo', gain: null }, changed: ['name', 'raw'] }], []]],
  ]
  function encodeDifferences(format: 'csv' | 'json'): string {
    const encoder = differencesEncoder(format, LEFT, RIGHT)
    return encoder.begin() + SECTIONS.map(([kind, pages]) => encoder.kind(kind) + pages.map((rows) => encoder.page(rows)).join('')).join('') + encoder.end()
  }

  test('CSV: a line per side, every attribute of either side, full values', () => {
    expect(encodeDifferences('csv').split('\r\n')).toEqual([
      'difference,side,changed,id,name,raw,data,meta,gain',
      'only left,left,"",1,"Ada, ""the"" first",AAH/,"{""__blob__"":""ndarray"",""dtype"":""float64"",""shape"":[3],""data"":[1.5,""NaN"",3]}","""text""",',
      'changed,left,name raw,1152921504606846976,"",,,"{""a"":[1,2]}",',
      'changed,right,name raw,1152921504606846976,Bo,,,"{""a"":[1,2]}",',
      '',
    ])
  })

  test('JSON: each kind an array (empty ones too) of key, both sides by their own attributes, and what changed', () => {
    const text = encodeDifferences('json')
    expect(JSON.parse(text)).toEqual({
      onlyLeft: [{ key: { id: 1 }, left: { id: 1, name: 'Ada, "the" first', raw: 'AAH/', data: { ...ndarray, data: [1.5, 'NaN', 3] }, meta: 'text' }, right: null, changed: [] }],
      onlyRight: [],
      changed: [
        {
          key: { id: '1152921504606846976' },
          left: { id: '1152921504606846976', name: '', raw: null, data: null, meta: { a: [1, 2] } },
          right: { id: '1152921504606846976', name: 'Bo', raw: null, data: null, gain: null },
          changed: ['name', 'raw'],
        },
      ],
    })
    expect(text.split('\n')).toHaveLength(10)
  })

  test('no differences: a header, or three empty arrays', () => {
    const empty = (format: 'csv' | 'json') => {
      const encoder = differencesEncoder(format, LEFT, RIGHT)
      return encoder.begin() + (['onlyLeft', 'onlyRight', 'changed'] as const).map((kind) => encoder.kind(kind)).join('') + encoder.end()
    }
    expect(empty('csv')).toBe('difference,side,changed,id,name,raw,data,meta,gain\r\n')
    expect(JSON.parse(empty('json'))).toEqual({ onlyLeft: [], onlyRight: [], changed: [] })
  })
})

test('exportFileName drops tier prefixes and unsafe characters', () => {
  expect(exportFileName('#species', 'csv', new Date('2026-11-21T10:00:00Z'))).toBe('species-2026-11-21.csv')
  expect(exportFileName('__activity', 'json', new Date('2026-11-21T10:00:00Z'))).toBe('activity-2026-11-21.json')
  expect(exportFileName('a/b c', 'json', new Date('2026-11-21T10:00:00Z'))).toBe('a_b_c-2026-11-21.json')
})
