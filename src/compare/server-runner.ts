// Statements of one comparison on one Instance: a few at a time, each on its own pooled session so that an
// AbortSignal can stop what runs (the driver's cancel by session id), and nothing is left running when the
// comparison gives up: `settle()` waits for every statement it started.

import type { CompiledQuery, QueryResult } from '../adapters/driver'
import { DataJointError } from '../errors/datajoint-error'
import { Instance } from '../instance/instance'
import type { EngineContext } from '../instance/context'

/** How often a cancel is sent again while a statement still runs (it may not have reached the server yet). */
const CANCEL_RETRY_MS = 100

export function cancelledError(): DataJointError {
  return new DataJointError('CANCELLED', 'The comparison was cancelled.')
}

/** The Instance behind an expression or schema: comparisons need its sessions to cancel them. */
export function instanceOf(context: EngineContext): Instance {
  if (!(context instanceof Instance)) throw new DataJointError('INVALID_INPUT', 'Comparisons need expressions of an Instance, not of a transaction.')
  return context
}

export class ServerRunner {
  readonly #instance: Instance
  readonly #signal: AbortSignal | undefined
  readonly #concurrency: number
  readonly #running = new Set<Promise<unknown>>()
  readonly #sessions = new Set<number>()
  readonly #waiting: (() => void)[] = []
  /** Cancels sent: awaited before the runner is settled, so that none lands on a session reused afterwards. */
  readonly #cancels: Promise<unknown>[] = []
  #active = 0
  /** Statements run, for the report. */
  statements = 0

  constructor(instance: Instance, signal: AbortSignal | undefined, concurrency: number) {
    this.#instance = instance
    this.#signal = signal
    this.#concurrency = concurrency
    signal?.addEventListener('abort', () => void this.#cancelRunning(), { once: true })
  }

  get instance(): Instance {
    return this.#instance
  }

  throwIfAborted(): void {
    if (this.#signal?.aborted === true) throw cancelledError()
  }

  query(query: CompiledQuery): Promise<QueryResult> {
    const result = this.#run(query)
    const tracked = result.catch(() => undefined)
    this.#running.add(tracked)
    void tracked.then(() => this.#running.delete(tracked))
    return result
  }

  async #run(query: CompiledQuery): Promise<QueryResult> {
    await this.#slot()
    let sessionId: number | null = null
    try {
      this.throwIfAborted()
      this.statements += 1
      return await this.#instance.withSession(
        () => this.#instance.run(query),
        (id) => {
          sessionId = id
          this.#sessions.add(id)
        },
      )
    } catch (error) {
      if (this.#signal?.aborted === true) throw cancelledError()
      throw error
    } finally {
      if (sessionId !== null) this.#sessions.delete(sessionId)
      this.#release()
    }
  }

  async #slot(): Promise<void> {
    if (this.#active < this.#concurrency) {
      this.#active += 1
      return
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve))
  }

  #release(): void {
    const next = this.#waiting.shift()
    if (next === undefined) this.#active -= 1
    else next()
  }

  async #cancelRunning(): Promise<void> {
    const sent = [...this.#sessions].map((id) => this.#instance.cancel(id).catch(() => undefined))
    this.#cancels.push(...sent)
    await Promise.all(sent)
  }

  /** Waits until every statement this runner started has ended, cancelling them again while the signal is aborted. */
  async settle(): Promise<void> {
    while (this.#running.size > 0) {
      if (this.#signal?.aborted === true) await this.#cancelRunning()
      await Promise.race([Promise.all(this.#running), new Promise((resolve) => setTimeout(resolve, CANCEL_RETRY_MS))])
    }
    await Promise.all(this.#cancels)
  }
}
