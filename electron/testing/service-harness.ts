// Test-only: the app services behind the real dispatcher (outputs checked against the contract), recording every
// Result, event and log line, with a throwaway data folder. Not used by the app.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger, type MemoryLogger } from '../../src/index'
import type { Channel, EventName, EventPayload, Input, Output } from '../ipc/contract'
import { createDispatcher } from '../main/ipc/dispatch'
import { createMemoryVault } from '../vault/memory-vault'
import { createJsonProfileStore } from '../vault/profile-store'
import type { Vault } from '../vault/vault'
import { createAppServices, type AppServices } from '../services/app-services'
import type { ChooseExportFile } from '../services/export'

export interface Harness {
  readonly services: AppServices
  readonly logger: MemoryLogger
  readonly events: { event: EventName; payload: unknown }[]
  readonly results: unknown[]
  readonly dataDir: string
  /** Calls a channel through the dispatcher; resolves with the Result. */
  call<C extends Channel>(channel: C, input: Input<C>): Promise<{ ok: true; value: Output<C> } | { ok: false; error: { code: string; message: string; details: Record<string, unknown> } }>
  /** Like call, but fails the test unless the result is ok. */
  value<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>
  dispose(): Promise<void>
}

export function createHarness(
  options: {
    readonly vault?: Vault
    readonly dataDir?: string
    readonly openDemoWhenEmpty?: boolean
    readonly sshAgentSocket?: string
    /** Stands in for Electron's save dialog (exports to files); without it exports are downloads, as in browser mode. */
    readonly chooseExportFile?: ChooseExportFile
  } = {},
): Harness {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'joinery-services-'))
  const logger = createMemoryLogger()
  const events: { event: EventName; payload: unknown }[] = []
  const results: unknown[] = []
  const services = createAppServices({
    mode: 'browser',
    version: 'test',
    dataDir,
    vault: options.vault ?? createMemoryVault(),
    profiles: createJsonProfileStore(dataDir),
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void events.push({ event, payload }),
    logger,
    openDemoWhenEmpty: options.openDemoWhenEmpty ?? false,
    heartbeatMs: 0,
    systemSecretsDir: join(dataDir, 'none'),
    sshAgentSocket: options.sshAgentSocket,
    ...(options.chooseExportFile === undefined ? {} : { chooseExportFile: options.chooseExportFile }),
  })
  const dispatch = createDispatcher({ handlers: services.handlers, isReadOnly: (tabId) => services.tabs.isReadOnly(tabId), logger, validateOutputs: true })
  const call = async <C extends Channel>(channel: C, input: Input<C>) => {
    const result = (await dispatch(channel, input, { clientId: 'test' })) as Awaited<ReturnType<Harness['call']>>
    results.push(result)
    return result as never
  }
  return {
    services,
    logger,
    events,
    results,
    dataDir,
    call,
    async value<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
      const result = (await call(channel, input)) as Awaited<ReturnType<Harness['call']>>
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`)
      return result.value as Output<C>
    },
    async dispose() {
      await services.dispose()
      // A folder the test gave is the test's to remove (it may start the app again on it).
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

