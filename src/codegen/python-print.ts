// Prints an expression tree as a DataJoint Python 2.2 snippet that runs by itself: imports, one
// `dj.VirtualModule` per schema, then `query = <expression>` in Python's operators. `fromPython` reads it back.

import type { Condition, Literal, OrderItem, QueryExpr, ScalarExpr } from '../algebra/ast'
import { formatCondition, formatOrderItem, formatScalar, isIdentifier } from '../algebra/parse-expression'
import { assertNever } from '../algebra/visit'
import { quotedTableName, type Dialect } from '../adapters/dialect'
import { dialectFor } from '../adapters/dialects'
import type { Backend } from '../backend'
import { DataJointError } from '../errors/datajoint-error'
import { QueryExpression } from '../table/expression'
import { bytesHex, changeTree, jsonValue, moduleNames, requireChanges, tableReference, treeOf, type ChangeCode, type CodeOptions, type CodeSource } from './names'

export interface ToPythonOptions extends CodeOptions {
  /**
   * The server's backend, so that `dj.FreeTable` names are quoted as DataJoint Python needs them there (it pastes
   * them into SQL); taken from the Instance when printing a QueryExpression. Without it they are left unquoted.
   */
  readonly backend?: Backend
}

// Python's binding strength of the operators DataJoint overloads, loosest first.
const Prec = { And: 1, Additive: 2, Multiplicative: 3, Primary: 4 } as const
type Prec = (typeof Prec)[keyof typeof Prec]

/** Python's keywords: never keyword-argument names (`proj(**{'class': 'x'})` instead). */
const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
)

/** A Python string literal, in single quotes unless the text has single quotes and no double ones. */
export function pythonString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '\\') out += '\\\\'
    else if (ch === quote) out += `\\${quote}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16)}`
    else out += ch
  }
  return out + quote
}

/** A float as Python writes it, so that it reads back as a float (an integer-valued one stays an int, which compares equal). */
function pythonNumber(value: number): string {
  if (Object.is(value, -0)) return '0'
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) return value.toExponential()
  return String(value)
}

function pythonValue(value: unknown): string {
  if (value === null) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number') return pythonNumber(value)
  if (typeof value === 'string') return pythonString(value)
  if (Array.isArray(value)) return `[${value.map(pythonValue).join(', ')}]`
  const entries = Object.entries(value as Record<string, unknown>)
  return `{${entries.map(([k, v]) => `${pythonString(k)}: ${pythonValue(v)}`).join(', ')}}`
}

type Import = 'datetime' | 'uuid' | 'decimal'

class PythonPrinter {
  readonly imports = new Set<Import>()

  constructor(
    readonly modules: ReadonlyMap<string, string>,
    readonly dialect: Dialect | null,
  ) {}

  query(expr: QueryExpr, min: Prec): string {
    const [text, prec] = this.render(expr)
    return prec < min ? `(${text})` : text
  }

  render(expr: QueryExpr): [string, Prec] {
    switch (expr.kind) {
      case 'table': {
        const path = tableReference(expr, this.modules)
        const fullName = this.dialect === null ? `${expr.schema}.${expr.table}` : quotedTableName(this.dialect, expr.schema, expr.table)
        const text = path === null ? `dj.FreeTable(${pythonString(fullName)})` : path.join('.')
        return [text, Prec.Primary]
      }
      case 'universal':
        return [`dj.U(${expr.attributes.map(pythonString).join(', ')})`, Prec.Primary]
      case 'restrict': {
        if (expr.input.kind === 'universal') {
          // `dj.U(...) & q` is all Python has; the semantic check has no effect on it (resolve.ts).
          if (expr.condition.kind !== 'semijoin') throw new DataJointError('INVALID_QUERY', 'dj.U(...) can only be restricted by a query expression.')
          return [`${this.query(expr.input, Prec.And)} & ${this.query(expr.condition.query, Prec.Additive)}`, Prec.And]
        }
        if (!expr.semanticCheck) {
          const args = `${this.condition(expr.condition, Prec.And)}, semantic_check=False`
          return [`${this.query(expr.input, Prec.Primary)}.restrict(${args})`, Prec.Primary]
        }
        if (expr.condition.kind === 'not') {
          const operand = this.condition(expr.condition.condition, Prec.Multiplicative)
          return [`${this.query(expr.input, Prec.Additive)} - ${operand}`, Prec.Additive]
        }
        return [`${this.query(expr.input, Prec.And)} & ${this.condition(expr.condition, Prec.Additive)}`, Prec.And]
      }
      case 'join': {
        if (!expr.outer && expr.semanticCheck) {
          return [`${this.query(expr.left, Prec.Multiplicative)} * ${this.query(expr.right, Prec.Primary)}`, Prec.Multiplicative]
        }
        const options = [...(expr.outer ? ['left=True'] : []), ...(expr.semanticCheck ? [] : ['semantic_check=False'])]
        return [`${this.query(expr.left, Prec.Primary)}.join(${[this.query(expr.right, Prec.And), ...options].join(', ')})`, Prec.Primary]
      }
      case 'proj': {
        const args = [
          ...(expr.keepAll ? ['...'] : []),
          ...expr.keep.map(pythonString),
          ...expr.exclude.map((name) => pythonString(`-${name}`)),
          ...this.named([...Object.entries(expr.rename), ...Object.entries(expr.compute).map(([k, v]) => [k, computed(v)] as const)]),
        ]
        return [`${this.query(expr.input, Prec.Primary)}.proj(${args.join(', ')})`, Prec.Primary]
      }
      case 'aggr': {
        const universal = expr.input.kind === 'universal'
        if ('exclude_nonmatching' in expr.compute) {
          throw new DataJointError('INVALID_QUERY', 'Python cannot name an aggregated attribute `exclude_nonmatching` (aggr takes it as its option)')
        }
        const args = [
          this.query(expr.group, Prec.And),
          ...(expr.keepAll ? ['...'] : []),
          ...expr.keep.map(pythonString),
          ...this.named(Object.entries(expr.compute).map(([k, v]) => [k, computed(v)] as const)),
          ...(expr.excludeNonmatching && !universal ? ['exclude_nonmatching=True'] : []),
        ]
        return [`${this.query(expr.input, Prec.Primary)}.aggr(${args.join(', ')})`, Prec.Primary]
      }
      case 'union':
        return [`${this.query(expr.left, Prec.Additive)} + ${this.query(expr.right, Prec.Multiplicative)}`, Prec.Additive]
      case 'top':
        return [`${this.query(expr.input, Prec.And)} & ${this.top(expr)}`, Prec.And]
      default:
        return assertNever(expr)
    }
  }

  /** `name='text'` keyword arguments; names Python cannot take as keywords go in one `**{...}`. */
  named(entries: readonly (readonly [string, string])[]): string[] {
    const plain = entries.filter(([name]) => !PYTHON_KEYWORDS.has(name))
    const unpacked = entries.filter((entry) => !plain.includes(entry))
    const out = plain.map(([name, text]) => `${name}=${pythonString(text)}`)
    if (unpacked.length > 0) out.push(`**{${unpacked.map(([name, text]) => `${pythonString(name)}: ${pythonString(text)}`).join(', ')}}`)
    return out
  }

  top(expr: Extract<QueryExpr, { kind: 'top' }>): string {
    const args = [expr.limit === null ? 'None' : String(expr.limit)]
    const isKey = expr.orderBy.length === 1 && expr.orderBy[0]?.by === 'key' && !expr.orderBy[0].descending
    if (!isKey) args.push(orderBy(expr.orderBy))
    if (expr.offset !== 0) args.push(`offset=${expr.offset}`)
    return `dj.Top(${args.join(', ')})`
  }

  /** A condition as a restriction operand: a query, a dict, a list (OR), `dj.AndList`, `dj.Not`, or a string. */
  condition(cond: Condition, min: Prec): string {
    if (isTextual(cond)) return pythonString(formatCondition(cond, { formatQuery: nestedQuery }))
    switch (cond.kind) {
      case 'semijoin':
        return this.query(cond.query, min)
      case 'match':
        return `{${Object.entries(cond.values)
          .map(([key, value]) => `${pythonString(key)}: ${this.literal(value)}`)
          .join(', ')}}`
      case 'const':
        return cond.value ? 'True' : 'False'
      case 'and':
        return `dj.AndList([${cond.conditions.map((c) => this.condition(c, Prec.And)).join(', ')}])`
      case 'or':
        return `[${cond.conditions.map((c) => this.condition(c, Prec.And)).join(', ')}]`
      case 'not':
        return `dj.Not(${this.condition(cond.condition, Prec.And)})`
      default:
        // Textual conditions were printed above.
        throw new DataJointError('INTERNAL', `Unexpected condition ${cond.kind}`)
    }
  }

  /** A dict value: Python's own types where DataJoint takes them, so that the tree's literal type survives. */
  literal(lit: Literal): string {
    switch (lit.type) {
      case 'null':
        return 'None'
      case 'bool':
        return lit.value ? 'True' : 'False'
      case 'string':
        return pythonString(lit.value)
      case 'number':
        return pythonNumber(lit.value)
      case 'bigint':
        return lit.value
      case 'decimal':
        this.imports.add('decimal')
        return `Decimal(${pythonString(lit.value)})`
      case 'date':
      case 'datetime':
      case 'time':
        this.imports.add('datetime')
        return `datetime.${lit.type}.fromisoformat(${pythonString(lit.value)})`
      case 'uuid':
        this.imports.add('uuid')
        return `uuid.UUID(${pythonString(lit.value)})`
      case 'bytes':
        return `bytes.fromhex(${pythonString(bytesHex(lit))})`
      case 'json':
        return pythonValue(jsonValue(lit))
      default:
        return assertNever(lit)
    }
  }
}

/** A computed attribute's text; a bare name is written `(name)` so that it is not read as a rename. */
function computed(expr: ScalarExpr): string {
  const text = formatScalar(expr, { formatQuery: nestedQuery })
  return isIdentifier(text) ? `(${text})` : text
}

function orderBy(items: readonly OrderItem[]): string {
  if (items.length === 0) return 'None'
  const texts = items.map((item) => pythonString(formatOrderItem(item, { formatQuery: nestedQuery })))
  return texts.length === 1 ? (texts[0] ?? '') : `[${texts.join(', ')}]`
}

function nestedQuery(): string {
  throw new DataJointError('INVALID_QUERY', 'A query inside a computed value or a condition string has no code form')
}

/**
 * Conditions written as one restriction string: comparisons and the rest of the string grammar, with AND, OR and
 * NOT over them. Dicts, queries and booleans keep their own Python forms.
 */
export function isTextual(cond: Condition): boolean {
  switch (cond.kind) {
    case 'const':
    case 'match':
    case 'semijoin':
      return false
    case 'and':
    case 'or':
      return cond.conditions.length > 1 && cond.conditions.every(isTextual)
    case 'not':
      return isTextual(cond.condition)
    case 'compare':
    case 'isNull':
    case 'in':
    case 'between':
    case 'like':
    case 'truthy':
      return true
    default:
      return assertNever(cond)
  }
}

/**
 * `dj.toPython(q)`: DataJoint Python 2.2 code that, run by itself against the same server, gives the same rows.
 * It imports DataJoint (and `datetime`, `uuid` or `Decimal` when a dict restriction holds such values), defines
 * `name = dj.VirtualModule('name', 'schema')` for each schema it reads, refers to tables as `name.ClassName` and
 * to parts as `name.Master.Part` (tables outside DataJoint's naming as `dj.FreeTable('schema.table')`, quoted for
 * the backend when it is known), and ends
 * with `query = <expression>`. Restriction strings are the engine's parsed conditions printed back.
 * @example
 * dj.toPython(Student.restrict({ home_state: 'UT' }), { modules: { university: 'uni' } })
 * // import datajoint as dj
 * //
 * // uni = dj.VirtualModule('uni', 'university')
 * //
 * // query = uni.Student & {'home_state': 'UT'}
 */
export function toPython(source: CodeSource, options: ToPythonOptions = {}): string {
  const tree = treeOf(source)
  const modules = moduleNames(tree, options)
  const dialect = options.backend !== undefined ? dialectFor(options.backend) : source instanceof QueryExpression ? source.context.dialect : null
  const printer = new PythonPrinter(modules, dialect)
  const expression = printer.query(tree, Prec.And)
  return [...preamble(printer), `query = ${expression}`].join('\n\n') + '\n'
}

/** The imports the printed values need and one `VirtualModule` line per schema, as blocks of lines. */
function preamble(printer: PythonPrinter): string[] {
  const imports = ['import datajoint as dj']
  if (printer.imports.has('datetime')) imports.push('import datetime')
  if (printer.imports.has('uuid')) imports.push('import uuid')
  if (printer.imports.has('decimal')) imports.push('from decimal import Decimal')
  const definitions = [...printer.modules].map(([schema, name]) => `${name} = dj.VirtualModule(${pythonString(name)}, ${pythonString(schema)})`)
  return [imports.join('\n'), ...(definitions.length > 0 ? [definitions.join('\n')] : [])]
}

/**
 * `dj.changesToPython(changes)`: DataJoint Python 2.2 code making the same changes in one transaction —
 * `Table.update1({...})` and `(Table & key).delete(prompt=False)` inside `with dj.conn().transaction:`, tables
 * named as {@link toPython} names them.
 * @example
 * // with dj.conn().transaction:
 * //     lab.Subject.update1({'subject_id': 1, 'sex': 'F'})
 * //     (lab.Subject & [{'subject_id': 2}]).delete(prompt=False)
 */
export function changesToPython(changes: readonly ChangeCode[], options: ToPythonOptions = {}): string {
  requireChanges(changes)
  const printer = new PythonPrinter(moduleNames(changes.map(changeTree), options), options.backend !== undefined ? dialectFor(options.backend) : null)
  const statements = changes.map((change) => {
    if (change.kind === 'update') {
      const table = printer.query(changeTree(change), Prec.Primary)
      return `${table}.update1(${printer.condition({ kind: 'match', values: change.values }, Prec.Primary)})`
    }
    const partIntegrity = change.partIntegrity === 'enforce' ? '' : `, part_integrity=${pythonString(change.partIntegrity)}`
    return `${printer.query(change.expr, Prec.Primary)}.delete(prompt=False${partIntegrity})`
  })
  return [...preamble(printer), ['with dj.conn().transaction:', ...statements.map((line) => `    ${line}`)].join('\n')].join('\n\n') + '\n'
}
