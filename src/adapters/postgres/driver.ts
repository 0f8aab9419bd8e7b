// The only module importing pg: a pool with per-pool type parsers, TLS negotiation, cursor streaming and
// cancel. Must not rely on per-connection state (SET, search_path, named statements): PGlite has one session.

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Logger } from '../../instance/logger'
import type { DataJointError } from '../../errors/datajoint-error'
import type {
  BulkLoad,
  CompiledQuery,
  ConnectInfo,
  Driver,
  DriverOptions,
  DriverSession,
  FieldInfo,
  QueryResult,
} from '../driver'
import type { Socket } from 'node:net'
import {
  Abandonment,
  CANCEL_TIMEOUT_MS,
  KEEPALIVE_INITIAL_DELAY_MS,
  cancelledError,
  checkSessionId,
  checkSessionUsable,
  connectWithTls,
  endpointOf,
  notConnectedError,
  queryOnce,
  settledWithin,
  warnReconnecting,
} from '../driver-common'
import type { Endpoint } from '../driver-errors'
import { bulkLoadStatements, copyText } from './bulk-load'
import { isPostgresTlsFailure, translatePostgresConnectError, translatePostgresError } from './errors'

const OID = {
  bytea: 17,
  int8: 20,
  json: 114,
  jsonArray: 199,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  timetz: 1266,
  numeric: 1700,
  jsonb: 3802,
  int8Array: 1016,
  dateArray: 1182,
  timeArray: 1183,
  timestampArray: 1115,
  timestamptzArray: 1185,
  timetzArray: 1270,
  numericArray: 1231,
  textArray: 1009,
} as const

// pg-types declares its id parameter as an enum of builtins; any OID is accepted at run time.
const defaultParser = pg.types.getTypeParser as (
  oid: number,
  format?: 'text' | 'binary',
) => (value: string) => unknown

const keepText = (value: string): string => value

/** 64-bit integers: numbers when exact, bigint beyond 2^53. */
function parseInt8(value: string): number | bigint {
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : BigInt(value)
}

/** Decimals and temporal values stay as the server's text; the engine decodes the rest by attribute. */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  switch (oid) {
    case OID.int8:
      return parseInt8
    case OID.numeric:
    case OID.date:
    case OID.time:
    case OID.timetz:
    case OID.timestamp:
    case OID.timestamptz:
      return keepText
    case OID.json:
    case OID.jsonb:
      return (value: string): unknown => JSON.parse(value)
    case OID.int8Array:
    case OID.numericArray:
    case OID.dateArray:
    case OID.timeArray:
    case OID.timetzArray:
    case OID.timestampArray:
    case OID.timestamptzArray:
      return defaultParser(OID.textArray, format)
    default:
      return defaultParser(oid, format)
  }
}

const TYPES: pg.CustomTypesConfig = { getTypeParser: getTypeParser as pg.CustomTypesConfig['getTypeParser'] }

/** `queryMode: 'extended'` (pg ≥ 8.12) sends every statement through Parse/Bind: one statement per call. */
interface ArrayQuery extends pg.QueryArrayConfig<unknown[]> {
  readonly queryMode: 'extended'
}

const MUTATING_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY'])

function toResult(result: pg.QueryArrayResult<unknown[]>): QueryResult {
  const fields: FieldInfo[] = result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID, flags: 0 }))
  const affectedRows = MUTATING_COMMANDS.has(result.command) ? (result.rowCount ?? 0) : 0
  return { rows: result.rows, fields, affectedRows }
}

function runOn(client: pg.ClientBase, query: CompiledQuery): Promise<pg.QueryArrayResult<unknown[]>> {
  const config: ArrayQuery = {
    text: query.sql,
    values: [...query.params],
    rowMode: 'array',
    queryMode: 'extended',
  }
  return client.query(config)
}

// pg's conversion of a bound value (a Date as local time with its offset); not in pg's type declarations.
const { prepareValue } = (pg as unknown as { readonly utils: { readonly prepareValue: (value: unknown) => unknown } }).utils
const boundDateText = (date: Date): string => String(prepareValue(date))

/** Streams rows as COPY text into a `COPY … FROM STDIN`; answers the rows the server took. */
async function copyRows(client: pg.ClientBase, sql: string, rows: BulkLoad['rows']): Promise<number> {
  const stream = client.query(copyFrom(sql))
  await pipeline(Readable.from(copyText(rows, boundDateText)), stream)
  return stream.rowCount
}

/** Closes a client's socket at once: `end()` waits for the server, which may never answer. */
function destroySocket(client: pg.ClientBase): void {
  const internals = client as unknown as { connection?: { stream?: Socket } }
  internals.connection?.stream?.destroy()
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

class PostgresSession implements DriverSession {
  readonly id: number
  readonly #client: pg.PoolClient
  readonly #owner: PostgresDriver
  readonly #onError: (err: Error) => void
  #lost = false
  #released = false
  #running = 0
  #streams = 0
  #cancelRequested = false
  readonly #abandonment = new Abandonment()
  readonly bulkLoad?: (load: BulkLoad) => Promise<number>

  constructor(client: pg.PoolClient, id: number, owner: PostgresDriver) {
    this.id = id
    this.#client = client
    this.#owner = owner
    // PGlite's socket server loses the protocol's thread at a COPY FROM STDIN and drops the connection.
    if (!owner.pglite) this.bulkLoad = (load) => this.#bulkLoad(load)
    // While checked out, pg-pool's idle listener is detached: without ours, an async socket error would crash
    // the process.
    this.#onError = (err: Error): void => {
      this.#lost = true
      owner.logger.debug(`PostgreSQL session ${id} error: ${err.message}`)
    }
    client.on('error', this.#onError)
  }

  #checkUsable(query: CompiledQuery): void {
    checkSessionUsable({ lost: this.#lost, released: this.#released }, query)
  }

  get running(): boolean {
    return this.#running > 0
  }

  requestCancel(): void {
    if (this.#running > 0 || this.#streams > 0) this.#cancelRequested = true
  }

  /**
   * A cancel the server did not confirm in time: the connection is closed, so the server (if it ever resumes)
   * sees the client go and stops the statement; pending statements fail with CANCELLED now.
   */
  abandon(): void {
    if (this.#released) return
    this.#lost = true
    this.#abandonment.abandon()
    destroySocket(this.#client)
  }

  #fail(err: unknown, query: CompiledQuery): DataJointError {
    if (this.#abandonment.abandoned) return cancelledError(query)
    const translated = translatePostgresError(err, query.sql)
    if (translated.code === 'LOST_CONNECTION') this.#lost = true
    return translated
  }

  #run(query: CompiledQuery): Promise<pg.QueryArrayResult<unknown[]>> {
    return this.#guarded(query, () => runOn(this.#client, query))
  }

  /** Runs `work` (the statement `query`) as a cancellable, abandonable statement of this session. */
  async #guarded<T>(query: CompiledQuery, work: () => Promise<T>): Promise<T> {
    this.#checkUsable(query)
    if (this.#cancelRequested) {
      // Only reachable between the statements of a stream.
      this.#cancelRequested = false
      throw cancelledError(query)
    }
    this.#running += 1
    try {
      const result = await this.#abandonment.race(work(), () => cancelledError(query))
      if (this.#cancelRequested) {
        // The statement beat the cancel request (always so on PGlite, which cannot interrupt): report it.
        throw cancelledError(query)
      }
      return result
    } catch (err) {
      throw this.#fail(err, query)
    } finally {
      this.#running -= 1
      if (this.#streams === 0) this.#cancelRequested = false
    }
  }

  async query(query: CompiledQuery): Promise<QueryResult> {
    return toResult(await this.#run(query))
  }

  async #bulkLoad(load: BulkLoad): Promise<number> {
    const { copy, staging } = bulkLoadStatements(load, this.#owner.nextStageName())
    if (staging !== null) await this.#run(staging.create)
    const copied = await this.#guarded({ sql: copy, params: [] }, () => copyRows(this.#client, copy, load.rows))
    if (staging === null) return copied
    const moved = await this.#run(staging.move)
    await this.#run(staging.drop)
    return moved.rowCount ?? 0
  }

  async *stream(
    query: CompiledQuery,
    batchSize: number,
    onFields?: (fields: readonly FieldInfo[]) => void,
  ): AsyncIterable<readonly (readonly unknown[])[]> {
    this.#checkUsable(query)
    const size = Math.max(1, Math.floor(batchSize))
    // Unique across drivers too: on PGlite every connection shares one backend, hence one cursor namespace.
    const cursor = quoteIdentifier(this.#owner.nextCursorName())
    const ownTransaction = this.#client.getTransactionStatus() === 'I'
    let open = false
    let done = false
    this.#streams += 1
    try {
      if (ownTransaction) await this.#run({ sql: 'BEGIN', params: [] })
      await this.#run({ sql: `DECLARE ${cursor} NO SCROLL CURSOR FOR ${query.sql}`, params: query.params })
      open = true
      for (let first = true; ; first = false) {
        const batch = await this.#run({ sql: `FETCH FORWARD ${size} FROM ${cursor}`, params: [] })
        if (first) onFields?.(toResult(batch).fields)
        if (batch.rows.length > 0) yield batch.rows
        if (batch.rows.length < size) break
      }
      await this.#run({ sql: `CLOSE ${cursor}`, params: [] })
      open = false
      if (ownTransaction) await this.#run({ sql: 'COMMIT', params: [] })
      done = true
    } finally {
      this.#streams -= 1
      if (this.#streams === 0) this.#cancelRequested = false
      if (!done && !this.#lost) {
        try {
          if (ownTransaction) await runOn(this.#client, { sql: 'ROLLBACK', params: [] })
          else if (open && this.#client.getTransactionStatus() === 'T') {
            await runOn(this.#client, { sql: `CLOSE ${cursor}`, params: [] })
          }
        } catch {
          this.#lost = true
        }
      }
    }
  }

  release(destroy = false): void {
    if (this.#released) return
    this.#released = true
    this.#owner.forget(this)
    this.#client.removeListener('error', this.#onError)
    this.#client.release(destroy || this.#lost ? true : undefined)
  }

  /** Driver close: pg-pool's end() would otherwise wait for this checked-out client forever. */
  terminate(): void {
    if (this.#released) return
    this.#lost = true
    this.release(true)
  }
}

class PostgresDriver implements Driver {
  readonly backend = 'postgresql' as const
  readonly logger: Logger
  readonly #options: DriverOptions
  readonly #endpoint: Endpoint
  #pool: pg.Pool | undefined
  #tls = false
  #cursorSeq = 0
  readonly #cursorPrefix = `dj_cursor_${Math.random().toString(36).slice(2, 10)}_`
  readonly #pids = new WeakMap<pg.PoolClient, number>()
  /** Checked-out sessions by backend pid; on PGlite every session has the same pid. */
  readonly #sessions = new Map<number, Set<PostgresSession>>()
  #pglite = false
  #stageSeq = 0
  /** An idle pooled client died (pg_terminate_backend, server restart); pg-pool silently drops it. */
  #idleLost = false

  constructor(options: DriverOptions, logger: Logger) {
    this.#options = options
    this.logger = logger
    this.#endpoint = endpointOf(options)
  }

  /** True on PGlite (known once connected). */
  get pglite(): boolean {
    return this.#pglite
  }

  /** A staging table's name, unique within the session's temporary schema. */
  nextStageName(): string {
    this.#stageSeq += 1
    return `dj_stage_${this.#stageSeq}`
  }

  nextCursorName(): string {
    this.#cursorSeq += 1
    return `${this.#cursorPrefix}${this.#cursorSeq}`
  }

  #clientConfig(tls: boolean): pg.ClientConfig {
    const o = this.#options
    return {
      host: o.host,
      port: o.port,
      user: o.user,
      password: o.password,
      database: o.database ?? 'postgres',
      connectionTimeoutMillis: o.connectTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
      types: TYPES,
      // sslmode=require: encrypted, certificate not verified (what DataJoint/psycopg2 ask for).
      ssl: tls ? { rejectUnauthorized: false } : false,
    }
  }

  #createPool(tls: boolean): pg.Pool {
    const clientConfig = this.#clientConfig(tls)
    // pg-pool would also apply connectionTimeoutMillis to waiting for a free client; only connecting should.
    class TimedClient extends pg.Client {
      constructor() {
        super(clientConfig)
      }
    }
    const pool = new pg.Pool({
      ...clientConfig,
      connectionTimeoutMillis: 0,
      max: Math.max(1, this.#options.poolSize),
      Client: TimedClient,
    })
    pool.on('error', (err) => {
      this.#idleLost = true
      this.logger.debug(`PostgreSQL idle connection error: ${err.message}`)
    })
    return pool
  }

  async #checkout(pool: pg.Pool): Promise<{ client: pg.PoolClient; pid: number }> {
    const client = await pool.connect()
    let pid = this.#pids.get(client)
    if (pid === undefined) {
      try {
        const result = await runOn(client, { sql: 'SELECT pg_backend_pid()', params: [] })
        pid = Number(result.rows[0]?.[0])
      } catch (err) {
        client.release(true)
        throw err
      }
      this.#pids.set(client, pid)
    }
    return { client, pid }
  }

  async #attempt(tls: boolean): Promise<ConnectInfo> {
    const pool = this.#createPool(tls)
    try {
      const { client, pid } = await this.#checkout(pool)
      try {
        const info = await runOn(client, { sql: 'SELECT version()', params: [] })
        const serverVersion = String(info.rows[0]?.[0])
        this.#pool = pool
        this.#tls = tls
        this.#pglite = serverVersion.includes('PGlite')
        return { serverVersion, tls, connectionId: pid }
      } finally {
        client.release()
      }
    } catch (err) {
      await pool.end().catch(() => undefined)
      throw err
    }
  }

  async connect(): Promise<ConnectInfo> {
    if (this.#pool !== undefined) await this.close()
    return connectWithTls(this.#options, this.logger, {
      attempt: (tls) => this.#attempt(tls),
      isTlsFailure: isPostgresTlsFailure,
      translateConnectError: translatePostgresConnectError,
    })
  }

  #requirePool(): pg.Pool {
    if (this.#pool === undefined) throw notConnectedError(this.#endpoint)
    return this.#pool
  }

  async acquire(): Promise<DriverSession> {
    const pool = this.#requirePool()
    if (this.#idleLost) {
      this.#idleLost = false
      warnReconnecting(this.logger)
    }
    try {
      const { client, pid } = await this.#checkout(pool)
      const session = new PostgresSession(client, pid, this)
      const sessions = this.#sessions.get(pid) ?? new Set<PostgresSession>()
      sessions.add(session)
      this.#sessions.set(pid, sessions)
      return session
    } catch (err) {
      throw translatePostgresConnectError(err, this.#endpoint)
    }
  }

  forget(session: PostgresSession): void {
    const sessions = this.#sessions.get(session.id)
    sessions?.delete(session)
    if (sessions?.size === 0) this.#sessions.delete(session.id)
  }

  query(query: CompiledQuery): Promise<QueryResult> {
    return queryOnce(() => this.acquire(), query)
  }

  async cancel(sessionId: number): Promise<void> {
    checkSessionId(sessionId)
    this.#requirePool()
    for (const session of this.#sessions.get(sessionId) ?? []) session.requestCancel()
    if (this.#pglite) {
      // PGlite runs statements synchronously in one wasm backend: nothing can interrupt one, and a new
      // connection is not even accepted until it ends. The session reports CANCELLED when it returns.
      this.logger.debug('PGlite cannot interrupt a running statement; it is cancelled when it returns.')
      return
    }
    // A one-off client: every pooled one may be busy running the statements being cancelled.
    const client = new pg.Client(this.#clientConfig(this.#tls))
    client.on('error', (err) => this.logger.debug(`PostgreSQL cancel connection error: ${err.message}`))
    const sent = (async (): Promise<void> => {
      await client.connect()
      await runOn(client, { sql: 'SELECT pg_cancel_backend($1)', params: [sessionId] })
    })()
    let confirmed: boolean
    try {
      confirmed = await settledWithin(sent, CANCEL_TIMEOUT_MS)
    } catch (err) {
      await client.end().catch(() => undefined)
      throw translatePostgresError(err)
    }
    if (confirmed) {
      await client.end().catch(() => undefined)
      return
    }
    // The server accepted no connection or ran nothing within the timeout (stopped, overloaded, network gone).
    sent.catch(() => undefined)
    destroySocket(client)
    this.logger.warning(
      `PostgreSQL did not confirm the cancel of session ${sessionId} within ${CANCEL_TIMEOUT_MS} ms; ` +
        'its connection is closed instead.',
    )
    for (const session of this.#sessions.get(sessionId) ?? []) session.abandon()
  }

  async close(): Promise<void> {
    const pool = this.#pool
    this.#pool = undefined
    const disconnected = pool === undefined ? Promise.resolve() : allClientsRemoved(pool)
    // Deleting visited entries while iterating a Map/Set is well defined.
    for (const sessions of this.#sessions.values()) for (const session of sessions) session.terminate()
    if (pool !== undefined) {
      await pool.end()
      await disconnected
    }
  }
}

const CLOSE_WAIT_MS = 5_000

/**
 * pg-pool's end() resolves once its clients are asked to end, before their sockets close; a server with a
 * connection limit (PGlite's socket server allows 8) would refuse a connection opened right after close().
 */
function allClientsRemoved(pool: pg.Pool): Promise<void> {
  let pending = pool.totalCount
  if (pending === 0) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, CLOSE_WAIT_MS)
    timer.unref()
    pool.on('remove', () => {
      pending -= 1
      if (pending > 0) return
      clearTimeout(timer)
      resolve()
    })
  })
}

export function createPostgresDriver(options: DriverOptions, logger: Logger): Driver {
  return new PostgresDriver(options, logger)
}
