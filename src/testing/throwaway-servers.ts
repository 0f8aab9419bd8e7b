// Test-only: throwaway database servers on free ports, for tests that stop (SIGSTOP) or kill a server. Each one
// lives in its own directory under the OS temp dir and is removed by `stop`.

import { execFile, execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

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
