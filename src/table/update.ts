// DataJoint's `update1`: changes secondary attributes of one existing row, found by its full primary key.
// Values are encoded like inserted ones; a null value sets the column to its DEFAULT.

import * as build from '../algebra/build'
import { DataJointError } from '../errors/datajoint-error'
import type { TableInfo } from '../heading/table-info'
import type { EngineContext } from '../instance/context'
import { toInteger } from '../adapters/decoders'
import { toLiteral } from './restriction'
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
  // The row is found as the restriction by its key dict would find it, so update1 means `table & key`.
  const key = build.match(Object.fromEntries(primaryKey.map((a) => [a.name, toLiteral(row[a.name])])))
  const keyNames = new Set(primaryKey.map((a) => a.name))
  const set = Object.keys(row)
    .filter((name) => !keyNames.has(name))
    .map((name) => ({
      column: name,
      value: encodeValue(row[name], byName.get(name) as (typeof visible)[number], {
        uuidAsBinary: capabilities.uuidAsBinary,
        boolAsInteger: capabilities.boolAsInteger,
        row: 0,
      }),
    }))
  const { count, update } = context.pipeline.prepareUpdate(build.restrict(build.table(info.schema, info.table), key), set)
  const found = await context.run(count)
  if (Number(toInteger(found.rows[0]?.[0] ?? 0)) !== 1) {
    throw new DataJointError('NOT_FOUND', 'Update can only be applied to one existing entry.')
  }
  if (set.length === 0) {
    throw new DataJointError('INVALID_INPUT', 'update1 needs at least one attribute besides the primary key to update.')
  }
  await context.run(update)
}
