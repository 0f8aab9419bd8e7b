// Test-only: the heading DataJoint Python's catalogs (fixtures/python-catalogs) imply for each table,
// read off the information_schema TSVs, the hidden-data TSV and (MySQL key order) the DDL dump without any of
// the engine's catalog code, so that interop tests compare the engine against an independent reading.

import { readFileSync } from 'node:fs'
import {
  pythonCatalogFile,
  readPythonCatalogTsv,
  readPythonLineage,
  type PythonCatalogBackend,
} from './load-dump'

export interface ExpectedAttribute {
  readonly name: string
  /** The DataJoint type: the `:type:` marker, else the parent's through a foreign key, else the native. */
  readonly type: string
  readonly inKey: boolean
  readonly nullable: boolean
  /** In definition form: `null`, `"mouse"`, `1`, `CURRENT_TIMESTAMP`; undefined without a default. */
  readonly default: string | undefined
  /** The user comment, marker removed. */
  readonly comment: string
  readonly lineage: string | null
}

export interface ExpectedForeignKey {
  readonly columns: readonly string[]
  readonly refTable: string
  readonly refColumns: readonly string[]
}

export interface ExpectedTable {
  readonly table: string
  readonly comment: string
  readonly attributes: readonly ExpectedAttribute[]
  readonly primaryKey: readonly string[]
  readonly foreignKeys: readonly ExpectedForeignKey[]
}

interface Column {
  readonly table: string
  readonly name: string
  readonly ordinal: number
  readonly nativeType: string
  readonly nullable: boolean
  readonly rawDefault: string
  readonly comment: string
}

const MARKER = /^:([^:]+):(.*)$/s
const NUMERIC_TYPE =
  /^(int(8|16|32|64)|float(32|64)|bool|decimal\(.*\)|(tiny|small|medium|big)?int|integer|year)$/

const DISPLAY_WIDTH = /^(tinyint|smallint|mediumint|int|bigint|year)\(\d+\)/
const PG_FOREIGN_KEY = /^FOREIGN KEY \(([^)]*)\) REFERENCES [^.]+\.("[^"]+"|[^(]+)\(([^)]*)\)/

function unquoteIdentifier(name: string): string {
  return name.replace(/^"(.*)"$/, '$1')
}

function columnsOf(backend: PythonCatalogBackend, name: string, schema: string): Column[] {
  return readPythonCatalogTsv(backend, name, 'columns', schema).map((r) => {
    const table = r['table_name'] ?? ''
    if (backend === 'mysql') {
      return {
        table,
        name: r['column_name'] ?? '',
        ordinal: Number(r['ordinal_position']),
        // MariaDB prints display widths (`int(11)`, `year(4)`); MySQL 8 and the definitions do not.
        nativeType: (r['column_type'] ?? '').replace(DISPLAY_WIDTH, '$1'),
        nullable: r['is_nullable'] === 'YES',
        rawDefault: r['column_default'] ?? '',
        comment: r['column_comment'] ?? '',
      }
    }
    const dataType = r['data_type'] ?? ''
    const nativeType =
      dataType === 'USER-DEFINED'
        ? (r['udt_name'] ?? '')
        : dataType === 'character varying'
          ? `varchar(${r['character_maximum_length']})`
          : dataType === 'character'
            ? `char(${r['character_maximum_length']})`
            : dataType === 'numeric'
              ? `decimal(${r['numeric_precision']},${r['numeric_scale']})`
              : dataType
    return {
      table,
      name: r['column_name'] ?? '',
      ordinal: Number(r['ordinal_position']),
      nativeType,
      nullable: r['is_nullable'] === 'YES',
      rawDefault: r['column_default'] ?? '',
      // DataJoint writes `"` as `\"` into PostgreSQL comments and reads it back that way.
      comment: (r['comment'] ?? '').replaceAll('\\"', '"'),
    }
  })
}

function foreignKeysOf(
  backend: PythonCatalogBackend,
  name: string,
  schema: string,
): Map<string, ExpectedForeignKey[]> {
  const byTable = new Map<string, ExpectedForeignKey[]>()
  const add = (table: string, fk: ExpectedForeignKey) =>
    byTable.set(table, [...(byTable.get(table) ?? []), fk])
  const rows = readPythonCatalogTsv(backend, name, 'fks', schema)
  if (backend === 'mysql') {
    const constraints = new Map<string, { table: string; rows: Record<string, string>[] }>()
    for (const r of rows) {
      const key = `${r['table_name']}\u0000${r['constraint_name']}`
      const entry = constraints.get(key) ?? { table: r['table_name'] ?? '', rows: [] }
      entry.rows.push(r)
      constraints.set(key, entry)
    }
    for (const { table, rows: parts } of constraints.values()) {
      parts.sort((a, b) => Number(a['ordinal_position']) - Number(b['ordinal_position']))
      add(table, {
        columns: parts.map((r) => r['column_name'] ?? ''),
        refTable: parts[0]?.['referenced_table_name'] ?? '',
        refColumns: parts.map((r) => r['referenced_column_name'] ?? ''),
      })
    }
    return byTable
  }
  for (const r of rows) {
    const m = PG_FOREIGN_KEY.exec(r['pg_get_constraintdef'] ?? '')
    if (m === null) continue
    add(r['relname'] ?? '', {
      columns: (m[1] ?? '').split(', ').map(unquoteIdentifier),
      refTable: unquoteIdentifier(m[2] ?? ''),
      refColumns: (m[3] ?? '').split(', ').map(unquoteIdentifier),
    })
  }
  return byTable
}

function primaryKeysOf(backend: PythonCatalogBackend, name: string, schema: string): Map<string, string[]> {
  const keys = new Map<string, string[]>()
  if (backend === 'postgres') {
    for (const r of readPythonCatalogTsv(backend, name, 'fks', schema)) {
      const m = /^PRIMARY KEY \(([^)]*)\)$/.exec(r['pg_get_constraintdef'] ?? '')
      if (m !== null) keys.set(r['relname'] ?? '', (m[1] ?? '').split(', ').map(unquoteIdentifier))
    }
    return keys
  }
  // information_schema's column_key marks key columns but not their order; the dump has it.
  const dump = readFileSync(pythonCatalogFile('mysql', name, 'sql'), 'utf8')
  for (const m of dump.matchAll(/^CREATE TABLE `([^`]+)` \(\n([\s\S]*?)\n\)/gm)) {
    const key = /^\s+PRIMARY KEY \(([^)]*)\)/m.exec(m[2] ?? '')
    if (key !== null) keys.set(m[1] ?? '', (key[1] ?? '').split(',').map((c) => c.replace(/`/g, '')))
  }
  return keys
}

function lineageOf(backend: PythonCatalogBackend, name: string, schema: string): Map<string, string> {
  return new Map(readPythonLineage(backend, name, schema).map((r) => [`${r.table}\u0000${r.attribute}`, r.lineage]))
}

/** A stored default in the form a definition writes it. */
function definitionDefault(backend: PythonCatalogBackend, column: Column, type: string): string | undefined {
  if (column.nullable) return 'null'
  const raw = column.rawDefault
  const numeric = NUMERIC_TYPE.test(type)
  if (backend === 'mysql') {
    // The TSV prints SQL NULL (no default) as NULL; DEFAULT NULL only exists on nullable columns.
    if (raw === 'NULL' || raw === '') return undefined
    const quoted = /^'(.*)'$/s.exec(raw)
    if (quoted !== null) {
      const value = (quoted[1] ?? '').replaceAll("''", "'")
      return numeric ? value : `"${value}"`
    }
    const now = /^current_timestamp\((\d*)\)$/i.exec(raw)
    if (now !== null) return now[1] === '' ? 'CURRENT_TIMESTAMP' : `CURRENT_TIMESTAMP(${now[1]})`
    return raw
  }
  if (raw === '') return undefined
  const quoted = /^'(.*)'::[\w ]+$/s.exec(raw)
  if (quoted !== null) {
    const value = (quoted[1] ?? '').replaceAll("''", "'")
    return numeric ? value : `"${value}"`
  }
  // A definition writes booleans as 1/0, which both servers accept for `bool`.
  if (raw === 'true' || raw === 'false') return raw === 'true' ? '1' : '0'
  return raw
}

/**
 * Every table of a reference catalog (hidden ones included) as its heading, with names rewritten to `schema`
 * (the scratch schema the dump was loaded into).
 */
export function expectedTables(backend: PythonCatalogBackend, name: string, schema: string): ExpectedTable[] {
  const columns = columnsOf(backend, name, schema)
  const foreignKeys = foreignKeysOf(backend, name, schema)
  const primaryKeys = primaryKeysOf(backend, name, schema)
  const lineage = lineageOf(backend, name, schema)
  const byKey = new Map(columns.map((c) => [`${c.table}\u0000${c.name}`, c]))

  const declaredType = (table: string, column: string, depth = 0): string | null => {
    const own = byKey.get(`${table}\u0000${column}`)
    if (own === undefined || depth > 16) return null
    const marker = MARKER.exec(own.comment)
    if (marker !== null) return marker[1] ?? null
    for (const fk of foreignKeys.get(table) ?? []) {
      const at = fk.columns.indexOf(column)
      const parentColumn = fk.refColumns[at]
      if (at < 0 || parentColumn === undefined) continue
      const inherited = declaredType(fk.refTable, parentColumn, depth + 1)
      if (inherited !== null) return inherited
    }
    return null
  }

  return readPythonCatalogTsv(backend, name, 'tables', schema).map((r) => {
    const table = backend === 'mysql' ? (r['table_name'] ?? '') : (r['relname'] ?? '')
    const primaryKey = primaryKeys.get(table) ?? []
    const attributes = columns
      .filter((c) => c.table === table)
      .sort((a, b) => a.ordinal - b.ordinal)
      .map((c): ExpectedAttribute => {
        const type = declaredType(table, c.name) ?? c.nativeType
        const marker = MARKER.exec(c.comment)
        return {
          name: c.name,
          type,
          inKey: primaryKey.includes(c.name),
          nullable: c.nullable,
          default: definitionDefault(backend, c, type),
          comment: marker === null ? c.comment : (marker[2] ?? ''),
          lineage: lineage.get(`${table}\u0000${c.name}`) ?? null,
        }
      })
    return {
      table,
      comment: (backend === 'mysql' ? r['table_comment'] : r['comment']) ?? '',
      attributes,
      primaryKey,
      foreignKeys: foreignKeys.get(table) ?? [],
    }
  })
}
