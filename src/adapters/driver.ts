// Structural interfaces between the engine and a database driver. No mysql2/pg types leak past this file.

import type { Backend } from '../backend'
import type { Logger } from '../instance/logger'

export type { Backend }

/** A value the engine binds as a statement parameter. */
export type SqlValue = null | boolean | number | bigint | string | Uint8Array | Date

/** SQL text plus the values bound to its placeholders. */
export interface CompiledQuery {
  readonly sql: string
  readonly params: readonly SqlValue[]
  /**
   * The caller takes rows as objects keyed by column name (the columns' names are unique): a driver that builds
   * them as it reads the rows answers `objects` instead of `rows`, saving a second pass over the result.
   */
  readonly rowsAsObjects?: boolean
  /**
   * The statement is one of a series with this same text and other values: a multi-row INSERT … VALUES, which an
   * insert sends in batches of one size. A driver that prepares statements may keep this one for the next.
   */
  readonly repeated?: boolean
}

/** A result column as the driver describes it; `typeId` is the driver's native type code (MySQL column type or PG OID). */
export interface FieldInfo {
  readonly name: string
  readonly typeId: number
  /** MySQL flags (binary, unsigned...) or 0. */
  readonly flags: number
}

export interface QueryResult {
  /** Rows as arrays, in `fields` order (empty when `objects` holds them). */
  readonly rows: readonly (readonly unknown[])[]
  /** Rows as objects keyed by column name, when the query asked for them and the driver builds them. */
  readonly objects?: Record<string, unknown>[]
  readonly fields: readonly FieldInfo[]
  /** Rows changed by INSERT/UPDATE/DELETE (0 for SELECT). */
  readonly affectedRows: number
}

/**
 * Rows loaded into a base table in the server's bulk form: a value for every column of every row (no DEFAULT),
 * with an INSERT's duplicate rule.
 */
export interface BulkLoad {
  readonly table: { readonly schema: string; readonly table: string }
  readonly columns: readonly string[]
  readonly rows: readonly (readonly SqlValue[])[]
  /** `error`: a duplicate key fails; `skip`: rows colliding on the primary key are ignored; `replace`: they overwrite. */
  readonly onDuplicate: 'error' | 'skip' | 'replace'
  readonly primaryKey: readonly string[]
}

/** One physical connection (a session); transactions run on one of these. */
export interface DriverSession {
  /** Server-side id (MySQL `connection_id()`, PostgreSQL backend pid), used to cancel its running statement. */
  readonly id: number
  query(query: CompiledQuery): Promise<QueryResult>
  /**
   * Streams rows in batches through a server-side cursor (PG) or a streaming result (MySQL); `onFields`
   * receives the result columns before the first batch is yielded.
   */
  stream(
    query: CompiledQuery,
    batchSize: number,
    onFields?: (fields: readonly FieldInfo[]) => void,
  ): AsyncIterable<readonly (readonly unknown[])[]>
  /**
   * Loads rows in the server's bulk form (PostgreSQL's COPY FROM STDIN) inside the transaction open on this
   * session, and answers how many were inserted or replaced. A failure names the row (`details.row`, its index in
   * `rows`) where the server says which. Absent where the connection has no bulk form (PGlite's socket).
   */
  readonly bulkLoad?: (load: BulkLoad) => Promise<number>
  /** Returns the session to the pool; `destroy` closes it instead (after an error left it unusable). */
  release(destroy?: boolean): void
}

export interface DriverOptions {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
  /** undefined: try TLS, fall back to plain with a warning; true: require TLS; false: plain. */
  readonly useTls: boolean | undefined
  /** PostgreSQL database to connect to (default `postgres`). Ignored on MySQL. */
  readonly database: string | undefined
  readonly connectTimeoutMs: number
  readonly poolSize: number
}

export interface ConnectInfo {
  readonly serverVersion: string
  readonly tls: boolean
  readonly connectionId: number
  /** Bytes of one statement the server accepts, when it reports its own bound (MySQL's max_allowed_packet). */
  readonly maxStatementBytes?: number
}

export interface Driver {
  readonly backend: Backend
  /** Opens the pool and checks the credentials; raises CONNECTION_FAILED / ACCESS_DENIED / TLS_REQUIRED. */
  connect(): Promise<ConnectInfo>
  /** Runs one autocommit statement on any pooled session. */
  query(query: CompiledQuery): Promise<QueryResult>
  /** Takes a session out of the pool for a transaction or a stream. */
  acquire(): Promise<DriverSession>
  /** Stops the statement running on the session with this server id (from another connection). */
  cancel(sessionId: number): Promise<void>
  close(): Promise<void>
}

export type CreateDriver = (options: DriverOptions, logger: Logger) => Driver
