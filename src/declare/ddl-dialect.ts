// The DDL differences between MySQL and PostgreSQL that table declaration needs. `DdlDialect` is what callers
// pass in (quoting and literals from their SQL dialect); `DDL_SHAPES` holds the statement shapes per backend,
// mirroring DataJoint's adapters (`format_column_definition`, `table_options_clause`, `*_comment_ddl`, …).

import type { Backend } from '../backend'
import { MAX_TABLE_NAME_LENGTH } from './tier'

export interface DdlDialect {
  readonly backend: Backend
  /** Identifier quoting without escaping (DataJoint forbids names that would need it). */
  quote(identifier: string): string
  /** A standard string literal (PostgreSQL: `'…'` with `'` doubled, the form DataJoint writes comments in). */
  stringLiteral(value: string): string
}

export interface DdlShapes {
  readonly maxTableNameLength: number
  /**
   * One column of CREATE TABLE: `Q(name) type clause`, where `clause` is the default clause (`NOT NULL DEFAULT 'x'`,
   * `DEFAULT NULL`) or null (then `NOT NULL` unless nullable). MySQL appends `COMMENT "…"` verbatim; PostgreSQL
   * leaves comments to `columnCommentStatement`.
   */
  columnDefinition(
    dialect: DdlDialect,
    name: string,
    sqlType: string,
    nullable: boolean,
    clause: string | null,
    comment: string,
  ): string
  /** SQL type of a column inherited through a foreign key, from the parent column's normalised SQL type. */
  inheritedColumnType(dialect: DdlDialect, parentSqlType: string, enumTypeSchema: string): string
  /** A JSON path expression for `index(attr.path[:type])` (DataJoint's `json_path_expr`). */
  jsonPathExpression(dialect: DdlDialect, column: string, path: string, returnType: string | null): string
  /** Text after the closing parenthesis of CREATE TABLE. */
  tableOptions(comment: string): string
  tableCommentStatement(dialect: DdlDialect, fullTableName: string, comment: string): string | null
  columnCommentStatement(dialect: DdlDialect, fullTableName: string, column: string, comment: string): string | null
  /** Indexes go inside CREATE TABLE (MySQL) or in separate CREATE INDEX statements (PostgreSQL). */
  readonly inlineIndexes: boolean
  /** The server indexes a foreign key's child columns by itself (InnoDB does; PostgreSQL does not). */
  readonly indexesForeignKeys: boolean
  /** Hidden `_job_*` columns appended to auto-populated tables when job metadata is enabled. */
  jobMetadataColumns(dialect: DdlDialect): string[]
}

function columnParts(quoted: string, sqlType: string, nullable: boolean, clause: string | null): string[] {
  const parts = [quoted, sqlType]
  if (clause !== null && clause !== '') parts.push(clause)
  else if (!nullable) parts.push('NOT NULL')
  return parts
}

const MYSQL_SHAPES: DdlShapes = {
  maxTableNameLength: MAX_TABLE_NAME_LENGTH.mysql,
  columnDefinition(dialect, name, sqlType, nullable, clause, comment) {
    const parts = columnParts(dialect.quote(name), sqlType, nullable, clause)
    // Not escaped here: DataJoint has already turned `"` into `\"` in attribute comments, and copies parent
    // comments of foreign-key columns as they are (a `"` there breaks the declaration, in Python too).
    if (comment !== '') parts.push(`COMMENT "${comment}"`)
    return parts.join(' ')
  },
  inheritedColumnType: (_dialect, parentSqlType) => parentSqlType,
  jsonPathExpression(dialect, column, path, returnType) {
    const returning = returnType === null ? '' : ` returning ${returnType}`
    return `json_value(${dialect.quote(column)}, _utf8mb4'$.${path}'${returning})`
  },
  // Not escaped either: DataJoint writes the table comment raw, so a `"` in it fails on the server.
  tableOptions: (comment) => (comment === '' ? 'ENGINE=InnoDB' : `ENGINE=InnoDB, COMMENT "${comment}"`),
  tableCommentStatement: () => null,
  columnCommentStatement: () => null,
  inlineIndexes: true,
  indexesForeignKeys: true,
  jobMetadataColumns: (dialect) => [
    `${dialect.quote('_job_start_time')} datetime(3) DEFAULT NULL`,
    `${dialect.quote('_job_duration')} float DEFAULT NULL`,
    `${dialect.quote('_job_version')} varchar(64) DEFAULT ''`,
  ],
}

const POSTGRES_SHAPES: DdlShapes = {
  maxTableNameLength: MAX_TABLE_NAME_LENGTH.postgresql,
  columnDefinition: (dialect, name, sqlType, nullable, clause) =>
    columnParts(dialect.quote(name), sqlType, nullable, clause).join(' '),
  inheritedColumnType(dialect, parentSqlType, enumTypeSchema) {
    // Enum types live in a schema; DataJoint re-qualifies the parent's type name.
    if (parentSqlType.startsWith('enum_')) return `${dialect.quote(enumTypeSchema)}.${dialect.quote(parentSqlType)}`
    // DataJoint's PostgreSQL heading reports `timestamp(3)` as `timestamp without time zone` and copies that
    // spelling, so the child column gets the default precision (6). Reproduced to match Python's catalogs.
    const temporal = /^(timestamp|time)(tz)?(\(\d+\))?$/.exec(parentSqlType)
    if (temporal !== null) return `${temporal[1] ?? ''} with${temporal[2] === undefined ? 'out' : ''} time zone`
    return parentSqlType
  },
  jsonPathExpression(dialect, column, path, returnType) {
    const parts = path.split('.').flatMap((part) => {
      const bracket = part.indexOf('[')
      if (bracket < 0) return [part]
      return [part.slice(0, bracket), ...part.slice(bracket + 1).replace(/\]+$/, '').split('][')]
    })
    const args = parts.map((part) => `'${part}'`).join(', ')
    const expression = `jsonb_extract_path_text(${dialect.quote(column)}, ${args})`
    if (returnType === null) return expression
    const lower = returnType.toLowerCase()
    const pgType = lower === 'unsigned' || lower === 'signed' ? 'integer' : lower === 'double' ? 'double precision' : lower
    return `(${expression})::${pgType}`
  },
  tableOptions: () => '',
  // Always issued, even for an empty comment.
  tableCommentStatement: (dialect, fullTableName, comment) =>
    `COMMENT ON TABLE ${fullTableName} IS ${dialect.stringLiteral(comment)}`,
  columnCommentStatement: (dialect, fullTableName, column, comment) =>
    `COMMENT ON COLUMN ${fullTableName}.${dialect.quote(column)} IS ${dialect.stringLiteral(comment)}`,
  inlineIndexes: false,
  indexesForeignKeys: false,
  jobMetadataColumns: (dialect) => [
    `${dialect.quote('_job_start_time')} timestamp DEFAULT NULL`,
    `${dialect.quote('_job_duration')} real DEFAULT NULL`,
    `${dialect.quote('_job_version')} varchar(64) DEFAULT ''`,
  ],
}

export const DDL_SHAPES: Readonly<Record<Backend, DdlShapes>> = { mysql: MYSQL_SHAPES, postgresql: POSTGRES_SHAPES }

/** MySQL quoting as DataJoint does it (the literal form matches the MySQL compiler's). */
export const MYSQL_DDL_DIALECT: DdlDialect = {
  backend: 'mysql',
  quote: (identifier) => `\`${identifier}\``,
  stringLiteral: (value) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`,
}

export const POSTGRES_DDL_DIALECT: DdlDialect = {
  backend: 'postgresql',
  quote: (identifier) => `"${identifier}"`,
  stringLiteral: (value) => `'${value.replaceAll("'", "''")}'`,
}
