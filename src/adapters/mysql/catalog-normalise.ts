// Normalises MySQL/MariaDB information_schema values into the CatalogColumnRow vocabulary (types, enum
// labels, defaults). Pure; the queries live in introspect.ts.

import type { DefaultKind } from '../catalog-rows'

export interface NormalisedDefault {
  readonly kind: DefaultKind
  readonly value: string | null
}

// MariaDB and MySQL < 8.0.19 print integer display widths (`int(11)`), MariaDB also `year(4)`; MySQL 8.0.19+
// does not.
const DISPLAY_WIDTH = /^(tinyint|smallint|mediumint|int|integer|bigint|year)\(\d+\)/

export function normaliseMysqlType(columnType: string, isJson: boolean): string {
  if (isJson) return 'json'
  return columnType.trim().replace(DISPLAY_WIDTH, '$1')
}

/**
 * Labels of `enum('a','b')` as COLUMN_TYPE prints them: single-quoted, `'` doubled, and backslash escapes
 * as in SHOW CREATE TABLE.
 */
export function parseMysqlEnum(columnType: string): string[] | null {
  const match = /^enum\((.*)\)$/is.exec(columnType.trim())
  if (match === null) return null
  const body = match[1] ?? ''
  const labels: string[] = []
  let i = 0
  while (i < body.length) {
    if (body[i] !== "'") return null
    let label = ''
    i += 1
    for (;;) {
      const ch = body[i]
      if (ch === undefined) return null
      if (ch === "'") {
        if (body[i + 1] === "'") {
          label += "'"
          i += 2
          continue
        }
        i += 1
        break
      }
      if (ch === '\\' && i + 1 < body.length) {
        label += unescapeMysqlChar(body[i + 1] ?? '')
        i += 2
        continue
      }
      label += ch
      i += 1
    }
    labels.push(label)
    if (body[i] === ',') i += 1
  }
  return labels
}

function unescapeMysqlChar(ch: string): string {
  switch (ch) {
    case '0':
      return '\0'
    case 'n':
      return '\n'
    case 'r':
      return '\r'
    case 't':
      return '\t'
    case 'b':
      return '\b'
    case 'Z':
      return '\x1a'
    default:
      return ch
  }
}

const NUMBER_LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** `current_timestamp()` / `now()` → `CURRENT_TIMESTAMP`, `current_timestamp(3)` → `CURRENT_TIMESTAMP(3)`. */
export function normaliseDefaultExpression(expression: string): string {
  const text = expression.trim()
  const timestamp = /^(?:current_timestamp|now|localtimestamp|localtime)\s*(?:\(\s*(\d*)\s*\))?$/i.exec(text)
  if (timestamp !== null) {
    const precision = timestamp[1]
    return precision === undefined || precision === ''
      ? 'CURRENT_TIMESTAMP'
      : `CURRENT_TIMESTAMP(${precision})`
  }
  const date = /^(?:current_date|curdate)\s*(?:\(\s*\))?$/i.exec(text)
  if (date !== null) return 'CURRENT_DATE'
  const time = /^(?:current_time|curtime)\s*(?:\(\s*(\d*)\s*\))?$/i.exec(text)
  if (time !== null) {
    return time[1] === undefined || time[1] === '' ? 'CURRENT_TIME' : `CURRENT_TIME(${time[1]})`
  }
  return text
}

function unquoteMariadbLiteral(raw: string): string {
  let out = ''
  for (let i = 1; i < raw.length - 1; i += 1) {
    const ch = raw[i] ?? ''
    if (ch === "'" && raw[i + 1] === "'") {
      out += "'"
      i += 1
    } else if (ch === '\\' && i + 1 < raw.length - 1) {
      out += unescapeMysqlChar(raw[i + 1] ?? '')
      i += 1
    } else {
      out += ch
    }
  }
  return out
}

/**
 * MariaDB ≥ 10.2.7 prints COLUMN_DEFAULT as SQL: `NULL` for DEFAULT NULL (also implicit on nullable
 * columns), quoted literals (`'mouse'`), bare numbers, and expressions (`current_timestamp()`); SQL NULL
 * means no default.
 * MySQL 8 prints the raw value, SQL NULL for both "none" and "DEFAULT NULL", and flags expressions with
 * EXTRA `DEFAULT_GENERATED` (https://dev.mysql.com/doc/refman/8.0/en/information-schema-columns-table.html).
 */
export function normaliseMysqlDefault(
  raw: string | null,
  options: { readonly nullable: boolean; readonly mariadb: boolean; readonly extra: string },
): NormalisedDefault {
  const extra = options.extra.toLowerCase()
  if (extra.includes('auto_increment')) return { kind: 'none', value: null }
  if (options.mariadb) {
    if (raw === null) return options.nullable ? { kind: 'null', value: null } : { kind: 'none', value: null }
    if (raw === 'NULL') return { kind: 'null', value: null }
    if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
      return { kind: 'literal', value: unquoteMariadbLiteral(raw) }
    }
    if (NUMBER_LITERAL.test(raw)) return { kind: 'literal', value: raw }
    return { kind: 'expression', value: normaliseDefaultExpression(raw) }
  }
  if (raw === null) return options.nullable ? { kind: 'null', value: null } : { kind: 'none', value: null }
  if (extra.includes('default_generated')) {
    return { kind: 'expression', value: normaliseDefaultExpression(raw) }
  }
  return { kind: 'literal', value: raw }
}

/** The column a MariaDB JSON check guards: `json_valid(\`meta\`)` → `meta`. */
export function jsonCheckColumn(checkClause: string): string | null {
  const match = /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(checkClause.trim())
  return match === null ? null : (match[1] ?? '').replace(/``/g, '`')
}
