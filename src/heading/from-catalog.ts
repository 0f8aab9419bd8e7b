// CatalogRows -> TableInfo for every table, in one pass and without queries: `:type:` markers decoded, types of
// foreign-key columns followed to their origin, defaults in definition form, lineage attached.

// Type-only (erased at compile time), which the layering rule is meant to allow; the lint pattern cannot tell.
// oxlint-disable-next-line no-restricted-imports
import type { CatalogColumnRow, CatalogForeignKeyRow, CatalogIndexRow, CatalogRows } from '../adapters/catalog-rows'
import {
  categoryOf,
  decodeComment,
  isCodecSpec,
  type DecodedComment,
} from '../declare/core-types'
import { parseTableName, toCamelCase } from '../declare/tier'
import { isDataJointError } from '../errors/datajoint-error'
import type { Attribute, AttributeCategory } from './attribute'
import { tableKey, type ForeignKeyInfo, type IndexInfo, type TableInfo } from './table-info'

interface DecodedColumn extends DecodedComment {
  /** A pre-2.0 `external…` marker: the column holds a hash into a legacy store, not a usable value. */
  readonly legacy: boolean
}

const columnKey = (schema: string, table: string, column: string) => `${tableKey(schema, table)}\u0000${column}`

/**
 * Builds the TableInfo of every table in `rows`, keyed by `tableKey(schema, table)`. Hidden `~` tables are
 * included with tier null (callers filter them).
 *
 * Decisions beyond DataJoint's heading:
 * - PostgreSQL column comments are un-escaped (`\"` → `"`): DataJoint writes them escaped there, and describe()
 *   must give back the comment as written for a re-declaration to store the same text.
 * - `coreType` of a foreign-key column without marker is the parent's (followed across chains and schemas, as
 *   far as `rows` reaches); an unknown marker (`uint32` from datajoint.migrate) is kept as the declared type.
 * - `indexes` leave out non-unique indexes whose columns are exactly a foreign key's (InnoDB's implicit FK
 *   indexes, DataJoint 2.3's PostgreSQL FK indexes): describe() folds those into the `->` line, as Python does.
 * - A legacy `external…` marker does not fail the whole catalog (Python fails that table's heading): the
 *   attribute keeps the marker as its type, with category `other`.
 */
export function buildTableInfos(rows: CatalogRows): Map<string, TableInfo> {
  const columnsByTable = groupByTable(rows.columns)
  for (const columns of columnsByTable.values()) columns.sort((a, b) => a.ordinal - b.ordinal)
  const primaryKeys = new Map(rows.primaryKeys.map((row) => [tableKey(row.schema, row.table), row.columns]))
  const foreignKeysByTable = new Map<string, CatalogForeignKeyRow[]>()
  const seenForeignKeys = new Set<string>()
  for (const fk of rows.foreignKeys) {
    const key = tableKey(fk.schema, fk.table)
    const id = `${key}\u0000${fk.name}`
    if (seenForeignKeys.has(id)) continue
    seenForeignKeys.add(id)
    const list = foreignKeysByTable.get(key)
    if (list === undefined) foreignKeysByTable.set(key, [fk])
    else list.push(fk)
  }
  const indexesByTable = new Map<string, CatalogIndexRow[]>()
  for (const index of rows.indexes) {
    const key = tableKey(index.schema, index.table)
    const list = indexesByTable.get(key)
    if (list === undefined) indexesByTable.set(key, [index])
    else list.push(index)
  }
  const lineage = new Map(rows.lineage.map((row) => [columnKey(row.schema, row.table, row.attribute), row.lineage]))
  const schemasWithLineage = new Set(rows.schemasWithLineage)

  const decoded = new Map<string, DecodedColumn>()
  for (const column of rows.columns) {
    decoded.set(columnKey(column.schema, column.table, column.name), decodeColumn(column.comment))
  }

  // The type a foreign-key column inherits: its parent's marker, following chains (memoised, cycle-safe).
  const inherited = new Map<string, string | null>()
  const declaredTypeOf = (schema: string, table: string, column: string, visiting: Set<string>): string | null => {
    const key = columnKey(schema, table, column)
    const own = decoded.get(key)
    if (own === undefined) return null
    if (own.declaredType !== null) return isCodecSpec(own.declaredType) ? null : own.declaredType
    const cached = inherited.get(key)
    if (cached !== undefined) return cached
    if (visiting.has(key)) return null
    visiting.add(key)
    let result: string | null = null
    for (const fk of foreignKeysByTable.get(tableKey(schema, table)) ?? []) {
      const position = fk.columns.indexOf(column)
      const parentColumn = fk.refColumns[position]
      if (position < 0 || parentColumn === undefined) continue
      result = declaredTypeOf(fk.refSchema, fk.refTable, parentColumn, visiting)
      if (result !== null) break
    }
    inherited.set(key, result)
    return result
  }

  const infos = new Map<string, TableInfo>()
  for (const tableRow of rows.tables) {
    const key = tableKey(tableRow.schema, tableRow.table)
    const columns = columnsByTable.get(key) ?? []
    const primaryKey = primaryKeys.get(key) ?? []
    const ordinals = new Map(columns.map((column) => [column.name, column.ordinal]))
    const attributes = columns.map((column): Attribute => {
      const marker = decoded.get(columnKey(column.schema, column.table, column.name))
      const codec = marker?.declaredType !== null && marker?.declaredType !== undefined && isCodecSpec(marker.declaredType)
      const coreType = codec ? null : declaredTypeOf(column.schema, column.table, column.name, new Set())
      const category: AttributeCategory = marker?.legacy
        ? 'other'
        : categoryOf(codec ? (marker?.declaredType ?? null) : coreType, column.sqlType, column.enumValues !== null)
      return {
        name: column.name,
        type: (codec ? marker?.declaredType : coreType) ?? column.sqlType,
        sqlType: column.sqlType,
        coreType,
        codec: codec ? (marker?.declaredType ?? null) : null,
        category,
        enumValues: column.enumValues,
        inKey: primaryKey.includes(column.name),
        nullable: column.nullable,
        default: definitionDefault(column, category),
        comment: marker?.comment ?? column.comment,
        autoIncrement: column.autoIncrement,
        lineage: lineage.get(columnKey(column.schema, column.table, column.name)) ?? null,
        hidden: column.name.startsWith('_'),
      }
    })

    const fkRows = foreignKeysByTable.get(key) ?? []
    const position = (fk: CatalogForeignKeyRow, pick: (values: number[]) => number) =>
      pick(fk.columns.map((name) => ordinals.get(name) ?? Number.MAX_SAFE_INTEGER))
    const foreignKeys: ForeignKeyInfo[] = [...fkRows]
      .sort(
        (a, b) =>
          position(a, (v) => Math.min(...v)) - position(b, (v) => Math.min(...v)) ||
          position(a, (v) => Math.max(...v)) - position(b, (v) => Math.max(...v)) ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      )
      .map((fk) => ({
        name: fk.name,
        attributes: fk.columns,
        parentSchema: fk.refSchema,
        parentTable: fk.refTable,
        parentAttributes: fk.refColumns,
      }))
    const sameColumns = (a: readonly string[], b: readonly string[]) =>
      a.length === b.length && a.every((name, i) => b[i] === name)
    const indexes: IndexInfo[] = (indexesByTable.get(key) ?? [])
      .filter((index) => index.unique || !foreignKeys.some((fk) => sameColumns(fk.attributes, index.columns)))
      .map((index) => ({ name: index.name, unique: index.unique, attributes: index.columns }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))

    const parsed = parseTableName(tableRow.table)
    infos.set(key, {
      schema: tableRow.schema,
      table: tableRow.table,
      className: parsed?.className ?? toCamelCase(tableRow.table),
      tier: parsed?.tier ?? null,
      master: parsed?.master ?? null,
      comment: tableRow.comment,
      attributes,
      primaryKey,
      foreignKeys,
      indexes,
      lineageAvailable: schemasWithLineage.has(tableRow.schema),
    })
  }
  return infos
}

function groupByTable(columns: readonly CatalogColumnRow[]): Map<string, CatalogColumnRow[]> {
  const groups = new Map<string, CatalogColumnRow[]>()
  for (const column of columns) {
    const key = tableKey(column.schema, column.table)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [column])
    else group.push(column)
  }
  return groups
}

function decodeColumn(text: string): DecodedColumn {
  try {
    return { ...decodeComment(text), legacy: false }
  } catch (error) {
    if (!isDataJointError(error)) throw error
    const marker = /^:([^:]+):(.*)/.exec(text)
    return { declaredType: marker?.[1] ?? null, comment: marker?.[2] ?? text, legacy: true }
  }
}

const BARE_DEFAULT_CATEGORIES: ReadonlySet<AttributeCategory> = new Set(['integer', 'float', 'decimal', 'bool'])

/**
 * The default as a definition writes it: `null` for nullable columns, server expressions as they are
 * (`CURRENT_TIMESTAMP(3)`), numbers bare, strings double-quoted (single-quoted when they contain `"` only).
 * Booleans become `1`/`0`, which both backends accept for `bool` (PostgreSQL reports `true`/`false`).
 */
function definitionDefault(column: CatalogColumnRow, category: AttributeCategory): string | undefined {
  if (column.nullable || column.defaultKind === 'null') return 'null'
  if (column.defaultKind === 'none' || column.defaultValue === null) return undefined
  const value = column.defaultValue
  if (column.defaultKind === 'expression') return value
  if (category === 'bool' && (value === 'true' || value === 'false')) return value === 'true' ? '1' : '0'
  if (BARE_DEFAULT_CATEGORIES.has(category)) return value
  return value.includes('"') && !value.includes("'") ? `'${value}'` : `"${value}"`
}
