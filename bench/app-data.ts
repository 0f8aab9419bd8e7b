// Test data of the app benchmarks, declared with the engine (so the catalog is DataJoint's: `~lineage`, column
// comments, tiers) in uniquely named schemas that are dropped afterwards. The 1M rows are generated on the server
// (`INSERT … SELECT` from generate_series / MariaDB's sequence engine): the benchmark times the app, not the load.

import type { Profile } from '../electron/ipc/contract'
import * as dj from '../src/index'
import { fillRows, ROWS_DEFINITION } from '../e2e/pages/rows-schema'

// The diagram's test data is shared with the e2e journeys, which own it.
export { createDiagramSchemas, createPipelineSchema, createThreeSchemas, type DiagramSchema, type DiagramSchemas, type ThreeSchemas } from '../e2e/pages/diagram-schemas'

export type Backend = 'postgresql' | 'mysql'

export interface ServerLogin {
  readonly backend: Backend
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
}

export const LOGINS: Record<Backend, ServerLogin> = {
  postgresql: {
    backend: 'postgresql',
    host: process.env['DJ_TEST_PG_HOST'] ?? '127.0.0.1',
    port: Number(process.env['DJ_TEST_PG_PORT'] ?? 5432),
    user: process.env['DJ_TEST_PG_USER'] ?? 'postgres',
    password: process.env['DJ_TEST_PG_PASSWORD'] ?? '',
  },
  mysql: {
    backend: 'mysql',
    host: process.env['DJ_TEST_MYSQL_HOST'] ?? '127.0.0.1',
    port: Number(process.env['DJ_TEST_MYSQL_PORT'] ?? 3306),
    user: process.env['DJ_TEST_MYSQL_USER'] ?? 'root',
    password: process.env['DJ_TEST_MYSQL_PASSWORD'] ?? '',
  },
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`
}

export function connect(login: ServerLogin): dj.Instance {
  // A silent logger: the benchmark prints one table, not the engine's connection notes.
  return new dj.Instance({ ...login, config: new dj.Config(), safemode: false, logger: dj.createMemoryLogger() })
}

export interface BenchSchema {
  readonly backend: Backend
  readonly name: string
  drop(): Promise<void>
}

/**
 * `Small` (1,000 rows) and `Big` (1,000,000 rows). Statistics are left as a fresh load leaves them: PostgreSQL has
 * none until autovacuum analyses the table (`reltuples = -1`), which the app must cope with.
 */
export async function createRowsSchema(login: ServerLogin, name: string, bigRows = 1_000_000): Promise<BenchSchema> {
  const instance = connect(login)
  try {
    const schema = await instance.schema(name)
    for (const [className, rows] of [
      ['Small', 1_000],
      ['Big', bigRows],
    ] as const) {
      const table = await schema.manual(className, ROWS_DEFINITION)
      await fillRows(instance, login.backend, name, table.tableName, rows)
    }
  } finally {
    await instance.close()
  }
  return { backend: login.backend, name, drop: () => dropSchema(login, name) }
}

/**
 * A schema of `count` tables shaped like a pipeline: every tenth a manual root, the others depending on the one
 * before (a foreign key each), every fourth computed and with a part table; so the catalog has keys, lineage and tiers to read.
 */
export async function createWideSchema(login: ServerLogin, name: string, count: number): Promise<BenchSchema> {
  const instance = connect(login)
  try {
    const schema = await instance.schema(name)
    let previous: dj.Table | null = null
    for (let i = 0; i < count; i += 1) {
      const className = `Step${String(i).padStart(3, '0')}`
      const root: boolean = previous === null || i % 10 === 0
      // Computed tables take their whole key from the parent (DataJoint's rule); manual ones add to it.
      const computed = !root && i % 4 === 0
      const table: dj.Table = root
        ? await schema.manual(className, `step${i}_id : int32\n---\nnote = "" : varchar(100)\n`)
        : computed
          ? await schema.computed(className, `-> ${previous?.className}\n---\nresult = null : float64\n`)
          : await schema.manual(className, `-> ${previous?.className}\nstep${i}_id : int16\n---\nresult = null : float64\n`)
      if (computed && i + 1 < count) {
        await schema.part(table, 'Detail', `-> master\ndetail_id : int16\n---\nvalue : float64\n`)
        i += 1
      }
      previous = table
    }
  } finally {
    await instance.close()
  }
  return { backend: login.backend, name, drop: () => dropSchema(login, name) }
}

async function dropSchema(login: ServerLogin, name: string): Promise<void> {
  const instance = connect(login)
  try {
    await (await instance.schema(name, { create: false })).drop({ prompt: false })
  } finally {
    await instance.close()
  }
}

export const BACKEND_LABEL: Record<Backend, string> = { postgresql: 'PostgreSQL', mysql: 'MariaDB' }

/** A saved profile of the machine's server, as `connections.save` stores it (`Bench PostgreSQL 1`, …). */
export function benchProfile(backend: Backend, index: number): Profile {
  const login = LOGINS[backend]
  return {
    id: `bench-${backend}-${index}`,
    name: `Bench ${BACKEND_LABEL[backend]} ${index}`,
    backend,
    host: login.host,
    port: login.port,
    user: login.user,
    database: 'postgres',
    ssh: null,
    // Local servers without TLS: `auto` would try TLS first at every connect and log the fallback.
    tls: 'disabled',
    readOnly: false,
    color: '#2f6fde',
    hasPassword: false,
    hasSshSecret: false,
  }
}
