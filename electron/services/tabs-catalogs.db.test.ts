// The tab registry's catalog store keeps a server's catalogs while an open tab connects to that server as that user,
// across a reconnect, and drops them when the last such tab closes; other servers' catalogs stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CatalogStore } from '../../src/instance/catalog-store'
import { createMemoryLogger } from '../../src/instance/logger'
import { closeTestSchema, openTestSchema, TEST_BACKENDS, uniqueSchemaName, type TestSchema } from '../../src/testing/backends'
import { TabRegistry, type TabTarget } from './tabs'

describe.each(TEST_BACKENDS)('catalogs of closed tabs on %s', (backendName) => {
  let opened: TestSchema
  let store: CatalogStore
  let tabs: TabRegistry

  /** A tab on the test server; `catalogServer` names it as another server (an SSH tunnel's far end would). */
  const target = (catalogServer?: string): TabTarget => ({
    title: 'Lab',
    color: '#123abc',
    backend: opened.server.backend,
    readOnly: false,
    isDemo: false,
    profileId: null,
    viaSsh: false,
    connectOptions: async () => ({
      host: opened.server.host,
      port: opened.server.port,
      user: opened.server.user,
      password: opened.server.password,
      useTls: false,
      catalogServer,
    }),
  })

  beforeAll(async () => {
    opened = await openTestSchema(backendName, uniqueSchemaName('evict'))
    await opened.schema.manual('Subject', 'subject_id: int32\n---\nname: varchar(40)')
    // MariaDB dates a table's last DDL to the second: a version read in that second is not stored.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    store = new CatalogStore()
    // One session per tab: PGlite's server takes few connections.
    tabs = new TabRegistry({ emit: () => undefined, logger: createMemoryLogger(), heartbeatMs: 0, poolSize: 1, catalogStore: store })
  })
  afterAll(async () => {
    await tabs.closeAll()
    await closeTestSchema(opened)
  })

  it('keeps a server’s catalogs while a tab uses them, through a reconnect, and drops them with its last tab', async () => {
    const schema = opened.schema.name
    const first = await tabs.open(target())
    const second = await tabs.open(target())
    const elsewhere = await tabs.open(target('elsewhere:5432'))
    const readIn = (tabId: string) =>
      tabs.use(tabId, async (inst) => {
        await inst.tablesOf(schema, { refresh: true })
        return inst.catalog.server
      })
    const server = await readIn(first.tabId)
    expect(await readIn(second.tabId)).toBe(server)
    const other = await readIn(elsewhere.tabId)
    expect(other).not.toBe(server)
    expect(store.get(server, schema)).toBeDefined()
    expect(store.get(other, schema)).toBeDefined()

    await tabs.close(first.tabId)
    expect(store.get(server, schema)).toBeDefined()
    // A fresh Instance for the last tab of the server: its catalogs stay (the tab holds them, not the Instance).
    expect((await tabs.reconnect(second.tabId)).state).toBe('connected')
    expect(store.get(server, schema)).toBeDefined()

    await tabs.close(second.tabId)
    expect(store.get(server, schema)).toBeUndefined()
    expect(store.get(other, schema)).toBeDefined()

    await tabs.close(elsewhere.tabId)
    expect(store.get(other, schema)).toBeUndefined()
  })
})
