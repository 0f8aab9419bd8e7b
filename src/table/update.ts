// DataJoint's `update1`: changes secondary attributes of one existing row, found by its full primary key.
// Values are encoded like inserted ones; a null value sets the column to its DEFAULT.

import { DataJointError } from '../errors/datajoint-error'
import type { TableInfo } from '../heading/table-info'
import type { EngineContext } from '../instance/context'
import type { InsertValue, SelectNode, SqlExpr } from '../sql/nodes'
import { isDefault } from '../sql/compiler'
import { toInteger } from '../adapters/decoders'
import { encodeValue } from './values'

function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  if (value instanceof Date || value instanceof Uint8Array || value instanceof Map || value instanceof Set) return false
  return true
}

/**
 * Updates one row (checks in DataJoint's order): `row` must be an object holding the whole primary key and only
 * attributes of the table, the table must be unrestricted, and exactly one row must have that key.
 */
export async function update1(context: EngineContext, info: TableInfo, restricted: boolean, row: unknown): Promise<void> {
  if (!isMapping(row)) throw new DataJointError('INVALID_INPUT', 'The argument of update1 must be dict-like.')
  const visible = info.attributes.filter((a) => !a.hidden)
  const primaryKey = visible.filter((a) => a.inKey)
  if (!primaryKey.every((a) => Object.hasOwn(row, a.name))) {
    throw new DataJointError('INVALID_INPUT', 'The argument of update1 must supply all primary key values.')
  }
  const byName = new Map(visible.map((a) => [a.name, a]))
  const unknown = Object.keys(row).find((name) => !byName.has(name))
  if (unknown !== undefined) {
    throw new DataJointError('UNKNOWN_ATTRIBUTE', `Attribute \`${unknown}\` not found.`, { attribute: unknown })
  }
  if (restricted) throw new DataJointError('INVALID_INPUT', 'Update cannot be applied to a restricted table.')

  const capabilities = context.dialect.capabilities
  const encode = (name: string): InsertValue =>
    encodeValue(row[name], byName.get(name) as (typeof visible)[number], {
      uuidAsBinary: capabilities.uuidAsBinary,
      boolAsInteger: capabilities.boolAsInteger,
      row: 0,
    })
  const matches: SqlExpr[] = primaryKey.map((attribute) => {
    const value = encode(attribute.name)
    const target: SqlExpr = { kind: 'column', table: null, name: attribute.name }
    return isDefault(value) ? { kind: 'isNull', operand: target, negated: false } : { kind: 'compare', op: '=', left: target, right: { kind: 'param', value } }
  })
  const where: SqlExpr =
    matches.length === 0 ? { kind: 'keyword', value: 'TRUE' } : matches.length === 1 ? (matches[0] as SqlExpr) : { kind: 'logical', op: 'AND', operands: matches }
  const table = { schema: info.schema, table: info.table }
  const compiler = context.dialect.createCompiler()

  const count: SelectNode = {
    kind: 'select',
    distinct: false,
    columns: [{ expr: { kind: 'call', name: 'count', args: [], distinct: false, star: true, separator: null }, alias: 'count' }],
    from: { kind: 'tableRef', ...table, alias: '' },
    joins: [],
    where,
    groupBy: [],
    having: null,
    orderBy: [],
    limit: null,
    offset: null,
  }
  const found = await context.run(compiler.compile(count))
  if (Number(toInteger(found.rows[0]?.[0] ?? 0)) !== 1) {
    throw new DataJointError('NOT_FOUND', 'Update can only be applied to one existing entry.')
  }
  const keyNames = new Set(primaryKey.map((a) => a.name))
  const set = Object.keys(row)
    .filter((name) => !keyNames.has(name))
    .map((name) => ({ column: name, value: encode(name) }))
  if (set.length === 0) {
    throw new DataJointError('INVALID_INPUT', 'update1 needs at least one attribute besides the primary key to update.')
  }
  await context.run(compiler.compile({ kind: 'update', table, set, where }))
}
