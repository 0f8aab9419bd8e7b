// What table operations need from an Instance, as an interface, so that table/ and schema/ do not import
// the Instance class (and tests can see exactly what they use).

import type { BulkLoad, CompiledQuery, FieldInfo, QueryResult } from '../adapters/driver'
import type { Dialect } from '../adapters/dialect'
import type { StatementLimits } from '../sql/statement-size'
import type { ResolveContext } from '../algebra/resolve'
import type { StatementPipeline } from '../pipeline/pipeline'
import type { CatalogCache } from './catalog'
import type { Config } from './config'
import type { Logger } from './logger'

export interface EngineContext {
  /** Identifies the Instance; expressions of two Instances cannot be combined. */
  readonly id: symbol
  readonly dialect: Dialect
  /** What one statement may carry: the dialect's limits, with the bound the server reported when it connected. */
  readonly statementLimits: StatementLimits
  readonly catalog: CatalogCache
  readonly config: Config
  readonly logger: Logger
  readonly resolveContext: ResolveContext
  /** Resolve → plan → compile → run: the only way table operations and services run a query tree. */
  readonly pipeline: StatementPipeline
  /** Runs a statement, inside the current transaction if there is one. */
  run(query: CompiledQuery): Promise<QueryResult>
  /** Streams rows in batches on a dedicated session (or the transaction's). */
  stream(
    query: CompiledQuery,
    batchSize: number,
    onFields?: (fields: readonly FieldInfo[]) => void,
  ): AsyncIterable<readonly (readonly unknown[])[]>
  /** Whether this transaction's session takes rows in the server's bulk form (`bulkLoad`); false outside one. */
  readonly canBulkLoad: boolean
  /** Loads rows in the server's bulk form on this transaction's session (only when `canBulkLoad`). */
  bulkLoad(load: BulkLoad): Promise<number>
  /** Runs `fn` in a new transaction, or in the current one under a savepoint: a failure undoes only `fn`. */
  atomically<T>(fn: () => Promise<T>): Promise<T>
  readonly inTransaction: boolean
  /** Ensures the catalog holds these schemas. */
  loadSchemas(schemas: readonly string[]): Promise<void>
}
