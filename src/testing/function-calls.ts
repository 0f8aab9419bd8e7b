// Test-only: calls of every allowed function built as trees (not parsed), valid or with one thing wrong, over
// attributes named as in the `oracle_types.subject` catalog table: species (varchar), sex (enum), height
// (double), price (decimal), small (smallint), alive (bool), dob (date), created (datetime), meta (json). Not
// exported from the engine.

import type { Condition, FunctionName, QueryExpr, ScalarExpr } from '../algebra/ast'
import * as b from '../algebra/build'
import { FUNCTION_SIGNATURES, argumentKind, type ArgumentKind } from '../algebra/functions'
import { isCondition } from '../algebra/visit'

export type Call = Extract<ScalarExpr, { kind: 'fn' }>

export const attr = (name: string): ScalarExpr => ({ kind: 'attr', name })
export const num = (value: number): ScalarExpr => ({ kind: 'lit', type: 'number', value })
export const str = (value: string): ScalarExpr => ({ kind: 'lit', type: 'string', value })

export function call(name: FunctionName, args: readonly ScalarExpr[], options: Partial<Pick<Call, 'distinct' | 'star' | 'separator'>> = {}): Call {
  return { kind: 'fn', name, args, distinct: false, star: false, separator: null, ...options }
}

export const HEIGHT_IS_POSITIVE: Condition = { kind: 'compare', op: '>', left: attr('height'), right: num(0) }

/** `height > 0` as a value. */
export const HEIGHT_POSITIVE: ScalarExpr = { kind: 'truth', condition: HEIGHT_IS_POSITIVE }

/** An argument of the kind, chosen so the call runs on every backend (positive numbers, small lengths). */
export function sampleArgument(kind: ArgumentKind, index: number): ScalarExpr {
  switch (kind) {
    case 'any':
    case 'number':
    case 'numberOrCondition':
      // Second numeric arguments are digits, positions and lengths: small integers.
      return index === 0 ? attr('height') : num(2)
    case 'integer':
      return attr('small')
    case 'exactNumber':
      return index === 0 ? attr('price') : num(2)
    case 'string':
      return attr('species')
    case 'temporal':
      return attr('created')
    case 'temporalOrString':
      return attr('dob')
    case 'condition':
      return HEIGHT_POSITIVE
    case 'timeUnit':
      return str('DAY')
    default:
      throw new Error(`no sample for ${String(kind satisfies never)}`)
  }
}

/** `count` of `n` sample arguments for `name`, each of the kind its position takes. */
export function sampleArguments(name: FunctionName, count: number): ScalarExpr[] {
  return Array.from({ length: count }, (_, i) => sampleArgument(argumentKind(name, i), i))
}

/** A call with the fewest arguments the function takes. */
export function validCall(name: FunctionName): Call {
  return call(name, sampleArguments(name, FUNCTION_SIGNATURES[name].arity[0]))
}

/** A call with one argument too few, or (for functions that take none or any number from one) one too many. */
export function wrongArityCall(name: FunctionName): Call {
  const [min, max] = FUNCTION_SIGNATURES[name].arity
  return call(name, sampleArguments(name, min > 0 ? min - 1 : max + 1))
}

/** Expression positions of a query: computed attributes, restrictions (of a table, of an aggregation), ordering. */
export type Slot = 'proj' | 'aggr' | 'restrict' | 'having' | 'orderBy'

/** Where a call of `name` is valid: aggregates in an aggregation, the others in a projection. */
export const slotOf = (name: FunctionName): Slot => (FUNCTION_SIGNATURES[name].aggregate ? 'aggr' : 'proj')

export const asScalar = (e: ScalarExpr | Condition): ScalarExpr => (isCondition(e) ? { kind: 'truth', condition: e } : e)
export const asCondition = (e: ScalarExpr | Condition): Condition =>
  isCondition(e) ? e : { kind: 'compare', op: '>', left: e, right: num(0) }

/** `subject` grouped by species, `n` counting the group's rows. */
export function counted(subject: QueryExpr): QueryExpr {
  return b.aggr(b.universal(['species']), subject, { compute: { n: b.countAll() }, excludeNonmatching: true })
}

/** A query over `subject` with `e` in one expression position (computed as `x`, or compared with 0 in a restriction). */
export function place(subject: QueryExpr, slot: Slot, e: ScalarExpr | Condition): QueryExpr {
  switch (slot) {
    case 'proj':
      return b.proj(subject, { compute: { x: asScalar(e) } })
    case 'aggr':
      return b.aggr(b.universal(['species']), subject, { compute: { x: asScalar(e) }, excludeNonmatching: true })
    case 'restrict':
      return b.restrict(subject, asCondition(e))
    case 'having':
      return b.restrict(counted(subject), asCondition(e))
    case 'orderBy':
      return b.top(subject, { limit: 1, orderBy: [{ by: asScalar(e), descending: false }] })
  }
}
