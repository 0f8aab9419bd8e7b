// PostgreSQL spelling of the shared compiler: double quotes, `$n` placeholders, STRING_AGG, ON CONFLICT,
// and the translations of DataJoint's MySQL-flavoured functions (DataJoint Python's
// `adapters/postgres.py`, `translate_expression`).

import type { FunctionName } from '../algebra/ast'
import type { JsonCastType } from '../algebra/functions'
import { PRINTABLE_OPERATORS, SqlCompiler, printable } from './compiler'
import type { SqlValue } from '../adapters/driver'
import type { CreateSchemaNode, DropEnumTypeNode, DropSchemaNode, ExactType, InsertNode, InsertSelectNode, SqlExpr } from './nodes'
import { timeUnit } from './mysql-compiler'

const INT32_MIN = -(2 ** 31)
const INT32_MAX = 2 ** 31 - 1

const EXTRACT_FIELDS: Partial<Record<FunctionName, string>> = {
  year: 'YEAR',
  month: 'MONTH',
  day: 'DAY',
  hour: 'HOUR',
  minute: 'MINUTE',
  second: 'SECOND',
}

const RENAMED: Partial<Record<FunctionName, string>> = {
  std: 'STDDEV_POP',
  variance: 'VAR_POP',
  ifnull: 'COALESCE',
  length: 'OCTET_LENGTH',
  log10: 'LOG',
}

const CAST_TYPES: Readonly<Record<JsonCastType, string>> = {
  unsigned: 'integer',
  signed: 'integer',
  integer: 'integer',
  int: 'integer',
  double: 'double precision',
  float: 'double precision',
  decimal: 'numeric',
  char: 'text',
  date: 'date',
  datetime: 'timestamp',
}

export class PostgresCompiler extends SqlCompiler {
  quote(identifier: string): string {
    return `"${identifier.replaceAll('"', '""')}"`
  }

  /** With standard_conforming_strings on (the default since 9.1), only quotes need doubling. */
  stringLiteral(text: string): string {
    return `'${text.replaceAll("'", "''")}'`
  }

  protected placeholder(index: number): string {
    return `$${index}`
  }

  /**
   * An untyped `$n` takes the other operand's type: `smallint_col < 40000` or `int_col + 9007199254740993` would
   * overflow. The cast gives the type PostgreSQL gives the literal in SQL text: integer within 32 bits, bigint
   * beyond, numeric with a fraction.
   */
  protected bytewise(): void {
    // PostgreSQL's LIKE compares characters as they are under deterministic collations (the default) already.
  }

  protected exactParam(value: SqlValue, type: ExactType): void {
    this.bind(value)
    if (type === 'decimal') this.append('::numeric')
    else if (type === 'integer' && typeof value === 'number' && value >= INT32_MIN && value <= INT32_MAX) this.append('::integer')
    else this.append('::bigint')
  }

  protected stringAgg(arg: SqlExpr, distinct: boolean, separator: string): void {
    this.append(distinct ? 'STRING_AGG(DISTINCT (' : 'STRING_AGG((')
    this.expr(arg)
    this.append(')::text, ')
    this.bind(separator)
    this.append('::text)')
  }

  protected override truthy(operand: SqlExpr): void {
    this.append('(')
    this.expr(operand)
    this.append(')::boolean')
  }

  protected override expr(e: SqlExpr): void {
    if (e.kind === 'arith') {
      this.append('(')
      this.numeric(e.left)
      this.append(` ${printable(e.op, PRINTABLE_OPERATORS)} `)
      this.numeric(e.right)
      this.append(')')
      return
    }
    super.expr(e)
  }

  #numericArgs(args: readonly SqlExpr[]): void {
    args.forEach((arg, i) => {
      if (i > 0) this.append(', ')
      this.numeric(arg)
    })
  }

  protected numeric(e: SqlExpr): void {
    if (e.kind === 'truth') {
      this.append('(')
      this.expr(e.operand)
      this.append(')::int')
      return
    }
    this.expr(e)
  }

  /**
   * A row-constructor list is expanded into one OR branch per row, which PostgreSQL plans one by one (minutes for
   * tens of thousands of keys); `IN (VALUES …)` is a hashed semi-join instead. VALUES types untyped parameters as
   * text, so its first row is the columns' own (empty, hence NULL) values, which gives each VALUES column the
   * column's type, enums included. That row is filtered out again: a NULL in the list would make `NOT IN` unknown
   * for every row (the listed values themselves are never NULL).
   */
  protected override valueRows(e: Extract<SqlExpr, { kind: 'inRows' }>): void {
    this.append('SELECT * FROM (VALUES (')
    this.append(e.typedBy.map(({ table, column }) => `(SELECT ${this.quote(column)} FROM ${this.table(table)} WHERE FALSE)`).join(', '))
    this.append('), ')
    super.valueRows(e)
    this.append(`) AS ${this.quote('v')} WHERE ${this.quote('v')}.${this.quote('column1')} IS NOT NULL`)
  }

  protected jsonPath(operand: SqlExpr, path: readonly (string | number)[], as: string | null): void {
    this.append('jsonb_extract_path_text(')
    this.expr(operand)
    for (const part of path) {
      this.append(', ')
      this.bind(String(part))
    }
    this.append(')')
    if (as !== null) {
      const type = (CAST_TYPES as Readonly<Record<string, string | undefined>>)[as.toLowerCase()]
      if (type === undefined) throw new Error(`unsupported json path type ${as}`)
      this.append(`::${type}`)
    }
  }

  protected override call(e: Extract<SqlExpr, { kind: 'call' }>): void {
    if (!e.star && (e.name === 'sum' || e.name === 'avg' || e.name === 'min' || e.name === 'max') && e.args[0]?.kind === 'truth') {
      this.append(`${e.name.toUpperCase()}(${e.distinct ? 'DISTINCT ' : ''}`)
      this.#numericArgs(e.args)
      this.append(')')
      return
    }
    super.call(e)
  }

  protected override dialectFunction(name: FunctionName, args: readonly SqlExpr[]): boolean {
    const field = EXTRACT_FIELDS[name]
    if (field !== undefined && args.length === 1) {
      this.append(`EXTRACT(${field} FROM `)
      this.expr(args[0] as SqlExpr)
      this.append(')::int')
      return true
    }
    const renamed = RENAMED[name]
    if (renamed !== undefined) {
      this.append(`${renamed}(`)
      this.list(args)
      this.append(')')
      return true
    }
    switch (name) {
      case 'now':
        this.append('CURRENT_TIMESTAMP')
        return true
      case 'curdate':
        this.append('CURRENT_DATE')
        return true
      case 'date':
        this.append('(')
        this.expr(args[0] as SqlExpr)
        this.append(')::date')
        return true
      case 'round':
        // PostgreSQL has round(numeric, int) only; DataJoint users round doubles too.
        this.append('ROUND((')
        this.expr(args[0] as SqlExpr)
        this.append(')::numeric')
        if (args[1] !== undefined) {
          this.append(', ')
          this.expr(args[1])
        }
        this.append(')')
        return true
      case 'if':
        this.append('(CASE WHEN ')
        this.expr(args[0] as SqlExpr)
        this.append(' THEN ')
        this.expr(args[1] as SqlExpr)
        this.append(' ELSE ')
        this.expr(args[2] as SqlExpr)
        this.append(' END)')
        return true
      case 'datediff':
        this.append('((')
        this.expr(args[0] as SqlExpr)
        this.append(')::date - (')
        this.expr(args[1] as SqlExpr)
        this.append(')::date)')
        return true
      case 'timestampdiff': {
        const [unit, a, b] = args
        if (unit?.kind !== 'param' || typeof unit.value !== 'string' || a === undefined || b === undefined) return false
        const seconds = { SECOND: 1, MINUTE: 60, HOUR: 3600, DAY: 86400, WEEK: 604800 }[timeUnit(unit.value) as string]
        if (seconds !== undefined) {
          this.append('FLOOR(EXTRACT(EPOCH FROM ((')
          this.expr(b)
          this.append(')::timestamp - (')
          this.expr(a)
          this.append(`)::timestamp)) / ${seconds})::int`)
          return true
        }
        const months = { MONTH: 1, QUARTER: 3, YEAR: 12 }[timeUnit(unit.value) as string]
        if (months === undefined) return false
        this.append('FLOOR((EXTRACT(YEAR FROM AGE((')
        this.expr(b)
        this.append(')::timestamp, (')
        this.expr(a)
        this.append(')::timestamp)) * 12 + EXTRACT(MONTH FROM AGE((')
        this.expr(b)
        this.append(')::timestamp, (')
        this.expr(a)
        this.append(`)::timestamp))) / ${months})::int`)
        return true
      }
      default:
        return false
    }
  }

  protected createSchema(node: CreateSchemaNode): void {
    this.append(`CREATE SCHEMA ${this.quote(node.schema)}`)
  }

  /** Without CASCADE PostgreSQL refuses to drop a schema that still holds tables or types. */
  protected dropSchema(node: DropSchemaNode): void {
    this.append(`DROP SCHEMA IF EXISTS ${this.quote(node.schema)} CASCADE`)
  }

  /** No CASCADE: the server refuses while a column still uses the type, and the type stays. */
  protected dropEnumType(node: DropEnumTypeNode): void {
    this.append(`DROP TYPE IF EXISTS ${this.quote(node.type.schema)}.${this.quote(node.type.name)}`)
  }

  protected onDuplicate(node: InsertNode | InsertSelectNode): void {
    if (node.onDuplicate === 'error' || node.primaryKey.length === 0) return
    const key = node.primaryKey.map((c) => this.quote(c)).join(', ')
    const targets = node.columns.filter((c) => !node.primaryKey.includes(c))
    if (node.onDuplicate === 'skip' || targets.length === 0) {
      this.append(` ON CONFLICT (${key}) DO NOTHING`)
      return
    }
    this.append(` ON CONFLICT (${key}) DO UPDATE SET ${targets.map((c) => `${this.quote(c)} = EXCLUDED.${this.quote(c)}`).join(', ')}`)
  }
}
