// What the code printers share: how a tree's tables are named in code (module per schema, DataJoint class names,
// parts under their masters) and how literals of the tree look as plain values.

import type { Literal, QueryExpr } from '../algebra/ast'
import { tablesRead } from '../algebra/visit'
import { parseTableName, toCamelCase } from '../declare/tier'
import { DataJointError } from '../errors/datajoint-error'
import { QueryExpression } from '../table/expression'

/** What the printers accept: an engine expression or a bare tree (as the app sends them). */
export type CodeSource = QueryExpression | QueryExpr

export function treeOf(source: CodeSource): QueryExpr {
  return source instanceof QueryExpression ? source.expr : source
}

/** Options both printers take. */
export interface CodeOptions {
  /**
   * The variable name of each schema's module (`uni` for `golden_university`); schemas not named here get their
   * own name made into an identifier.
   */
  readonly modules?: Readonly<Record<string, string>>
}

// Python's and JavaScript's keywords plus the names the snippets themselves use, so that one module name works in
// both languages and never shadows `dj`, `query` or an import.
const TAKEN: ReadonlySet<string> = new Set(
  [
    'False None True and as assert async await break class continue def del elif else except finally for from global',
    'if import in is lambda nonlocal not or pass raise return try while with yield match case type',
    'case catch const debugger default delete do enum export extends function instanceof let new null super switch',
    'this throw typeof var void arguments eval undefined',
    'dj query datetime uuid Decimal bytes inst',
  ]
    .join(' ')
    .split(' '),
)

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** The module variable of each schema whose classes the trees read, in first-use order. */
export function moduleNames(trees: QueryExpr | readonly QueryExpr[], options: CodeOptions, reserved: readonly string[] = []): Map<string, string> {
  const names = new Map<string, string>()
  const used = new Set<string>(reserved)
  for (const { schema, table } of (Array.isArray(trees) ? trees : [trees]).flatMap((tree: QueryExpr) => tablesRead(tree))) {
    if (names.has(schema) || classPath(table) === null) continue
    const wanted = options.modules?.[schema]
    if (wanted !== undefined && (!IDENTIFIER.test(wanted) || TAKEN.has(wanted) || reserved.includes(wanted))) {
      throw new DataJointError('INVALID_INPUT', `Module name \`${wanted}\` for schema \`${schema}\` is not a usable identifier`)
    }
    let name = wanted ?? schema.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_')
    if (wanted === undefined) {
      const base = TAKEN.has(name) ? `${name}_` : name
      name = base
      for (let n = 2; used.has(name); n += 1) name = `${base}${n}`
    } else if (used.has(name)) {
      throw new DataJointError('INVALID_INPUT', `Module name \`${wanted}\` is given to two schemas`)
    }
    used.add(name)
    names.set(schema, name)
  }
  return names
}

/**
 * The class path of a table in its module: `['Student']`, a part `['Session', 'Trial']`; null for a table
 * outside DataJoint's naming, which `dj.VirtualModule` does not spawn.
 */
export function classPath(table: string): string[] | null {
  const parsed = parseTableName(table)
  if (parsed === null) return null
  return parsed.master === null ? [parsed.className] : [toCamelCase(parsed.master), parsed.className]
}

/** How code names a table: its module and class path, or null when it needs a free table (see {@link classPath}). */
export function tableReference(expr: Extract<QueryExpr, { kind: 'table' }>, modules: ReadonlyMap<string, string>): string[] | null {
  const path = classPath(expr.table)
  const module = modules.get(expr.schema)
  return path === null || module === undefined ? null : [module, ...path]
}

/** A json literal's value, for printing as a value of the language. */
export function jsonValue(literal: Extract<Literal, { type: 'json' }>): unknown {
  return JSON.parse(literal.value) as unknown
}

/** Hexadecimal digits of a bytes literal (base64 in the tree). */
export function bytesHex(literal: Extract<Literal, { type: 'bytes' }>): string {
  return Array.from(atob(literal.value), (ch) => ch.charCodeAt(0).toString(16).padStart(2, '0')).join('')
}

/**
 * A change to print as code: DataJoint's `update1` of one row (its whole primary key and the new values), or the
 * cascade delete of a table's rows (a restriction of it).
 */
export type ChangeCode =
  | { readonly kind: 'update'; readonly schema: string; readonly table: string; readonly values: Readonly<Record<string, Literal>> }
  | { readonly kind: 'delete'; readonly expr: QueryExpr; readonly partIntegrity: 'enforce' | 'ignore' | 'cascade' }

/** The table a change names, as a tree, so its schema gets a module. */
export function changeTree(change: ChangeCode): QueryExpr {
  return change.kind === 'update' ? { kind: 'table', schema: change.schema, table: change.table } : change.expr
}

export function requireChanges(changes: readonly ChangeCode[]): void {
  if (changes.length === 0) throw new DataJointError('INVALID_INPUT', 'There are no changes to print.')
}
