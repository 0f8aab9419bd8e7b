// A backend bundled for the engine: compiler, driver factory, catalog queries, error translation, capability flags.

import type { PlannerCapabilities } from '../sql/plan'
import type { SqlCompiler } from '../sql/compiler'
import type { DdlDialect } from '../declare/ddl-dialect'
import type { Attribute } from '../heading/attribute'
import type { Introspector } from './catalog-rows'
import type { Decoder } from './decoders'
import type { Backend, CompiledQuery, CreateDriver, FieldInfo, QueryResult } from './driver'

export interface DialectCapabilities extends PlannerCapabilities {
  /** The statement that opens a transaction (MySQL asks for a consistent snapshot, as DataJoint does). */
  readonly beginTransaction: string
  /** DROP SCHEMA needs CASCADE on PostgreSQL; MySQL's DROP DATABASE drops everything. */
  readonly defaultPort: number
}

export interface Dialect {
  readonly backend: Backend
  readonly capabilities: DialectCapabilities
  readonly ddl: DdlDialect
  createCompiler(): SqlCompiler
  readonly createDriver: CreateDriver
  createIntrospector(run: (query: CompiledQuery) => Promise<QueryResult>): Introspector
  /** Statements to create and drop a schema. */
  createSchema(schema: string): CompiledQuery
  dropSchema(schema: string): CompiledQuery
  /** How this driver's raw cells of a result column become JavaScript values. */
  columnDecoder(attribute: Attribute, field: FieldInfo | undefined): Decoder
}
