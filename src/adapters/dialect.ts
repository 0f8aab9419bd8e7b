// A backend bundled for the engine: compiler, driver factory, catalog queries, capability flags and connection
// defaults. The only place, with the compilers it creates, that knows MySQL from PostgreSQL.

import type { PlannerCapabilities } from '../sql/plan'
import type { StatementLimits } from '../sql/statement-size'
import type { SqlCompiler } from '../sql/compiler'
import type { DdlDialect } from '../declare/ddl'
import type { Attribute } from '../heading/attribute'
import type { Introspector } from './catalog-rows'
import type { Backend } from '../backend'
import type { Decoder } from './decoders'
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
  /** How this driver's raw cells of a result column become JavaScript values. */
  columnDecoder(attribute: Attribute, field: FieldInfo | undefined): Decoder
}

/** A table's quoted full name as DataJoint prints it (`` `schema`.`table` `` / `"schema"."table"`). */
export function quotedTableName(dialect: Dialect, schema: string, table: string): string {
  const compiler = dialect.createCompiler()
  return `${compiler.quote(schema)}.${compiler.quote(table)}`
}
