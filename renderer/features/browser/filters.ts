// Per-column filter text → restriction conditions. What a person types in a column's filter box (`= 5`,
// `> 3`, `like 'A%'`, `is null`, a bare value, or a whole expression) is parsed by the engine's pure parser
// into a Condition; nothing here produces SQL, and text that does not parse is never sent.

import type { Condition, QueryExpr } from '../../../src/algebra/ast'
import { and, attr, restrict, table } from '../../../src/algebra/build'
import { parseCondition } from '../../../src/algebra/parse-expression'
import { attributesReferenced } from '../../../src/algebra/visit'
import { toErrorInfo } from '../../lib/error-text'

export type FilterResult =
  | { readonly kind: 'empty' }
  | { readonly kind: 'ok'; readonly condition: Condition }
  /** `position` is a 0-based offset into the text the user typed, when the parser named one. */
  | { readonly kind: 'error'; readonly message: string; readonly position: number | null }

const EMPTY: FilterResult = { kind: 'empty' }
const OPERATOR_START = /^(?:<=|>=|<>|!=|==|=|<|>)/
const KEYWORD_START = /^(?:not\s+)?(?:like|in|between|regexp|rlike)\b|^is\b/i
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i
const QUOTED = /^(['"]).*\1$/s
// Dates, times, datetimes and uuids read as arithmetic when parsed bare; they are values.
const VALUE_LIKE = /^(?:\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?|\d{1,3}:\d{2}(?::\d{2})?|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i
// Text with none of the expression syntax: a value typed as is (`Alice Chen`).
const PLAIN = /^[^'"`=<>!()%*+/,]+$/
// A plain value with `*` or `%` wildcards: a LIKE pattern (`Al*`, `%son`).
const WILDCARD = /^[^'"`=<>!()]*[%*][^'"`=<>!()]*$/

function quoteName(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``
}

function equalsString(column: string, value: string): Condition {
  return { kind: 'compare', op: '=', left: attr(column), right: { kind: 'lit', type: 'string', value } }
}

function parseWithPrefix(prefix: string, text: string): FilterResult {
  try {
    return { kind: 'ok', condition: parseCondition(prefix + text) }
  } catch (error) {
    const info = toErrorInfo(error)
    const raw = info.details['position']
    const position = typeof raw === 'number' ? Math.max(0, raw - prefix.length) : null
    const message = info.message.replace(/position (\d+)/g, (_m, n: string) => `position ${Math.max(0, Number(n) - prefix.length)}`)
    return { kind: 'error', message, position }
  }
}

/**
 * Parses one column's filter box. An operator or keyword at the start applies to the column (`> 3`,
 * `like 'A%'`, `is not null`, `in (1, 2)`); a number, a quoted string, a date or a plain word is an
 * equality; anything else is a whole condition over any attributes (`weight > 3 or sex = 'F'`).
 */
export function parseColumnFilter(column: string, text: string, attributes: readonly string[]): FilterResult {
  const trimmed = text.trim()
  if (trimmed === '') return EMPTY
  const offset = text.length - text.trimStart().length
  const shift = (result: FilterResult): FilterResult =>
    result.kind === 'error' && result.position !== null ? { ...result, position: result.position + offset } : result

  if (OPERATOR_START.test(trimmed) || KEYWORD_START.test(trimmed)) {
    return shift(parseWithPrefix(`${quoteName(column)} `, trimmed))
  }
  if (NUMBER.test(trimmed) || QUOTED.test(trimmed)) return shift(parseWithPrefix(`${quoteName(column)} = `, trimmed))
  if (VALUE_LIKE.test(trimmed)) return { kind: 'ok', condition: equalsString(column, trimmed) }
  if (WILDCARD.test(trimmed)) {
    const pattern: Condition = {
      kind: 'like',
      operand: attr(column),
      pattern: { kind: 'lit', type: 'string', value: trimmed.replaceAll('*', '%') },
      negated: false,
    }
    return { kind: 'ok', condition: pattern }
  }

  const plain = PLAIN.test(trimmed)
  const whole = shift(parseWithPrefix('', trimmed))
  if (whole.kind !== 'ok') return plain ? { kind: 'ok', condition: equalsString(column, trimmed) } : whole
  const known = new Set(attributes)
  const unknown = attributesReferenced(whole.condition).filter((name) => !known.has(name))
  if (unknown.length === 0) return whole
  if (plain) return { kind: 'ok', condition: equalsString(column, trimmed) }
  return {
    kind: 'error',
    message: `Unknown attribute${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}`,
    position: null,
  }
}

/** The AND of every column's valid filter; invalid ones are left out (and shown as errors). */
export function combineFilters(results: Iterable<FilterResult>): Condition {
  const conditions: Condition[] = []
  for (const result of results) if (result.kind === 'ok') conditions.push(result.condition)
  return and(conditions)
}

/** The table restricted by the filters: `schema.table & cond₁ & cond₂ …`. */
export function filteredTable(schema: string, name: string, condition: Condition): QueryExpr {
  return restrict(table(schema, name), condition)
}
