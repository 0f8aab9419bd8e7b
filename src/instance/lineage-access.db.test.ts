// A user who may read a schema's tables but not its `~lineage` table (a lab's read-only account) still browses the
// schema: its catalog loads with lineage unavailable, as for a schema without `~lineage`, and joins skip the semantic
// check with DataJoint's warning instead of failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestSchema, openTestSchema, testInstance, uniqueSchemaName, type TestSchema } from '../testing/backends'
import type { Instance } from './instance'

describe.each(['postgresql', 'mysql'] as const)('a user who may not read ~lineage on %s', (backend) => {
  let owner: TestSchema
  const reader = `jt_nolineage_${process.pid}_${Date.now().toString(36)}`
  const password = 'Reader-pw-1'
  const readers: Instance[] = []
  const run = (statement: string) => owner.inst.run({ sql: statement, params: [] })
  const q = (name: string) => (backend === 'mysql' ? `\`${name}\`` : `"${name}"`)
  const table = (name: string) => `${q(owner.schema.name)}.${q(name)}`
  const account = backend === 'mysql' ? `'${reader}'@'%'` : reader
  const asReader = (): Instance => {
    const inst = testInstance({ ...owner.server, user: reader, password }, { poolSize: 1 })
    readers.push(inst)
    return inst
  }

  beforeAll(async () => {
    owner = await openTestSchema(backend, uniqueSchemaName('nolineage'))
    // Two tables whose primary keys are namesakes of different lineages: a semantic join refuses them.
    const Probe = await owner.schema.manual('Probe', 'id: int32\n---\nlabel: varchar(20)')
    const Mouse = await owner.schema.manual('Mouse', 'id: int32\n---\nstrain: varchar(20)')
    await Probe.insert([{ id: 1, label: 'tetrode' }])
    await Mouse.insert([{ id: 1, strain: 'C57' }])
    if (backend === 'mysql') await run(`CREATE USER ${account} IDENTIFIED BY '${password}'`)
    else await run(`CREATE ROLE ${reader} LOGIN PASSWORD '${password}'`)
    if (backend === 'postgresql') await run(`GRANT USAGE ON SCHEMA ${q(owner.schema.name)} TO ${reader}`)
    await run(`GRANT SELECT ON ${table('probe')} TO ${account}`)
    await run(`GRANT SELECT ON ${table('mouse')} TO ${account}`)
  })
  afterAll(async () => {
    for (const inst of readers) await inst.close()
    if (backend === 'mysql') await run(`DROP USER IF EXISTS ${account}`)
    else await run(`DROP OWNED BY ${reader}`).then(() => run(`DROP ROLE IF EXISTS ${reader}`))
    await closeTestSchema(owner)
  })

  it('lists the schema with lineage unavailable, where its owner has lineage', async () => {
    const schema = owner.schema.name
    expect((await owner.inst.tableInfo(schema, 'probe')).lineageAvailable).toBe(true)
    const inst = asReader()
    const tables = await inst.tablesOf(schema)
    expect(tables.filter((t) => !t.table.startsWith('~')).map((t) => t.table).sort()).toEqual(['mouse', 'probe'])
    expect(tables.every((t) => !t.lineageAvailable)).toBe(true)
  })

  it('joins namesakes without the semantic check, with its warning, where the owner is refused', async () => {
    const schema = owner.schema.name
    const ownerProbe = await owner.inst.freeTable(`${schema}.probe`)
    const ownerMouse = await owner.inst.freeTable(`${schema}.mouse`)
    expect(() => ownerProbe.join(ownerMouse)).toThrow(/different lineages/)

    const inst = asReader() as Instance & { readonly logger: { messages(level: 'WARNING'): string[] } }
    const probe = await inst.freeTable(`${schema}.probe`)
    const mouse = await inst.freeTable(`${schema}.mouse`)
    expect(await probe.join(mouse).toDicts()).toEqual([{ id: 1, label: 'tetrode', strain: 'C57' }])
    expect(inst.logger.messages('WARNING').join('\n')).toContain('Semantic check disabled')
  })

  it('loads the schema within a transaction that stays usable', async () => {
    const inst = asReader()
    const rows = await inst.transaction(async () => {
      const tables = await inst.tablesOf(owner.schema.name)
      expect(tables.every((t) => !t.lineageAvailable)).toBe(true)
      return (await inst.freeTable(`${owner.schema.name}.probe`)).toDicts()
    })
    expect(rows).toEqual([{ id: 1, label: 'tetrode' }])
  })

  it('lists it so too when the user holds a privilege on ~lineage other than SELECT', async () => {
    // MariaDB shows such a user the table (its information_schema hides only tables without any privilege).
    await run(`GRANT INSERT ON ${table('~lineage')} TO ${account}`)
    try {
      const inst = asReader()
      const tables = await inst.tablesOf(owner.schema.name)
      expect(tables.filter((t) => !t.table.startsWith('~')).map((t) => t.table).sort()).toEqual(['mouse', 'probe'])
      expect(tables.every((t) => !t.lineageAvailable)).toBe(true)
    } finally {
      await run(`REVOKE INSERT ON ${table('~lineage')} FROM ${account}`)
    }
  })

  it('reads ~lineage again once the user may', async () => {
    await run(`GRANT SELECT ON ${table('~lineage')} TO ${account}`)
    const inst = asReader()
    expect((await inst.tableInfo(owner.schema.name, 'probe')).lineageAvailable).toBe(true)
    await run(`REVOKE SELECT ON ${table('~lineage')} FROM ${account}`)
  })
})
