// Saved connection profiles: list, save (secrets into the vault, bound to their endpoint), delete, test, and import
// from a `datajoint.json` (+ `.secrets/`) through the engine's own config loading; SSH tunnels and their host keys.
// Secrets only ever flow inward, and out of the main process only to the endpoint they were given for.

import { randomBytes } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join } from 'node:path'
import { CONFIG_FILENAME, Config, DataJointError, Instance, createMemoryLogger, dialectFor, isDataJointError, loadConfig, type Env, type Logger } from '../../src/index'
import { ProfileDraftSchema, type Profile } from '../ipc/contract'
import type { HostKey, KnownHosts } from '../vault/known-hosts'
import type { ProfileStore } from '../vault/profile-store'
import type { Vault } from '../vault/vault'
import { BoundSecrets, bindingOf, type Endpoint, type SecretKind } from './bound-secrets'
import type { Handlers } from './handlers'
import { openTunnel } from './ssh-tunnel'
import type { ConnectOptions, TabTarget } from './tabs'

type ProfileDraft = Omit<Profile, 'id' | 'hasPassword' | 'hasSshSecret'> & { readonly id?: string | undefined }

export interface ConnectionServiceOptions {
  readonly profiles: ProfileStore
  readonly vault: Vault
  readonly knownHosts: KnownHosts
  readonly logger: Logger
  /** Where imported configs may fall back to for secrets (DataJoint's `/run/secrets/datajoint`). */
  readonly systemSecretsDir?: string
  /** The SSH agent's socket (`SSH_AUTH_SOCK` of the app's environment). */
  readonly agentSocket?: string | undefined
}

interface PendingImport {
  readonly password: string
  readonly binding: string
  readonly expires: number
}

/** Passwords found by `connections.import`, waiting for a save; they expire unused. */
const IMPORT_TTL_MS = 15 * 60_000
const DEFAULT_COLOR = '#2563eb'

function newId(prefix: string): string {
  return `${prefix}-${randomBytes(8).toString('hex')}`
}

function tlsOf(mode: Profile['tls']): boolean | undefined {
  return mode === 'auto' ? undefined : mode === 'required'
}

function notFound(profileId: string): DataJointError {
  return new DataJointError('NOT_FOUND', `There is no saved connection ${profileId}.`)
}

function hostPortKey(host: string, port: number): string {
  return `[${host.toLowerCase()}]:${port}`
}

const SECRET_KINDS: readonly SecretKind[] = ['database', 'ssh']
const MAX_PRESENTED_KEYS = 32

/** A saved secret not sent because the draft names another endpoint: said when the server then refuses. */
const WITHHELD_HINT = 'A saved password is sent only to the server, port, user and SSH host it was saved for: type it again for this one.'

export class ConnectionService {
  readonly #profiles: ProfileStore
  readonly #vault: Vault
  readonly #secrets: BoundSecrets
  readonly #knownHosts: KnownHosts
  readonly #logger: Logger
  readonly #systemSecretsDir: string | undefined
  readonly #agentSocket: string | undefined
  readonly #imports = new Map<string, PendingImport>()
  /** Host keys SSH servers presented that are not trusted yet: the only keys `trustHostKey` accepts. */
  readonly #presentedKeys = new Map<string, HostKey>()
  // Saves and deletes are read-modify-write of one file: one at a time.
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: ConnectionServiceOptions) {
    this.#profiles = options.profiles
    this.#vault = options.vault
    this.#secrets = new BoundSecrets(options.vault)
    this.#knownHosts = options.knownHosts
    this.#logger = options.logger
    this.#systemSecretsDir = options.systemSecretsDir
    this.#agentSocket = options.agentSocket
  }

  get vaultKind(): Vault['kind'] {
    return this.#vault.kind
  }

  list(): Promise<Profile[]> {
    return this.#profiles.read()
  }

  async get(profileId: string): Promise<Profile> {
    const profile = (await this.#profiles.read()).find((p) => p.id === profileId)
    if (profile === undefined) throw notFound(profileId)
    return profile
  }

  /**
   * Saves a profile. A secret given is stored bound to the profile's endpoint; a secret not given is kept only while
   * the endpoint it is bound to stays the same (changing the backend, host, port, user or SSH endpoint forgets it).
   */
  save(input: {
    readonly profile: ProfileDraft
    readonly password?: string | null | undefined
    readonly sshSecret?: string | null | undefined
    readonly allowInsecureStorage?: boolean | undefined
    readonly importToken?: string | undefined
  }): Promise<Profile> {
    return this.#serial(async () => {
      const profiles = await this.#profiles.read()
      const id = input.profile.id ?? newId('p')
      const existing = profiles.find((p) => p.id === id)
      const draft = input.profile
      // '' is "no secret" for a connection, so it is forgotten rather than stored.
      const given: Record<SecretKind, string | null | undefined> = {
        database: input.password === '' ? null : input.password,
        ssh: input.sshSecret === '' ? null : input.sshSecret,
      }
      if (given.database === undefined && input.importToken !== undefined) {
        given.database = this.#takeImport(input.importToken, draft, true)
      }
      if (SECRET_KINDS.some((kind) => typeof given[kind] === 'string' && bindingOf(draft, kind) !== null)) this.#assertVaultUsable(input.allowInsecureStorage)
      const has: Record<SecretKind, boolean> = { database: false, ssh: false }
      for (const kind of SECRET_KINDS) {
        const binding = bindingOf(draft, kind)
        const secret = given[kind]
        if (binding === null || secret === null) {
          await this.#secrets.delete(id, kind)
        } else if (typeof secret === 'string') {
          try {
            await this.#secrets.save(id, kind, binding, secret)
          } catch (error) {
            if (isDataJointError(error)) throw error
            throw new DataJointError('VAULT_UNAVAILABLE', 'The password could not be stored.')
          }
          has[kind] = true
        } else {
          const stored = await this.#secrets.bindingOf(id, kind, existing === undefined ? null : bindingOf(existing, kind))
          if (stored === binding) has[kind] = true
          else if (stored !== null) await this.#secrets.delete(id, kind)
        }
      }
      const { id: _draftId, ...fields } = draft
      const profile: Profile = { ...fields, id, hasPassword: has.database, hasSshSecret: has.ssh }
      await this.#profiles.write(existing === undefined ? [...profiles, profile] : profiles.map((p) => (p.id === id ? profile : p)))
      if (input.importToken !== undefined) this.#imports.delete(input.importToken)
      return profile
    })
  }

  #assertVaultUsable(allowInsecureStorage: boolean | undefined): void {
    if (this.#vault.kind === 'insecure' && allowInsecureStorage !== true) {
      throw new DataJointError(
        'VAULT_UNAVAILABLE',
        'This system has no password store (keyring): a saved password would be protected only by a publicly known key.',
        { hint: 'Save it anyway (allowInsecureStorage), or save the connection without its password and enter it when connecting.' },
      )
    }
  }

  delete(profileId: string): Promise<void> {
    return this.#serial(async () => {
      const profiles = await this.#profiles.read()
      for (const kind of SECRET_KINDS) await this.#secrets.delete(profileId, kind)
      await this.#profiles.write(profiles.filter((p) => p.id !== profileId))
    })
  }

  /** Connects once (a one-session pool) and reports what the server said; always disconnects. */
  async test(input: {
    readonly profile: ProfileDraft
    readonly password?: string | undefined
    readonly sshSecret?: string | undefined
    readonly importToken?: string | undefined
  }) {
    const { profile } = input
    const saved = profile.id === undefined ? undefined : (await this.#profiles.read()).find((p) => p.id === profile.id)
    let withheld = false
    const secretOf = async (kind: SecretKind, typed: string | undefined): Promise<string | undefined> => {
      if (typed !== undefined) return typed
      if (kind === 'database' && input.importToken !== undefined) {
        const imported = this.#imports.get(input.importToken)
        if (imported !== undefined) {
          if (imported.binding === bindingOf(profile, kind)) return imported.password
          withheld = true
        }
      }
      if (saved === undefined) return undefined
      const secret = await this.#secrets.read(saved.id, kind, bindingOf(profile, kind), bindingOf(saved, kind))
      if (secret === null && (kind === 'database' ? saved.hasPassword : saved.hasSshSecret)) withheld = true
      return secret ?? undefined
    }
    const password = await secretOf('database', input.password)
    const sshSecret = await secretOf('ssh', input.sshSecret)
    const started = performance.now()
    const explained = (error: unknown): unknown =>
      withheld && isDataJointError(error, 'ACCESS_DENIED') ? new DataJointError('ACCESS_DENIED', error.message, { ...error.details, hint: WITHHELD_HINT }) : error
    const options = await this.#connectOptions(profile, password ?? '', sshSecret).catch((error: unknown) => {
      throw explained(error)
    })
    const useTls = options.useTls
    const instance = new Instance({
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      backend: profile.backend,
      ...(useTls === undefined ? {} : { useTls }),
      config: new Config(options.database === undefined ? {} : { database: { name: options.database } }),
      logger: createMemoryLogger(),
      poolSize: 1,
    })
    try {
      const info = await instance.connect()
      return { serverVersion: info.serverVersion, encrypted: info.tls, latencyMs: Math.round(performance.now() - started) }
    } catch (error) {
      throw explained(error)
    } finally {
      await instance.close().catch(() => undefined)
      await options.release?.()
    }
  }

  /** Trusts the host key an SSH server presented (and only that one) for its host and port. */
  async trustHostKey(input: { readonly host: string; readonly port: number; readonly keyType: string; readonly fingerprint: string }): Promise<void> {
    const id = hostPortKey(input.host, input.port)
    const presented = this.#presentedKeys.get(id)
    if (presented === undefined || presented.fingerprint !== input.fingerprint || presented.keyType !== input.keyType) {
      throw new DataJointError('NOT_FOUND', `${input.host}:${input.port} has not presented this key: connect to it first, then trust the key it shows.`, {
        host: input.host,
        port: input.port,
      })
    }
    if (!(await this.#knownHosts.trust(input.host, input.port, presented))) {
      throw new DataJointError('HOST_KEY_CHANGED', `Another host key is already trusted for ${input.host}:${input.port}; Joinery does not replace it.`, {
        host: input.host,
        port: input.port,
        keyType: presented.keyType,
        fingerprint: presented.fingerprint,
      })
    }
    this.#presentedKeys.delete(id)
    this.#logger.info(`Trusted the ${presented.keyType} host key ${presented.fingerprint} of ${input.host}:${input.port}`)
  }

  /** Where the Instance connects: the database itself, or the local end of an SSH tunnel to it (closed by `release`). */
  async #connectOptions(profile: Endpoint & Pick<Profile, 'tls' | 'database'>, password: string, sshSecret: string | undefined): Promise<ConnectOptions> {
    const direct = { host: profile.host, port: profile.port, user: profile.user, password, useTls: tlsOf(profile.tls), database: profile.database }
    if (profile.ssh === null) return direct
    try {
      const tunnel = await openTunnel({
        ssh: profile.ssh,
        secret: sshSecret,
        target: { host: profile.host, port: profile.port },
        knownHosts: this.#knownHosts,
        agentSocket: this.#agentSocket,
        logger: this.#logger,
      })
      const { ssh } = profile
      const catalogServer = `ssh://${ssh.user}@${ssh.host}:${ssh.port}/${profile.host}:${profile.port}`
      return { ...direct, host: tunnel.host, port: tunnel.port, release: () => tunnel.close(), catalogServer }
    } catch (error) {
      if (isDataJointError(error, 'HOST_KEY_UNKNOWN')) {
        const { keyType, fingerprint } = error.details
        if (keyType !== undefined && fingerprint !== undefined) {
          const id = hostPortKey(profile.ssh.host, profile.ssh.port)
          this.#presentedKeys.delete(id)
          this.#presentedKeys.set(id, { keyType, fingerprint })
          // Only the latest few servers wait for a decision; a renderer naming servers in a loop cannot grow this.
          const oldest = this.#presentedKeys.keys().next().value
          if (this.#presentedKeys.size > MAX_PRESENTED_KEYS && oldest !== undefined) this.#presentedKeys.delete(oldest)
        }
      }
      throw error
    }
  }

  /**
   * Reads `datajoint.json` (the file, or the folder holding it) and its `.secrets/` with the engine's loader.
   * The environment of the app is not a source here: the import shows what the file says.
   */
  async import(path: string) {
    if (!isAbsolute(path)) throw new DataJointError('INVALID_INPUT', 'Give the absolute path of a datajoint.json file or of its folder.')
    // One answer for every path without a readable datajoint.json, so the import cannot probe what else exists.
    const file = basename(path) === CONFIG_FILENAME ? path : join(path, CONFIG_FILENAME)
    if (!(await stat(file).catch(() => null))?.isFile()) throw new DataJointError('NOT_FOUND', `No ${CONFIG_FILENAME} was found at ${path}.`)
    const logger = createMemoryLogger()
    const env: Env = {}
    const config = loadConfig({
      env,
      cwd: dirname(file),
      logger,
      ...(this.#systemSecretsDir === undefined ? {} : { systemSecretsDir: this.#systemSecretsDir }),
    })
    // The loader's own message may quote the file's text (JSON.parse does), which may hold a password.
    if (logger.messages('WARNING').some((m) => m.startsWith('Failed to load'))) {
      throw new DataJointError('CONFIG', `${file} (or its .secrets folder) could not be read: invalid JSON or settings.`)
    }
    const database = config.database
    const hostPort = /^(.*):(\d+)$/.exec(database.host)
    const candidate = {
      name: basename(dirname(file)) || 'Imported connection',
      backend: database.backend,
      host: hostPort?.[1] ?? database.host,
      port: hostPort === null ? database.port : Number(hostPort[2]),
      user: database.user ?? dialectFor(database.backend).defaultUser,
      database: database.name ?? 'postgres',
      ssh: null,
      tls: database.useTls === null ? 'auto' : database.useTls ? 'required' : 'disabled',
      readOnly: false,
      color: DEFAULT_COLOR,
    }
    const parsed = ProfileDraftSchema.safeParse(candidate)
    if (!parsed.success) throw new DataJointError('CONFIG', `${file} has settings Joinery cannot use (${parsed.error.issues[0]?.path.join('.') ?? 'unknown'}).`)
    const password = database.password?.getSecretValue() ?? ''
    let importToken: string | null = null
    if (password !== '') {
      this.#pruneImports()
      importToken = newId('imp')
      const binding = bindingOf(parsed.data, 'database')
      if (binding !== null) this.#imports.set(importToken, { password, binding, expires: Date.now() + IMPORT_TTL_MS })
    }
    this.#logger.info(`Imported connection settings from ${file}`)
    return { profile: parsed.data, passwordFound: password !== '', importToken }
  }

  /** The tab target of a saved profile; its secrets are read from the vault at each (re)connect. */
  async target(profileId: string): Promise<TabTarget> {
    // An edited profile ("Edit connection", then reconnect) applies to its tabs from their next connect on.
    let profile = await this.get(profileId)
    return {
      get title() {
        return profile.name
      },
      get color() {
        return profile.color
      },
      get backend() {
        return profile.backend
      },
      get readOnly() {
        return profile.readOnly
      },
      isDemo: false,
      profileId,
      get viaSsh() {
        return profile.ssh !== null
      },
      connectOptions: async (): Promise<ConnectOptions> => {
        profile = await this.get(profileId).catch(() => profile)
        const current = profile
        const secret = async (kind: SecretKind) => {
          const binding = bindingOf(current, kind)
          return (await this.#secrets.read(profileId, kind, binding, binding)) ?? undefined
        }
        return this.#connectOptions(current, current.hasPassword ? ((await secret('database')) ?? '') : '', current.hasSshSecret ? await secret('ssh') : undefined)
      },
    }
  }

  /** An imported password, for a draft of the endpoint it was imported for. */
  #takeImport(token: string, draft: Endpoint, required: boolean): string | null {
    this.#pruneImports()
    const pending = this.#imports.get(token)
    if (pending === undefined) {
      if (required) throw new DataJointError('NOT_FOUND', 'The imported password has expired: import the datajoint.json again.')
      return null
    }
    if (pending.binding !== bindingOf(draft, 'database')) {
      throw new DataJointError('INVALID_INPUT', 'The imported password belongs to the imported server, port and user: type the password for this one.')
    }
    return pending.password
  }

  #pruneImports(): void {
    const now = Date.now()
    for (const [token, pending] of this.#imports) if (pending.expires < now) this.#imports.delete(token)
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(fn, fn)
    this.#queue = next.catch(() => undefined)
    return next
  }
}

export function connectionHandlers(connections: ConnectionService) {
  return {
    'connections.list': async () => connections.list(),
    'connections.save': async (input) => connections.save(input),
    'connections.delete': async ({ profileId }) => {
      await connections.delete(profileId)
      return {}
    },
    'connections.test': async (input) => connections.test(input),
    'connections.import': async ({ path }) => connections.import(path),
    'connections.trustHostKey': async (input) => {
      await connections.trustHostKey(input)
      return {}
    },
  } satisfies Partial<Handlers>
}
