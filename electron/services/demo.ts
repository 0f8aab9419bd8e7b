// The Demo lab: an embedded PostgreSQL (PGlite) in the app's data folder, seeded once by the engine and reused at
// later starts. It runs in a worker thread behind a unix socket only this user can open (see pglite-server.ts).
// PGlite has no lock of its own (two processes on one data folder corrupt it), hence the lock file.

import { mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { unlinkSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { Config, DataJointError, Instance, startPgliteServer, type Logger, type PgliteServer } from '../../src/index'
import { DEMO_SEED_VERSION, seedDemoLab } from './demo-seed'

export interface DemoLabOptions {
  /** The app's data folder; the demo lives in `<dataDir>/demo-lab`. */
  readonly dataDir: string
  readonly logger: Logger
}

export interface DemoEndpoint {
  /** The private socket's directory (on Windows, 127.0.0.1). */
  readonly host: string
  readonly port: number
}

export interface DemoStartReport {
  readonly ms: number
  readonly seeded: boolean
  readonly rows: number
}

interface SeedMarker {
  readonly version: number
  readonly rows: number
  readonly seededAt: string
}

interface LockContent {
  readonly pid: number
  readonly host: string
  readonly startedAt: string
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes `<folder>/lock` for this process. A lock whose process is gone (or from another machine's crash on a
 * shared folder, which cannot be checked and is left alone) is stale and replaced.
 */
export async function acquireLock(file: string): Promise<void> {
  const content: LockContent = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(file, JSON.stringify(content), { flag: 'wx' })
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    let holder: Partial<LockContent> = {}
    try {
      holder = JSON.parse(await readFile(file, 'utf8')) as Partial<LockContent>
    } catch {
      // Unreadable or half-written: treated as stale.
    }
    const pid = typeof holder.pid === 'number' ? holder.pid : null
    const sameHost = holder.host === undefined || holder.host === hostname()
    if (pid === process.pid) return
    if (pid !== null && (!sameHost || isAlive(pid))) {
      throw new DataJointError(
        'CONNECTION_FAILED',
        `The Demo lab is in use by another Joinery process (pid ${pid}${sameHost ? '' : ` on ${holder.host}`}).`,
        { hint: 'Close the other Joinery, or start this one with another JOINERY_DATA_DIR.' },
      )
    }
    await unlink(file).catch(() => undefined)
  }
  throw new DataJointError('CONNECTION_FAILED', 'The Demo lab lock could not be taken.')
}

export class DemoLab {
  readonly #folder: string
  readonly #logger: Logger
  #server: PgliteServer | null = null
  /** The server of a start in progress (seeding at first start), so that `stop` can interrupt it. */
  #pendingServer: PgliteServer | null = null
  #stopping = false
  #starting: Promise<DemoEndpoint> | null = null
  readonly #lockFile: string
  #exitHook: (() => void) | null = null
  #lastStart: DemoStartReport | null = null

  constructor(options: DemoLabOptions) {
    this.#folder = join(options.dataDir, 'demo-lab')
    this.#lockFile = join(this.#folder, 'lock')
    this.#logger = options.logger
  }

  get folder(): string {
    return this.#folder
  }

  /** How long the last start took and whether it seeded (for the log and the report). */
  get lastStart(): DemoStartReport | null {
    return this.#lastStart
  }

  /**
   * Starts the embedded server (seeding an empty or outdated folder first), or restarts one whose worker ended;
   * concurrent calls share one start.
   */
  start(): Promise<DemoEndpoint> {
    const server = this.#server
    if (server !== null) {
      const endpoint = { host: server.host, port: server.port }
      return server.running ? Promise.resolve(endpoint) : server.restart().then(() => endpoint)
    }
    this.#starting ??= this.#start().finally(() => {
      this.#starting = null
    })
    return this.#starting
  }

  /**
   * Ends every statement running on the Demo lab (PGlite cannot cancel one) by ending its worker and opening the
   * same data again; resolves once it accepts connections. Open connections are dropped.
   */
  async interrupt(): Promise<void> {
    await this.#server?.restart()
  }

  /** Stops the server; a first-start seeding in progress is interrupted (and redone at the next start). */
  async stop(): Promise<void> {
    this.#stopping = true
    try {
      await this.#pendingServer?.stop().catch(() => undefined)
      await this.#starting?.catch(() => undefined)
      const server = this.#server
      this.#server = null
      await server?.stop()
      await this.#releaseLock()
    } finally {
      this.#stopping = false
    }
  }

  /** Rebuilds the demo from scratch. Tabs on it must be closed first. */
  async reset(): Promise<DemoEndpoint> {
    await this.stop()
    await rm(join(this.#folder, 'seed.json'), { force: true })
    return this.start()
  }

  async #start(): Promise<DemoEndpoint> {
    const started = performance.now()
    await mkdir(this.#folder, { recursive: true })
    await acquireLock(this.#lockFile)
    this.#installExitHook()
    try {
      const pgdata = join(this.#folder, 'pgdata')
      const marker = await this.#readMarker()
      const seeded = marker === null || marker.version !== DEMO_SEED_VERSION
      if (seeded) await rm(pgdata, { recursive: true, force: true })
      const server = await startPgliteServer({ dataDir: pgdata })
      this.#pendingServer = server
      let rows = marker?.rows ?? 0
      try {
        if (this.#stopping) throw new DataJointError('CANCELLED', 'The Demo lab was stopped while starting.')
        if (seeded) rows = await this.#seed(server)
        if (this.#stopping) throw new DataJointError('CANCELLED', 'The Demo lab was stopped while starting.')
      } catch (error) {
        await server.stop().catch(() => undefined)
        // A half-seeded folder has no seed.json: the next start rebuilds it.
        if (seeded) await rm(pgdata, { recursive: true, force: true })
        throw error
      } finally {
        this.#pendingServer = null
      }
      if (seeded) {
        const written: SeedMarker = { version: DEMO_SEED_VERSION, rows, seededAt: new Date().toISOString() }
        await writeFile(join(this.#folder, 'seed.json'), `${JSON.stringify(written, null, '\t')}\n`)
      }
      this.#server = server
      this.#lastStart = { ms: Math.round(performance.now() - started), seeded, rows }
      this.#logger.info(`Demo lab ready in ${this.#lastStart.ms} ms (${seeded ? `seeded ${rows} rows` : 'existing data'}) at ${this.#folder}`)
      return { host: server.host, port: server.port }
    } catch (error) {
      await this.#releaseLock()
      throw error
    }
  }

  async #seed(server: PgliteServer): Promise<number> {
    const instance = new Instance({
      host: server.host,
      port: server.port,
      user: 'postgres',
      password: '',
      backend: 'postgresql',
      useTls: false,
      config: new Config(),
      logger: { debug: () => {}, info: () => {}, warning: (m) => this.#logger.warning(m), error: (m) => this.#logger.error(m) },
      poolSize: 2,
    })
    try {
      await instance.connect()
      return (await seedDemoLab(instance)).rows
    } finally {
      await instance.close()
    }
  }

  async #readMarker(): Promise<SeedMarker | null> {
    try {
      const data = JSON.parse(await readFile(join(this.#folder, 'seed.json'), 'utf8')) as Partial<SeedMarker>
      return typeof data.version === 'number' ? { version: data.version, rows: Number(data.rows ?? 0), seededAt: String(data.seededAt) } : null
    } catch {
      return null
    }
  }

  #installExitHook(): void {
    if (this.#exitHook !== null) return
    // A crash or Ctrl-C must not leave a lock behind that names a live pid (a reused one would block the demo).
    this.#exitHook = () => {
      try {
        unlinkSync(this.#lockFile)
      } catch {
        // Already gone.
      }
    }
    process.once('exit', this.#exitHook)
  }

  async #releaseLock(): Promise<void> {
    if (this.#exitHook !== null) {
      process.removeListener('exit', this.#exitHook)
      this.#exitHook = null
    }
    try {
      const holder = JSON.parse(await readFile(this.#lockFile, 'utf8')) as Partial<LockContent>
      if (holder.pid === process.pid) await unlink(this.#lockFile)
    } catch {
      // No lock, or not ours.
    }
  }
}
