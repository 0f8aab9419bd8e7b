// MySQL/MariaDB spelling of the shared compiler: backquotes, `?` placeholders, GROUP_CONCAT, upserts.

import type { FunctionName } from '../algebra/ast'
import type { JsonCastType } from '../algebra/functions'
import { SqlCompiler } from './compiler'
import type { SqlValue } from '../adapters/driver'
import type { CreateSchemaNode, DropEnumTypeNode, DropSchemaNode, ExactType, InsertNode, InsertSelectNode, SqlExpr } from './nodes'

/** MariaDB's widest DECIMAL: 65 digits, 38 after the point (MySQL allows 30; a literal beyond is rounded there). */
const MAX_DECIMAL_PRECISION = 65
const MAX_DECIMAL_SCALE = 38

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

  protected bytewise(): void {
    this.append('BINARY ')
  }

  /**
   * A numeric literal keeps the type the server gives it in SQL text. Bound on the server, a JavaScript number
   * would arrive as a DOUBLE, so an integer is bound as a bigint (sent as a 64-bit integer, as the literal is
   * typed) and a decimal as its digits cast to the literal's own DECIMAL(precision, scale). A number written with
   * an exponent is a DOUBLE in SQL text too.
   */
  protected exactParam(value: SqlValue, type: ExactType): void {
    const text = String(value)
    if (/^-?\d+$/.test(text)) {
      this.bind(BigInt(text))
      return
    }
    const digits = type === 'decimal' ? /^-?0*(\d*)\.(\d+)$/.exec(text) : null
    if (digits === null) {
      this.bind(typeof value === 'number' ? value : Number(text))
      return
    }
    const scale = (digits[2] as string).length
    const precision = Math.max(1, (digits[1] as string).length + scale)
    const fits = precision <= MAX_DECIMAL_PRECISION && scale <= MAX_DECIMAL_SCALE
    this.append('CAST(')
    this.bind(text)
    this.append(fits ? ` AS DECIMAL(${precision},${scale}))` : ' AS DECIMAL(65,30))')
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
