import type { Literal, QueryExpr } from '../../../src/algebra/ast'
import { match, or, restrict, table } from '../../../src/algebra/build'
import type { WireValue } from '../../../electron/ipc/contract'

/** A key value as a literal of the tree; null for values that cannot be a key (a blob, bytes or json preview). */
export function keyLiteral(value: WireValue): Literal | null {
  if (value === null) return { kind: 'lit', type: 'null' }
  if (typeof value === 'number') return { kind: 'lit', type: 'number', value }
  if (typeof value === 'string') return { kind: 'lit', type: 'string', value }
  if (typeof value === 'boolean') return { kind: 'lit', type: 'bool', value }
  if ('$bigint' in value) return { kind: 'lit', type: 'bigint', value: value.$bigint }
  return null
}

/**
 * A table restricted to the rows with these primary keys (`Table & [key, key, ...]`), or null when a key holds a
 * value that cannot be a key (a blob, bytes or json preview).
 */
export function keysRestriction(schema: string, name: string, keys: readonly Readonly<Record<string, WireValue>>[]): QueryExpr | null {
  const conditions = []
  for (const key of keys) {
    const values: Record<string, Literal> = {}
    for (const [attribute, value] of Object.entries(key)) {
      const literal = keyLiteral(value)
      if (literal === null) return null
      values[attribute] = literal
    }
    conditions.push(match(values))
  }
  return restrict(table(schema, name), or(conditions))
}
