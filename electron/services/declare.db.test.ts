// Declaring and dropping through the dispatcher on PostgreSQL and MariaDB: a new schema, the DDL previewed for both
// backends with nothing declared, definition errors as data with their line, tables declared exactly as the engine
// declares them (DataJoint's tier names), drops checked against their preview, and read-only tabs refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Instance } from '../../src/index'
import { startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../../src/testing/backends'
import type { Tab } from '../ipc/contract'
import { createHarness, type Harness } from '../testing/service-harness'

describe.each(['postgresql', 'mysql'] as const)('declare and drop on %s', (backend) => {
  let server: TestServer
  let inst: Instance
  let harness: Harness
  let tab: Tab
  let readOnlyTab: Tab
  const schema = uniqueSchemaName('declare')
  const spare = uniqueSchemaName('declare_spare')

  const declareInput = (className: string, definition: string, tier: 'manual' | 'lookup' | 'part' = 'manual', master: string | null = null) =>
    ({ tabId: tab.tabId, schema, className, tier, master, definition }) as const

  beforeAll(async () => {
    server = await startTestServer(backend)
    inst = testInstance(server)
    harness = createHarness()
    const base = { backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', color: '#000000' } as const
    const profile = await harness.value('connections.save', { profile: { ...base, name: 'declare', readOnly: false }, password: server.password })
    const readOnly = await harness.value('connections.save', { profile: { ...base, name: 'declare ro', readOnly: true }, password: server.password })
    tab = await harness.value('tabs.open', { profileId: profile.id })
    readOnlyTab = await harness.value('tabs.open', { profileId: readOnly.id })
  })

  afterAll(async () => {
    await harness?.dispose()
    for (const name of [schema, spare]) {
      if ((await inst.listSchemas()).includes(name)) await (await inst.schema(name, { create: false })).drop({ prompt: false })
    }
    await inst.close()
    await server?.stop()
  })

  it('creates a schema, refuses it twice, and refuses every modifying action on a read-only tab', async () => {
    await harness.value('schema.create', { tabId: tab.tabId, schema })
    expect(await harness.value('schema.list', { tabId: tab.tabId })).toContain(schema)
    const again = await harness.call('schema.create', { tabId: tab.tabId, schema })
    expect(again.ok ? 'ok' : again.error.code).toBe('DUPLICATE')
    const ro = readOnlyTab.tabId
    const attempts = await Promise.all([
      harness.call('schema.create', { tabId: ro, schema: spare }),
      harness.call('table.declare', { ...declareInput('Lab', 'lab : varchar(16)'), tabId: ro }),
      harness.call('table.drop', { tabId: ro, schema, table: 'lab', expected: [] }),
      harness.call('schema.drop', { tabId: ro, schema, expected: [] }),
    ])
    expect(attempts.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['READ_ONLY', 'READ_ONLY', 'READ_ONLY', 'READ_ONLY'])
    expect(await inst.listSchemas()).not.toContain(spare)
  })

  it('previews the DDL for both backends, the tab’s first, declaring nothing', async () => {
    const preview = await harness.value('table.previewDdl', declareInput('Lab', '# a lab\nlab : varchar(16)\n---\nlab_name : varchar(255)'))
    expect(preview.error).toBeNull()
    expect(preview.tableName).toBe('lab')
    expect(preview.ddl.map((d) => d.backend)).toEqual(backend === 'mysql' ? ['mysql', 'postgresql'] : ['postgresql', 'mysql'])
    expect(preview.ddl[0]?.statements.join('\n')).toMatch(/CREATE TABLE/i)
    expect(preview.ddl[1]?.statements.join('\n')).toMatch(/CREATE TABLE/i)
    expect(await harness.value('schema.tables', { tabId: tab.tabId, schema })).toEqual([])
  })

  it('returns definition errors with their line, and declares what it previewed', async () => {
    const broken = await harness.value('table.previewDdl', declareInput('Researcher', '-> Lab\nresearcher : varchar(32)\n---\nemail : nonsense'))
    expect(broken.error?.line).toBe(4)
    const noParent = await harness.value('table.previewDdl', declareInput('Researcher', '# who\n-> Nowhere\nresearcher : varchar(32)'))
    expect(noParent.error?.line).toBe(2)

    expect(await harness.value('table.declare', declareInput('Lab', '# a lab\nlab : varchar(16)\n---\nlab_name : varchar(255)'))).toEqual({ tableName: 'lab' })
    expect((await harness.value('table.declare', declareInput('Researcher', '-> Lab\nresearcher : varchar(32)'))).tableName).toBe('researcher')
    expect((await harness.value('table.declare', declareInput('Kind', 'kind : varchar(8)', 'lookup'))).tableName).toBe('#kind')
    expect((await harness.value('table.declare', declareInput('Member', '-> master\n-> Researcher', 'part', 'lab'))).tableName).toBe('lab__member')
    const twice = await harness.call('table.declare', declareInput('Lab', 'lab : varchar(16)'))
    expect(twice.ok ? 'ok' : twice.error.code).toBe('DUPLICATE')
    const researcher = await (await inst.schema(schema)).table('Researcher')
    expect(researcher.info.primaryKey).toEqual(['lab', 'researcher'])
  })

  it('drops a table with its dependents only as previewed, then the whole schema', async () => {
    // Lab.Member references Researcher: DataJoint refuses to drop a part without its master.
    const orphaning = await harness.call('table.dropPreview', { tabId: tab.tabId, schema, table: 'researcher' })
    expect(orphaning.ok ? 'ok' : orphaning.error.message).toMatch(/before its master/)
    const preview = await harness.value('table.dropPreview', { tabId: tab.tabId, schema, table: '#kind' })
    expect(preview.tables.map((t) => t.table)).toEqual(['#kind'])
    const labPreview = await harness.value('table.dropPreview', { tabId: tab.tabId, schema, table: 'lab' })
    expect(labPreview.tables.map((t) => `${t.tier}:${t.table}`)).toEqual(['part:lab__member', 'manual:researcher', 'manual:lab'])
    const refs = (tables: readonly { schema: string; table: string }[]) => tables.map(({ schema, table }) => ({ schema, table }))
    const stale = await harness.call('table.drop', { tabId: tab.tabId, schema, table: 'lab', expected: refs(preview.tables) })
    expect(stale.ok ? 'ok' : stale.error.message).toMatch(/changed since the preview/)
    expect((await harness.value('schema.tables', { tabId: tab.tabId, schema })).length).toBe(4)
    expect(await harness.value('table.drop', { tabId: tab.tabId, schema, table: 'lab', expected: refs(labPreview.tables) })).toEqual({ dropped: 3 })
    expect((await harness.value('schema.tables', { tabId: tab.tabId, schema })).map((t) => t.table)).toEqual(['#kind'])

    const schemaPreview = await harness.value('schema.dropPreview', { tabId: tab.tabId, schema })
    expect(schemaPreview).toEqual({ tables: [{ schema, table: '#kind', className: 'Kind', tier: 'lookup' }], dependents: [] })
    expect(await harness.value('schema.drop', { tabId: tab.tabId, schema, expected: refs(schemaPreview.tables) })).toEqual({ dropped: 1 })
    expect(await harness.value('schema.list', { tabId: tab.tabId })).not.toContain(schema)
  })
})
