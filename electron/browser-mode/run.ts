// Browser mode as a process: the app services (memory vault, JSON profile store, the Demo lab in the data folder)
// behind the loopback server; prints the URL line, opens the default browser, shuts down cleanly on signals.
// Started in the background by `npm start` (scripts/start.mjs), it also says where it runs in the data folder
// (`npm stop` and the next `npm start` read it) and stops by itself once no page of it is open.

import { createConsoleLogger } from '../../src/instance/logger'
import type { EventName, EventPayload } from '../ipc/contract'
import { createDispatcher } from '../main/ipc/dispatch'
import { createAppServices } from '../services/app-services'
import { createMemoryVault } from '../vault/memory-vault'
import { createJsonProfileStore } from '../vault/profile-store'
import { defaultDataDir, openBrowser, removeRunning, writeRunning } from './launch.mjs'
import { startBrowserServer, type BrowserServer } from './server'

export interface BrowserModeOptions {
  readonly rendererDir: string
  readonly version: string
  readonly port: number
  readonly open: boolean
  /** Defaults to JOINERY_DATA_DIR, else `~/.joinery`. */
  readonly dataDir?: string
  /**
   * Running in the background, started by `npm start`: the URL goes to the parent over its IPC channel as well,
   * the data folder's `browser-mode.json` says where this server runs, and it stops once no page is open.
   */
  readonly background?: BackgroundOptions
}

export interface BackgroundOptions {
  /** How long to wait for a first page (the URL may be opened by hand). */
  readonly firstPageMs: number
  /** How long to wait, after the last page closed, for one to come back (a reload, a restored browser). */
  readonly lastPageMs: number
}

export const BACKGROUND: BackgroundOptions = { firstPageMs: 15 * 60_000, lastPageMs: 30_000 }

export async function runBrowserMode(options: BrowserModeOptions): Promise<BrowserServer> {
  const logger = createConsoleLogger({ stream: process.stderr, level: process.env['JOINERY_LOG_LEVEL'] === 'DEBUG' ? 'DEBUG' : 'INFO' })
  const dataDir = options.dataDir ?? defaultDataDir()
  let server: BrowserServer | null = null
  const background = options.background
  /** Stops the server when no page has been open for a while (background only). */
  let unusedTimer: ReturnType<typeof setTimeout> | null = null
  const stopWhenUnused = (ms: number): void => {
    if (unusedTimer !== null) clearTimeout(unusedTimer)
    unusedTimer = setTimeout(() => {
      logger.info(`No page has been open for ${Math.round(ms / 1000)} s: stopping.`)
      stop()
    }, ms)
  }
  const services = createAppServices({
    mode: 'browser',
    version: options.version,
    dataDir,
    vault: createMemoryVault(),
    profiles: createJsonProfileStore(dataDir),
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => server?.broadcast(event, payload),
    logger,
    sshAgentSocket: process.env['SSH_AUTH_SOCK'],
  })
  const dispatch = createDispatcher({
    handlers: services.handlers,
    isReadOnly: (tabId) => services.tabs.isReadOnly(tabId),
    logger,
    // Browser mode runs from a source checkout: a development build.
    validateOutputs: process.env['JOINERY_VALIDATE_OUTPUTS'] !== '0',
    includeSql: true,
  })
  server = await startBrowserServer({
    rendererDir: options.rendererDir,
    dispatch,
    logger,
    port: options.port,
    serveExport: (exportId, response) => services.exports.serveDownload(exportId, response),
    onPagesChange: (open) => {
      if (background === undefined) return
      if (open > 0 && unusedTimer !== null) {
        clearTimeout(unusedTimer)
        unusedTimer = null
      } else if (open === 0) stopWhenUnused(background.lastPageMs)
    },
  })
  services.start()
  // The one line on stdout: e2e fixtures and scripts parse it.
  process.stdout.write(`Joinery is running at ${server.url}\n`)
  logger.info(`Data folder: ${dataDir}; passwords are kept in memory only in browser mode.`)
  if (background !== undefined) {
    writeRunning(dataDir, { pid: process.pid, url: server.url })
    stopWhenUnused(background.firstPageMs)
    // The parent (`npm start`) ends once it has the URL; nothing else goes over the channel.
    process.send?.({ url: server.url }, () => process.disconnect?.())
  }
  if (options.open) openBrowser(server.url)

  let stopping = false
  const stop = (): void => {
    // A second Ctrl-C does not wait (e.g. for the embedded database's first initialisation); the next start
    // finds the stale lock and the unfinished Demo lab folder and redoes it.
    if (stopping) process.exit(130)
    stopping = true
    if (background !== undefined) removeRunning(dataDir)
    const running = server
    void (async () => {
      await running?.close()
      await services.dispose()
    })()
      .catch((error: unknown) => logger.error(`Shutdown: ${String(error)}`))
      .finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  return server
}
