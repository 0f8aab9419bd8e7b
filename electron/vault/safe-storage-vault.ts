// The Electron vault: passwords encrypted with `safeStorage` (OS keychain / DPAPI / libsecret / kwallet), the
// ciphertext kept in its own file in userData (never in the profile store). Electron 45 has the async API
// (`encryptStringAsync` / `decryptStringAsync` / `isAsyncEncryptionAvailable`), which replaces the sync one in
// Electron 46, so only that is used. `safeStorage` is passed in, so this module runs in plain Node tests.

import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { DataJointError } from '../../src/errors/datajoint-error'
import type { Vault, VaultKind } from './vault'

/** The part of Electron's `safeStorage` the vault uses (Electron.SafeStorage satisfies it). */
export interface SafeStorageApi {
  isAsyncEncryptionAvailable(): Promise<boolean>
  encryptStringAsync(plainText: string): Promise<Buffer>
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>
  /** Linux only: `basic_text` means no secret store (a fixed, publicly known key). */
  getSelectedStorageBackend(): string
}

export interface SafeStorageVaultOptions {
  readonly safeStorage: SafeStorageApi
  /** The ciphertext file, e.g. `<userData>/vault.json`. */
  readonly file: string
  readonly platform: NodeJS.Platform
}

interface VaultFile {
  readonly version: 1
  /** Profile id → base64 ciphertext. */
  readonly secrets: Record<string, string>
}

const unavailable = (message: string): DataJointError =>
  new DataJointError('VAULT_UNAVAILABLE', message, { hint: 'Save the profile without a password, or enter it when connecting.' })

/** Decides the vault kind once, at start (after Electron's `ready`). */
export async function createSafeStorageVault(options: SafeStorageVaultOptions): Promise<Vault> {
  const { safeStorage, file, platform } = options
  const available = await safeStorage.isAsyncEncryptionAvailable()
  const insecure = platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'
  const kind: VaultKind = available && !insecure ? 'keychain' : 'insecure'
  // One operation at a time: each is a read-modify-write of the file.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn)
    queue = next.catch(() => undefined)
    return next
  }

  const load = async (): Promise<VaultFile> => {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} }
      throw error
    }
    const data = JSON.parse(text) as Partial<VaultFile>
    return { version: 1, secrets: typeof data.secrets === 'object' && data.secrets !== null ? { ...data.secrets } : {} }
  }
  const store = async (data: VaultFile): Promise<void> => {
    await mkdir(dirname(file), { recursive: true })
    const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`
    await writeFile(temporary, `${JSON.stringify(data, null, '\t')}\n`, { mode: 0o600 })
    await rename(temporary, file)
  }
  const encrypt = async (secret: string): Promise<string> => {
    if (!available) throw unavailable('The operating system offers no encryption for saved passwords.')
    try {
      return (await safeStorage.encryptStringAsync(secret)).toString('base64')
    } catch {
      throw unavailable('The operating system refused to encrypt the password.')
    }
  }

  return {
    kind,
    save: (id, secret) =>
      serial(async () => {
        const ciphertext = await encrypt(secret)
        const data = await load()
        await store({ version: 1, secrets: { ...data.secrets, [id]: ciphertext } })
      }),
    read: (id) =>
      serial(async () => {
        const data = await load()
        const ciphertext = data.secrets[id]
        if (ciphertext === undefined) return null
        let decrypted: { shouldReEncrypt: boolean; result: string }
        try {
          decrypted = await safeStorage.decryptStringAsync(Buffer.from(ciphertext, 'base64'))
        } catch {
          throw unavailable('The saved password could not be decrypted (was the keychain reset?). Enter it again.')
        }
        if (decrypted.shouldReEncrypt) {
          // The key was rotated: store the secret under the new key.
          await store({ version: 1, secrets: { ...data.secrets, [id]: await encrypt(decrypted.result) } })
        }
        return decrypted.result
      }),
    delete: (id) =>
      serial(async () => {
        const data = await load()
        if (!(id in data.secrets)) return
        const { [id]: _removed, ...rest } = data.secrets
        await store({ version: 1, secrets: rest })
      }),
  }
}
