// Schema.plan: the DDL a declaration would run, without running it — the same statements declaration runs, for the
// connection's backend and for the other one, and declaration's errors with the line at fault.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isDataJointError, type Table } from '../index'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../testing/backends'

const RESEARCHER = '# a researcher of a lab\n-> Lab\nresearcher : varchar(32)\n---\nemail = null : varchar(120)'

describe.each(TEST_BACKENDS)('Schema.plan on %s', (backendName) => {
  let setup: TestSchema
  let lab: Table

  beforeAll(async () => {
    setup = await openTestSchema(backendName, uniqueSchemaName('plan'))
    lab = await setup.schema.manual('Lab', "# a lab\nlab : varchar(16)\n---\nlab_name : varchar(255)\nkind : enum('wet', 'dry')")
  })
  afterAll(async () => closeTestSchema(setup))

  it('plans without executing, then declaration runs exactly those statements', async () => {
    const { schema, inst } = setup
    const plan = await schema.plan('Researcher', 'manual', RESEARCHER)
    expect(plan).toMatchObject({ tableName: 'researcher', className: 'Researcher', exists: false })
    expect(plan.statements.some((s) => /CREATE TABLE/i.test(s.sql))).toBe(true)
    expect(await schema.listTables()).not.toContain('researcher')

    const ran: string[] = []
    const original = inst.run.bind(inst)
    inst.run = (statement) => {
      ran.push(statement.sql)
      return original(statement)
    }
    try {
      await schema.manual('Researcher', RESEARCHER)
    } finally {
      inst.run = original
    }
    for (const statement of plan.statements) expect(ran).toContain(statement.sql)
    expect((await schema.plan('Researcher', 'manual', RESEARCHER)).exists).toBe(true)
  })

  it('names tables by tier as DataJoint does', async () => {
    const { schema } = setup
    const definition = '-> Lab\n---\nscore : float64'
    expect((await schema.plan('Kind', 'lookup', 'kind : varchar(8)')).tableName).toBe('#kind')
    expect((await schema.plan('LabScan', 'imported', definition)).tableName).toBe('_lab_scan')
    expect((await schema.plan('LabScore', 'computed', definition)).tableName).toBe('__lab_score')
    expect((await schema.plan('Member', 'part', '-> master\nmember : int32', { master: lab })).tableName).toBe('lab__member')
  })

  it('prints the other backend too, inherited key types translated from their core types', async () => {
    const other = backendName === 'mysql' ? 'postgresql' : 'mysql'
    const plan = await setup.schema.plan('Visit', 'manual', '-> Lab\nvisit : int32', { backend: other })
    expect(plan.backend).toBe(other)
    const create = plan.statements.find((s) => /CREATE TABLE/i.test(s.sql))?.sql ?? ''
    expect(create).toContain(other === 'mysql' ? '`lab` varchar(16)' : '"lab" varchar(16)')
  })

  it('reports the line of a parse error and of an unresolvable parent', async () => {
    const { schema } = setup
    const lineOf = async (definition: string) => {
      try {
        await schema.plan('Broken', 'manual', definition)
        return 'no error'
      } catch (error) {
        if (!isDataJointError(error, 'INVALID_DEFINITION')) throw error
        return error.details.line
      }
    }
    expect(await lineOf('a : int32\n---\nb : nosuchtype')).toBe(3)
    expect(await lineOf('# comment\n-> Nowhere\nb : int32')).toBe(2)
  })

  it('previews a drop: the table and its descendants leaves first, parts refused alone, nothing dropped', async () => {
    const { schema } = setup
    const visit = await schema.manual('Session', '-> Researcher\nsession : int32')
    await schema.part(visit, 'Note', '-> master\nnote : int32')
    const researcher = await schema.table('Researcher')
    const names = (await researcher.dropPreview()).map((n) => `${n.tier}:${n.table}`)
    expect(names).toEqual(['part:session__note', 'manual:session', 'manual:researcher'])
    await expect((await schema.table('Session.Note')).dropPreview()).rejects.toThrow(/Cannot drop a Part directly/)
    const preview = await schema.dropPreview()
    const order = preview.tables.map((n) => n.table)
    expect(order.indexOf('session__note')).toBeLessThan(order.indexOf('session'))
    expect(order.indexOf('session')).toBeLessThan(order.indexOf('researcher'))
    expect(order.indexOf('researcher')).toBeLessThan(order.indexOf('lab'))
    expect(preview.dependents).toEqual([])
    expect(await schema.listTables()).toContain('session__note')
  })
})
