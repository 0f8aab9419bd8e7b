// The backend-neutral half of the introspectors: catalog rows (positional, in the column orders documented
// below) turned into CatalogRows records, and the loadCatalog orchestration. SQL, quoting and type
// normalisation stay in each dialect's introspect.ts.

import {
  EMPTY_CATALOG_ROWS,
  type CatalogColumnRow,
  type CatalogForeignKeyRow,
  type CatalogIndexRow,
  type CatalogLineageRow,
  type CatalogPrimaryKeyRow,
  type CatalogRows,
  type CatalogTableRow,
} from './catalog-rows'
import { cellBoolean, cellNumber, cellString, cellText, groupBy } from './catalog-values'
import type { CompiledQuery, QueryResult } from './driver'
import { LINEAGE_TABLE } from '../declare/tier'

export type RunQuery = (query: CompiledQuery) => Promise<QueryResult>

type Row = readonly unknown[]

/** A map key from catalog names, which may hold any character. */
export const catalogKey = (...parts: string[]): string => JSON.stringify(parts)

/** One statement over many schemas or tables: a UNION ALL of one SELECT per name, the names bound in order. */
export function unionAll(
  names: readonly string[],
  select: (name: string, index: number) => string,
): CompiledQuery {
  return { sql: names.map(select).join(' UNION ALL '), params: names }
}

/** The first column of every row as text (schema lists). */
export function firstColumn(rows: readonly Row[]): string[] {
  return rows.map((r) => cellString(r[0]))
}

/** Rows of (schema, table, comment). */
export function toTableRows(rows: readonly Row[]): CatalogTableRow[] {
  return rows.map((r) => ({ schema: cellString(r[0]), table: cellString(r[1]), comment: cellString(r[2]) }))
}

/** Rows of (schema, table, column), ordered by table, then key position. */
export function toPrimaryKeyRows(rows: readonly Row[]): CatalogPrimaryKeyRow[] {
  return groupBy(rows, (r) => catalogKey(cellString(r[0]), cellString(r[1]))).map((group) => ({
    schema: cellString(group[0]?.[0]),
    table: cellString(group[0]?.[1]),
    columns: group.map((r) => cellString(r[2])),
  }))
}

/**
 * Rows of (constraint, schema, table, column, parent schema, parent table, parent column), ordered by table and
 * constraint, then position.
 */
export function toForeignKeyRows(rows: readonly Row[]): CatalogForeignKeyRow[] {
  const constraintKey = (r: Row): string =>
    catalogKey(cellString(r[1]), cellString(r[2]), cellString(r[0]))
  return groupBy(rows, constraintKey).map((group) => {
    const first = group[0] ?? []
    return {
      name: cellString(first[0]),
      schema: cellString(first[1]),
      table: cellString(first[2]),
      columns: group.map((r) => cellString(r[3])),
      refSchema: cellString(first[4]),
      refTable: cellString(first[5]),
      refColumns: group.map((r) => cellString(r[6])),
    }
  })
}

/**
 * Rows of (schema, table, index, unique, column, expression), ordered by table and index, then position; the
 * column is NULL for an expression part, whose SQL text then names it.
 */
export function toIndexRows(rows: readonly Row[]): CatalogIndexRow[] {
  const indexKey = (r: Row): string => catalogKey(cellString(r[0]), cellString(r[1]), cellString(r[2]))
  return groupBy(rows, indexKey).map((group) => {
    const first = group[0] ?? []
    return {
      schema: cellString(first[0]),
      table: cellString(first[1]),
      name: cellString(first[2]),
      unique: cellBoolean(first[3]),
      columns: group.map((r) => cellText(r[4]) ?? `(${cellString(r[5])})`),
    }
  })
}

/** Rows of (schema, table, attribute, lineage). */
export function toLineageRows(rows: readonly Row[]): CatalogLineageRow[] {
  return rows.map((r) => ({
    schema: cellString(r[0]),
    table: cellString(r[1]),
    attribute: cellString(r[2]),
    lineage: cellString(r[3]),
  }))
}

/** Rows of (table, row count). */
export function toRowCounts(rows: readonly Row[]): Map<string, number> {
  return new Map(rows.map((r) => [cellString(r[0]), cellNumber(r[1])]))
}

/** The `~lineage` rows of the schemas whose table this user may read, and which schemas those were. */
export interface LineageRead {
  readonly schemas: readonly string[]
  readonly rows: readonly CatalogLineageRow[]
}

/** One dialect's catalog reads, each a fixed number of statements for the whole set of schemas. */
export interface CatalogReads {
  tables(schemas: readonly string[]): Promise<CatalogTableRow[]>
  columns(schemas: readonly string[]): Promise<CatalogColumnRow[]>
  primaryKeys(schemas: readonly string[]): Promise<CatalogPrimaryKeyRow[]>
  foreignKeys(schemas: readonly string[]): Promise<CatalogForeignKeyRow[]>
  indexes(schemas: readonly string[]): Promise<CatalogIndexRow[]>
  /**
   * Only ever given a non-empty list of schemas that have a `~lineage` table. One this user may not read (a lab's
   * read-only account) is left out, never failing the load: its lineage is unavailable, as where there is none.
   */
  lineage(schemas: readonly string[]): Promise<LineageRead>
}

/** Tables first (they tell which schemas have `~lineage`), then every other kind of fact at once. */
export async function loadCatalogRows(reads: CatalogReads, schemas: readonly string[]): Promise<CatalogRows> {
  if (schemas.length === 0) return EMPTY_CATALOG_ROWS
  const tables = await reads.tables(schemas)
  const withLineage = tables.filter((t) => t.table === LINEAGE_TABLE).map((t) => t.schema)
  const schemasWithLineage = [...new Set(withLineage)]
  const [columns, primaryKeys, foreignKeys, indexes, lineage] = await Promise.all([
    reads.columns(schemas),
    reads.primaryKeys(schemas),
    reads.foreignKeys(schemas),
    reads.indexes(schemas),
    schemasWithLineage.length === 0 ? Promise.resolve({ schemas: [], rows: [] }) : reads.lineage(schemasWithLineage),
  ])
  return { tables, columns, primaryKeys, foreignKeys, indexes, lineage: lineage.rows, schemasWithLineage: lineage.schemas }
}
