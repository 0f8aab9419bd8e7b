// Test-only: the backend matrix (machine PostgreSQL, machine MariaDB, embedded PGlite), connection settings
// from DJ_TEST_* variables (read by testing/servers.ts), unique schema names, and the server + Instance +
// schema most db tests start from. Not exported from the engine.

import { startPgliteServer } from '../adapters/postgres/pglite-server'
import { mysqlTestOptions, postgresTestOptions } from './servers'
import { Config } from '../instance/config'
import { Instance, type InstanceOptions } from '../instance/instance'
import { createMemoryLogger, type MemoryLogger } from '../instance/logger'
import type { Schema } from '../schema/schema'

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

/** Connection settings of a backend; PGlite is started in memory for the caller and stopped by `stop()`. */
export async function startTestServer(name: TestBackendName): Promise<TestServer> {
  if (name === 'pglite') {
    const server = await startPgliteServer({ dataDir: 'memory://', host: '127.0.0.1', port: 0 })
    return { name, backend: 'postgresql', host: server.host, port: server.port, user: 'postgres', password: '', stop: () => server.stop() }
  }
  const { host, port, user, password } = name === 'postgresql' ? postgresTestOptions() : mysqlTestOptions()
  return { name, backend: name, host, port, user, password, stop: async () => {} }
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

export interface TestSchema {
  readonly server: TestServer
  readonly inst: Instance & { readonly logger: MemoryLogger }
  readonly schema: Schema
}

/** Starts a backend, opens a test Instance on it and creates a schema; a failure closes what was opened. */
export async function openTestSchema(
  name: TestBackendName,
  schemaName: string,
  overrides: Parameters<typeof testInstance>[1] = {},
): Promise<TestSchema> {
  const server = await startTestServer(name)
  const inst = testInstance(server, overrides)
  try {
    return { server, inst, schema: await inst.schema(schemaName) }
  } catch (err) {
    await closeTestSchema({ server, inst })
    throw err
  }
}

/** Drops the schema, closes the Instance and stops the server: those that exist (a failed setup leaves some unset). */
export async function closeTestSchema(opened: {
  readonly server?: TestServer | undefined
  readonly inst?: Instance | undefined
  readonly schema?: Schema | undefined
}): Promise<void> {
  await opened.schema?.drop({ prompt: false })
  await opened.inst?.close()
  await opened.server?.stop()
}
