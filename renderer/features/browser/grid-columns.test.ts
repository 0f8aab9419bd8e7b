import { describe, expect, test } from 'vitest'
import type { WireAttribute } from '../../../electron/ipc/contract'
import { columnWidth, rowKey, sampledWidth, toGridColumns, toGridRows } from './grid-columns'

function attr(name: string, patch: Partial<WireAttribute> = {}): WireAttribute {
  return { name, type: 'varchar(100)', sqlType: 'varchar(100)', category: 'string', inKey: false, nullable: false, default: null, comment: '', lineage: null, codec: null, enumValues: null, ...patch }
}

describe('column widths', () => {
  test('type estimates stay within bounds', () => {
    expect(columnWidth(attr('id', { type: 'int32', category: 'integer' }))).toBeLessThan(120)
    expect(columnWidth(attr('notes', { sqlType: 'varchar(1000)' }))).toBeLessThanOrEqual(360)
  })

  test('a sample of short values gives a narrow column, but never narrower than its header', () => {
    const species = attr('species', { type: 'varchar(32)' })
    expect(sampledWidth(species, ['mouse', 'rat', 'macaque'])).toBeLessThan(columnWidth(species))
    expect(sampledWidth(attr('a_rather_long_attribute_name'), ['x'])).toBeGreaterThan(200)
  })

  test('long values are capped', () => {
    expect(sampledWidth(attr('text'), ['x'.repeat(5000)])).toBe(420)
  })
})

describe('rows and keys', () => {
  test('grid rows carry their position in the whole result', () => {
    expect(toGridRows([[1], [2]], 100).map((r) => [r.id, r.index])).toEqual([
      ['100', 100],
      ['101', 101],
    ])
  })

  test('rowKey picks the primary-key values; big integers as strings', () => {
    const attributes = [attr('subject_id', { inKey: true }), attr('session', { inKey: true }), attr('data')]
    expect(rowKey(attributes, ['subject_id', 'session'], [{ $bigint: '9007199254740993' }, 2, { $blob: { summary: 's', size: 1 } }])).toEqual({
      subject_id: '9007199254740993',
      session: 2,
    })
    expect(rowKey(attributes, ['data'], [1, 2, { $json: '{}' }])).toBeNull()
  })

  test('toGridColumns marks numbers and keys', () => {
    const [id] = toGridColumns([attr('id', { inKey: true, category: 'integer', type: 'int32' })], null)
    expect(id).toMatchObject({ id: 'id', inKey: true, numeric: true })
  })
})
