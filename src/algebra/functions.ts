// The signature of every function the algebra allows: arity, argument kinds, aggregate or scalar, the call
// options it takes and its result kind. The expression parser and resolution both check calls against it, so
// a typed string and a tree built by the query builder fail with the same error.

import type { FunctionName, ScalarExpr } from './ast'

/** What an argument must be; a value whose kind is not known (a quoted string, NULL, a json value) passes. */
export type ArgumentKind =
  | 'any'
  | 'number'
  /** Whole numbers: PostgreSQL's BIT_AND/BIT_OR take integer types only. */
  | 'integer'
  /** Integers or decimals: PostgreSQL's MOD has no floating-point form. */
  | 'exactNumber'
  /** A number, or a condition used as a value: `sum(score > 3)` counts matches (PostgreSQL gets an int cast). */
  | 'numberOrCondition'
  | 'string'
  /** Dates and times only: PostgreSQL's EXTRACT takes no strings. */
  | 'temporal'
  /** Dates and times, or strings that hold them: the PostgreSQL translations cast the argument to a date. */
  | 'temporalOrString'
  /** PostgreSQL's CASE WHEN needs a boolean; a number is not true by itself there. */
  | 'condition'
  /** An upper-case unit name as a string literal, e.g. `'YEAR'`. */
  | 'timeUnit'

/** The kind of value an expression yields, as far as resolution can tell; `number` is a number of unknown type. */
export type ValueKind = 'integer' | 'decimal' | 'float' | 'number' | 'string' | 'enum' | 'temporal' | 'bool' | 'condition' | 'unknown'

export interface FunctionSignature {
  /** Allowed argument counts (`Infinity`: variadic). */
  readonly arity: readonly [min: number, max: number]
  /** Kind of each argument by position; the last entry applies to every further argument. */
  readonly args: readonly ArgumentKind[]
  /** Aggregates compute over a group of rows and are only allowed where rows are grouped. */
  readonly aggregate: boolean
  /** Takes `DISTINCT` before its argument. */
  readonly distinct: boolean
  /** Takes `*` instead of arguments (`count(*)`). */
  readonly star: boolean
  /** Takes `SEPARATOR '…'` after its argument. */
  readonly separator: boolean
  /** The result's kind, or the kind of the argument at that position. */
  readonly result: 'integer' | 'number' | 'string' | 'temporal' | { readonly sameAsArgument: number }
}

const scalar = { aggregate: false, distinct: false, star: false, separator: false } as const
const aggregate = { aggregate: true, distinct: true, star: false, separator: false } as const
const NUMBER = 'number' as const
const INTEGER = 'integer' as const

/** Every function of `FUNCTION_NAMES`, keyed by name. */
export const FUNCTION_SIGNATURES: Readonly<Record<FunctionName, FunctionSignature>> = {
  count: { ...aggregate, star: true, arity: [1, 1], args: ['any'], result: INTEGER },
  sum: { ...aggregate, arity: [1, 1], args: ['numberOrCondition'], result: NUMBER },
  avg: { ...aggregate, arity: [1, 1], args: ['numberOrCondition'], result: NUMBER },
  min: { ...aggregate, arity: [1, 1], args: ['any'], result: { sameAsArgument: 0 } },
  max: { ...aggregate, arity: [1, 1], args: ['any'], result: { sameAsArgument: 0 } },
  std: { ...aggregate, distinct: false, arity: [1, 1], args: ['number'], result: NUMBER },
  variance: { ...aggregate, distinct: false, arity: [1, 1], args: ['number'], result: NUMBER },
  group_concat: { ...aggregate, separator: true, arity: [1, 1], args: ['any'], result: 'string' },
  bit_and: { ...aggregate, distinct: false, arity: [1, 1], args: ['integer'], result: INTEGER },
  bit_or: { ...aggregate, distinct: false, arity: [1, 1], args: ['integer'], result: INTEGER },
  abs: { ...scalar, arity: [1, 1], args: ['number'], result: { sameAsArgument: 0 } },
  round: { ...scalar, arity: [1, 2], args: ['number'], result: NUMBER },
  floor: { ...scalar, arity: [1, 1], args: ['number'], result: NUMBER },
  ceil: { ...scalar, arity: [1, 1], args: ['number'], result: NUMBER },
  sqrt: { ...scalar, arity: [1, 1], args: ['number'], result: NUMBER },
  power: { ...scalar, arity: [2, 2], args: ['number'], result: NUMBER },
  exp: { ...scalar, arity: [1, 1], args: ['number'], result: NUMBER },
  ln: { ...scalar, arity: [1, 1], args: ['number'], result: NUMBER },
  log10: { ...scalar, arity: [1, 1], args: ['number'], result: NUMBER },
  mod: { ...scalar, arity: [2, 2], args: ['exactNumber'], result: { sameAsArgument: 0 } },
  greatest: { ...scalar, arity: [2, Infinity], args: ['any'], result: { sameAsArgument: 0 } },
  least: { ...scalar, arity: [2, Infinity], args: ['any'], result: { sameAsArgument: 0 } },
  sign: { ...scalar, arity: [1, 1], args: ['number'], result: NUMBER },
  concat: { ...scalar, arity: [1, Infinity], args: ['any'], result: 'string' },
  lower: { ...scalar, arity: [1, 1], args: ['string'], result: 'string' },
  upper: { ...scalar, arity: [1, 1], args: ['string'], result: 'string' },
  length: { ...scalar, arity: [1, 1], args: ['string'], result: INTEGER },
  char_length: { ...scalar, arity: [1, 1], args: ['string'], result: INTEGER },
  substring: { ...scalar, arity: [2, 3], args: ['string', 'number'], result: 'string' },
  trim: { ...scalar, arity: [1, 1], args: ['string'], result: 'string' },
  replace: { ...scalar, arity: [3, 3], args: ['string'], result: 'string' },
  left: { ...scalar, arity: [2, 2], args: ['string', 'number'], result: 'string' },
  right: { ...scalar, arity: [2, 2], args: ['string', 'number'], result: 'string' },
  year: { ...scalar, arity: [1, 1], args: ['temporal'], result: INTEGER },
  month: { ...scalar, arity: [1, 1], args: ['temporal'], result: INTEGER },
  day: { ...scalar, arity: [1, 1], args: ['temporal'], result: INTEGER },
  hour: { ...scalar, arity: [1, 1], args: ['temporal'], result: INTEGER },
  minute: { ...scalar, arity: [1, 1], args: ['temporal'], result: INTEGER },
  second: { ...scalar, arity: [1, 1], args: ['temporal'], result: INTEGER },
  date: { ...scalar, arity: [1, 1], args: ['temporalOrString'], result: 'temporal' },
  now: { ...scalar, arity: [0, 0], args: [], result: 'temporal' },
  curdate: { ...scalar, arity: [0, 0], args: [], result: 'temporal' },
  datediff: { ...scalar, arity: [2, 2], args: ['temporalOrString'], result: INTEGER },
  timestampdiff: { ...scalar, arity: [3, 3], args: ['timeUnit', 'temporalOrString'], result: INTEGER },
  coalesce: { ...scalar, arity: [1, Infinity], args: ['any'], result: { sameAsArgument: 0 } },
  ifnull: { ...scalar, arity: [2, 2], args: ['any'], result: { sameAsArgument: 0 } },
  nullif: { ...scalar, arity: [2, 2], args: ['any'], result: { sameAsArgument: 0 } },
  if: { ...scalar, arity: [3, 3], args: ['condition', 'any'], result: { sameAsArgument: 1 } },
}

/**
 * Units `TIMESTAMPDIFF(unit, a, b)` takes that both backends compute. PostgreSQL has no TIMESTAMPDIFF; its
 * translation derives seconds-based and month-based units from the interval, which leaves out MICROSECOND.
 */
export const TIMESTAMPDIFF_UNITS = ['SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const

/** Types a json path may be read as (`info.age:int`); both backends' casts know exactly these, in any case. */
export const JSON_CAST_TYPES = ['unsigned', 'signed', 'integer', 'int', 'double', 'float', 'decimal', 'char', 'date', 'datetime'] as const
/** A type a json path value may be read as; each compiler maps every one of them to its own cast. */
export type JsonCastType = (typeof JSON_CAST_TYPES)[number]

const UNITS: ReadonlySet<string> = new Set<string>(TIMESTAMPDIFF_UNITS)
const CASTS: ReadonlySet<string> = new Set<string>(JSON_CAST_TYPES)

export function isTimestampdiffUnit(word: string): boolean {
  return UNITS.has(word)
}

/** The kind a json path yields when read as `as` (unchecked: see {@link jsonCastProblem}). */
export function jsonCastKind(as: string): ValueKind {
  switch (as.toLowerCase()) {
    case 'char':
      return 'string'
    case 'date':
    case 'datetime':
      return 'temporal'
    case 'decimal':
      return 'decimal'
    case 'double':
    case 'float':
      return 'float'
    default:
      return CASTS.has(as.toLowerCase()) ? 'integer' : 'unknown'
  }
}

/** Why a json path type is refused, or null when both backends can cast to it. */
export function jsonCastProblem(as: string): string | null {
  if (CASTS.has(as.toLowerCase())) return null
  return `Unsupported JSON path type '${as}' (supported: ${JSON_CAST_TYPES.join(', ')})`
}

type Call = Extract<ScalarExpr, { kind: 'fn' }>

function arityText(min: number, max: number): string {
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`
  return `${expected} ${(max === Infinity ? min : max) === 1 ? 'argument' : 'arguments'}`
}

/**
 * Why a call's shape is refused, or null: the `*`, `DISTINCT` and `SEPARATOR` options it may not take, its
 * argument count, and a time unit where one is required. Argument kinds need headings and are checked by
 * resolution.
 */
export function callProblem(call: Call): string | null {
  const signature = FUNCTION_SIGNATURES[call.name]
  if (call.star) {
    if (!signature.star) return `Function ${call.name}() does not take *`
    if (call.args.length > 0) return `Function ${call.name}(*) takes no arguments besides *, got ${call.args.length}`
    if (call.distinct) return `Function ${call.name}(*) does not take DISTINCT`
  }
  if (call.distinct && !signature.distinct) return `Function ${call.name}() does not take DISTINCT`
  if (call.separator !== null && !signature.separator) return `Function ${call.name}() does not take SEPARATOR`
  const [min, max] = signature.arity
  if (!call.star && (call.args.length < min || call.args.length > max)) {
    return `Function ${call.name}() takes ${arityText(min, max)}, got ${call.args.length}`
  }
  const unitAt = signature.args.indexOf('timeUnit')
  const unit = call.args[unitAt]
  if (unitAt >= 0 && unit !== undefined && !(unit.kind === 'lit' && unit.type === 'string' && UNITS.has(unit.value))) {
    return `Function ${call.name}() takes a unit (${TIMESTAMPDIFF_UNITS.join(', ')}) as argument ${unitAt + 1}`
  }
  return null
}

/** The kind argument `index` of a call to `name` must have. */
export function argumentKind(name: FunctionName, index: number): ArgumentKind {
  const kinds = FUNCTION_SIGNATURES[name].args
  return kinds[Math.min(index, kinds.length - 1)] ?? 'any'
}
