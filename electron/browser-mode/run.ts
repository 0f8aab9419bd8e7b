// Browser mode as a process: the app services (memory vault, JSON profile store, the Demo lab in the data folder)
// behind the loopback server; prints the URL line, opens the default browser, shuts down cleanly on signals.

import { spawn } from 'node:child_process'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createConsoleLogger } from '../../src/instance/logger'
import type { EventName, EventPayload } from '../ipc/contract'
import { createDispatcher } from '../main/ipc/dispatch'
import { createAppServices } from '../services/app-services'
import { createMemoryVault } from '../vault/memory-vault'
import { createJsonProfileStore } from '../vault/profile-store'
import { startBrowserServer, type BrowserServer } from './server'

export interface BrowserModeOptions {
  readonly rendererDir: string
  readonly version: string
  readonly port: number
  readonly open: boolean
  /** Defaults to JOINERY_DATA_DIR, else `~/.joinery`. */
  readonly dataDir?: string
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['JOINERY_DATA_DIR']
  return configured !== undefined && configured !== '' ? configured : join(homedir(), '.joinery')
}

export async function runBrowserMode(options: BrowserModeOptions): Promise<BrowserServer> {
  const logger = createConsoleLogger({ stream: process.stderr, level: process.env['JOINERY_LOG_LEVEL'] === 'DEBUG' ? 'DEBUG' : 'INFO' })
  const dataDir = options.dataDir ?? defaultDataDir()
  let server: BrowserServer | null = null
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
  })
  services.start()
  // The one line on stdout: e2e fixtures and scripts parse it.
  process.stdout.write(`Joinery is running at ${server.url}\n`)
  logger.info(`Data folder: ${dataDir}; passwords are kept in memory only in browser mode.`)
  if (options.open) openBrowser(server.url)

  let stopping = false
  const stop = (): void => {
    // A second Ctrl-C does not wait (e.g. for the embedded database's first initialisation); the next start
    // finds the stale lock and the unfinished Demo lab folder and redoes it.
    if (stopping) process.exit(130)
    stopping = true
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

function openBrowser(url: string): void {
  const [command, args]: [string, string[]] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]]
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
  } catch {
    // No opener: the printed URL is enough.
  }
}
