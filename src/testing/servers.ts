// Test-only: connection options for the local test servers (same environment variables as
// src/testing/global-setup.ts), the PostgreSQL targets (machine server, PGlite), a recording logger, and unique
// scratch schema names.

import { randomBytes } from 'node:crypto'
import type { Logger } from '../instance/logger'
import type { DriverOptions } from '../adapters/driver'
import { startPgliteServer, type PgliteServer } from '../adapters/postgres/pglite-server'

function env(name: string, fallback: string): string {
  const value = process.env[name]
  return value === undefined || value === '' ? fallback : value
}

export function mysqlTestOptions(overrides: Partial<DriverOptions> = {}): DriverOptions {
  return {
    host: env('DJ_TEST_MYSQL_HOST', '127.0.0.1'),
    port: Number(env('DJ_TEST_MYSQL_PORT', '3306')),
    user: env('DJ_TEST_MYSQL_USER', 'root'),
    password: process.env['DJ_TEST_MYSQL_PASSWORD'] ?? '',
    useTls: false,
    database: undefined,
    connectTimeoutMs: 5_000,
    poolSize: 4,
    ...overrides,
  }
}

export function postgresTestOptions(overrides: Partial<DriverOptions> = {}): DriverOptions {
  return {
    host: env('DJ_TEST_PG_HOST', '127.0.0.1'),
    port: Number(env('DJ_TEST_PG_PORT', '5432')),
    user: env('DJ_TEST_PG_USER', 'postgres'),
    password: process.env['DJ_TEST_PG_PASSWORD'] ?? '',
    useTls: false,
    database: 'postgres',
    connectTimeoutMs: 5_000,
    poolSize: 4,
    ...overrides,
  }
}

/** A PostgreSQL server adapter tests run against; `start`/`stop` bracket the tests of one target. */
export interface PostgresTestTarget {
  readonly name: string
  readonly pglite: boolean
  options(overrides?: Partial<DriverOptions>): DriverOptions
  start(): Promise<void>
  stop(): Promise<void>
}

/** The machine's PostgreSQL 15 and an in-memory PGlite (started by `start`), for `describe.each`. */
export function postgresTestTargets(): PostgresTestTarget[] {
  let server: PgliteServer | undefined
  const pglite: PostgresTestTarget = {
    name: 'PGlite',
    pglite: true,
    options: (overrides = {}) => {
      if (server === undefined) throw new Error('PGlite not started')
      const { host, port } = server
      return postgresTestOptions({ host, port, user: 'postgres', password: '', ...overrides })
    },
    start: async () => {
      server = await startPgliteServer({ dataDir: 'memory://' })
    },
    stop: async () => {
      await server?.stop()
    },
  }
  const postgres15: PostgresTestTarget = {
    name: 'PostgreSQL 15',
    pglite: false,
    options: (overrides = {}) => postgresTestOptions(overrides),
    start: async () => undefined,
    stop: async () => undefined,
  }
  return [postgres15, pglite]
}

export interface RecordingLogger extends Logger {
  readonly messages: { readonly level: 'debug' | 'info' | 'warning' | 'error'; readonly msg: string }[]
}

export function recordingLogger(): RecordingLogger {
  const messages: RecordingLogger['messages'] = []
  return {
    messages,
    debug: (msg) => messages.push({ level: 'debug', msg }),
    info: (msg) => messages.push({ level: 'info', msg }),
    warning: (msg) => messages.push({ level: 'warning', msg }),
    error: (msg) => messages.push({ level: 'error', msg }),
  }
}

/** `jtest_<prefix>_<random>`: unique per run, lower-case so it needs no quoting on either backend. */
export function scratchSchemaName(prefix = 'x'): string {
  return `jtest_${prefix}_${randomBytes(5).toString('hex')}`
}
