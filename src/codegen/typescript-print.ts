// Prints an expression tree as the same query in this engine's fluent API: statements that open each schema's
// tables and end in `const query = ...`, runnable where `dj` (and the chosen instance variable) are in scope.

import type { Condition, Literal, OrderItem, QueryExpr, ScalarExpr } from '../algebra/ast'
import { formatCondition, formatOrderItem, formatScalar, isIdentifier } from '../algebra/parse-expression'
import { assertNever } from '../algebra/visit'
import { DataJointError } from '../errors/datajoint-error'
import { bytesHex, changeTree, jsonValue, moduleNames, requireChanges, tableReference, treeOf, type ChangeCode, type CodeOptions, type CodeSource } from './names'
import { isTextual } from './python-print'

export interface ToTypeScriptOptions extends CodeOptions {
  /**
   * The variable holding the `dj.Instance` the code runs on (`inst`); without it the code uses the global
   * connection (`dj.schema`, `dj.freeTable`).
   */
  readonly instance?: string
}

/** A JavaScript string literal in single quotes, or in double quotes when that needs fewer escapes (as Prettier writes them). */
export function typescriptString(value: string): string {
  const quote = value.split("'").length > value.split('"').length ? '"' : "'"
  let out = quote
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '\\') out += '\\\\'
    else if (ch === quote) out += `\\${quote}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else if ((code >= 0xd800 && code <= 0xdfff) || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`
    else out += ch
  }
  return out + quote
}

const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/

function propertyKey(name: string): string {
  if (name === '__proto__') return `[${typescriptString(name)}]`
  return PROPERTY_NAME.test(name) ? name : typescriptString(name)
}

function objectLiteral(entries: readonly (readonly [string, string])[]): string {
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${v}`).join(', ')} }`
}

function computed(expr: ScalarExpr): string {
  const text = formatScalar(expr, { formatQuery: nestedQuery })
  return typescriptString(isIdentifier(text) ? `(${text})` : text)
}

function nestedQuery(): string {
  throw new DataJointError('INVALID_QUERY', 'A query inside a computed value or a condition string has no code form')
}

function orderBy(items: readonly OrderItem[]): string {
  return `[${items.map((item) => typescriptString(formatOrderItem(item, { formatQuery: nestedQuery }))).join(', ')}]`
}

/**
 * A dict-form value. The fluent API takes plain values, so decimals, dates, times and uuids are written as the
 * strings the tree holds: the resolver reads them by the attribute's type, as it reads the typed literals.
 */
function literal(lit: Literal): string {
  switch (lit.type) {
    case 'null':
      return 'null'
    case 'bool':
      return String(lit.value)
    case 'number':
      return Object.is(lit.value, -0) ? '0' : String(lit.value)
    case 'bigint':
      return `${lit.value}n`
    case 'string':
    case 'decimal':
    case 'date':
    case 'datetime':
    case 'time':
    case 'uuid':
      return typescriptString(lit.value)
    case 'bytes':
      return `new Uint8Array([${(bytesHex(lit).match(/../g) ?? []).map((hex) => parseInt(hex, 16)).join(', ')}])`
    case 'json':
      return JSON.stringify(jsonValue(lit))
    default:
      return assertNever(lit)
  }
}

class TypeScriptPrinter {
  constructor(
    readonly modules: ReadonlyMap<string, string>,
    readonly connection: string,
  ) {}

  query(expr: QueryExpr): string {
    switch (expr.kind) {
      case 'table': {
        const path = tableReference(expr, this.modules)
        if (path === null) return `(await ${this.connection}.freeTable(${typescriptString(`${expr.schema}.${expr.table}`)}))`
        const [module, master, part] = path
        return part === undefined ? `${module}.${master}` : `${module}.${master}.parts.${part}`
      }
      case 'universal':
        return `dj.U(${expr.attributes.map(typescriptString).join(', ')})`
      case 'restrict': {
        if (expr.input.kind === 'universal') {
          // The semantic check has no effect on dj.U (resolve.ts), and UniversalSet.restrict takes no options.
          if (expr.condition.kind !== 'semijoin') throw universalOnly('restricted by a query')
          return `${this.query(expr.input)}.restrict(${this.query(expr.condition.query)})`
        }
        const options = expr.semanticCheck ? '' : ', { semanticCheck: false }'
        if (expr.condition.kind === 'not') {
          return `${this.query(expr.input)}.exclude(${this.condition(expr.condition.condition)}${options})`
        }
        return `${this.query(expr.input)}.restrict(${this.condition(expr.condition)}${options})`
      }
      case 'join': {
        const options = objectLiteral([...(expr.outer ? [['left', 'true'] as const] : []), ...(expr.semanticCheck ? [] : [['semanticCheck', 'false'] as const])])
        return `${this.query(expr.left)}.join(${this.query(expr.right)}${options === '{}' ? '' : `, ${options}`})`
      }
      case 'proj': {
        const args = [
          ...(expr.keepAll ? ["'...'"] : []),
          ...expr.keep.map(typescriptString),
          ...expr.exclude.map((name) => typescriptString(`-${name}`)),
        ]
        const named = [
          ...Object.entries(expr.rename).map(([k, v]) => [k, typescriptString(v)] as const),
          ...Object.entries(expr.compute).map(([k, v]) => [k, computed(v)] as const),
        ]
        if (named.length > 0) args.push(objectLiteral(named))
        return `${this.query(expr.input)}.proj(${args.join(', ')})`
      }
      case 'aggr': {
        const named = objectLiteral(Object.entries(expr.compute).map(([k, v]) => [k, computed(v)] as const))
        if (expr.input.kind === 'universal') {
          if (expr.keepAll || expr.keep.length > 0) throw universalOnly('aggregated without kept attributes')
          return `${this.query(expr.input)}.aggr(${this.query(expr.group)}, ${named})`
        }
        const attributes = [...(expr.keepAll ? ['...'] : []), ...expr.keep]
        const options = objectLiteral([
          ...(attributes.length > 0 ? [['attributes', `[${attributes.map(typescriptString).join(', ')}]`] as const] : []),
          ...(expr.excludeNonmatching ? [['excludeNonmatching', 'true'] as const] : []),
        ])
        return `${this.query(expr.input)}.aggr(${this.query(expr.group)}, ${named}${options === '{}' ? '' : `, ${options}`})`
      }
      case 'union':
        return `${this.query(expr.left)}.union(${this.query(expr.right)})`
      case 'top': {
        const isKey = expr.orderBy.length === 1 && expr.orderBy[0]?.by === 'key' && !expr.orderBy[0].descending
        const options = objectLiteral([
          ['limit', expr.limit === null ? 'null' : String(expr.limit)],
          ...(isKey ? [] : [['orderBy', expr.orderBy.length === 0 ? 'null' : orderBy(expr.orderBy)] as const]),
          ...(expr.offset === 0 ? [] : [['offset', String(expr.offset)] as const]),
        ])
        return `${this.query(expr.input)}.restrict(dj.top(${options}))`
      }
      default:
        return assertNever(expr)
    }
  }

  condition(cond: Condition): string {
    if (isTextual(cond)) return typescriptString(formatCondition(cond, { formatQuery: nestedQuery }))
    switch (cond.kind) {
      case 'semijoin':
        return this.query(cond.query)
      case 'match':
        return objectLiteral(Object.entries(cond.values).map(([k, v]) => [k, literal(v)] as const))
      case 'const':
        return String(cond.value)
      case 'and':
        return `dj.and([${cond.conditions.map((c) => this.condition(c)).join(', ')}])`
      case 'or':
        return `[${cond.conditions.map((c) => this.condition(c)).join(', ')}]`
      case 'not':
        return `dj.not(${this.condition(cond.condition)})`
      default:
        throw new DataJointError('INTERNAL', `Unexpected condition ${cond.kind}`)
    }
  }
}

function universalOnly(what: string): DataJointError {
  return new DataJointError('INVALID_QUERY', `dj.U(...) can only be ${what} in the engine's API`)
}

/**
 * `dj.toTypeScript(q)`: the same query in this engine's API. The code opens each schema it reads
 * (`const uni = await (await inst.schema('university', { create: false })).tables()`, or `dj.schema` on the
 * global connection when no `instance` variable is named) and ends with `const query = ...`; it needs `dj` in
 * scope and top-level await (a module, or the body of an async function). Dict values of types JavaScript lacks
 * (decimal, dates, uuid) are written as strings, which select the same rows.
 * @example
 * dj.toTypeScript(tree, { instance: 'inst', modules: { university: 'uni' } })
 * // const uni = await (await inst.schema('university', { create: false })).tables()
 * // const query = uni.Student.restrict({ home_state: 'UT' })
 */
export function toTypeScript(source: CodeSource, options: ToTypeScriptOptions = {}): string {
  const tree = treeOf(source)
  const printer = printerFor([tree], options)
  const expression = printer.query(tree)
  return [...definitions(printer), `const query = ${expression}`].join('\n') + '\n'
}

function printerFor(trees: readonly QueryExpr[], options: ToTypeScriptOptions): TypeScriptPrinter {
  const connection = options.instance ?? 'dj'
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(connection)) {
    throw new DataJointError('INVALID_INPUT', `\`${connection}\` is not a variable name`)
  }
  return new TypeScriptPrinter(moduleNames(trees, options, [connection]), connection)
}

function definitions(printer: TypeScriptPrinter): string[] {
  return [...printer.modules].map(
    ([schema, name]) => `const ${name} = await (await ${printer.connection}.schema(${typescriptString(schema)}, { create: false })).tables()`,
  )
}

/**
 * `dj.changesToTypeScript(changes)`: the same changes in this engine's API, in one transaction —
 * `await Table.update1({...})` and `await Table.restrict(key).delete({ prompt: false })` inside
 * `inst.transaction(...)` (the global connection's Instance when no `instance` variable is named).
 */
export function changesToTypeScript(changes: readonly ChangeCode[], options: ToTypeScriptOptions = {}): string {
  requireChanges(changes)
  const printer = printerFor(changes.map(changeTree), options)
  const statements = changes.map((change) => {
    if (change.kind === 'update') return `await ${printer.query(changeTree(change))}.update1(${printer.condition({ kind: 'match', values: change.values })})`
    const partIntegrity = change.partIntegrity === 'enforce' ? '' : `, partIntegrity: ${typescriptString(change.partIntegrity)}`
    return `await ${printer.query(change.expr)}.delete({ prompt: false${partIntegrity} })`
  })
  const instance = options.instance ?? '(await dj.conn())'
  return [...definitions(printer), `await ${instance}.transaction(async () => {`, ...statements.map((line) => `  ${line}`), '})'].join('\n') + '\n'
}
