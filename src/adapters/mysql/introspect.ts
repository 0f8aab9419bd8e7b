// MySQL/MariaDB catalog reads from information_schema: one statement per kind of fact, whatever the table
// count, values always bound. Turning rows into headings is the catalog's job, not this module's.

import type { CatalogColumnRow, Introspector } from '../catalog-rows'
import { cellBoolean, cellNumber, cellString, cellText, placeholderList, rowsByName } from '../catalog-values'
import {
  catalogKey as key,
  firstColumn,
  loadCatalogRows,
  toForeignKeyRows,
  toIndexRows,
  toLineageRows,
  toPrimaryKeyRows,
  toRowCounts,
  toTableRows,
  unionAll,
  type CatalogReads,
  type LineageRead,
  type RunQuery,
} from '../introspect-common'
import { LINEAGE_TABLE } from '../../declare/tier'
import { isDataJointError } from '../../errors/datajoint-error'
import {
  jsonCheckColumn,
  normaliseMysqlDefault,
  normaliseMysqlType,
  parseMysqlEnum,
} from './catalog-normalise'

const SYSTEM_SCHEMAS = ['information_schema', 'mysql', 'performance_schema', 'sys']

function quote(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``
}

function inList(values: readonly string[]): string {
  return `(${placeholderList(values.length, 'question')})`
}

// Catalog text is compared under one binary collation so UNION ALL across schemas of different default
// collations cannot fail with "Illegal mix of collations".
const asText = (expr: string): string => `CONVERT(${expr} USING utf8mb4) COLLATE utf8mb4_bin`

export function createMysqlIntrospector(run: RunQuery): Introspector {
  async function columnRows(schemas: readonly string[]): Promise<CatalogColumnRow[]> {
    const result = await run({
      sql:
        'SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.ORDINAL_POSITION, c.COLUMN_TYPE, ' +
        'c.DATA_TYPE, c.IS_NULLABLE, c.COLUMN_DEFAULT, c.EXTRA, c.COLUMN_COMMENT, ' +
        "(@@version LIKE '%MariaDB%') AS IS_MARIADB " +
        // Base tables by a semi-join, not a JOIN: MariaDB joins two information_schema tables by opening every
        // table of the server for each column row (2,000 tables: 6–9 s instead of 0.3 s).
        `FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA IN ${inList(schemas)} ` +
        'AND (c.TABLE_SCHEMA, c.TABLE_NAME) IN (SELECT t.TABLE_SCHEMA, t.TABLE_NAME FROM information_schema.TABLES t ' +
        `WHERE t.TABLE_SCHEMA IN ${inList(schemas)} AND t.TABLE_TYPE = 'BASE TABLE') ` +
        'ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION',
      params: [...schemas, ...schemas],
    })
    return result.rows.map((r): CatalogColumnRow => {
      const mariadb = cellBoolean(r[10])
      const columnType = cellString(r[4])
      const dataType = cellString(r[5]).toLowerCase()
      const nullable = cellString(r[6]) === 'YES'
      const extra = cellString(r[8])
      const normalised = normaliseMysqlDefault(cellText(r[7]), { nullable, mariadb, extra })
      return {
        schema: cellString(r[0]),
        table: cellString(r[1]),
        name: cellString(r[2]),
        ordinal: cellNumber(r[3]),
        sqlType: normaliseMysqlType(columnType, false),
        enumValues: dataType === 'enum' ? parseMysqlEnum(columnType) : null,
        nullable,
        defaultKind: normalised.kind,
        defaultValue: normalised.value,
        comment: cellString(r[9]),
        autoIncrement: extra.toLowerCase().includes('auto_increment'),
      }
    })
  }

  /**
   * MariaDB stores JSON as longtext guarded by CHECK (json_valid(col)); MySQL reports `json` itself.
   * SELECT *: MySQL's CHECK_CONSTRAINTS has no TABLE_NAME, so there the rows are ignored.
   */
  async function mariadbJsonColumns(schemas: readonly string[]): Promise<Set<string>> {
    const result = await run({
      sql:
        'SELECT * FROM information_schema.CHECK_CONSTRAINTS ' +
        `WHERE CONSTRAINT_SCHEMA IN ${inList(schemas)} AND CHECK_CLAUSE LIKE 'json\\_valid(%'`,
      params: schemas,
    })
    const found = new Set<string>()
    for (const r of rowsByName(result)) {
      const table = cellText(r['TABLE_NAME'])
      const column = jsonCheckColumn(cellString(r['CHECK_CLAUSE']))
      if (table !== null && column !== null) found.add(key(cellString(r['CONSTRAINT_SCHEMA']), table, column))
    }
    return found
  }

  async function exactCounts(schema: string, tableNames: readonly string[]): Promise<Map<string, number>> {
    if (tableNames.length === 0) return new Map()
    const count = (table: string): string =>
      `SELECT ${asText('?')}, COUNT(*) FROM ${quote(schema)}.${quote(table)}`
    return toRowCounts((await run(unionAll(tableNames, count))).rows)
  }

  /**
   * The tables are read together, and apart only when one is refused: MySQL has no privilege function to ask first
   * (information_schema hides a table only from a user without any privilege on it), and a refused statement leaves
   * the transaction it ran in usable.
   */
  async function lineageReadable(schemas: readonly string[]): Promise<LineageRead> {
    const columnsSql = ['?', 'table_name', 'attribute_name', 'lineage'].map(asText).join(', ')
    const select = (schema: string): string => `SELECT ${columnsSql} FROM ${quote(schema)}.${quote(LINEAGE_TABLE)}`
    try {
      return { schemas, rows: toLineageRows((await run(unionAll(schemas, select))).rows) }
    } catch (error) {
      if (!isDataJointError(error, 'ACCESS_DENIED')) throw error
      if (schemas.length === 1) return { schemas: [], rows: [] }
      const each = await Promise.all(schemas.map((schema) => lineageReadable([schema])))
      return { schemas: each.flatMap((read) => read.schemas), rows: each.flatMap((read) => read.rows) }
    }
  }

  const reads: CatalogReads = {
    async tables(schemas) {
      const result = await run({
        sql:
          'SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES ' +
          `WHERE TABLE_SCHEMA IN ${inList(schemas)} AND TABLE_TYPE = 'BASE TABLE' ` +
          'ORDER BY TABLE_SCHEMA, TABLE_NAME',
        params: schemas,
      })
      return toTableRows(result.rows)
    },

    async columns(schemas) {
      const [rows, json] = await Promise.all([columnRows(schemas), mariadbJsonColumns(schemas)])
      return rows.map((c) =>
        json.has(key(c.schema, c.table, c.name)) ? { ...c, sqlType: normaliseMysqlType(c.sqlType, true) } : c,
      )
    },

    async primaryKeys(schemas) {
      const result = await run({
        sql:
          'SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE ' +
          `WHERE TABLE_SCHEMA IN ${inList(schemas)} AND CONSTRAINT_NAME = 'PRIMARY' ` +
          'ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION',
        params: schemas,
      })
      return toPrimaryKeyRows(result.rows)
    },

    async foreignKeys(schemas) {
      const result = await run({
        sql:
          'SELECT CONSTRAINT_NAME, TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ' +
          'REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME ' +
          'FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_NAME IS NOT NULL ' +
          `AND (TABLE_SCHEMA IN ${inList(schemas)} OR REFERENCED_TABLE_SCHEMA IN ${inList(schemas)}) ` +
          'ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION',
        params: [...schemas, ...schemas],
      })
      return toForeignKeyRows(result.rows)
    },

    async indexes(schemas) {
      // SELECT *: MySQL 8 adds EXPRESSION (functional key parts, COLUMN_NAME NULL); MariaDB has no such column.
      const result = await run({
        sql:
          'SELECT * FROM information_schema.STATISTICS ' +
          `WHERE TABLE_SCHEMA IN ${inList(schemas)} AND INDEX_NAME <> 'PRIMARY' ` +
          'ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX',
        params: schemas,
      })
      const rows = rowsByName(result).map((r) => [
        r['TABLE_SCHEMA'],
        r['TABLE_NAME'],
        r['INDEX_NAME'],
        cellNumber(r['NON_UNIQUE']) === 0,
        r['COLUMN_NAME'],
        r['EXPRESSION'],
      ])
      return toIndexRows(rows)
    },

    async lineage(schemas) {
      return lineageReadable(schemas)
    },
  }

  return {
    async listSchemas() {
      const result = await run({
        sql:
          'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ' +
          `WHERE SCHEMA_NAME NOT IN ${inList(SYSTEM_SCHEMAS)} ORDER BY SCHEMA_NAME`,
        params: SYSTEM_SCHEMAS,
      })
      return firstColumn(result.rows)
    },

    async schemaExists(schema) {
      const result = await run({
        sql: 'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
        params: [schema],
      })
      return result.rows.length > 0
    },

    loadCatalog: (schemas) => loadCatalogRows(reads, schemas),

    async catalogVersions(schemas) {
      // MariaDB rewrites a table's .frm at every CREATE and ALTER, and reports that file's time as CREATE_TIME, to the
      // second: the version is the schema's table names with those times. A table changed in the very second the
      // version is read could change again within it unseen, so such a version is not vouched for. MySQL 8 keeps
      // CREATE_TIME in its data dictionary, where an instant ALTER leaves it as it was: never vouched for there.
      const result = await run({
        sql:
          "SELECT TABLE_SCHEMA, TABLE_NAME, CAST(CREATE_TIME AS CHAR), CAST(NOW() AS CHAR), (@@version LIKE '%MariaDB%') " +
          `FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ${inList(schemas)} AND TABLE_TYPE = 'BASE TABLE' ` +
          'ORDER BY TABLE_SCHEMA, TABLE_NAME',
        params: schemas,
      })
      const parts = new Map<string, string[] | null>(schemas.map((schema) => [schema, []]))
      for (const r of result.rows) {
        const schema = cellString(r[0])
        const created = cellText(r[2])
        const vouched = cellBoolean(r[4]) && created !== null && created < cellString(r[3])
        const list = parts.get(schema)
        if (list === undefined || list === null) continue
        if (vouched) list.push(`${cellString(r[1])}\u0000${created}`)
        else parts.set(schema, null)
      }
      return new Map([...parts].map(([schema, list]) => [schema, list === null ? null : list.join('\u0001')]))
    },

    async downstreamSchemas(schemas) {
      if (schemas.length === 0) return []
      const result = await run({
        sql:
          'SELECT DISTINCT TABLE_SCHEMA FROM information_schema.KEY_COLUMN_USAGE ' +
          `WHERE REFERENCED_TABLE_SCHEMA IN ${inList(schemas)} ` +
          `AND TABLE_SCHEMA NOT IN ${inList(schemas)} ORDER BY TABLE_SCHEMA`,
        params: [...schemas, ...schemas],
      })
      return firstColumn(result.rows)
    },

    async enumTypesOf() {
      return []
    },

    rowCounts: exactCounts,

    async rowEstimates(schema, tableNames) {
      if (tableNames.length === 0) return new Map()
      // InnoDB's TABLE_ROWS is a sample, which may say 0 of a table just filled: never taken as exact.
      const result = await run({
        sql:
          'SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES ' +
          `WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN ${inList(tableNames)}`,
        params: [schema, ...tableNames],
      })
      return new Map([...toRowCounts(result.rows)].map(([table, count]) => [table, { count, estimated: true }]))
    },
  }
}
