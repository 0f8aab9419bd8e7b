import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isDataJointError } from '../../src/errors/datajoint-error'
import type { Profile } from '../ipc/contract'
import { createMemoryVault } from './memory-vault'
import { createJsonProfileStore } from './profile-store'
import { createSafeStorageVault, type SafeStorageApi } from './safe-storage-vault'

const SECRET = 'correct horse battery staple'

/** A stand-in for Electron's safeStorage: XOR with a key, tagged with the key version. */
function fakeSafeStorage(options: { available?: boolean; backend?: string; failEncrypt?: boolean } = {}) {
  let keyVersion = 1
  const xor = (bytes: Buffer, key: number): Buffer => Buffer.from(bytes.map((b) => b ^ (0x5a + key)))
  const api: SafeStorageApi & { rotate(): void } = {
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (text) => {
      if (options.failEncrypt === true) throw new Error(`cannot encrypt ${text}`)
      return Buffer.concat([Buffer.from([keyVersion]), xor(Buffer.from(text, 'utf8'), keyVersion)])
    },
    decryptStringAsync: async (encrypted) => {
      const version = encrypted[0] ?? 0
      return { result: xor(encrypted.subarray(1), version).toString('utf8'), shouldReEncrypt: version !== keyVersion }
    },
    rotate: () => {
      keyVersion += 1
    },
  }
  return api
}

describe('vaults', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'joinery-vault-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('memory vault: save, read, delete', async () => {
    const vault = createMemoryVault()
    expect(vault.kind).toBe('memory')
    await vault.save('p1', SECRET)
    expect(await vault.read('p1')).toBe(SECRET)
    expect(await vault.read('p2')).toBeNull()
    await vault.delete('p1')
    await vault.delete('p1')
    expect(await vault.read('p1')).toBeNull()
  })

  it('safe-storage vault keeps only ciphertext, in its own file, readable by the owner only', async () => {
    const file = join(dir, 'vault.json')
    const vault = await createSafeStorageVault({ safeStorage: fakeSafeStorage(), file, platform: 'linux' })
    expect(vault.kind).toBe('keychain')
    await Promise.all([vault.save('p1', SECRET), vault.save('p2', 'other secret')])
    expect(await vault.read('p1')).toBe(SECRET)
    expect(await vault.read('p2')).toBe('other secret')
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain('other secret')
    expect(Object.keys((JSON.parse(text) as { secrets: object }).secrets).sort()).toEqual(['p1', 'p2'])
    expect(statSync(file).mode & 0o077).toBe(0)
    await vault.delete('p1')
    expect(await vault.read('p1')).toBeNull()
    expect(await vault.read('p2')).toBe('other secret')
  })

  it('re-encrypts a secret when the OS rotated its key', async () => {
    const file = join(dir, 'vault.json')
    const storage = fakeSafeStorage()
    const vault = await createSafeStorageVault({ safeStorage: storage, file, platform: 'darwin' })
    await vault.save('p1', SECRET)
    const before = readFileSync(file, 'utf8')
    storage.rotate()
    expect(await vault.read('p1')).toBe(SECRET)
    expect(readFileSync(file, 'utf8')).not.toBe(before)
    expect(await vault.read('p1')).toBe(SECRET)
  })

  it('reports `insecure` for Linux basic_text, and VAULT_UNAVAILABLE without encryption', async () => {
    const basic = await createSafeStorageVault({ safeStorage: fakeSafeStorage({ backend: 'basic_text' }), file: join(dir, 'a.json'), platform: 'linux' })
    expect(basic.kind).toBe('insecure')
    const mac = await createSafeStorageVault({ safeStorage: fakeSafeStorage({ backend: 'basic_text' }), file: join(dir, 'b.json'), platform: 'darwin' })
    expect(mac.kind).toBe('keychain')
    const none = await createSafeStorageVault({ safeStorage: fakeSafeStorage({ available: false }), file: join(dir, 'c.json'), platform: 'linux' })
    expect(none.kind).toBe('insecure')
    await expect(none.save('p1', SECRET)).rejects.toSatisfy((e: unknown) => isDataJointError(e, 'VAULT_UNAVAILABLE'))
    const failing = await createSafeStorageVault({ safeStorage: fakeSafeStorage({ failEncrypt: true }), file: join(dir, 'd.json'), platform: 'linux' })
    const error: unknown = await failing.save('p1', SECRET).catch((e: unknown) => e)
    expect(isDataJointError(error, 'VAULT_UNAVAILABLE')).toBe(true)
    expect(JSON.stringify(error)).not.toContain(SECRET)
    expect((error as Error).message).not.toContain(SECRET)
  })
})

describe('JSON profile store', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'joinery-store-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const profile: Profile = {
    id: 'p-1',
    name: 'Lab',
    backend: 'postgresql',
    host: 'db',
    port: 5432,
    user: 'alice',
    database: 'postgres',
    ssh: null,
    tls: 'auto',
    readOnly: true,
    color: '#112233',
    hasPassword: true,
    hasSshSecret: false,
  }

  it('writes electron-store’s format: tab-indented JSON at <userData>/config.json, other keys kept', async () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ windowBounds: { width: 800 } }))
    const store = createJsonProfileStore(dir)
    expect(await store.read()).toEqual([])
    await store.write([profile])
    const text = readFileSync(join(dir, 'config.json'), 'utf8')
    expect(text).toBe(JSON.stringify({ windowBounds: { width: 800 }, profiles: [profile] }, null, '\t'))
    expect(await createJsonProfileStore(dir).read()).toEqual([profile])
  })

  it('drops entries that do not parse instead of failing', async () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ profiles: [profile, { id: 'broken' }, 'x', { ...profile, id: 'p-2', password: 'nope' }] }))
    expect(await createJsonProfileStore(dir).read()).toEqual([profile])
  })
})
