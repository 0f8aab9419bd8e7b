// What pg returns natively (with this driver's type parsers): int8 already as number/bigint, json/jsonb parsed
// (so a JSON string value arrives as a JS string that must not be parsed again), text as strings; numeric types
// other than float4/float8 arrive as text.

import { decodeFloat, identity, type NativeDecoding } from '../decoders'

// PostgreSQL type OIDs of float4 and float8.
const FLOAT_TYPES = new Set([700, 701])

export const POSTGRES_DECODING: NativeDecoding = {
  integer: () => identity,
  float: (field) => (field !== undefined && FLOAT_TYPES.has(field.typeId) ? identity : decodeFloat),
  json: identity,
  text: () => identity,
  other: (field) => (field !== undefined && FLOAT_TYPES.has(field.typeId) ? decodeFloat : identity),
}
