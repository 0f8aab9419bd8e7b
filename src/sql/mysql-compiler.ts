// MySQL/MariaDB spelling of the shared compiler: backquotes, `?` placeholders, GROUP_CONCAT, upserts.

import type { FunctionName } from '../algebra/ast'
import type { JsonCastType } from '../algebra/functions'
import { SqlCompiler } from './compiler'
import type { SqlValue } from '../adapters/driver'
import type { CreateSchemaNode, DropEnumTypeNode, DropSchemaNode, ExactType, InsertNode, InsertSelectNode, SqlExpr } from './nodes'

export class MysqlCompiler extends SqlCompiler {
  quote(identifier: string): string {
    return `\`${identifier.replaceAll('`', '``')}\``
  }

  /**
   * MySQL reads backslash escapes inside string literals (unless NO_BACKSLASH_ESCAPES), so backslashes
   * must be doubled as well as quotes. Used only where the grammar forbids a placeholder.
   */
  stringLiteral(text: string): string {
    return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`
  }

  protected placeholder(): string {
    return '?'
  }

  /**
   * mysql2 interpolates a JS number as a numeric literal, which MySQL types as it types the literal in SQL text
   * (an integer, an exact decimal); a string would be compared as a double. Digits a double cannot hold go
   * through an explicit CAST.
   */
  protected bytewise(): void {
    this.append('BINARY ')
  }

  protected exactParam(value: SqlValue, type: ExactType): void {
    if (type === 'integer') {
      this.bind(value)
      return
    }
    const text = String(value)
    const number = Number(text)
    if (type === 'decimal' && Number.isFinite(number) && String(number) === text.replace(/^(-?)0+(?=\d)/, '$1')) {
      this.bind(number)
      return
    }
    this.append('CAST(')
    this.bind(value)
    this.append(type === 'decimal' ? ' AS DECIMAL(65,30))' : ' AS SIGNED)')
  }

  protected stringAgg(arg: SqlExpr, distinct: boolean, separator: string): void {
    this.append(distinct ? 'GROUP_CONCAT(DISTINCT ' : 'GROUP_CONCAT(')
    this.expr(arg)
    // SEPARATOR takes a literal, not an expression.
    this.append(` SEPARATOR ${this.stringLiteral(separator)})`)
  }

  protected jsonPath(operand: SqlExpr, path: readonly (string | number)[], as: string | null): void {
    const jsonPath = `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`
    if (as !== null) this.append('CAST(')
    this.append('JSON_VALUE(')
    this.expr(operand)
    this.append(', ')
    this.bind(jsonPath)
    this.append(')')
    if (as !== null) this.append(` AS ${castType(as)})`)
  }

  protected override dialectFunction(name: FunctionName, args: readonly SqlExpr[]): boolean {
    if (name === 'curdate') {
      this.append('CURDATE()')
      return true
    }
    if (name === 'now') {
      this.append('NOW()')
      return true
    }
    if (name === 'timestampdiff') {
      const [unit, a, b] = args
      if (unit?.kind !== 'param' || typeof unit.value !== 'string' || a === undefined || b === undefined) return false
      this.append(`TIMESTAMPDIFF(${timeUnit(unit.value)}, `)
      this.expr(a)
      this.append(', ')
      this.expr(b)
      this.append(')')
      return true
    }
    return false
  }

  /** A MySQL schema is a database. */
  protected createSchema(node: CreateSchemaNode): void {
    this.append(`CREATE DATABASE ${this.quote(node.schema)}`)
  }

  /** DROP DATABASE takes the tables with it, foreign keys between them included. */
  protected dropSchema(node: DropSchemaNode): void {
    this.append(`DROP DATABASE IF EXISTS ${this.quote(node.schema)}`)
  }

  /** MySQL enums are column types, gone with their column: there is no type to drop. */
  protected dropEnumType(node: DropEnumTypeNode): void {
    throw new Error(`MySQL has no enum types to drop (${node.type.schema}.${node.type.name})`)
  }

  protected onDuplicate(node: InsertNode | InsertSelectNode): void {
    if (node.onDuplicate === 'error') return
    const key = node.primaryKey[0] ?? node.columns[0]
    if (key === undefined) return
    if (node.onDuplicate === 'skip') {
      // Qualified as DataJoint writes it: in INSERT … SELECT a bare name is ambiguous with the SELECT's column.
      this.append(` ON DUPLICATE KEY UPDATE ${this.quote(key)}=`)
      this.append(`${this.table(node.table)}.${this.quote(key)}`)
      return
    }
    const targets = node.columns.filter((c) => !node.primaryKey.includes(c))
    const updates = (targets.length > 0 ? targets : [key]).map((c) => `${this.quote(c)}=VALUES(${this.quote(c)})`)
    this.append(` ON DUPLICATE KEY UPDATE ${updates.join(', ')}`)
  }
}

const TIME_UNITS = new Set(['MICROSECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'])

export function timeUnit(unit: string): string {
  const upper = unit.toUpperCase()
  if (!TIME_UNITS.has(upper)) throw new Error(`unsupported time unit ${unit}`)
  return upper
}

const CAST_TYPES: Readonly<Record<JsonCastType, string>> = {
  unsigned: 'UNSIGNED',
  signed: 'SIGNED',
  integer: 'SIGNED',
  int: 'SIGNED',
  double: 'DOUBLE',
  float: 'DOUBLE',
  decimal: 'DECIMAL(65,30)',
  char: 'CHAR',
  date: 'DATE',
  datetime: 'DATETIME',
}

function castType(as: string): string {
  const type = (CAST_TYPES as Readonly<Record<string, string | undefined>>)[as.toLowerCase()]
  if (type === undefined) throw new Error(`unsupported json path type ${as}`)
  return type
}
