// Backend-neutral driver behaviour: DataJoint's TLS negotiation, one-statement queries on a pooled session, and
// the checks and errors both drivers' sessions share. No mysql2/pg imports here; the drivers supply the calls.

import { DataJointError } from '../errors/datajoint-error'
import type { Logger } from '../instance/logger'
import type { CompiledQuery, ConnectInfo, DriverOptions, DriverSession, QueryResult } from './driver'
import { describeEndpoint, errorMessage, scrub, type Endpoint } from './driver-errors'

export function endpointOf(options: DriverOptions): Endpoint {
  const { user, host, port, password } = options
  return { user, host, port, password }
}

/** How one backend opens its pool, and how it reads the errors of doing so. */
export interface ConnectSteps {
  /** Opens and checks a pool with or without TLS; raw driver errors escape untranslated. */
  attempt(tls: boolean): Promise<ConnectInfo>
  isTlsFailure(err: unknown): boolean
  translateConnectError(err: unknown, endpoint: Endpoint, tlsRequired?: boolean): DataJointError
}

/**
 * DataJoint's `use_tls`: false or true make one attempt; unset tries TLS first and, when only TLS failed, warns as
 * Python does and connects in plain text.
 */
export async function connectWithTls(
  options: DriverOptions,
  logger: Logger,
  steps: ConnectSteps,
): Promise<ConnectInfo> {
  const endpoint = endpointOf(options)
  const attempt = async (tls: boolean, tlsRequired: boolean): Promise<ConnectInfo> => {
    try {
      return await steps.attempt(tls)
    } catch (err) {
      throw steps.translateConnectError(err, endpoint, tlsRequired)
    }
  }
  if (options.useTls === false) return attempt(false, false)
  if (options.useTls === true) return attempt(true, true)
  try {
    return await steps.attempt(true)
  } catch (err) {
    if (!steps.isTlsFailure(err)) throw steps.translateConnectError(err, endpoint)
    logger.warning(
      `SSL connection failed (${scrub(errorMessage(err), options.password)}). ` +
        'Falling back to non-SSL connection. To require SSL, set use_tls=True explicitly.',
    )
    return attempt(false, false)
  }
}

export function notConnectedError(endpoint: Endpoint): DataJointError {
  return new DataJointError('LOST_CONNECTION', `Not connected: ${describeEndpoint(endpoint)}`, {
    host: endpoint.host,
    port: endpoint.port,
  })
}

/** DataJoint's one connection would fail here and reconnect; a pool replaces a dead one unseen, so say so. */
export function warnReconnecting(logger: Logger): void {
  logger.warning('Reconnecting to database server.')
}

/** Refuses a statement on a session whose connection is gone, or that was handed back to the pool. */
export function checkSessionUsable(session: { lost: boolean; released: boolean }, query: CompiledQuery): void {
  if (session.lost) {
    const message = 'Server connection lost: the session is closed'
    throw new DataJointError('LOST_CONNECTION', message, { sql: query.sql })
  }
  if (session.released) throw new Error('DriverSession used after release()')
}

/** The statement ran (or was still running) when its cancellation was asked for. */
export function cancelledError(query: CompiledQuery): DataJointError {
  return new DataJointError('CANCELLED', 'The query was cancelled.', { sql: query.sql })
}

/** One autocommit statement on a session of the pool; a session whose connection was lost is not reused. */
export async function queryOnce(acquire: () => Promise<DriverSession>, query: CompiledQuery): Promise<QueryResult> {
  const session = await acquire()
  let destroy = false
  try {
    return await session.query(query)
  } catch (err) {
    destroy = err instanceof DataJointError && err.code === 'LOST_CONNECTION'
    throw err
  } finally {
    session.release(destroy)
  }
}

export function checkSessionId(sessionId: number): void {
  if (!Number.isSafeInteger(sessionId) || sessionId <= 0) throw new Error(`Invalid session id ${sessionId}`)
}

/** How long a cancel waits for the server to confirm before it gives up on the session's connection. */
export const CANCEL_TIMEOUT_MS = 2_000

/** TCP keepalive: a silent peer is probed after this much idle time instead of the OS default (2 h on Linux). */
export const KEEPALIVE_INITIAL_DELAY_MS = 10_000

/** Settles like `work`, or resolves `false` after `ms` when `work` has not settled by then. */
export function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(false), ms)
    work.then(
      () => {
        clearTimeout(timer)
        resolve(true)
      },
      (err: unknown) => {
        clearTimeout(timer)
        reject(err)
      },
    )
  })
}

/**
 * The statements of a session, each racing the session's abandonment: once `abandon()` runs (a cancel the server
 * did not confirm in time), every pending and later `race` rejects at once, whatever the socket does.
 */
export class Abandonment {
  #abandoned = false
  readonly #waiters = new Set<() => void>()

  get abandoned(): boolean {
    return this.#abandoned
  }

  abandon(): void {
    this.#abandoned = true
    for (const reject of this.#waiters) reject()
    this.#waiters.clear()
  }

  /** `work`, or a rejection with `reason` as soon as the session is abandoned. */
  race<T>(work: Promise<T>, reason: () => unknown): Promise<T> {
    if (this.#abandoned) {
      work.catch(() => undefined)
      return Promise.reject(reason())
    }
    return new Promise<T>((resolve, reject) => {
      const onAbandon = (): void => reject(reason())
      this.#waiters.add(onAbandon)
      work.then(
        (value) => {
          this.#waiters.delete(onAbandon)
          resolve(value)
        },
        (err: unknown) => {
          this.#waiters.delete(onAbandon)
          reject(err)
        },
      )
    })
  }
}
