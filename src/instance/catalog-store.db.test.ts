// Instances given one CatalogStore share the catalogs they read from one server as one user: the second to load a
// schema asks only for its version, and any table created, altered or dropped since is read again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CatalogStore } from './catalog-store'
import type { Instance } from './instance'
import { closeTestSchema, openTestSchema, testInstance, TEST_BACKENDS, uniqueSchemaName, type TestSchema } from '../testing/backends'
import { readsColumns, statementsOf } from '../testing/statements'

/** MariaDB dates a table's last DDL to the second: a version read in that second is not trusted (read again). */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100))

describe.each(TEST_BACKENDS)('a catalog store shared by Instances on %s', (backendName) => {
  let opened: TestSchema
  let store: CatalogStore
  const instances: Instance[] = []
  const another = (): Instance => {
    // One session each: PGlite's server takes few connections.
    const inst = testInstance(opened.server, { catalogStore: store, poolSize: 1 })
    instances.push(inst)
    return inst
  }
  const ddl = (sql: string) => opened.inst.run({ sql, params: [] })
  const q = (name: string) => (opened.server.backend === 'mysql' ? `\`${name}\`` : `"${name}"`)
  const table = (name: string) => `${q(opened.schema.name)}.${q(name)}`

  beforeAll(async () => {
    opened = await openTestSchema(backendName, uniqueSchemaName('share'))
    await opened.schema.manual('Subject', 'subject_id: int32\n---\nname: varchar(40)')
    await opened.schema.manual('Session', '-> Subject\nsession: int16\n---\nnote = "" : varchar(40)')
    store = new CatalogStore()
  })
  afterAll(async () => {
    for (const inst of instances) await inst.close()
    await closeTestSchema(opened)
  })

  it('gives a second Instance the catalog for one version statement, and reads a changed schema again', async () => {
    await nextSecond()
    const first = another()
    const firstRead = await statementsOf(first, () => first.tablesOf(opened.schema.name, { refresh: true }))
    expect(firstRead.some(readsColumns)).toBe(true)

    const second = another()
    await second.connect()
    const secondRead = await statementsOf(second, () => second.tablesOf(opened.schema.name, { refresh: true }))
    expect(secondRead).toHaveLength(1)
    expect((await second.tableInfo(opened.schema.name, 'session')).attributes.map((a) => a.name)).toEqual(['subject_id', 'session', 'note'])

    // Refreshed without a change: the version only, nothing rebuilt.
    expect(await statementsOf(first, () => first.tablesOf(opened.schema.name, { refresh: true }))).toHaveLength(1)

    await ddl(`ALTER TABLE ${table('session')} ADD COLUMN mood varchar(10)`)
    const afterAlter = await statementsOf(second, () => second.tablesOf(opened.schema.name, { refresh: true }))
    expect(afterAlter.some(readsColumns)).toBe(true)
    expect((await second.tableInfo(opened.schema.name, 'session')).attributes.map((a) => a.name)).toContain('mood')
  })

  it('reads a schema once for a listing and a table asked together', async () => {
    await nextSecond()
    const schema = opened.schema.name
    await another().tablesOf(schema, { refresh: true })
    const fresh = another()
    await fresh.connect()
    const statements = await statementsOf(fresh, () => Promise.all([fresh.tableInfo(schema, 'subject'), fresh.tablesOf(schema, { refresh: true })]))
    expect(statements).toHaveLength(1)
  })

  it.each([
    ['a table created', (t: (name: string) => string) => `CREATE TABLE ${t('probe')} (probe_id int PRIMARY KEY)`],
    ['a column added', (t: (name: string) => string) => `ALTER TABLE ${t('subject')} ADD COLUMN born date`],
    ['an index added', (t: (name: string) => string) => `CREATE INDEX subject_name ON ${t('subject')} (name)`],
    ['a table dropped', (t: (name: string) => string) => `DROP TABLE ${t('probe')}`],
    // PostgreSQL keeps these in pg_attribute or pg_description alone: the table's own pg_class row is not rewritten.
    ['a column renamed', (t: (name: string) => string) => `ALTER TABLE ${t('subject')} RENAME COLUMN born TO birth`],
    [
      'a column made required',
      (t: (name: string) => string, backend: string) =>
        backend === 'mysql'
          ? `ALTER TABLE ${t('subject')} MODIFY birth date NOT NULL`
          : `ALTER TABLE ${t('subject')} ALTER COLUMN birth SET NOT NULL`,
    ],
    [
      'a table comment changed',
      (t: (name: string) => string, backend: string) =>
        backend === 'mysql' ? `ALTER TABLE ${t('subject')} COMMENT = 'subjects'` : `COMMENT ON TABLE ${t('subject')} IS 'subjects'`,
    ],
  ])('changes the version with %s', async (_change, statement) => {
    const schema = opened.schema.name
    await nextSecond()
    const before = (await opened.inst.catalog.introspector.catalogVersions([schema])).get(schema)
    expect(before).toEqual(expect.any(String))
    await ddl(statement(table, opened.server.backend))
    const after = (await opened.inst.catalog.introspector.catalogVersions([schema])).get(schema)
    expect(after).not.toEqual(before)
  })

  it('changes the version with an enum attribute given another value, and a second Instance reads it', async () => {
    const schema = opened.schema.name
    const versions = async () => (await opened.inst.catalog.introspector.catalogVersions([schema])).get(schema)
    await opened.schema.manual('Mood', "mood_id: int32\n---\nmood: enum('calm', 'busy')")
    const enumValues = async (inst: Instance) =>
      (await inst.tableInfo(schema, 'mood')).attributes.find((a) => a.name === 'mood')?.enumValues
    await nextSecond()
    const reader = another()
    await reader.tablesOf(schema, { refresh: true })
    expect(await enumValues(reader)).toEqual(['calm', 'busy'])
    const before = await versions()
    expect(before).toEqual(expect.any(String))
    if (opened.server.backend === 'mysql') {
      // MariaDB rewrites the table's .frm for this ALTER as for any other (its time is the version): covered already.
      await ddl(`ALTER TABLE ${table('mood')} MODIFY mood enum('calm','busy','tired') NOT NULL`)
    } else {
      // PostgreSQL adds a row to pg_enum: the table's own catalog rows stay as they were.
      const [type] = await opened.inst.catalog.introspector.enumTypesOf(schema, 'mood')
      if (type === undefined) throw new Error('mood has no enum type')
      await ddl(`ALTER TYPE ${q(type.schema)}.${q(type.name)} ADD VALUE 'tired'`)
    }
    expect(await versions()).not.toEqual(before)
    const fresh = another()
    await fresh.tablesOf(schema, { refresh: true })
    expect(await enumValues(fresh)).toEqual(['calm', 'busy', 'tired'])
    await reader.tablesOf(schema, { refresh: true })
    expect(await enumValues(reader)).toEqual(['calm', 'busy', 'tired'])
  })

  it('changes the version with a column comment or a default changed', async () => {
    const schema = opened.schema.name
    const versions = async () => (await opened.inst.catalog.introspector.catalogVersions([schema])).get(schema)
    await nextSecond()
    const before = await versions()
    await ddl(
      opened.server.backend === 'mysql'
        ? `ALTER TABLE ${table('subject')} MODIFY name varchar(40) NOT NULL COMMENT 'the name'`
        : `COMMENT ON COLUMN ${table('subject')}.name IS 'the name'`,
    )
    const commented = await versions()
    expect(commented).not.toEqual(before)
    await nextSecond()
    const settled = await versions()
    await ddl(`ALTER TABLE ${table('session')} ALTER COLUMN note SET DEFAULT 'none'`)
    expect(await versions()).not.toEqual(settled)
  })
})
