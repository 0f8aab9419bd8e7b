// Goal (b): the statements it takes to open a schema, counted per IPC channel while a real Chromium opens it in
// browser mode. The browser-mode server runs in this process (composed as electron/browser-mode/run.ts does, from
// the same sources) so every statement can be seen: `Instance.prototype.run`, which every statement of these
// channels goes through (catalog reads, pages, counts; only cursors bypass it), is wrapped to count, and each
// handler runs in an AsyncLocalStorage scope naming its channel, so a statement is charged to the request that
// caused it.

import { AsyncLocalStorage } from 'node:async_hooks'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CompiledQuery, QueryResult } from '../src/adapters/driver'
import { createMemoryLogger } from '../src/instance/logger'
import { Instance } from '../src/instance/instance'
import type { Channel, Profile } from '../electron/ipc/contract'
import { startBrowserServer, type BrowserServer } from '../electron/browser-mode/server'
import { createDispatcher } from '../electron/main/ipc/dispatch'
import { createAppServices, type AppServices } from '../electron/services/app-services'
import type { Handlers } from '../electron/services/handlers'
import { createMemoryVault } from '../electron/vault/memory-vault'
import { createJsonProfileStore } from '../electron/vault/profile-store'

const RENDERER_DIR = fileURLToPath(new URL('../out/renderer', import.meta.url))

interface Scope {
  readonly channel: string
  /** The schema the request is about (`schema` of its input), if any. */
  readonly schema: string | null
}

/** Statements and calls per channel (and schema) since the last `reset()`. */
export class StatementCounter {
  readonly #statements = new Map<string, { scope: Scope; count: number }>()
  readonly #calls = new Map<string, number>()
  readonly scope = new AsyncLocalStorage<Scope>()

  reset(): void {
    this.#statements.clear()
    this.#calls.clear()
  }

  countStatement(scope: Scope): void {
    const key = `${scope.channel}\u0000${scope.schema ?? ''}`
    const entry = this.#statements.get(key) ?? { scope, count: 0 }
    entry.count += 1
    this.#statements.set(key, entry)
  }

  countCall(channel: string, schema: string | null): void {
    const key = `${channel}\u0000${schema ?? ''}`
    this.#calls.set(key, (this.#calls.get(key) ?? 0) + 1)
  }

  /**
   * Statements of these channels for `schema` and for no schema in particular (`schema.list`): the tree also
   * loads other schemas it shows expanded (it expands all when there are at most three), which must not count.
   */
  statementsOf(channels: readonly Channel[], schema: string): number {
    let sum = 0
    for (const { scope, count } of this.#statements.values()) {
      if ((channels as readonly string[]).includes(scope.channel) && (scope.schema === null || scope.schema === schema)) sum += count
    }
    return sum
  }

  /**
   * Calls of a channel about `schema`: a new tab of a profile also reopens the table its last tab showed, which may
   * be another schema's.
   */
  callsOf(channel: Channel, schema: string): number {
    return this.#calls.get(`${channel}\u0000${schema}`) ?? 0
  }
}

let installed: StatementCounter | null = null

/** Wraps `Instance.prototype.run` once for the process; statements outside any handler count under `(none)`. */
function instrumentEngine(): StatementCounter {
  if (installed !== null) return installed
  const counter = new StatementCounter()
  // oxlint-disable-next-line typescript/unbound-method -- called on its own instance below (original.call(this, …)).
  const original = Instance.prototype.run
  Instance.prototype.run = function countedRun(this: Instance, query: CompiledQuery): Promise<QueryResult> {
    counter.countStatement(counter.scope.getStore() ?? { channel: '(none)', schema: null })
    return original.call(this, query)
  }
  installed = counter
  return counter
}

function countingHandlers(handlers: Handlers, counter: StatementCounter): Handlers {
  const wrapped: Record<string, unknown> = {}
  for (const [channel, handler] of Object.entries(handlers) as [string, (input: unknown, ctx: unknown) => Promise<unknown>][]) {
    wrapped[channel] = (input: unknown, ctx: unknown) => {
      const schema = (input as { schema?: unknown }).schema
      counter.countCall(channel, typeof schema === 'string' ? schema : null)
      return counter.scope.run({ channel, schema: typeof schema === 'string' ? schema : null }, () => handler(input, ctx))
    }
  }
  return wrapped as unknown as Handlers
}

export interface InProcessApp {
  readonly url: string
  readonly counter: StatementCounter
  readonly services: AppServices
  close(): Promise<void>
}

/** Browser mode in this process, with `profiles` saved and every statement counted. */
export async function startCountingApp(profiles: readonly Profile[]): Promise<InProcessApp> {
  const counter = instrumentEngine()
  const dataDir = mkdtempSync(join(tmpdir(), 'joinery-bench-'))
  const store = createJsonProfileStore(dataDir)
  await store.write(profiles)
  const logger = createMemoryLogger()
  let server: BrowserServer | null = null
  const services = createAppServices({
    mode: 'browser',
    version: 'bench',
    dataDir,
    vault: createMemoryVault(),
    profiles: store,
    emit: (event, payload) => server?.broadcast(event, payload),
    logger,
    openDemoWhenEmpty: false,
    // No heartbeat: its `SELECT 1` every 15 s is not part of opening a schema.
    heartbeatMs: 0,
  })
  const dispatch = createDispatcher({
    handlers: countingHandlers(services.handlers, counter),
    isReadOnly: (tabId) => services.tabs.isReadOnly(tabId),
    logger,
    validateOutputs: true,
    includeSql: true,
  })
  server = await startBrowserServer({ rendererDir: RENDERER_DIR, dispatch, logger, port: 0 })
  services.start()
  const running = server
  return {
    url: running.url,
    counter,
    services,
    async close() {
      await running.close()
      await services.dispose()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
