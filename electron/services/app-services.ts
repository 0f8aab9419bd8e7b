// Composition of the main-process services: one object per area, merged into the Handlers map the IPC
// registration and the browser-mode server both dispatch to. Nothing here knows about Electron.

import type { Logger } from '../../src/index'
import type { Tab } from '../ipc/contract'
import { createKnownHostsStore } from '../vault/known-hosts'
import type { ProfileStore } from '../vault/profile-store'
import type { Vault } from '../vault/vault'
import { cellHandlers } from './cells'
import { CompareJobs, compareHandlers } from './compare'
import { ConnectionService, connectionHandlers } from './connections'
import { DemoLab } from './demo'
import { ExportService, exportHandlers, type ChooseExportFile } from './export'
import type { Emit, Handlers } from './handlers'
import { RunningQueries, queryHandlers } from './query'
import { queryCodeHandlers } from './query-code'
import { schemaHandlers } from './schema'
import { SessionStore, sessionHandlers } from './session'
import { diagramHandlers } from './diagram'
import { DiagramLayoutService } from './diagram-layout'
import { followHandlers } from './follow'
import { QueryStore, queryBuilderHandlers } from './query-builder'
import { dataEntryHandlers } from './data-entry'
import { pendingChangesHandlers } from './pending-changes'
import { declareHandlers } from './declare'
import { TabRegistry, tabHandlers, type TabTarget } from './tabs'

export interface AppServicesOptions {
  readonly mode: 'electron' | 'browser'
  readonly version: string
  /** The app's data folder (Electron's userData; browser mode's `~/.joinery` or JOINERY_DATA_DIR). */
  readonly dataDir: string
  readonly vault: Vault
  readonly profiles: ProfileStore
  readonly emit: Emit
  readonly logger: Logger
  /** Opens the Demo lab tab at start when no profile is saved (default true). */
  readonly openDemoWhenEmpty?: boolean
  readonly heartbeatMs?: number
  /** DataJoint's system secrets folder for imports (tests point it elsewhere). */
  readonly systemSecretsDir?: string
  /** The SSH agent's socket for tunnels that sign in with the agent (the app's `SSH_AUTH_SOCK`). */
  readonly sshAgentSocket?: string | undefined
  /** Electron's save dialog, for exports; without it (browser mode) an export is a download from the server. */
  readonly chooseExportFile?: ChooseExportFile
}

export interface AppServices {
  readonly handlers: Handlers
  readonly tabs: TabRegistry
  readonly queries: RunningQueries
  readonly connections: ConnectionService
  readonly demo: DemoLab
  readonly session: SessionStore
  readonly diagramLayout: DiagramLayoutService
  /** Exports; browser mode's server streams their downloads (`serveDownload`). */
  readonly exports: ExportService
  /**
   * Opens the start-up tabs: those open when the app last closed (their profiles that still exist, and the Demo lab);
   * at a first start, or when no tab was open and no profile is saved, the Demo lab. `tabs.list` waits until the tab exists (it may
   * still be `connecting` while the demo is seeded at first start; `tab.state` events follow).
   */
  start(): void
  dispose(): Promise<void>
}

export const DEMO_TITLE = 'Demo lab'
const DEMO_COLOR = '#7c3aed'

export function createAppServices(options: AppServicesOptions): AppServices {
  const { logger, emit } = options
  const tabs = new TabRegistry({ emit, logger, ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }) })
  const queries = new RunningQueries(emit, logger, (tabId) => tabs.interrupt(tabId))
  const exports = new ExportService({
    tabs,
    running: queries,
    emit,
    logger,
    ...(options.chooseExportFile === undefined ? {} : { chooseFile: options.chooseExportFile }),
  })
  const connections = new ConnectionService({
    profiles: options.profiles,
    vault: options.vault,
    // Beside the profiles: the same data folder in Electron and browser mode.
    knownHosts: createKnownHostsStore(options.dataDir),
    agentSocket: options.sshAgentSocket,
    logger,
    ...(options.systemSecretsDir === undefined ? {} : { systemSecretsDir: options.systemSecretsDir }),
  })
  const demo = new DemoLab({ dataDir: options.dataDir, logger })
  const diagramLayout = new DiagramLayoutService()
  const demoTarget: TabTarget = {
    title: DEMO_TITLE,
    color: DEMO_COLOR,
    backend: 'postgresql',
    readOnly: false,
    isDemo: true,
    profileId: null,
    viaSsh: false,
    connectOptions: async () => {
      const endpoint = await demo.start()
      return { host: endpoint.host, port: endpoint.port, user: 'postgres', password: '', useTls: false }
    },
    interrupt: () => demo.interrupt(),
  }

  // One Demo lab tab: asking again returns it (once its connection attempt has finished).
  const beginDemo = (): Tab => tabs.find((tab) => tab.isDemo) ?? tabs.begin(demoTarget)
  const openDemo = (): Promise<Tab> => tabs.settled(beginDemo().tabId)

  let ready: Promise<void> = Promise.resolve()

  // The tabs a user opens and closes are remembered, to reopen them at the next start (not those closed by quitting).
  const session = new SessionStore(options.dataDir, logger)
  const rememberTabs = <T>(result: T): T => {
    void session.recordTabs(tabs.list())
    return result
  }
  const tabChannels = tabHandlers({ tabs, profileTarget: (profileId) => connections.target(profileId), openDemo, ready: () => ready })

  const handlers = {
    'app.info': async () => ({ mode: options.mode, version: options.version, vault: options.vault.kind }),
    ...connectionHandlers(connections),
    ...tabChannels,
    'tabs.open': async (input) => rememberTabs(await tabChannels['tabs.open'](input)),
    'tabs.close': async (input) => rememberTabs(await tabChannels['tabs.close'](input)),
    ...sessionHandlers(session),
    ...schemaHandlers(tabs),
    ...diagramHandlers(tabs, diagramLayout),
    ...followHandlers(tabs),
    ...queryHandlers(tabs, queries),
    ...exportHandlers(exports),
    ...queryCodeHandlers(tabs),
    ...cellHandlers(tabs),
    ...queryBuilderHandlers(tabs, new QueryStore(options.dataDir)),
    ...dataEntryHandlers(tabs, queries),
    ...compareHandlers(tabs, new CompareJobs(), emit, exports),
    ...pendingChangesHandlers(tabs),
    ...declareHandlers(tabs),
    'demo.reset': async () => {
      for (const tab of tabs.list()) if (tab.isDemo) await tabs.close(tab.tabId)
      await demo.reset()
      return rememberTabs(await openDemo())
    },
  } satisfies Handlers

  return {
    handlers,
    tabs,
    queries,
    connections,
    demo,
    session,
    diagramLayout,
    exports,
    start() {
      if (options.openDemoWhenEmpty === false) return
      ready = (async () => {
        const profiles = await connections.list()
        const known = new Set(profiles.map((p) => p.id))
        const reopen = (await session.openTabs()).filter((t) => t.profileId === null || known.has(t.profileId))
        if (reopen.length === 0) {
          if (profiles.length === 0) beginDemo()
          return
        }
        for (const { profileId } of reopen) {
          if (profileId === null) beginDemo()
          else tabs.begin(await connections.target(profileId))
        }
      })().catch((error: unknown) => logger.error(`Opening the start-up tabs failed: ${error instanceof Error ? error.message : String(error)}`))
    },
    async dispose() {
      await ready
      await session.flush()
      await exports.dispose()
      const connecting = tabs.list().map((tab) => tabs.settled(tab.tabId).catch(() => undefined))
      await tabs.closeAll()
      // Interrupts a first-start seeding rather than waiting for it (it is redone at the next start).
      await demo.stop()
      await diagramLayout.dispose()
      await Promise.all(connecting)
    },
  }
}
