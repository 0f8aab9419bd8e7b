// DataJoint's global pattern (`dj.config`, `dj.conn()`, `dj.schema()`): one lazily created Config and
// Instance per process. The only module-level state in the engine; disabled by DJ_THREAD_SAFE, as in Python.

import { ThreadSafetyError } from './errors/datajoint-error'
import { DataJointError } from './errors/datajoint-error'
import type { Config } from './instance/config'
import { isThreadSafe, loadConfig } from './instance/config-sources'
import { Instance, SHARE_CONFIG } from './instance/instance'
import { createConsoleLogger } from './instance/logger'
import type { Schema } from './schema/schema'
import type { Table } from './table/table'

let globalConfig: Config | null = null
let globalInstance: Instance | null = null

function assertGlobalAllowed(): void {
  if (isThreadSafe(process.env)) throw new ThreadSafetyError()
}

function theConfig(): Config {
  assertGlobalAllowed()
  globalConfig ??= loadConfig({
    env: process.env,
    cwd: process.cwd(),
    logger: createConsoleLogger({ level: () => globalConfig?.loglevel ?? 'INFO', stream: process.stdout }),
  })
  return globalConfig
}

/** `dj.config`: the process-wide configuration. Every access throws ThreadSafetyError when DJ_THREAD_SAFE is on. */
export const config: Config = new Proxy({} as Config, {
  get: (_target, property) => {
    const target = theConfig()
    const value: unknown = Reflect.get(target, property)
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
  },
  set: (_target, property, value) => Reflect.set(theConfig(), property, value),
  has: (_target, property) => Reflect.has(theConfig(), property),
  ownKeys: () => Reflect.ownKeys(theConfig()),
  getOwnPropertyDescriptor: (_target, property) => Reflect.getOwnPropertyDescriptor(theConfig(), property),
})

export interface ConnOptions {
  readonly host?: string
  readonly user?: string
  readonly password?: string
  readonly useTls?: boolean
  /** Close the existing global connection and open a new one. */
  readonly reset?: boolean
}

/** `dj.conn()`: the process-wide Instance, created from `dj.config` on first use. */
export async function conn(options: ConnOptions = {}): Promise<Instance> {
  const cfg = theConfig()
  if (options.reset && globalInstance !== null) {
    await globalInstance.close()
    globalInstance = null
  }
  if (globalInstance === null) {
    const user = options.user ?? cfg.database.user
    if (user === null || user === undefined) {
      throw new DataJointError('CONFIG', "Database user not configured. Set dj.config['database.user'] or DJ_USER environment variable.")
    }
    const password = options.password ?? cfg.database.password?.getSecretValue()
    if (password === undefined) {
      throw new DataJointError('CONFIG', "Database password not configured. Set dj.config['database.password'] or DJ_PASS environment variable.")
    }
    globalInstance = new Instance({
      config: cfg,
      [SHARE_CONFIG]: true,
      host: options.host ?? cfg.database.host,
      user,
      password,
      ...(options.useTls === undefined ? {} : { useTls: options.useTls }),
    })
  }
  await globalInstance.connect()
  return globalInstance
}

/** `dj.Schema(name)` on the global connection. */
export async function schema(name: string, options: { create?: boolean } = {}): Promise<Schema> {
  return (await conn()).schema(name, options)
}

/** `dj.FreeTable('schema.table')` on the global connection. */
export async function freeTable(fullName: string): Promise<Table> {
  return (await conn()).freeTable(fullName)
}

/** `dj.list_schemas()` on the global connection. */
export async function listSchemas(): Promise<string[]> {
  return (await conn()).listSchemas()
}
