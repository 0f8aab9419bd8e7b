// The only module importing mysql2: a pool of sessions with DataJoint's session settings, TLS negotiation,
// streaming and cancellation. Values come back raw (dates, decimals, bigints as text); the engine decodes.
// A statement with values is prepared and its values bound on the server (the binary protocol); one without runs
// as plain text. Either way the rows arrive as the server writes them in text (see `binaryRowFix`).

import mysql from 'mysql2'
import type {
  Connection,
  ConnectionOptions,
  ExecuteValues,
  FieldPacket,
  Pool,
  PoolConnection,
  PoolOptions,
  QueryError,
  QueryResult as MysqlResult,
} from 'mysql2'
import type { Logger } from '../../instance/logger'
import { DataJointError } from '../../errors/datajoint-error'
import type {
  CompiledQuery,
  ConnectInfo,
  Driver,
  DriverOptions,
  DriverSession,
  FieldInfo,
  QueryResult,
  SqlValue,
} from '../driver'
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
import { errorMessage, type Endpoint } from '../driver-errors'
import { isMysqlTlsFailure, translateMysqlConnectError, translateMysqlError } from './errors'

/** DataJoint's session sql_mode (datajoint/adapters/mysql.py). */
export const DATAJOINT_SQL_MODE = [
  'NO_ZERO_DATE',
  'NO_ZERO_IN_DATE',
  'ERROR_FOR_DIVISION_BY_ZERO',
  'STRICT_ALL_TABLES',
  'NO_ENGINE_SUBSTITUTION',
  'ONLY_FULL_GROUP_BY',
].join(',')

const SESSION_INIT = `SET SESSION sql_mode = '${DATAJOINT_SQL_MODE}'`

interface Raw {
  readonly rows: readonly (readonly unknown[])[]
  readonly objects?: Record<string, unknown>[]
  readonly fields: readonly FieldInfo[]
  readonly affectedRows: number
}

function toFieldInfo(field: FieldPacket): FieldInfo {
  return {
    name: field.name,
    typeId: field.columnType ?? field.type ?? 0,
    flags: typeof field.flags === 'number' ? field.flags : 0,
  }
}

/** Placeholders one prepared statement may carry: the binary protocol counts them in 16 bits. */
export const MAX_BOUND_PARAMETERS = 65_535

/**
 * Prepared statements mysql2 keeps per connection, closing the least recently used one beyond this: the server's
 * max_prepared_stmt_count (16,382 by default) is shared by every connection of every client. The driver itself
 * keeps at most one (see `keptPrepared`).
 */
const PREPARED_STATEMENTS_PER_CONNECTION = 4

const { LONGLONG, NEWDECIMAL } = mysql.TypedParameter
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const UINT64_MAX = 2n ** 64n - 1n

/**
 * A value for the binary protocol. mysql2 sends a number as a DOUBLE, a boolean as a TINYINT, text as a string,
 * bytes as a BLOB and a Date as a DATETIME, so they convert into a column as their SQL literals do. A bigint is
 * the compiler's mark of an integer literal (nodes.ts `param.exact`): sent as a 64-bit integer, or as a decimal
 * beyond 64 bits, which is how the server types the literal in SQL text. mysql2's typed parameters cost several
 * microseconds each, so only these go through them.
 */
function toBound(value: SqlValue): ExecuteValues {
  if (typeof value === 'bigint') {
    if (value >= INT64_MIN && value <= INT64_MAX) return LONGLONG(value)
    return value > 0n && value <= UINT64_MAX ? LONGLONG.unsigned(value) : NEWDECIMAL(value.toString())
  }
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  return value
}

/** A value for mysql2's client-side escaping (sql-escaper renders Buffers as X'…' literals). */
function toEscaped(value: SqlValue): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value
}

// Column types whose binary form mysql2 writes differently from the server's text.
const FLOAT = 4
const TIMESTAMP = 7
const TIME = 11
const DATETIME = 12
/** A field's `decimals` when it has no fixed number of fractional digits. */
const NOT_FIXED_DECIMALS = 31

/** The digits of a number's text, sign, point and exponent left out, from the first significant one. */
function significantDigits(text: string): string {
  return (text.split('e')[0] ?? '').replace(/[-.]/g, '').replace(/^0+/, '')
}

/**
 * A FLOAT as the server prints it in text: 6 significant digits, or `decimals` after the point for FLOAT(M,D),
 * correctly rounded with ties to even (dtoa), where JavaScript's toPrecision and toFixed round ties away from zero.
 */
export function floatAsServerText(value: number, decimals: number): number {
  if (!Number.isFinite(value) || value === 0) return value
  const fixed = decimals < NOT_FIXED_DECIMALS
  const print = (x: number): string => (fixed ? x.toFixed(decimals) : x.toPrecision(6))
  // Only a value whose next digit rounds to 5 can be a tie; its exact expansion decides.
  const next = fixed ? Math.abs(value).toFixed(decimals + 1) : Math.abs(value).toPrecision(7)
  if (significantDigits(next).endsWith('5')) {
    // FLOAT values from 1e21 up are integers far longer than 7 digits: never a tie (toFixed writes them with e).
    // oxlint-disable-next-line oxc/number-arg-out-of-range -- toFixed takes up to 100 digits since ES2018
    const exact = Math.abs(value).toFixed(100)
    const nextDigits = significantDigits(next)
    const exactDigits = significantDigits(exact)
    const tie = !exact.includes('e') && exactDigits.startsWith(nextDigits) && /^0*$/.test(exactDigits.slice(nextDigits.length))
    const keptEven = Number(nextDigits.at(-2) ?? '0') % 2 === 0
    // Just below the tie rounds toward zero, the even neighbour here.
    if (tie && keptEven) return Number(print(value * (1 - 1e-12)))
  }
  return Number(print(value))
}

type ValueFix = (value: unknown) => unknown

/** Pads a fraction the binary protocol shortened (trailing zeros dropped, or no fraction at all) to `decimals` digits. */
function padFraction(decimals: number): ValueFix {
  return (value) => {
    if (typeof value !== 'string') return value
    const point = value.indexOf('.')
    const fraction = point < 0 ? '' : value.slice(point + 1)
    if (fraction.length === decimals) return value
    return `${point < 0 ? value : value.slice(0, point)}.${fraction.padEnd(decimals, '0').slice(0, decimals)}`
  }
}

/**
 * How a value of this column, read from the binary protocol, becomes what the text protocol gives: FLOAT as the
 * server rounds it, DATETIME/TIMESTAMP/TIME with all the fractional digits of their type. Other types arrive alike.
 */
function binaryValueFix(field: FieldPacket): ValueFix | undefined {
  const type = field.columnType ?? field.type
  const decimals = field.decimals
  if (type === FLOAT) return (value) => (typeof value === 'number' ? floatAsServerText(value, decimals) : value)
  if ((type === DATETIME || type === TIMESTAMP || type === TIME) && decimals > 0 && decimals <= 6) return padFraction(decimals)
  return undefined
}

/**
 * Rewrites binary-protocol rows in place to their text-protocol values (rows as arrays, or as objects keyed by
 * column name); undefined when no column needs it.
 */
function binaryRowFix(fields: readonly FieldPacket[], asObjects = false): ((row: Record<string | number, unknown>) => void) | undefined {
  const fixes: [string | number, ValueFix][] = []
  fields.forEach((field, index) => {
    const fix = binaryValueFix(field)
    if (fix !== undefined) fixes.push([asObjects ? field.name : index, fix])
  })
  if (fixes.length === 0) return undefined
  return (row) => {
    for (const [index, fix] of fixes) if (row[index] !== null) row[index] = fix(row[index])
  }
}

/**
 * Values beyond which a repeated statement (a multi-row INSERT … VALUES, see CompiledQuery.repeated) is a bulk
 * one. Preparing one costs the server about as much as running it, so a connection keeps its latest bulk statement
 * prepared for the next batch of the same size (an insert of 100,000 rows in 2,000-row statements prepares once);
 * preparing a new one closes the previous.
 */
const BULK_PARAMETERS = 1_000
const bulkStatements = new WeakMap<PoolConnection | Connection, string>()

/**
 * Whether a bound statement stays prepared after it ran. Only bulk inserts do: every other statement is closed
 * once it ran, because MariaDB 10.11 runs a prepared statement a second time differently from the first (an
 * aggregate over a derived table fails ONLY_FULL_GROUP_BY on re-execution, where the first succeeds).
 */
function keptPrepared(conn: PoolConnection | Connection, query: CompiledQuery): boolean {
  if (query.repeated !== true || query.params.length <= BULK_PARAMETERS) return false
  const previous = bulkStatements.get(conn)
  if (previous !== query.sql) {
    if (previous !== undefined) closePrepared(conn, statementOptions({ sql: previous, params: [] }))
    bulkStatements.set(conn, query.sql)
  }
  return true
}

/** Whether the statement goes to the server with its values bound, rather than escaped into its text. */
function bindsOnServer(query: CompiledQuery): boolean {
  return query.params.length > 0 && query.params.length <= MAX_BOUND_PARAMETERS
}

/** The options a statement runs with: its row form, and for a prepared one the key mysql2 keeps it by. */
function statementOptions(query: CompiledQuery): { sql: string; rowsAsArray: boolean } {
  return { sql: query.sql, rowsAsArray: query.rowsAsObjects !== true }
}

/** mysql2's `unprepare` takes the options a statement was executed with (its key), though typed as taking text. */
interface Unpreparing {
  unprepare(options: { sql: string; rowsAsArray: boolean }): unknown
}

function closePrepared(conn: PoolConnection | Connection, options: { sql: string; rowsAsArray: boolean }): void {
  ;(conn as unknown as Unpreparing).unprepare(options)
}

function toRaw(result: MysqlResult, fields: FieldPacket[] | undefined, asObjects = false): Raw {
  if (Array.isArray(result)) {
    const fieldInfo = (fields ?? []).map(toFieldInfo)
    if (asObjects) return { rows: [], objects: result as unknown as Record<string, unknown>[], fields: fieldInfo, affectedRows: 0 }
    return { rows: result as unknown as (readonly unknown[])[], fields: fieldInfo, affectedRows: 0 }
  }
  const affected = (result as { affectedRows?: unknown }).affectedRows
  return { rows: [], fields: [], affectedRows: typeof affected === 'number' ? affected : 0 }
}

/** "Query execution was interrupted": what a statement gets when KILL QUERY reaches it. */
const ER_QUERY_INTERRUPTED = 1317

function runOn(conn: PoolConnection | Connection, query: CompiledQuery): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const options = statementOptions(query)
    const asObjects = !options.rowsAsArray
    if (bindsOnServer(query)) {
      const kept = keptPrepared(conn, query)
      conn.execute(options, query.params.map(toBound), (err: QueryError | null, result: MysqlResult, fields?: FieldPacket[]) => {
        // A fatal error took the connection, and its statements, with it.
        if (!kept && err?.fatal !== true) closePrepared(conn, options)
        if (err !== null) return reject(err)
        const fix = fields === undefined ? undefined : binaryRowFix(fields, asObjects)
        if (fix !== undefined && Array.isArray(result)) for (const row of result as unknown as Record<string, unknown>[]) fix(row)
        resolve(toRaw(result, fields, asObjects))
      })
      return
    }
    const callback = (err: QueryError | null, result: MysqlResult, fields?: FieldPacket[]): void => {
      if (err !== null) reject(err)
      else resolve(toRaw(result, fields, asObjects))
    }
    // Without values mysql2 sends the text untouched, so a literal `?` in DDL needs no escaping. Beyond the
    // binary protocol's placeholder count, values are escaped into the text on the client.
    if (query.params.length === 0) conn.query(options, callback)
    else conn.query(options, query.params.map(toEscaped), callback)
  })
}

class MysqlSession implements DriverSession {
  readonly id: number
  readonly #conn: PoolConnection
  readonly #owner: MysqlDriver
  #lost = false
  #released = false
  /** Set when a stream was abandoned mid-result: the connection still has rows in flight. */
  #poisoned = false
  #running = 0
  #cancelRequested = false
  /**
   * A KILL QUERY was sent for this session. One that reaches the server as its statement ends can stay pending
   * there and interrupt the session's next statement instead (seen on MariaDB): the next use absorbs it first.
   */
  #killSent = false
  readonly #abandonment = new Abandonment()
  /** The result stream being read, if any: `abandon` ends it. */
  #readable: { destroy(error?: Error): unknown } | undefined

  constructor(conn: PoolConnection, owner: MysqlDriver) {
    this.id = conn.threadId
    this.#conn = conn
    this.#owner = owner
  }

  markLost(): void {
    this.#lost = true
  }

  requestCancel(): void {
    this.#killSent = true
    if (this.#running > 0) this.#cancelRequested = true
  }

  /** Runs a statement that a KILL QUERY still pending for this session interrupts, so the next one is not. */
  async #absorbKill(): Promise<void> {
    if (!this.#killSent) return
    this.#killSent = false
    await runOn(this.#conn, { sql: 'DO 0', params: [] }).catch((err: unknown) => {
      if ((err as { errno?: number }).errno !== ER_QUERY_INTERRUPTED) throw err
    })
  }

  #checkUsable(query: CompiledQuery): void {
    checkSessionUsable({ lost: this.#lost, released: this.#released }, query)
  }

  /**
   * A cancel the server did not confirm in time: the connection is closed (the pool opens a new one when
   * needed), and pending statements fail with CANCELLED now. mysql2 fails no pending command on destroy().
   */
  abandon(): void {
    if (this.#released || this.#abandonment.abandoned) return
    this.#lost = true
    this.#abandonment.abandon()
    this.#readable?.destroy(new Error('The query was cancelled.'))
    this.#conn.destroy()
  }

  #fail(err: unknown, query: CompiledQuery): DataJointError {
    if (this.#abandonment.abandoned) return cancelledError(query)
    const translated = translateMysqlError(err, query.sql)
    if (translated.code === 'LOST_CONNECTION') this.#lost = true
    return translated
  }

  #takeCancel(query: CompiledQuery): DataJointError | undefined {
    if (!this.#cancelRequested) return undefined
    this.#cancelRequested = false
    // MySQL's SLEEP() returns 1 instead of failing when its query is killed; the caller still asked to stop.
    return cancelledError(query)
  }

  async query(query: CompiledQuery): Promise<QueryResult> {
    this.#checkUsable(query)
    this.#running += 1
    try {
      await this.#absorbKill()
      const result = await this.#abandonment.race(runOn(this.#conn, query), () => cancelledError(query))
      const cancelled = this.#takeCancel(query)
      if (cancelled !== undefined) throw cancelled
      return result
    } catch (err) {
      this.#cancelRequested = false
      throw this.#fail(err, query)
    } finally {
      this.#running -= 1
    }
  }

  async *stream(
    query: CompiledQuery,
    batchSize: number,
    onFields?: (fields: readonly FieldInfo[]) => void,
  ): AsyncIterable<readonly (readonly unknown[])[]> {
    this.#checkUsable(query)
    await this.#absorbKill().catch((err: unknown) => {
      throw this.#fail(err, query)
    })
    const size = Math.max(1, Math.floor(batchSize))
    // A stream's rows are arrays.
    const options = statementOptions({ ...query, rowsAsObjects: false })
    const bound = bindsOnServer(query)
    const kept = bound && keptPrepared(this.#conn, query)
    const pending = bound
      ? this.#conn.execute(options, query.params.map(toBound))
      : query.params.length === 0
        ? this.#conn.query(options)
        : this.#conn.query(options, query.params.map(toEscaped))
    let fix: ((row: Record<string | number, unknown>) => void) | undefined
    // Emitted once, before the first row.
    pending.on('fields', (fields: FieldPacket[]) => {
      if (bound) fix = binaryRowFix(fields)
      onFields?.(fields.map(toFieldInfo))
    })
    const readable = pending.stream({ highWaterMark: size })
    this.#readable = readable
    /** True once the server has nothing more in flight for this result. */
    let drained = false
    let batch: unknown[][] = []
    this.#running += 1
    try {
      for await (const row of readable as AsyncIterable<unknown[]>) {
        fix?.(row as unknown as Record<number, unknown>)
        batch.push(row)
        if (batch.length >= size) {
          const cancelled = this.#takeCancel(query)
          if (cancelled !== undefined) throw cancelled
          yield batch
          batch = []
        }
      }
      drained = true
      const cancelled = this.#takeCancel(query)
      if (cancelled !== undefined) throw cancelled
      if (batch.length > 0) yield batch
    } catch (err) {
      this.#cancelRequested = false
      // A driver error ends the result; our own CANCELLED may leave rows in flight.
      if (!(err instanceof DataJointError)) drained = true
      throw this.#fail(err, query)
    } finally {
      this.#running -= 1
      this.#readable = undefined
      if (!drained) {
        this.#poisoned = true
        readable.destroy()
      } else if (bound && !kept && !this.#lost) closePrepared(this.#conn, options)
    }
  }

  release(destroy = false): void {
    if (this.#released) return
    this.#released = true
    this.#owner.forget(this)
    // A kill that may still be pending would interrupt the next session's first statement: that connection goes.
    if (destroy || this.#lost || this.#poisoned || this.#killSent) this.#conn.destroy()
    else this.#conn.release()
  }

  /** Driver close: the connection goes away under a session the caller still holds. */
  terminate(): void {
    if (this.#released || this.#lost) return
    this.#lost = true
    this.#conn.destroy()
  }
}

class MysqlDriver implements Driver {
  readonly backend = 'mysql' as const
  readonly #options: DriverOptions
  readonly #logger: Logger
  readonly #endpoint: Endpoint
  #pool: Pool | undefined
  #tls = false
  readonly #initialised = new WeakSet<PoolConnection>()
  readonly #sessions = new Map<number, MysqlSession>()
  /** An idle pooled connection died (KILL, wait_timeout, server restart); the pool silently drops it. */
  #idleLost = false

  constructor(options: DriverOptions, logger: Logger) {
    this.#options = options
    this.#logger = logger
    this.#endpoint = endpointOf(options)
  }

  #connectionOptions(tls: boolean): ConnectionOptions {
    const o = this.#options
    return {
      host: o.host,
      port: o.port,
      user: o.user,
      password: o.password,
      connectTimeout: o.connectTimeoutMs,
      enableKeepAlive: true,
      keepAliveInitialDelay: KEEPALIVE_INITIAL_DELAY_MS,
      charset: 'utf8mb4',
      dateStrings: true,
      supportBigNumbers: true,
      // Numbers when exact, text beyond 2^53 (the engine turns that into bigint).
      bigNumberStrings: false,
      // mysql2 parses JSON columns (MariaDB's too, through extended type info), so a JSON string value would
      // arrive indistinguishable from text; the engine parses JSON itself, by attribute.
      jsonStrings: true,
      multipleStatements: false,
      // Affected rows count changed rows only, so `skipDuplicates` (ON DUPLICATE KEY UPDATE k=k) reports
      // the rows it inserted, not the ones it skipped.
      flags: ['-FOUND_ROWS'],
      rowsAsArray: true,
      maxPreparedStatements: PREPARED_STATEMENTS_PER_CONNECTION,
      // TLS as PostgreSQL's sslmode=require: encrypted, certificate not verified (DataJoint passes ssl={}).
      ...(tls ? { ssl: { rejectUnauthorized: false } } : {}),
    }
  }

  #createPool(tls: boolean): Pool {
    const options: PoolOptions = {
      ...this.#connectionOptions(tls),
      connectionLimit: Math.max(1, this.#options.poolSize),
      waitForConnections: true,
      queueLimit: 0,
    }
    return mysql.createPool(options)
  }

  #getConnection(pool: Pool): Promise<PoolConnection> {
    return new Promise((resolve, reject) => {
      pool.getConnection((err, conn) => (err === null ? resolve(conn) : reject(err)))
    })
  }

  async #checkout(pool: Pool): Promise<PoolConnection> {
    const conn = await this.#getConnection(pool)
    if (!this.#initialised.has(conn)) {
      // PoolConnection leaves the pool on a once('error'); a second error with no listener would crash us.
      conn.on('error', (err: unknown) => {
        const session = this.#sessions.get(conn.threadId)
        if (session === undefined) this.#idleLost = true
        else session.markLost()
        this.#logger.debug(`MySQL connection ${conn.threadId} error: ${errorMessage(err)}`)
      })
      try {
        await runOn(conn, { sql: SESSION_INIT, params: [] })
      } catch (err) {
        conn.destroy()
        throw err
      }
      this.#initialised.add(conn)
    }
    return conn
  }

  async #attempt(tls: boolean): Promise<ConnectInfo> {
    const pool = this.#createPool(tls)
    try {
      const conn = await this.#checkout(pool)
      try {
        const info = await runOn(conn, { sql: 'SELECT @@version, CONNECTION_ID(), @@max_allowed_packet', params: [] })
        const row = info.rows[0] ?? []
        this.#pool = pool
        this.#tls = tls
        return { serverVersion: String(row[0]), tls, connectionId: Number(row[1]), ...statementBound(row[2]) }
      } finally {
        conn.release()
      }
    } catch (err) {
      await endPool(pool)
      throw err
    }
  }

  async connect(): Promise<ConnectInfo> {
    if (this.#pool !== undefined) await this.close()
    return connectWithTls(this.#options, this.#logger, {
      attempt: (tls) => this.#attempt(tls),
      isTlsFailure: isMysqlTlsFailure,
      translateConnectError: translateMysqlConnectError,
    })
  }

  #requirePool(): Pool {
    if (this.#pool === undefined) throw notConnectedError(this.#endpoint)
    return this.#pool
  }

  async acquire(): Promise<DriverSession> {
    const pool = this.#requirePool()
    if (this.#idleLost) {
      this.#idleLost = false
      warnReconnecting(this.#logger)
    }
    let conn: PoolConnection
    try {
      conn = await this.#checkout(pool)
    } catch (err) {
      throw translateMysqlConnectError(err, this.#endpoint)
    }
    const session = new MysqlSession(conn, this)
    this.#sessions.set(session.id, session)
    return session
  }

  forget(session: MysqlSession): void {
    if (this.#sessions.get(session.id) === session) this.#sessions.delete(session.id)
  }

  query(query: CompiledQuery): Promise<QueryResult> {
    return queryOnce(() => this.acquire(), query)
  }

  async cancel(sessionId: number): Promise<void> {
    checkSessionId(sessionId)
    this.#requirePool()
    this.#sessions.get(sessionId)?.requestCancel()
    // A one-off connection, not a pooled one: the pool may be exhausted by the statements being cancelled.
    const conn = mysql.createConnection(this.#connectionOptions(this.#tls))
    conn.on('error', (err: unknown) => this.#logger.debug(`MySQL cancel connection error: ${errorMessage(err)}`))
    const sent = runOn(conn, { sql: `KILL QUERY ${sessionId}`, params: [] })
    let confirmed: boolean
    try {
      confirmed = await settledWithin(sent, CANCEL_TIMEOUT_MS)
    } catch (err) {
      throw translateMysqlError(err)
    } finally {
      conn.destroy()
    }
    if (confirmed) return
    // The server completed no handshake or ran nothing within the timeout (stopped, overloaded, network gone).
    sent.catch(() => undefined)
    this.#logger.warning(
      `MySQL did not confirm the cancel of session ${sessionId} within ${CANCEL_TIMEOUT_MS} ms; ` +
        'its connection is closed instead.',
    )
    this.#sessions.get(sessionId)?.abandon()
  }

  async close(): Promise<void> {
    const pool = this.#pool
    this.#pool = undefined
    for (const session of this.#sessions.values()) session.terminate()
    if (pool !== undefined) await endPool(pool)
  }
}

/** The longest statement mysql2 builds as one JavaScript string here; V8 strings end near 2^29 characters. */
const MAX_CLIENT_STATEMENT_BYTES = 256 * 1024 * 1024
/** Bytes of a COM_QUERY packet that are not statement text (the command byte), with room to spare. */
const PACKET_OVERHEAD = 1024

/** The statement bound from the server's max_allowed_packet (a session's value is the global one at connect). */
function statementBound(packet: unknown): { maxStatementBytes?: number } {
  const bytes = Number(packet)
  if (!Number.isFinite(bytes) || bytes <= PACKET_OVERHEAD) return {}
  return { maxStatementBytes: Math.min(MAX_CLIENT_STATEMENT_BYTES, bytes - PACKET_OVERHEAD) }
}

function endPool(pool: Pool): Promise<void> {
  return new Promise((resolve) => pool.end(() => resolve()))
}

export function createMysqlDriver(options: DriverOptions, logger: Logger): Driver {
  return new MysqlDriver(options, logger)
}
