// Saved connection profiles: list, save (password into the vault), delete, test, and import from a
// `datajoint.json` (+ `.secrets/`) through the engine's own config loading. Passwords only ever flow inward.

import { randomBytes } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join } from 'node:path'
import { CONFIG_FILENAME, Config, DataJointError, Instance, createMemoryLogger, isDataJointError, loadConfig, type Env, type Logger } from '../../src/index'
import { ProfileDraftSchema, type Profile } from '../ipc/contract'
import type { ProfileStore } from '../vault/profile-store'
import type { Vault } from '../vault/vault'
import type { Handlers } from './handlers'
import type { ConnectOptions, TabTarget } from './tabs'

type ProfileDraft = Omit<Profile, 'id' | 'hasPassword'> & { readonly id?: string | undefined }

export interface ConnectionServiceOptions {
  readonly profiles: ProfileStore
  readonly vault: Vault
  readonly logger: Logger
  /** Where imported configs may fall back to for secrets (DataJoint's `/run/secrets/datajoint`). */
  readonly systemSecretsDir?: string
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

export class ConnectionService {
  readonly #profiles: ProfileStore
  readonly #vault: Vault
  readonly #logger: Logger
  readonly #systemSecretsDir: string | undefined
  readonly #imports = new Map<string, { readonly password: string; readonly expires: number }>()
  // Saves and deletes are read-modify-write of one file: one at a time.
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: ConnectionServiceOptions) {
    this.#profiles = options.profiles
    this.#vault = options.vault
    this.#logger = options.logger
    this.#systemSecretsDir = options.systemSecretsDir
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

  save(input: {
    readonly profile: ProfileDraft
    readonly password?: string | null | undefined
    readonly allowInsecureStorage?: boolean | undefined
    readonly importToken?: string | undefined
  }): Promise<Profile> {
    return this.#serial(async () => {
      const profiles = await this.#profiles.read()
      const id = input.profile.id ?? newId('p')
      const existing = profiles.find((p) => p.id === id)
      // '' is "no password" for a connection, so it is forgotten rather than stored.
      let password: string | null | undefined = input.password === '' ? null : input.password
      if (password === undefined && input.importToken !== undefined) password = this.#takeImport(input.importToken, true)
      if (typeof password === 'string') {
        if (this.#vault.kind === 'insecure' && input.allowInsecureStorage !== true) {
          throw new DataJointError(
            'VAULT_UNAVAILABLE',
            'This system has no password store (keyring): a saved password would be protected only by a publicly known key.',
            { hint: 'Save it anyway (allowInsecureStorage), or save the connection without its password and enter it when connecting.' },
          )
        }
        try {
          await this.#vault.save(id, password)
        } catch (error) {
          if (isDataJointError(error)) throw error
          throw new DataJointError('VAULT_UNAVAILABLE', 'The password could not be stored.')
        }
      } else if (password === null) {
        await this.#vault.delete(id)
      }
      const hasPassword = typeof password === 'string' ? true : password === null ? false : (existing?.hasPassword ?? false)
      const { id: _draftId, ...fields } = input.profile
      const profile: Profile = { ...fields, id, hasPassword }
      await this.#profiles.write(existing === undefined ? [...profiles, profile] : profiles.map((p) => (p.id === id ? profile : p)))
      if (input.importToken !== undefined) this.#imports.delete(input.importToken)
      return profile
    })
  }

  delete(profileId: string): Promise<void> {
    return this.#serial(async () => {
      const profiles = await this.#profiles.read()
      await this.#vault.delete(profileId)
      await this.#profiles.write(profiles.filter((p) => p.id !== profileId))
    })
  }

  /** Connects once (a one-session pool) and reports what the server said; always disconnects. */
  async test(input: { readonly profile: ProfileDraft; readonly password?: string | undefined; readonly importToken?: string | undefined }) {
    const { profile } = input
    let password = input.password
    if (password === undefined && input.importToken !== undefined) password = this.#takeImport(input.importToken, false) ?? undefined
    if (password === undefined && profile.id !== undefined) password = (await this.#vault.read(profile.id)) ?? undefined
    const useTls = tlsOf(profile.tls)
    const instance = new Instance({
      host: profile.host,
      port: profile.port,
      user: profile.user,
      password: password ?? '',
      backend: profile.backend,
      ...(useTls === undefined ? {} : { useTls }),
      config: new Config(),
      logger: createMemoryLogger(),
      poolSize: 1,
    })
    const started = performance.now()
    try {
      const info = await instance.connect()
      return { serverVersion: info.serverVersion, encrypted: info.tls, latencyMs: Math.round(performance.now() - started) }
    } finally {
      await instance.close().catch(() => undefined)
    }
  }

  /**
   * Reads `datajoint.json` (the file, or the folder holding it) and its `.secrets/` with the engine's loader.
   * The environment of the app is not a source here: the import shows what the file says.
   */
  async import(path: string) {
    if (!isAbsolute(path)) throw new DataJointError('INVALID_INPUT', 'Give the absolute path of a datajoint.json file or of its folder.')
    const info = await stat(path).catch(() => null)
    if (info === null) throw new DataJointError('NOT_FOUND', `${path} does not exist.`)
    const file = info.isDirectory() ? join(path, CONFIG_FILENAME) : path
    if (basename(file) !== CONFIG_FILENAME || !(await stat(file).catch(() => null))?.isFile()) {
      throw new DataJointError('NOT_FOUND', `No ${CONFIG_FILENAME} in ${info.isDirectory() ? path : dirname(path)}.`)
    }
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
      user: database.user ?? (database.backend === 'postgresql' ? 'postgres' : 'root'),
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
      this.#imports.set(importToken, { password, expires: Date.now() + IMPORT_TTL_MS })
    }
    this.#logger.info(`Imported connection settings from ${file}`)
    return { profile: parsed.data, passwordFound: password !== '', importToken }
  }

  /** The tab target of a saved profile; the password is read from the vault at each (re)connect. */
  async target(profileId: string): Promise<TabTarget> {
    const profile = await this.get(profileId)
    return {
      title: profile.name,
      color: profile.color,
      backend: profile.backend,
      readOnly: profile.readOnly,
      isDemo: false,
      profileId,
      connectOptions: async (): Promise<ConnectOptions> => {
        const current = await this.get(profileId).catch(() => profile)
        return {
          host: current.host,
          port: current.port,
          user: current.user,
          password: current.hasPassword ? ((await this.#vault.read(profileId)) ?? '') : '',
          useTls: tlsOf(current.tls),
        }
      },
    }
  }

  #takeImport(token: string, required: boolean): string | null {
    this.#pruneImports()
    const pending = this.#imports.get(token)
    if (pending === undefined && required) {
      throw new DataJointError('NOT_FOUND', 'The imported password has expired: import the datajoint.json again.')
    }
    return pending?.password ?? null
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
  } satisfies Partial<Handlers>
}
