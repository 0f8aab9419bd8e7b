// Vitest globalSetup of the `db` project: fails the run, loudly, when a test database server is unreachable.
// It only checks reachability; each test creates and drops its own uniquely named schemas.
import mysql from 'mysql2/promise'
import pg from 'pg'

const CONNECT_TIMEOUT_MS = 5_000

interface Service {
  readonly name: string
  readonly describe: string
  readonly startCommand: string
  readonly check: () => Promise<void>
}

function env(name: string, fallback: string): string {
  const value = process.env[name]
  return value === undefined || value === '' ? fallback : value
}

function postgres(): Service {
  const host = env('DJ_TEST_PG_HOST', '127.0.0.1')
  const port = Number(env('DJ_TEST_PG_PORT', '5432'))
  const user = env('DJ_TEST_PG_USER', 'postgres')
  const password = process.env['DJ_TEST_PG_PASSWORD']
  return {
    name: 'PostgreSQL',
    describe: `${user}@${host}:${port}/postgres (DJ_TEST_PG_HOST/PORT/USER/PASSWORD)`,
    startCommand: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    check: async () => {
      const client = new pg.Client({
        host,
        port,
        user,
        database: 'postgres',
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        ...(password === undefined ? {} : { password }),
      })
      try {
        await client.connect()
        await client.query('SELECT 1')
      } finally {
        await client.end().catch(() => undefined)
      }
    },
  }
}

function mariadb(): Service {
  const host = env('DJ_TEST_MYSQL_HOST', '127.0.0.1')
  const port = Number(env('DJ_TEST_MYSQL_PORT', '3306'))
  const user = env('DJ_TEST_MYSQL_USER', 'root')
  const password = env('DJ_TEST_MYSQL_PASSWORD', '')
  return {
    name: 'MariaDB',
    describe: `${user}@${host}:${port} (DJ_TEST_MYSQL_HOST/PORT/USER/PASSWORD)`,
    startCommand: 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd',
    check: async () => {
      const connection = await mysql.createConnection({
        host,
        port,
        user,
        password,
        connectTimeout: CONNECT_TIMEOUT_MS,
      })
      try {
        await connection.query('SELECT 1')
      } finally {
        await connection.end().catch(() => undefined)
      }
    },
  }
}

export async function setup(): Promise<void> {
  const services = [postgres(), mariadb()]
  const results = await Promise.allSettled(services.map((service) => service.check()))
  const problems = services.flatMap((service, i) => {
    const result = results[i]
    if (result === undefined || result.status === 'fulfilled') return []
    const reason: unknown = result.reason
    const detail = reason instanceof Error ? reason.message || reason.name : String(reason)
    return [
      `${service.name} is not reachable at ${service.describe}: ${detail}\n` +
        `  Start it (as root) with: ${service.startCommand}`,
    ]
  })
  if (problems.length > 0) {
    throw new Error(`The db tests need both database servers.\n${problems.join('\n')}`)
  }
}
