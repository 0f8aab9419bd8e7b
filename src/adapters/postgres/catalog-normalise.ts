// Normalises pg_catalog values (format_type output, pg_get_expr defaults) into the CatalogColumnRow
// vocabulary. Pure; the queries live in introspect.ts.

import type { DefaultKind } from '../catalog-rows'

export interface NormalisedPostgresDefault {
  readonly kind: DefaultKind
  readonly value: string | null
  /** `nextval(...)` defaults belong to serial columns. */
  readonly autoIncrement: boolean
}

function normaliseBaseType(type: string): string {
  let m = /^character varying(\(\d+\))?$/.exec(type)
  if (m !== null) return `varchar${m[1] ?? ''}`
  m = /^character(\(\d+\))?$/.exec(type)
  if (m !== null) return `char${m[1] ?? ''}`
  m = /^numeric(?:\((\d+),(\d+)\))?$/.exec(type)
  if (m !== null) {
    if (m[1] === undefined) return 'decimal'
    return m[2] === '0' ? `decimal(${m[1]})` : `decimal(${m[1]},${m[2]})`
  }
  m = /^(timestamp|time)(\(\d+\))? without time zone$/.exec(type)
  if (m !== null) return `${m[1] ?? ''}${m[2] ?? ''}`
  m = /^(timestamp|time)(\(\d+\))? with time zone$/.exec(type)
  if (m !== null) return `${m[1] ?? ''}tz${m[2] ?? ''}`
  return type
}

/**
 * `format_type()` output → the catalog's spelling (`character varying(32)` → `varchar(32)`, `numeric(6,2)`
 * → `decimal(6,2)`, `timestamp(3) without time zone` → `timestamp(3)`); enum columns → the enum type's name.
 */
export function normalisePostgresType(formatted: string, enumTypeName: string | null): string {
  if (enumTypeName !== null) return enumTypeName
  const array = /^(.*?)((?:\[\])+)$/.exec(formatted)
  if (array !== null) return `${normaliseBaseType(array[1] ?? '')}${array[2] ?? ''}`
  return normaliseBaseType(formatted)
}

const QUOTED_CAST = /^'((?:[^']|'')*)'(?:::[\w\s."[\]()]+)?$/s
const NULL_CAST = /^NULL(?:::[\w\s."[\]()]+)?$/i
const NUMBER = /^\(?([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\)?(?:::[\w\s."[\]()]+)?$/
const TIMESTAMP_EXPR = /^(?:CURRENT_TIMESTAMP|now\(\)|transaction_timestamp\(\))(?:\((\d+)\))?$/i

/**
 * pg_get_expr(adbin) → default kind and value: `'MIT'::character varying` → literal `MIT`,
 * `NULL::timestamp without time zone` → null, `true` → literal `true`, `'0'::bigint` → literal `0`,
 * `now()` → `CURRENT_TIMESTAMP`.
 */
export function normalisePostgresDefault(expression: string | null): NormalisedPostgresDefault {
  if (expression === null) return { kind: 'none', value: null, autoIncrement: false }
  const text = expression.trim()
  if (NULL_CAST.test(text)) return { kind: 'null', value: null, autoIncrement: false }
  const quoted = QUOTED_CAST.exec(text)
  if (quoted !== null) {
    return { kind: 'literal', value: (quoted[1] ?? '').replace(/''/g, "'"), autoIncrement: false }
  }
  const number = NUMBER.exec(text)
  if (number !== null) return { kind: 'literal', value: number[1] ?? '', autoIncrement: false }
  if (/^(true|false)$/i.test(text)) {
    return { kind: 'literal', value: text.toLowerCase(), autoIncrement: false }
  }
  if (/^nextval\(/i.test(text)) return { kind: 'expression', value: text, autoIncrement: true }
  const timestamp = TIMESTAMP_EXPR.exec(text)
  if (timestamp !== null) {
    const precision = timestamp[1]
    return {
      kind: 'expression',
      value: precision === undefined ? 'CURRENT_TIMESTAMP' : `CURRENT_TIMESTAMP(${precision})`,
      autoIncrement: false,
    }
  }
  if (/^CURRENT_DATE$/i.test(text)) return { kind: 'expression', value: 'CURRENT_DATE', autoIncrement: false }
  return { kind: 'expression', value: text, autoIncrement: false }
}
