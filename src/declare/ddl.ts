// Table declaration's view of a SQL dialect: the DDL statements it plans, as data, and the interface each backend's
// adapter implements to name types and print those statements (DataJoint's adapter methods
// `format_column_definition`, `table_options_clause`, `*_comment_ddl`, `create_index_ddl`, `core_type_to_sql`, …).
// Nothing here knows which backend it talks to.

import type { CoreTypeSql } from './core-types'

export interface QualifiedTable {
  readonly schema: string
  readonly table: string
}

/** One column of CREATE TABLE. */
export interface ColumnDdl {
  readonly name: string
  /** SQL type as the dialect spells it. */
  readonly sqlType: string
  readonly nullable: boolean
  /** The default clause as DataJoint writes it (`NOT NULL DEFAULT 'x'`, `DEFAULT NULL`); null: `NOT NULL` unless nullable. */
  readonly clause: string | null
  /** The column comment as DataJoint writes it (`:int32:subject id`); where the dialect puts it is its own affair. */
  readonly comment: string
}

export interface ForeignKeyDdl {
  readonly columns: readonly string[]
  readonly parent: QualifiedTable
  readonly parentColumns: readonly string[]
}

export interface CreateTableDdl {
  readonly kind: 'createTable'
  readonly table: QualifiedTable
  readonly columns: readonly ColumnDdl[]
  readonly primaryKey: readonly string[]
  readonly foreignKeys: readonly ForeignKeyDdl[]
  /**
   * Index clauses as DataJoint writes them (`unique index (…)`, `INDEX (…)`), printed inside CREATE TABLE by dialects
   * with inline indexes; the others issue a `createIndex` statement per clause.
   */
  readonly indexes: readonly string[]
  readonly comment: string
}

/** A type the table's enum columns use, declared before the table where the dialect needs it. */
export interface CreateEnumTypeDdl {
  readonly kind: 'createEnumType'
  readonly schema: string
  readonly name: string
  readonly values: readonly string[]
}

/** A separate CREATE INDEX for one of CREATE TABLE's index clauses (dialects without inline indexes). */
export interface CreateIndexDdl {
  readonly kind: 'createIndex'
  readonly table: QualifiedTable
  readonly index: string
}

/** The table comment, for dialects that set comments in separate statements. */
export interface TableCommentDdl {
  readonly kind: 'tableComment'
  readonly table: QualifiedTable
  readonly comment: string
}

/** A column comment, for dialects that set comments in separate statements. */
export interface ColumnCommentDdl {
  readonly kind: 'columnComment'
  readonly table: QualifiedTable
  readonly column: string
  readonly comment: string
}

export type DdlNode = CreateTableDdl | CreateEnumTypeDdl | CreateIndexDdl | TableCommentDdl | ColumnCommentDdl

/** What table declaration needs from a SQL dialect; each backend's adapter implements it. */
export interface DdlDialect {
  readonly maxTableNameLength: number
  /** The server indexes a foreign key's child columns by itself (InnoDB does; PostgreSQL does not). */
  readonly indexesForeignKeys: boolean
  /** Identifier quoting without escaping (DataJoint forbids names that would need it). */
  quote(identifier: string): string
  /**
   * SQL column type of a core type as written, with the enum type it needs declared. Like DataJoint, the lookup is
   * case-sensitive and prefix-based: `INT32`, `jsonb` or `decimal (8,3)` match a core pattern but are refused here
   * with `Unknown core type: …`. `schema` is the schema the table is declared in (where enum types go).
   */
  coreTypeSql(type: string, schema: string): CoreTypeSql
  /** SQL type of a column inherited through a foreign key, from the parent column's normalised SQL type. */
  inheritedColumnType(parentSqlType: string, enumTypeSchema: string): string
  /** A JSON path expression for `index(attr.path[:type])` (DataJoint's `json_path_expr`). */
  jsonPathExpression(column: string, path: string, returnType: string | null): string
  /** Hidden `_job_*` columns appended to auto-populated tables when job metadata is enabled. */
  jobMetadataColumns(): readonly ColumnDdl[]
  /** The statement's text, or null when the dialect has no such statement (its effect is part of CREATE TABLE). */
  print(node: DdlNode): string | null
}
