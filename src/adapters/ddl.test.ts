// The dialects' halves of table declaration that are not visible in whole statements: core type names and
// PostgreSQL's enum type names (whole statements are frozen in src/declare/__golden__).

import { describe, expect, it } from 'vitest'
import { PYTHON_CATALOG_ROWS } from '../testing/python-catalogs'
import { createMysqlDdl } from './mysql/ddl'
import { createPostgresDdl, postgresEnumTypeName } from './postgres/ddl'

const mysql = createMysqlDdl()
const postgresql = createPostgresDdl()

describe('core types', () => {
  it.each([
    ['int8', 'tinyint', 'smallint'],
    ['int16', 'smallint', 'smallint'],
    ['int32', 'int', 'integer'],
    ['int64', 'bigint', 'bigint'],
    ['float32', 'float', 'real'],
    ['float64', 'double', 'double precision'],
    ['bool', 'tinyint', 'boolean'],
    ['uuid', 'binary(16)', 'uuid'],
    ['json', 'json', 'jsonb'],
    ['bytes', 'longblob', 'bytea'],
    ['date', 'date', 'date'],
    ['datetime', 'datetime', 'timestamp'],
    ['datetime(3)', 'datetime(3)', 'timestamp(3)'],
    ['char(4)', 'char(4)', 'char(4)'],
    ['varchar(100)', 'varchar(100)', 'varchar(100)'],
    ['decimal(8,3)', 'decimal(8,3)', 'numeric(8,3)'],
  ])('%s -> MySQL %s, PostgreSQL %s', (type, mysqlType, postgresType) => {
    expect(mysql.coreTypeSql(type, 's')).toEqual({ sql: mysqlType, enumType: null })
    expect(postgresql.coreTypeSql(type, 's')).toEqual({ sql: postgresType, enumType: null })
  })

  it('keeps MySQL enums inline and turns PostgreSQL enums into schema types', () => {
    expect(mysql.coreTypeSql("enum('F', 'M', 'U')", 'probe_main')).toEqual({ sql: "enum('F', 'M', 'U')", enumType: null })
    expect(postgresql.coreTypeSql("enum('F', 'M', 'U')", 'probe_main')).toEqual({
      sql: '"probe_main"."enum_e54fc739"',
      enumType: { name: 'enum_e54fc739', values: ['F', 'M', 'U'] },
    })
  })

  it.each(['INT32', 'jsonb', 'Datetime', 'decimal (8,3)', 'varchar (10)', 'Enum(1)', 'constructor'])(
    'refuses %s like Python’s case-sensitive, prefix-based mapping',
    (type) => {
      expect(() => mysql.coreTypeSql(type, 's')).toThrow(`Unknown core type: ${type}`)
      expect(() => postgresql.coreTypeSql(type, 's')).toThrow(`Unknown core type: ${type}`)
    },
  )
})

describe('PostgreSQL enum type names', () => {
  it('are the names DataJoint Python gave every enum type in the reference catalogs', () => {
    const enumColumns = PYTHON_CATALOG_ROWS.postgresql.columns.filter((column) => column.enumValues !== null)
    expect(enumColumns.length).toBeGreaterThan(0)
    for (const column of enumColumns) expect(postgresEnumTypeName(column.enumValues ?? [])).toBe(column.sqlType)
  })

  it('hash the sorted values', () => {
    expect(postgresEnumTypeName(['F', 'M', 'U'])).toBe('enum_e54fc739')
    expect(postgresEnumTypeName(['U', 'M', 'F'])).toBe('enum_e54fc739')
    expect(postgresEnumTypeName(['pending', 'reserved', 'success', 'error', 'ignore'])).toBe('enum_609a743e')
  })

  it('sort by code point like Python, not by UTF-16 unit', () => {
    // U+FF5E sorts before U+1F600 by code point, after it by UTF-16 unit (0xD83D < 0xFF5E): md5('\uFF5E_\u{1F600}').
    expect(postgresEnumTypeName(['\u{1F600}', '\uFF5E'])).toBe('enum_4f1b3d78')
    expect(postgresEnumTypeName(['b', 'B', 'a'])).toBe(postgresEnumTypeName(['B', 'a', 'b']))
  })
})
