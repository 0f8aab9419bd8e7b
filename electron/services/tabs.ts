// The TabId → engine Instance registry: one Instance per tab, created with the tab and closed with it. Tracks the
// tab's connection state (connecting / connected / lost / error / closed) and emits `tab.state` on every change.

import { randomBytes } from 'node:crypto'
import { CatalogStore, Config, DataJointError, Instance, fromWire, isDataJointError, toWire, type Backend, type Logger, type WireError } from '../../src/index'
import type { Tab } from '../ipc/contract'
import type { Emit, Handlers } from './handlers'

export type TabState = Tab['state']

/** What a tab connects to. Options are built at each (re)connect, so the password is read from the vault then. */
export interface TabTarget {
  readonly title: string
  readonly color: string
  readonly backend: Backend
  readonly readOnly: boolean
  readonly isDemo: boolean
  readonly profileId: string | null
  /** Whether the connection goes through an SSH tunnel. */
  readonly viaSsh: boolean
  connectOptions(): Promise<ConnectOptions>
  /**
   * For a server that cannot cancel a statement (the Demo lab's PGlite): ends everything running on it (by
   * restarting it) and resolves once it accepts connections again.
   */
  readonly interrupt?: () => Promise<void>
}

export interface ConnectOptions {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
  readonly useTls: boolean | undefined
  /** The PostgreSQL database (DataJoint's `database.name`). */
  readonly database?: string | undefined
  /** Frees what the connection needs besides the Instance (an SSH tunnel); called once the Instance is closed. */
  readonly release?: (() => Promise<void>) | undefined
  /** Who the server is where host and port do not tell (an SSH tunnel's local end): tabs of one server share its catalog. */
  readonly catalogServer?: string | undefined
}

interface TabEntry {
  readonly tabId: string
  readonly target: TabTarget
  /** Tells apart the tabs of one profile: the second is titled "Name (2)". */
  readonly ordinal: number
  state: TabState
  error: WireError | null
  instance: Instance | null
  /** Frees the current connection's tunnel, if any. */
  release: (() => Promise<void>) | null
  encrypted: boolean
  serverVersion: string
  /** Bumped at each (re)connect, so a stale connect attempt cannot overwrite a newer one. */
  generation: number
  /** The connect attempt in progress (settled ones stay resolved). */
  pending: Promise<void>
  /**
   * The catalog store's key (server and user) of the tab's latest Instance, null before the first is made: the
   * catalogs under it stay in the store while the tab is open, across reconnects and failed connections.
   */
  catalogServer: string | null
}

export interface TabRegistryOptions {
  readonly emit: Emit
  readonly logger: Logger
  /** Interval of the connection check on open tabs (0: none). It detects a lost server, and its return. */
  readonly heartbeatMs?: number
  readonly poolSize?: number
  /** Where the tabs' Instances share the catalogs they read (default: a store of the registry's own). */
  readonly catalogStore?: CatalogStore
}

/** Errors that mean the server is unreachable, not that the request was wrong. */
export function isConnectionLoss(error: unknown): boolean {
  return isDataJointError(error, 'LOST_CONNECTION') || isDataJointError(error, 'CONNECTION_FAILED')
}

function newTabId(): string {
  return `tab-${randomBytes(6).toString('hex')}`
}

/**
 * Servers (and users) whose catalogs stay after their last tab closed: enough for the few a person goes back and
 * forth between, few enough that a long session holds no more than its open tabs and these.
 */
export const RECENT_SERVERS_KEPT = 3

export class TabRegistry {
  readonly #tabs = new Map<string, TabEntry>()
  readonly #emit: Emit
  readonly #logger: Logger
  readonly #poolSize: number
  readonly #heartbeat: ReturnType<typeof setInterval> | null
  /**
   * The catalogs the tabs' Instances have read, shared by the tabs of one server and user. Those of a server and user
   * no open tab connects to any more are kept for the few servers left most recently (a tab closed and opened again
   * starts warm) and dropped beyond them (see `#dropUnusedCatalogs`), so a long session does not keep every catalog
   * it ever read.
   */
  readonly #catalogs: CatalogStore
  /** Servers (catalogServerKey) no open tab holds, the one left most recently last; at most RECENT_SERVERS_KEPT. */
  #recentlyLeft: string[] = []

  constructor(options: TabRegistryOptions) {
    this.#emit = options.emit
    this.#logger = options.logger
    this.#poolSize = options.poolSize ?? 4
    this.#catalogs = options.catalogStore ?? new CatalogStore()
    const every = options.heartbeatMs ?? 15_000
    this.#heartbeat = every > 0 ? setInterval(() => void this.checkAll(), every) : null
    this.#heartbeat?.unref()
  }

  /** Creates the tab and its Instance and waits for the connection; a failed connection leaves a tab in `error`. */
  async open(target: TabTarget): Promise<Tab> {
    const tab = this.begin(target)
    return this.settled(tab.tabId)
  }

  /** Creates the tab and starts connecting; returns at once with the tab in `connecting` (events follow). */
  begin(target: TabTarget): Tab {
    const taken = new Set([...this.#tabs.values()].filter((e) => e.target.profileId !== null && e.target.profileId === target.profileId).map((e) => e.ordinal))
    let ordinal = 1
    while (taken.has(ordinal)) ordinal += 1
    const entry: TabEntry = {
      tabId: newTabId(),
      target,
      ordinal,
      state: 'connecting',
      error: null,
      instance: null,
      release: null,
      encrypted: false,
      serverVersion: '',
      generation: 0,
      pending: Promise.resolve(),
      catalogServer: null,
    }
    this.#tabs.set(entry.tabId, entry)
    entry.pending = this.#connect(entry)
    return snapshot(entry)
  }

  /** The tab once its current connect attempt has finished. */
  async settled(tabId: string): Promise<Tab> {
    const entry = this.#entry(tabId)
    await entry.pending
    return snapshot(entry)
  }

  list(): Tab[] {
    return [...this.#tabs.values()].map(snapshot)
  }

  find(predicate: (tab: Tab, target: TabTarget) => boolean): Tab | undefined {
    for (const entry of this.#tabs.values()) {
      const tab = snapshot(entry)
      if (predicate(tab, entry.target)) return tab
    }
    return undefined
  }

  tab(tabId: string): Tab {
    return snapshot(this.#entry(tabId))
  }

  /** Read-only tabs refuse the channels that modify data; an unknown tab is not read-only (its handler says NOT_FOUND). */
  isReadOnly(tabId: string): boolean {
    return this.#tabs.get(tabId)?.target.readOnly ?? false
  }

  /**
   * Runs `fn` on the tab's Instance, once a connection in progress has finished (the Demo lab's first start seeds
   * for seconds). A connection failure marks the tab `lost` (and is rethrown); a success on a lost tab marks it
   * `connected` again.
   */
  async use<T>(tabId: string, fn: (instance: Instance) => Promise<T>): Promise<T> {
    const entry = this.#entry(tabId)
    if (entry.state === 'connecting') await entry.pending
    if (entry.state === 'closed') throw new DataJointError('NOT_FOUND', `There is no open tab ${tabId}.`)
    const instance = entry.instance
    if (instance === null) {
      throw entry.error === null ? new DataJointError('LOST_CONNECTION', 'The tab is not connected yet.') : fromWire(entry.error)
    }
    const generation = entry.generation
    try {
      const result = await fn(instance)
      if (entry.state === 'lost' && entry.generation === generation) this.#setState(entry, 'connected', null)
      return result
    } catch (error) {
      if (isConnectionLoss(error) && entry.generation === generation && this.#tabs.has(tabId)) {
        this.#setState(entry, 'lost', toWire(error))
      }
      throw error
    }
  }

  /**
   * Ends everything running on a tab whose server cannot cancel a statement (the Demo lab), then reconnects it;
   * requests made meanwhile wait for the new connection. False (nothing done) for a server that can cancel, and for a
   * tab closed meanwhile.
   */
  interrupt(tabId: string): boolean {
    const entry = this.#tabs.get(tabId)
    if (entry?.target.interrupt === undefined) return false
    entry.pending = this.#connect(entry, entry.target.interrupt)
    return true
  }

  /** A fresh Instance for the tab (the old one is closed), e.g. after the server came back. */
  async reconnect(tabId: string): Promise<Tab> {
    const entry = this.#entry(tabId)
    entry.pending = this.#connect(entry)
    await entry.pending
    return snapshot(entry)
  }

  async close(tabId: string): Promise<void> {
    const entry = this.#entry(tabId)
    this.#tabs.delete(tabId)
    entry.generation += 1
    const instance = entry.instance
    const release = entry.release
    entry.instance = null
    entry.release = null
    this.#setState(entry, 'closed', null)
    await instance?.close().catch((error: unknown) => this.#logger.debug(`Closing ${tabId}: ${String(error)}`))
    await release?.().catch((error: unknown) => this.#logger.debug(`Closing the tunnel of ${tabId}: ${String(error)}`))
    this.#dropUnusedCatalogs(entry.catalogServer)
  }

  async closeAll(): Promise<void> {
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat)
    await Promise.all([...this.#tabs.keys()].map((tabId) => this.close(tabId)))
  }

  /** Pings every connected or lost tab once (the heartbeat's work; tests call it directly). */
  async checkAll(): Promise<void> {
    await Promise.all(
      [...this.#tabs.values()]
        .filter((entry) => entry.state === 'connected' || entry.state === 'lost')
        .map((entry) => this.use(entry.tabId, (instance) => instance.run({ sql: 'SELECT 1', params: [] })).catch(() => undefined)),
    )
  }

  #entry(tabId: string): TabEntry {
    const entry = this.#tabs.get(tabId)
    if (entry === undefined) throw new DataJointError('NOT_FOUND', `There is no open tab ${tabId}.`)
    return entry
  }

  async #connect(entry: TabEntry, interrupt?: () => Promise<void>): Promise<void> {
    entry.generation += 1
    const generation = entry.generation
    const previous = entry.instance
    const previousRelease = entry.release
    entry.instance = null
    entry.release = null
    this.#setState(entry, 'connecting', null)
    // Before closing the previous Instance: its connections could not end while a statement blocks the server.
    const interrupted = interrupt?.() ?? Promise.resolve()
    await interrupted.catch(() => undefined)
    await previous?.close().catch(() => undefined)
    await previousRelease?.().catch(() => undefined)
    let instance: Instance | null = null
    let release: (() => Promise<void>) | undefined
    try {
      await interrupted
      const options = await entry.target.connectOptions()
      const { useTls, database, release: releaseOption, catalogServer, ...rest } = options
      release = releaseOption
      instance = new Instance({
        ...rest,
        ...(useTls === undefined ? {} : { useTls }),
        backend: entry.target.backend,
        // An explicit config: a tab never reads the app's environment or a datajoint.json near its cwd.
        config: new Config(database === undefined ? {} : { database: { name: database } }),
        logger: prefixed(this.#logger, entry.target.title),
        poolSize: this.#poolSize,
        catalogStore: this.#catalogs,
        ...(catalogServer === undefined ? {} : { catalogServer }),
      })
      const previousServer = entry.catalogServer
      entry.catalogServer = instance.catalog.server
      // A profile edited to another server or user: its old catalogs may have no tab left.
      if (previousServer !== null && previousServer !== entry.catalogServer) this.#dropUnusedCatalogs(previousServer)
      const info = await instance.connect()
      if (entry.generation !== generation) {
        await instance.close()
        await release?.()
        return
      }
      entry.instance = instance
      entry.release = release ?? null
      entry.encrypted = info.tls
      entry.serverVersion = info.serverVersion
      this.#setState(entry, 'connected', null)
    } catch (error) {
      await instance?.close().catch(() => undefined)
      await release?.().catch(() => undefined)
      if (entry.generation !== generation) return
      this.#setState(entry, 'error', toWire(error))
    }
  }

  /**
   * Drops the catalogs of every server and user no open tab holds (TabEntry.catalogServer), but for the
   * RECENT_SERVERS_KEPT left most recently. Run when a tab closes, once its Instance is closed (a load under way
   * there fails at its next statement), and when a tab's server changes (`left`: the server it held). No timer. A tab
   * still making its first Instance holds nothing yet, so it may read again a catalog dropped in that moment; an
   * entry a load wrote after its tab closed goes at the next drop.
   */
  #dropUnusedCatalogs(left: string | null): void {
    const used = new Set<string>()
    for (const entry of this.#tabs.values()) if (entry.catalogServer !== null) used.add(entry.catalogServer)
    const recent = this.#recentlyLeft.filter((server) => server !== left && !used.has(server))
    if (left !== null && !used.has(left)) recent.push(left)
    this.#recentlyLeft = recent.slice(-RECENT_SERVERS_KEPT)
    this.#catalogs.keepOnly(new Set([...used, ...this.#recentlyLeft]))
  }

  #setState(entry: TabEntry, state: TabState, error: WireError | null): void {
    entry.state = state
    entry.error = error
    this.#emit('tab.state', snapshot(entry))
  }
}

function snapshot(entry: TabEntry): Tab {
  const { target } = entry
  return {
    tabId: entry.tabId,
    title: entry.ordinal === 1 ? target.title : `${target.title} (${entry.ordinal})`,
    color: target.color,
    backend: target.backend,
    readOnly: target.readOnly,
    isDemo: target.isDemo,
    profileId: target.profileId,
    state: entry.state,
    encrypted: entry.encrypted,
    viaSsh: target.viaSsh,
    serverVersion: entry.serverVersion,
    error: entry.error === null ? null : { ...entry.error, details: { ...entry.error.details } },
  }
}

function prefixed(logger: Logger, prefix: string): Logger {
  return {
    debug: (message) => logger.debug(`[${prefix}] ${message}`),
    info: (message) => logger.info(`[${prefix}] ${message}`),
    warning: (message) => logger.warning(`[${prefix}] ${message}`),
    error: (message) => logger.error(`[${prefix}] ${message}`),
  }
}

export interface TabHandlerDeps {
  readonly tabs: TabRegistry
  /** The target of a saved profile (NOT_FOUND when it does not exist). */
  readonly profileTarget: (profileId: string) => Promise<TabTarget>
  /** Opens (or returns) the Demo lab tab. */
  readonly openDemo: () => Promise<Tab>
  /** Settles when the start-up tabs (the Demo lab, with no profile saved) are open, so the first list has them. */
  readonly ready: () => Promise<void>
}

export function tabHandlers(deps: TabHandlerDeps) {
  const { tabs } = deps
  return {
    'tabs.open': async (input) => {
      if (input.demo === true) {
        if (input.profileId !== undefined) throw new DataJointError('INVALID_INPUT', 'Give either profileId or demo, not both.')
        return deps.openDemo()
      }
      if (input.profileId === undefined) throw new DataJointError('INVALID_INPUT', 'tabs.open needs a profileId (or demo: true).')
      return tabs.open(await deps.profileTarget(input.profileId))
    },
    'tabs.close': async ({ tabId }) => {
      await tabs.close(tabId)
      return {}
    },
    'tabs.list': async () => {
      await deps.ready()
      return tabs.list()
    },
    'tabs.reconnect': async ({ tabId }) => tabs.reconnect(tabId),
  } satisfies Partial<Handlers>
}
