// MySQL/MariaDB's spelling of the canonical row text and segment checksums (see RowDigestSql).

import type { Attribute } from '../../heading/attribute'
import type { RowDigestSql } from '../dialect'

/** `<mantissa>e<exponent>` with `digits` significant digits; the same arithmetic as PostgreSQL's, so the same text. */
function floatText(column: string, digits: number): string {
  const exponent = `FLOOR(LOG10(ABS(${column})))`
  return (
    `CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} = 0 THEN '0' ELSE ` +
    `CONCAT(CAST(ROUND(${column} / POWER(10, ${exponent} - ${digits - 1})) AS SIGNED), 'e', CAST(${exponent} AS SIGNED)) END`
  )
}

function canonicalText(column: string, attribute: Attribute, floatDigits: number): string {
  switch (attribute.category) {
    case 'float':
      return floatText(column, floatDigits)
    case 'bool':
      return `CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} <> 0 THEN '1' ELSE '0' END`
    case 'date':
      return `DATE_FORMAT(${column}, '%Y-%m-%d')`
    case 'datetime':
      return `DATE_FORMAT(${column}, '%Y-%m-%d %H:%i:%s.%f')`
    case 'time':
      return `TIME_FORMAT(${column}, '%H:%i:%s.%f')`
    case 'uuid':
      return `LOWER(HEX(${column}))`
    case 'json':
      return `JSON_NORMALIZE(${column})`
    case 'bytes':
      return `MD5(${column})`
    case 'codec':
      return attribute.sqlType === 'json' ? `JSON_NORMALIZE(${column})` : `MD5(${column})`
    default:
      return `CAST(${column} AS CHAR)`
  }
}

/** The first 60 bits of each row's MD5, summed exactly (MySQL sums BIGINT UNSIGNED as DECIMAL), as text. */
function checksum(rowText: string): string {
  return `CAST(COALESCE(SUM(CAST(CONV(LEFT(MD5(${rowText}), 15), 16, 10) AS UNSIGNED)), 0) AS CHAR)`
}

export const MYSQL_ROW_DIGEST: RowDigestSql = {
  jsonForm: 'mariadb-json-normalize',
  canonicalText,
  rowText: (texts) => `CONCAT_WS(CHAR(31), ${texts.map((t) => `COALESCE(CONCAT('v', ${t}), 'n')`).join(', ')})`,
  segmentChecksum: (derivedTable, rowText) => `SELECT COUNT(*), ${checksum(rowText)} FROM (${derivedTable}) AS dj_rows`,
  bucketChecksums: (derivedTable, rowText, column, width) =>
    `SELECT CAST(FLOOR(${column} / ${width.toString()}) AS CHAR) AS dj_bucket, COUNT(*), ${checksum(rowText)} FROM (${derivedTable}) AS dj_rows GROUP BY FLOOR(${column} / ${width.toString()})`,
}
