// Tables and schemas declared or dropped by another client show in an open tab without reconnecting: the tree's
// listing reads the schema again, and a fetch or a detail of a table the tab has not seen yet reloads its schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../../src/testing/backends'
import { createHarness, type Harness } from '../testing/service-harness'

describe.each(['postgresql', 'mysql'] as const)('catalog freshness on %s', (backend) => {
  let other: TestSchema
  let harness: Harness
  let tabId: string

  beforeAll(async () => {
    other = await openTestSchema(backend, uniqueSchemaName('fresh'))
    await other.schema.manual('Animal', 'animal_id: int32\n---\nname: varchar(40)')
    harness = createHarness()
    const { server } = other
    const profile = await harness.value('connections.save', {
      profile: { name: 'Fresh', backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: false, color: '#123abc' },
      password: server.password,
    })
    tabId = (await harness.value('tabs.open', { profileId: profile.id })).tabId
  })
  afterAll(async () => {
    await harness?.dispose()
    await closeTestSchema(other)
  })

  const tables = async (): Promise<string[]> => (await harness.value('schema.tables', { tabId, schema: other.schema.name })).map((t) => t.table)
  const fetch = (table: string) =>
    harness.call('query.fetch', { tabId, requestId: `r-${table}`, expr: { kind: 'table', schema: other.schema.name, table }, orderBy: [], limit: 10, offset: 0 })

  it('sees a table declared elsewhere in the tree, its detail and its rows; and no longer lists a dropped one', async () => {
    expect(await tables()).toEqual(['animal'])
    expect((await fetch('animal')).ok).toBe(true)

    const Session = await other.schema.manual('Session', 'session_id: int32\n---\nnote: varchar(40)')
    await Session.insert1({ session_id: 1, note: 'declared elsewhere' })
    // Fetched before the tree was refreshed: the schema is read again rather than the table called missing.
    const rows = await fetch('session')
    expect(rows.ok ? rows.value.rows : rows.error).toEqual([[1, 'declared elsewhere']])
    expect((await harness.value('table.detail', { tabId, schema: other.schema.name, table: 'session' })).primaryKey).toEqual(['session_id'])
    expect(await tables()).toEqual(['animal', 'session'])

    await Session.drop({ prompt: false })
    expect(await tables()).toEqual(['animal'])
    expect(harness.services.tabs.tab(tabId).state).toBe('connected')
  })

  it('sees a schema declared elsewhere, and says NOT_FOUND once it is dropped', async () => {
    const name = uniqueSchemaName('fresh_new')
    const created = await other.inst.schema(name)
    await created.manual('Probe', 'probe_id: int32')
    expect(await harness.value('schema.list', { tabId })).toContain(name)
    expect((await harness.value('schema.tables', { tabId, schema: name })).map((t) => t.table)).toEqual(['probe'])
    await created.drop({ prompt: false })
    expect(await harness.value('schema.list', { tabId })).not.toContain(name)
    const gone = await harness.call('schema.tables', { tabId, schema: name })
    expect(gone.ok ? null : gone.error.code).toBe('NOT_FOUND')
  })
})
