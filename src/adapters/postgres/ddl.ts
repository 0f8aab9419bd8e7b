// How PostgreSQL spells DataJoint's table declarations: enum types in the schema, separate CREATE INDEX and
// COMMENT ON statements, and the names DataJoint's PostgreSQL adapter gives enum types and indexes.

import { createHash } from 'node:crypto'
import { splitEnumValues, unknownCoreType, type CoreTypeSql } from '../../declare/core-types'
import type { ColumnDdl, DdlDialect, QualifiedTable } from '../../declare/ddl'
import { PostgresCompiler } from '../../sql/postgres-compiler'
import { columnClauses, createTableText } from '../ddl-common'

const FIXED_CORE_TYPES: ReadonlyMap<string, string> = new Map([
  ['float32', 'real'],
  ['float64', 'double precision'],
  ['int64', 'bigint'],
  ['int32', 'integer'],
  ['int16', 'smallint'],
  ['int8', 'smallint'],
  ['bool', 'boolean'],
  ['uuid', 'uuid'],
  ['json', 'jsonb'],
  ['bytes', 'bytea'],
  ['date', 'date'],
])

const JOB_METADATA_COLUMNS: readonly ColumnDdl[] = [
  { name: '_job_start_time', sqlType: 'timestamp', nullable: true, clause: 'DEFAULT NULL', comment: '' },
  { name: '_job_duration', sqlType: 'real', nullable: true, clause: 'DEFAULT NULL', comment: '' },
  { name: '_job_version', sqlType: 'varchar(64)', nullable: true, clause: "DEFAULT ''", comment: '' },
]

/** Code-point order, as Python's `sorted` on str (JS's default sort compares UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a)
  const right = Array.from(b)
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0)
    if (diff !== 0) return diff
  }
  return left.length - right.length
}

/**
 * The enum type DataJoint names for a value set: `enum_` + the first 8 hex digits of the MD5 of the values sorted
 * and joined by `_` (a deterministic name, not a security measure), so equal value sets share one type.
 */
export function postgresEnumTypeName(values: readonly string[]): string {
  const digest = createHash('md5').update([...values].sort(compareCodePoints).join('_'), 'utf8').digest('hex')
  return `enum_${digest.slice(0, 8)}`
}

/**
 * DataJoint re-parses each index clause with a regex (so expression indexes are mangled exactly as in Python)
 * and names the index `idx_<table>_<columns joined by _, first 30 characters>`.
 */
function createIndexText(index: string, table: QualifiedTable, quote: (identifier: string) => string): string | null {
  const match = /^(unique\s+)?index\s*\(([^)]+)\)/i.exec(index)
  if (match === null) return null
  const columns = (match[2] ?? '').split(',').map((column) => column.trim().replace(/^[`"]+|[`"]+$/g, ''))
  const name = `idx_${table.table}_${Array.from(columns.join('_')).slice(0, 30).join('')}`
  const unique = match[1] === undefined ? '' : 'UNIQUE '
  return `CREATE ${unique}INDEX ${quote(name)} ON ${quote(table.schema)}.${quote(table.table)} (${columns.map(quote).join(', ')})`
}

export function createPostgresDdl(): DdlDialect {
  const compiler = new PostgresCompiler()
  const quote = (identifier: string) => compiler.quote(identifier)
  const fullName = (table: QualifiedTable) => `${quote(table.schema)}.${quote(table.table)}`
  return {
    // PostgreSQL's NAMEDATALEN - 1.
    maxTableNameLength: 63,
    indexesForeignKeys: false,
    quote,
    coreTypeSql(type, schema): CoreTypeSql {
      const fixed = FIXED_CORE_TYPES.get(type)
      if (fixed !== undefined) return { sql: fixed, enumType: null }
      if (type.startsWith('datetime')) {
        const open = type.indexOf('(')
        return { sql: open < 0 ? 'timestamp' : `timestamp${type.slice(open, type.indexOf(')') + 1)}`, enumType: null }
      }
      if (type.startsWith('char(') || type.startsWith('varchar(')) return { sql: type, enumType: null }
      if (type.startsWith('decimal(')) return { sql: `numeric${type.slice('decimal'.length)}`, enumType: null }
      if (type.startsWith('enum(')) {
        const values = splitEnumValues(type)
        if (values === null) return { sql: 'text', enumType: null }
        const name = postgresEnumTypeName(values)
        return { sql: `${quote(schema)}.${quote(name)}`, enumType: { name, values } }
      }
      throw unknownCoreType(type)
    },
    inheritedColumnType(parentSqlType, enumTypeSchema) {
      // Enum types live in a schema; DataJoint re-qualifies the parent's type name.
      if (parentSqlType.startsWith('enum_')) return `${quote(enumTypeSchema)}.${quote(parentSqlType)}`
      // DataJoint's PostgreSQL heading reports `timestamp(3)` as `timestamp without time zone` and copies that
      // spelling, so the child column gets the default precision (6). Reproduced to match Python's catalogs.
      const temporal = /^(timestamp|time)(tz)?(\(\d+\))?$/.exec(parentSqlType)
      if (temporal !== null) return `${temporal[1] ?? ''} with${temporal[2] === undefined ? 'out' : ''} time zone`
      return parentSqlType
    },
    jsonPathExpression(column, path, returnType) {
      const parts = path.split('.').flatMap((part) => {
        const bracket = part.indexOf('[')
        if (bracket < 0) return [part]
        return [part.slice(0, bracket), ...part.slice(bracket + 1).replace(/\]+$/, '').split('][')]
      })
      const args = parts.map((part) => `'${part}'`).join(', ')
      const expression = `jsonb_extract_path_text(${quote(column)}, ${args})`
      if (returnType === null) return expression
      const lower = returnType.toLowerCase()
      const pgType = lower === 'unsigned' || lower === 'signed' ? 'integer' : lower === 'double' ? 'double precision' : lower
      return `(${expression})::${pgType}`
    },
    jobMetadataColumns: () => JOB_METADATA_COLUMNS,
    print(node) {
      switch (node.kind) {
        case 'createTable':
          return createTableText(node, {
            quote,
            // Comments go in COMMENT ON statements.
            columnDefinition: (column) => columnClauses(column, quote).join(' '),
            inlineIndexes: false,
            tableOptions: () => '',
          })
        case 'createEnumType':
          return `CREATE TYPE ${quote(node.schema)}.${quote(node.name)} AS ENUM (${node.values.map((value) => `'${value}'`).join(', ')})`
        case 'createIndex':
          return createIndexText(node.index, node.table, quote)
        // Issued even for an empty comment, as DataJoint does.
        case 'tableComment':
          return `COMMENT ON TABLE ${fullName(node.table)} IS ${compiler.stringLiteral(node.comment)}`
        case 'columnComment':
          return `COMMENT ON COLUMN ${fullName(node.table)}.${quote(node.column)} IS ${compiler.stringLiteral(node.comment)}`
      }
    },
  }
}
