import { describe, expect, it } from 'vitest'
import type { WireAttribute } from '../../../electron/ipc/contract'
import { autoMapping, cellProblem, checkRows, mappedRows } from './import-model'

function attribute(name: string, overrides: Partial<WireAttribute> = {}): WireAttribute {
  return { name, type: 'int16', sqlType: 'smallint', category: 'integer', inKey: false, nullable: false, default: null, comment: '', lineage: null, codec: null, enumValues: null, ...overrides }
}

const lab = [
  attribute('lab_id', { inKey: true }),
  attribute('lab_name', { type: 'varchar(5)', sqlType: 'varchar(5)', category: 'string' }),
  attribute('founded', { type: 'date', sqlType: 'date', category: 'date' }),
  attribute('size', { nullable: true, default: 'null' }),
]

describe('CSV import checks', () => {
  it('maps columns by name, whatever their case and order', () => {
    expect(autoMapping(lab, ['Founded', 'LAB_ID', 'other'])).toEqual({ lab_id: 1, lab_name: null, founded: 0, size: null })
    expect(mappedRows([['2020-01-01', '3', 'x']], { lab_id: 1, founded: 0, lab_name: null })).toEqual([{ lab_id: '3', founded: '2020-01-01' }])
  })

  it('marks every bad cell by row and attribute before anything is sent', () => {
    const rows = [
      { lab_id: '1', lab_name: 'A', founded: '2020-01-01' },
      { lab_id: '40000', lab_name: 'toolong', founded: '2020-02-30' },
      { lab_id: 'x', lab_name: 'B', founded: '' },
    ]
    expect(checkRows(lab, rows)).toEqual([
      { row: 1, attribute: 'lab_id', problem: 'out of range for int16' },
      { row: 1, attribute: 'lab_name', problem: 'longer than 5 characters' },
      { row: 1, attribute: 'founded', problem: 'not a date (YYYY-MM-DD)' },
      { row: 2, attribute: 'lab_id', problem: 'not a whole number' },
      { row: 2, attribute: 'founded', problem: 'founded needs a value' },
    ])
  })

  it('checks enums, json, uuids and nullable empties', () => {
    expect(cellProblem(attribute('sex', { category: 'enum', enumValues: ['F', 'M'] }), 'X')).toBe('not one of F, M')
    expect(cellProblem(attribute('meta', { category: 'json' }), '{"a": 1}')).toBeNull()
    expect(cellProblem(attribute('meta', { category: 'json' }), '{a')).toBe('not valid JSON')
    expect(cellProblem(attribute('id', { category: 'uuid' }), 'not-a-uuid')).toBe('not a uuid')
    expect(cellProblem(attribute('size', { nullable: true, default: 'null' }), '')).toBeNull()
    expect(cellProblem(attribute('big', { type: 'uint64' }), '18446744073709551615')).toBeNull()
  })
})
