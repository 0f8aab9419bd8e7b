// Running the renderer's expression trees: a page of rows (paged on the server through a `top` node), counts
// (estimated for huge bare tables), the SQL for "Show SQL", export batches, and cancellation of long queries
// (each tracked request runs on its own session, whose server id `query.cancel` hands to the driver).

import type { OrderItem, QueryExpr } from '../../src/algebra/ast'
import { resolve, type Resolved } from '../../src/algebra/resolve'
import { DataJointError } from '../../src/errors/datajoint-error'
import type { Instance } from '../../src/instance/instance'
import type { Logger } from '../../src/instance/logger'
import { plan, planCount } from '../../src/sql/plan'
import { toInteger } from '../../src/table/values'
import type { Emit, Handlers } from './handlers'
import { ESTIMATE_THRESHOLD } from './schema'
import type { TabRegistry } from './tabs'
import { jsonText, toWireAttribute, toWireRows } from './wire-values'

const PROGRESS_EVERY_MS = 250
const KEY_ORDER: readonly OrderItem[] = [{ by: 'key', descending: false }]
/** How often a cancel is re-sent while the statement is still running (it may not have reached the server yet). */
const CANCEL_RETRY_MS = 200
const CANCEL_ATTEMPTS = 10

interface RunningQuery {
  readonly instance: Instance
  sessionId: number | null
  cancelled: boolean
  done: boolean
}

/** The schemas a tree reads (its table nodes, semijoin operands included), so their headings can be loaded first. */
export function schemasOf(expr: QueryExpr): string[] {
  const schemas = new Set<string>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item)
    } else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>
      if (record['kind'] === 'table' && typeof record['schema'] === 'string') schemas.add(record['schema'])
      for (const value of Object.values(record)) visit(value)
    }
  }
  visit(expr)
  return [...schemas]
}

async function prepare(instance: Instance, expr: QueryExpr): Promise<Resolved> {
  await instance.loadSchemas(schemasOf(expr))
  return resolve(expr, instance.resolveContext)
}

/** A page of `expr`: always ordered (by the key unless told), as a nested `top` so an inner top keeps its meaning. */
function page(expr: QueryExpr, orderBy: readonly OrderItem[], limit: number, offset: number): QueryExpr {
  return { kind: 'top', input: expr, limit, orderBy: orderBy.length > 0 ? orderBy : KEY_ORDER, offset }
}

/** Requests that `query.cancel` can stop, by tab and request id. */
export class RunningQueries {
  readonly #running = new Map<string, RunningQuery>()
  readonly #emit: Emit
  readonly #logger: Logger

  constructor(emit: Emit, logger: Logger) {
    this.#emit = emit
    this.#logger = logger
  }

  /** Runs `fn` on a dedicated session of `instance`, emitting `query.progress` while it runs. */
  async track<T>(tabId: string, requestId: string, instance: Instance, fn: () => Promise<T>): Promise<T> {
    const key = `${tabId}\u0000${requestId}`
    if (this.#running.has(key)) throw new DataJointError('INVALID_INPUT', `Request ${requestId} is already running.`)
    const entry: RunningQuery = { instance, sessionId: null, cancelled: false, done: false }
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
      if (entry.cancelled) throw new DataJointError('CANCELLED', 'The query was cancelled.')
      return result
    } catch (error) {
      if (entry.cancelled) throw new DataJointError('CANCELLED', 'The query was cancelled.', {}, { cause: error })
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

async function fetchPage(running: RunningQueries, tabId: string, requestId: string, instance: Instance, expr: QueryExpr) {
  const resolved = await prepare(instance, expr)
  const compiled = instance.dialect.createCompiler().compile(plan(resolved, instance.dialect.capabilities).query)
  const started = performance.now()
  const result = await running.track(tabId, requestId, instance, () => instance.run(compiled))
  const elapsedMs = Math.round(performance.now() - started)
  const attributes = resolved.heading.attributes
  return {
    attributes: attributes.map(toWireAttribute),
    rows: toWireRows(attributes, result.fields, result.rows, instance.dialect.backend),
    elapsedMs,
  }
}

export function queryHandlers(tabs: TabRegistry, running: RunningQueries) {
  return {
    'query.fetch': ({ tabId, requestId, expr, orderBy, limit, offset }) =>
      tabs.use(tabId, (instance) => fetchPage(running, tabId, requestId, instance, page(expr, orderBy, limit, offset))),
    'query.exportBatch': ({ tabId, requestId, expr, orderBy, limit, offset }) =>
      tabs.use(tabId, async (instance) => {
        const { attributes, rows } = await fetchPage(running, tabId, requestId, instance, page(expr, orderBy, limit, offset))
        return { attributes, rows }
      }),
    'query.count': ({ tabId, requestId, expr, estimate }) =>
      tabs.use(tabId, async (instance) => {
        const resolved = await prepare(instance, expr)
        if (estimate && expr.kind === 'table') {
          // A bare table: the server's statistics answer at once, however big the table.
          const estimates = await instance.catalog.introspector.rowCounts(expr.schema, [expr.table], true)
          const estimated = estimates.get(expr.table)
          if (estimated !== undefined && estimated > ESTIMATE_THRESHOLD) return { count: estimated, estimated: true }
        }
        const compiled = instance.dialect.createCompiler().compile(planCount(resolved, instance.dialect.capabilities))
        const result = await running.track(tabId, requestId, instance, () => instance.run(compiled))
        return { count: Number(toInteger(result.rows[0]?.[0] ?? 0)), estimated: false }
      }),
    'query.cancel': async ({ tabId, requestId }) => {
      tabs.tab(tabId)
      return { cancelled: await running.cancel(tabId, requestId) }
    },
    'query.explain': ({ tabId, expr }) =>
      tabs.use(tabId, async (instance) => {
        const resolved = await prepare(instance, expr)
        const compiled = instance.dialect.createCompiler().compile(plan(resolved, instance.dialect.capabilities).query)
        const params = compiled.params.length === 0 ? '' : `\n-- parameters: ${jsonText(compiled.params.map(describeParam))}`
        return {
          sql: `${compiled.sql}${params}`,
          attributes: resolved.heading.attributes.map(toWireAttribute),
          primaryKey: resolved.heading.primaryKey,
        }
      }),
  } satisfies Partial<Handlers>
}

function describeParam(value: unknown): unknown {
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`
  if (value instanceof Date) return value.toISOString()
  return value
}
