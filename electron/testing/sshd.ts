// Test-only: a real OpenSSH server (Debian's openssh-server) on a free loopback port, run as the current user with
// its own host key, config and authorized_keys in a temporary folder (no system daemon, no system config). It
// allows TCP forwarding, so SSH tunnels to the machine's databases can be tested. Not used by the app.

import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Socket, createServer, type AddressInfo } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const SSHD = '/usr/sbin/sshd'
/** What the test prints when sshd is missing (`scripts/preflight.sh` installs it). */
export const SSHD_MISSING = `${SSHD} is missing: install it with apt-get install -y --no-install-recommends openssh-server`

export interface TestSshd {
  readonly host: '127.0.0.1'
  readonly port: number
  /** The user the daemon runs as, the only one it lets in. */
  readonly user: string
  /** A private key it accepts, without a passphrase. */
  readonly keyFile: string
  /** A private key it accepts, encrypted with `passphrase`. */
  readonly encryptedKeyFile: string
  readonly passphrase: string
  /** The host key's SHA-256 fingerprint, as `ssh-keygen -l` prints it. */
  fingerprint(): Promise<string>
  /** Ends every open SSH session (as a server restart or a network cut would); the daemon keeps listening. */
  dropSessions(): Promise<void>
  /** Restarts the daemon on the same port with a newly generated host key (a reinstalled, or impersonated, server). */
  changeHostKey(): Promise<void>
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function keygen(file: string, passphrase: string): Promise<void> {
  rmSync(file, { force: true })
  rmSync(`${file}.pub`, { force: true })
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'joinery-test', '-f', file])
}

async function listening(port: number, daemon: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (daemon.exitCode !== null) throw new Error(`sshd exited (${daemon.exitCode}): ${log()}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket()
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
      socket.connect(port, '127.0.0.1')
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`sshd did not listen on ${port}: ${log()}`)
}

export async function startTestSshd(): Promise<TestSshd> {
  if (!existsSync(SSHD)) throw new Error(SSHD_MISSING)
  // As root, sshd insists on its privilege-separation folder (Debian's service creates it at boot).
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })
  const dir = mkdtempSync(join(tmpdir(), 'joinery-sshd-'))
  const port = await freePort()
  const user = userInfo().username
  const hostKey = join(dir, 'host_ed25519')
  const keyFile = join(dir, 'client_ed25519')
  const encryptedKeyFile = join(dir, 'client_encrypted_ed25519')
  const passphrase = `pass-${process.pid}-phrase`
  await Promise.all([keygen(hostKey, ''), keygen(keyFile, ''), keygen(encryptedKeyFile, passphrase)])
  writeFileSync(join(dir, 'authorized_keys'), [keyFile, encryptedKeyFile].map((k) => readFileSync(`${k}.pub`, 'utf8')).join(''))
  const config = join(dir, 'sshd_config')
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `AllowUsers ${user}`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'StrictModes no',
      'UsePAM no',
      'AllowTcpForwarding yes',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  )

  let daemon: ChildProcess
  let log = ''
  const start = async (): Promise<void> => {
    log = ''
    daemon = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
    daemon.stderr?.on('data', (chunk: Buffer) => {
      log = `${log}${chunk.toString('utf8')}`.slice(-4000)
    })
    await listening(port, daemon, () => log)
  }
  // Each session is served by a child of the listening daemon, which outlives it unless ended by its own id.
  const dropSessions = async (): Promise<void> => {
    const { stdout } = await run('pgrep', ['-P', String(daemon.pid)]).catch(() => ({ stdout: '' }))
    for (const pid of stdout.split('\n').filter((line) => /^\d+$/.test(line))) {
      try {
        process.kill(Number(pid), 'SIGTERM')
      } catch {
        // Already gone.
      }
    }
  }
  const stopDaemon = async (): Promise<void> => {
    if (daemon.exitCode !== null || daemon.signalCode !== null) return
    await dropSessions()
    const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()))
    daemon.kill('SIGTERM')
    await exited
  }
  await start()

  return {
    host: '127.0.0.1',
    port,
    user,
    keyFile,
    encryptedKeyFile,
    passphrase,
    fingerprint: async () => (await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`])).stdout.split(' ')[1] ?? '',
    dropSessions,
    changeHostKey: async () => {
      await stopDaemon()
      await keygen(hostKey, '')
      await start()
    },
    stop: async () => {
      await stopDaemon()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
