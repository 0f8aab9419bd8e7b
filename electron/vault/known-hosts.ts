// The SSH host keys the user trusted, per host and port (OpenSSH's known_hosts, as JSON): `<dataDir>/known-hosts.json`,
// beside the profiles. Only fingerprints are kept; a key is recorded once and never replaced by another.

import { join } from 'node:path'
import { z } from 'zod'
import { readJsonFile, writeJsonFile } from './json-file'

export interface HostKey {
  readonly keyType: string
  /** `SHA256:` and the unpadded base64 of the key's SHA-256, as `ssh-keygen -l` prints it. */
  readonly fingerprint: string
}

export interface KnownHosts {
  /** The key trusted for `host:port`, or null. */
  lookup(host: string, port: number): Promise<HostKey | null>
  /** Records the key of `host:port`; false (nothing written) when a different key is already trusted there. */
  trust(host: string, port: number, key: HostKey): Promise<boolean>
}

const FileSchema = z.object({
  hosts: z.record(z.string(), z.object({ keyType: z.string(), fingerprint: z.string(), trustedAt: z.string() })),
})

/** OpenSSH's spelling of a host on a port (`[host]:port`); host names are case-insensitive. */
function hostId(host: string, port: number): string {
  return `[${host.toLowerCase()}]:${port}`
}

export function createKnownHostsStore(dataDir: string): KnownHosts {
  const file = join(dataDir, 'known-hosts.json')
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn)
    queue = next.catch(() => undefined)
    return next
  }
  const load = async (): Promise<z.infer<typeof FileSchema>['hosts']> => (await readJsonFile(file, FileSchema, { hosts: {} })).hosts
  return {
    lookup: async (host, port) => {
      const entry = (await load())[hostId(host, port)]
      return entry === undefined ? null : { keyType: entry.keyType, fingerprint: entry.fingerprint }
    },
    trust: (host, port, key) =>
      serial(async () => {
        const hosts = await load()
        const existing = hosts[hostId(host, port)]
        if (existing !== undefined) return existing.fingerprint === key.fingerprint
        const next = { hosts: { ...hosts, [hostId(host, port)]: { ...key, trustedAt: new Date().toISOString() } } }
        await writeJsonFile(file, next, true)
        return true
      }),
  }
}
