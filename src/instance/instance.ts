// Instance: an isolated config + connection + catalog, DataJoint 2.2's `dj.Instance`. Two Instances share
// nothing; queries inside `transaction()` run on one pinned session found through AsyncLocalStorage.

import { AsyncLocalStorage } from 'node:async_hooks'
import type { BulkLoad, CompiledQuery, ConnectInfo, Driver, DriverSession, FieldInfo, QueryResult } from '../adapters/driver'
import type { Dialect } from '../adapters/dialect'
import { dialectFor } from '../adapters/dialects'
import type { Introspector, RowCount } from '../adapters/catalog-rows'
import type { ResolveContext } from '../algebra/resolve'
import type { Backend } from '../backend'
import type { TableInfo } from '../heading/table-info'
import { DataJointError, isDataJointError } from '../errors/datajoint-error'
import { Schema } from '../schema/schema'
import type { SavepointNode } from '../sql/nodes'
import type { StatementLimits } from '../sql/statement-size'
import { Table } from '../table/table'
import { StatementPipeline } from '../pipeline/pipeline'
import { CatalogCache } from './catalog'
import { CatalogStore, catalogServerKey } from './catalog-store'
import { applyInstanceOverrides, type Config } from './config'
import { loadConfig } from './config-sources'
import type { EngineContext } from './context'
import { createConsoleLogger, type Logger } from './logger'

export const ENGINE_VERSION = '2.2.4'

/**
 * Internal to the global pattern: `dj.conn()`'s Instance reads `dj.config` itself, not a copy, because
 * DataJoint's global connection follows later changes to the global config (`dj.config.safemode = false`).
 */
export const SHARE_CONFIG: unique symbol = Symbol('dj.Instance.shareConfig')

export interface InstanceOptions {
  readonly host?: string
  readonly user?: string
  readonly password?: string
  readonly port?: number
  /** undefined: try TLS, fall back to plain with a warning; true: require; false: never. */
  readonly useTls?: boolean
  readonly backend?: Backend
  /** An explicit config to start from (cloned). Without it, the config is read like DataJoint's: env vars, datajoint.json, .secrets. */
  readonly config?: Config
  readonly logger?: Logger
  /** Sessions in the pool (default 4). */
  readonly poolSize?: number
  /**
   * Catalogs shared with the other Instances given the same store, for those on the same server as the same user
   * (the app's tabs): a schema another one has read is taken from it once the server confirms its version.
   */
  readonly catalogStore?: CatalogStore
  /** Who the server is, for `catalogStore`, where host and port do not tell (an SSH tunnel's local end); default `host:port`. */
  readonly catalogServer?: string
  /** Config overrides, as Python's `**kwargs`: `safemode: false`, `display__limit: 3`, `display: { limit: 3 }`. */
  readonly [override: string]: unknown
  readonly [SHARE_CONFIG]?: boolean
}

interface TransactionState {
  readonly instance: symbol
  readonly session: DriverSession
}

/**
 * A session whose statements run one after another: code inside a transaction may issue queries concurrently
 * (e.g. loading the catalog with Promise.all), and one physical connection must not interleave them.
 */
function serialized(session: DriverSession): DriverSession {
  let tail: Promise<unknown> = Promise.resolve()
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work)
    tail = result.catch(() => undefined)
    return result
  }
  const { bulkLoad } = session
  return {
    id: session.id,
    query: (query) => inTurn(() => session.query(query)),
    stream: (query, batchSize, onFields) => session.stream(query, batchSize, onFields),
    ...(bulkLoad === undefined ? {} : { bulkLoad: (load: BulkLoad) => inTurn(() => bulkLoad(load)) }),
    release: (destroy) => session.release(destroy),
  }
}

const NAMED_OPTIONS = new Set(['host', 'user', 'password', 'port', 'useTls', 'backend', 'config', 'logger', 'poolSize', 'catalogStore', 'catalogServer'])

const LOST_DURING_TRANSACTION = 'Connection was lost during a transaction.'

function lostDuringTransaction(error: DataJointError): DataJointError {
  if (error.message === LOST_DURING_TRANSACTION) return error
  return new DataJointError('LOST_CONNECTION', LOST_DURING_TRANSACTION, {}, { cause: error })
}

/** DataJoint accepts `host:port`; IPv6 addresses need brackets for that (`[::1]:5432`), bare ones have no port. */
function splitHostPort(host: string, port: number): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(host)
  if (bracketed) return { host: bracketed[1] as string, port: bracketed[2] === undefined ? port : Number(bracketed[2]) }
  if (host.indexOf(':') !== host.lastIndexOf(':')) return { host, port }
  const match = /^(.*):(\d+)$/.exec(host)
  return match ? { host: match[1] as string, port: Number(match[2]) } : { host, port }
}

export class Instance implements EngineContext {
  readonly id = Symbol('dj.Instance')
  readonly config: Config
  readonly logger: Logger
  readonly dialect: Dialect
  readonly catalog: CatalogCache
  readonly resolveContext: ResolveContext
  readonly pipeline: StatementPipeline = new StatementPipeline(this)
  readonly #host: string
  readonly #port: number
  readonly #user: string
  readonly #password: string
  readonly #useTls: boolean | undefined
  readonly #poolSize: number
  readonly #transactions = new AsyncLocalStorage<TransactionState>()
  #savepoints = 0
  /** The session of a `withSession` call (not a transaction: no BEGIN/COMMIT around it). */
  readonly #pinned = new AsyncLocalStorage<TransactionState>()
  #driver: Driver | null = null
  #connecting: Promise<ConnectInfo> | null = null
  #connectInfo: ConnectInfo | null = null
  /** Bumped by close(), so a connect() that finishes afterwards knows it was abandoned. */
  #generation = 0

  constructor(options: InstanceOptions = {}) {
    let levelSource: Config | undefined
    const logger = options.logger ?? createConsoleLogger({ level: () => levelSource?.loglevel ?? 'INFO', stream: process.stdout })
    const given = options.config
    const config =
      given === undefined
        ? loadConfig({ env: process.env, cwd: process.cwd(), logger })
        : options[SHARE_CONFIG] === true
          ? given
          : given.clone()
    levelSource = config
    const overrides: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(options)) if (!NAMED_OPTIONS.has(key)) overrides[key] = value
    applyInstanceOverrides(config, { ...overrides, backend: options.backend, port: options.port ?? null })
    this.config = config
    this.logger = logger
    this.dialect = dialectFor(config.database.backend)
    const address = splitHostPort(options.host ?? config.database.host, options.port ?? config.database.port)
    this.#host = address.host
    this.#port = address.port
    this.#user = options.user ?? config.database.user ?? ''
    this.#password = options.password ?? config.database.password?.getSecretValue() ?? ''
    this.#useTls = options.useTls ?? config.database.useTls ?? undefined
    this.#poolSize = options.poolSize ?? 4
    const introspector: Introspector = this.dialect.createIntrospector((query) => this.run(query))
    const server = catalogServerKey({
      backend: this.dialect.backend,
      server: options.catalogServer ?? `${this.#host.toLowerCase()}:${this.#port}`,
      user: this.#user,
      database: config.database.name ?? null,
    })
    this.catalog = new CatalogCache(introspector, this.dialect.backend, options.catalogStore ?? new CatalogStore(), server)
    this.resolveContext = { catalog: this.catalog, warn: (message) => this.logger.warning(message) }
  }

  get host(): string {
    return this.#host
  }

  get port(): number {
    return this.#port
  }

  get user(): string {
    return this.#user
  }

  get isConnected(): boolean {
    return this.#connectInfo !== null
  }

  /** What the connection achieved (server version, TLS), once connected. */
  get connectInfo(): ConnectInfo | null {
    return this.#connectInfo
  }

  /** What one statement may carry: the dialect's limits, with the bound the server reported when it connected. */
  get statementLimits(): StatementLimits {
    const limits = this.dialect.capabilities.statementLimits
    const reported = this.#connectInfo?.maxStatementBytes
    return reported === undefined ? limits : { ...limits, maxStatementBytes: reported }
  }

  /** Connects now instead of on first use; raises CONNECTION_FAILED / ACCESS_DENIED naming host and port. */
  async connect(): Promise<ConnectInfo> {
    if (this.#connecting === null) {
      this.#connecting = this.#open().catch((error: unknown) => {
        this.#connecting = null
        throw error
      })
    }
    return this.#connecting
  }

  async #open(): Promise<ConnectInfo> {
    const generation = this.#generation
    const driver = this.dialect.createDriver(
      {
        host: this.#host,
        port: this.#port,
        user: this.#user,
        password: this.#password,
        useTls: this.#useTls,
        database: this.config.database.name ?? undefined,
        connectTimeoutMs: 10_000,
        poolSize: this.#poolSize,
      },
      this.logger,
    )
    const info = await driver.connect()
    if (generation !== this.#generation) {
      // close() ran while this attempt was under way: the pool must not outlive it.
      await driver.close()
      throw new DataJointError('LOST_CONNECTION', 'The Instance was closed while connecting.')
    }
    this.#driver = driver
    this.#connectInfo = info
    this.logger.info(`DataJoint ${ENGINE_VERSION} connected to ${this.#user}@${this.#host}:${this.#port}`)
    if (/mariadb/i.test(info.serverVersion)) {
      this.logger.warning('MariaDB is not officially supported by DataJoint 2.x; Joinery tests it as a stand-in for MySQL 8.')
    }
    return info
  }

  async #ensureDriver(): Promise<Driver> {
    await this.connect()
    if (this.#driver === null) throw new DataJointError('LOST_CONNECTION', 'Not connected')
    return this.#driver
  }

  get inTransaction(): boolean {
    return this.#transactions.getStore()?.instance === this.id
  }

  /** The session of this Instance's current transaction, if `run` is inside one. */
  #transactionSession(): DriverSession | undefined {
    const transaction = this.#transactions.getStore()
    return transaction !== undefined && transaction.instance === this.id ? transaction.session : undefined
  }

  /** Runs a statement of the current transaction: a lost connection ends it (DataJoint refuses to go on). */
  async #inTransaction<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      if (isDataJointError(error, 'LOST_CONNECTION')) {
        // DataJoint reconnects, rolls back and refuses to go on; the server already rolled back the lost session.
        if (this.config.database.reconnect) this.logger.warning('Reconnecting to database server.')
        throw lostDuringTransaction(error)
      }
      throw error
    }
  }

  async run(query: CompiledQuery): Promise<QueryResult> {
    const transactionSession = this.#transactionSession()
    if (transactionSession !== undefined) return this.#inTransaction(() => transactionSession.query(query))
    const pinned = this.#pinned.getStore()
    if (pinned !== undefined && pinned.instance === this.id) return pinned.session.query(query)
    const driver = await this.#ensureDriver()
    try {
      return await driver.query(query)
    } catch (error) {
      if (isDataJointError(error, 'LOST_CONNECTION') && this.config.database.reconnect) {
        this.logger.warning('Reconnecting to database server.')
        return driver.query(query)
      }
      throw error
    }
  }

  get canBulkLoad(): boolean {
    return this.#transactionSession()?.bulkLoad !== undefined
  }

  async bulkLoad(load: BulkLoad): Promise<number> {
    const bulkLoad = this.#transactionSession()?.bulkLoad
    if (bulkLoad === undefined) throw new DataJointError('INTERNAL', 'A bulk load runs in a transaction on a connection that has a bulk form.')
    return this.#inTransaction(() => bulkLoad(load))
  }

  async *stream(
    query: CompiledQuery,
    batchSize: number,
    onFields?: (fields: readonly FieldInfo[]) => void,
  ): AsyncIterable<readonly (readonly unknown[])[]> {
    const transaction = this.#transactions.getStore()
    if (transaction !== undefined && transaction.instance === this.id) {
      yield* transaction.session.stream(query, batchSize, onFields)
      return
    }
    const pinned = this.#pinned.getStore()
    if (pinned !== undefined && pinned.instance === this.id) {
      yield* pinned.session.stream(query, batchSize, onFields)
      return
    }
    const session = await (await this.#ensureDriver()).acquire()
    let broken = false
    try {
      yield* session.stream(query, batchSize, onFields)
    } catch (error) {
      broken = true
      throw error
    } finally {
      session.release(broken)
    }
  }

  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls everything back when it throws.
   * Nested transactions are refused, as in DataJoint.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) throw new DataJointError('INVALID_QUERY', 'Nested connections are not supported.')
    const session = serialized(await (await this.#ensureDriver()).acquire())
    let broken = false
    try {
      await session.query({ sql: this.dialect.capabilities.beginTransaction, params: [] })
      const result = await this.#transactions.run({ instance: this.id, session }, fn)
      await session.query({ sql: 'COMMIT', params: [] })
      return result
    } catch (error) {
      try {
        await session.query({ sql: 'ROLLBACK', params: [] })
      } catch {
        // The session died with the transaction: the server rolls back on disconnect.
        broken = true
      }
      if (isDataJointError(error, 'LOST_CONNECTION')) {
        broken = true
        throw lostDuringTransaction(error)
      }
      throw error
    } finally {
      session.release(broken)
    }
  }

  /**
   * Runs `fn` with its statements on one dedicated session, after telling `onSession` that session's server id:
   * the handle `cancel` needs to stop what `fn` runs (the app's cancel button). Inside a transaction, the
   * transaction's session is the one reported.
   */
  async withSession<T>(fn: () => Promise<T>, onSession: (sessionId: number) => void): Promise<T> {
    const transaction = this.#transactions.getStore()
    if (transaction !== undefined && transaction.instance === this.id) {
      onSession(transaction.session.id)
      return fn()
    }
    const session = serialized(await (await this.#ensureDriver()).acquire())
    let broken = false
    try {
      onSession(session.id)
      return await this.#pinned.run({ instance: this.id, session }, fn)
    } catch (error) {
      broken = isDataJointError(error, 'LOST_CONNECTION')
      throw error
    } finally {
      session.release(broken)
    }
  }

  /** Stops the statement running on this Instance's session `sessionId` (from `withSession`); it fails with CANCELLED. */
  async cancel(sessionId: number): Promise<void> {
    await (await this.#ensureDriver()).cancel(sessionId)
  }

  /**
   * Runs `fn` as one unit: in a new transaction, or inside the current one under a savepoint, so that a
   * failure undoes only what `fn` did (a batched insert is as atomic as DataJoint's single statement).
   */
  async atomically<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.inTransaction) return this.transaction(fn)
    // Unique names: MySQL replaces a savepoint of the same name instead of nesting it.
    this.#savepoints += 1
    const name = `dj_atomic_${this.#savepoints}`
    const savepoint = (action: SavepointNode['action']) => this.pipeline.execute({ kind: 'savepoint', action, name })
    await savepoint('set')
    try {
      const result = await fn()
      await savepoint('release')
      return result
    } catch (error) {
      if (!isDataJointError(error, 'LOST_CONNECTION')) {
        try {
          await savepoint('rollbackTo')
          await savepoint('release')
        } catch {
          // The original error says more; the caller's transaction then fails on its own.
        }
      }
      throw error
    }
  }

  async loadSchemas(schemas: readonly string[]): Promise<void> {
    await this.catalog.load(schemas)
  }

  /** The schemas on the server, system schemas excluded (`dj.list_schemas()`). */
  async listSchemas(): Promise<string[]> {
    await this.connect()
    return this.catalog.introspector.listSchemas()
  }

  /**
   * Activates a schema (`inst.Schema(name)`): creates it when missing unless `create: false`, and reads its catalog
   * from the server — unless `refresh: false` and the catalog already holds it.
   * @example const schema = await inst.schema('tutorial')
   */
  async schema(name: string, options: { create?: boolean; refresh?: boolean } = {}): Promise<Schema> {
    if (!/^[A-Za-z0-9_$]{1,64}$/.test(name)) {
      throw new DataJointError('INVALID_INPUT', `Invalid schema name \`${name}\``)
    }
    await this.connect()
    // A schema the catalog holds, taken as last read (the caller has just read it): no statement.
    if (options.refresh === false && this.catalog.isLoaded(name)) return new Schema(this, name)
    if (!(await this.catalog.introspector.schemaExists(name))) {
      if (options.create === false) {
        throw new DataJointError('NOT_FOUND', `Database \`${name}\` has not yet been declared. Set argument create_schema=True to create it.`)
      }
      try {
        await this.pipeline.execute({ kind: 'createSchema', schema: name })
      } catch (error) {
        if (isDataJointError(error, 'ACCESS_DENIED')) {
          throw new DataJointError('ACCESS_DENIED', `Schema \`${name}\` does not exist and could not be created. Check permissions.`, {}, { cause: error })
        }
        throw error
      }
    }
    await this.catalog.load([name], { refresh: true })
    return new Schema(this, name)
  }

  /** A table's heading and catalog facts, loading its schema if needed; MISSING_TABLE when there is no such table. */
  async tableInfo(schema: string, table: string): Promise<TableInfo> {
    const cached = this.catalog.isLoaded(schema)
    await this.catalog.load([schema])
    // Declared since its schema was loaded (by another client): load the schema again before calling it missing.
    if (cached && this.catalog.table(schema, table) === undefined) await this.catalog.load([schema], { refresh: true })
    const info = this.catalog.table(schema, table)
    if (info === undefined) {
      throw new DataJointError('MISSING_TABLE', `The table \`${schema}\`.\`${table}\` is not defined.`, { table: `${schema}.${table}` })
    }
    return info
  }

  /**
   * Every table of a schema with its heading (one catalog load, whatever the table count); NOT_FOUND for no such
   * schema. `refresh` reads the schema from the server again, so tables declared or dropped by others show.
   */
  async tablesOf(schema: string, options: { readonly refresh?: boolean } = {}): Promise<TableInfo[]> {
    await this.catalog.load([schema], { refresh: options.refresh === true })
    const tables = this.catalog.tablesOf(schema)
    if (tables.length === 0 && !(await this.catalog.introspector.schemaExists(schema))) {
      throw new DataJointError('NOT_FOUND', `Schema \`${schema}\` does not exist.`)
    }
    return tables
  }

  /** Row counts of tables of one schema, counted, in one statement. */
  rowCounts(schema: string, tables: readonly string[]): Promise<Map<string, number>> {
    return this.catalog.introspector.rowCounts(schema, tables)
  }

  /**
   * Row counts of tables of one schema from the server's statistics, in one statement (instant however big the
   * table; tables without statistics are missing from the answer, and `estimated: false` marks exact ones).
   */
  rowEstimates(schema: string, tables: readonly string[]): Promise<Map<string, RowCount>> {
    return this.catalog.introspector.rowEstimates(schema, tables)
  }

  /** Any table by `schema.table` (SQL name, quotes optional), without declaring classes (`dj.FreeTable`). */
  async freeTable(fullName: string): Promise<Table> {
    const parts = fullName.replace(/[`"]/g, '').split('.')
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      throw new DataJointError('INVALID_INPUT', `Invalid table name ${fullName}: expected schema.table`)
    }
    const [schema, table] = parts as [string, string]
    await this.connect()
    await this.tableInfo(schema, table)
    return new Table(this, schema, table)
  }

  async close(): Promise<void> {
    this.#generation += 1
    const driver = this.#driver
    this.#driver = null
    this.#connecting = null
    this.#connectInfo = null
    await driver?.close()
  }

  toString(): string {
    return `Instance(DataJoint connection (${this.isConnected ? 'connected' : 'disconnected'}) ${this.#user}@${this.#host}:${this.#port})`
  }
}
