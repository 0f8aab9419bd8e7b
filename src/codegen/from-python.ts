// Evaluates the Python subset of python-parse.ts into the engine's expression tree: DataJoint's operators and
// methods on tables named through a context, restriction values as conditions, strings through the engine's
// own expression parser. Nothing is executed; every refusal is a PYTHON_SYNTAX error with line and column.

import type { Condition, Literal, OrderItem, QueryExpr } from '../algebra/ast'
import { QueryExprSchema, isDateLiteral, isDatetimeLiteral, isTimeLiteral } from '../algebra/ast.schema'
import * as build from '../algebra/build'
import { isIdentifier, parseCondition, parseOrderByList, parseScalar } from '../algebra/parse-expression'
import { DataJointError, isDataJointError } from '../errors/datajoint-error'
import type { EngineContext } from '../instance/context'
import { MIXED_INSTANCES, QueryExpression } from '../table/expression'
import { isHasExpression } from '../table/restriction'
import { MAX_NESTING, parsePython, pythonError, type Position, type PyArgument, type PyNode, type PyStatement } from './python-parse'

/**
 * Names the code may use: tables and expressions (`{ Student }`), modules of tables (`{ uni: await
 * schema.tables() }`, whose parts are reached as `uni.Session.Trial`), or bare trees (`{ kind: 'table', ... }`;
 * a module of trees names its parts `'Session.Trial'`).
 * A `dj.VirtualModule('m', 'schema')` line finds its module here under `m` or under `schema`.
 */
export type PythonContext = Readonly<Record<string, unknown>>

type Builtin =
  | 'dj'
  | 'dj.U'
  | 'dj.Top'
  | 'dj.AndList'
  | 'dj.Not'
  | 'dj.VirtualModule'
  | 'dj.virtual_schema'
  | 'dj.FreeTable'
  | 'datetime'
  | 'datetime.date'
  | 'datetime.datetime'
  | 'datetime.time'
  | 'datetime.date.fromisoformat'
  | 'datetime.datetime.fromisoformat'
  | 'datetime.time.fromisoformat'
  | 'uuid'
  | 'uuid.UUID'
  | 'Decimal'
  | 'bytes'
  | 'bytes.fromhex'

const BUILTIN_NAMES: ReadonlySet<string> = new Set<Builtin>([
  'dj',
  'dj.U',
  'dj.Top',
  'dj.AndList',
  'dj.Not',
  'dj.VirtualModule',
  'dj.virtual_schema',
  'dj.FreeTable',
  'datetime',
  'datetime.date',
  'datetime.datetime',
  'datetime.time',
  'datetime.date.fromisoformat',
  'datetime.datetime.fromisoformat',
  'datetime.time.fromisoformat',
  'uuid',
  'uuid.UUID',
  'Decimal',
  'bytes',
  'bytes.fromhex',
])

const METHODS = ['proj', 'aggr', 'join', 'extend', 'restrict'] as const
type Method = (typeof METHODS)[number]

type Value =
  /** `source`: the context object it came from (a Table's parts); `module`: the module and key it was found under. */
  | { readonly t: 'query'; readonly expr: QueryExpr; readonly source: unknown; readonly module?: { readonly object: Readonly<Record<string, unknown>>; readonly key: string } }
  | { readonly t: 'module'; readonly object: Readonly<Record<string, unknown>>; readonly name: string }
  | { readonly t: 'builtin'; readonly name: Builtin }
  | { readonly t: 'method'; readonly self: Extract<Value, { t: 'query' }>; readonly name: Method }
  | { readonly t: 'str'; readonly value: string; readonly node: Extract<PyNode, { kind: 'string' }> }
  | { readonly t: 'bytes'; readonly value: string }
  | { readonly t: 'int'; readonly value: bigint }
  | { readonly t: 'float'; readonly value: number }
  | { readonly t: 'bool'; readonly value: boolean }
  | { readonly t: 'none' }
  | { readonly t: 'ellipsis' }
  | { readonly t: 'list'; readonly items: readonly Value[]; readonly tuple: boolean }
  | { readonly t: 'dict'; readonly entries: readonly (readonly [string, Value])[] }
  | { readonly t: 'literal'; readonly literal: Literal }
  | { readonly t: 'condition'; readonly condition: Condition }
  | { readonly t: 'top'; readonly limit: number | null; readonly orderBy: readonly OrderItem[]; readonly offset: number }

function typeName(value: Value): string {
  switch (value.t) {
    case 'query':
      return value.expr.kind === 'universal' ? 'dj.U' : 'a query'
    case 'module':
      return `module ${value.name}`
    case 'builtin':
      return value.name
    case 'method':
      return `method .${value.name}`
    case 'str':
      return 'a string'
    case 'bytes':
      return 'bytes'
    case 'int':
    case 'float':
      return 'a number'
    case 'bool':
      return 'a bool'
    case 'none':
      return 'None'
    case 'ellipsis':
      return '...'
    case 'list':
      return value.tuple ? 'a tuple' : 'a list'
    case 'dict':
      return 'a dict'
    case 'literal':
      return `a ${value.literal.type}`
    case 'condition':
      return 'a condition'
    case 'top':
      return 'dj.Top'
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const INT64_MIN = -(2n ** 63n)
const UINT64_MAX = 2n ** 64n - 1n

function intLiteral(value: bigint, pos: Position): Literal {
  if (value >= -MAX_SAFE && value <= MAX_SAFE) return { kind: 'lit', type: 'number', value: Number(value) }
  if (value >= INT64_MIN && value <= UINT64_MAX) return { kind: 'lit', type: 'bigint', value: value.toString() }
  throw pythonError('Integer out of the 64-bit range', pos, 'number')
}

class Evaluator {
  readonly #variables = new Map<string, Value>()
  /** The Instance of the engine objects the code used. */
  engine: EngineContext | null = null

  constructor(readonly context: PythonContext) {}

  run(statements: readonly PyStatement[]): Value {
    let last: Value | null = null
    let lastPos: Position = { line: 1, column: 1 }
    for (const statement of statements) {
      lastPos = statement.pos
      switch (statement.kind) {
        case 'import':
          this.import(statement)
          last = null
          break
        case 'assign': {
          const value = this.evaluate(statement.value)
          this.#variables.set(statement.target, value)
          last = value
          break
        }
        case 'expression':
          last = this.evaluate(statement.value)
          break
      }
    }
    if (last === null) throw pythonError('The code ends without a query expression', lastPos, 'no query')
    return last
  }

  import(statement: Extract<PyStatement, { kind: 'import' }>): void {
    const { module, names, alias } = statement
    const fromDataJoint = names.map((name) => `dj.${name}`)
    if (module === 'datajoint' && names.length === 0) this.#variables.set(alias ?? 'datajoint', { t: 'builtin', name: 'dj' })
    else if (module === 'datajoint' && fromDataJoint.every((name) => BUILTIN_NAMES.has(name))) {
      for (const name of names) this.#variables.set(name, { t: 'builtin', name: `dj.${name}` as Builtin })
    }
    else if ((module === 'datetime' || module === 'uuid') && names.length === 0 && alias === null) this.#variables.set(module, { t: 'builtin', name: module })
    else if (module === 'decimal' && names.length === 1 && names[0] === 'Decimal') this.#variables.set('Decimal', { t: 'builtin', name: 'Decimal' })
    else throw pythonError(`Importing \`${module}\` is not supported (only datajoint and its operators, datetime, uuid and decimal.Decimal)`, statement.pos, 'import')
  }

  #depth = 0

  evaluate(node: PyNode): Value {
    this.#depth += 1
    try {
      if (this.#depth > MAX_NESTING) throw pythonError(`Expression is nested too deeply (more than ${MAX_NESTING} levels)`, node.pos, 'nesting')
      return this.evaluateNode(node)
    } finally {
      this.#depth -= 1
    }
  }

  evaluateNode(node: PyNode): Value {
    switch (node.kind) {
      case 'name':
        return this.name(node)
      case 'attribute':
        return this.attribute(this.evaluate(node.value), node)
      case 'call':
        return this.call(node)
      case 'binary':
        return this.binary(node)
      case 'negative': {
        const operand = this.evaluate(node.operand)
        if (operand.t === 'int') return { t: 'int', value: -operand.value }
        if (operand.t === 'float') return { t: 'float', value: -operand.value }
        throw pythonError(`Cannot negate ${typeName(operand)}`, node.pos, 'unary minus')
      }
      case 'string':
        return node.bytes ? { t: 'bytes', value: node.value } : { t: 'str', value: node.value, node }
      case 'int':
        return { t: 'int', value: node.value }
      case 'float':
        return { t: 'float', value: node.value }
      case 'constant':
        if (node.value === null) return { t: 'none' }
        if (node.value === 'ellipsis') return { t: 'ellipsis' }
        return { t: 'bool', value: node.value }
      case 'list':
        return { t: 'list', items: node.items.map((item) => this.evaluate(item)), tuple: node.tuple }
      case 'dict':
        return {
          t: 'dict',
          entries: node.entries.map(([keyNode, valueNode]) => {
            const key = this.evaluate(keyNode)
            if (key.t !== 'str') throw pythonError(`Dict keys must be attribute names, not ${typeName(key)}`, keyNode.pos, 'dict key')
            return [key.value, this.evaluate(valueNode)] as const
          }),
        }
    }
  }

  name(node: Extract<PyNode, { kind: 'name' }>): Value {
    const variable = this.#variables.get(node.id)
    if (variable !== undefined) return variable
    // `dj` as the golden corpus and notebooks use it without the import line; `bytes` is Python's builtin.
    if (node.id === 'dj' || node.id === 'bytes') return { t: 'builtin', name: node.id }
    if (Object.hasOwn(this.context, node.id)) return this.fromContext(this.context[node.id], node.id, node.pos)
    throw pythonError(`Name \`${node.id}\` is not defined: pass it in the context`, node.pos, 'name')
  }

  fromContext(object: unknown, name: string, pos: Position): Value {
    if (isHasExpression(object)) {
      if (object instanceof QueryExpression) this.useEngine(object.context, pos)
      return { t: 'query', expr: object.expr, source: object }
    }
    if (typeof object === 'object' && object !== null && !Array.isArray(object)) {
      if ('kind' in object) {
        const tree = QueryExprSchema.safeParse(object)
        if (!tree.success) throw pythonError(`\`${name}\` in the context is not a valid expression tree`, pos, 'context')
        return { t: 'query', expr: tree.data as QueryExpr, source: null }
      }
      return { t: 'module', object: object as Readonly<Record<string, unknown>>, name }
    }
    throw pythonError(`\`${name}\` in the context is neither a table, an expression nor a module`, pos, 'context')
  }

  useEngine(engine: EngineContext, pos: Position): void {
    if (this.engine !== null && this.engine.id !== engine.id) {
      throw new DataJointError('MIXED_INSTANCES', MIXED_INSTANCES, { line: pos.line, column: pos.column })
    }
    this.engine = engine
  }

  attribute(value: Value, node: Extract<PyNode, { kind: 'attribute' }>): Value {
    const { attr, at: pos } = node
    if (value.t === 'builtin') {
      const name = `${value.name}.${attr}`
      if (BUILTIN_NAMES.has(name)) return { t: 'builtin', name: name as Builtin }
      throw pythonError(`\`${name}\` is not supported`, pos, name)
    }
    if (value.t === 'module') {
      if (!Object.hasOwn(value.object, attr)) throw pythonError(`\`${value.name}\` has no table \`${attr}\``, pos, 'name')
      const found = this.fromContext(value.object[attr], `${value.name}.${attr}`, pos)
      return found.t === 'query' ? { ...found, module: { object: value.object, key: attr } } : found
    }
    if (value.t === 'query') {
      if ((METHODS as readonly string[]).includes(attr)) {
        if (value.expr.kind === 'universal' && attr !== 'aggr') throw pythonError(`dj.U(...) has no method .${attr}()`, pos, `.${attr}`)
        return { t: 'method', self: value, name: attr as Method }
      }
      const parts = typeof value.source === 'object' && value.source !== null && 'parts' in value.source ? value.source.parts : undefined
      if (typeof parts === 'object' && parts !== null && Object.hasOwn(parts, attr)) {
        return this.fromContext((parts as Record<string, unknown>)[attr], attr, pos)
      }
      // A module of bare trees names its parts `Master.Part`.
      const partKey = value.module === undefined ? undefined : `${value.module.key}.${attr}`
      if (value.module !== undefined && partKey !== undefined && Object.hasOwn(value.module.object, partKey)) {
        return this.fromContext(value.module.object[partKey], partKey, pos)
      }
      throw pythonError(`\`.${attr}\` is not supported: the code describes a query (& - * + proj aggr join extend restrict)`, pos, `.${attr}`)
    }
    throw pythonError(`${typeName(value)} has no attribute \`${attr}\``, pos, `.${attr}`)
  }

  binary(node: Extract<PyNode, { kind: 'binary' }>): Value {
    const left = this.evaluate(node.left)
    const right = this.evaluate(node.right)
    const { op, at: pos } = node
    if (left.t !== 'query') throw pythonError(`The left operand of ${op} must be a query, not ${typeName(left)}`, pos, `operator ${op}`)
    const universal = left.expr.kind === 'universal'
    if (op === '&') {
      if (right.t === 'top') {
        if (universal) throw pythonError('dj.U(...) cannot be restricted by dj.Top', pos, 'operator &')
        return this.query(build.top(left.expr, right))
      }
      if (universal && (right.t !== 'query' || right.expr.kind === 'universal')) {
        throw pythonError('dj.U(...) can only be restricted by a query', pos, 'operator &')
      }
      return this.query(build.restrict(left.expr, this.condition(right, node.right)))
    }
    if (universal) throw pythonError(`dj.U(...) does not support ${op}; use dj.U(...) & query or .aggr`, pos, `operator ${op}`)
    if (op === '-') return this.query(build.exclude(left.expr, this.condition(right, node.right)))
    const other = this.operand(right, node.right, `operator ${op}`)
    return this.query(op === '*' ? build.join(left.expr, other) : build.union(left.expr, other))
  }

  query(expr: QueryExpr): Value {
    return { t: 'query', expr, source: null }
  }

  /** A query operand of `*`, `+`, join, aggr: never dj.U. */
  operand(value: Value, node: PyNode, construct: string): QueryExpr {
    if (value.t !== 'query') throw pythonError(`Expected a query, not ${typeName(value)}`, node.pos, construct)
    if (value.expr.kind === 'universal') {
      throw pythonError('dj.U(...) is not a query operand here; use dj.U(...) & query or dj.U(...).aggr(query, ...)', node.pos, construct)
    }
    return value.expr
  }

  /** A restriction operand as DataJoint reads it. */
  condition(value: Value, node: PyNode): Condition {
    switch (value.t) {
      case 'query':
        return value.expr.kind === 'universal' ? build.TRUE : build.semijoin(value.expr)
      case 'str':
        return this.parseText(value, parseCondition)
      case 'dict':
        return build.match(Object.fromEntries(value.entries.map(([key, v]) => [key, this.literal(v, node)])))
      case 'list':
        return build.or(value.items.map((item, i) => this.condition(item, node.kind === 'list' ? (node.items[i] ?? node) : node)))
      case 'condition':
        return value.condition
      case 'bool':
        return value.value ? build.TRUE : build.FALSE
      case 'top':
        throw pythonError('dj.Top must be the whole restriction (q & dj.Top(...))', node.pos, 'dj.Top')
      default:
        throw pythonError(`Invalid restriction type ${typeName(value)}`, node.pos, 'restriction')
    }
  }

  /** Parses the text of a Python string with the engine's parser, mapping its error position into the code. */
  parseText<T>(value: Extract<Value, { t: 'str' }>, parse: (text: string) => T, construct = 'restriction string'): T {
    try {
      return parse(value.value)
    } catch (error) {
      if (!isDataJointError(error, 'INVALID_QUERY')) throw error
      const offset = error.details.position ?? 0
      const last = value.node.positions.at(-1)
      // Past the last character (an unexpected end): the column after it.
      const pos = value.node.positions[offset] ?? (last === undefined ? value.node.pos : { line: last.line, column: last.column + 1 })
      throw new DataJointError('PYTHON_SYNTAX', `${error.message} in a ${construct} (line ${pos.line}, column ${pos.column})`, {
        line: pos.line,
        column: pos.column,
        construct,
      })
    }
  }

  /** A dict value as a tagged literal (the dict form of restriction). */
  literal(value: Value, node: PyNode): Literal {
    switch (value.t) {
      case 'none':
        return { kind: 'lit', type: 'null' }
      case 'str':
        return { kind: 'lit', type: 'string', value: value.value }
      case 'int':
        return intLiteral(value.value, node.pos)
      case 'float':
        if (!Number.isFinite(value.value)) throw pythonError('Cannot restrict by a non-finite number', node.pos, 'number')
        return { kind: 'lit', type: 'number', value: value.value }
      case 'bool':
        return { kind: 'lit', type: 'bool', value: value.value }
      case 'literal':
        return value.literal
      case 'bytes':
        return { kind: 'lit', type: 'bytes', value: btoa(value.value) }
      case 'list':
      case 'dict':
        return { kind: 'lit', type: 'json', value: JSON.stringify(this.json(value, node)) }
      default:
        throw pythonError(`A dict restriction cannot hold ${typeName(value)}`, node.pos, 'dict value')
    }
  }

  json(value: Value, node: PyNode): unknown {
    switch (value.t) {
      case 'none':
        return null
      case 'str':
      case 'bool':
        return value.value
      case 'int':
        return Number(value.value)
      case 'float':
        return value.value
      case 'list':
        return value.items.map((item) => this.json(item, node))
      case 'dict':
        return Object.fromEntries(value.entries.map(([k, v]) => [k, this.json(v, node)]))
      default:
        throw pythonError(`A json value cannot hold ${typeName(value)}`, node.pos, 'dict value')
    }
  }

  call(node: Extract<PyNode, { kind: 'call' }>): Value {
    const callee = this.evaluate(node.func)
    const args = new Arguments(node, (n) => this.evaluate(n))
    if (callee.t === 'method') return this.method(callee, args, node)
    if (callee.t !== 'builtin') throw pythonError(`${typeName(callee)} cannot be called`, node.pos, 'call')
    switch (callee.name) {
      case 'dj.U': {
        args.only([])
        const attributes = args.positional.map(([v, n]) => this.string(v, n, 'dj.U'))
        return { t: 'query', expr: build.universal(attributes), source: null }
      }
      case 'dj.Top':
        return this.top(args)
      case 'dj.AndList': {
        args.only([])
        const [list, listNode] = args.single('dj.AndList')
        if (list.t !== 'list') throw pythonError('dj.AndList takes a list of conditions', listNode.pos, 'dj.AndList')
        const nodes = listNode.kind === 'list' ? listNode.items : []
        return { t: 'condition', condition: build.and(list.items.map((item, i) => this.condition(item, nodes[i] ?? listNode))) }
      }
      case 'dj.Not': {
        args.only([])
        const [operand, operandNode] = args.single('dj.Not')
        if (operand.t === 'top') throw pythonError('dj.Top cannot be negated', operandNode.pos, 'dj.Not')
        return { t: 'condition', condition: build.not(this.condition(operand, operandNode)) }
      }
      case 'dj.VirtualModule':
        return this.virtualModule(args, node)
      case 'dj.virtual_schema': {
        args.only(['create_schema', 'create_tables'])
        this.noCreation(args)
        const [schema, schemaNode] = args.single('dj.virtual_schema')
        return this.module([this.string(schema, schemaNode, 'dj.virtual_schema')], node, 'dj.virtual_schema')
      }
      case 'dj.FreeTable': {
        args.only([])
        const [name, nameNode] = args.single('dj.FreeTable')
        const text = this.string(name, nameNode, 'dj.FreeTable').replaceAll('`', '').replaceAll('"', '')
        const match = /^([^.]+)\.([^.]+)$/.exec(text)
        if (match === null) throw pythonError('dj.FreeTable takes a full table name `schema.table`', nameNode.pos, 'dj.FreeTable')
        return { t: 'query', expr: build.table(match[1] ?? '', match[2] ?? ''), source: null }
      }
      case 'Decimal': {
        const [text, textNode] = args.single('Decimal')
        const digits = this.string(text, textNode, 'Decimal').trim()
        if (!/^-?\d+(?:\.\d+)?$/.test(digits)) throw pythonError(`Invalid decimal '${digits}'`, textNode.pos, 'Decimal')
        return { t: 'literal', literal: { kind: 'lit', type: 'decimal', value: digits } }
      }
      case 'datetime.date.fromisoformat':
      case 'datetime.datetime.fromisoformat':
      case 'datetime.time.fromisoformat': {
        const type = callee.name.split('.')[1] as 'date' | 'datetime' | 'time'
        const [text, textNode] = args.single(callee.name)
        return this.temporal(type, this.string(text, textNode, callee.name), textNode)
      }
      case 'datetime.date':
      case 'datetime.datetime':
      case 'datetime.time':
        return this.temporalParts(callee.name, args, node)
      case 'uuid.UUID': {
        const [text, textNode] = args.single('uuid.UUID')
        const hex = this.string(text, textNode, 'uuid.UUID').replace(/^urn:uuid:/, '').replace(/[{}-]/g, '').toLowerCase()
        if (!/^[0-9a-f]{32}$/.test(hex)) throw pythonError('Invalid uuid', textNode.pos, 'uuid.UUID')
        const value = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
        return { t: 'literal', literal: { kind: 'lit', type: 'uuid', value } }
      }
      case 'bytes.fromhex': {
        const [text, textNode] = args.single('bytes.fromhex')
        const hex = this.string(text, textNode, 'bytes.fromhex').replace(/\s/g, '')
        if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw pythonError('Invalid hexadecimal bytes', textNode.pos, 'bytes.fromhex')
        return { t: 'bytes', value: (hex.match(/../g) ?? []).map((h) => String.fromCharCode(parseInt(h, 16))).join('') }
      }
      default:
        throw pythonError(`\`${callee.name}\` cannot be called here`, node.pos, callee.name)
    }
  }

  string(value: Value, node: PyNode, construct: string): string {
    if (value.t !== 'str') throw pythonError(`${construct} expects a string, not ${typeName(value)}`, node.pos, construct)
    return value.value
  }

  temporal(type: 'date' | 'datetime' | 'time', text: string, node: PyNode): Value {
    const valid = type === 'date' ? isDateLiteral(text) : type === 'datetime' ? isDatetimeLiteral(text) : isTimeLiteral(text)
    if (!valid) throw pythonError(`Invalid ${type} '${text}'`, node.pos, `datetime.${type}`)
    return { t: 'literal', literal: { kind: 'lit', type, value: text } }
  }

  temporalParts(name: 'datetime.date' | 'datetime.datetime' | 'datetime.time', args: Arguments, node: PyNode): Value {
    args.only([])
    const numbers = args.positional.map(([v, n]) => {
      if (v.t !== 'int') throw pythonError(`${name} takes integers`, n.pos, name)
      return Number(v.value)
    })
    const pad = (n: number | undefined, width = 2): string => String(n ?? 0).padStart(width, '0')
    const time = (parts: number[]): string => `${pad(parts[0])}:${pad(parts[1])}:${pad(parts[2])}${parts[3] ? `.${pad(parts[3], 6)}` : ''}`
    if (name === 'datetime.time') return this.temporal('time', time(numbers), node)
    const date = `${pad(numbers[0], 4)}-${pad(numbers[1])}-${pad(numbers[2])}`
    if (name === 'datetime.date') return this.temporal('date', date, node)
    return this.temporal('datetime', `${date} ${time(numbers.slice(3))}`, node)
  }

  top(args: Arguments): Value {
    args.only(['limit', 'order_by', 'offset'])
    const [limitValue, orderValue, offsetValue] = args.bind(['limit', 'order_by', 'offset'], 'dj.Top')
    const integer = (entry: readonly [Value, PyNode] | undefined, what: string, fallback: number | null): number | null => {
      if (entry === undefined) return fallback
      const [value, node] = entry
      if (value.t === 'none' && what === 'limit') return null
      if (value.t === 'none' && what === 'offset') return 0
      if (value.t !== 'int' || value.value < 0n || value.value > MAX_SAFE) throw pythonError(`Top ${what} must be a non-negative integer`, node.pos, 'dj.Top')
      return Number(value.value)
    }
    let orderBy: OrderItem[] = [{ by: 'key', descending: false }]
    if (orderValue !== undefined) {
      const [value, node] = orderValue
      if (value.t === 'none') orderBy = []
      else if (value.t === 'str') orderBy = this.parseText(value, parseOrderByList, 'order_by string')
      else if (value.t === 'list') {
        const nodes = node.kind === 'list' ? node.items : []
        orderBy = value.items.flatMap((item, i) => {
          const itemNode = nodes[i] ?? node
          if (item.t !== 'str') throw pythonError('Top order_by attributes must all be strings', itemNode.pos, 'dj.Top')
          return this.parseText(item, parseOrderByList, 'order_by string')
        })
      } else throw pythonError('Top order_by must be a string, a list of strings or None', node.pos, 'dj.Top')
    }
    return { t: 'top', limit: integer(limitValue, 'limit', 1), orderBy, offset: integer(offsetValue, 'offset', 0) ?? 0 }
  }

  virtualModule(args: Arguments, node: PyNode): Value {
    args.only(['module_name', 'schema_name', 'create_schema', 'create_tables'])
    const [moduleValue, schemaValue, createSchema, createTables] = args.bind(['module_name', 'schema_name', 'create_schema', 'create_tables'], 'dj.VirtualModule')
    if (moduleValue === undefined || schemaValue === undefined) {
      throw pythonError('dj.VirtualModule takes a module name and a schema name', node.pos, 'dj.VirtualModule')
    }
    this.noCreation(args, createSchema, createTables)
    const moduleName = this.string(moduleValue[0], moduleValue[1], 'dj.VirtualModule')
    const schemaName = this.string(schemaValue[0], schemaValue[1], 'dj.VirtualModule')
    return this.module([moduleName, schemaName], node, 'dj.VirtualModule')
  }

  /** Refuses `create_schema=True` / `create_tables=True`: the code only reads. */
  noCreation(args: Arguments, ...flags: ((readonly [Value, PyNode]) | undefined)[]): void {
    const given = flags.length > 0 ? flags : [args.keyword('create_schema'), args.keyword('create_tables')]
    for (const flag of given) {
      if (flag !== undefined && !(flag[0].t === 'bool' && !flag[0].value)) {
        throw pythonError('Creating schemas or tables is not supported', flag[1].pos, 'dj.VirtualModule')
      }
    }
  }

  /** The context's module for a virtual module, found under its module name or its schema name (the last key). */
  module(keys: readonly string[], node: PyNode, construct: string): Value {
    for (const key of keys) {
      if (Object.hasOwn(this.context, key)) return this.fromContext(this.context[key], key, node.pos)
    }
    const schemaName = keys.at(-1) ?? ''
    throw pythonError(`Schema \`${schemaName}\` is not in the context (as ${keys.map((k) => `\`${k}\``).join(' or ')})`, node.pos, construct)
  }

  method(callee: Extract<Value, { t: 'method' }>, args: Arguments, node: Extract<PyNode, { kind: 'call' }>): Value {
    const self = callee.self.expr
    const construct = `.${callee.name}()`
    switch (callee.name) {
      case 'restrict': {
        args.only(['condition', 'semantic_check'])
        const [cond, semantic] = args.bind(['condition', 'semantic_check'], construct)
        if (cond === undefined) throw pythonError('.restrict() takes a condition', node.pos, construct)
        if (cond[0].t === 'top') return this.query(build.top(self, cond[0]))
        return this.query(build.restrict(self, this.condition(cond[0], cond[1]), { semanticCheck: this.flag(semantic, construct, true) }))
      }
      case 'join':
      case 'extend': {
        const names = callee.name === 'join' ? ['other', 'semantic_check', 'left'] : ['other', 'semantic_check']
        args.only(names)
        const [other, semantic, left] = args.bind(names, construct)
        if (other === undefined) throw pythonError(`${construct} takes a query`, node.pos, construct)
        const right = this.operand(other[0], other[1], construct)
        const outer = callee.name === 'extend' || this.flag(left, construct, false)
        return this.query(build.join(self, right, { left: outer, semanticCheck: this.flag(semantic, construct, true) }))
      }
      case 'proj': {
        const spec = this.projection(args, construct)
        return this.query(build.proj(self, { keepAll: spec.keepAll, keep: spec.keep, exclude: spec.exclude, rename: spec.rename, compute: spec.compute }))
      }
      case 'aggr': {
        const [group, ...rest] = args.positional
        if (group === undefined) throw pythonError('.aggr() takes a group query', node.pos, construct)
        const groupExpr = this.operand(group[0], group[1], construct)
        const exclude = args.keyword('exclude_nonmatching')
        const excludeNonmatching = this.flag(exclude, construct, false)
        if (self.kind === 'universal' && exclude !== undefined && !excludeNonmatching) {
          throw pythonError('dj.U(...).aggr always excludes non-matching groups', exclude[1].pos, construct)
        }
        const spec = this.projection(args, construct, rest, ['exclude_nonmatching'])
        if (spec.exclude.length > 0) throw pythonError('.aggr() cannot exclude attributes', node.pos, construct)
        if (self.kind === 'universal' && (spec.keepAll || spec.keep.length > 0)) throw pythonError('dj.U(...).aggr keeps no attributes', node.pos, construct)
        // The engine computes every named value in an aggregation; a bare name is the value of that attribute.
        const compute = { ...spec.compute, ...Object.fromEntries(Object.entries(spec.rename).map(([k, v]) => [k, parseScalar(v)])) }
        return this.query(build.aggr(self, groupExpr, { keepAll: spec.keepAll, keep: spec.keep, compute, excludeNonmatching }))
      }
    }
  }

  flag(entry: readonly [Value, PyNode] | undefined, construct: string, fallback: boolean): boolean {
    if (entry === undefined) return fallback
    if (entry[0].t !== 'bool') throw pythonError(`${construct} expects True or False`, entry[1].pos, construct)
    return entry[0].value
  }

  /** `proj`'s arguments: names, `...`, `'-name'`, and `new='old'` renames or `new='expression'` computations. */
  projection(args: Arguments, construct: string, positional = args.positional, reserved: readonly string[] = []) {
    let keepAll = false
    const keep: string[] = []
    const exclude: string[] = []
    const rename: Record<string, string> = {}
    const compute: Record<string, ReturnType<typeof parseScalar>> = {}
    for (const [value, node] of positional) {
      if (value.t === 'ellipsis') keepAll = true
      else if (value.t === 'str') {
        const name = value.value.trim()
        if (name === '...') keepAll = true
        else if (name.startsWith('-')) exclude.push(name.slice(1).trim())
        else keep.push(name)
      } else throw pythonError(`${construct} takes attribute names, not ${typeName(value)}`, node.pos, construct)
    }
    for (const [name, [value, node]] of args.named(reserved)) {
      if (value.t !== 'str') throw pythonError(`${construct} takes strings as named values, not ${typeName(value)}`, node.pos, construct)
      if (isIdentifier(value.value)) rename[name] = value.value.trim()
      else compute[name] = this.parseText(value, parseScalar, 'computed attribute')
    }
    return { keepAll, keep, exclude, rename, compute }
  }
}

/** A call's arguments, evaluated once, with Python's binding of positional and keyword arguments. */
class Arguments {
  readonly positional: (readonly [Value, PyNode])[] = []
  readonly #keywords = new Map<string, readonly [Value, PyNode]>()

  constructor(
    readonly node: Extract<PyNode, { kind: 'call' }>,
    evaluate: (node: PyNode) => Value,
  ) {
    for (const arg of node.args) this.#add(arg, evaluate)
  }

  #add(arg: PyArgument, evaluate: (node: PyNode) => Value): void {
    if (arg.kind === 'positional') {
      this.positional.push([evaluate(arg.value), arg.value])
      return
    }
    if (arg.kind === 'keyword') {
      this.#set(arg.name, [evaluate(arg.value), arg.value], arg.pos)
      return
    }
    const unpacked = evaluate(arg.value)
    if (unpacked.t !== 'dict') throw pythonError('Only a dict can be unpacked into keyword arguments', arg.pos, 'argument unpacking')
    for (const [name, value] of unpacked.entries) this.#set(name, [value, arg.value], arg.pos)
  }

  #set(name: string, entry: readonly [Value, PyNode], pos: Position): void {
    if (this.#keywords.has(name)) throw pythonError(`Keyword argument \`${name}\` repeated`, pos, 'keyword argument')
    this.#keywords.set(name, entry)
  }

  keyword(name: string): readonly [Value, PyNode] | undefined {
    return this.#keywords.get(name)
  }

  /** Refuses keyword arguments other than `allowed`. */
  only(allowed: readonly string[]): void {
    for (const [name, [, node]] of this.#keywords) {
      if (!allowed.includes(name)) throw pythonError(`Unexpected keyword argument \`${name}\``, node.pos, 'keyword argument')
    }
  }

  /** Keyword arguments except `reserved`, in order. */
  named(reserved: readonly string[]): [string, readonly [Value, PyNode]][] {
    return [...this.#keywords].filter(([name]) => !reserved.includes(name))
  }

  /** Binds positional then keyword arguments to parameter names, as Python does. */
  bind(names: readonly string[], construct: string): ((readonly [Value, PyNode]) | undefined)[] {
    if (this.positional.length > names.length) throw pythonError(`${construct} takes at most ${names.length} arguments`, this.node.pos, construct)
    return names.map((name, i) => {
      const byPosition = this.positional[i]
      const byName = this.#keywords.get(name)
      if (byPosition !== undefined && byName !== undefined) throw pythonError(`${construct} got \`${name}\` twice`, byName[1].pos, construct)
      return byPosition ?? byName
    })
  }

  single(construct: string): readonly [Value, PyNode] {
    const [first] = this.positional
    if (first === undefined || this.positional.length !== 1) throw pythonError(`${construct} takes one argument`, this.node.pos, construct)
    return first
  }
}

/**
 * The schemas a snippet's `dj.VirtualModule('m', 'schema')` (or `dj.virtual_schema('schema')`) lines name, in order, so that a caller can load their
 * tables into the context before {@link fromPython}. Syntax errors are thrown as fromPython throws them.
 * @example pythonSchemas("uni = dj.VirtualModule('uni', 'university')\nuni.Student") // ['university']
 */
export function pythonSchemas(code: string): string[] {
  const found: string[] = []
  let depth = 0
  const visit = (node: PyNode): void => {
    depth += 1
    if (depth > MAX_NESTING) throw pythonError(`Expression is nested too deeply (more than ${MAX_NESTING} levels)`, node.pos, 'nesting')
    visitNode(node)
    depth -= 1
  }
  const visitNode = (node: PyNode): void => {
    switch (node.kind) {
      case 'call': {
        const callee = node.func.kind === 'attribute' ? node.func.attr : node.func.kind === 'name' ? node.func.id : ''
        if (callee === 'VirtualModule' || callee === 'virtual_schema') {
          const positional = node.args.filter((arg) => arg.kind === 'positional')
          const schema = positional[callee === 'VirtualModule' ? 1 : 0]?.value ?? node.args.find((arg) => arg.kind === 'keyword' && arg.name === 'schema_name')?.value
          if (schema?.kind === 'string' && !found.includes(schema.value)) found.push(schema.value)
        }
        visit(node.func)
        for (const arg of node.args) visit(arg.value)
        return
      }
      case 'attribute':
        return visit(node.value)
      case 'binary':
        visit(node.left)
        return visit(node.right)
      case 'negative':
        return visit(node.operand)
      case 'list':
        return node.items.forEach(visit)
      case 'dict':
        return node.entries.forEach(([key, value]) => {
          visit(key)
          visit(value)
        })
      case 'name':
      case 'string':
      case 'int':
      case 'float':
      case 'constant':
        return
    }
  }
  for (const statement of parsePython(code)) if (statement.kind !== 'import') visit(statement.value)
  return found
}

/**
 * The tree of a Python query: `code` is one expression, or simple assignments (`m = dj.VirtualModule('m', 's')` or
 * `dj.virtual_schema('s')`, `q1 = <expression>`, imports of datajoint or its U, Top, AndList, Not, VirtualModule and
 * FreeTable, datetime, uuid and decimal.Decimal) whose last line is an expression or an assignment. Names resolve through `context`. Pure: no Instance is needed (see {@link fromPython}).
 * @throws DataJointError `PYTHON_SYNTAX` with `details.line`, `details.column` and `details.construct`.
 */
export function pythonTree(code: string, context: PythonContext = {}): QueryExpr {
  return evaluatePython(code, context).expr
}

function evaluatePython(code: string, context: PythonContext): { expr: QueryExpr; engine: EngineContext | null } {
  const statements = parsePython(code)
  const evaluator = new Evaluator(context)
  const value = evaluator.run(statements)
  const last = statements.at(-1)
  const pos = last?.pos ?? { line: 1, column: 1 }
  if (value.t !== 'query') throw pythonError(`The code ends in ${typeName(value)}, not a query`, pos, 'no query')
  if (value.expr.kind === 'universal') throw pythonError('dj.U(...) is not a query by itself; restrict or aggregate it', pos, 'dj.U')
  return { expr: value.expr, engine: evaluator.engine }
}

/** The Instance of some table in the context (or in one of its modules), for code that names none. */
function anyEngine(context: PythonContext): EngineContext | undefined {
  for (const value of Object.values(context)) {
    if (value instanceof QueryExpression) return value.context
    if (typeof value === 'object' && value !== null) {
      const nested = Object.values(value).find((v): v is QueryExpression => v instanceof QueryExpression)
      if (nested !== undefined) return nested.context
    }
  }
  return undefined
}

/**
 * `dj.fromPython(code, context)`: the engine expression for DataJoint Python query code, as labs write it in
 * notebooks (see {@link pythonTree} for the accepted subset) — `toPython` output reads back. Returns a
 * QueryExpression on the Instance of the context's tables (resolved, so DataJoint's errors surface here).
 * @example
 * const q = dj.fromPython("(Student & {'home_state': 'UT'}).proj('last_name')", await schema.tables())
 */
export function fromPython(code: string, context: PythonContext): QueryExpression {
  const { expr, engine } = evaluatePython(code, context)
  const instance = engine ?? anyEngine(context)
  if (instance === undefined) {
    throw new DataJointError('INVALID_INPUT', 'The context holds no table of an Instance to run the query on; use pythonTree for a bare tree')
  }
  const query = new QueryExpression(instance, expr)
  query.resolve()
  return query
}
