// The PostgreSQL database of a profile (DataJoint's `database.name`) is the one a test and a tab connect to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, uniqueSchemaName, type TestServer } from '../../src/testing/backends'
import { createHarness, type Harness } from '../testing/service-harness'

describe('the PostgreSQL database name', () => {
  let server: TestServer
  let harness: Harness

  beforeAll(async () => {
    server = await startTestServer('postgresql')
    harness = createHarness()
  })
  afterAll(async () => {
    await harness?.dispose()
    await server?.stop()
  })

  const profile = (database: string) => ({
    name: 'Named database',
    backend: 'postgresql' as const,
    host: server.host,
    port: server.port,
    user: server.user,
    database,
    tls: 'disabled' as const,
    readOnly: false,
    color: '#123abc',
  })

  it('connects to the named database, and fails naming it when it does not exist', async () => {
    expect((await harness.value('connections.test', { profile: profile('postgres'), password: server.password })).serverVersion).toMatch(/PostgreSQL/)
    const missing = uniqueSchemaName('nodb')
    const saved = await harness.value('connections.save', { profile: profile(missing), password: server.password })
    expect(saved.database).toBe(missing)
    const tab = await harness.value('tabs.open', { profileId: saved.id })
    expect(tab.state).toBe('error')
    expect(tab.error?.message).toContain(missing)
  })
})
