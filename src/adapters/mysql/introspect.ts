// MySQL/MariaDB catalog reads from information_schema: one statement per kind of fact, whatever the table
// count, values always bound. Turning rows into headings is the catalog's job, not this module's.

import type {
  CatalogColumnRow,
  CatalogForeignKeyRow,
  CatalogIndexRow,
  CatalogLineageRow,
  CatalogPrimaryKeyRow,
  CatalogRows,
  CatalogTableRow,
  Introspector,
} from '../catalog-rows'
import type { CompiledQuery, QueryResult } from '../driver'
import {
  cellBoolean,
  cellNumber,
  cellString,
  cellText,
  groupBy,
  placeholderList,
  rowsByName,
} from '../catalog-values'
import {
  jsonCheckColumn,
  normaliseMysqlDefault,
  normaliseMysqlType,
  parseMysqlEnum,
} from './catalog-normalise'

type Run = (query: CompiledQuery) => Promise<QueryResult>

const SYSTEM_SCHEMAS = ['information_schema', 'mysql', 'performance_schema', 'sys']
const LINEAGE_TABLE = '~lineage'

function quote(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``
}

function inList(values: readonly string[]): string {
  return `(${placeholderList(values.length, 'question')})`
}

const key = (...parts: string[]): string => JSON.stringify(parts)

// Catalog text is compared under one binary collation so UNION ALL across schemas of different default
// collations cannot fail with "Illegal mix of collations".
const asText = (expr: string): string => `CONVERT(${expr} USING utf8mb4) COLLATE utf8mb4_bin`

function emptyCatalog(): CatalogRows {
  return {
    tables: [],
    columns: [],
    primaryKeys: [],
    foreignKeys: [],
    indexes: [],
    lineage: [],
    schemasWithLineage: [],
  }
}

export function createMysqlIntrospector(run: Run): Introspector {
  async function tables(schemas: readonly string[]): Promise<CatalogTableRow[]> {
    const result = await run({
      sql:
        'SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES ' +
        `WHERE TABLE_SCHEMA IN ${inList(schemas)} AND TABLE_TYPE = 'BASE TABLE' ` +
        'ORDER BY TABLE_SCHEMA, TABLE_NAME',
      params: schemas,
    })
    return result.rows.map((r) => ({
      schema: cellString(r[0]),
      table: cellString(r[1]),
      comment: cellString(r[2]),
    }))
  }

  async function columns(schemas: readonly string[]): Promise<CatalogColumnRow[]> {
    const result = await run({
      sql:
        'SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.ORDINAL_POSITION, c.COLUMN_TYPE, ' +
        'c.DATA_TYPE, c.IS_NULLABLE, c.COLUMN_DEFAULT, c.EXTRA, c.COLUMN_COMMENT, ' +
        "(@@version LIKE '%MariaDB%') AS IS_MARIADB " +
        'FROM information_schema.COLUMNS c JOIN information_schema.TABLES t ' +
        'ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME ' +
        `WHERE c.TABLE_SCHEMA IN ${inList(schemas)} AND t.TABLE_TYPE = 'BASE TABLE' ` +
        'ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION',
      params: schemas,
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

  async function primaryKeys(schemas: readonly string[]): Promise<CatalogPrimaryKeyRow[]> {
    const result = await run({
      sql:
        'SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE ' +
        `WHERE TABLE_SCHEMA IN ${inList(schemas)} AND CONSTRAINT_NAME = 'PRIMARY' ` +
        'ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION',
      params: schemas,
    })
    return groupBy(result.rows, (r) => key(cellString(r[0]), cellString(r[1]))).map((group) => ({
      schema: cellString(group[0]?.[0]),
      table: cellString(group[0]?.[1]),
      columns: group.map((r) => cellString(r[2])),
    }))
  }

  async function foreignKeys(schemas: readonly string[]): Promise<CatalogForeignKeyRow[]> {
    const result = await run({
      sql:
        'SELECT CONSTRAINT_NAME, TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ' +
        'REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME ' +
        'FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_NAME IS NOT NULL ' +
        `AND (TABLE_SCHEMA IN ${inList(schemas)} OR REFERENCED_TABLE_SCHEMA IN ${inList(schemas)}) ` +
        'ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION',
      params: [...schemas, ...schemas],
    })
    const constraintKey = (r: readonly unknown[]): string =>
      key(cellString(r[1]), cellString(r[2]), cellString(r[0]))
    return groupBy(result.rows, constraintKey).map((group) => {
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

  async function indexes(schemas: readonly string[]): Promise<CatalogIndexRow[]> {
    // SELECT *: MySQL 8 adds EXPRESSION (functional key parts, COLUMN_NAME NULL); MariaDB has no such column.
    const result = await run({
      sql:
        'SELECT * FROM information_schema.STATISTICS ' +
        `WHERE TABLE_SCHEMA IN ${inList(schemas)} AND INDEX_NAME <> 'PRIMARY' ` +
        'ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX',
      params: schemas,
    })
    const indexKey = (r: Record<string, unknown>): string =>
      key(cellString(r['TABLE_SCHEMA']), cellString(r['TABLE_NAME']), cellString(r['INDEX_NAME']))
    return groupBy(rowsByName(result), indexKey).map((group) => {
      const first = group[0] ?? {}
      return {
        schema: cellString(first['TABLE_SCHEMA']),
        table: cellString(first['TABLE_NAME']),
        name: cellString(first['INDEX_NAME']),
        unique: cellNumber(first['NON_UNIQUE']) === 0,
        columns: group.map((r) => cellText(r['COLUMN_NAME']) ?? `(${cellString(r['EXPRESSION'])})`),
      }
    })
  }

  async function lineage(schemas: readonly string[]): Promise<CatalogLineageRow[]> {
    if (schemas.length === 0) return []
    const columnsSql = ['?', 'table_name', 'attribute_name', 'lineage'].map(asText).join(', ')
    const sql = schemas
      .map((schema) => `SELECT ${columnsSql} FROM ${quote(schema)}.${quote(LINEAGE_TABLE)}`)
      .join(' UNION ALL ')
    const result = await run({ sql, params: schemas })
    return result.rows.map((r) => ({
      schema: cellString(r[0]),
      table: cellString(r[1]),
      attribute: cellString(r[2]),
      lineage: cellString(r[3]),
    }))
  }

  async function exactCounts(schema: string, tableNames: readonly string[]): Promise<Map<string, number>> {
    if (tableNames.length === 0) return new Map()
    const sql = tableNames
      .map((table) => `SELECT ${asText('?')}, COUNT(*) FROM ${quote(schema)}.${quote(table)}`)
      .join(' UNION ALL ')
    const result = await run({ sql, params: tableNames })
    return new Map(result.rows.map((r) => [cellString(r[0]), cellNumber(r[1])]))
  }

  return {
    async listSchemas() {
      const result = await run({
        sql:
          'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ' +
          `WHERE SCHEMA_NAME NOT IN ${inList(SYSTEM_SCHEMAS)} ORDER BY SCHEMA_NAME`,
        params: SYSTEM_SCHEMAS,
      })
      return result.rows.map((r) => cellString(r[0]))
    },

    async schemaExists(schema) {
      const result = await run({
        sql: 'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
        params: [schema],
      })
      return result.rows.length > 0
    },

    async loadCatalog(schemas) {
      if (schemas.length === 0) return emptyCatalog()
      const tableRows = await tables(schemas)
      const withLineage = [
        ...new Set(tableRows.filter((t) => t.table === LINEAGE_TABLE).map((t) => t.schema)),
      ]
      const [columnRows, json, pks, fks, idx, lineageRows] = await Promise.all([
        columns(schemas),
        mariadbJsonColumns(schemas),
        primaryKeys(schemas),
        foreignKeys(schemas),
        indexes(schemas),
        lineage(withLineage),
      ])
      return {
        tables: tableRows,
        columns: columnRows.map((c) =>
          json.has(key(c.schema, c.table, c.name))
            ? { ...c, sqlType: normaliseMysqlType(c.sqlType, true) }
            : c,
        ),
        primaryKeys: pks,
        foreignKeys: fks,
        indexes: idx,
        lineage: lineageRows,
        schemasWithLineage: withLineage,
      }
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
      return result.rows.map((r) => cellString(r[0]))
    },

    async enumTypesOf() {
      return []
    },

    async rowCounts(schema, tableNames, estimate) {
      if (tableNames.length === 0) return new Map()
      if (!estimate) return exactCounts(schema, tableNames)
      const result = await run({
        sql:
          'SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES ' +
          `WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN ${inList(tableNames)}`,
        params: [schema, ...tableNames],
      })
      return new Map(result.rows.map((r) => [cellString(r[0]), cellNumber(r[1])]))
    },
  }
}
