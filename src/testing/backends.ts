// Test-only: the backend matrix (machine PostgreSQL, machine MariaDB, embedded PGlite), connection settings
// from DJ_TEST_* variables, and unique schema names. Not exported from the engine.

import { startPgliteServer } from '../adapters/postgres/pglite-server'
import { Config } from '../instance/config'
import { Instance, type InstanceOptions } from '../instance/instance'
import { createMemoryLogger, type MemoryLogger } from '../instance/logger'

export type TestBackendName = 'postgresql' | 'mysql' | 'pglite'

export const TEST_BACKENDS: readonly TestBackendName[] = ['postgresql', 'mysql', 'pglite']

export interface TestServer {
  readonly name: TestBackendName
  readonly backend: 'mysql' | 'postgresql'
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
  stop(): Promise<void>
}

function env(name: string, fallback: string): string {
  const value = process.env[name]
  return value === undefined || value === '' ? fallback : value
}

/** Connection settings of a backend; PGlite is started in memory for the caller and stopped by `stop()`. */
export async function startTestServer(name: TestBackendName): Promise<TestServer> {
  if (name === 'pglite') {
    const server = await startPgliteServer({ dataDir: 'memory://', host: '127.0.0.1', port: 0 })
    return { name, backend: 'postgresql', host: server.host, port: server.port, user: 'postgres', password: '', stop: () => server.stop() }
  }
  if (name === 'postgresql') {
    return {
      name,
      backend: 'postgresql',
      host: env('DJ_TEST_PG_HOST', '127.0.0.1'),
      port: Number(env('DJ_TEST_PG_PORT', '5432')),
      user: env('DJ_TEST_PG_USER', 'postgres'),
      password: env('DJ_TEST_PG_PASSWORD', ''),
      stop: async () => {},
    }
  }
  return {
    name,
    backend: 'mysql',
    host: env('DJ_TEST_MYSQL_HOST', '127.0.0.1'),
    port: Number(env('DJ_TEST_MYSQL_PORT', '3306')),
    user: env('DJ_TEST_MYSQL_USER', 'root'),
    password: env('DJ_TEST_MYSQL_PASSWORD', ''),
    stop: async () => {},
  }
}

/** An Instance on a test server with a fresh default config (no env, no datajoint.json) and a memory logger. */
export function testInstance(
  server: TestServer,
  overrides: Omit<InstanceOptions, 'host' | 'port' | 'user' | 'password' | 'backend'> = {},
): Instance & { readonly logger: MemoryLogger } {
  const logger = createMemoryLogger()
  return new Instance({
    config: new Config({ safemode: false }),
    logger,
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    backend: server.backend,
    useTls: false,
    ...overrides,
  }) as Instance & { readonly logger: MemoryLogger }
}

let counter = 0

/** A schema name unique to this process and call (tests share servers with other runs). */
export function uniqueSchemaName(prefix: string): string {
  counter += 1
  return `jt_${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`.toLowerCase()
}
