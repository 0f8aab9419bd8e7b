// PostgreSQL's bulk form of an insert: rows as COPY text (`COPY … FROM STDIN`), straight into the table when a
// duplicate key must fail, or into a staging table first when duplicates are skipped or replace stored rows
// (COPY has no ON CONFLICT). Pure: the statements and the text; the driver streams them.

import type { BulkLoad, CompiledQuery, SqlValue } from '../driver'
import { PostgresCompiler } from '../../sql/postgres-compiler'

/** The statements of one bulk load: the COPY, and around it the staging table's when there is one. */
export interface BulkLoadStatements {
  readonly copy: string
  readonly staging: {
    readonly create: CompiledQuery
    /** INSERT … SELECT from the stage with the insert's ON CONFLICT; its count is the load's. */
    readonly move: CompiledQuery
    readonly drop: CompiledQuery
  } | null
}

const TEMP_SCHEMA = 'pg_temp'

/**
 * The COPY, and for skipped or replaced duplicates a staging table in the session's temporary schema: typed as
 * the target's columns (so a bad value fails in the COPY, at its line) but without its constraints, dropped once
 * its rows are moved and at commit whatever happens.
 */
export function bulkLoadStatements(load: BulkLoad, stage: string): BulkLoadStatements {
  const compiler = new PostgresCompiler()
  const columns = load.columns.map((c) => compiler.quote(c)).join(', ')
  const target = `${compiler.quote(load.table.schema)}.${compiler.quote(load.table.table)}`
  if (load.onDuplicate === 'error' || load.primaryKey.length === 0) {
    return { copy: `COPY ${target} (${columns}) FROM STDIN`, staging: null }
  }
  const staged = `${compiler.quote(TEMP_SCHEMA)}.${compiler.quote(stage)}`
  const move = compiler.compile({
    kind: 'insertSelect',
    table: load.table,
    columns: load.columns,
    query: {
      kind: 'select',
      distinct: false,
      columns: load.columns.map((name) => ({ expr: { kind: 'column', table: null, name }, alias: name })),
      from: { kind: 'tableRef', schema: TEMP_SCHEMA, table: stage, alias: '' },
      joins: [],
      where: null,
      groupBy: [],
      having: null,
      orderBy: [],
      limit: null,
      offset: null,
    },
    onDuplicate: load.onDuplicate,
    primaryKey: load.primaryKey,
  })
  return {
    copy: `COPY ${staged} (${columns}) FROM STDIN`,
    staging: {
      create: { sql: `CREATE TEMPORARY TABLE ${staged} ON COMMIT DROP AS SELECT ${columns} FROM ${target} WITH NO DATA`, params: [] },
      move,
      drop: { sql: `DROP TABLE ${staged}`, params: [] },
    },
  }
}

/** How the driver spells a bound Date, so that COPY stores what a bound parameter would. */
export type DateText = (date: Date) => string

const SPECIAL = /[\\\n\r\t]/
const SPECIALS = /[\\\n\r\t]/g
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

function escapeText(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c] as string) : text
}

/** One value in COPY's text format: `\N` for NULL, backslash escapes, bytes as bytea's hex form. */
export function copyField(value: SqlValue, dateText: DateText): string {
  if (value === null) return '\\N'
  switch (typeof value) {
    case 'string':
      return escapeText(value)
    case 'number':
    case 'bigint':
      return String(value)
    case 'boolean':
      return value ? 't' : 'f'
    default:
      if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`
      return escapeText(dateText(value))
  }
}

/** About this many characters of COPY text go into one message to the server. */
const CHUNK_CHARS = 256 * 1024

/** The rows as COPY text, one line per row, in pieces of about `CHUNK_CHARS` (a whole row never splits). */
export function* copyText(rows: readonly (readonly SqlValue[])[], dateText: DateText): Generator<string> {
  let chunk = ''
  for (const row of rows) {
    let line = ''
    for (let c = 0; c < row.length; c += 1) line += (c > 0 ? '\t' : '') + copyField(row[c] as SqlValue, dateText)
    chunk += `${line}\n`
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk !== '') yield chunk
}
