// PostgreSQL's spelling of the canonical row text and segment checksums (see RowDigestSql).

import type { Attribute } from '../../heading/attribute'
import type { RowDigestSql } from '../dialect'

/** `<mantissa>e<exponent>` with `digits` significant digits; the same arithmetic as MySQL's, so the same text. */
function floatText(column: string, digits: number): string {
  const exponent = `FLOOR(LOG10(ABS(${column}::double precision)))`
  return (
    `CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} = 0 THEN '0' ELSE ` +
    `ROUND(${column}::double precision / POWER(10, ${exponent} - ${digits - 1}))::bigint::text || 'e' || (${exponent})::bigint::text END`
  )
}

function canonicalText(column: string, attribute: Attribute, floatDigits: number): string {
  switch (attribute.category) {
    case 'float':
      return floatText(column, floatDigits)
    case 'bool':
      return `CASE WHEN ${column} THEN '1' WHEN NOT ${column} THEN '0' END`
    case 'date':
      return `to_char(${column}, 'YYYY-MM-DD')`
    case 'datetime':
      return `to_char(${column}, 'YYYY-MM-DD HH24:MI:SS.US')`
    case 'time':
      return `to_char(${column}, 'HH24:MI:SS.US')`
    case 'uuid':
      return `replace(${column}::text, '-', '')`
    case 'json':
      return `${column}::jsonb::text`
    case 'bytes':
      return `md5(${column})`
    case 'codec':
      return attribute.sqlType === 'json' || attribute.sqlType === 'jsonb' ? `${column}::jsonb::text` : `md5(${column})`
    default:
      return `${column}::text`
  }
}

/** The first 60 bits of each row's MD5, summed exactly (sum of bigint is numeric), as text. */
function checksum(rowText: string): string {
  return `COALESCE(sum(('x' || left(md5(${rowText}), 15))::bit(60)::bigint), 0)::text`
}

export const POSTGRES_ROW_DIGEST: RowDigestSql = {
  jsonForm: 'postgresql-jsonb',
  canonicalText,
  rowText: (texts) => `concat_ws(chr(31), ${texts.map((t) => `COALESCE('v' || ${t}, 'n')`).join(', ')})`,
  segmentChecksum: (derivedTable, rowText) => `SELECT count(*), ${checksum(rowText)} FROM (${derivedTable}) AS dj_rows`,
  // Integer division truncates toward zero; the bucket must round down for negative keys too.
  bucketChecksums: (derivedTable, rowText, column, width) =>
    `SELECT floor(${column}::numeric / ${width.toString()})::text AS dj_bucket, count(*), ${checksum(rowText)} FROM (${derivedTable}) AS dj_rows GROUP BY 1`,
}
