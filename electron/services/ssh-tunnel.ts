// An SSH tunnel for one connection: a forwarding server on 127.0.0.1 (a free port) whose every socket is carried
// through the SSH server to the database's host and port, as `ssh -L` does. The SSH server's host key must be one
// the user trusted (known-hosts.ts); an unknown key and a changed key are refused with typed errors, never accepted.

import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { homedir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import type { ConnectConfig } from 'ssh2'
import { DataJointError, type Logger } from '../../src/index'
import type { Ssh } from '../ipc/contract'
import type { HostKey, KnownHosts } from '../vault/known-hosts'

export interface TunnelOptions {
  readonly ssh: Ssh
  /** The SSH password (`auth: 'password'`) or the key's passphrase (`auth: 'key'`), if any. */
  readonly secret: string | undefined
  /** The database as the SSH server reaches it. */
  readonly target: { readonly host: string; readonly port: number }
  readonly knownHosts: KnownHosts
  /** The SSH agent's socket (`SSH_AUTH_SOCK`) for `auth: 'agent'`. */
  readonly agentSocket: string | undefined
  readonly logger: Logger
  readonly readyTimeoutMs?: number
}

export interface Tunnel {
  /** Where the database answers on this machine. */
  readonly host: string
  readonly port: number
  close(): Promise<void>
}

/** The key type and SHA-256 fingerprint of an SSH public key blob (RFC 4253: a length-prefixed type name first). */
export function hostKeyOf(blob: Buffer): HostKey {
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0
  const keyType = length > 0 && length <= 64 && blob.length >= 4 + length ? blob.subarray(4, 4 + length).toString('latin1') : 'unknown'
  return { keyType, fingerprint: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}` }
}

function where(ssh: Ssh): string {
  return `${ssh.user}@${ssh.host}:${ssh.port}`
}

// The same message whatever went wrong with a key file, so it tells nothing about other files on the machine.
const UNREADABLE_KEY = 'The SSH key file could not be read as a private key.'
const KEY_HINT = 'Give the absolute path of an OpenSSH or PEM private key file (such as ~/.ssh/id_ed25519).'

/** ssh2 parses the key when connecting (once: an encrypted key costs a key derivation); its refusal, said clearly. */
function keyError(error: unknown, secret: string | undefined): DataJointError {
  const message = error instanceof Error ? error.message : ''
  if (/passphrase|decrypt/i.test(message)) {
    return new DataJointError(
      'ACCESS_DENIED',
      secret === undefined || secret === '' ? 'The SSH key file is encrypted: enter its passphrase.' : 'The passphrase of the SSH key file is wrong.',
    )
  }
  return new DataJointError('INVALID_INPUT', UNREADABLE_KEY, { hint: KEY_HINT })
}

/** The authentication part of ssh2's config. */
async function credentials(options: TunnelOptions): Promise<Partial<ConnectConfig>> {
  const { ssh, secret } = options
  switch (ssh.auth) {
    case 'password':
      if (secret === undefined || secret === '') throw new DataJointError('ACCESS_DENIED', `Enter the SSH password for ${where(ssh)}.`)
      return { password: secret }
    case 'agent':
      if (options.agentSocket === undefined || options.agentSocket === '') {
        throw new DataJointError('CONNECTION_FAILED', 'No SSH agent is running for Joinery (SSH_AUTH_SOCK is not set).', {
          hint: 'Start Joinery from a session with an SSH agent, or choose a key file.',
        })
      }
      return { agent: options.agentSocket }
    case 'key': {
      const unreadable = new DataJointError('INVALID_INPUT', UNREADABLE_KEY, { hint: KEY_HINT })
      if (ssh.keyFile === null) throw unreadable
      // `~/` is the user's home folder, as in OpenSSH's IdentityFile.
      const file = ssh.keyFile.startsWith('~/') ? join(homedir(), ssh.keyFile.slice(2)) : ssh.keyFile
      const privateKey = await readFile(file).catch(() => {
        throw unreadable
      })
      return secret === undefined || secret === '' ? { privateKey } : { privateKey, passphrase: secret }
    }
  }
}

/** Connects to the SSH server (checking its host key) and starts the local forwarding server. */
export async function openTunnel(options: TunnelOptions): Promise<Tunnel> {
  const { ssh, target, logger } = options
  const auth = await credentials(options)
  const trusted = await options.knownHosts.lookup(ssh.host, ssh.port)
  let refusal: DataJointError | null = null

  const client = new ssh2.Client()
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve())
    client.once('error', (error: Error & { level?: string }) => {
      if (refusal !== null) return reject(refusal)
      if (error.level === 'client-authentication') {
        return reject(new DataJointError('ACCESS_DENIED', `The SSH server ${ssh.host}:${ssh.port} did not accept ${ssh.user} (${ssh.auth}).`, { host: ssh.host, port: ssh.port }))
      }
      const reason = error.level === 'client-timeout' ? 'timed out' : ((error as NodeJS.ErrnoException).code ?? error.message)
      reject(new DataJointError('CONNECTION_FAILED', `Cannot reach the SSH server ${ssh.host}:${ssh.port} (${reason}).`, { host: ssh.host, port: ssh.port }))
    })
    const config: ConnectConfig = {
      host: ssh.host,
      port: ssh.port,
      username: ssh.user,
      ...auth,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      keepaliveInterval: 15_000,
      hostVerifier: (blob: Buffer) => {
        const key = hostKeyOf(blob)
        const details = { host: ssh.host, port: ssh.port, keyType: key.keyType, fingerprint: key.fingerprint }
        if (trusted === null) {
          refusal = new DataJointError('HOST_KEY_UNKNOWN', `${ssh.host}:${ssh.port} is not a known SSH host. Its ${key.keyType} key fingerprint is ${key.fingerprint}.`, details)
          return false
        }
        if (trusted.fingerprint !== key.fingerprint) {
          refusal = new DataJointError(
            'HOST_KEY_CHANGED',
            `The SSH server at ${ssh.host}:${ssh.port} presents another host key than the one trusted: ${key.keyType} ${key.fingerprint}, where ${trusted.keyType} ${trusted.fingerprint} was trusted. Joinery does not connect, and does not replace the trusted key.`,
            { ...details, trustedFingerprint: trusted.fingerprint },
          )
          return false
        }
        return true
      },
    }
    try {
      client.connect(config)
    } catch (error) {
      // ssh2 throws at once on a key it cannot parse (or decrypt).
      reject(keyError(error, options.secret))
    }
  }).catch((error: unknown) => {
    client.end()
    throw error
  })

  const sockets = new Set<Socket>()
  let closed = false
  client.on('error', (error) => logger.warning(`SSH ${ssh.host}:${ssh.port}: ${error.message}`))
  client.on('close', () => {
    closed = true
    for (const socket of sockets) socket.destroy()
  })

  const server = createServer((socket) => {
    if (closed) return socket.destroy()
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    client.forwardOut('127.0.0.1', socket.remotePort ?? 0, target.host, target.port, (error, stream) => {
      if (error !== undefined) {
        logger.warning(`SSH ${ssh.host}:${ssh.port} could not reach ${target.host}:${target.port}: ${error.message}`)
        return socket.destroy()
      }
      socket.pipe(stream).pipe(socket)
      stream.on('close', () => socket.destroy())
      socket.on('close', () => stream.destroy())
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  }).catch((error: unknown) => {
    client.end()
    throw error
  })
  const { port } = server.address() as AddressInfo

  return {
    host: '127.0.0.1',
    port,
    close: async () => {
      closed = true
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      client.end()
    },
  }
}
