// The tab registry's catalog store keeps a server's catalogs while an open tab connects to that server as that user,
// across a reconnect, and after its last tab closed while it is among the servers left most recently; beyond those
// it drops them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CatalogStore } from '../../src/instance/catalog-store'
import { createMemoryLogger } from '../../src/instance/logger'
import { closeTestSchema, openTestSchema, TEST_BACKENDS, uniqueSchemaName, type TestSchema } from '../../src/testing/backends'
import { RECENT_SERVERS_KEPT, TabRegistry, type TabTarget } from './tabs'

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

  it('keeps a server’s catalogs while a tab uses them, through a reconnect, after its last tab for a while, and drops them after more recent ones', async () => {
    const schema = opened.schema.name
    const readIn = (tabId: string) =>
      tabs.use(tabId, async (inst) => {
        await inst.tablesOf(schema, { refresh: true })
        return inst.catalog.server
      })
    const first = await tabs.open(target())
    const second = await tabs.open(target())
    const server = await readIn(first.tabId)
    expect(await readIn(second.tabId)).toBe(server)
    expect(store.get(server, schema)).toBeDefined()

    await tabs.close(first.tabId)
    expect(store.get(server, schema)).toBeDefined()
    // A fresh Instance for the last tab of the server: its catalogs stay (the tab holds them, not the Instance).
    expect((await tabs.reconnect(second.tabId)).state).toBe('connected')
    expect(store.get(server, schema)).toBeDefined()

    // Its last tab closed: a tab opened on it again would start warm.
    await tabs.close(second.tabId)
    expect(store.get(server, schema)).toBeDefined()

    // Tabs on other servers, each closed in turn: once RECENT_SERVERS_KEPT of them were left after it, it goes.
    const others: string[] = []
    for (let i = 0; i < RECENT_SERVERS_KEPT; i += 1) {
      const tab = await tabs.open(target(`elsewhere-${i}:5432`))
      const other = await readIn(tab.tabId)
      expect(other).not.toBe(server)
      others.push(other)
      await tabs.close(tab.tabId)
      expect(store.get(server, schema) !== undefined).toBe(i < RECENT_SERVERS_KEPT - 1)
    }
    for (const other of others) expect(store.get(other, schema)).toBeDefined()

    // One more: the oldest of them goes, an open tab's server stays whatever the order.
    const open = await tabs.open(target('still-open:5432'))
    const held = await readIn(open.tabId)
    const last = await tabs.open(target('latest:5432'))
    await readIn(last.tabId)
    await tabs.close(last.tabId)
    expect(store.get(others[0] as string, schema)).toBeUndefined()
    expect(store.get(held, schema)).toBeDefined()
    await tabs.close(open.tabId)
  })
})
