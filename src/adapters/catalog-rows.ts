// The raw, backend-neutral catalog facts an adapter reads for a set of schemas, in a constant number of queries.
// Turning them into headings (markers, lineage, categories) is the catalog's job, not the adapter's.

import type { TypeName } from '../sql/nodes'

export interface CatalogTableRow {
  readonly schema: string
  readonly table: string
  readonly comment: string
}

export type DefaultKind = 'none' | 'null' | 'literal' | 'expression'

export interface CatalogColumnRow {
  readonly schema: string
  readonly table: string
  readonly name: string
  /** 1-based position. */
  readonly ordinal: number
  /**
   * Normalised native type. MySQL: COLUMN_TYPE with integer/float display widths stripped (`int`, `tinyint`,
   * `bigint unsigned`, `decimal(8,3)`, `enum('F','M','U')`), MariaDB's `longtext` + `json_valid` check → `json`.
   * PostgreSQL: `smallint`, `integer`, `bigint`, `real`, `double precision`, `boolean`, `decimal(p,s)`/`decimal(p)`,
   * `varchar(n)`, `char(n)`, `text`, `date`, `timestamp`, `timestamp(p)`, `time`, `uuid`, `json`, `jsonb`, `bytea`,
   * and the enum type's name for enum columns (`enum_e54fc739`).
   */
  readonly sqlType: string
  /** Enum labels in declaration order (both backends), else null. */
  readonly enumValues: readonly string[] | null
  readonly nullable: boolean
  /**
   * `none`: no default. `null`: DEFAULT NULL. `literal`: a constant, given unquoted in `defaultValue`
   * (PG casts like `'MIT'::character varying` and MariaDB's quoting removed). `expression`: a server
   * expression such as `CURRENT_TIMESTAMP` / `CURRENT_TIMESTAMP(3)` (normalised to upper case, no `()`), or `nextval(...)`.
   */
  readonly defaultKind: DefaultKind
  readonly defaultValue: string | null
  /**
   * The column comment as DataJoint meant it (with any `:type:` marker): as stored on MySQL, which reads the `\"`
   * DataJoint escapes quotes with; on PostgreSQL, which stores the backslashes, with them removed.
   */
  readonly comment: string
  readonly autoIncrement: boolean
}

export interface CatalogPrimaryKeyRow {
  readonly schema: string
  readonly table: string
  /** Key columns in key order. */
  readonly columns: readonly string[]
}

export interface CatalogForeignKeyRow {
  readonly name: string
  readonly schema: string
  readonly table: string
  readonly columns: readonly string[]
  readonly refSchema: string
  readonly refTable: string
  /** Parent columns, position-matched to `columns`. */
  readonly refColumns: readonly string[]
}

export interface CatalogIndexRow {
  readonly schema: string
  readonly table: string
  readonly name: string
  readonly unique: boolean
  /** Plain column names in index order; expression parts as their SQL text in parentheses. */
  readonly columns: readonly string[]
}

export interface CatalogLineageRow {
  readonly schema: string
  readonly table: string
  readonly attribute: string
  readonly lineage: string
}

export interface CatalogRows {
  readonly tables: readonly CatalogTableRow[]
  readonly columns: readonly CatalogColumnRow[]
  readonly primaryKeys: readonly CatalogPrimaryKeyRow[]
  /** Foreign keys whose child is in the requested schemas, or whose parent is. */
  readonly foreignKeys: readonly CatalogForeignKeyRow[]
  /** Indexes other than the primary key (MySQL's implicit FK indexes included; the catalog decides what to show). */
  readonly indexes: readonly CatalogIndexRow[]
  /** Rows of each requested schema's `~lineage` table (empty for schemas without one). */
  readonly lineage: readonly CatalogLineageRow[]
  /** Schemas of the request that have a `~lineage` table this user may read (the others' lineage is unavailable). */
  readonly schemasWithLineage: readonly string[]
}

export interface RowCount {
  readonly count: number
  readonly estimated: boolean
}

/** The rows of no schemas: what loading an empty schema list yields, and a cache's starting point. */
export const EMPTY_CATALOG_ROWS: CatalogRows = {
  tables: [],
  columns: [],
  primaryKeys: [],
  foreignKeys: [],
  indexes: [],
  lineage: [],
  schemasWithLineage: [],
}

/** Catalog queries of one backend; every method runs a fixed number of statements whatever the table count. */
export interface Introspector {
  listSchemas(): Promise<string[]>
  schemaExists(schema: string): Promise<boolean>
  /** Everything about every table (hidden `~` tables included) of the given schemas. */
  loadCatalog(schemas: readonly string[]): Promise<CatalogRows>
  /**
   * One statement, far cheaper than `loadCatalog`: per schema, a version of what `loadCatalog` would read, which
   * changes whenever a table of the schema is created, altered or dropped. Null where the server cannot vouch for
   * one (the schema is then read again at every load).
   */
  catalogVersions(schemas: readonly string[]): Promise<Map<string, string | null>>
  /** Schemas (not in `schemas`) holding tables with foreign keys into `schemas`. */
  downstreamSchemas(schemas: readonly string[]): Promise<string[]>
  /** Enum types (PG) used by a table, for cleanup on drop. Always [] on MySQL. */
  enumTypesOf(schema: string, table: string): Promise<TypeName[]>
  /** Row counts per table, counted, in one statement. */
  rowCounts(schema: string, tables: readonly string[]): Promise<Map<string, number>>
  /**
   * Row counts per table from the server's statistics, in one statement however big the tables (those it cannot
   * tell are left out); `estimated: false` where the server knows the count without counting (an empty table).
   */
  rowEstimates(schema: string, tables: readonly string[]): Promise<Map<string, RowCount>>
}
