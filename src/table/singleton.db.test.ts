// Queries with an empty heading: the keys of a singleton table (`---` only: its key is the hidden `_singleton`)
// and dj.U() of a query. SQL cannot select no columns; the rows come back as empty dicts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as dj from '../index'
import { TEST_BACKENDS, closeTestSchema, openTestSchema, uniqueSchemaName, type TestSchema } from '../testing/backends'
import type { Table } from './table'

describe.each(TEST_BACKENDS)('empty headings on %s', (backendName) => {
  let setup: TestSchema
  let Settings: Table
  let Item: Table

  beforeAll(async () => {
    setup = await openTestSchema(backendName, uniqueSchemaName('singleton'))
    Settings = await setup.schema.manual('Settings', '# singleton\n---\nparam : int32')
    Item = await setup.schema.manual('Item', 'item_id : int32')
  })
  afterAll(async () => closeTestSchema(setup))

  it('a singleton has no keys until its row exists, then one empty key', async () => {
    expect(await Settings.keys()).toEqual([])
    expect(await Settings.proj().count()).toBe(0)
    await Settings.insert1({ param: 7 })
    expect(await Settings.keys()).toEqual([{}])
    expect(await Settings.keys({ orderBy: 'KEY', limit: 5 })).toEqual([{}])
    expect(await Settings.proj().count()).toBe(1)
    expect(await Settings.restrict('param = 8').keys()).toEqual([])
    expect(await Settings.toDicts()).toEqual([{ param: 7 }])
  })

  it('dj.U() of a query is one empty row when the query has rows, none otherwise', async () => {
    expect(await dj.U().restrict(Item).toDicts()).toEqual([])
    await Item.insert([{ item_id: 1 }, { item_id: 2 }])
    expect(await dj.U().restrict(Item).toDicts()).toEqual([{}])
    expect(await dj.U().restrict(Item).count()).toBe(1)
  })
})
