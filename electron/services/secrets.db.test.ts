// A known password through every flow that touches one (save, connect, test, a wrong password, import with
// `.secrets/`, reconnect), on MariaDB with a real password login; then every Output, event, log line and file the
// app wrote is searched for it. Electron's vault is used, with a stand-in cipher for safeStorage.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../../src/testing/backends'
import { createSafeStorageVault } from '../vault/safe-storage-vault'
import { createHarness, type Harness } from '../testing/service-harness'

const PASSWORD = `Kn0wn-${'pw'}-${process.pid}-Zq9`
const WRONG = `Wr0ng-${process.pid}-Xy7`

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? allFiles(path) : [path]
  })
}

describe('passwords never leave the vault', () => {
  let server: TestServer
  let harness: Harness
  let dataDir: string
  const user = uniqueSchemaName('u').slice(0, 32)
  const schema = uniqueSchemaName('secret')

  beforeAll(async () => {
    server = await startTestServer('mysql')
    const admin = testInstance(server)
    for (const host of ['%', 'localhost', '127.0.0.1']) {
      await admin.run({ sql: `CREATE USER '${user}'@'${host}' IDENTIFIED BY '${PASSWORD}'`, params: [] })
      await admin.run({ sql: `GRANT ALL PRIVILEGES ON \`${schema}\`.* TO '${user}'@'${host}'`, params: [] })
    }
    await admin.schema(schema)
    await admin.close()
    dataDir = mkdtempSync(join(tmpdir(), 'joinery-secrets-'))
    const vault = await createSafeStorageVault({
      safeStorage: {
        isAsyncEncryptionAvailable: async () => true,
        getSelectedStorageBackend: () => 'gnome_libsecret',
        encryptStringAsync: async (text) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
        decryptStringAsync: async (bytes) => ({ result: Buffer.from(bytes.map((b) => b ^ 0x5a)).toString('utf8'), shouldReEncrypt: false }),
      },
      file: join(dataDir, 'vault.json'),
      platform: 'linux',
    })
    harness = createHarness({ vault, dataDir })
  })

  afterAll(async () => {
    await harness.services.dispose()
    const admin = testInstance(server)
    for (const host of ['%', 'localhost', '127.0.0.1']) await admin.run({ sql: `DROP USER IF EXISTS '${user}'@'${host}'`, params: [] })
    await (await admin.schema(schema)).drop({ prompt: false })
    await admin.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('connects with the vault’s password and leaks it nowhere', async () => {
    const draft = { name: 'secret lab', backend: 'mysql', host: server.host, port: server.port, user, tls: 'disabled', readOnly: false, color: '#000000' } as const
    const wrong = await harness.call('connections.test', { profile: draft, password: WRONG })
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('ACCESS_DENIED')
    expect((await harness.value('connections.test', { profile: draft, password: PASSWORD })).serverVersion).toMatch(/MariaDB/i)

    const profile = await harness.value('connections.save', { profile: draft, password: PASSWORD })
    expect(profile.hasPassword).toBe(true)
    expect((await harness.value('connections.test', { profile: { ...draft, id: profile.id } })).serverVersion).not.toBe('')
    const tab = await harness.value('tabs.open', { profileId: profile.id })
    expect(tab.state).toBe('connected')
    expect(await harness.value('schema.list', { tabId: tab.tabId })).toContain(schema)
    expect((await harness.value('tabs.reconnect', { tabId: tab.tabId })).state).toBe('connected')

    // A wrong saved password: the tab says so, without the password.
    await harness.value('connections.save', { profile: { ...draft, id: profile.id }, password: WRONG })
    const denied = await harness.value('tabs.reconnect', { tabId: tab.tabId })
    expect(denied).toMatchObject({ state: 'error', error: { code: 'ACCESS_DENIED' } })

    // Import from datajoint.json + .secrets/, then save: the password goes from the file to the vault only.
    const project = join(dataDir, 'pipeline')
    mkdirSync(join(project, '.secrets'), { recursive: true })
    writeFileSync(join(project, 'datajoint.json'), JSON.stringify({ 'database.host': server.host, 'database.port': server.port, 'database.user': user }))
    writeFileSync(join(project, '.secrets', 'database.password'), PASSWORD)
    const imported = await harness.value('connections.import', { path: project })
    expect(imported.passwordFound).toBe(true)
    const importedProfile = await harness.value('connections.save', { profile: { ...imported.profile, tls: 'disabled' }, importToken: imported.importToken ?? '' })
    const importedTab = await harness.value('tabs.open', { profileId: importedProfile.id })
    expect(importedTab.state).toBe('connected')
    await harness.value('tabs.close', { tabId: importedTab.tabId })
    await harness.value('tabs.close', { tabId: tab.tabId })

    const everything = [
      ...harness.results.map((r) => JSON.stringify(r)),
      ...harness.events.map((e) => JSON.stringify(e)),
      ...harness.logger.records.map((r) => r.message),
      ...allFiles(dataDir)
        .filter((file) => !file.includes(`${join('pipeline', '.secrets')}`))
        .map((file) => readFileSync(file, 'utf8')),
    ].join('\n')
    expect(harness.results.length).toBeGreaterThan(10)
    expect(harness.logger.records.length).toBeGreaterThan(3)
    expect(everything).toContain(user)
    expect(everything).not.toContain(PASSWORD)
    expect(everything).not.toContain(WRONG)
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toContain('"hasPassword": true')
  })
})
