import { describe, expect, it } from 'vitest'
import { dialectFor, type Attribute } from '../../src/index'
import { blobFromText, integerRange, toEngineRow, toEngineValue } from './entry-values'

function attribute(overrides: Partial<Attribute>): Attribute {
  return { name: 'x', type: 'int32', sqlType: 'int', category: 'integer', inKey: false, nullable: false, default: undefined, autoIncrement: false, codec: null, enumValues: null, ...overrides } as Attribute
}

const mysql = dialectFor('mysql')
const postgres = dialectFor('postgresql')

const refusal = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    return error as { code: string; details: Record<string, unknown> }
  }
  throw new Error('expected a refusal')
}

describe('form values for the engine', () => {
  it('keeps 64-bit integers exact and refuses values outside the type’s range', () => {
    expect(toEngineValue(attribute({ type: 'uint64', sqlType: 'bigint unsigned' }), '18446744073709551615', 0, mysql)).toBe('18446744073709551615')
    expect(refusal(() => toEngineValue(attribute({ type: 'uint64', sqlType: 'bigint unsigned' }), '18446744073709551616', 3, mysql))).toMatchObject({ code: 'DATA_TYPE', details: { attribute: 'x', row: 3 } })
    expect(refusal(() => toEngineValue(attribute({ type: 'int8', sqlType: 'tinyint' }), '-129', 0, mysql)).code).toBe('DATA_TYPE')
    expect(toEngineValue(attribute({ type: 'int8', sqlType: 'tinyint' }), '-128', 0, mysql)).toBe('-128')
    expect(refusal(() => toEngineValue(attribute({}), '1.5', 0, mysql)).code).toBe('DATA_TYPE')
    expect(integerRange({ type: 'smallint unsigned', sqlType: 'smallint unsigned' }, mysql)).toEqual([0n, 65535n])
    expect(integerRange({ type: 'mediumint', sqlType: 'mediumint' }, mysql)).toEqual([-(2n ** 23n), 2n ** 23n - 1n])
    expect(integerRange({ type: 'int4', sqlType: 'int4' }, postgres)).toEqual([-(2n ** 31n), 2n ** 31n - 1n])
    expect(integerRange({ type: 'mediumint', sqlType: 'mediumint' }, postgres)).toBeNull()
    expect(integerRange({ type: 'integer', sqlType: 'integer' }, postgres)).toEqual([-(2n ** 31n), 2n ** 31n - 1n])
  })

  it('keeps decimals exact within their precision and scale', () => {
    const decimal = attribute({ type: 'decimal(6,2)', sqlType: 'decimal(6,2)', category: 'decimal' })
    expect(toEngineValue(decimal, '1234.50', 0, mysql)).toBe('1234.50')
    expect(refusal(() => toEngineValue(decimal, '1.234', 0, mysql)).code).toBe('DATA_TYPE')
    expect(refusal(() => toEngineValue(decimal, '12345', 0, mysql)).code).toBe('DATA_TYPE')
    expect(refusal(() => toEngineValue(decimal, '1e3', 0, mysql)).code).toBe('DATA_TYPE')
  })

  it('checks dates, datetimes, times, string lengths, json and explicit NULL', () => {
    expect(toEngineValue(attribute({ category: 'date', type: 'date', sqlType: 'date' }), '2024-02-29', 0, mysql)).toBe('2024-02-29')
    expect(refusal(() => toEngineValue(attribute({ category: 'date', type: 'date', sqlType: 'date' }), '2023-02-29', 0, mysql)).code).toBe('DATA_TYPE')
    expect(toEngineValue(attribute({ category: 'datetime', type: 'datetime', sqlType: 'datetime' }), '2024-05-01T10:30', 0, mysql)).toBe('2024-05-01 10:30')
    expect(refusal(() => toEngineValue(attribute({ category: 'time', type: 'time', sqlType: 'time' }), 'noon', 0, mysql)).code).toBe('DATA_TYPE')
    const varchar = attribute({ category: 'string', type: 'varchar(3)', sqlType: 'varchar(3)' })
    expect(toEngineValue(varchar, '😀é😀', 0, mysql)).toBe('😀é😀')
    expect(refusal(() => toEngineValue(varchar, 'abcd', 0, mysql)).code).toBe('DATA_TYPE')
    expect(toEngineValue(attribute({ category: 'json', type: 'json', sqlType: 'json' }), '{"a": [1]}', 0, mysql)).toEqual({ a: [1] })
    expect(refusal(() => toEngineValue(attribute({ category: 'json', type: 'json', sqlType: 'json' }), '{a', 0, mysql)).code).toBe('DATA_TYPE')
    expect(refusal(() => toEngineValue(attribute({}), null, 0, mysql)).code).toBe('DATA_TYPE')
    expect(toEngineValue(attribute({ nullable: true, default: 'null' }), null, 0, mysql)).toBeNull()
    expect(toEngineValue(attribute({}), '  ', 0, mysql)).toBeUndefined()
  })

  it('reads <blob> text as Python would build the value: numeric lists as float64 arrays', () => {
    expect(blobFromText('[[1, 2], [3, 4]]')).toEqual({ __blob__: 'ndarray', dtype: 'float64', shape: [2, 2], data: [1, 2, 3, 4] })
    expect(blobFromText('7')).toBe(7)
    expect(blobFromText('[[1, 2], [3]]')).toEqual([[1, 2], [3]])
    expect(blobFromText('{"a": "b"}')).toEqual({ a: 'b' })
  })

  it('gives every row the same fields, an empty one as null (the default)', () => {
    const byName = new Map([['x', attribute({})], ['note', attribute({ name: 'note', category: 'string', type: 'varchar(9)', sqlType: 'varchar(9)' })]])
    expect(toEngineRow(byName, { x: '', note: '' }, 0, mysql)).toEqual({ x: null, note: '' })
    expect(refusal(() => toEngineRow(byName, { y: '1' }, 2, mysql))).toMatchObject({ code: 'UNKNOWN_ATTRIBUTE', details: { attribute: 'y', row: 2 } })
  })
})
