// The DDL differences between MySQL and PostgreSQL that table declaration needs, as two small hook objects.
// Shapes mirror DataJoint's adapters (`format_column_definition`, `table_options_clause`, `*_comment_ddl`, …).

import type { Backend } from './core-types'
import { MAX_TABLE_NAME_LENGTH } from './tier'

export interface DdlDialect {
  readonly backend: Backend
  readonly maxTableNameLength: number
  /** Identifier quoting without escaping (DataJoint forbids names that would need it). */
  quote(identifier: string): string
  /** A string literal as DataJoint writes it in DDL. */
  stringLiteral(value: string): string
  /**
   * One column of CREATE TABLE: `Q(name) type clause`, where `clause` is the default clause (`NOT NULL DEFAULT 'x'`,
   * `DEFAULT NULL`) or null (then `NOT NULL` unless nullable). MySQL appends `COMMENT "…"` verbatim (the caller has
   * escaped it); PostgreSQL leaves comments to `columnCommentStatement`.
   */
  columnDefinition(name: string, sqlType: string, nullable: boolean, clause: string | null, comment: string): string
  /**
   * SQL type of a column inherited through a foreign key, from the parent column's normalised SQL type, as
   * DataJoint writes it (it copies the type its heading shows for the parent).
   */
  inheritedColumnType(parentSqlType: string, enumTypeSchema: string): string
  /** A JSON path expression for `index(attr.path[:type])` (DataJoint's `json_path_expr`). */
  jsonPathExpression(column: string, path: string, returnType: string | null): string
  /** Text after the closing parenthesis of CREATE TABLE. */
  tableOptions(comment: string): string
  tableCommentStatement(fullTableName: string, comment: string): string | null
  columnCommentStatement(fullTableName: string, column: string, comment: string): string | null
  /** Indexes go inside CREATE TABLE (MySQL) or in separate CREATE INDEX statements (PostgreSQL). */
  readonly inlineIndexes: boolean
  /** The server indexes a foreign key's child columns by itself (InnoDB does; PostgreSQL does not). */
  readonly indexesForeignKeys: boolean
  /** Hidden `_job_*` column definitions appended to auto-populated tables when job metadata is enabled. */
  readonly jobMetadataColumns: readonly string[]
}

function columnParts(name: string, sqlType: string, nullable: boolean, clause: string | null): string[] {
  const parts = [name, sqlType]
  if (clause !== null && clause !== '') parts.push(clause)
  else if (!nullable) parts.push('NOT NULL')
  return parts
}

export const MYSQL_DDL_DIALECT: DdlDialect = {
  backend: 'mysql',
  maxTableNameLength: MAX_TABLE_NAME_LENGTH.mysql,
  quote: (identifier) => `\`${identifier}\``,
  // pymysql's escape_string: MySQL string literals treat backslash as an escape character.
  stringLiteral: (value) =>
    `'${value.replace(/[\0\n\r\x1a\\'"]/g, (char) => ({ '\0': '\\0', '\n': '\\n', '\r': '\\r', '\x1a': '\\Z' })[char] ?? `\\${char}`)}'`,
  columnDefinition(name, sqlType, nullable, clause, comment) {
    const parts = columnParts(this.quote(name), sqlType, nullable, clause)
    // Not escaped here: DataJoint has already turned `"` into `\"` in attribute comments, and copies parent
    // comments of foreign-key columns as they are (a `"` there breaks the declaration, in Python too).
    if (comment !== '') parts.push(`COMMENT "${comment}"`)
    return parts.join(' ')
  },
  inheritedColumnType: (parentSqlType) => parentSqlType,
  jsonPathExpression(column, path, returnType) {
    const returning = returnType === null ? '' : ` returning ${returnType}`
    return `json_value(${this.quote(column)}, _utf8mb4'$.${path}'${returning})`
  },
  // The table comment is not escaped either: DataJoint writes it raw, so a `"` in it fails on the server.
  tableOptions: (comment) => (comment === '' ? 'ENGINE=InnoDB' : `ENGINE=InnoDB, COMMENT "${comment}"`),
  tableCommentStatement: () => null,
  columnCommentStatement: () => null,
  inlineIndexes: true,
  indexesForeignKeys: true,
  jobMetadataColumns: [
    '`_job_start_time` datetime(3) DEFAULT NULL',
    '`_job_duration` float DEFAULT NULL',
    "`_job_version` varchar(64) DEFAULT ''",
  ],
}

export const POSTGRES_DDL_DIALECT: DdlDialect = {
  backend: 'postgresql',
  maxTableNameLength: MAX_TABLE_NAME_LENGTH.postgresql,
  quote: (identifier) => `"${identifier}"`,
  // Standard literal with quotes doubled; backslashes stay literal (standard_conforming_strings is on).
  stringLiteral: (value) => `'${value.replaceAll("'", "''")}'`,
  columnDefinition(name, sqlType, nullable, clause) {
    return columnParts(this.quote(name), sqlType, nullable, clause).join(' ')
  },
  inheritedColumnType(parentSqlType, enumTypeSchema) {
    // Enum types live in a schema; DataJoint re-qualifies the parent's type name.
    if (parentSqlType.startsWith('enum_')) return `${this.quote(enumTypeSchema)}.${this.quote(parentSqlType)}`
    // DataJoint's PostgreSQL heading reports `timestamp(3)` as `timestamp without time zone` and copies that
    // spelling, so the child column gets the default precision (6). Reproduced to match Python's catalogs.
    if (/^timestamp(\(\d+\))?$/.test(parentSqlType)) return 'timestamp without time zone'
    if (/^time(\(\d+\))?$/.test(parentSqlType)) return 'time without time zone'
    return parentSqlType
  },
  jsonPathExpression(column, path, returnType) {
    const parts = path.split('.').flatMap((part) => {
      const bracket = part.indexOf('[')
      if (bracket < 0) return [part]
      return [part.slice(0, bracket), ...part.slice(bracket + 1).replace(/\]+$/, '').split('][')]
    })
    const expression = `jsonb_extract_path_text(${this.quote(column)}, ${parts.map((part) => `'${part}'`).join(', ')})`
    if (returnType === null) return expression
    const lower = returnType.toLowerCase()
    const pgType = lower === 'unsigned' || lower === 'signed' ? 'integer' : lower === 'double' ? 'double precision' : lower
    return `(${expression})::${pgType}`
  },
  tableOptions: () => '',
  // Always issued, even for an empty comment.
  tableCommentStatement(fullTableName, comment) {
    return `COMMENT ON TABLE ${fullTableName} IS ${this.stringLiteral(comment)}`
  },
  columnCommentStatement(fullTableName, column, comment) {
    return `COMMENT ON COLUMN ${fullTableName}.${this.quote(column)} IS ${this.stringLiteral(comment)}`
  },
  inlineIndexes: false,
  indexesForeignKeys: false,
  jobMetadataColumns: [
    '"_job_start_time" timestamp DEFAULT NULL',
    '"_job_duration" real DEFAULT NULL',
    `"_job_version" varchar(64) DEFAULT ''`,
  ],
}

export function ddlDialectFor(backend: Backend): DdlDialect {
  return backend === 'mysql' ? MYSQL_DDL_DIALECT : POSTGRES_DDL_DIALECT
}
