// Table.drop / dropQuick on PostgreSQL 15, MariaDB and PGlite (DataJoint Python's `drop`): the table and its
// descendants in any
// schema go leaves first, with their `~lineage` rows; part tables follow part_integrity; PostgreSQL enum types
// go only when no other column uses them; refusals change nothing.

import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest'
import * as dj from '../index'
import type { Instance } from '../instance/instance'
import { TEST_BACKENDS, startTestServer, testInstance, uniqueSchemaName, type TestServer } from '../testing/backends'
import { caught } from '../testing/failures'
import { declareProbe, type Probe } from '../testing/probe'

describe.each(TEST_BACKENDS)('drop on %s', (backendName) => {
  let server: TestServer
  let inst: Instance
  let probe: Probe | null = null

  beforeAll(async () => {
    server = await startTestServer(backendName)
    inst = testInstance(server, { poolSize: 2 })
  }, 120_000)

  afterEach(async () => {
    await probe?.other.drop({ prompt: false })
    await probe?.main.drop({ prompt: false })
    probe = null
  })

  afterAll(async () => {
    await inst?.close()
    await server?.stop()
  })

  async function fresh(): Promise<Probe> {
    probe = await declareProbe(inst, uniqueSchemaName('drp'), uniqueSchemaName('drpx'))
    return probe
  }

  /** Tables of a schema as the server lists them, read by a separate Instance (no cached catalog). */
  async function serverTables(schema: string): Promise<string[]> {
    const reader = testInstance(server, { poolSize: 1 })
    try {
      return (await (await reader.schema(schema, { create: false })).listTables()).sort()
    } finally {
      await reader.close()
    }
  }

  async function lineageTables(schema: string): Promise<string[]> {
    const q = (id: string) => inst.dialect.createCompiler().quote(id)
    const rows = (await inst.run({ sql: `SELECT DISTINCT ${q('table_name')} FROM ${q(schema)}.${q('~lineage')}`, params: [] })).rows
    return rows.map((r) => String(r[0])).sort()
  }

  it('drops a table with its descendants in every schema, leaves first, and their lineage rows', async () => {
    const p = await fresh()
    await p.Session.drop({ prompt: false })
    expect(await serverTables(p.main.name)).toEqual(['#rig', '#settings', '#species', 'lab', 'pair', 'researcher', 'subject'])
    expect(await serverTables(p.other.name)).toEqual([])
    expect(await lineageTables(p.main.name)).toEqual(['#rig', '#settings', '#species', 'lab', 'pair', 'researcher', 'subject'])
    expect(await lineageTables(p.other.name)).toEqual([])
    expect(await p.main.listTables()).not.toContain('session')
  })

  it('refuses a restricted table, a part table, cascade, prompting and transactions', async () => {
    const p = await fresh()
    const tables = await serverTables(p.main.name)
    expect((await caught(p.Lab.restrict({ lab_id: 1 }).drop({ prompt: false }))).message).toBe(
      'A table with an applied restriction cannot be dropped. Call drop() on the unrestricted Table.',
    )
    expect((await caught(p.Trial.drop({ prompt: false }))).message).toBe(
      "Cannot drop a Part directly. Drop master instead, or use part_integrity='ignore' to force.",
    )
    expect((await caught(p.Lab.drop({ prompt: false, partIntegrity: 'cascade' as 'ignore' }))).code).toBe('INVALID_INPUT')
    expect((await caught(p.Lab.drop({ prompt: true }))).message).toMatch(/needs confirmation/)
    expect((await caught(inst.transaction(() => p.Pair.drop({ prompt: false })))).code).toBe('INVALID_QUERY')
    expect(await serverTables(p.main.name)).toEqual(tables)
  })

  it('enforce: refuses to drop a part whose master stays; ignore drops it', async () => {
    const p = await fresh()
    const err = await caught(p.Rig.drop({ prompt: false }))
    expect(err.message).toBe(`Attempt to drop part table ${p.Detail.fullTableName} before its master ${p.SessionStats.fullTableName}. Drop the master first.`)
    expect(await serverTables(p.main.name)).toContain('#rig')
    await p.Rig.drop({ prompt: false, partIntegrity: 'ignore' })
    const left = await serverTables(p.main.name)
    expect(left).not.toContain('#rig')
    expect(left).not.toContain('__session_stats__detail')
    expect(left).toContain('__session_stats')
    await p.Trial.drop({ prompt: false, partIntegrity: 'ignore' })
    expect(await serverTables(p.main.name)).not.toContain('session__trial')
  })

  it('dropQuick drops one table and fails while another references it', async () => {
    const p = await fresh()
    await expect(p.Lab.dropQuick()).rejects.toBeInstanceOf(dj.DataJointError)
    await p.Note.dropQuick()
    await p.Pair.dropQuick()
    expect(await serverTables(p.other.name)).toEqual([])
    expect(await serverTables(p.main.name)).not.toContain('pair')
  })

  it.runIf(backendName !== 'mysql')('drops a PostgreSQL enum type only when no other column uses it', async () => {
    const p = await fresh()
    const Other = await p.main.manual('Other', "other_id : int32\n---\nsex : enum('F', 'M', 'U')")
    const enumTypes = async (): Promise<string[]> =>
      (
        await inst.run({
          sql: "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typtype = 'e'",
          params: [p.main.name],
        })
      ).rows.map((r) => String(r[0]))
    const types = await enumTypes()
    expect(types).toHaveLength(1)
    await p.Subject.drop({ prompt: false })
    expect(await enumTypes()).toEqual(types)
    await Other.drop({ prompt: false })
    expect(await enumTypes()).toEqual([])
  })

  it('Schema.drop is refused while another schema depends on it, and works leaves first', async () => {
    const p = await fresh()
    const err = await caught(p.main.drop({ prompt: false }))
    expect(err.code).toBe('INTEGRITY')
    expect(err.message).toContain(p.Note.fullTableName)
    expect(await serverTables(p.main.name)).toContain('lab')
    await p.other.drop({ prompt: false })
    await p.main.drop({ prompt: false })
    expect(await inst.catalog.introspector.schemaExists(p.main.name)).toBe(false)
    await p.main.drop({ prompt: false })
    probe = null
  })
})
