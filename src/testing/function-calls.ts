// Test-only: calls of every allowed function built as trees (not parsed), valid or with one thing wrong, over
// attributes named as in the `oracle_types.subject` catalog table: species (varchar), sex (enum), height
// (double), price (decimal), small (smallint), alive (bool), dob (date), created (datetime), meta (json). Not
// exported from the engine.

import type { Condition, FunctionName, ScalarExpr } from '../algebra/ast'
import { FUNCTION_SIGNATURES, argumentKind, type ArgumentKind } from '../algebra/functions'

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
