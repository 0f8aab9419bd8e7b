// Reads the Python that labs write in notebooks for DataJoint queries into a small syntax tree: simple
// assignments, imports and expressions over names, calls, attributes, literals and the operators & - * +.
// Anything else is refused with a PYTHON_SYNTAX error naming the line, column and construct.

import { DataJointError } from '../errors/datajoint-error'

export interface Position {
  readonly line: number
  readonly column: number
}

export type PyNode =
  | { readonly kind: 'name'; readonly pos: Position; readonly id: string }
  /** `at`: where the `.name` is; `pos`, as for every node, is where the whole expression starts. */
  | { readonly kind: 'attribute'; readonly pos: Position; readonly at: Position; readonly value: PyNode; readonly attr: string }
  | { readonly kind: 'call'; readonly pos: Position; readonly func: PyNode; readonly args: readonly PyArgument[] }
  /** `at`: where the operator is. */
  | { readonly kind: 'binary'; readonly pos: Position; readonly at: Position; readonly op: '&' | '-' | '*' | '+'; readonly left: PyNode; readonly right: PyNode }
  | { readonly kind: 'negative'; readonly pos: Position; readonly operand: PyNode }
  | { readonly kind: 'string'; readonly pos: Position; readonly value: string; readonly bytes: boolean; readonly positions: readonly Position[] }
  | { readonly kind: 'int'; readonly pos: Position; readonly value: bigint }
  | { readonly kind: 'float'; readonly pos: Position; readonly value: number }
  | { readonly kind: 'constant'; readonly pos: Position; readonly value: true | false | null | 'ellipsis' }
  | { readonly kind: 'list'; readonly pos: Position; readonly items: readonly PyNode[]; readonly tuple: boolean }
  | { readonly kind: 'dict'; readonly pos: Position; readonly entries: readonly (readonly [PyNode, PyNode])[] }

export type PyArgument =
  | { readonly kind: 'positional'; readonly value: PyNode }
  | { readonly kind: 'keyword'; readonly pos: Position; readonly name: string; readonly value: PyNode }
  | { readonly kind: 'unpack'; readonly pos: Position; readonly value: PyNode }

export type PyStatement =
  | { readonly kind: 'assign'; readonly pos: Position; readonly target: string; readonly value: PyNode }
  | { readonly kind: 'expression'; readonly pos: Position; readonly value: PyNode }
  | { readonly kind: 'import'; readonly pos: Position; readonly module: string; readonly names: readonly string[]; readonly alias: string | null }

export function pythonError(message: string, pos: Position, construct: string): DataJointError {
  return new DataJointError('PYTHON_SYNTAX', `${message} (line ${pos.line}, column ${pos.column})`, {
    line: pos.line,
    column: pos.column,
    construct,
  })
}

type Token =
  | { readonly type: 'name'; readonly pos: Position; readonly text: string }
  | { readonly type: 'number'; readonly pos: Position; readonly text: string }
  | { readonly type: 'string'; readonly pos: Position; readonly text: string; readonly value: string; readonly bytes: boolean; readonly positions: readonly Position[] }
  | { readonly type: 'op'; readonly pos: Position; readonly text: string }
  | { readonly type: 'newline'; readonly pos: Position; readonly text: string }
  | { readonly type: 'end'; readonly pos: Position; readonly text: string }

// Longest first, so that `**` is not read as two `*` and `==` not as `=`.
const OPERATORS = [
  '...',
  '**=',
  '//=',
  '>>=',
  '<<=',
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '->',
  ':=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  ';',
  '=',
  '&',
  '|',
  '^',
  '~',
  '-',
  '+',
  '*',
  '/',
  '%',
  '@',
  '<',
  '>',
]

const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' }

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['a', '\x07'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v'],
])

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y
// Python's numeric literals: an underscore only between digits.
const NUMBER =
  /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)[jJ]?/y
const STRING_START = /([rRbBuUfF]{0,2})('''|"""|'|")/y

class Tokenizer {
  readonly tokens: Token[] = []
  readonly #lineStarts: number[] = [0]
  #i = 0
  readonly #brackets: { readonly char: string; readonly pos: Position }[] = []

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i += 1) if (text.charAt(i) === '\n') this.#lineStarts.push(i + 1)
  }

  pos(offset: number): Position {
    let low = 0
    let high = this.#lineStarts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if ((this.#lineStarts[mid] ?? 0) <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: offset - (this.#lineStarts[low] ?? 0) + 1 }
  }

  run(): Token[] {
    const text = this.text
    let lineStart = true
    while (this.#i < text.length) {
      const c = text.charAt(this.#i)
      if (lineStart && this.#brackets.length === 0) {
        // A logical line's indentation: blank and comment-only lines do not count.
        const indent = /[ \t\f]*/y
        indent.lastIndex = this.#i
        const width = indent.exec(text)?.[0].length ?? 0
        const after = text.charAt(this.#i + width)
        if (width > 0 && after !== '' && after !== '\n' && after !== '\r' && after !== '#') {
          throw pythonError('Unexpected indentation: only top-level statements are read', this.pos(this.#i), 'indentation')
        }
        this.#i += width
        lineStart = false
        continue
      }
      if (c === ' ' || c === '\t' || c === '\f' || c === '\r') {
        this.#i += 1
      } else if (c === '#') {
        while (this.#i < text.length && text.charAt(this.#i) !== '\n') this.#i += 1
      } else if (c === '\n') {
        if (this.#brackets.length === 0) this.#newline(this.#i)
        this.#i += 1
        lineStart = true
      } else if (c === '\\') {
        const rest = /\\\r?\n/y
        rest.lastIndex = this.#i
        const match = rest.exec(text)
        if (match === null) throw pythonError('Unexpected character after line continuation', this.pos(this.#i), 'line continuation')
        this.#i += match[0].length
      } else {
        this.#token()
      }
    }
    const open = this.#brackets.at(-1)
    if (open !== undefined) throw pythonError(`'${open.char}' was never closed`, open.pos, 'bracket')
    this.#newline(text.length)
    this.tokens.push({ type: 'end', pos: this.pos(text.length), text: '' })
    return this.tokens
  }

  #newline(offset: number): void {
    const last = this.tokens.at(-1)
    if (last !== undefined && last.type !== 'newline') this.tokens.push({ type: 'newline', pos: this.pos(offset), text: '\n' })
  }

  #token(): void {
    const text = this.text
    const start = this.#i
    STRING_START.lastIndex = start
    const string = STRING_START.exec(text)
    if (string !== null) {
      this.#string(start, string[1] ?? '', string[2] ?? "'")
      return
    }
    NAME.lastIndex = start
    const name = NAME.exec(text)
    if (name !== null) {
      this.tokens.push({ type: 'name', pos: this.pos(start), text: name[0] })
      this.#i += name[0].length
      return
    }
    NUMBER.lastIndex = start
    const number = /[0-9]/.test(text.charAt(start)) || /^\.[0-9]/.test(text.slice(start, start + 2)) ? NUMBER.exec(text) : null
    if (number !== null) {
      this.tokens.push({ type: 'number', pos: this.pos(start), text: number[0] })
      this.#i += number[0].length
      return
    }
    const op = OPERATORS.find((o) => text.startsWith(o, start))
    if (op === undefined) {
      const ch = String.fromCodePoint(text.codePointAt(start) ?? 0)
      throw pythonError(`Unexpected character '${ch}'`, this.pos(start), 'character')
    }
    const pos = this.pos(start)
    if (op in CLOSING) this.#brackets.push({ char: op, pos })
    else if (op === ')' || op === ']' || op === '}') {
      const open = this.#brackets.pop()
      if (open === undefined || CLOSING[open.char] !== op) throw pythonError(`Unmatched '${op}'`, pos, 'bracket')
    }
    this.tokens.push({ type: 'op', pos, text: op })
    this.#i += op.length
  }

  #string(start: number, prefix: string, quote: string): void {
    const text = this.text
    const lower = prefix.toLowerCase()
    const pos = this.pos(start)
    if (lower.includes('f')) throw pythonError('f-strings are not supported; write the text of the condition', pos, 'f-string')
    if (lower.includes('u') && lower.length > 1) throw pythonError(`Invalid string prefix '${prefix}'`, pos, 'string')
    const raw = lower.includes('r')
    const bytes = lower.includes('b')
    const triple = quote.length === 3
    let i = start + prefix.length + quote.length
    let value = ''
    const positions: Position[] = []
    const push = (chars: string, at: number): void => {
      for (const ch of chars) {
        value += ch
        positions.push(this.pos(at))
      }
    }
    for (;;) {
      if (i >= text.length) throw pythonError('Unterminated string', pos, 'string')
      if (text.startsWith(quote, i)) break
      const c = text.charAt(i)
      if (c === '\n' && !triple) throw pythonError('Unterminated string', pos, 'string')
      if (bytes && (text.codePointAt(i) ?? 0) > 0x7f) throw pythonError('Bytes can only contain ASCII characters', this.pos(i), 'string')
      if (c !== '\\') {
        push(c, i)
        i += c.length
        continue
      }
      const next = text.charAt(i + 1)
      if (raw) {
        push(c + next, i)
        i += 2
      } else if (next === '\n') {
        i += 2
      } else if (SIMPLE_ESCAPES.has(next)) {
        push(SIMPLE_ESCAPES.get(next) ?? '', i)
        i += 2
      } else if (/[0-7]/.test(next)) {
        const digits = /[0-7]{1,3}/y
        digits.lastIndex = i + 1
        const octal = digits.exec(text)?.[0] ?? next
        push(String.fromCodePoint(parseInt(octal, 8)), i)
        i += 1 + octal.length
      } else if (next === 'x' || (!bytes && (next === 'u' || next === 'U'))) {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8
        const hex = text.slice(i + 2, i + 2 + length)
        if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) throw pythonError(`Invalid \\${next} escape`, this.pos(i), 'string escape')
        const code = parseInt(hex, 16)
        if (code > 0x10ffff) throw pythonError(`Invalid \\${next} escape`, this.pos(i), 'string escape')
        push(String.fromCodePoint(code), i)
        i += 2 + length
      } else if (next === 'N' && !bytes) {
        throw pythonError('Named unicode escapes (\\N{...}) are not supported', this.pos(i), 'string escape')
      } else {
        // Python keeps an unknown escape as written.
        push(c, i)
        i += 1
      }
    }
    const end = i + quote.length
    this.tokens.push({ type: 'string', pos, text: text.slice(start, end), value, bytes, positions })
    this.#i = end
  }
}

/**
 * How deeply brackets and signs may nest, and how deep the syntax tree may grow (evaluation recurses over it):
 * far beyond any query a person writes, well within the JavaScript stack.
 */
export const MAX_NESTING = 200

/** Binding strength of the binary operators, loosest first; others are refused where they appear. */
const BINARY: ReadonlyMap<string, number> = new Map([
  ['&', 1],
  ['-', 2],
  ['+', 2],
  ['*', 3],
])

const STATEMENT_KEYWORDS = new Set(
  'assert async await break class continue def del elif else except finally for global if lambda nonlocal pass raise return try while with yield'.split(' '),
)
const EXPRESSION_KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'lambda', 'await', 'yield'])

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'end of code'
    case 'newline':
      return 'end of line'
    case 'string':
      return 'a string'
    case 'number':
      return `number ${token.text}`
    default:
      return `'${token.text}'`
  }
}

class Parser {
  #index = 0
  #nesting = 0

  constructor(readonly tokens: readonly Token[]) {}

  get peek(): Token {
    return this.tokens[this.#index] ?? (this.tokens.at(-1) as Token)
  }

  peekAt(offset: number): Token {
    return this.tokens[this.#index + offset] ?? (this.tokens.at(-1) as Token)
  }

  next(): Token {
    const token = this.peek
    if (this.#index < this.tokens.length - 1) this.#index += 1
    return token
  }

  isOp(text: string, token: Token = this.peek): boolean {
    return token.type === 'op' && token.text === text
  }

  accept(text: string): boolean {
    if (!this.isOp(text)) return false
    this.next()
    return true
  }

  expect(text: string, construct: string): Token {
    if (!this.isOp(text)) throw this.unexpected(this.peek, `'${text}'`, construct)
    return this.next()
  }

  unexpected(token: Token, expected?: string, construct?: string): DataJointError {
    const what = describe(token)
    if (token.type === 'name' && EXPRESSION_KEYWORDS.has(token.text)) {
      return pythonError(`'${token.text}' expressions are not supported`, token.pos, token.text)
    }
    if (token.type === 'op' && !['(', ')', '[', ']', '{', '}', ',', ':', '.', '=', '...'].includes(token.text)) {
      return pythonError(`Operator '${token.text}' is not supported; DataJoint queries use & - * +`, token.pos, `operator ${token.text}`)
    }
    const suffix = expected === undefined ? '' : ` (expected ${expected})`
    return pythonError(`Unexpected ${what}${suffix}`, token.pos, construct ?? what)
  }

  statements(): PyStatement[] {
    const out: PyStatement[] = []
    while (this.peek.type !== 'end') {
      out.push(this.statement())
      if (this.isOp(';')) throw pythonError('Write one statement per line', this.peek.pos, 'semicolon')
      const after = this.next()
      if (after.type !== 'newline' && after.type !== 'end') throw this.unexpected(after, 'end of line')
    }
    return out
  }

  statement(): PyStatement {
    const token = this.peek
    if (token.type === 'name' && (token.text === 'import' || token.text === 'from')) return this.importStatement()
    if (token.type === 'name' && STATEMENT_KEYWORDS.has(token.text)) {
      throw pythonError(`'${token.text}' statements are not supported; write assignments and one query expression`, token.pos, token.text)
    }
    const value = this.expression()
    if (this.isOp('=')) {
      if (value.kind !== 'name') throw pythonError('Only a plain name can be assigned', value.pos, 'assignment target')
      this.next()
      const assigned = this.expression()
      if (this.isOp('=')) throw pythonError('Chained assignment is not supported', this.peek.pos, 'chained assignment')
      return { kind: 'assign', pos: value.pos, target: value.id, value: assigned }
    }
    if (this.peek.type === 'op' && this.peek.text.endsWith('=') && this.peek.text.length > 1 && !['==', '<=', '>=', '!='].includes(this.peek.text)) {
      throw pythonError(`Augmented assignment '${this.peek.text}' is not supported`, this.peek.pos, 'augmented assignment')
    }
    return { kind: 'expression', pos: value.pos, value }
  }

  importStatement(): PyStatement {
    const keyword = this.next()
    const module = this.dottedName()
    if (keyword.text === 'from') {
      const word = this.next()
      if (word.type !== 'name' || word.text !== 'import') throw this.unexpected(word, "'import'", 'import')
      const names = [this.name('import')]
      while (this.accept(',')) names.push(this.name('import'))
      return { kind: 'import', pos: keyword.pos, module, names, alias: null }
    }
    let alias: string | null = null
    if (this.peek.type === 'name' && this.peek.text === 'as') {
      this.next()
      alias = this.name('import')
    }
    return { kind: 'import', pos: keyword.pos, module, names: [], alias }
  }

  dottedName(): string {
    const parts = [this.name('import')]
    while (this.accept('.')) parts.push(this.name('import'))
    return parts.join('.')
  }

  name(construct: string): string {
    const token = this.next()
    if (token.type !== 'name') throw this.unexpected(token, 'a name', construct)
    return token.text
  }

  expression(): PyNode {
    const node = this.binary(1)
    if (this.isOp(',')) throw pythonError('Write a tuple in parentheses', this.peek.pos, 'tuple')
    return node
  }

  binary(level: number): PyNode {
    if (level > 3) return this.unary()
    let left = this.binary(level + 1)
    for (;;) {
      const token = this.peek
      if (token.type !== 'op' || BINARY.get(token.text) !== level) return left
      this.next()
      const right = this.binary(level + 1)
      left = { kind: 'binary', pos: left.pos, at: token.pos, op: token.text as '&' | '-' | '*' | '+', left, right }
    }
  }

  /** Every operand passes here, so nested brackets and signs are counted here. */
  unary(): PyNode {
    const token = this.peek
    this.#nesting += 1
    if (this.#nesting > MAX_NESTING) throw pythonError(`Expression is nested too deeply (more than ${MAX_NESTING} levels)`, token.pos, 'nesting')
    try {
      if (this.accept('-')) return { kind: 'negative', pos: token.pos, operand: this.unary() }
      if (this.accept('+')) return this.unary()
      return this.postfix()
    } finally {
      this.#nesting -= 1
    }
  }

  postfix(): PyNode {
    let node = this.atom()
    for (;;) {
      const token = this.peek
      if (this.accept('.')) {
        node = { kind: 'attribute', pos: node.pos, at: token.pos, value: node, attr: this.name('attribute') }
      } else if (this.accept('(')) {
        node = { kind: 'call', pos: node.pos, func: node, args: this.arguments() }
      } else if (this.isOp('[')) {
        throw pythonError('Subscripts are not supported', token.pos, 'subscript')
      } else if (this.isOp('**')) {
        throw pythonError("Operator '**' is not supported", token.pos, 'operator **')
      } else {
        return node
      }
    }
  }

  arguments(): PyArgument[] {
    const args: PyArgument[] = []
    let keywords = false
    while (!this.isOp(')')) {
      const token = this.peek
      if (this.accept('**')) {
        args.push({ kind: 'unpack', pos: token.pos, value: this.binary(1) })
        keywords = true
      } else if (this.isOp('*')) {
        throw pythonError('Unpacking a sequence into arguments is not supported', token.pos, 'argument unpacking')
      } else if (token.type === 'name' && this.isOp('=', this.peekAt(1))) {
        this.next()
        this.next()
        args.push({ kind: 'keyword', pos: token.pos, name: token.text, value: this.binary(1) })
        keywords = true
      } else {
        if (keywords) throw pythonError('Positional argument follows keyword argument', token.pos, 'argument order')
        args.push({ kind: 'positional', value: this.binary(1) })
      }
      if (this.peek.type === 'name' && this.peek.text === 'for') throw pythonError('Comprehensions are not supported', this.peek.pos, 'comprehension')
      if (!this.accept(',')) break
    }
    this.expect(')', 'call')
    return args
  }

  atom(): PyNode {
    const token = this.next()
    switch (token.type) {
      case 'name':
        if (token.text === 'None' || token.text === 'True' || token.text === 'False') {
          return { kind: 'constant', pos: token.pos, value: token.text === 'None' ? null : token.text === 'True' }
        }
        if (EXPRESSION_KEYWORDS.has(token.text) || STATEMENT_KEYWORDS.has(token.text) || token.text === 'import' || token.text === 'from') {
          throw this.unexpected(token, undefined, token.text)
        }
        return { kind: 'name', pos: token.pos, id: token.text }
      case 'number':
        return number(token)
      case 'string':
        return this.strings(token)
      case 'op':
        if (token.text === '...') return { kind: 'constant', pos: token.pos, value: 'ellipsis' }
        if (token.text === '(') return this.parenthesised(token)
        if (token.text === '[') return { kind: 'list', pos: token.pos, items: this.sequence(']', 'list'), tuple: false }
        if (token.text === '{') return this.dict(token)
        throw this.unexpected(token, 'an expression')
      default:
        throw this.unexpected(token, 'an expression')
    }
  }

  /** Adjacent string literals are one string, as in Python. */
  strings(first: Extract<Token, { type: 'string' }>): PyNode {
    let value = first.value
    const positions = [...first.positions]
    while (this.peek.type === 'string') {
      const token = this.next() as Extract<Token, { type: 'string' }>
      if (token.bytes !== first.bytes) throw pythonError('Cannot mix bytes and text literals', token.pos, 'string')
      value += token.value
      positions.push(...token.positions)
    }
    return { kind: 'string', pos: first.pos, value, bytes: first.bytes, positions }
  }

  parenthesised(open: Token): PyNode {
    if (this.accept(')')) return { kind: 'list', pos: open.pos, items: [], tuple: true }
    const first = this.binary(1)
    if (this.peek.type === 'name' && this.peek.text === 'for') throw pythonError('Generator expressions are not supported', this.peek.pos, 'comprehension')
    if (this.accept(')')) return first
    this.expect(',', 'tuple')
    const items = [first, ...this.sequence(')', 'tuple')]
    return { kind: 'list', pos: open.pos, items, tuple: true }
  }

  sequence(close: string, construct: string): PyNode[] {
    const items: PyNode[] = []
    while (!this.isOp(close)) {
      if (this.isOp('*')) throw pythonError('Unpacking is not supported', this.peek.pos, 'unpacking')
      items.push(this.binary(1))
      if (this.peek.type === 'name' && this.peek.text === 'for') throw pythonError('Comprehensions are not supported', this.peek.pos, 'comprehension')
      if (!this.accept(',')) break
    }
    this.expect(close, construct)
    return items
  }

  dict(open: Token): PyNode {
    const entries: [PyNode, PyNode][] = []
    while (!this.isOp('}')) {
      if (this.isOp('**')) throw pythonError('Unpacking is not supported', this.peek.pos, 'unpacking')
      const key = this.binary(1)
      if (!this.isOp(':')) {
        if (entries.length === 0) throw pythonError('Sets are not supported; use a list', open.pos, 'set')
        throw this.unexpected(this.peek, "':'", 'dict')
      }
      this.next()
      entries.push([key, this.binary(1)])
      if (this.peek.type === 'name' && this.peek.text === 'for') throw pythonError('Comprehensions are not supported', this.peek.pos, 'comprehension')
      if (!this.accept(',')) break
    }
    this.expect('}', 'dict')
    return { kind: 'dict', pos: open.pos, entries }
  }
}

function number(token: Extract<Token, { type: 'number' }>): PyNode {
  const text = token.text.replaceAll('_', '')
  if (/[jJ]$/.test(text)) throw pythonError('Complex numbers are not supported', token.pos, 'complex number')
  if (/^0[xXoObB]/.test(text)) return { kind: 'int', pos: token.pos, value: BigInt(text.toLowerCase()) }
  if (/^\d+$/.test(text)) {
    if (/^0+\d/.test(text)) throw pythonError('Leading zeros are not allowed in integers', token.pos, 'number')
    return { kind: 'int', pos: token.pos, value: BigInt(text) }
  }
  return { kind: 'float', pos: token.pos, value: Number(text) }
}

/** Parses Python source into statements; PYTHON_SYNTAX errors carry the line, column and construct. */
export function parsePython(code: string): PyStatement[] {
  return new Parser(new Tokenizer(code).run()).statements()
}
