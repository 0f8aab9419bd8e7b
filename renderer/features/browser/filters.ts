// Column filters and the restriction bar → restriction conditions. A column's filter box is read by the
// column's DataJoint type (`> 2024-06-01` on a date is a date, bare text on a text column means "contains"),
// so what is sent is the condition the filter shows; the restriction bar takes a DataJoint restriction string
// through the engine's pure parser. Values end up as typed literals of the tree, bound by the engine; nothing
// here produces SQL, and text that does not parse is never sent.

import type { ComparisonOperator, Condition, Literal, QueryExpr, ScalarExpr } from '../../../src/algebra/ast'
import { isDateLiteral, isDatetimeLiteral, isTimeLiteral } from '../../../src/algebra/ast.schema'
import { and, attr, restrict, table } from '../../../src/algebra/build'
import { formatCondition, parseCondition, parseScalar } from '../../../src/algebra/parse-expression'
import { attributesReferenced } from '../../../src/algebra/visit'
import { toErrorInfo } from '../../lib/error-text'

/** What a filter needs to know of its column: the DataJoint category decides how values are read. */
export interface FilterColumn {
  readonly name: string
  readonly category: string
  readonly enumValues: readonly string[] | null
}

export type FilterResult =
  | { readonly kind: 'empty' }
  /** `summary` is the condition as understood, for the person who typed it (`dob > 2024-06-01`). */
  | { readonly kind: 'ok'; readonly condition: Condition; readonly summary: string }
  /** `position` is a 0-based offset into the text the user typed, when there is one. */
  | { readonly kind: 'error'; readonly message: string; readonly position: number | null }

const EMPTY: FilterResult = { kind: 'empty' }

class FilterError extends Error {
  readonly position: number | null
  constructor(message: string, position: number | null) {
    super(message)
    this.position = position
  }
}

/** A piece of the typed text and where it starts in it. */
interface Span {
  readonly text: string
  readonly at: number
}

/** A value read for a column: the literal to bind and how the summary shows it. */
interface Value {
  readonly literal: Literal
  readonly shown: string
}

const COMPARISONS: ReadonlyMap<string, ComparisonOperator> = new Map<string, ComparisonOperator>([
  ['=', '='],
  ['==', '='],
  ['!=', '<>'],
  ['<>', '<>'],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
])
const SHOWN_OPERATOR: Readonly<Record<ComparisonOperator, string>> = { '=': '=', '<>': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥' }

const COMPARISON_START = /^(<=|>=|<>|!=|==|=|<|>)\s*/
const IS_NULL = /^is\s+(not\s+)?null$/i
const IN_START = /^(not\s+)?in\b\s*/i
const BETWEEN_START = /^(not\s+)?between\b\s*/i
const LIKE_START = /^(not\s+)?like\b\s*/i
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const TIME = /^(-?)(\d{1,3}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?$/
const DATETIME_WITHOUT_SECONDS = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/
const JSON_PATH_START = /^\$?((?:\.[A-Za-z_]\w*|\[\d+\])+)\s*/
const JSON_PATH_PART = /\.([A-Za-z_]\w*)|\[(\d+)\]/g
const BOOL_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['1', true],
  ['0', false],
])

const TEXT = new Set(['string'])
/** Columns whose values cannot be compared in SQL: only `is null` / `is not null`. */
const OPAQUE = new Set(['bytes', 'codec', 'other'])

/** Hints shown in the filter box's tooltip, by column category. */
export function filterHint(column: FilterColumn): string {
  const common = '= != < > in (a, b) between a and b, is null'
  if (TEXT.has(column.category)) return `text: contains; "exact" with =, wildcards a*b, ${common}, like 'a%'`
  if (column.category === 'date') return `a date: 2024-06-01, > 2024-06-01, ${common}`
  if (column.category === 'datetime') return `a date (that day) or a datetime: > 2024-06-01 12:00, ${common}`
  if (column.category === 'time') return `a time: 12:30, > 08:00:00, ${common}`
  if (column.category === 'enum') return `one of ${(column.enumValues ?? []).join(', ')}; ${common}`
  if (column.category === 'bool') return 'true, false, is null'
  if (column.category === 'uuid') return `a uuid, != uuid, in (…), is null`
  if (column.category === 'json') return 'a path and a condition: .weight > 3, .name = "x", .tags[0] is null; or is null'
  if (OPAQUE.has(column.category)) return 'is null, is not null'
  return `a number: 5, > 3, ${common}`
}

/**
 * Parses one column's filter box by the column's type. An operator at the start applies to the column
 * (`> 3`, `!= F`, `in (1, 2)`, `between 1 and 3`, `like 'A%'`, `is not null`); bare text is an equality,
 * except on text columns, where it means "contains" (case-insensitive) and `*`/`%` are wildcards. Values are
 * read as the column's type: dates, datetimes, times, numbers, enum choices, booleans, uuids; a json column
 * takes a path first (`.weight > 3`).
 */
export function parseColumnFilter(column: FilterColumn, text: string): FilterResult {
  const start = text.length - text.trimStart().length
  const trimmed = text.trim()
  if (trimmed === '') return EMPTY
  try {
    return { kind: 'ok', ...readFilter(column, { text: trimmed, at: start }) }
  } catch (error) {
    if (error instanceof FilterError) return { kind: 'error', message: error.message, position: error.position }
    throw error
  }
}

interface Understood {
  readonly condition: Condition
  readonly summary: string
}

function readFilter(column: FilterColumn, input: Span): Understood {
  if (IS_NULL.test(input.text)) {
    const negated = /not/i.test(input.text)
    return { condition: { kind: 'isNull', operand: attr(column.name), negated }, summary: `${column.name} is ${negated ? 'not ' : ''}null` }
  }
  if (column.category === 'json') return readJsonFilter(column, input)
  if (OPAQUE.has(column.category)) {
    throw new FilterError(`A ${column.category} column can be filtered only by "is null" or "is not null"`, input.at)
  }
  if (column.category === 'datetime' && isDateLiteral(unquote(input))) return wholeDay(column.name, unquote(input))
  return readPredicate(column.name, attr(column.name), input, (span) => readValue(column, span), TEXT.has(column.category))
}

/** A bare date on a datetime column: every moment of that day, from its midnight to the next. */
function wholeDay(name: string, date: string): Understood {
  const next = new Date(`${date}T00:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  const bound = (day: string): Literal => ({ kind: 'lit', type: 'datetime', value: `${day} 00:00:00` })
  const nextDay = next.toISOString().slice(0, 10)
  const condition = and([
    { kind: 'compare', op: '>=', left: attr(name), right: bound(date) },
    // The last day of year 9999 has no next day to compare with.
    ...(isDateLiteral(nextDay) ? [{ kind: 'compare', op: '<', left: attr(name), right: bound(nextDay) } as const] : []),
  ])
  return { condition, summary: `${name} on ${date}` }
}

/** The part after the column (or json path): an operator and its values, or a bare value. */
function readPredicate(name: string, operand: ScalarExpr, input: Span, value: (span: Span) => Value, textual: boolean): Understood {
  const rest = (match: RegExpExecArray): Span => ({ text: input.text.slice(match[0].length), at: input.at + match[0].length })

  if (IS_NULL.test(input.text)) {
    const negated = /not/i.test(input.text)
    return { condition: { kind: 'isNull', operand, negated }, summary: `${name} is ${negated ? 'not ' : ''}null` }
  }
  const comparison = COMPARISON_START.exec(input.text)
  if (comparison !== null) {
    const op = COMPARISONS.get(comparison[1] ?? '=') ?? '='
    const read = value(required(rest(comparison), 'a value'))
    return { condition: { kind: 'compare', op, left: operand, right: read.literal }, summary: `${name} ${SHOWN_OPERATOR[op]} ${read.shown}` }
  }
  // On text, words like "in vivo" or "between sessions" are text to find: the operators need their syntax.
  const operatorText = (match: RegExpExecArray | null, shape: RegExp): RegExpExecArray | null =>
    match !== null && (!textual || shape.test(rest(match).text)) ? match : null
  const inList = operatorText(IN_START.exec(input.text), /^\(/)
  if (inList !== null) {
    const negated = inList[1] !== undefined
    const values = splitList(unwrapParentheses(required(rest(inList), 'a list of values'))).map(value)
    return {
      condition: { kind: 'in', operand, values: values.map((v) => v.literal), negated },
      summary: `${name} ${negated ? 'not in' : 'in'} (${values.map((v) => v.shown).join(', ')})`,
    }
  }
  const between = operatorText(BETWEEN_START.exec(input.text), /\s+and\s+/i)
  if (between !== null) {
    const negated = between[1] !== undefined
    const [low, high] = splitBetween(required(rest(between), 'two values: between a and b')).map(value) as [Value, Value]
    return {
      condition: { kind: 'between', operand, low: low.literal, high: high.literal, negated },
      summary: `${name} ${negated ? 'not between' : 'between'} ${low.shown} and ${high.shown}`,
    }
  }
  const like = operatorText(LIKE_START.exec(input.text), /^(['"]).*\1$/s)
  if (like !== null) {
    if (!textual) throw new FilterError('"like" applies to text columns only', input.at)
    const negated = like[1] !== undefined
    const pattern = unquote(required(rest(like), 'a pattern'))
    return {
      condition: { kind: 'like', operand, pattern: stringLiteral(pattern), negated },
      summary: `${name} ${negated ? 'not like' : 'like'} ${showString(pattern)}`,
    }
  }
  if (textual) return readText(name, operand, input)
  const read = value(input)
  return { condition: { kind: 'compare', op: '=', left: operand, right: read.literal }, summary: `${name} = ${read.shown}` }
}

/**
 * Bare text on a text column: "contains", or a pattern when it has wildcards; both ignore case on every
 * backend (MySQL's usual collations already do, PostgreSQL's LIKE does not). A quoted value is an equality.
 */
function readText(name: string, operand: ScalarExpr, input: Span): Understood {
  if (isQuoted(input.text)) {
    const exact = unquote(input)
    return { condition: { kind: 'compare', op: '=', left: operand, right: stringLiteral(exact) }, summary: `${name} = ${showString(exact)}` }
  }
  const lowered: ScalarExpr = { kind: 'fn', name: 'lower', args: [operand], distinct: false, star: false, separator: null }
  if (/[*%]/.test(input.text)) {
    const pattern = input.text.replaceAll('*', '%')
    return {
      condition: { kind: 'like', operand: lowered, pattern: stringLiteral(pattern.toLowerCase()), negated: false },
      summary: `${name} like ${showString(pattern)} (any case)`,
    }
  }
  const escaped = input.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)
  return {
    condition: { kind: 'like', operand: lowered, pattern: stringLiteral(`%${escaped}%`), negated: false },
    summary: `${name} contains ${showString(input.text)}`,
  }
}

/** A json column: a path into the document, then a condition on the value found there. */
function readJsonFilter(column: FilterColumn, input: Span): Understood {
  const path = JSON_PATH_START.exec(input.text)
  if (path === null) throw new FilterError('Start with a path into the json value, e.g. .weight > 3 or .tags[0] = "a"', input.at)
  const parts = [...(path[1] ?? '').matchAll(JSON_PATH_PART)].map((m) => (m[2] === undefined ? (m[1] ?? '') : Number(m[2])))
  const name = `${column.name}${path[1] ?? ''}`
  const rest: Span = { text: input.text.slice(path[0].length), at: input.at + path[0].length }
  if (rest.text === '') {
    return { condition: { kind: 'isNull', operand: jsonPath(column.name, parts, null), negated: true }, summary: `${name} is present` }
  }
  // The document's value is text unless cast: the typed values decide the cast, so `> 3` compares numbers.
  const values = valuesIn(rest)
  const cast = values.length > 0 && values.every((v) => NUMBER.test(v)) ? 'double' : values.length > 0 && values.every(isDateLiteral) ? 'date' : null
  const operand = jsonPath(column.name, parts, cast)
  const read = (span: Span): Value => {
    if (cast === 'double') return readNumber(span)
    if (cast === 'date') return { literal: { kind: 'lit', type: 'date', value: span.text.trim() }, shown: span.text.trim() }
    const text = unquote(span)
    return { literal: stringLiteral(text), shown: showString(text) }
  }
  return readPredicate(name, operand, rest, read, cast === null)
}

function jsonPath(column: string, path: readonly (string | number)[], as: string | null): ScalarExpr {
  return { kind: 'jsonPath', attr: column, path, as }
}

/** The bare values an operator text holds (for choosing a json cast). */
function valuesIn(rest: Span): string[] {
  const body = rest.text.replace(COMPARISON_START, '').replace(IN_START, '').replace(BETWEEN_START, '')
  if (IS_NULL.test(rest.text) || LIKE_START.test(rest.text)) return []
  try {
    const span = { text: body, at: 0 }
    if (BETWEEN_START.test(rest.text)) return splitBetween(span).map((s) => s.text)
    if (IN_START.test(rest.text)) return splitList(unwrapParentheses(span)).map((s) => s.text)
    return [body.trim()]
  } catch {
    return []
  }
}

function readValue(column: FilterColumn, span: Span): Value {
  const raw = unquote(span)
  const fail = (expected: string): never => {
    throw new FilterError(`Expected ${expected}, got ${showString(raw)}`, span.at)
  }
  switch (column.category) {
    case 'integer':
    case 'float':
    case 'decimal':
      return readNumber(span)
    case 'date':
      if (!isDateLiteral(raw)) fail('a date like 2024-06-01')
      return { literal: { kind: 'lit', type: 'date', value: raw }, shown: raw }
    case 'datetime': {
      const value = toDatetime(raw)
      if (value === null) fail('a date or datetime like 2024-06-01 12:30:00')
      return { literal: { kind: 'lit', type: 'datetime', value: value as string }, shown: value as string }
    }
    case 'time': {
      const value = toTime(raw)
      if (value === null) fail('a time like 12:30 or 12:30:05')
      return { literal: { kind: 'lit', type: 'time', value: value as string }, shown: value as string }
    }
    case 'enum': {
      const choices = column.enumValues ?? []
      const choice = choices.find((c) => c === raw) ?? choices.find((c) => c.toLowerCase() === raw.toLowerCase())
      if (choice === undefined) fail(`one of ${choices.join(', ')}`)
      return { literal: stringLiteral(choice as string), shown: showString(choice as string) }
    }
    case 'bool': {
      const value = BOOL_WORDS.get(raw.toLowerCase())
      if (value === undefined) fail('true or false')
      return { literal: { kind: 'lit', type: 'bool', value: value as boolean }, shown: String(value) }
    }
    case 'uuid':
      if (!UUID.test(raw)) fail('a uuid like 1b4e28ba-2fa1-11d2-883f-0016d3cca427')
      return { literal: { kind: 'lit', type: 'uuid', value: raw.toLowerCase() }, shown: raw.toLowerCase() }
    case 'string':
      return { literal: stringLiteral(raw), shown: showString(raw) }
    default:
      return readNumber(span)
  }
}

function readNumber(span: Span): Value {
  const raw = span.text.trim()
  if (!NUMBER.test(raw)) throw new FilterError(`Expected a number, got ${showString(unquote(span))}`, span.at)
  const literal = parseScalar(raw)
  if (literal.kind !== 'lit') throw new FilterError(`Expected a number, got ${showString(raw)}`, span.at)
  return { literal, shown: raw.replace(/^\+/, '') }
}

/** A date alone means its midnight; minutes without seconds get `:00`. */
function toDatetime(raw: string): string | null {
  if (isDateLiteral(raw)) return `${raw} 00:00:00`
  const short = DATETIME_WITHOUT_SECONDS.exec(raw)
  const text = short === null ? raw.replace('T', ' ') : `${short[1]} ${short[2]}:00`
  return isDatetimeLiteral(text) ? text : null
}

/** `9:30` → `09:30:00`; hours beyond 24 are durations, as MySQL's TIME allows. */
function toTime(raw: string): string | null {
  const m = TIME.exec(raw)
  if (m === null) return null
  const [, sign = '', hours = '', minutes = '', seconds = '00', fraction = ''] = m
  const text = `${sign}${hours.padStart(2, '0')}:${minutes}:${seconds}${fraction}`
  return isTimeLiteral(text) ? text : null
}

function stringLiteral(value: string): Literal {
  return { kind: 'lit', type: 'string', value }
}

function showString(value: string): string {
  return JSON.stringify(value)
}

function required(span: Span, what: string): Span {
  if (span.text.trim() === '') throw new FilterError(`Expected ${what} at position ${span.at}`, span.at)
  return span
}

function isQuoted(text: string): boolean {
  return /^'(?:[^']|'')*'$|^"(?:[^"]|"")*"$/s.test(text)
}

/** The value of a span, without surrounding quotes (doubled quotes inside stand for one). */
function unquote(span: Span): string {
  const text = span.text.trim()
  if (isQuoted(text)) {
    const quote = text[0] ?? "'"
    return text.slice(1, -1).replaceAll(quote + quote, quote)
  }
  const lead = span.text.length - span.text.trimStart().length
  const opened = /^(['"])(?:(?!\1).|\1\1)*\1/s.exec(text)
  if (opened !== null) {
    const at = span.at + lead + opened[0].length
    throw new FilterError(`Unexpected text after the quoted value at position ${at}`, at)
  }
  if (/^['"]/.test(text)) throw new FilterError(`Unterminated quoted value at position ${span.at + lead}`, span.at + lead)
  return text
}

function unwrapParentheses(span: Span): Span {
  const text = span.text.trim()
  if (!text.startsWith('(')) return span
  if (!text.endsWith(')')) throw new FilterError(`Expected ")" at position ${span.at + span.text.length}`, span.at + span.text.length)
  const lead = span.text.length - span.text.trimStart().length
  return { text: text.slice(1, -1), at: span.at + lead + 1 }
}

/** Splits `a, 'b, c', d` at the commas outside quotes. */
function splitList(span: Span): Span[] {
  const parts: Span[] = []
  let quote: string | null = null
  let from = 0
  for (let i = 0; i <= span.text.length; i += 1) {
    const ch = span.text[i]
    if (quote !== null) {
      if (ch === quote) quote = null
      continue
    }
    if (ch === "'" || ch === '"') quote = ch
    else if (ch === ',' || ch === undefined) {
      const piece = span.text.slice(from, i)
      const lead = piece.length - piece.trimStart().length
      parts.push(required({ text: piece.trim(), at: span.at + from + lead }, 'a value'))
      from = i + 1
    }
  }
  return parts
}

function splitBetween(span: Span): [Span, Span] {
  const match = /\s+and\s+/i.exec(span.text)
  if (match === null) throw new FilterError('Expected two values: between a and b', span.at)
  const low = span.text.slice(0, match.index)
  const high = span.text.slice(match.index + match[0].length)
  return [required({ text: low.trim(), at: span.at }, 'a lower bound'), required({ text: high.trim(), at: span.at + match.index + match[0].length }, 'an upper bound')]
}

/**
 * Parses the restriction bar: a DataJoint restriction string over the table's attributes
 * (`sex = 'F' and dob > '2020-01-01'`), read by the engine's parser; errors carry their position.
 */
export function parseRestriction(text: string, attributes: readonly string[]): FilterResult {
  if (text.trim() === '') return EMPTY
  let condition: Condition
  try {
    condition = parseCondition(text)
  } catch (error) {
    const info = toErrorInfo(error)
    const raw = info.details['position']
    return { kind: 'error', message: info.message, position: typeof raw === 'number' ? raw : null }
  }
  const known = new Set(attributes)
  const unknown = attributesReferenced(condition).filter((name) => !known.has(name))
  if (unknown.length > 0) {
    const names = unknown.map((n) => `'${n}'`).join(', ')
    const first = unknown[0] ?? ''
    const at = text.search(new RegExp(`\\b${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`))
    return { kind: 'error', message: `Unknown attribute${unknown.length > 1 ? 's' : ''} ${names}`, position: at < 0 ? null : at }
  }
  return { kind: 'ok', condition, summary: formatCondition(condition) }
}

/** The AND of every valid filter; invalid ones are left out (and shown as errors). */
export function combineFilters(results: Iterable<FilterResult>): Condition {
  const conditions: Condition[] = []
  for (const result of results) if (result.kind === 'ok') conditions.push(result.condition)
  return and(conditions)
}

/** The table restricted by the filters: `schema.table & cond₁ & cond₂ …`. */
export function filteredTable(schema: string, name: string, condition: Condition): QueryExpr {
  return restrict(table(schema, name), condition)
}
