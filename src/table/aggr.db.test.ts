// a.aggr(b.restrict(...)) keeps every row of a (exclude_nonmatching=False): the group's restriction applies to
// the group before the outer join, as DataJoint documents. DataJoint 2.2 applies it after its LEFT JOIN and so
// drops the rows of a without a match.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../testing/backends'
import type { Table } from './table'

describe.each(TEST_BACKENDS)('aggregation of a restricted group on %s', (backendName) => {
  let setup: TestSchema
  let Parent: Table
  let Child: Table
  const counts = (rows: readonly Record<string, unknown>[]) => rows.map((r) => [Number(r['parent_id']), Number(r['n'])])

  beforeAll(async () => {
    setup = await openTestSchema(backendName, uniqueSchemaName('aggr'))
    Parent = await setup.schema.manual('Parent', 'parent_id : int32')
    Child = await setup.schema.manual('Child', '-> Parent\nchild_id : int32\n---\nv : int32')
    await Parent.insert([{ parent_id: 1 }, { parent_id: 2 }, { parent_id: 3 }])
    await Child.insert([
      { parent_id: 1, child_id: 1, v: 1 },
      { parent_id: 1, child_id: 2, v: 5 },
      { parent_id: 2, child_id: 1, v: 1 },
    ])
  })
  afterAll(async () => closeTestSchema(setup))

  it('keeps every row of the grouping operand, counting only the restricted group', async () => {
    const byString = await Parent.aggr(Child.restrict('v > 2'), { n: 'count(child_id)' }).toDicts({ orderBy: 'KEY' })
    expect(counts(byString)).toEqual([
      [1, 1],
      [2, 0],
      [3, 0],
    ])
    const byDict = await Parent.aggr(Child.restrict({ v: 1 }), { n: 'count(child_id)' }).toDicts({ orderBy: 'KEY' })
    expect(counts(byDict)).toEqual([
      [1, 1],
      [2, 1],
      [3, 0],
    ])
  })

  it('drops the rows without a match only when told to', async () => {
    const rows = await Parent.aggr(Child.restrict('v > 2'), { n: 'count(child_id)' }, { excludeNonmatching: true }).toDicts({ orderBy: 'KEY' })
    expect(counts(rows)).toEqual([[1, 1]])
  })
})
