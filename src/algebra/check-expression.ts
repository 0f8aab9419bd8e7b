// Checks the scalar expressions and conditions of a tree against the function signatures and the rules of
// grouping, before any SQL exists: trees from the query builder never passed through the parser, and what
// the parser lets through (argument kinds, aggregates out of place) needs headings to judge.

import { DataJointError } from '../errors/datajoint-error'
import type { AttributeCategory } from '../heading/attribute'
import type { Heading } from '../heading/heading'
import type { Condition, FunctionName, ScalarExpr } from './ast'
import { FUNCTION_SIGNATURES, argumentKind, callProblem, jsonCastKind, jsonCastProblem, type ArgumentKind, type ValueKind } from './functions'
import { assertNever } from './visit'

/** Where an expression is evaluated, which decides whether aggregate functions may appear and over what. */
export type Placement =
  /** Row by row (a restriction, a projection, an ordering): no aggregates. */
  | { readonly kind: 'row' }
  /**
   * Once per group: an aggregation's computed attributes, or a restriction of an aggregation (SQL's HAVING).
   * Attributes outside aggregates must be in `outside`, attributes inside them in `inside` (null: any).
   */
  | { readonly kind: 'group'; readonly outside: ReadonlySet<string> | null; readonly inside: ReadonlySet<string> | null }

export interface ExpressionScope {
  /** The attributes the expression may reference (already checked to exist). */
  readonly heading: Heading
  readonly placement: Placement
}

interface WalkState extends ExpressionScope {
  /** The aggregate the walk is inside of, if any. */
  readonly aggregate: FunctionName | null
}

const invalid = (message: string): DataJointError => new DataJointError('INVALID_QUERY', message)

/** Throws `INVALID_QUERY` for the first invalid call, argument or aggregate in `expr`. */
export function checkScalarExpr(expr: ScalarExpr, scope: ExpressionScope): void {
  kindOf(expr, { ...scope, aggregate: null })
}

/** Throws `INVALID_QUERY` for the first invalid call, argument or aggregate in `condition` (semijoin operands are resolved on their own). */
export function checkConditionExpr(condition: Condition, scope: ExpressionScope): void {
  checkCondition(condition, { ...scope, aggregate: null })
}

function checkCondition(condition: Condition, state: WalkState): void {
  const scalars = (exprs: readonly ScalarExpr[]): void => {
    for (const expr of exprs) kindOf(expr, state)
  }
  switch (condition.kind) {
    case 'const':
    case 'match':
    case 'semijoin':
      return
    case 'and':
    case 'or':
      for (const c of condition.conditions) checkCondition(c, state)
      return
    case 'not':
      checkCondition(condition.condition, state)
      return
    case 'compare':
      compared([condition.left, condition.right], state)
      return
    case 'isNull':
    case 'truthy':
      scalars([condition.operand])
      return
    case 'in':
      compared([condition.operand, ...condition.values], state)
      return
    case 'between':
      compared([condition.operand, condition.low, condition.high], state)
      return
    case 'like':
      scalars([condition.operand, condition.pattern])
      return
    default:
      assertNever(condition)
  }
}

/**
 * Operands compared with each other. A date or time compared with a number is refused: MySQL compares the date
 * as the number 20240601 and PostgreSQL rejects it, and an unquoted `2024-06-01` is the number 2017. A number
 * compared with quoted text that is not a number is refused for the same reason: MySQL reads `'abc'` as 0 (and
 * warns), PostgreSQL rejects it.
 */
function compared(operands: readonly ScalarExpr[], state: WalkState): void {
  const kinds = operands.map((operand) => kindOf(operand, state))
  // The first operand is compared with each of the others (`x in (...)`, `x between a and b`, `a = b`).
  const isNumber = (i: number): boolean => {
    const kind = kinds[i]
    return kind !== undefined && kind !== 'unknown' && NUMERIC.has(kind)
  }
  const notNumber = (operand: ScalarExpr | undefined): string | null =>
    operand?.kind === 'lit' && operand.type === 'string' && !NUMBER_TEXT.test(operand.value) ? operand.value : null
  for (let i = 1; i < operands.length; i += 1) {
    const [number, text] = isNumber(0) ? [operands[0], notNumber(operands[i])] : isNumber(i) ? [operands[i], notNumber(operands[0])] : [null, null]
    if (text === null) continue
    const name = number?.kind === 'attr' ? `\`${number.name}\`` : 'a number'
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text
    throw invalid(`Cannot compare ${name} with '${shown}': it is a number and '${shown}' is not one`)
  }
  const temporal = kinds.indexOf('temporal')
  if (temporal < 0 || !kinds.some((kind) => kind !== 'unknown' && NUMERIC.has(kind))) return
  const operand = operands[temporal]
  const name = operand?.kind === 'attr' ? `\`${operand.name}\`` : 'a date or time'
  throw invalid(`Cannot compare ${name} with a number: write dates and times as text ('2024-06-01', '12:30:00'); unquoted, 2024-06-01 is the arithmetic 2024 - 6 - 1`)
}

function kindOf(expr: ScalarExpr, state: WalkState): ValueKind {
  switch (expr.kind) {
    case 'attr':
      return attributeKind(expr.name, state)
    case 'lit':
      return literalKind(expr.type)
    case 'fn':
      return callKind(expr, state)
    case 'op':
      kindOf(expr.left, state)
      kindOf(expr.right, state)
      return 'number'
    case 'neg':
      kindOf(expr.operand, state)
      return 'number'
    case 'truth':
      checkCondition(expr.condition, state)
      return 'condition'
    case 'case':
      for (const branch of expr.branches) {
        checkCondition(branch.when, state)
        kindOf(branch.result, state)
      }
      if (expr.otherwise !== null) kindOf(expr.otherwise, state)
      return 'unknown'
    case 'jsonPath': {
      attributeKind(expr.attr, state)
      if (expr.as === null) return 'string'
      const problem = jsonCastProblem(expr.as)
      if (problem !== null) throw invalid(problem)
      return jsonCastKind(expr.as)
    }
    default:
      return assertNever(expr)
  }
}

function attributeKind(name: string, state: WalkState): ValueKind {
  const placement = state.placement
  if (placement.kind === 'group') {
    if (state.aggregate === null && placement.outside !== null && !placement.outside.has(name)) {
      throw invalid(`Attribute \`${name}\` must be inside an aggregate function: it is not a grouping attribute of the aggregation`)
    }
    if (state.aggregate !== null && placement.inside !== null && !placement.inside.has(name)) {
      throw invalid(`Aggregate function ${state.aggregate}() cannot take \`${name}\`: it is computed by the aggregation`)
    }
  }
  return categoryKind(state.heading.get(name)?.category ?? 'other')
}

function callKind(call: Extract<ScalarExpr, { kind: 'fn' }>, state: WalkState): ValueKind {
  const problem = callProblem(call)
  if (problem !== null) throw invalid(problem)
  const signature = FUNCTION_SIGNATURES[call.name]
  let inner = state
  if (signature.aggregate) {
    if (state.aggregate !== null) {
      throw invalid(`Aggregate function ${call.name}() cannot be nested inside aggregate function ${state.aggregate}()`)
    }
    if (state.placement.kind === 'row') {
      throw invalid(
        `Aggregate function ${call.name}() is only allowed in the computed attributes of an aggregation or in a restriction of one`,
      )
    }
    inner = { ...state, aggregate: call.name }
  }
  const kinds = call.args.map((arg, i) => {
    const kind = kindOf(arg, inner)
    const expected = argumentKind(call.name, i)
    if (kind !== 'unknown' && !accepts(expected, kind)) {
      throw invalid(`Function ${call.name}() takes ${EXPECTED[expected]} as argument ${i + 1}, got ${GOT[kind]}`)
    }
    return kind
  })
  const result = signature.result
  return typeof result === 'string' ? result : (kinds[result.sameAsArgument] ?? 'unknown')
}

type KnownKind = Exclude<ValueKind, 'unknown'>

const NUMERIC: ReadonlySet<KnownKind> = new Set<KnownKind>(['integer', 'decimal', 'float', 'number'])
/** Quoted text both servers read as a number (PostgreSQL's numeric input also takes NaN and infinities). */
const NUMBER_TEXT = /^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|nan|inf|infinity)\s*$/i

function accepts(expected: ArgumentKind, kind: KnownKind): boolean {
  switch (expected) {
    case 'any':
    case 'timeUnit':
      return true
    case 'number':
      return NUMERIC.has(kind)
    case 'integer':
      return kind === 'integer' || kind === 'number'
    case 'exactNumber':
      return NUMERIC.has(kind) && kind !== 'float'
    case 'numberOrCondition':
      return NUMERIC.has(kind) || kind === 'condition'
    case 'string':
      return kind === 'string'
    case 'temporal':
      return kind === 'temporal'
    case 'temporalOrString':
      return kind === 'temporal' || kind === 'string'
    case 'condition':
      return kind === 'condition' || kind === 'bool'
    default:
      return assertNever(expected)
  }
}

const EXPECTED: Readonly<Record<ArgumentKind, string>> = {
  any: 'any value',
  number: 'a number',
  integer: 'an integer',
  exactNumber: 'an integer or a decimal',
  numberOrCondition: 'a number or a condition',
  string: 'a string',
  temporal: 'a date or time',
  temporalOrString: 'a date, a time or a string',
  condition: 'a condition',
  timeUnit: 'a time unit',
}

const GOT: Readonly<Record<KnownKind, string>> = {
  integer: 'an integer',
  decimal: 'a decimal',
  float: 'a floating-point number',
  number: 'a number',
  string: 'a string',
  enum: 'an enum',
  temporal: 'a date or time',
  bool: 'a boolean',
  condition: 'a condition',
}

function categoryKind(category: AttributeCategory): ValueKind {
  switch (category) {
    case 'integer':
    case 'float':
    case 'decimal':
      return category
    case 'string':
      return 'string'
    // PostgreSQL declares enums as types of their own, which its string functions do not take.
    case 'enum':
      return 'enum'
    case 'date':
    case 'datetime':
    case 'time':
      return 'temporal'
    case 'bool':
      return 'bool'
    default:
      return 'unknown'
  }
}

function literalKind(type: Extract<ScalarExpr, { kind: 'lit' }>['type']): ValueKind {
  switch (type) {
    // A number's SQL type is the server's guess from its use.
    case 'number':
      return 'number'
    case 'bigint':
      return 'integer'
    case 'decimal':
      return 'decimal'
    case 'date':
    case 'datetime':
    case 'time':
      return 'temporal'
    case 'bool':
      return 'bool'
    // A quoted string takes its type from where it is used (a date, a number), as SQL reads it.
    case 'string':
    case 'null':
    case 'uuid':
    case 'json':
    case 'bytes':
      return 'unknown'
    default:
      return assertNever(type)
  }
}
