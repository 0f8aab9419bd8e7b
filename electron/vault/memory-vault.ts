// Browser mode's vault: secrets live only as long as the process (app.info reports `memory`).

import type { Vault } from './vault'

export function createMemoryVault(): Vault {
  const secrets = new Map<string, string>()
  return {
    kind: 'memory',
    save: async (id, secret) => {
      secrets.set(id, secret)
    },
    read: async (id) => secrets.get(id) ?? null,
    delete: async (id) => {
      secrets.delete(id)
    },
  }
}
