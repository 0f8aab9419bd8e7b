// Running the renderer's expression trees: a page of rows (paged on the server through a `top` node), counts
// (estimated for huge bare tables), the SQL for "Show SQL", and cancellation of long queries
// (each tracked request runs on its own session, whose server id `query.cancel` hands to the driver).

import { DataJointError, isDataJointError, schemasOf, type Instance, type Logger, type PageRequest, type QueryExpr } from '../../src/index'
import type { Emit, Handlers } from './handlers'
import { ESTIMATE_THRESHOLD } from './schema'
import type { TabRegistry } from './tabs'
import { jsonText, toWireAttribute, toWireRows } from './wire-values'

const PROGRESS_EVERY_MS = 250
/** How often a cancel is re-sent while the statement is still running (it may not have reached the server yet). */
const CANCEL_RETRY_MS = 200
const CANCEL_ATTEMPTS = 10
/**
 * A cancelled statement still running after this, on a server that cannot cancel one (the Demo lab), is ended by
 * restarting the server. Most cancels are of results no longer wanted (a filter retyped) that end by themselves
 * sooner, and a restart also stops the tab's other requests and reconnects it.
 */
const INTERRUPT_AFTER_MS = 300

interface RunningQuery {
  readonly instance: Instance
  sessionId: number | null
  cancelled: boolean
  /** Ended by a server restart for another request's cancel. */
  interrupted: boolean
  done: boolean
}

function cancelledError(entry: RunningQuery, cause?: unknown): DataJointError {
  const message = entry.cancelled ? 'The query was cancelled.' : 'The query was stopped when the server restarted to cancel another one; run it again.'
  return new DataJointError('CANCELLED', message, {}, cause === undefined ? undefined : { cause })
}

/** Requests that `query.cancel` can stop, by tab and request id. */
export class RunningQueries {
  readonly #running = new Map<string, RunningQuery>()
  readonly #emit: Emit
  readonly #logger: Logger
  readonly #interrupt: (tabId: string) => boolean

  /**
   * `interrupt` ends everything running on a tab whose server cannot cancel a statement (the Demo lab restarts),
   * answering false (doing nothing) for the other tabs, whose statements are cancelled one by one on their server.
   */
  constructor(emit: Emit, logger: Logger, interrupt: (tabId: string) => boolean) {
    this.#emit = emit
    this.#logger = logger
    this.#interrupt = interrupt
  }

  /** Runs `fn` on a dedicated session of `instance`, emitting `query.progress` while it runs. */
  async track<T>(tabId: string, requestId: string, instance: Instance, fn: () => Promise<T>): Promise<T> {
    const key = `${tabId}\u0000${requestId}`
    if (this.#running.has(key)) throw new DataJointError('INVALID_INPUT', `Request ${requestId} is already running.`)
    const entry: RunningQuery = { instance, sessionId: null, cancelled: false, interrupted: false, done: false }
    this.#running.set(key, entry)
    const started = performance.now()
    const timer = setInterval(() => {
      this.#emit('query.progress', { tabId, requestId, elapsedMs: Math.round(performance.now() - started) })
    }, PROGRESS_EVERY_MS)
    timer.unref()
    try {
      const result = await instance.withSession(fn, (sessionId) => {
        entry.sessionId = sessionId
      })
      if (entry.cancelled || entry.interrupted) throw cancelledError(entry)
      return result
    } catch (error) {
      if (entry.cancelled || entry.interrupted) throw cancelledError(entry, error)
      throw error
    } finally {
      entry.done = true
      clearInterval(timer)
      this.#running.delete(key)
    }
  }

  /** Asks the server to stop the request's statement; false when no such request is running. */
  async cancel(tabId: string, requestId: string): Promise<boolean> {
    const entry = this.#running.get(`${tabId}\u0000${requestId}`)
    if (entry === undefined || entry.cancelled) return entry !== undefined
    entry.cancelled = true
    const interrupt = setTimeout(() => {
      if (entry.done || !this.#interrupt(tabId)) return
      // The tab's other requests end with it: they report CANCELLED too, not a lost connection.
      for (const [key, other] of this.#running) if (key.startsWith(`${tabId}\u0000`)) other.interrupted = true
    }, INTERRUPT_AFTER_MS)
    interrupt.unref()
    await this.#sendCancel(entry)
    // The statement may still have been on its way to the server: send again until the request ends.
    let attempts = 1
    const retry = setInterval(() => {
      attempts += 1
      if (entry.done || attempts > CANCEL_ATTEMPTS) clearInterval(retry)
      else void this.#sendCancel(entry)
    }, CANCEL_RETRY_MS)
    retry.unref()
    return true
  }

  get size(): number {
    return this.#running.size
  }

  async #sendCancel(entry: RunningQuery): Promise<void> {
    if (entry.done || entry.sessionId === null) return
    try {
      await entry.instance.cancel(entry.sessionId)
    } catch (error) {
      this.#logger.debug(`Cancel failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}

/**
 * Runs `run`; when a table of `expr` turns out to be gone (dropped by another client since its schema was read),
 * the schemas' catalogs are read again before the error goes on, so the table's detail and the tree that the
 * renderer then asks for show the schema as it is now.
 */
async function noticingDroppedTables<T>(instance: Instance, expr: QueryExpr, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (isDataJointError(error) && error.code === 'MISSING_TABLE') {
      for (const schema of schemasOf(expr)) await instance.tablesOf(schema, { refresh: true }).catch(() => undefined)
    }
    throw error
  }
}

/** A page of `expr` in wire form; the statement runs on a session that `query.cancel` can stop. */
async function fetchPage(running: RunningQueries, tabId: string, requestId: string, instance: Instance, expr: QueryExpr, page: PageRequest) {
  await instance.pipeline.load(expr)
  const started = performance.now()
  const result = await noticingDroppedTables(instance, expr, () => running.track(tabId, requestId, instance, () => instance.pipeline.fetchRaw(expr, page)))
  const elapsedMs = Math.round(performance.now() - started)
  const attributes = result.heading.attributes
  return { attributes: attributes.map(toWireAttribute), rows: toWireRows(attributes, result.decoders, result.rows), elapsedMs }
}

export function queryHandlers(tabs: TabRegistry, running: RunningQueries) {
  return {
    'query.fetch': ({ tabId, requestId, expr, orderBy, limit, offset, fromEnd }) =>
      tabs.use(tabId, (instance) => fetchPage(running, tabId, requestId, instance, expr, { orderBy, limit, offset, fromEnd: fromEnd === true })),
    'query.count': ({ tabId, requestId, expr, estimate }) =>
      tabs.use(tabId, async (instance) => {
        await instance.pipeline.load(expr)
        // A bare huge table: the server's statistics answer at once, however big the table.
        const options = estimate ? { estimateAbove: ESTIMATE_THRESHOLD } : {}
        return noticingDroppedTables(instance, expr, () => running.track(tabId, requestId, instance, () => instance.pipeline.count(expr, options)))
      }),
    'query.cancel': async ({ tabId, requestId }) => {
      tabs.tab(tabId)
      return { cancelled: await running.cancel(tabId, requestId) }
    },
    'query.explain': ({ tabId, expr }) =>
      tabs.use(tabId, async (instance) => {
        const { statement, heading, primaryKey } = await instance.pipeline.explain(expr)
        const params = statement.params.length === 0 ? '' : `\n-- parameters: ${jsonText(statement.params.map(describeParam))}`
        return { sql: `${statement.sql}${params}`, attributes: heading.attributes.map(toWireAttribute), primaryKey: [...primaryKey] }
      }),
  } satisfies Partial<Handlers>
}

function describeParam(value: unknown): unknown {
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`
  if (value instanceof Date) return value.toISOString()
  return value
}
