// Test-only: throwaway database servers on free ports, for tests that stop (SIGSTOP) or kill a server. Each one
// lives in its own directory under the OS temp dir and is removed by `stop`.

import { execFile, execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import mysql from 'mysql2/promise'

const run = promisify(execFile)

const PG_BIN = '/usr/lib/postgresql/15/bin'

export interface ThrowawayServer {
  readonly port: number
  /** SIGSTOP to the server and every process it started: it stops answering, while its sockets stay open. */
  freeze(): void
  /** SIGCONT to the same processes. */
  thaw(): void
  /** Thaws, stops the server and removes its directory; never throws. */
  stop(): Promise<void>
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function children(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number)
  } catch {
    return [] // pgrep exits 1 when there are none
  }
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal)
    } catch {
      // already gone
    }
  }
}

function uidOf(user: string): { uid: number; gid: number } {
  const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim()))
  return { uid: uid ?? 0, gid: gid ?? 0 }
}

/**
 * A PostgreSQL 15 server (trust authentication, user `postgres`) on 127.0.0.1 and a free port. PostgreSQL refuses
 * to run as root, so as root it runs as the `postgres` OS user. Rejects with the reason when it cannot start.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayServer> {
  if (!existsSync(join(PG_BIN, 'postgres'))) throw new Error(`no PostgreSQL 15 binaries in ${PG_BIN}`)
  const dir = mkdtempSync(join(tmpdir(), 'dj-throwaway-pg-'))
  const data = join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  const asServer = (command: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]
  if (asRoot) {
    const { uid, gid } = uidOf('postgres')
    chownSync(dir, uid, gid)
  }
  const port = await freePort()
  const remove = (): void => rmSync(dir, { recursive: true, force: true })
  try {
    await run(...asServer(join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']))
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`
    await run(...asServer(join(PG_BIN, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']))
  } catch (err) {
    remove()
    throw err
  }
  const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
  const all = (): number[] => [postmaster, ...children(postmaster)]
  return {
    port,
    freeze: () => signalAll(all(), 'SIGSTOP'),
    thaw: () => signalAll(all(), 'SIGCONT'),
    stop: async () => {
      signalAll(all(), 'SIGCONT')
      await run(...asServer(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'])).catch(() => {
        signalAll(all(), 'SIGKILL')
      })
      remove()
    },
  }
}

const MARIADB_READY_MS = 30_000

/** Resolves once a MariaDB server on 127.0.0.1:`port` answers `SELECT 1`, rejects after `ms`. */
async function mariadbReady(port: number, ms: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    const exit = exited()
    if (exit !== undefined) throw new Error(`mariadbd exited (${exit})`)
    try {
      const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1_000 })
      await conn.query('SELECT 1')
      await conn.end()
      return
    } catch (err) {
      if (Date.now() > deadline) throw err
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/**
 * A MariaDB server (grant tables skipped: any user, no password) on 127.0.0.1 and a free port, initialised in a
 * fresh data directory. Rejects with the reason when it cannot start.
 */
export async function startThrowawayMariadb(): Promise<ThrowawayServer> {
  const dir = mkdtempSync(join(tmpdir(), 'dj-throwaway-mariadb-'))
  const data = join(dir, 'data')
  const remove = (): void => rmSync(dir, { recursive: true, force: true })
  const user = process.getuid?.() === 0 ? ['--user=root'] : []
  try {
    await run('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, ...user, '--skip-test-db'])
  } catch (err) {
    remove()
    throw err
  }
  const port = await freePort()
  const child = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(dir, 'sock')}`,
      `--pid-file=${join(dir, 'pid')}`,
      `--log-error=${join(dir, 'log')}`,
      ...user,
      '--skip-grant-tables',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=16M',
    ],
    { stdio: 'ignore' },
  )
  let exit: string | undefined
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = `code ${String(code)}, signal ${String(signal)}`
      resolve()
    })
    child.once('error', (err) => {
      exit = err.message
      resolve()
    })
  })
  const stop = async (): Promise<void> => {
    if (exit === undefined) {
      child.kill('SIGCONT')
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    remove()
  }
  try {
    await mariadbReady(port, MARIADB_READY_MS, () => exit)
  } catch (err) {
    await stop()
    throw err
  }
  return {
    port,
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
    stop,
  }
}
