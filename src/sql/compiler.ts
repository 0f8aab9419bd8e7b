// The one shared SQL printer. Dialects override hooks (quoting, placeholders, functions, upserts) only.
// Every value goes to `params`; identifiers go through `quote`; nothing from the user is pasted as text.

import { ARITHMETIC_OPERATORS, COMPARISON_OPERATORS, FUNCTION_NAMES, type FunctionName } from '../algebra/ast'
import { assertNever } from '../algebra/visit'
import type { CompiledQuery, SqlValue } from '../adapters/driver'
import type {
  CreateSchemaNode,
  DeleteNode,
  DropEnumTypeNode,
  DropSchemaNode,
  ExactType,
  FromItem,
  InsertNode,
  InsertSelectNode,
  InsertValue,
  QueryNode,
  SelectNode,
  SavepointNode,
  SqlExpr,
  StatementNode,
  TableName,
  UpdateNode,
} from './nodes'

// Operators and function names are printed as text, so the printer re-checks them against the closed lists:
// a tree that bypassed the zod schema still cannot smuggle SQL through them.
export const PRINTABLE_OPERATORS: ReadonlySet<string> = new Set<string>([...ARITHMETIC_OPERATORS, ...COMPARISON_OPERATORS])
const PRINTABLE_FUNCTIONS: ReadonlySet<string> = new Set<string>(FUNCTION_NAMES)

export function printable(token: string, allowed: ReadonlySet<string>): string {
  if (!allowed.has(token)) throw new Error(`refusing to print ${JSON.stringify(token)} into SQL`)
  return token
}

export abstract class SqlCompiler {
  #sql: string[] = []
  #params: SqlValue[] = []

  /** Compiles one statement; a compiler instance may be reused, each call starts fresh. */
  compile(node: StatementNode): CompiledQuery {
    this.#sql = []
    this.#params = []
    this.statement(node)
    const query = { sql: this.#sql.join(''), params: this.#params }
    return node.kind === 'insert' && node.rows.length > 1 ? { ...query, repeated: true } : query
  }

  abstract quote(identifier: string): string
  protected abstract placeholder(index: number): string
  /** `GROUP_CONCAT(x SEPARATOR s)` / `STRING_AGG(x::text, s)`. */
  protected abstract stringAgg(arg: SqlExpr, distinct: boolean, separator: string): void
  protected abstract jsonPath(operand: SqlExpr, path: readonly (string | number)[], as: string | null): void
  protected abstract onDuplicate(node: InsertNode | InsertSelectNode): void
  protected abstract createSchema(node: CreateSchemaNode): void
  protected abstract dropSchema(node: DropSchemaNode): void
  protected abstract dropEnumType(node: DropEnumTypeNode): void

  /** A numeric literal, bound so the server keeps the literal's own type (see nodes.ts `param.exact`). */
  protected abstract exactParam(value: SqlValue, type: ExactType): void
  /** What makes the LIKE after it compare bytes rather than by collation (nothing where it already does). */
  protected abstract bytewise(): void

  /** Functions whose spelling differs between backends; return true when handled. */
  protected dialectFunction(_name: FunctionName, _args: readonly SqlExpr[]): boolean {
    return false
  }

  protected append(text: string): void {
    this.#sql.push(text)
  }

  protected bind(value: SqlValue): void {
    this.#params.push(value)
    this.append(this.placeholder(this.#params.length))
  }

  protected table(name: TableName): string {
    return `${this.quote(name.schema)}.${this.quote(name.table)}`
  }

  protected statement(node: StatementNode): void {
    switch (node.kind) {
      case 'select':
      case 'union':
      case 'unionAll':
        return this.query(node)
      case 'insert':
        return this.insert(node)
      case 'insertSelect':
        return this.insertSelect(node)
      case 'update':
        return this.update(node)
      case 'delete':
        return this.delete(node)
      case 'createSchema':
        return this.createSchema(node)
      case 'dropSchema':
        return this.dropSchema(node)
      case 'dropTable':
        return this.append(`DROP TABLE ${this.table(node.table)}`)
      case 'dropEnumType':
        return this.dropEnumType(node)
      case 'savepoint':
        return this.savepoint(node)
      default:
        return assertNever(node)
    }
  }

  protected query(node: QueryNode): void {
    if (node.kind === 'union') {
      this.append('(')
      this.query(node.left)
      this.append(') UNION (')
      this.query(node.right)
      this.append(')')
      return
    }
    if (node.kind === 'unionAll') {
      node.queries.forEach((query, i) => {
        if (i > 0) this.append(' UNION ALL ')
        this.select(query)
      })
      return
    }
    this.select(node)
  }

  protected select(node: SelectNode): void {
    this.append(node.distinct ? 'SELECT DISTINCT ' : 'SELECT ')
    node.columns.forEach((column, i) => {
      if (i > 0) this.append(',')
      this.expr(column.expr)
      if (!(column.expr.kind === 'column' && column.expr.name === column.alias)) this.append(` AS ${this.quote(column.alias)}`)
    })
    if (node.from !== null) {
      this.append(' FROM ')
      this.fromItem(node.from)
      for (const join of node.joins) {
        this.append(join.type === 'left' ? ' LEFT JOIN ' : join.type === 'cross' ? ' CROSS JOIN ' : ' JOIN ')
        this.fromItem(join.item)
        if (join.on !== null) {
          this.append(' ON ')
          this.expr(join.on)
        }
      }
    }
    if (node.where !== null) {
      this.append(' WHERE ')
      this.expr(node.where)
    }
    if (node.groupBy.length > 0) {
      this.append(' GROUP BY ')
      this.list(node.groupBy)
    }
    if (node.having !== null) {
      this.append(' HAVING ')
      this.expr(node.having)
    }
    if (node.orderBy.length > 0) {
      this.append(' ORDER BY ')
      node.orderBy.forEach((item, i) => {
        if (i > 0) this.append(', ')
        this.expr(item.expr)
        if (item.descending) this.append(' DESC')
      })
    }
    // LIMIT and OFFSET are numbers the planner produced, never user text.
    if (node.limit !== null) this.append(` LIMIT ${Math.trunc(node.limit)}`)
    if (node.offset !== null) this.append(` OFFSET ${Math.trunc(node.offset)}`)
  }

  protected fromItem(item: FromItem): void {
    if (item.kind === 'tableRef') {
      this.append(this.table(item))
      if (item.alias !== '') this.append(` AS ${this.quote(item.alias)}`)
      return
    }
    this.append('(')
    this.query(item.query)
    this.append(`) AS ${this.quote(item.alias)}`)
  }

  protected list(exprs: readonly SqlExpr[]): void {
    exprs.forEach((e, i) => {
      if (i > 0) this.append(', ')
      this.expr(e)
    })
  }

  protected expr(e: SqlExpr): void {
    switch (e.kind) {
      case 'column':
        this.append(e.table === null ? this.quote(e.name) : `${this.quote(e.table)}.${this.quote(e.name)}`)
        return
      case 'param':
        if (e.exact === undefined) this.bind(e.value)
        else this.exactParam(e.value, e.exact)
        return
      case 'keyword':
        this.append(e.value)
        return
      case 'call':
        this.call(e)
        return
      case 'arith':
        this.append('(')
        this.expr(e.left)
        this.append(` ${printable(e.op, PRINTABLE_OPERATORS)} `)
        this.expr(e.right)
        this.append(')')
        return
      case 'negate':
        this.append('(-')
        this.expr(e.operand)
        this.append(')')
        return
      case 'compare':
        this.append('(')
        this.expr(e.left)
        this.append(` ${printable(e.op, PRINTABLE_OPERATORS)} `)
        this.expr(e.right)
        this.append(')')
        return
      case 'logical':
        this.append('(')
        e.operands.forEach((operand, i) => {
          if (i > 0) this.append(` ${e.op} `)
          this.expr(operand)
        })
        this.append(')')
        return
      case 'not':
        this.append('(NOT ')
        this.expr(e.operand)
        this.append(')')
        return
      case 'isNull':
        this.append('(')
        this.expr(e.operand)
        this.append(e.negated ? ' IS NOT NULL)' : ' IS NULL)')
        return
      case 'inList':
        this.append('(')
        this.expr(e.operand)
        this.append(e.negated ? ' NOT IN (' : ' IN (')
        this.list(e.values)
        this.append('))')
        return
      case 'inQuery':
        this.append('(')
        if (e.operands.length === 1) this.expr(e.operands[0] as SqlExpr)
        else {
          this.append('(')
          this.list(e.operands)
          this.append(')')
        }
        this.append(e.negated ? ' NOT IN (' : ' IN (')
        this.query(e.query)
        this.append('))')
        return
      case 'inRows':
        this.append('((')
        this.list(e.operands)
        this.append(') IN (')
        this.valueRows(e)
        this.append('))')
        return
      case 'exists':
        this.append(e.negated ? '(NOT EXISTS (' : '(EXISTS (')
        this.query(e.query)
        this.append('))')
        return
      case 'between':
        this.append('(')
        this.expr(e.operand)
        this.append(e.negated ? ' NOT BETWEEN ' : ' BETWEEN ')
        this.expr(e.low)
        this.append(' AND ')
        this.expr(e.high)
        this.append(')')
        return
      case 'like':
        this.append('(')
        this.expr(e.operand)
        this.append(e.negated ? ' NOT LIKE ' : ' LIKE ')
        if (e.bytewise) this.bytewise()
        this.expr(e.pattern)
        this.append(')')
        return
      case 'truth':
        // A condition used as a value prints as itself; PostgreSQL casts it where a number is needed (numeric()).
        this.expr(e.operand)
        return
      case 'truthy':
        this.truthy(e.operand)
        return
      case 'case':
        this.append('(CASE')
        for (const branch of e.branches) {
          this.append(' WHEN ')
          this.expr(branch.when)
          this.append(' THEN ')
          this.expr(branch.result)
        }
        if (e.otherwise !== null) {
          this.append(' ELSE ')
          this.expr(e.otherwise)
        }
        this.append(' END)')
        return
      case 'jsonPath':
        this.jsonPath(e.operand, e.path, e.as)
        return
      default:
        assertNever(e)
    }
  }

  /** The rows of an `inRows`, as a row-constructor list: `(?, ?), (?, ?)`. */
  protected valueRows(e: Extract<SqlExpr, { kind: 'inRows' }>): void {
    e.rows.forEach((row, i) => {
      if (i > 0) this.append(', ')
      this.append('(')
      this.list(row)
      this.append(')')
    })
  }

  /** A value used as a condition: true when non-zero and not NULL. */
  protected truthy(operand: SqlExpr): void {
    this.append('(')
    this.expr(operand)
    this.append(' <> 0)')
  }

  protected call(e: Extract<SqlExpr, { kind: 'call' }>): void {
    if (e.name === 'group_concat') {
      const arg = e.args[0]
      if (arg === undefined) throw new Error('group_concat needs an argument')
      this.stringAgg(arg, e.distinct, e.separator ?? ',')
      return
    }
    if (this.dialectFunction(e.name, e.args)) return
    this.append(`${printable(e.name, PRINTABLE_FUNCTIONS).toUpperCase()}(`)
    if (e.star) this.append('*')
    else {
      if (e.distinct) this.append('DISTINCT ')
      this.list(e.args)
    }
    this.append(')')
  }

  /** Appends `(…)` for one row, a piece of text per row (an insert may carry 100,000 rows). */
  protected values(row: readonly InsertValue[], separator = ''): void {
    let text = `${separator}(`
    for (let i = 0; i < row.length; i += 1) {
      if (i > 0) text += ','
      const value = row[i] as InsertValue
      if (isDefault(value)) text += 'DEFAULT'
      else {
        this.#params.push(value)
        text += this.placeholder(this.#params.length)
      }
    }
    this.append(`${text})`)
  }

  protected insert(node: InsertNode): void {
    this.append(`INSERT INTO ${this.table(node.table)} (${node.columns.map((c) => this.quote(c)).join(',')}) VALUES `)
    for (let i = 0; i < node.rows.length; i += 1) this.values(node.rows[i] as readonly InsertValue[], i > 0 ? ',' : '')
    this.onDuplicate(node)
  }

  protected insertSelect(node: InsertSelectNode): void {
    this.append(`INSERT INTO ${this.table(node.table)} (${node.columns.map((c) => this.quote(c)).join(',')}) `)
    this.query(node.query)
    this.onDuplicate(node)
  }

  protected update(node: UpdateNode): void {
    this.append(`UPDATE ${this.table(node.table)} SET `)
    node.set.forEach((item, i) => {
      if (i > 0) this.append(', ')
      this.append(`${this.quote(item.column)} = `)
      if (isDefault(item.value)) this.append('DEFAULT')
      else this.bind(item.value)
    })
    this.append(' WHERE ')
    this.expr(node.where)
  }

  /** Both servers spell savepoints the SQL-standard way. */
  protected savepoint(node: SavepointNode): void {
    const verb = { set: 'SAVEPOINT', release: 'RELEASE SAVEPOINT', rollbackTo: 'ROLLBACK TO SAVEPOINT' }[node.action]
    this.append(`${verb} ${this.quote(node.name)}`)
  }

  protected delete(node: DeleteNode): void {
    this.append(`DELETE FROM ${this.table(node.table)}`)
    if (node.where !== null) {
      this.append(' WHERE ')
      this.expr(node.where)
    }
  }
}

export function isDefault(value: InsertValue): value is { readonly default: true } {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && !(value instanceof Date) && 'default' in value
}
