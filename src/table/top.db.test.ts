// dj.top applied to a query that already ends in a top: with no order (or the same order) it merges into the
// first top, keeping its order and staying inside its window; with another order it nests.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as dj from '../index'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../testing/backends'
import type { Table } from './table'

describe.each(TEST_BACKENDS)('top of a top on %s', (backendName) => {
  let setup: TestSchema
  let Item: Table
  /** Scores rise with the key, so the first window (by score, descending) runs against the key order. */
  const byScore = () => Item.restrict(dj.top({ limit: 4, orderBy: 'score DESC' }))
  const ids = (rows: readonly Record<string, unknown>[]) => rows.map((r) => Number(r['item_id']))

  beforeAll(async () => {
    setup = await openTestSchema(backendName, uniqueSchemaName('top'))
    Item = await setup.schema.manual('Item', 'item_id : int32\n---\nscore : int32')
    await Item.insert([1, 2, 3, 4, 5, 6].map((id) => ({ item_id: id, score: 10 * id })))
  })
  afterAll(async () => closeTestSchema(setup))

  it('inherits the first order and adds the offsets when the second top has no order', async () => {
    expect(ids(await byScore().toDicts())).toEqual([6, 5, 4, 3])
    expect(ids(await byScore().restrict(dj.top({ limit: 2, orderBy: null, offset: 1 })).toDicts())).toEqual([5, 4])
  })

  it('merges a second top with the same order the same way', async () => {
    expect(ids(await byScore().restrict(dj.top({ limit: 2, orderBy: 'score DESC', offset: 1 })).toDicts())).toEqual([5, 4])
  })

  it('stays inside the first window when the second offset runs past its limit', async () => {
    expect(ids(await byScore().restrict(dj.top({ limit: 5, orderBy: null, offset: 2 })).toDicts())).toEqual([4, 3])
    expect(await byScore().restrict(dj.top({ limit: 5, orderBy: null, offset: 2 })).count()).toBe(2)
    expect(await byScore().restrict(dj.top({ limit: 2, orderBy: null, offset: 4 })).toDicts()).toEqual([])
    expect(await byScore().restrict(dj.top({ limit: null, orderBy: null, offset: 6 })).count()).toBe(0)
  })

  it('applies fetch options as such a top: without orderBy they inherit the order and stay in the window', async () => {
    expect(ids(await byScore().toDicts({ limit: 2, offset: 1 }))).toEqual([5, 4])
    expect(ids(await byScore().toDicts({ offset: 3 }))).toEqual([3])
    expect(ids(await byScore().toDicts({ orderBy: 'KEY', limit: 2 }))).toEqual([3, 4])
    expect(ids(await Item.toDicts({ limit: 2 }))).toEqual([1, 2])
  })

  it('orders by the key when there is no top to inherit from', async () => {
    const rows = await Item.restrict(dj.top({ limit: 2, orderBy: null, offset: 1 })).toDicts()
    expect(ids(rows)).toEqual([2, 3])
  })

  it('nests under another order: the second top sorts the first window', async () => {
    const rows = await byScore().restrict(dj.top({ limit: 2, orderBy: 'KEY' })).toDicts()
    expect(ids(rows)).toEqual([3, 4])
  })
})
