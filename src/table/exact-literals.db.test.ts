// Decimal and 64-bit literals inside expressions keep their precision on every backend (PostgreSQL would
// otherwise type an untyped parameter from the other operand; MySQL would compare a string as a double).

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../testing/backends'
import type { Table } from './table'

describe.each(TEST_BACKENDS)('exact literals on %s', (backendName) => {
  let setup: TestSchema
  let Item: Table

  beforeAll(async () => {
    setup = await openTestSchema(backendName, uniqueSchemaName('exact'))
    Item = await setup.schema.manual('Item', 'item_id : int32\n---\nprice : decimal(10,4)')
    await Item.insert([
      { item_id: 1, price: '1.0001' },
      { item_id: 2, price: '2.5000' },
    ])
  })
  afterAll(async () => closeTestSchema(setup))

  it('adds a literal beyond 2^53 to an int32 attribute without overflow', async () => {
    const rows = await Item.proj({ big: 'item_id + 9007199254740993' }).toDicts({ orderBy: 'KEY' })
    expect(rows.map((r) => BigInt(String(r['big'])))).toEqual([9007199254740994n, 9007199254740995n])
  })

  it('compares with decimal literals exactly, including digits a double cannot hold', async () => {
    expect(await Item.restrict('price > 1.0000999999999999999').count()).toBe(2)
    expect(await Item.restrict('price > 1.0001').count()).toBe(1)
    expect(await Item.restrict('price = 2.5').count()).toBe(1)
  })
})

// A literal keeps its own type: DataJoint writes `v < 40000` into the SQL text, an integer literal, so neither a
// smallint nor a 64-bit column can push its type (and its range) onto the literal.
describe.each(TEST_BACKENDS)('numeric literals beside narrow integer columns on %s', (backendName) => {
  let setup: TestSchema
  let Small: Table
  let Wide: Table

  beforeAll(async () => {
    setup = await openTestSchema(backendName, uniqueSchemaName('literal_types'))
    Small = await setup.schema.manual('Small', 'small_id : int32\n---\nv : int16')
    Wide = await setup.schema.manual('Wide', 'wide_id : int32\n---\nv : int8')
    await Small.insert([{ small_id: 1, v: -32768 }])
    await Wide.insert([{ wide_id: 1, v: -128 }])
  })
  afterAll(async () => closeTestSchema(setup))

  it.each([
    ['int16', () => Small, 40000, -65536],
    ['int8', () => Wide, 40000, -256],
  ] as const)('%s: restrict by a wider string and dict literal, compute with an integer literal', async (_type, table, wide, doubled) => {
    expect(await table().restrict(`v < ${wide}`).toDicts()).toHaveLength(1)
    expect(await table().restrict(`v > ${wide}`).toDicts()).toEqual([])
    expect(await table().restrict({ v: wide }).toDicts()).toEqual([])
    const rows = await table().proj({ w: 'v * 2' }).toDicts()
    expect(rows.map((r) => Number(r['w']))).toEqual([doubled])
  })
})
