// DataJoint's insert: field checks, per-attribute encoding, batched multi-row statements, one transaction per call.

import { DataJointError, isDataJointError } from '../errors/datajoint-error'
import type { DialectCapabilities } from '../adapters/dialect'
import type { SqlValue } from '../adapters/driver'
import type { Attribute } from '../heading/attribute'
import type { TableInfo } from '../heading/table-info'
import type { EngineContext } from '../instance/context'
import { isDefault } from '../sql/compiler'
import type { InsertValue } from '../sql/nodes'
import { rowSize, type StatementLimits } from '../sql/statement-size'
import { MIXED_INSTANCES, type QueryExpression } from './expression'
import { encodeValue } from './values'

export interface InsertOptions {
  /** Rows whose primary key already exists are skipped (PostgreSQL: primary-key conflicts only). */
  readonly skipDuplicates?: boolean
  /** Keys that are not attributes of the table are ignored instead of refused. */
  readonly ignoreExtraFields?: boolean
  /** Rows whose primary key exists overwrite it (an upsert, on both backends). */
  readonly replace?: boolean
  /** Allows inserting into Computed and Imported tables outside `make()`. */
  readonly allowDirectInsert?: boolean
}

export type Row = Readonly<Record<string, unknown>>

// Statement text beyond the rows (INSERT INTO, the column list, ON DUPLICATE KEY UPDATE / ON CONFLICT), over
// and above what `fixedTextBytes` counts.
const STATEMENT_HEADROOM = 64 * 1024

function checkTier(info: TableInfo, options: InsertOptions): void {
  // DataJoint's guard is an attribute of its AutoPopulate classes only: part tables, even of a computed
  // master, take direct inserts.
  const auto = info.tier === 'computed' || info.tier === 'imported'
  if (auto && !options.allowDirectInsert) {
    throw new DataJointError(
      'TIER_VIOLATION',
      'Inserts into an auto-populated table can only be done inside its make method during a populate call. ' +
        'To override, set keyword argument allow_direct_insert=True.',
      { table: `${info.schema}.${info.table}` },
    )
  }
}

/** Bytes of the statement text that does not grow with the rows: the table, and the columns named at most thrice. */
function fixedTextBytes(table: { readonly schema: string; readonly table: string }, columns: readonly string[]): number {
  let bytes = Buffer.byteLength(table.schema) + Buffer.byteLength(table.table)
  for (const column of columns) bytes += 3 * (Buffer.byteLength(column) + 8)
  return bytes + STATEMENT_HEADROOM
}

/**
 * Rows per statement and bytes of rows per statement: within the limits of this connection, and no larger than
 * the size past which the dialect's bulk inserts get no faster.
 */
function batchBounds(
  limits: StatementLimits,
  preferred: DialectCapabilities['bulkInsertSize'],
  table: { readonly schema: string; readonly table: string },
  columns: readonly string[],
): { maxRows: number; maxBytes: number } {
  const parameters = Math.min(limits.maxParameters ?? Infinity, preferred.parameters ?? Infinity)
  const maxRows = Number.isFinite(parameters) ? Math.max(1, Math.floor(parameters / columns.length)) : Infinity
  const maxBytes = Math.min(Math.max(1, limits.maxStatementBytes - fixedTextBytes(table, columns)), preferred.bytes ?? Infinity)
  return { maxRows, maxBytes }
}

/** Whether DEFAULT in this attribute's column stores NULL: nullable with no declared default, or declared `= null`. */
function defaultsToNull(attribute: Attribute): boolean {
  return !attribute.autoIncrement && (attribute.default === undefined || attribute.default.toLowerCase() === 'null')
}

/**
 * The rows with every DEFAULT written as the NULL it stores, for a bulk load (which cannot ask for a column's
 * default row by row); null when some DEFAULT stands for a declared value or a generated one.
 */
function rowsWithoutDefaults(rows: readonly (readonly InsertValue[])[], fields: readonly Attribute[]): SqlValue[][] | null {
  const nullable = fields.map(defaultsToNull)
  for (const row of rows) {
    for (let c = 0; c < row.length; c += 1) if (isDefault(row[c] as InsertValue) && !nullable[c]) return null
  }
  return rows.map((row) => row.map((value) => (isDefault(value) ? null : value)))
}

function withDuplicateHint(error: unknown): unknown {
  return isDataJointError(error, 'DUPLICATE') ? error.suggest('To ignore duplicate entries in insert, set skipDuplicates: true') : error
}

/** Inserts rows (objects) or the result of a query; all-or-nothing per call. */
export async function insertRows(
  context: EngineContext,
  info: TableInfo,
  rows: Iterable<Row> | QueryExpression,
  options: InsertOptions = {},
): Promise<number> {
  checkTier(info, options)
  const onDuplicate = options.replace ? 'replace' : options.skipDuplicates ? 'skip' : 'error'
  const primaryKey = info.primaryKey
  const visible = info.attributes.filter((a) => !a.hidden)
  const byName = new Map(visible.map((a) => [a.name, a]))
  const table = { schema: info.schema, table: info.table }

  if (!(Symbol.iterator in Object(rows))) {
    return insertFromQuery(context, info, rows as QueryExpression, options, onDuplicate)
  }

  const list = Array.isArray(rows) ? (rows as readonly Row[]) : [...(rows as Iterable<Row>)]
  if (list.length === 0) return 0
  const first = list[0] as Row
  if (typeof first !== 'object' || first === null || Array.isArray(first)) {
    throw new DataJointError('INVALID_INPUT', 'Rows must be objects mapping attribute names to values', { row: 0 })
  }
  const fields: Attribute[] = []
  for (const key of Object.keys(first)) {
    const attribute = byName.get(key)
    if (attribute === undefined) {
      if (options.ignoreExtraFields) continue
      throw new DataJointError('UNKNOWN_ATTRIBUTE', `\`${key}\` is not in the table heading`, {
        row: 0,
        attribute: key,
        hint: 'To ignore extra fields in insert, set ignoreExtraFields: true',
      })
    }
    fields.push(attribute)
  }
  const fieldNames = new Set(fields.map((a) => a.name))
  const required = visible.filter((a) => !a.nullable && a.default === undefined && !a.autoIncrement)
  if (fields.length === 0) {
    throw new DataJointError(
      'MISSING_ATTRIBUTE',
      `Cannot insert empty row. The following attributes require values: [${required.map((a) => `'${a.name}'`).join(', ')}]`,
      { row: 0 },
    )
  }
  const capabilities = context.dialect.capabilities

  const encoded: InsertValue[][] = []
  for (let r = 0; r < list.length; r += 1) {
    const row = list[r] as Row
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new DataJointError('INVALID_INPUT', `Row ${r} is not an object`, { row: r })
    }
    let known = 0
    for (const key in row) {
      if (fieldNames.has(key)) known += 1
      else if (byName.has(key)) {
        // Even with ignoreExtraFields: a heading attribute only later rows give is not "extra" (DataJoint).
        throw new DataJointError('INVALID_INPUT', 'Attempt to insert rows with different fields.', { row: r, attribute: key })
      } else if (!options.ignoreExtraFields) {
        throw new DataJointError('UNKNOWN_ATTRIBUTE', `\`${key}\` is not in the table heading`, {
          row: r,
          attribute: key,
          hint: 'To ignore extra fields in insert, set ignoreExtraFields: true',
        })
      }
    }
    if (known !== fields.length) {
      const missing = fields.find((a) => !(a.name in row))
      throw new DataJointError('INVALID_INPUT', 'Attempt to insert rows with different fields.', {
        row: r,
        ...(missing ? { attribute: missing.name } : {}),
      })
    }
    const values: InsertValue[] = []
    for (let c = 0; c < fields.length; c += 1) {
      const attribute = fields[c] as Attribute
      const value = encodeValue(row[attribute.name], attribute, {
        uuidAsBinary: capabilities.uuidAsBinary,
        boolAsInteger: capabilities.boolAsInteger,
        row: r,
      })
      if (typeof value === 'object' && value !== null && 'default' in value && required.includes(attribute)) {
        throw new DataJointError('MISSING_ATTRIBUTE', `Attribute \`${attribute.name}\` requires a value (row ${r})`, {
          row: r,
          attribute: attribute.name,
        })
      }
      values.push(value)
    }
    encoded.push(values)
  }
  for (const attribute of required) {
    if (!fieldNames.has(attribute.name)) {
      throw new DataJointError('MISSING_ATTRIBUTE', `Field '${attribute.name}' doesn't have a default value`, {
        row: 0,
        attribute: attribute.name,
      })
    }
  }

  const columns = fields.map((a) => a.name)
  const bulkLoadMinRows = capabilities.bulkLoadMinRows
  let inserted = 0
  await context.atomically(async () => {
    const bulk = bulkLoadMinRows !== null && encoded.length >= bulkLoadMinRows && context.canBulkLoad
    const bulkRows = bulk ? rowsWithoutDefaults(encoded, fields) : null
    if (bulkRows !== null) {
      try {
        inserted = await context.bulkLoad({ table, columns, rows: bulkRows, onDuplicate, primaryKey })
      } catch (error) {
        throw withDuplicateHint(error)
      }
      return
    }
    // Read once connected: the server's own statement bound (MySQL's max_allowed_packet) is known by then.
    const { maxRows, maxBytes } = batchBounds(context.statementLimits, capabilities.bulkInsertSize, table, columns)
    let start = 0
    while (start < encoded.length) {
      let end = start
      let bytes = 0
      while (end < encoded.length && end - start < maxRows) {
        const size = rowSize(encoded[end] as InsertValue[])
        // A row bigger than the limit still goes alone; the server decides whether it fits.
        if (end > start && bytes + size > maxBytes) break
        bytes += size
        end += 1
      }
      try {
        const result = await context.pipeline.execute({ kind: 'insert', table, columns, rows: encoded.slice(start, end), onDuplicate, primaryKey })
        inserted += result.affectedRows
      } catch (error) {
        throw withDuplicateHint(error)
      }
      start = end
    }
  })
  return inserted
}

async function insertFromQuery(
  context: EngineContext,
  info: TableInfo,
  query: QueryExpression,
  options: InsertOptions,
  onDuplicate: 'error' | 'skip' | 'replace',
): Promise<number> {
  // The SELECT runs on this Instance's connection; another Instance's query may live on another server.
  if (query.context.id !== context.id) throw new DataJointError('MIXED_INSTANCES', MIXED_INSTANCES)
  const resolved = context.pipeline.resolve(query.expr)
  const targetNames = new Set(info.attributes.filter((a) => !a.hidden).map((a) => a.name))
  const columns = resolved.heading.names.filter((name) => {
    if (targetNames.has(name)) return true
    if (options.ignoreExtraFields) return false
    throw new DataJointError(
      'UNKNOWN_ATTRIBUTE',
      `Attribute ${name} not found. To ignore extra attributes in insert, set ignoreExtraFields: true.`,
      { attribute: name },
    )
  })
  const planned = context.pipeline.planSelect(resolved)
  const select = { ...planned, columns: planned.columns.filter((c) => columns.includes(c.alias)) }
  const statement = {
    kind: 'insertSelect',
    table: { schema: info.schema, table: info.table },
    columns,
    query: select,
    onDuplicate,
    primaryKey: info.primaryKey,
  } as const
  return context.atomically(async () => (await context.pipeline.execute(statement)).affectedRows)
}
