// How MySQL/MariaDB spells DataJoint's table declarations: inline indexes and comments, InnoDB, enums as column types.

import { unknownCoreType, type CoreTypeSql } from '../../declare/core-types'
import type { ColumnDdl, DdlDialect } from '../../declare/ddl'
import { MysqlCompiler } from '../../sql/mysql-compiler'
import { columnClauses, createTableText } from '../ddl-common'

const FIXED_CORE_TYPES: ReadonlyMap<string, string> = new Map([
  ['float32', 'float'],
  ['float64', 'double'],
  ['int64', 'bigint'],
  ['int32', 'int'],
  ['int16', 'smallint'],
  ['int8', 'tinyint'],
  ['bool', 'tinyint'],
  ['uuid', 'binary(16)'],
  ['json', 'json'],
  ['bytes', 'longblob'],
  ['date', 'date'],
])

/** Parameterised core types MySQL spells as DataJoint does (`datetime(3)`, `varchar(32)`, `enum('a','b')`). */
const VERBATIM_PREFIXES = ['datetime', 'char(', 'varchar(', 'decimal(', 'enum(']

const JOB_METADATA_COLUMNS: readonly ColumnDdl[] = [
  { name: '_job_start_time', sqlType: 'datetime(3)', nullable: true, clause: 'DEFAULT NULL', comment: '' },
  { name: '_job_duration', sqlType: 'float', nullable: true, clause: 'DEFAULT NULL', comment: '' },
  { name: '_job_version', sqlType: 'varchar(64)', nullable: true, clause: "DEFAULT ''", comment: '' },
]

export function createMysqlDdl(): DdlDialect {
  const compiler = new MysqlCompiler()
  const quote = (identifier: string) => compiler.quote(identifier)
  const columnDefinition = (column: ColumnDdl) => {
    const parts = columnClauses(column, quote)
    // Not escaped here: DataJoint has already turned `"` into `\"` in attribute comments, and copies parent
    // comments of foreign-key columns as they are (a `"` there breaks the declaration, in Python too).
    if (column.comment !== '') parts.push(`COMMENT "${column.comment}"`)
    return parts.join(' ')
  }
  return {
    // MySQL's identifier limit.
    maxTableNameLength: 64,
    indexesForeignKeys: true,
    quote,
    coreTypeSql(type): CoreTypeSql {
      const sql = FIXED_CORE_TYPES.get(type) ?? (VERBATIM_PREFIXES.some((prefix) => type.startsWith(prefix)) ? type : null)
      if (sql === null) throw unknownCoreType(type)
      return { sql, enumType: null }
    },
    inheritedColumnType: (parentSqlType) => parentSqlType,
    jsonPathExpression(column, path, returnType) {
      const returning = returnType === null ? '' : ` returning ${returnType}`
      return `json_value(${quote(column)}, _utf8mb4'$.${path}'${returning})`
    },
    jobMetadataColumns: () => JOB_METADATA_COLUMNS,
    print(node) {
      switch (node.kind) {
        case 'createTable':
          return createTableText(node, {
            quote,
            columnDefinition,
            inlineIndexes: true,
            // Not escaped either: DataJoint writes the table comment raw, so a `"` in it fails on the server.
            tableOptions: (comment) => (comment === '' ? 'ENGINE=InnoDB' : `ENGINE=InnoDB, COMMENT "${comment}"`),
          })
        // Enums are column types, indexes and comments are part of CREATE TABLE.
        case 'createEnumType':
        case 'createIndex':
        case 'tableComment':
        case 'columnComment':
          return null
      }
    },
  }
}
