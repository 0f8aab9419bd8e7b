// Where connection passwords live. Secrets go in once (`save`) and come out only in the main process, when a tab
// connects (`read`): never to the renderer, never into logs, error details or the profile store.

/** `keychain`: the OS secret store; `insecure`: encrypted with a fixed key (Linux `basic_text`); `memory`: this process only. */
export type VaultKind = 'keychain' | 'insecure' | 'memory'

export interface Vault {
  readonly kind: VaultKind
  /** Stores (or replaces) the secret of `id`. Throws VAULT_UNAVAILABLE when the store cannot encrypt. */
  save(id: string, secret: string): Promise<void>
  /** The secret of `id`, or null when none is stored. */
  read(id: string): Promise<string | null>
  /** Forgets the secret of `id` (no error when there is none). */
  delete(id: string): Promise<void>
}
