// DataJoint's type system: core types, native pass-through types, codecs, and the `:type:comment` column-comment
// encoding that records them. The only module that reads or writes the comment marker: it must
// stay on disk for DataJoint Python, so it is encoded and decoded here alone.

import { DataJointError } from '../errors/datajoint-error'
import type { AttributeCategory } from '../heading/attribute'
import { md5Hex } from './md5'

export type Backend = 'mysql' | 'postgresql'

export type CoreTypeName =
  | 'float32'
  | 'float64'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'bool'
  | 'uuid'
  | 'json'
  | 'bytes'
  | 'date'
  | 'datetime'
  | 'char'
  | 'varchar'
  | 'enum'
  | 'decimal'

export interface CoreTypeSpec {
  readonly name: CoreTypeName
  /** Matches a declared type (case-insensitive, anchored at both ends like DataJoint's `re.match(... $)`). */
  readonly pattern: RegExp
  /** Fixed SQL type per backend, or null when the SQL is derived from the parameters (`varchar(n)`, `enum(...)`). */
  readonly sql: Readonly<Record<Backend, string | null>>
  readonly category: AttributeCategory
}

const core = (
  name: CoreTypeName,
  pattern: string,
  mysql: string | null,
  postgresql: string | null,
  category: AttributeCategory,
): CoreTypeSpec => ({ name, pattern: new RegExp(`^(?:${pattern})$`, 'i'), sql: { mysql, postgresql }, category })

/** The core types in DataJoint's matching order (`declare.CORE_TYPES`). */
export const CORE_TYPES: readonly CoreTypeSpec[] = [
  core('float32', 'float32', 'float', 'real', 'float'),
  core('float64', 'float64', 'double', 'double precision', 'float'),
  core('int64', 'int64', 'bigint', 'bigint', 'integer'),
  core('int32', 'int32', 'int', 'integer', 'integer'),
  core('int16', 'int16', 'smallint', 'smallint', 'integer'),
  core('int8', 'int8', 'tinyint', 'smallint', 'integer'),
  core('bool', 'bool', 'tinyint', 'boolean', 'bool'),
  core('uuid', 'uuid', 'binary(16)', 'uuid', 'uuid'),
  core('json', 'jsonb?', 'json', 'jsonb', 'json'),
  core('bytes', 'bytes', 'longblob', 'bytea', 'bytes'),
  core('date', 'date', 'date', 'date', 'date'),
  core('datetime', 'datetime(\\s*\\(\\d+\\))?', null, null, 'datetime'),
  core('char', 'char\\s*\\(\\d+\\)', null, null, 'string'),
  core('varchar', 'varchar\\s*\\(\\d+\\)', null, null, 'string'),
  core('enum', 'enum\\s*\\(.+\\)', null, null, 'enum'),
  core('decimal', 'decimal\\s*\\(\\d+\\s*,\\s*\\d+\\)', null, null, 'decimal'),
]

export type NativeTypeName = 'INTEGER' | 'NUMERIC' | 'FLOAT' | 'STRING' | 'TEMPORAL' | 'NATIVE_BLOB' | 'NATIVE_TEXT'

/**
 * Native (pass-through) type patterns, matched after the core types. Python anchors them only at the start
 * (`re.match`) and most at the end; the INTEGER pattern's first alternative has no end anchor, so any type
 * beginning with `int`, `tinyint`, … is accepted as native (and left to the server to reject).
 */
export const NATIVE_TYPE_PATTERNS: readonly { readonly name: NativeTypeName; readonly pattern: RegExp }[] = [
  {
    name: 'INTEGER',
    pattern: /^(?:((tiny|small|medium|big|)int|integer)(\s*\(.+\))?(\s+unsigned)?(\s+auto_increment)?|serial$)/i,
  },
  { name: 'NUMERIC', pattern: /^numeric(\s*\(.+\))?(\s+unsigned)?$/i },
  { name: 'FLOAT', pattern: /^(double|float|real)(\s*\(.+\))?(\s+unsigned)?$/i },
  { name: 'STRING', pattern: /^(var)?char\s*\(.+\)$/i },
  { name: 'TEMPORAL', pattern: /^(time|timestamp|year)(\s*\(.+\))?$/i },
  { name: 'NATIVE_BLOB', pattern: /^(tiny|small|medium|long)blob$/i },
  { name: 'NATIVE_TEXT', pattern: /^(tiny|small|medium|long)?text$/i },
]

const CODEC_PATTERN = /^<.+>$/

export type TypeMatch =
  | { readonly kind: 'core'; readonly core: CoreTypeSpec }
  | { readonly kind: 'native'; readonly native: NativeTypeName }
  | { readonly kind: 'codec' }

/** Classifies a declared type like DataJoint's `match_type`, or null when it is unsupported. */
export function matchType(type: string): TypeMatch | null {
  const coreMatch = CORE_TYPES.find((spec) => spec.pattern.test(type))
  if (coreMatch !== undefined) return { kind: 'core', core: coreMatch }
  const nativeMatch = NATIVE_TYPE_PATTERNS.find((spec) => spec.pattern.test(type))
  if (nativeMatch !== undefined) return { kind: 'native', native: nativeMatch.name }
  return CODEC_PATTERN.test(type) ? { kind: 'codec' } : null
}

/** `matchType` that throws DataJoint's `Unsupported attribute type …` error. */
export function assertSupportedType(type: string, line?: number): TypeMatch {
  const match = matchType(type)
  if (match === null) throw definitionError(`Unsupported attribute type ${type}`, line)
  return match
}

/** The warning DataJoint logs when a definition uses a native type (returned, not logged, here). */
export function nativeTypeWarning(type: string, attribute: string): string {
  return (
    `Native type '${type}' is used in attribute '${attribute}'. ` +
    'Consider using a core DataJoint type for better portability.'
  )
}

export interface PgEnumType {
  /** `enum_` + first 8 hex digits of md5 of the sorted values joined by `_`. */
  readonly name: string
  /** Values in declared order (for `CREATE TYPE … AS ENUM`). */
  readonly values: readonly string[]
}

/** Code-point order, as Python's `sorted` on str (JS's default sort compares UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a)
  const right = Array.from(b)
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0)
    if (diff !== 0) return diff
  }
  return left.length - right.length
}

/** PostgreSQL enum type name DataJoint derives from a value set (DataJoint Python's `adapters/postgres.py`). */
export function pgEnumTypeName(values: readonly string[]): string {
  return `enum_${md5Hex([...values].sort(compareCodePoints).join('_')).slice(0, 8)}`
}

/**
 * Enum values the way DataJoint's PostgreSQL adapter splits them: on every comma, each value stripped of
 * whitespace and then of surrounding quote characters (values containing commas are therefore split).
 */
export function splitEnumValues(enumType: string): readonly string[] | null {
  const match = /^enum\s*\((.+)\)/i.exec(enumType)
  if (match === null) return null
  return (match[1] ?? '').split(',').map((value) => pyStrip(pyStrip(value), `'"`))
}

/** Python's `str.strip(chars)`; whitespace when `chars` is omitted. */
function pyStrip(text: string, chars?: string): string {
  const strip = chars === undefined ? (c: string) => /\s/.test(c) : (c: string) => chars.includes(c)
  let start = 0
  let end = text.length
  while (start < end && strip(text[start] ?? '')) start++
  while (end > start && strip(text[end - 1] ?? '')) end--
  return text.slice(start, end)
}

export interface CoreTypeSql {
  readonly sql: string
  /** PostgreSQL enums need a `CREATE TYPE` in the table's schema before the table. */
  readonly enumType: PgEnumType | null
}

/**
 * SQL column type of a core type as written, per backend (the adapters' `core_type_to_sql`). Like DataJoint, the
 * lookup is case-sensitive and prefix-based, so `INT32`, `jsonb` or `decimal (8,3)` match a core pattern but are
 * refused here with `Unknown core type: …`. For PostgreSQL enums the returned SQL is the type name qualified with
 * `schema` (the schema the table is declared in).
 */
export function coreTypeToSql(type: string, backend: Backend, quote: (id: string) => string, schema: string): CoreTypeSql {
  const fixed = CORE_TYPES.find((spec) => spec.name === type)?.sql[backend]
  if (fixed !== undefined && fixed !== null) return { sql: fixed, enumType: null }
  if (type.startsWith('datetime')) {
    if (backend === 'mysql') return { sql: type, enumType: null }
    const open = type.indexOf('(')
    return { sql: open < 0 ? 'timestamp' : `timestamp${type.slice(open, type.indexOf(')') + 1)}`, enumType: null }
  }
  if (type.startsWith('char(') || type.startsWith('varchar(')) return { sql: type, enumType: null }
  if (type.startsWith('decimal(')) {
    return { sql: backend === 'mysql' ? type : `numeric${type.slice('decimal'.length)}`, enumType: null }
  }
  if (type.startsWith('enum(')) {
    if (backend === 'mysql') return { sql: type, enumType: null }
    const values = splitEnumValues(type)
    if (values === null) return { sql: 'text', enumType: null }
    const name = pgEnumTypeName(values)
    return { sql: `${quote(schema)}.${quote(name)}`, enumType: { name, values } }
  }
  throw new DataJointError('INVALID_DEFINITION', `Unknown core type: ${type}`)
}

// Codecs ------------------------------------------------------------------------------------------------------

/**
 * What a codec stores: the dtype of its in-table form (`<x>`) and of its in-store form (`<x@store>`), each a core
 * type, a native type or another codec spec; null when that form is refused, with the error text to raise.
 */
export interface CodecSpec {
  readonly name: string
  readonly inTable: string | null
  readonly inStore: string | null
  /** Python's error when the in-table form is used (defaults to the schema codecs' `<name> requires @ (store only)`). */
  readonly inTableError?: string
}

/** DataJoint's built-in codecs (DataJoint Python's `builtin_codecs/`). */
export const BUILTIN_CODECS: ReadonlyMap<string, CodecSpec> = new Map(
  (
    [
      { name: 'blob', inTable: 'bytes', inStore: '<hash>' },
      { name: 'attach', inTable: 'bytes', inStore: '<hash>' },
      { name: 'hash', inTable: null, inStore: 'json', inTableError: '<hash> requires @ (in-store storage only)' },
      { name: 'object', inTable: null, inStore: 'json' },
      { name: 'npy', inTable: null, inStore: 'json' },
      {
        name: 'filepath',
        inTable: null,
        inStore: 'json',
        inTableError:
          '<filepath> requires @ symbol. Use <filepath@> for default store or <filepath@store> to specify store.',
      },
    ] satisfies CodecSpec[]
  ).map((spec) => [spec.name, spec]),
)

export interface ParsedCodecSpec {
  readonly name: string
  /** null: in-table; `''`: the default store (`<x@>`); otherwise the store name. */
  readonly store: string | null
}

/** Splits `<name@store>` like DataJoint's `parse_type_spec`. */
export function parseCodecSpec(spec: string): ParsedCodecSpec {
  const inner = pyStrip(pyStrip(spec, '<>'))
  const at = inner.indexOf('@')
  if (at < 0) return { name: inner, store: null }
  return { name: pyStrip(inner.slice(0, at)), store: pyStrip(inner.slice(at + 1)) }
}

export function isCodecSpec(type: string): boolean {
  return CODEC_PATTERN.test(type)
}

export interface ResolvedCodec {
  /** The codec spec as written (`<blob@store>`). */
  readonly spec: string
  /** The store of the outermost spec (null: in-table). */
  readonly store: string | null
  /** The final storage type: a core or native type (`bytes`, `json`, `longblob`). */
  readonly dtype: string
}

/**
 * Follows a codec spec to its storage type (DataJoint's `substitute_special_type` for codecs): each codec's dtype
 * is chosen by whether this level has a store, and an inner codec without `@` inherits the outer store.
 */
export function resolveCodec(
  spec: string,
  codecs: ReadonlyMap<string, CodecSpec> = BUILTIN_CODECS,
  line?: number,
): ResolvedCodec {
  const outer = parseCodecSpec(spec)
  let type = spec
  let store = outer.store
  for (let depth = 0; ; depth++) {
    if (depth > 32) throw definitionError(`Circular codec reference detected: ${spec}`, line)
    const parsed = parseCodecSpec(type)
    const codec = codecs.get(parsed.name) ?? BUILTIN_CODECS.get(parsed.name)
    if (codec === undefined) {
      // Python's message really ends in the literal text `name='{type_name}'` (an escaped f-string brace).
      throw definitionError(
        `Codec <${parsed.name}> is not registered. Define a Codec subclass with name='{type_name}'.`,
        line,
      )
    }
    if (parsed.store !== null) store = parsed.store
    let inner = parsed.store !== null ? codec.inStore : codec.inTable
    if (inner === null) {
      throw definitionError(
        parsed.store !== null
          ? `Codec <${parsed.name}> has no in-store form`
          : (codec.inTableError ?? `<${codec.name}> requires @ (store only)`),
        line,
      )
    }
    if (inner.startsWith('<') && !inner.includes('@') && store !== null) inner = `${inner.slice(0, -1)}@${store}>`
    const match = assertSupportedType(inner, line)
    if (match.kind !== 'codec') return { spec, store: outer.store, dtype: inner }
    type = inner
  }
}

// Comments ----------------------------------------------------------------------------------------------------

/** DataJoint escapes `"` in attribute comments as `\"` (needed inside MySQL's `COMMENT "…"`; kept literally on PG). */
export function escapeCommentQuotes(comment: string): string {
  return comment.replaceAll('"', '\\"')
}

/** Inverse of `escapeCommentQuotes`, for comments PostgreSQL stored with the backslashes. */
export function unescapeCommentQuotes(comment: string): string {
  return comment.replaceAll('\\"', '"')
}

/**
 * Column comment DataJoint writes for an attribute line: `:<type as written>:<comment>` for core types and
 * codecs, the bare comment for native types (`type` null); `"` in the user comment is escaped.
 */
export function encodeComment(typeAsWritten: string | null, userComment: string): string {
  const escaped = escapeCommentQuotes(userComment)
  return typeAsWritten === null ? escaped : `:${typeAsWritten}:${escaped}`
}

export interface DecodedComment {
  /** The type recorded in the marker (`int32`, `<blob@store>`, `enum('F', 'M')`, or an unknown one such as `uint32`). */
  readonly declaredType: string | null
  readonly comment: string
}

const MARKER = /^:([^:]+):(.*)/

/**
 * Splits a stored column comment into its `:type:` marker and the user comment. Throws DataJoint's
 * `Legacy datatype` error for pre-2.0 `external…` markers; other unknown markers are kept.
 */
export function decodeComment(stored: string): DecodedComment {
  const match = MARKER.exec(stored)
  if (match === null) return { declaredType: null, comment: stored }
  const declaredType = match[1] ?? ''
  if (declaredType.startsWith('external') && coreTypeOf(declaredType) === null && !isCodecSpec(declaredType)) {
    throw new DataJointError(
      'INVALID_DEFINITION',
      `Legacy datatype \`${declaredType}\`. See migration guide: https://docs.datajoint.com/how-to/migrate-to-v20/`,
    )
  }
  return { declaredType, comment: match[2] ?? '' }
}

/** The core type a declared type names (`varchar(32)` → `varchar`), or null for codecs, native and unknown types. */
export function coreTypeOf(declaredType: string): CoreTypeSpec | null {
  return CORE_TYPES.find((spec) => spec.pattern.test(declaredType)) ?? null
}

// Categories --------------------------------------------------------------------------------------------------

const NATIVE_CATEGORIES: readonly (readonly [RegExp, AttributeCategory])[] = [
  [/^(tiny|small|medium|big)?int(eger)?\b|^int[248]\b|^(big|small)?serial\b|^year\b/i, 'integer'],
  [/^(float|double|real)\b/i, 'float'],
  [/^(decimal|numeric|dec|fixed)\b/i, 'decimal'],
  [/^bool(ean)?$/i, 'bool'],
  [/^(var)?char\b|^character\b|^(tiny|medium|long)?text$|^citext$/i, 'string'],
  [/^enum\s*\(/i, 'enum'],
  [/^date$/i, 'date'],
  [/^(datetime|timestamp)(tz)?\b/i, 'datetime'],
  [/^time(tz)?\b/i, 'time'],
  [/^uuid$/i, 'uuid'],
  [/^jsonb?$/i, 'json'],
  [/^((tiny|medium|long)?blob|bytea)$|^(var)?binary\b/i, 'bytes'],
]

/**
 * Category of a column from its `:type:` marker (or a type inherited through a foreign key) and its normalised
 * SQL type. The marker wins (`tinyint` + `:bool:` → bool, `binary(16)` + `:uuid:` → uuid, `longblob` +
 * `:<blob>:` → codec); otherwise the SQL type decides (`int unsigned`/`year` → integer, `timestamp` → datetime,
 * `text` → string, PostgreSQL `enum_<hex>` → enum).
 */
export function categoryOf(declaredType: string | null, sqlType: string, backend: Backend): AttributeCategory {
  if (declaredType !== null) {
    if (isCodecSpec(declaredType)) return 'codec'
    const spec = coreTypeOf(declaredType)
    if (spec !== null) return spec.category
  }
  if (backend === 'postgresql' && /^enum_[0-9a-f]{8}$/.test(sqlType)) return 'enum'
  return NATIVE_CATEGORIES.find(([pattern]) => pattern.test(sqlType))?.[1] ?? 'other'
}

export function definitionError(message: string, line?: number): DataJointError {
  return new DataJointError('INVALID_DEFINITION', message, line === undefined ? {} : { line })
}
