// Reads the SQL-like text DataJoint users type (restrictions, computed attributes, order_by) into
// algebra trees, and prints trees back as such text. Never emits SQL; text outside the grammar is refused.

import { DataJointError } from '../errors/datajoint-error'
import { COMPARISON_OPERATORS, FUNCTION_NAMES } from './ast'
import type {
  ComparisonOperator,
  Condition,
  FunctionName,
  Literal,
  OrderItem,
  QueryExpr,
  ScalarExpr,
} from './ast'
import {
  AST_LIMITS,
  ATTRIBUTE_NAME_PATTERN,
  isDateLiteral,
  isDatetimeLiteral,
  isTimeLiteral,
} from './ast.schema'
import { FUNCTION_SIGNATURES, TIMESTAMPDIFF_UNITS, callProblem, isTimestampdiffUnit } from './functions'
import { assertNever, isCondition } from './visit'

/**
 * Bounds on user-typed text. `maxDepth` is the tree depth a parsed expression may reach (half of
 * `AST_LIMITS.maxDepth`, leaving room for the query nodes around it); `maxNesting` bounds parentheses and
 * prefix operators, which add no nodes but do recurse.
 */
export const PARSE_LIMITS = { maxLength: 65_536, maxDepth: 32, maxNesting: 64 } as const

// A Map, not an object literal: user text is the key, and `__proto__` must not find anything.
const FUNCTION_ALIASES: ReadonlyMap<string, FunctionName> = new Map<string, FunctionName>([
  ['ceiling', 'ceil'],
  ['pow', 'power'],
  ['substr', 'substring'],
  ['lcase', 'lower'],
  ['ucase', 'upper'],
  ['character_length', 'char_length'],
  ['dayofmonth', 'day'],
  ['string_agg', 'group_concat'],
])
const FUNCTIONS: ReadonlySet<string> = new Set<string>(FUNCTION_NAMES)

// Words that are never attribute names when written bare: the grammar's own keywords plus SQL words that
// would otherwise read as attributes and give a confusing error (a backquoted `name` is always an attribute).
const RESERVED: ReadonlySet<string> = new Set(
  [
    'AND OR NOT XOR IS NULL IN BETWEEN LIKE ESCAPE REGEXP RLIKE TRUE FALSE UNKNOWN',
    'CASE WHEN THEN ELSE END DISTINCT SEPARATOR ASC DESC DIV',
    'SELECT FROM WHERE UNION EXISTS INTERVAL COLLATE BINARY INTO LIMIT ORDER GROUP HAVING ALL ANY SOME',
    'CURRENT_TIMESTAMP CURRENT_DATE CURRENT_TIME CURRENT_USER LOCALTIME LOCALTIMESTAMP',
  ]
    .join(' ')
    .split(' '),
)

const COMPARISONS: ReadonlyMap<string, ComparisonOperator> = new Map<string, ComparisonOperator>([
  ...COMPARISON_OPERATORS.map((op) => [op, op] as const),
  ['==', '='],
  ['!=', '<>'],
])

type Node = ScalarExpr | Condition

type Token =
  | { readonly type: 'number'; readonly pos: number; readonly raw: string }
  | { readonly type: 'string'; readonly pos: number; readonly raw: string; readonly value: string }
  | { readonly type: 'bytes'; readonly pos: number; readonly raw: string; readonly value: string }
  | { readonly type: 'word'; readonly pos: number; readonly raw: string; readonly upper: string }
  | { readonly type: 'quoted'; readonly pos: number; readonly raw: string; readonly name: string }
  | {
      readonly type: 'jsonPath'
      readonly pos: number
      readonly raw: string
      readonly attr: string
      readonly path: readonly (string | number)[]
      readonly as: string | null
    }
  | { readonly type: 'punct'; readonly pos: number; readonly raw: string }
  | { readonly type: 'end'; readonly pos: number; readonly raw: string }

function fail(message: string, position: number): never {
  throw new DataJointError('INVALID_QUERY', message, { position })
}

function show(raw: string): string {
  return raw.length > 24 ? `${raw.slice(0, 24)}…` : raw
}

function tooDeep(limit: number, position: number): never {
  fail(`Expression is nested too deeply (more than ${limit} levels) at position ${position}`, position)
}

function subquery(token: Token): never {
  fail(`Subqueries are not supported ('${token.raw}' at position ${token.pos})`, token.pos)
}

function unexpected(token: Token, expected?: string): never {
  const suffix = expected === undefined ? '' : ` (expected ${expected})`
  if (token.type === 'end') fail(`Unexpected end of expression at position ${token.pos}${suffix}`, token.pos)
  fail(`Unexpected token '${show(token.raw)}' at position ${token.pos}${suffix}`, token.pos)
}

// MySQL's reading of backslash escapes; `\%` and `\_` keep their backslash (for LIKE), any other `\x` is `x`.
// https://dev.mysql.com/doc/refman/8.0/en/string-literals.html
const BACKSLASH_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['0', '\0'],
  ['b', '\b'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['Z', '\x1a'],
  ['%', '\\%'],
  ['_', '\\_'],
])

const WHITESPACE = /[ \t\n\r\f\v]/
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y
const JSON_KEY = /\.(\w+)/y
const JSON_INDEX = /\[(\d{1,10})\]/y
const JSON_CAST = /:([A-Za-z_]\w*(?:\(\s*\d+(?:\s*,\s*\d+)?\s*\))?)/y
const PUNCTUATION = ['<=', '>=', '<>', '!=', '==', '=', '<', '>', '+', '-', '*', '/', '%', '(', ')', ',']

function readQuoted(
  text: string,
  start: number,
  quote: string,
  escapes: boolean,
): { value: string; end: number } {
  const parts: string[] = []
  let i = start + 1
  for (;;) {
    const c = text.charAt(i)
    if (i >= text.length) {
      const what = quote === '`' ? 'quoted identifier' : 'string'
      fail(`Unterminated ${what} starting at position ${start}`, start)
    }
    if (c === quote) {
      if (text.charAt(i + 1) !== quote) return { value: parts.join(''), end: i + 1 }
      parts.push(quote)
      i += 2
    } else if (c === '\\' && escapes) {
      if (i + 1 >= text.length) fail(`Unterminated string starting at position ${start}`, start)
      const next = text.charAt(i + 1)
      parts.push(BACKSLASH_ESCAPES.get(next) ?? next)
      i += 2
    } else {
      parts.push(c)
      i += 1
    }
  }
}

function match(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at
  return pattern.exec(text)
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text.charAt(i)
    const start = i
    if (WHITESPACE.test(c)) {
      i += 1
      continue
    }
    if (c === "'" || c === '"') {
      const { value, end } = readQuoted(text, i, c, true)
      tokens.push({ type: 'string', pos: start, raw: text.slice(start, end), value })
      i = end
      continue
    }
    if (c === '`') {
      const { value, end } = readQuoted(text, i, c, false)
      tokens.push({ type: 'quoted', pos: start, raw: text.slice(start, end), name: value })
      i = end
      continue
    }
    const number = /[0-9.]/.test(c) ? match(NUMBER, text, i) : null
    if (number !== null) {
      i += number[0].length
      const word = match(WORD, text, i)
      if (word !== null) {
        const raw = number[0] + word[0]
        if (/^0[xXbB]/.test(raw)) {
          const where = `('${show(raw)}' at position ${start})`
          const hint = "write X'41' for bytes or a decimal number"
          fail(`Hexadecimal and bit literals are not supported ${where}; ${hint}`, start)
        }
        fail(`Unexpected token '${show(raw)}' at position ${start}`, start)
      }
      tokens.push({ type: 'number', pos: start, raw: number[0] })
      continue
    }
    const word = match(WORD, text, i)
    if (word !== null) {
      i += word[0].length
      if ((word[0] === 'x' || word[0] === 'X') && text.charAt(i) === "'") {
        const { value, end } = readQuoted(text, i, "'", false)
        if (!/^(?:[0-9a-fA-F]{2})*$/.test(value)) {
          fail(`Invalid hexadecimal string at position ${start}`, start)
        }
        tokens.push({ type: 'bytes', pos: start, raw: text.slice(start, end), value: hexToBase64(value) })
        i = end
        continue
      }
      if (text.charAt(i) === '.') {
        const path: (string | number)[] = []
        for (;;) {
          const key = match(JSON_KEY, text, i)
          const index = key === null ? match(JSON_INDEX, text, i) : null
          if (key !== null && key[1] !== undefined) path.push(key[1])
          else if (index !== null && index[1] !== undefined && path.length > 0) path.push(Number(index[1]))
          else break
          i += (key ?? index)?.[0].length ?? 0
        }
        if (path.length === 0) fail(`Unexpected token '.' at position ${i}`, i)
        let as: string | null = null
        if (text.charAt(i) === ':') {
          const cast = match(JSON_CAST, text, i)
          if (cast === null || cast[1] === undefined) fail(`Invalid JSON path type at position ${i}`, i)
          as = cast[1]
          i += cast[0].length
        }
        tokens.push({ type: 'jsonPath', pos: start, raw: text.slice(start, i), attr: word[0], path, as })
        continue
      }
      tokens.push({ type: 'word', pos: start, raw: word[0], upper: word[0].toUpperCase() })
      continue
    }
    const two = text.slice(i, i + 2)
    if (two === '--' || two === '/*' || c === '#') {
      fail(`Comments are not allowed ('${c === '#' ? '#' : two}' at position ${i})`, i)
    }
    if (c === '@') fail(`Variables are not supported ('@' at position ${i})`, i)
    if (c === ';') fail(`Unexpected token ';' at position ${i} (only a single expression is allowed)`, i)
    if (text.startsWith('<=>', i)) {
      fail(`Operator '<=>' at position ${i} is not supported; use IS NULL or =`, i)
    }
    if (two === '||' || two === '&&') {
      const instead = two === '||' ? 'OR (or concat() for strings)' : 'AND'
      const why = 'its meaning differs between backends'
      fail(`Operator '${two}' at position ${i} is not supported (${why}); use ${instead}`, i)
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i))
    if (punct === undefined) {
      const ch = String.fromCodePoint(text.codePointAt(i) ?? 0)
      fail(`Unexpected token '${ch}' at position ${i}`, i)
    }
    tokens.push({ type: 'punct', pos: start, raw: punct })
    i += punct.length
  }
  tokens.push({ type: 'end', pos: text.length, raw: '' })
  return tokens
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function hexToBase64(hex: string): string {
  const bytes: number[] = []
  for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16))
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]]
    const n = (a << 16) | (b << 8) | c
    out += BASE64.charAt((n >> 18) & 63) + BASE64.charAt((n >> 12) & 63)
    out += i + 1 < bytes.length ? BASE64.charAt((n >> 6) & 63) : '='
    out += i + 2 < bytes.length ? BASE64.charAt(n & 63) : '='
  }
  return out
}

function base64ToHex(base64: string): string {
  let bits = 0
  let buffer = 0
  let hex = ''
  for (const ch of base64) {
    const v = BASE64.indexOf(ch)
    if (v < 0) continue
    buffer = (buffer << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      hex += ((buffer >> bits) & 0xff).toString(16).padStart(2, '0').toUpperCase()
    }
  }
  return hex
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const INT64_MIN = -(2n ** 63n)
const UINT64_MAX = 2n ** 64n - 1n

/** An integer written in decimal digits: a number when exact in a double, else bigint, else decimal. */
function integerLiteral(digits: string, position: number): Literal {
  if (digits.length > AST_LIMITS.maxDecimalLength) decimalLiteral(digits, position)
  const value = BigInt(digits)
  if (value >= -MAX_SAFE && value <= MAX_SAFE) return { kind: 'lit', type: 'number', value: Number(value) }
  if (value >= INT64_MIN && value <= UINT64_MAX) {
    return { kind: 'lit', type: 'bigint', value: value.toString() }
  }
  return decimalLiteral(value.toString(), position)
}

function decimalLiteral(value: string, position: number): Literal {
  if (value.length > AST_LIMITS.maxDecimalLength) {
    fail(`Number at position ${position} has too many digits`, position)
  }
  return { kind: 'lit', type: 'decimal', value }
}

function numberLiteral(raw: string, position: number): Literal {
  if (/[eE]/.test(raw)) {
    const value = Number(raw)
    if (!Number.isFinite(value)) {
      fail(`Number '${show(raw)}' at position ${position} is out of range`, position)
    }
    return { kind: 'lit', type: 'number', value }
  }
  const [whole = '', fraction] = raw.split('.')
  const integer = whole.replace(/^0+(?=\d)/, '') || '0'
  if (fraction === undefined) return integerLiteral(integer, position)
  // An exact-value literal, as both MySQL and PostgreSQL read `3.5`: compares exactly with decimal columns.
  return decimalLiteral(fraction === '' ? integer : `${integer}.${fraction}`, position)
}

function negateLiteral(lit: Literal, position: number): Literal | null {
  switch (lit.type) {
    case 'number':
      return { ...lit, value: lit.value === 0 ? 0 : -lit.value }
    case 'bigint':
      return integerLiteral(lit.value.startsWith('-') ? lit.value.slice(1) : `-${lit.value}`, position)
    case 'decimal':
      return { ...lit, value: lit.value.startsWith('-') ? lit.value.slice(1) : `-${lit.value}` }
    case 'null':
    case 'string':
    case 'bool':
    case 'date':
    case 'datetime':
    case 'time':
    case 'uuid':
    case 'bytes':
    case 'json':
      return null
    default:
      return assertNever(lit)
  }
}

const NO_FN_OPTIONS = { distinct: false, star: false, separator: null } as const

class Parser {
  readonly #tokens: readonly Token[]
  #index = 0
  #nesting = 0
  readonly #depth = new WeakMap<object, number>()

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens
  }

  get peek(): Token {
    return this.#tokens[this.#index] ?? this.#tokens.at(-1) ?? { type: 'end', pos: 0, raw: '' }
  }

  peekAt(offset: number): Token {
    return this.#tokens[this.#index + offset] ?? this.peek
  }

  next(): Token {
    const token = this.peek
    if (this.#index < this.#tokens.length - 1) this.#index += 1
    return token
  }

  isWord(word: string, token: Token = this.peek): boolean {
    return token.type === 'word' && token.upper === word
  }

  isPunct(punct: string, token: Token = this.peek): boolean {
    return token.type === 'punct' && token.raw === punct
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false
    this.next()
    return true
  }

  acceptPunct(punct: string): boolean {
    if (!this.isPunct(punct)) return false
    this.next()
    return true
  }

  expectWord(word: string): void {
    if (!this.acceptWord(word)) unexpected(this.peek, word)
  }

  expectPunct(punct: string): void {
    if (!this.acceptPunct(punct)) unexpected(this.peek, `'${punct}'`)
  }

  expectEnd(): void {
    if (this.peek.type !== 'end') unexpected(this.peek)
  }

  /** Records a new node's depth and refuses trees deeper than the limit. */
  make<T extends Node>(node: T, children: readonly (Node | null)[], position: number = this.peek.pos): T {
    let depth = 1
    for (const child of children) {
      if (child !== null) depth = Math.max(depth, (this.#depth.get(child) ?? 1) + 1)
    }
    if (depth > PARSE_LIMITS.maxDepth) tooDeep(PARSE_LIMITS.maxDepth, position)
    this.#depth.set(node, depth)
    return node
  }

  nested<T>(position: number, parse: () => T): T {
    this.#nesting += 1
    if (this.#nesting > PARSE_LIMITS.maxNesting) tooDeep(PARSE_LIMITS.maxNesting, position)
    const result = parse()
    this.#nesting -= 1
    return result
  }

  toCondition(node: Node): Condition {
    if (isCondition(node)) return node
    if (node.kind === 'truth') return node.condition
    if (node.kind === 'lit' && node.type === 'bool') {
      return this.make({ kind: 'const', value: node.value }, [])
    }
    return this.make({ kind: 'truthy', operand: node }, [node])
  }

  toScalar(node: Node): ScalarExpr {
    if (!isCondition(node)) return node
    if (node.kind === 'truthy') return node.operand
    if (node.kind === 'const') return this.make({ kind: 'lit', type: 'bool', value: node.value }, [])
    return this.make({ kind: 'truth', condition: node }, [node])
  }

  list<T>(parseItem: () => T, position: number): T[] {
    const items = [parseItem()]
    while (this.acceptPunct(',')) {
      if (items.length >= AST_LIMITS.maxListLength) fail(`List at position ${position} is too long`, position)
      items.push(parseItem())
    }
    return items
  }

  expression(): Node {
    return this.nested(this.peek.pos, () => this.or())
  }

  or(): Node {
    return this.chain('OR', 'or', () => this.and())
  }

  and(): Node {
    return this.chain('AND', 'and', () => this.not())
  }

  chain(word: 'OR' | 'AND', kind: 'or' | 'and', operand: () => Node): Node {
    const position = this.peek.pos
    const first = operand()
    if (!this.isWord(word)) return first
    const conditions = [this.toCondition(first)]
    while (this.acceptWord(word)) {
      if (conditions.length >= AST_LIMITS.maxListLength) {
        fail(`Too many ${word} terms at position ${position}`, position)
      }
      conditions.push(this.toCondition(operand()))
    }
    return this.make({ kind, conditions }, conditions, position)
  }

  not(): Node {
    const token = this.peek
    if (!this.isWord('NOT')) return this.booleanPrimary()
    this.next()
    const condition = this.toCondition(this.nested(token.pos, () => this.not()))
    return this.make({ kind: 'not', condition }, [condition], token.pos)
  }

  booleanPrimary(): Node {
    let left = this.predicate()
    for (;;) {
      const token = this.peek
      const op = token.type === 'punct' ? COMPARISONS.get(token.raw) : undefined
      if (op !== undefined) {
        this.next()
        const l = this.toScalar(left)
        const r = this.toScalar(this.predicate())
        left = this.make({ kind: 'compare', op, left: l, right: r }, [l, r], token.pos)
      } else if (this.isWord('IS')) {
        this.next()
        const negated = this.acceptWord('NOT')
        if (!this.isWord('NULL')) unexpected(this.peek, 'NULL')
        this.next()
        const operand = this.toScalar(left)
        left = this.make({ kind: 'isNull', operand, negated }, [operand], token.pos)
      } else {
        return left
      }
    }
  }

  predicate(): Node {
    const left = this.bitExpr()
    const token = this.peek
    const after = this.peekAt(1)
    const negated = this.isWord('NOT') && ['IN', 'BETWEEN', 'LIKE'].some((w) => this.isWord(w, after))
    if (negated) this.next()
    if (this.acceptWord('IN')) {
      const operand = this.toScalar(left)
      const open = this.peek.pos
      this.expectPunct('(')
      if (this.isWord('SELECT')) subquery(this.peek)
      const values = this.list(() => this.toScalar(this.expression()), open)
      this.expectPunct(')')
      return this.make({ kind: 'in', operand, values, negated }, [operand, ...values], token.pos)
    }
    if (this.acceptWord('BETWEEN')) {
      const operand = this.toScalar(left)
      const low = this.toScalar(this.bitExpr())
      this.expectWord('AND')
      const high = this.toScalar(this.bitExpr())
      return this.make({ kind: 'between', operand, low, high, negated }, [operand, low, high], token.pos)
    }
    if (this.acceptWord('LIKE')) {
      const operand = this.toScalar(left)
      const pattern = this.toScalar(this.bitExpr())
      return this.make({ kind: 'like', operand, pattern, negated }, [operand, pattern], token.pos)
    }
    return left
  }

  bitExpr(): Node {
    return this.binary(['+', '-'], () => this.binary(['*', '/', '%'], () => this.unary()))
  }

  binary(ops: readonly ('+' | '-' | '*' | '/' | '%')[], operand: () => Node): Node {
    let left = operand()
    for (;;) {
      const token = this.peek
      const op = ops.find((o) => this.isPunct(o, token))
      if (op === undefined) return left
      this.next()
      const l = this.toScalar(left)
      const r = this.toScalar(operand())
      left = this.make({ kind: 'op', op, left: l, right: r }, [l, r], token.pos)
    }
  }

  unary(): Node {
    const token = this.peek
    if (this.isPunct('-')) {
      this.next()
      const operand = this.toScalar(this.nested(token.pos, () => this.unary()))
      const folded = operand.kind === 'lit' ? negateLiteral(operand, token.pos) : null
      if (folded !== null) return this.make(folded, [], token.pos)
      return this.make({ kind: 'neg', operand }, [operand], token.pos)
    }
    if (this.isPunct('+')) {
      this.next()
      return this.toScalar(this.nested(token.pos, () => this.unary()))
    }
    return this.primary()
  }

  primary(): Node {
    const token = this.next()
    switch (token.type) {
      case 'number':
        return this.make(numberLiteral(token.raw, token.pos), [], token.pos)
      case 'string':
        return this.make({ kind: 'lit', type: 'string', value: token.value }, [], token.pos)
      case 'bytes':
        return this.make({ kind: 'lit', type: 'bytes', value: token.value }, [], token.pos)
      case 'quoted':
        return this.make({ kind: 'attr', name: attributeName(token.name, token.pos) }, [], token.pos)
      case 'jsonPath': {
        const attr = attributeName(token.attr, token.pos)
        if (token.path.length > AST_LIMITS.maxJsonPathLength) {
          fail(`JSON path at position ${token.pos} is too long`, token.pos)
        }
        for (const key of token.path) {
          if (typeof key === 'string' && key.length > AST_LIMITS.maxIdentifierLength) {
            fail(`JSON key at position ${token.pos} is too long`, token.pos)
          }
        }
        if (token.as !== null && token.as.length > AST_LIMITS.maxIdentifierLength) {
          fail(`JSON path type at position ${token.pos} is too long`, token.pos)
        }
        return this.make({ kind: 'jsonPath', attr, path: token.path, as: token.as }, [], token.pos)
      }
      case 'punct':
        if (token.raw === '(') {
          if (this.isWord('SELECT')) subquery(this.peek)
          const inner = this.expression()
          this.expectPunct(')')
          return inner
        }
        return unexpected(token)
      case 'word':
        return this.word(token)
      case 'end':
        return unexpected(token)
      default:
        return assertNever(token)
    }
  }

  word(token: Extract<Token, { type: 'word' }>): Node {
    switch (token.upper) {
      case 'TRUE':
      case 'FALSE':
        return this.make({ kind: 'lit', type: 'bool', value: token.upper === 'TRUE' }, [], token.pos)
      case 'NULL':
        return this.make({ kind: 'lit', type: 'null' }, [], token.pos)
      case 'CASE':
        return this.caseExpr(token)
      case 'CURRENT_TIMESTAMP':
      case 'CURRENT_DATE': {
        if (this.acceptPunct('(')) this.expectPunct(')')
        const name = token.upper === 'CURRENT_DATE' ? 'curdate' : 'now'
        return this.make({ kind: 'fn', name, args: [], ...NO_FN_OPTIONS }, [], token.pos)
      }
      case 'DATE':
      case 'TIME':
      case 'TIMESTAMP': {
        const literal = this.peek
        if (literal.type !== 'string') break
        this.next()
        return this.typedLiteral(token, literal)
      }
      case 'SELECT':
        return subquery(token)
    }
    if (this.isPunct('(')) return this.call(token)
    if (RESERVED.has(token.upper)) unexpected(token)
    return this.make({ kind: 'attr', name: attributeName(token.raw, token.pos) }, [], token.pos)
  }

  typedLiteral(keyword: Extract<Token, { type: 'word' }>, token: Extract<Token, { type: 'string' }>): Node {
    const value = token.value
    const [type, valid] =
      keyword.upper === 'DATE'
        ? (['date', isDateLiteral(value)] as const)
        : keyword.upper === 'TIME'
          ? (['time', isTimeLiteral(value)] as const)
          : (['datetime', isDatetimeLiteral(value)] as const)
    if (!valid) fail(`Invalid ${keyword.upper} literal '${show(value)}' at position ${token.pos}`, token.pos)
    return this.make({ kind: 'lit', type, value }, [], keyword.pos)
  }

  call(token: Extract<Token, { type: 'word' }>): Node {
    const lower = token.raw.toLowerCase()
    const name = FUNCTION_ALIASES.get(lower) ?? (FUNCTIONS.has(lower) ? (lower as FunctionName) : undefined)
    if (name === undefined) fail(`Unknown function '${show(token.raw)}' at position ${token.pos}`, token.pos)
    const signature = FUNCTION_SIGNATURES[name]
    this.expectPunct('(')
    let distinct = false
    let star = false
    let separator: string | null = null
    let args: ScalarExpr[] = []
    const argument = (): ScalarExpr => this.toScalar(this.expression())
    if (signature.star && this.acceptPunct('*')) {
      star = true
    } else if (signature.args[0] === 'timeUnit') {
      // The unit is a bare word in SQL; the tree keeps it as an upper-case string literal argument.
      const unit = this.next()
      if (unit.type !== 'word' || !isTimestampdiffUnit(unit.upper)) {
        unexpected(unit, `a unit (${TIMESTAMPDIFF_UNITS.join(', ')})`)
      }
      args.push(this.make({ kind: 'lit', type: 'string', value: unit.upper }, [], unit.pos))
      while (this.acceptPunct(',')) args.push(argument())
    } else if (!this.isPunct(')')) {
      if (this.isWord('DISTINCT')) {
        if (!signature.distinct) unexpected(this.peek)
        this.next()
        distinct = true
      }
      args = this.list(argument, token.pos)
      if (lower === 'string_agg') {
        const sep = args[1]
        if (args.length !== 2 || sep === undefined || sep.kind !== 'lit' || sep.type !== 'string') {
          fail(`STRING_AGG at position ${token.pos} takes an expression and a string separator`, token.pos)
        }
        separator = sep.value
        args = args.slice(0, 1)
      } else if (signature.separator && this.acceptWord('SEPARATOR')) {
        const sep = this.next()
        if (sep.type !== 'string') unexpected(sep, 'a string separator')
        separator = sep.value
      }
    }
    this.expectPunct(')')
    const node: ScalarExpr = { kind: 'fn', name, args, distinct, star, separator }
    // The same check and message as resolution gives a tree built without the parser; the position is in details.
    const problem = callProblem(node)
    if (problem !== null) fail(problem, token.pos)
    return this.make(node, args, token.pos)
  }

  caseExpr(token: Token): Node {
    if (['END', 'ELSE', 'THEN'].some((w) => this.isWord(w))) unexpected(this.peek, 'WHEN')
    const operand = this.isWord('WHEN') ? null : this.toScalar(this.expression())
    const branches: { when: Condition; result: ScalarExpr }[] = []
    const children: Node[] = []
    while (this.isWord('WHEN')) {
      const whenToken = this.next()
      if (branches.length >= AST_LIMITS.maxListLength) {
        fail(`Too many WHEN branches at position ${token.pos}`, token.pos)
      }
      const value = this.expression()
      // The simple form `CASE x WHEN v` is the searched form `CASE WHEN x = v`.
      const when = operand === null ? this.toCondition(value) : this.equals(operand, value, whenToken.pos)
      this.expectWord('THEN')
      const result = this.toScalar(this.expression())
      branches.push({ when, result })
      children.push(when, result)
    }
    if (branches.length === 0) unexpected(this.peek, 'WHEN')
    const otherwise = this.acceptWord('ELSE') ? this.toScalar(this.expression()) : null
    this.expectWord('END')
    return this.make({ kind: 'case', branches, otherwise }, [...children, otherwise], token.pos)
  }

  equals(left: ScalarExpr, value: Node, position: number): Condition {
    const right = this.toScalar(value)
    return this.make({ kind: 'compare', op: '=', left, right }, [left, right], position)
  }

  orderItem(): OrderItem {
    const token = this.peek
    const next = this.peekAt(1)
    const endsItem =
      next.type === 'end' || this.isPunct(',', next) || ['ASC', 'DESC'].some((w) => this.isWord(w, next))
    if (this.isWord('KEY') && endsItem) {
      this.next()
      return { by: 'key', descending: this.direction() }
    }
    if (token.type === 'end') unexpected(token, 'an attribute, an expression or KEY')
    const by = this.toScalar(this.expression())
    return { by, descending: this.direction() }
  }

  direction(): boolean {
    if (this.acceptWord('DESC')) return true
    this.acceptWord('ASC')
    return false
  }
}

function attributeName(name: string, position: number): string {
  if (!ATTRIBUTE_NAME_PATTERN.test(name) || name === '__proto__') {
    fail(`Invalid attribute name '${show(name)}' at position ${position}`, position)
  }
  if (name.length > AST_LIMITS.maxIdentifierLength) {
    const limit = AST_LIMITS.maxIdentifierLength
    fail(`Attribute name at position ${position} is longer than ${limit} characters`, position)
  }
  return name
}

function parser(text: string): Parser {
  if (text.length > PARSE_LIMITS.maxLength) {
    fail(`Expression is too long (more than ${PARSE_LIMITS.maxLength} characters)`, PARSE_LIMITS.maxLength)
  }
  const tokens = tokenize(text)
  if (tokens.length === 1) fail('Expression is empty', 0)
  return new Parser(tokens)
}

/**
 * Parses a restriction string, as DataJoint users write them (`"home_state = 'UT'"`, `'credits > 3.5'`),
 * into a condition. A bare scalar becomes `truthy`; `TRUE`/`FALSE` become `const`. Precedence is MySQL's
 * (`NOT` below comparisons, above `AND`, which is above `OR`); chains of one operator flatten into one
 * `and`/`or`, parenthesised groups stay nested.
 *
 * Literals: integers are `number` (`bigint` beyond 2^53, `decimal` beyond 64 bits); numbers with a point
 * are exact `decimal` (as SQL reads `3.5`); numbers with an exponent are `number`. Strings in `'…'` or
 * `"…"` follow MySQL (`''` and backslash escapes); `DATE '…'`, `TIME '…'`, `TIMESTAMP '…'` and `X'hex'`
 * are typed; other strings stay strings (the resolver coerces them by attribute type). Identifiers are
 * kept as written.
 * @throws DataJointError `INVALID_QUERY` with `details.position` for anything outside the grammar (`;`,
 *   comments, subqueries, variables, unknown functions, unterminated strings, stray tokens).
 * @example
 * parseCondition("home_state in ('CA', 'TX')")
 * // { kind: 'in', operand: { kind: 'attr', name: 'home_state' }, values: [...], negated: false }
 */
export function parseCondition(text: string): Condition {
  const p = parser(text)
  const node = p.toCondition(p.expression())
  p.expectEnd()
  return node
}

/**
 * Parses a computed-attribute expression (`'credits * 2'`, `'round(avg(points), 2)'`, `"sex = 'F'"`) into a
 * scalar; a comparison used as a value becomes `truth`. Literals and errors as for {@link parseCondition}.
 */
export function parseScalar(text: string): ScalarExpr {
  const p = parser(text)
  const node = p.toScalar(p.expression())
  p.expectEnd()
  return node
}

/**
 * Parses one DataJoint order_by entry: `KEY`, `KEY DESC`, `name`, `name DESC`, `length(name) ASC`. `KEY` is
 * case-insensitive; an attribute named `key` must be backquoted.
 */
export function parseOrderBy(text: string): OrderItem {
  const p = parser(text)
  const item = p.orderItem()
  p.expectEnd()
  return item
}

/** Parses a comma-separated list of order_by entries (`'credits DESC, KEY'`). */
export function parseOrderByList(text: string): OrderItem[] {
  const p = parser(text)
  const items = p.list(() => p.orderItem(), 0)
  p.expectEnd()
  return items
}

/**
 * True when `text` is a bare attribute name, surrounding whitespace allowed (use `text.trim()` as the name),
 * and not a keyword such as `NULL`, `TRUE` or `CURRENT_TIMESTAMP`: DataJoint's test for whether
 * `proj(new='old')` renames rather than computes. `(old)` is not an identifier; it parses as a computed copy.
 */
export function isIdentifier(text: string): boolean {
  const name = text.trim()
  return (
    ATTRIBUTE_NAME_PATTERN.test(name) &&
    name.length <= AST_LIMITS.maxIdentifierLength &&
    name !== '__proto__' &&
    !RESERVED.has(name.toUpperCase())
  )
}

/** Options for the printers. */
export interface FormatOptions {
  /** How a semijoin's query is shown; defaults to `<query>` (a semijoin has no expression-text form). */
  readonly formatQuery?: (query: QueryExpr) => string
}

// Binding strength, loosest first, following MySQL's operator precedence.
const Prec = {
  Or: 1,
  And: 2,
  Not: 3,
  Compare: 4,
  Predicate: 5,
  Additive: 6,
  Multiplicative: 7,
  Unary: 8,
  Primary: 9,
} as const
type Prec = number

/** A dict key as the string form writes it: a json path (`meta.c`) as itself, an attribute as an identifier. */
function formatMatchKey(key: string): string {
  if (key.includes('.')) {
    try {
      if (parseScalar(key).kind === 'jsonPath') return key
    } catch {
      // Not a json path: an identifier with a dot in it, quoted below.
    }
  }
  return formatIdentifier(key)
}

function formatIdentifier(name: string): string {
  if (ATTRIBUTE_NAME_PATTERN.test(name) && !RESERVED.has(name.toUpperCase())) return name
  return `\`${name.replaceAll('`', '``')}\``
}

const STRING_ESCAPES: ReadonlyMap<string, string> = new Map([
  ["'", "''"],
  ['\\', '\\\\'],
  ['\0', '\\0'],
  ['\b', '\\b'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
  ['\x1a', '\\Z'],
])

function formatString(value: string): string {
  let out = "'"
  for (const ch of value) out += STRING_ESCAPES.get(ch) ?? ch
  return `${out}'`
}

function formatNumber(value: number): string {
  if (Object.is(value, -0)) return '0'
  const text = String(value)
  if (Number.isSafeInteger(value) || text.includes('e')) return text
  // A point without exponent would read back as an exact decimal; `e0` keeps it a number.
  return text.includes('.') ? `${text}e0` : value.toExponential()
}

function formatLiteral(lit: Literal): [string, Prec] {
  switch (lit.type) {
    case 'null':
      return ['NULL', Prec.Primary]
    case 'bool':
      return [lit.value ? 'TRUE' : 'FALSE', Prec.Primary]
    case 'string':
    case 'uuid':
    case 'json':
      return [formatString(lit.value), Prec.Primary]
    case 'number': {
      const text = formatNumber(lit.value)
      return [text, text.startsWith('-') ? Prec.Unary : Prec.Primary]
    }
    case 'bigint':
      return [lit.value, lit.value.startsWith('-') ? Prec.Unary : Prec.Primary]
    case 'decimal': {
      const text = lit.value.includes('.') ? lit.value : `${lit.value}.`
      return [text, text.startsWith('-') ? Prec.Unary : Prec.Primary]
    }
    case 'date':
      return [`DATE ${formatString(lit.value)}`, Prec.Primary]
    case 'datetime':
      return [`TIMESTAMP ${formatString(lit.value)}`, Prec.Primary]
    case 'time':
      return [`TIME ${formatString(lit.value)}`, Prec.Primary]
    case 'bytes':
      return [`X'${base64ToHex(lit.value)}'`, Prec.Primary]
    default:
      return assertNever(lit)
  }
}

class Formatter {
  readonly #formatQuery: (query: QueryExpr) => string

  constructor(options: FormatOptions) {
    this.#formatQuery = options.formatQuery ?? (() => '<query>')
  }

  format(node: Node, min: Prec): string {
    const [text, prec] = this.render(node)
    return prec < min ? `(${text})` : text
  }

  render(node: Node): [string, Prec] {
    if (isCondition(node)) return this.renderCondition(node)
    switch (node.kind) {
      case 'attr':
        return [formatIdentifier(node.name), Prec.Primary]
      case 'lit':
        return formatLiteral(node)
      case 'fn':
        return [this.renderCall(node), Prec.Primary]
      case 'op': {
        const prec = node.op === '+' || node.op === '-' ? Prec.Additive : Prec.Multiplicative
        return [`${this.format(node.left, prec)} ${node.op} ${this.format(node.right, prec + 1)}`, prec]
      }
      case 'neg': {
        const inner = this.format(node.operand, Prec.Unary)
        return [inner.startsWith('-') ? `-(${inner})` : `-${inner}`, Prec.Unary]
      }
      case 'truth':
        return this.render(node.condition)
      case 'case': {
        const parts = ['CASE']
        for (const b of node.branches) {
          parts.push(`WHEN ${this.format(b.when, Prec.Or)} THEN ${this.format(b.result, Prec.Or)}`)
        }
        if (node.otherwise !== null) parts.push(`ELSE ${this.format(node.otherwise, Prec.Or)}`)
        parts.push('END')
        return [parts.join(' '), Prec.Primary]
      }
      case 'jsonPath': {
        const path = node.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')
        return [`${node.attr}${path}${node.as === null ? '' : `:${node.as}`}`, Prec.Primary]
      }
      default:
        return assertNever(node)
    }
  }

  renderCall(node: Extract<ScalarExpr, { kind: 'fn' }>): string {
    if (node.star) return `${node.name}(*)`
    const args = node.args.map((arg, i) => {
      const isUnit = arg.kind === 'lit' && arg.type === 'string' && isTimestampdiffUnit(arg.value)
      if (i === 0 && FUNCTION_SIGNATURES[node.name].args[0] === 'timeUnit' && isUnit) return arg.value
      return this.format(arg, Prec.Or)
    })
    const distinct = node.distinct ? 'DISTINCT ' : ''
    const separator = node.separator === null ? '' : ` SEPARATOR ${formatString(node.separator)}`
    return `${node.name}(${distinct}${args.join(', ')}${separator})`
  }

  renderCondition(node: Condition): [string, Prec] {
    const not = (negated: boolean): string => (negated ? 'NOT ' : '')
    switch (node.kind) {
      case 'const':
        return [node.value ? 'TRUE' : 'FALSE', Prec.Primary]
      case 'and':
      case 'or': {
        const [first, ...rest] = node.conditions
        if (first === undefined) return [node.kind === 'and' ? 'TRUE' : 'FALSE', Prec.Primary]
        if (rest.length === 0) return this.render(first)
        const prec = node.kind === 'and' ? Prec.And : Prec.Or
        const word = node.kind === 'and' ? ' AND ' : ' OR '
        return [node.conditions.map((c) => this.format(c, prec + 1)).join(word), prec]
      }
      case 'not':
        return [`NOT ${this.format(node.condition, Prec.Not)}`, Prec.Not]
      case 'match': {
        const terms = Object.entries(node.values).map(([key, value]) =>
          value.type === 'null'
            ? `${formatMatchKey(key)} IS NULL`
            : `${formatMatchKey(key)} = ${this.format(value, Prec.Predicate)}`,
        )
        if (terms.length === 0) return ['TRUE', Prec.Primary]
        return [terms.join(' AND '), terms.length === 1 ? Prec.Compare : Prec.And]
      }
      case 'compare':
        return [
          `${this.format(node.left, Prec.Compare)} ${node.op} ${this.format(node.right, Prec.Predicate)}`,
          Prec.Compare,
        ]
      case 'isNull':
        return [`${this.format(node.operand, Prec.Compare)} IS ${not(node.negated)}NULL`, Prec.Compare]
      case 'in': {
        const values = node.values.map((v) => this.format(v, Prec.Or)).join(', ')
        const operand = this.format(node.operand, Prec.Additive)
        return [`${operand} ${not(node.negated)}IN (${values})`, Prec.Predicate]
      }
      case 'between': {
        const operand = this.format(node.operand, Prec.Additive)
        const range = `${this.format(node.low, Prec.Additive)} AND ${this.format(node.high, Prec.Additive)}`
        return [`${operand} ${not(node.negated)}BETWEEN ${range}`, Prec.Predicate]
      }
      case 'like': {
        const operand = this.format(node.operand, Prec.Additive)
        const pattern = this.format(node.pattern, Prec.Additive)
        return [`${operand} ${not(node.negated)}LIKE ${pattern}`, Prec.Predicate]
      }
      case 'truthy':
        return this.render(node.operand)
      case 'semijoin':
        return [this.#formatQuery(node.query), Prec.Primary]
      default:
        return assertNever(node)
    }
  }
}

/**
 * Prints a scalar as expression text with minimal parentheses; `parseScalar` reads it back to the same tree
 * for every tree the parser produces. `uuid` and `json` literals print as plain strings; non-integer
 * `number` literals get an exponent (`0.1e0`) so that they do not read back as exact decimals.
 * @example
 * formatScalar(parseScalar('ROUND( avg(points),2 )')) // 'round(avg(points), 2)'
 */
export function formatScalar(expr: ScalarExpr, options: FormatOptions = {}): string {
  return new Formatter(options).format(expr, Prec.Or)
}

/**
 * Prints a condition as restriction text; round-trips through `parseCondition` like {@link formatScalar}.
 * `match` prints as equalities joined by AND, and a semijoin through `options.formatQuery`.
 */
export function formatCondition(cond: Condition, options: FormatOptions = {}): string {
  return new Formatter(options).format(cond, Prec.Or)
}

/** Prints an order item as DataJoint writes it: `KEY`, `KEY DESC`, `name DESC`. */
export function formatOrderItem(item: OrderItem, options: FormatOptions = {}): string {
  // A bare `key` would read back as the primary key.
  const by =
    item.by === 'key'
      ? 'KEY'
      : item.by.kind === 'attr' && item.by.name.toUpperCase() === 'KEY'
        ? `\`${item.by.name}\``
        : new Formatter(options).format(item.by, Prec.Or)
  return item.descending ? `${by} DESC` : by
}
