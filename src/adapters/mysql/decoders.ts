// What mysql2 returns natively: numbers for integer columns except BIGINT beyond 2^53 (text), JSON as text
// (`jsonStrings`), and TEXT columns read through a binary collation as bytes.

import { decodeFloat, decodeInteger, decodeJson, decodeText, identity, type NativeDecoding } from '../decoders'

// mysql2 `columnType` codes.
const INTEGER_TYPES = new Set([1, 2, 3, 8, 9, 13])
const LONGLONG = 8
const FLOAT_TYPES = new Set([4, 5])
const JSON_TYPE = 245
const BLOB_TYPES = new Set([249, 250, 251, 252])

export const MYSQL_DECODING: NativeDecoding = {
  // Without field info (a result with no column metadata) a value may be anything: always decode.
  integer: (field) => (field !== undefined && field.typeId !== LONGLONG ? identity : decodeInteger),
  float: (field) => (field !== undefined && FLOAT_TYPES.has(field.typeId) ? identity : decodeFloat),
  json: decodeJson,
  text: (field) => (field !== undefined && !BLOB_TYPES.has(field.typeId) ? identity : decodeText),
  other(field) {
    if (field === undefined) return identity
    if (INTEGER_TYPES.has(field.typeId)) return decodeInteger
    if (FLOAT_TYPES.has(field.typeId)) return decodeFloat
    if (field.typeId === JSON_TYPE) return decodeJson
    return identity
  },
}
