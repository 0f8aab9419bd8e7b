// Tabs of one server and user share the catalogs they read: a second tab opening a schema asks the server only for
// its version (no column read), and still sees tables created or altered by another connection meanwhile; tabs of
// two users of one server never share (privileges decide what a catalog shows).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Instance } from '../../src/index'
import { closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../../src/testing/backends'
import { readsColumns, statementsOf } from '../../src/testing/statements'
import { createHarness, type Harness } from '../testing/service-harness'

/** MariaDB dates a table's last DDL to the second: a catalog read in that second is read again by the next tab. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100))

// PGlite takes too few connections for two tabs beside the fixture's Instance: src/instance/catalog-store.db.test.ts
// covers it with one session per Instance.
describe.each(['postgresql', 'mysql'] as const)('catalog shared by the tabs of one server on %s', (backendName) => {
  let other: TestSchema
  let harness: Harness
  let profileId: string

  beforeAll(async () => {
    other = await openTestSchema(backendName, uniqueSchemaName('share'))
    await other.schema.manual('Animal', 'animal_id: int32\n---\nname: varchar(40)')
    harness = createHarness()
    const { server } = other
    const profile = await harness.value('connections.save', {
      profile: { name: 'Shared', backend: server.backend, host: server.host, port: server.port, user: server.user, tls: 'disabled', readOnly: false, color: '#123abc' },
      password: server.password,
    })
    profileId = profile.id
  })
  afterAll(async () => {
    await harness?.dispose()
    await closeTestSchema(other)
  })

  const openTab = async (): Promise<string> => (await harness.value('tabs.open', { profileId })).tabId
  const instanceOf = (tabId: string): Promise<Instance> => harness.services.tabs.use(tabId, async (instance) => instance)
  const tables = async (tabId: string): Promise<string[]> =>
    (await harness.value('schema.tables', { tabId, schema: other.schema.name })).map((t) => t.table)
  /** The tree's listing, its row counts and a table's detail, as opening a schema and a table in the app asks them. */
  const openSchema = async (tabId: string, table: string) => {
    const listed = await tables(tabId)
    await harness.value('table.rowCounts', { tabId, schema: other.schema.name, tables: listed, estimate: true })
    return harness.value('table.detail', { tabId, schema: other.schema.name, table })
  }
  const sql = (statement: string) => other.inst.run({ sql: statement, params: [] })
  const tableName = (table: string) =>
    other.server.backend === 'mysql' ? `\`${other.schema.name}\`.\`${table}\`` : `"${other.schema.name}"."${table}"`

  it('a second tab opens the schema without reading its columns, the listing costing one statement', async () => {
    await nextSecond()
    const first = await openTab()
    expect((await statementsOf(await instanceOf(first), () => openSchema(first, 'animal'))).some(readsColumns)).toBe(true)

    const second = await openTab()
    const secondInstance = await instanceOf(second)
    expect(await statementsOf(secondInstance, () => tables(second))).toHaveLength(1)
    const opened = await statementsOf(secondInstance, () => openSchema(second, 'animal'))
    expect(opened.filter(readsColumns)).toEqual([])
    expect((await openSchema(second, 'animal')).attributes.map((a) => a.name)).toEqual(['animal_id', 'name'])
    await harness.value('tabs.close', { tabId: first })
    await harness.value('tabs.close', { tabId: second })
  })

  it('a second tab sees a table created by another connection after the first tab loaded the schema', async () => {
    await nextSecond()
    const first = await openTab()
    expect(await tables(first)).not.toContain('probe')
    await other.schema.manual('Probe', 'probe_id: int32\n---\nlabel: varchar(20)')
    const second = await openTab()
    expect(await tables(second)).toContain('probe')
    expect((await openSchema(second, 'probe')).attributes.map((a) => a.name)).toEqual(['probe_id', 'label'])
    expect(await tables(first)).toContain('probe')
    await harness.value('tabs.close', { tabId: first })
    await harness.value('tabs.close', { tabId: second })
  })

  it("a second tab sees an altered table's new column", async () => {
    await nextSecond()
    const first = await openTab()
    await openSchema(first, 'animal')
    await sql(`ALTER TABLE ${tableName('animal')} ADD COLUMN weight float`)
    const second = await openTab()
    expect((await openSchema(second, 'animal')).attributes.map((a) => a.name)).toEqual(['animal_id', 'name', 'weight'])
    // The first tab's tree, listed again, reloads the schema: its detail shows the column too.
    expect((await openSchema(first, 'animal')).attributes.map((a) => a.name)).toEqual(['animal_id', 'name', 'weight'])
    await harness.value('tabs.close', { tabId: first })
    await harness.value('tabs.close', { tabId: second })
  })
})

describe.each(['postgresql', 'mysql'] as const)('tabs of two users of one server on %s', (backend) => {
  let owner: TestSchema
  let harness: Harness
  const reader = `jt_reader_${process.pid}_${Date.now().toString(36)}`
  const password = 'reader-pw'

  beforeAll(async () => {
    owner = await openTestSchema(backend, uniqueSchemaName('users'))
    await owner.schema.manual('Animal', 'animal_id: int32')
    await owner.schema.manual('Secret', 'secret_id: int32')
    const run = (statement: string) => owner.inst.run({ sql: statement, params: [] })
    const schema = owner.schema.name
    if (backend === 'mysql') {
      await run(`CREATE USER '${reader}'@'%' IDENTIFIED BY '${password}'`)
      await run(`GRANT SELECT ON \`${schema}\`.\`animal\` TO '${reader}'@'%'`)
    } else {
      await run(`CREATE ROLE ${reader} LOGIN PASSWORD '${password}'`)
      await run(`GRANT USAGE ON SCHEMA "${schema}" TO ${reader}`)
      // Not `~lineage`: the reader sees the schema with lineage unavailable.
      await run(`GRANT SELECT ON "${schema}"."animal" TO ${reader}`)
    }
    harness = createHarness()
  })
  afterAll(async () => {
    await harness?.dispose()
    const run = (statement: string) => owner.inst.run({ sql: statement, params: [] })
    if (backend === 'mysql') await run(`DROP USER IF EXISTS '${reader}'@'%'`)
    else await run(`DROP OWNED BY ${reader}`).then(() => run(`DROP ROLE IF EXISTS ${reader}`))
    await closeTestSchema(owner)
  })

  const openAs = async (user: string, secret: string): Promise<string> => {
    const { server } = owner
    const profile = await harness.value('connections.save', {
      profile: { name: user, backend, host: server.host, port: server.port, user, tls: 'disabled', readOnly: false, color: '#123abc' },
      password: secret,
    })
    return (await harness.value('tabs.open', { profileId: profile.id })).tabId
  }

  it('reads the catalog again for the other user, who sees what their privileges show', async () => {
    await nextSecond()
    const schema = owner.schema.name
    const ownerTab = await openAs(owner.server.user, owner.server.password)
    expect((await harness.value('schema.tables', { tabId: ownerTab, schema })).map((t) => t.table)).toEqual(['animal', 'secret'])

    const readerTab = await openAs(reader, password)
    const readerInstance = await harness.services.tabs.use(readerTab, async (instance) => instance)
    let listed: string[] = []
    const statements = await statementsOf(readerInstance, async () => {
      listed = (await harness.value('schema.tables', { tabId: readerTab, schema })).map((t) => t.table)
    })
    expect(statements.some(readsColumns)).toBe(true)
    // MariaDB's information_schema shows a user only the tables they hold a privilege on; PostgreSQL's catalog shows all.
    expect(listed).toEqual(backend === 'mysql' ? ['animal'] : ['animal', 'secret'])
  })
})
