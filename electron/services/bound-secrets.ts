// Secrets bound to where they may go. Each secret in the vault is stored with the endpoint it was given for (the
// database password: backend, host, port, user and SSH endpoint; the SSH secret: the SSH endpoint, method and key
// file) and is handed out only for that same endpoint, so a profile edited to point elsewhere, or a draft naming
// another server, never receives it.

import type { Profile, Ssh } from '../ipc/contract'
import type { Vault } from '../vault/vault'

export type SecretKind = 'database' | 'ssh'

/** The fields of a profile its secrets are bound to. */
export type Endpoint = Pick<Profile, 'backend' | 'host' | 'port' | 'user'> & { readonly ssh: Ssh | null }

function sshPart(ssh: Ssh): readonly (string | number)[] {
  return [ssh.host.toLowerCase(), ssh.port, ssh.user]
}

/** The binding of a secret of `kind` to `endpoint` (null: a direct connection has no SSH secret). */
export function bindingOf(endpoint: Endpoint, kind: SecretKind): string | null {
  const { ssh } = endpoint
  if (kind === 'ssh') return ssh === null ? null : JSON.stringify([...sshPart(ssh), ssh.auth, ssh.keyFile])
  return JSON.stringify([endpoint.backend, endpoint.host.toLowerCase(), endpoint.port, endpoint.user, ssh === null ? null : sshPart(ssh)])
}

interface Stored {
  readonly binding: string
  readonly secret: string
}

function parseStored(text: string): Stored | null {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && 'binding' in value && 'secret' in value) {
      const { binding, secret } = value
      if (typeof binding === 'string' && typeof secret === 'string') return { binding, secret }
    }
  } catch {
    // A secret saved before secrets were bound: plain text.
  }
  return null
}

export class BoundSecrets {
  readonly #vault: Vault

  constructor(vault: Vault) {
    this.#vault = vault
  }

  static vaultId(profileId: string, kind: SecretKind): string {
    // Profile ids never contain ':', so the SSH entry cannot collide with another profile's.
    return kind === 'database' ? profileId : `${profileId}:ssh`
  }

  async save(profileId: string, kind: SecretKind, binding: string, secret: string): Promise<void> {
    await this.#vault.save(BoundSecrets.vaultId(profileId, kind), JSON.stringify({ binding, secret } satisfies Stored))
  }

  async delete(profileId: string, kind: SecretKind): Promise<void> {
    await this.#vault.delete(BoundSecrets.vaultId(profileId, kind))
  }

  /**
   * The secret, when one is stored for exactly `binding`. `legacyBinding` is the binding of the profile as saved:
   * a secret stored before secrets were bound belongs to it.
   */
  async read(profileId: string, kind: SecretKind, binding: string | null, legacyBinding: string | null): Promise<string | null> {
    if (binding === null) return null
    const text = await this.#vault.read(BoundSecrets.vaultId(profileId, kind))
    if (text === null) return null
    const stored = parseStored(text) ?? (legacyBinding === null ? null : { binding: legacyBinding, secret: text })
    return stored !== null && stored.binding === binding ? stored.secret : null
  }

  /** The binding of the stored secret (a legacy one: `legacyBinding`), or null when none is stored. */
  async bindingOf(profileId: string, kind: SecretKind, legacyBinding: string | null): Promise<string | null> {
    const text = await this.#vault.read(BoundSecrets.vaultId(profileId, kind))
    if (text === null) return null
    return parseStored(text)?.binding ?? legacyBinding
  }
}
