import { describe, expect, it } from 'vitest'
import {
  jsonCheckColumn,
  normaliseDefaultExpression,
  normaliseMysqlDefault,
  normaliseMysqlType,
  parseMysqlEnum,
} from './catalog-normalise'

describe('normaliseMysqlType', () => {
  it.each([
    ['int(11)', 'int'],
    ['int(10) unsigned', 'int unsigned'],
    ['tinyint(4)', 'tinyint'],
    ['tinyint(1)', 'tinyint'],
    ['smallint(6)', 'smallint'],
    ['mediumint(9)', 'mediumint'],
    ['bigint(20) unsigned', 'bigint unsigned'],
    ['year(4)', 'year'],
    ['int', 'int'],
    ['decimal(6,2)', 'decimal(6,2)'],
    ['float', 'float'],
    ['double', 'double'],
    ['varchar(255)', 'varchar(255)'],
    ['datetime(3)', 'datetime(3)'],
    ['binary(16)', 'binary(16)'],
    ["enum('F','M','U')", "enum('F','M','U')"],
  ])('%s → %s', (input, expected) => {
    expect(normaliseMysqlType(input, false)).toBe(expected)
  })

  it('MariaDB JSON (longtext + json_valid check) → json', () => {
    expect(normaliseMysqlType('longtext', true)).toBe('json')
  })
})

describe('parseMysqlEnum', () => {
  it.each([
    ["enum('F','M','U')", ['F', 'M', 'U']],
    ["enum('pending','reserved','success')", ['pending', 'reserved', 'success']],
    ["enum('it''s','a,b','')", ["it's", 'a,b', '']],
    ["enum('back\\\\slash')", ['back\\slash']],
  ])('%s', (input, expected) => {
    expect(parseMysqlEnum(input)).toEqual(expected)
  })

  it('is null for other types', () => {
    expect(parseMysqlEnum('varchar(3)')).toBeNull()
  })
})

describe('normaliseMysqlDefault', () => {
  const maria = (raw: string | null, nullable = false, extra = '') =>
    normaliseMysqlDefault(raw, { nullable, mariadb: true, extra })
  const mysql8 = (raw: string | null, nullable = false, extra = '') =>
    normaliseMysqlDefault(raw, { nullable, mariadb: false, extra })

  it('MariaDB', () => {
    expect(maria(null)).toEqual({ kind: 'none', value: null })
    expect(maria('NULL', true)).toEqual({ kind: 'null', value: null })
    expect(maria("'mouse'")).toEqual({ kind: 'literal', value: 'mouse' })
    expect(maria("''")).toEqual({ kind: 'literal', value: '' })
    expect(maria("'it''s'")).toEqual({ kind: 'literal', value: "it's" })
    expect(maria("'NULL'")).toEqual({ kind: 'literal', value: 'NULL' })
    expect(maria('1')).toEqual({ kind: 'literal', value: '1' })
    expect(maria('-2.5')).toEqual({ kind: 'literal', value: '-2.5' })
    expect(maria('current_timestamp()')).toEqual({ kind: 'expression', value: 'CURRENT_TIMESTAMP' })
    expect(maria('current_timestamp(3)')).toEqual({ kind: 'expression', value: 'CURRENT_TIMESTAMP(3)' })
    expect(maria('uuid()')).toEqual({ kind: 'expression', value: 'uuid()' })
    expect(maria(null, false, 'auto_increment')).toEqual({ kind: 'none', value: null })
  })

  it('MySQL 8', () => {
    expect(mysql8(null)).toEqual({ kind: 'none', value: null })
    expect(mysql8(null, true)).toEqual({ kind: 'null', value: null })
    expect(mysql8('mouse')).toEqual({ kind: 'literal', value: 'mouse' })
    expect(mysql8('')).toEqual({ kind: 'literal', value: '' })
    expect(mysql8('1')).toEqual({ kind: 'literal', value: '1' })
    expect(mysql8('CURRENT_TIMESTAMP', false, 'DEFAULT_GENERATED')).toEqual({
      kind: 'expression',
      value: 'CURRENT_TIMESTAMP',
    })
    const onUpdate = 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)'
    expect(mysql8('CURRENT_TIMESTAMP(3)', false, onUpdate)).toEqual({
      kind: 'expression',
      value: 'CURRENT_TIMESTAMP(3)',
    })
  })
})

describe('normaliseDefaultExpression', () => {
  it.each([
    ['now()', 'CURRENT_TIMESTAMP'],
    ['CURRENT_TIMESTAMP', 'CURRENT_TIMESTAMP'],
    ['current_timestamp(6)', 'CURRENT_TIMESTAMP(6)'],
    ['curdate()', 'CURRENT_DATE'],
    ['uuid()', 'uuid()'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseDefaultExpression(input)).toBe(expected)
  })
})

describe('jsonCheckColumn', () => {
  it('reads the guarded column', () => {
    expect(jsonCheckColumn('json_valid(`meta`)')).toBe('meta')
    expect(jsonCheckColumn('json_valid(`we``ird`)')).toBe('we`ird')
    expect(jsonCheckColumn('`a` > 0')).toBeNull()
  })
})
