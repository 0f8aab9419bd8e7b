// Schema inspection order: DataJoint lists a schema's tables in topological order, parts right after their master.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../testing/backends'

describe.each(TEST_BACKENDS)('schema table order on %s', (backendName) => {
  let setup: TestSchema

  beforeAll(async () => {
    setup = await openTestSchema(backendName, uniqueSchemaName('order'))
    const { schema } = setup
    // Declared children first where possible, so alphabetical or declaration order would both be wrong.
    const Zoo = await schema.lookup('Zoo', 'zoo : varchar(8)')
    await schema.manual('Animal', '-> Zoo\nanimal : int32', { context: { Zoo } })
    const Visit = await schema.manual('Visit', '-> Animal\nvisit : int32')
    await schema.part(Visit, 'Sample', '-> master\nsample : int32')
    await schema.computed('Assay', '-> Visit\n---\nresult : float64')
  })
  afterAll(async () => closeTestSchema(setup))

  it('lists parents before children and parts right after their master', async () => {
    expect(await setup.schema.listTables()).toEqual(['#zoo', 'animal', 'visit', 'visit__sample', '__assay'])
  })

  it('spawns the same order as objects, parts under their master', async () => {
    const tables = await setup.schema.tables()
    expect(Object.keys(tables)).toEqual(['Zoo', 'Animal', 'Visit', 'Assay'])
    expect(Object.keys(tables['Visit']?.parts ?? {})).toEqual(['Sample'])
  })
})
