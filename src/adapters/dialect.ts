// A backend bundled for the engine: compiler, driver factory, catalog queries, capability flags and connection
// defaults. The only place, with the compilers it creates, that knows MySQL from PostgreSQL.

import type { PlannerCapabilities } from '../sql/plan'
import type { StatementLimits } from '../sql/statement-size'
import type { SqlCompiler } from '../sql/compiler'
import type { DdlDialect } from '../declare/ddl'
import type { Attribute } from '../heading/attribute'
import type { Introspector } from './catalog-rows'
import type { Backend } from '../backend'
import type { DecodeOptions, Decoder } from './decoders'
import type { CompiledQuery, CreateDriver, FieldInfo, QueryResult } from './driver'

export interface DialectCapabilities extends PlannerCapabilities {
  /** The statement that opens a transaction (MySQL asks for a consistent snapshot, as DataJoint does). */
  readonly beginTransaction: string
  /** How many values one statement can carry: a long key list (a cascade's materialised keys) is split to fit. */
  readonly statementLimits: StatementLimits
  /**
   * The size past which a multi-row INSERT gets no faster per row (or slower), well inside `statementLimits`;
   * null where only the limit bounds it.
   */
  readonly bulkInsertSize: { readonly parameters: number | null; readonly bytes: number | null }
  /**
   * Rows from which an insert goes in the server's bulk form (a session's `bulkLoad`, where the connection has
   * one) instead of multi-row INSERTs; null for a backend without one.
   */
  readonly bulkLoadMinRows: number | null
}

export interface Dialect {
  readonly backend: Backend
  readonly capabilities: DialectCapabilities
  /** The port DataJoint assumes when none is configured. */
  readonly defaultPort: number
  /** The user a connection imported without one gets (the server's superuser, as in DataJoint's examples). */
  readonly defaultUser: string
  readonly ddl: DdlDialect
  createCompiler(): SqlCompiler
  readonly createDriver: CreateDriver
  createIntrospector(run: (query: CompiledQuery) => Promise<QueryResult>): Introspector
  /**
   * The values a native integer column holds, from its SQL type as the catalog reports it (`int unsigned`,
   * `smallint`, `int8`); null for a type that is not one of this server's integer types.
   */
  integerRange(sqlType: string): readonly [bigint, bigint] | null
  /** How this driver's raw cells of a result column become JavaScript values. */
  columnDecoder(attribute: Attribute, field: FieldInfo | undefined, options?: DecodeOptions): Decoder
  /** The SQL that turns rows into canonical text and checksums, for comparing rows across servers. */
  readonly rowDigest: RowDigestSql
}

/**
 * Canonical row text and checksums, computed on the server (the row comparison moves checksums, not rows). Each
 * backend spells the same text for the same DataJoint value: integers and decimals (at their declared scale) in
 * plain digits, floats as `<mantissa>e<exponent>` with a stated number of significant digits, dates, datetimes and
 * times at microsecond precision, bools as `1`/`0`, uuids as 32 lowercase hex digits, bytes and blobs as the MD5
 * of their bytes. JSON is normalised by each server in its own normal form (`jsonForm`): two servers of one form
 * agree, two of different forms do not and their rows are compared on the client.
 */
export interface RowDigestSql {
  /** Names the server's JSON normal form; sides with different forms cannot compare JSON by checksum. */
  readonly jsonForm: string
  /** The canonical text of one column (`column` is its quoted reference); NULL stays NULL. */
  canonicalText(column: string, attribute: Attribute, floatDigits: number): string
  /**
   * One text of a row's canonical texts: each marked `v<text>` or `n` (NULL), so that NULL and '' stay apart, and
   * joined by the unit separator (U+001F), which data does not hold. Each text is evaluated once.
   */
  rowText(canonicalTexts: readonly string[]): string
  /** `SELECT count(*), <checksum>` over a derived table (already compiled SQL), the checksum as exact decimal text. */
  segmentChecksum(derivedTable: string, rowText: string): string
  /**
   * `SELECT bucket, count(*), <checksum>` grouped by `floor(column / width)` (an integer column, `width` a positive
   * whole number): one pass gives the checksums of every fixed-width key range, the bucket as exact decimal text.
   */
  bucketChecksums(derivedTable: string, rowText: string, column: string, width: bigint): string
}

/** A table's quoted full name as DataJoint prints it (`` `schema`.`table` `` / `"schema"."table"`). */
export function quotedTableName(dialect: Dialect, schema: string, table: string): string {
  const compiler = dialect.createCompiler()
  return `${compiler.quote(schema)}.${compiler.quote(table)}`
}
