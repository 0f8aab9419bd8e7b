import { describe, expect, test } from 'vitest'
import type { WireAttribute, WireValue } from '../../../electron/ipc/contract'
import { csvChunk, exportFileName, jsonChunk, jsonEnd } from './export-format'

function attribute(name: string): WireAttribute {
  return { name, type: 'varchar(20)', sqlType: 'varchar(20)', category: 'string', inKey: false, nullable: true, default: null, comment: '', lineage: null, codec: null, enumValues: null }
}

const ATTRS = [attribute('id'), attribute('name'), attribute('data')]
const ROWS: WireValue[][] = [
  [1, 'Ada, "the" first', { $json: '{"a": [1, 2]}' }],
  [{ $bigint: '9007199254740993' }, null, { $blob: { summary: 'float64 (3,)', size: 40 } }],
]

describe('csvChunk', () => {
  test('quotes commas and quotes, writes NULL as an empty field, header only first', () => {
    const first = csvChunk(ATTRS, ROWS.slice(0, 1), true)
    const second = csvChunk(ATTRS, ROWS.slice(1), false)
    expect(first + second).toBe('id,name,data\r\n1,"Ada, ""the"" first","{""a"": [1, 2]}"\r\n9007199254740993,,"float64 (3,)"')
  })

  test('NULL is an empty unquoted field, the empty string a quoted one', () => {
    expect(csvChunk(ATTRS, [[null, '', 'x']], true)).toBe('id,name,data\r\n,"",x')
    expect(csvChunk(ATTRS, [['', null, null]], false)).toBe('\r\n"",,')
  })

  test('an empty result still has its header', () => {
    expect(csvChunk(ATTRS, [], true)).toBe('id,name,data')
  })
})

describe('jsonChunk', () => {
  test('batches join into one valid JSON array; big integers stay exact; json is embedded', () => {
    const text = jsonChunk(ATTRS, ROWS.slice(0, 1), true) + jsonChunk(ATTRS, ROWS.slice(1), false) + jsonEnd(true)
    expect(JSON.parse(text)).toEqual([
      { id: 1, name: 'Ada, "the" first', data: { a: [1, 2] } },
      { id: '9007199254740993', name: null, data: { $blob: { summary: 'float64 (3,)', size: 40 } } },
    ])
  })

  test('no rows is an empty array', () => {
    expect(JSON.parse(jsonChunk(ATTRS, [], true) + jsonEnd(false))).toEqual([])
  })
})

test('exportFileName drops tier prefixes and unsafe characters', () => {
  expect(exportFileName('#species', 'csv', new Date('2026-11-21T10:00:00Z'))).toBe('species-2026-11-21.csv')
  expect(exportFileName('__activity', 'json', new Date('2026-11-21T10:00:00Z'))).toBe('activity-2026-11-21.json')
})
