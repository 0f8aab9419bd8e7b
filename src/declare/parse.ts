// Definition text -> TableDefinition, following DataJoint's line grammar and its error messages
// (DataJoint Python's `declare.py`).
// Dialect-free: type mapping, codec resolution and DDL-level checks (blob defaults) happen in `to-ddl.ts`.

import { assertSupportedType, definitionError, escapeCommentQuotes } from './core-types'
import type {
  AttributeDef,
  DefinitionItem,
  ForeignKeyDef,
  ForeignKeyReference,
  IndexDef,
  TableDefinition,
} from './definition'

const INDEX_LINE = /^(unique\s+)?index\s*\(.*\)\s*(#.*)?$/i

/**
 * Parses a table definition. Lines are numbered from 1 in the text as given (leading blank lines count), and
 * every error is a DataJointError `INVALID_DEFINITION` with `details.line` and DataJoint's message text.
 */
export function parseDefinition(text: string): TableDefinition {
  const lines = text.split('\n').map((raw, index) => ({ text: raw.trim(), line: index + 1 }))
  const content = lines.filter((entry) => entry.text !== '')
  let comment = ''
  let commentLine: number | null = null
  const first = content[0]
  let body = content
  if (first !== undefined && first.text.startsWith('#')) {
    comment = first.text.slice(1).trim()
    commentLine = first.line
    if (comment.startsWith(':')) throw definitionError('Table comment must not start with a colon ":"', first.line)
    body = content.slice(1)
  }

  const items: DefinitionItem[] = []
  let inKey = true
  for (const { text: line, line: number } of body) {
    if (line.startsWith('#')) continue
    if (line.startsWith('---')) {
      inKey = false
    } else if (isForeignKeyLine(line)) {
      items.push(parseForeignKeyLine(line, inKey, number))
    } else if (INDEX_LINE.test(line)) {
      items.push(parseIndexLine(line, number))
    } else {
      items.push(parseAttributeLine(line, inKey, number))
    }
  }
  const foreignKeys = items.filter((item): item is ForeignKeyDef => item.kind === 'foreignKey')
  return { comment, commentLine, items, foreignKeys }
}

/** DataJoint's `is_foreign_key`: the line has `->` with no quote or `#` before it. */
export function isForeignKeyLine(line: string): boolean {
  const arrow = line.indexOf('->')
  return arrow >= 0 && !/["#']/.test(line.slice(0, arrow))
}

// Attribute lines ---------------------------------------------------------------------------------------------

const WHITESPACE = /[ \t\r\n]/

/** A cursor over `line + '#'`, mirroring the pyparsing grammar DataJoint uses for attribute lines. */
class Cursor {
  pos = 0
  constructor(readonly text: string) {}

  skipWhitespace(): void {
    while (this.pos < this.text.length && WHITESPACE.test(this.text[this.pos] ?? '')) this.pos++
  }

  /** pyparsing `SkipTo(target, ignore=quoted)`: stops at `target`, jumping over whole quoted strings. */
  skipTo(target: string): boolean {
    while (this.pos < this.text.length) {
      const quoted = this.quotedEnd(this.pos)
      if (quoted !== null) {
        this.pos = quoted
        continue
      }
      if (this.text[this.pos] === target) return true
      this.pos++
    }
    return false
  }

  /** End of a `"…"` or `'…'` string starting at `from` (after optional whitespace), or null. */
  private quotedEnd(from: number): number | null {
    let at = from
    while (at < this.text.length && WHITESPACE.test(this.text[at] ?? '')) at++
    const quote = this.text[at]
    if (quote !== '"' && quote !== "'") return null
    const close = this.text.indexOf(quote, at + 1)
    return close < 0 ? null : close + 1
  }
}

const UNDERSCORE_MESSAGE = (line: string) =>
  `Attribute name in line "${line}" starts with an underscore. ` +
  'Names with leading underscore are reserved for platform-managed columns (e.g. _job_start_time, _singleton). ' +
  'Use a regular attribute name; if you need to control visibility at the call site, use proj().'

function syntaxError(cursor: Cursor, expected: string, line: number): never {
  const found = cursor.text[cursor.pos]
  const message = `Expected ${expected}, found ${found === undefined ? 'end of text' : `'${found}'`}`
  throw definitionError(`Declaration error in position ${cursor.pos} in line:\n  ${cursor.text}\n${message}`, line)
}

function parseAttributeLine(line: string, inKey: boolean, number: number): AttributeDef {
  if (line.startsWith('_')) throw definitionError(UNDERSCORE_MESSAGE(line), number)
  const cursor = new Cursor(`${line}#`)

  const name = /[a-z][a-z0-9_]*/y
  name.lastIndex = cursor.pos
  const nameMatch = name.exec(cursor.text)
  if (nameMatch === null) syntaxError(cursor, 'W:(a-z, a-z0-9_)', number)
  cursor.pos = name.lastIndex

  cursor.skipWhitespace()
  let defaultText = ''
  if (cursor.text[cursor.pos] === '=') {
    cursor.pos++
    const start = cursor.pos
    if (!cursor.skipTo(':')) syntaxError(cursor, "':'", number)
    defaultText = cursor.text.slice(start, cursor.pos)
  }
  cursor.skipWhitespace()
  if (cursor.text[cursor.pos] !== ':') syntaxError(cursor, "':'", number)
  cursor.pos++
  cursor.skipWhitespace()

  let type: string
  if (cursor.text[cursor.pos] === '<') {
    const close = cursor.text.indexOf('>', cursor.pos + 1)
    if (close < 0) syntaxError(cursor, 'quoted string, starting with < ending with >', number)
    type = cursor.text.slice(cursor.pos, close + 1)
    cursor.pos = close + 1
  } else {
    const word = /[A-Za-z]+/y
    word.lastIndex = cursor.pos
    if (word.exec(cursor.text) === null) syntaxError(cursor, 'W:(A-Za-z)', number)
    const start = cursor.pos
    cursor.pos = word.lastIndex
    cursor.skipTo('#')
    type = cursor.text.slice(start, cursor.pos)
  }
  cursor.skipWhitespace()
  if (cursor.text[cursor.pos] !== '#') syntaxError(cursor, "'#'", number)
  const comment = cursor.text
    .slice(cursor.pos + 1)
    .replace(/#+$/, '')
    .trim()

  const attribute: AttributeDef = {
    kind: 'attribute',
    name: nameMatch[0],
    type: type.trim(),
    default: defaultText.trim() === '' ? undefined : defaultText.trim(),
    comment,
    inKey,
    line: number,
    source: line,
  }
  if (attribute.default?.toLowerCase() === 'null' && inKey) {
    throw definitionError(`Primary key attributes cannot be nullable in line "${line}"`, number)
  }
  const escaped = escapeCommentQuotes(comment)
  if (escaped.startsWith(':')) {
    throw definitionError(`An attribute comment must not start with a colon in comment "${escaped}"`, number)
  }
  assertSupportedType(attribute.type, number)
  return attribute
}

// Foreign-key lines -------------------------------------------------------------------------------------------

function parseForeignKeyLine(line: string, inKey: boolean, number: number): ForeignKeyDef {
  if (!line.startsWith('->')) {
    throw definitionError(`Parsing error in line "${line}". Expected '->', found '${line[0] ?? ''}'.`, number)
  }
  let rest = line.slice(2)
  let options: string[] = []
  const bracketed = /^\s*\[\s*([a-zA-Z]+(?:\s*,\s*[a-zA-Z]+)*)\s*\]/.exec(rest)
  if (bracketed !== null) {
    options = (bracketed[1] ?? '').split(',').map((option) => option.trim().toUpperCase())
    rest = rest.slice(bracketed[0].length)
  }
  const reference = parseReference(rest.trim(), number)
  for (const option of options) {
    if (option !== 'NULLABLE' && option !== 'UNIQUE') {
      throw definitionError(`Invalid foreign key option "${option}"`, number)
    }
  }
  const nullable = options.includes('NULLABLE')
  if (nullable && inKey) throw definitionError(`Primary dependencies cannot be nullable in line "${line}"`, number)
  const unique = options.includes('UNIQUE')
  return { kind: 'foreignKey', reference, nullable, unique, inKey, line: number, source: line }
}

type Token =
  | { readonly kind: 'name'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'punct'; readonly value: string }

/**
 * The reference is a Python expression in DataJoint; we accept the forms a declaration can use without `eval`:
 * a dotted name, optionally followed by `.proj(...)` with string arguments (positional ones are ignored: they
 * never change the primary key). Operators (restrictions, joins) get DataJoint's "not supported" error.
 */
function parseReference(text: string, number: number): ForeignKeyReference {
  const unresolved = () => definitionError(`Foreign key reference ${text} could not be resolved`, number)
  const unsupported = () =>
    definitionError(`Dependency "${text}" is not supported (yet). Use a base table or its projection.`, number)

  const tokens: Token[] = []
  let at = 0
  while (at < text.length) {
    const char = text[at] ?? ''
    if (/\s/.test(char)) {
      at++
    } else if (char === '#') {
      break
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /[A-Za-z_][A-Za-z0-9_]*/y
      match.lastIndex = at
      const value = match.exec(text)?.[0] ?? char
      tokens.push({ kind: 'name', value })
      at += value.length
    } else if (char === '"' || char === "'") {
      const close = text.indexOf(char, at + 1)
      if (close < 0) throw unresolved()
      tokens.push({ kind: 'string', value: text.slice(at + 1, close) })
      at = close + 1
    } else if ('.(),='.includes(char)) {
      tokens.push({ kind: 'punct', value: char })
      at++
    } else if ('&-*+^@|'.includes(char)) {
      throw unsupported()
    } else {
      throw unresolved()
    }
  }

  const display = text.replace(/\s*#.*$/, '')
  const path: string[] = []
  const renames: Record<string, string> = {}
  let index = 0
  const peek = (offset = 0) => tokens[index + offset]
  const isPunct = (token: Token | undefined, value: string) => token?.kind === 'punct' && token.value === value

  const head = peek()
  if (head?.kind !== 'name') throw unresolved()
  path.push(head.value)
  index++
  while (isPunct(peek(), '.')) {
    const next = peek(1)
    if (next?.kind !== 'name') throw unresolved()
    if (next.value === 'proj' && isPunct(peek(2), '(')) {
      index += 3
      while (!isPunct(peek(), ')')) {
        const token = peek()
        if (token?.kind === 'string') {
          index++
        } else if (token?.kind === 'name' && isPunct(peek(1), '=') && peek(2)?.kind === 'string') {
          // Only plain-name renames change the primary key; `(x)` copies and computed expressions do not.
          const source = peek(2)?.value ?? ''
          if (/^\s*(?!CURRENT_TIMESTAMP|NULL)[a-zA-Z_]\w*\s*$/.test(source)) renames[token.value] = source.trim()
          index += 3
        } else {
          throw unresolved()
        }
        if (isPunct(peek(), ',')) index++
        else if (!isPunct(peek(), ')')) throw unresolved()
      }
      index++
      break
    }
    path.push(next.value)
    index += 2
  }
  if (index < tokens.length) throw tokens.slice(index).some((token) => isPunct(token, '(')) ? unsupported() : unresolved()
  return { path, renames, text: display }
}

// Index lines -------------------------------------------------------------------------------------------------

function parseIndexLine(line: string, number: number): IndexDef {
  const withoutComment = line.replace(/\s*#.*$/, '')
  const match = /^(unique\s+)?index\s*\(\s*(.*)\)/i.exec(withoutComment)
  if (match === null) throw definitionError(`Table definition syntax error in line "${withoutComment}"`, number)
  const attributes = splitIndexArguments(match[2] ?? '')
  return { kind: 'index', unique: match[1] !== undefined, attributes, line: number, source: line }
}

/** Splits on top-level commas (expressions may contain nested parentheses), dropping empty arguments. */
function splitIndexArguments(args: string): string[] {
  const result: string[] = []
  let current = ''
  let depth = 0
  for (const char of args) {
    if (char === '(') depth++
    else if (char === ')') depth--
    if (char === ',' && depth === 0) {
      result.push(current.trim())
      current = ''
    } else {
      current += char
    }
  }
  result.push(current.trim())
  return result.filter((arg) => arg !== '')
}
