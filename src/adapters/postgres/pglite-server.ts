// The only module loading @electric-sql/*: an embedded PostgreSQL (PGlite) in a worker thread, served over a socket
// so the ordinary pg driver talks to it. All connections share ONE backend session (PGlite is single-user): a
// transaction or SET on one connection is seen by all.
//
// Why a worker: PGlite runs a statement synchronously in wasm, so on the caller's event loop a long one would freeze
// everything else (every tab of the app), and nothing could stop it. In a worker it blocks only the worker, and
// ending the worker (then opening the database again) is how a running statement is stopped.
// Why a unix socket: PGlite accepts any user and password, so whoever reaches the socket owns the database. A socket
// in a new directory only this user can open is out of other users' reach (as the data folder itself is); Windows,
// where node-postgres reaches only TCP, keeps a loopback port.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { workerModulePath } from '../worker-module'

export interface PgliteServerOptions {
  /** A data directory, or `memory://` for a throwaway database. */
  readonly dataDir: string
  /**
   * A TCP address instead of the private unix socket (tests that need one, and Windows, where it is 127.0.0.1
   * either way). Anyone on the machine can connect to a TCP port.
   */
  readonly host?: string
  /** With `host`: 0 picks a free port. */
  readonly port?: number
}

export interface PgliteServer {
  /** pg's `host`: the socket's directory (node-postgres connects to `<host>/.s.PGSQL.<port>`), or a TCP host. */
  readonly host: string
  readonly port: number
  /** False once the worker has ended by itself (a wasm abort); `restart` brings it back. */
  readonly running: boolean
  /**
   * Ends the worker, and with it the statement it runs (PGlite cannot cancel one), then opens the database again at
   * the same address. Every connection is dropped; a `memory://` database starts empty.
   */
  restart(): Promise<void>
  stop(): Promise<void>
}

/** pglite-socket's default is 1: a pool's second connection would get a raw "Too many connections". */
const MAX_CONNECTIONS = 8
/** The usual PostgreSQL port, in the socket file's name only: the directory is what tells servers apart. */
const SOCKET_PORT = 5432
/** A clean stop (PGlite's shutdown checkpoint) waits this long for a statement to end before the worker is ended. */
const STOP_TIMEOUT_MS = 5_000

/** Where the worker listens: a unix socket path, or a TCP address. */
type Listen = { readonly path: string } | { readonly host: string; readonly port: number }

type WorkerMessage = { readonly ready: string } | { readonly error: string } | { readonly stopped: true }

// Plain CommonJS evaluated by the worker (`eval: true`), as the diagram layout's: the main process is bundled three
// ways (electron-vite, the browser-mode bundle, tsx in tests), and a source string starts the same way in all three.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { chmodSync, rmSync } = require('node:fs')
const { PGlite } = require(workerData.pglitePath)
const { PGLiteSocketServer } = require(workerData.socketServerPath)
const { dataDir, listen, maxConnections } = workerData

async function serve() {
  const db = await PGlite.create(dataDir)
  // A socket file left by a worker that was ended (the directory is ours alone).
  if (listen.path !== undefined) rmSync(listen.path, { force: true })
  const server = new PGLiteSocketServer({ db, ...listen, maxConnections })
  try {
    await server.start()
  } catch (error) {
    await db.close()
    throw error
  }
  if (listen.path !== undefined) chmodSync(listen.path, 0o600)
  parentPort.on('message', (message) => {
    if (message !== 'stop') return
    server.stop().then(() => db.close()).then(
      () => parentPort.postMessage({ stopped: true }),
      (error) => parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) }),
    )
  })
  parentPort.postMessage({ ready: server.getServerConn() })
}

serve().catch((error) => parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) }))
`

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Starts a worker serving `dataDir` at `listen`; resolves with the address it reports once listening. */
function startWorker(dataDir: string, listen: Listen): Promise<{ worker: Worker; address: string }> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    name: 'pglite',
    workerData: {
      pglitePath: workerModulePath('@electric-sql/pglite', import.meta.url),
      socketServerPath: workerModulePath('@electric-sql/pglite-socket', import.meta.url),
      dataDir,
      listen,
      maxConnections: MAX_CONNECTIONS,
    },
  })
  // The worker must not keep a closing app (or a test run) alive.
  worker.unref()
  return new Promise((resolve, reject) => {
    const settle = (message: WorkerMessage): void => {
      worker.off('error', onError)
      worker.off('exit', onExit)
      if ('ready' in message) resolve({ worker, address: message.ready })
      else {
        void worker.terminate()
        reject(new Error('error' in message ? message.error : 'The PGlite worker stopped while starting.'))
      }
    }
    const onError = (error: Error): void => settle({ error: errorMessage(error) })
    const onExit = (code: number): void => settle({ error: `The PGlite worker ended while starting (exit code ${code}).` })
    worker.once('message', settle)
    worker.once('error', onError)
    worker.once('exit', onExit)
  })
}

/** The worker's TCP port, from pglite-socket's `host:port`. */
function portOf(address: string): number {
  const port = Number(address.slice(address.lastIndexOf(':') + 1))
  if (!Number.isInteger(port) || port <= 0) throw new Error(`PGlite socket server reported no port (${address})`)
  return port
}

/** Asks the worker to close the database cleanly; ends it after STOP_TIMEOUT_MS (a statement still running). */
async function stopWorker(worker: Worker): Promise<void> {
  const stopped = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, STOP_TIMEOUT_MS)
    const done = (): void => {
      clearTimeout(timer)
      resolve()
    }
    worker.on('message', (message: WorkerMessage) => {
      if ('stopped' in message || 'error' in message) done()
    })
    worker.once('exit', done)
  })
  worker.postMessage('stop')
  await stopped
  await worker.terminate()
}

class WorkerPgliteServer implements PgliteServer {
  readonly #dataDir: string
  #listen: Listen
  /** The private socket's directory, removed at stop. */
  readonly #socketDir: string | null
  #worker: Worker | null = null
  /** A restart in progress, which `stop` waits for. */
  #restarting: Promise<void> | null = null
  #stopped = false

  constructor(dataDir: string, listen: Listen, socketDir: string | null) {
    this.#dataDir = dataDir
    this.#listen = listen
    this.#socketDir = socketDir
  }

  get host(): string {
    return 'path' in this.#listen ? (this.#socketDir ?? '') : this.#listen.host
  }

  get port(): number {
    return 'path' in this.#listen ? SOCKET_PORT : this.#listen.port
  }

  get running(): boolean {
    return this.#worker !== null
  }

  async start(): Promise<void> {
    const { worker, address } = await startWorker(this.#dataDir, this.#listen)
    if (this.#stopped) {
      await worker.terminate()
      return
    }
    // A restart listens where the first worker did, so connections made later find the same address.
    if ('port' in this.#listen && this.#listen.port === 0) this.#listen = { host: this.#listen.host, port: portOf(address) }
    this.#worker = worker
    worker.once('exit', () => {
      if (this.#worker === worker) this.#worker = null
    })
  }

  restart(): Promise<void> {
    if (this.#stopped) return Promise.reject(new Error('The PGlite server is stopped.'))
    this.#restarting ??= this.#restart().finally(() => {
      this.#restarting = null
    })
    return this.#restarting
  }

  async #restart(): Promise<void> {
    const previous = this.#worker
    this.#worker = null
    // Ending the thread stops the wasm statement at once; the database files are left as a crash would leave them,
    // and PostgreSQL's recovery at the next open rolls back what was not committed.
    await previous?.terminate()
    await this.start()
  }

  async stop(): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    await this.#restarting?.catch(() => undefined)
    const worker = this.#worker
    this.#worker = null
    try {
      if (worker !== null) await stopWorker(worker)
    } finally {
      if (this.#socketDir !== null) await rm(this.#socketDir, { recursive: true, force: true })
    }
  }
}

/** Starts PGlite in a worker; resolves once it accepts connections at `host`/`port`. */
export async function startPgliteServer(options: PgliteServerOptions): Promise<PgliteServer> {
  const tcp = options.host !== undefined || options.port !== undefined || process.platform === 'win32'
  // mkdtemp creates the directory with mode 0700. The system's temporary folder keeps the socket's path short (unix
  // sockets allow about 100 bytes) and off network file systems, where a data folder may live.
  const socketDir = tcp ? null : await mkdtemp(join(tmpdir(), 'joinery-pglite-'))
  const listen: Listen = socketDir === null ? { host: options.host ?? '127.0.0.1', port: options.port ?? 0 } : { path: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`) }
  const server = new WorkerPgliteServer(options.dataDir, listen, socketDir)
  try {
    await server.start()
  } catch (error) {
    await server.stop()
    throw new Error(`PGlite could not start: ${errorMessage(error)}`, { cause: error })
  }
  return server
}
