import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isDataJointError } from '../../src/errors/datajoint-error'
import { createMemoryLogger, type MemoryLogger } from '../../src/instance/logger'
import { createKnownHostsStore } from '../vault/known-hosts'
import { createMemoryVault } from '../vault/memory-vault'
import { createJsonProfileStore } from '../vault/profile-store'
import type { Vault } from '../vault/vault'
import { ConnectionService } from './connections'

const PASSWORD = 'Kn0wn-Pa55word-7f3a'
const draft = { name: 'Lab DB', backend: 'mysql', host: 'db.example.org', port: 3306, user: 'alice', database: 'postgres', ssh: null, tls: 'auto', readOnly: false, color: '#123abc' } as const

describe('connection profiles', () => {
  let dir: string
  let logger: MemoryLogger
  let vault: Vault
  let service: ConnectionService

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'joinery-connections-'))
    logger = createMemoryLogger()
    vault = createMemoryVault()
    service = new ConnectionService({ profiles: createJsonProfileStore(dir), vault, knownHosts: createKnownHostsStore(dir), logger, systemSecretsDir: join(dir, 'no-system-secrets') })
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const storeText = (): string => readFileSync(join(dir, 'config.json'), 'utf8')
  /** The database password the vault holds for a profile (stored with the endpoint it is bound to). */
  const storedSecret = async (profileId: string): Promise<string | null> => {
    const text = await vault.read(profileId)
    return text === null ? null : (JSON.parse(text) as { secret: string }).secret
  }

  it('saves the password in the vault only; the profile says hasPassword', async () => {
    const saved = await service.save({ profile: draft, password: PASSWORD })
    expect(saved).toMatchObject({ ...draft, hasPassword: true })
    expect(saved.id).toMatch(/^p-[0-9a-f]+$/)
    expect(await storedSecret(saved.id)).toBe(PASSWORD)
    expect(await service.list()).toEqual([saved])
    expect(storeText()).not.toContain(PASSWORD)
    expect(JSON.stringify(saved)).not.toContain(PASSWORD)
  })

  it('keeps the password when none is given, forgets it on null or ""', async () => {
    const saved = await service.save({ profile: draft, password: PASSWORD })
    const renamed = await service.save({ profile: { ...draft, id: saved.id, name: 'Renamed' } })
    expect(renamed).toMatchObject({ id: saved.id, name: 'Renamed', hasPassword: true })
    expect(await storedSecret(saved.id)).toBe(PASSWORD)
    expect(await service.list()).toHaveLength(1)
    expect(await service.save({ profile: { ...draft, id: saved.id }, password: null })).toMatchObject({ hasPassword: false })
    expect(await vault.read(saved.id)).toBeNull()
    await service.save({ profile: { ...draft, id: saved.id }, password: PASSWORD })
    expect(await service.save({ profile: { ...draft, id: saved.id }, password: '' })).toMatchObject({ hasPassword: false })
    expect(await vault.read(saved.id)).toBeNull()
  })

  it('deletes the profile and its password', async () => {
    const saved = await service.save({ profile: draft, password: PASSWORD })
    await service.delete(saved.id)
    expect(await service.list()).toEqual([])
    expect(await vault.read(saved.id)).toBeNull()
    await expect(service.get(saved.id)).rejects.toSatisfy((e: unknown) => isDataJointError(e, 'NOT_FOUND'))
  })

  it('on an insecure vault, stores a password only with allowInsecureStorage', async () => {
    const insecure: Vault = { ...createMemoryVault(), kind: 'insecure' }
    const guarded = new ConnectionService({ profiles: createJsonProfileStore(dir), vault: insecure, knownHosts: createKnownHostsStore(dir), logger })
    const error: unknown = await guarded.save({ profile: draft, password: PASSWORD }).catch((e: unknown) => e)
    expect(isDataJointError(error, 'VAULT_UNAVAILABLE')).toBe(true)
    expect(JSON.stringify(error)).not.toContain(PASSWORD)
    expect(await guarded.list()).toEqual([])
    expect(await guarded.save({ profile: draft })).toMatchObject({ hasPassword: false })
    expect(await guarded.save({ profile: draft, password: PASSWORD, allowInsecureStorage: true })).toMatchObject({ hasPassword: true })
  })

  it('serialises concurrent saves (no lost update)', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => service.save({ profile: { ...draft, name: `P${i}` } })))
    expect((await service.list()).map((p) => p.name).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `P${i}`).sort())
  })

  it('gives tabs the password at connect time, from the vault', async () => {
    const saved = await service.save({ profile: { ...draft, tls: 'required' }, password: PASSWORD })
    const target = await service.target(saved.id)
    expect(target).toMatchObject({ title: 'Lab DB', backend: 'mysql', isDemo: false, profileId: saved.id })
    expect(JSON.stringify(target)).not.toContain(PASSWORD)
    expect(await target.connectOptions()).toEqual({ host: 'db.example.org', port: 3306, user: 'alice', password: PASSWORD, useTls: true, database: 'postgres' })
  })

  describe('import from datajoint.json', () => {
    const project = (): string => join(dir, 'my-pipeline')

    beforeEach(() => {
      mkdirSync(join(project(), '.secrets'), { recursive: true })
      writeFileSync(
        join(project(), 'datajoint.json'),
        JSON.stringify({ database: { host: 'db.lab.org:3307', backend: 'mysql', use_tls: true }, safemode: false }),
      )
      writeFileSync(join(project(), '.secrets', 'database.user'), 'carol\n')
      writeFileSync(join(project(), '.secrets', 'database.password'), `${PASSWORD}\n`)
    })

    it('reads the file and its .secrets; the password waits in main for the save', async () => {
      const imported = await service.import(join(project(), 'datajoint.json'))
      expect(imported.profile).toEqual({
        name: 'my-pipeline',
        backend: 'mysql',
        host: 'db.lab.org',
        port: 3307,
        user: 'carol',
        database: 'postgres',
        ssh: null,
        tls: 'required',
        readOnly: false,
        color: '#2563eb',
      })
      expect(imported.passwordFound).toBe(true)
      expect(imported.importToken).toMatch(/^imp-/)
      expect(JSON.stringify(imported)).not.toContain(PASSWORD)
      const saved = await service.save({ profile: imported.profile, importToken: imported.importToken ?? '' })
      expect(saved.hasPassword).toBe(true)
      expect(await storedSecret(saved.id)).toBe(PASSWORD)
      // A token is used once.
      const again: unknown = await service.save({ profile: imported.profile, importToken: imported.importToken ?? '' }).catch((e: unknown) => e)
      expect(isDataJointError(again, 'NOT_FOUND')).toBe(true)
      expect(storeText()).not.toContain(PASSWORD)
      expect(logger.records.map((r) => r.message).join('\n')).not.toContain(PASSWORD)
    })

    it('reads the PostgreSQL database name (database.name), postgres when the file has none', async () => {
      writeFileSync(join(project(), 'datajoint.json'), JSON.stringify({ database: { host: 'db.lab.org', backend: 'postgresql', name: 'lab_data' } }))
      expect((await service.import(project())).profile.database).toBe('lab_data')
      writeFileSync(join(project(), 'datajoint.json'), JSON.stringify({ database: { host: 'db.lab.org', backend: 'postgresql' } }))
      expect((await service.import(project())).profile.database).toBe('postgres')
    })

    it('accepts the folder, refuses relative paths, other files and missing ones', async () => {
      expect((await service.import(project())).profile.user).toBe('carol')
      for (const [path, code] of [
        ['my-pipeline/datajoint.json', 'INVALID_INPUT'],
        [join(project(), '.secrets', 'database.password'), 'NOT_FOUND'],
        [join(dir, 'nowhere'), 'NOT_FOUND'],
        [dir, 'NOT_FOUND'],
      ] as const) {
        const error: unknown = await service.import(path).catch((e: unknown) => e)
        expect(isDataJointError(error, code)).toBe(true)
        expect(String((error as Error).message)).not.toContain(PASSWORD)
      }
    })

    it('does not echo the file when it is not valid JSON (it may hold a password)', async () => {
      writeFileSync(join(project(), 'datajoint.json'), `{"database.password": "${PASSWORD}", oops}`)
      const error: unknown = await service.import(project()).catch((e: unknown) => e)
      expect(isDataJointError(error, 'CONFIG')).toBe(true)
      expect(JSON.stringify(error)).not.toContain(PASSWORD)
      expect((error as Error).message).not.toContain(PASSWORD)
    })
  })
})
