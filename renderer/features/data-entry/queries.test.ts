import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { narrowingSearch, pickerKeys, type ParentPage } from './queries'

const keys = pickerKeys('tab-1', 'lab', 'animal')

function page(ids: readonly number[], hasMore: boolean): ParentPage {
  return {
    attributes: [
      { name: 'animal_id', type: 'int32', sqlType: 'int', category: 'integer', inKey: true, nullable: false, default: null, comment: '', lineage: null, codec: null, enumValues: null },
      { name: 'animal_name', type: 'varchar(40)', sqlType: 'varchar(40)', category: 'string', inKey: false, nullable: false, default: null, comment: '', lineage: null, codec: null, enumValues: null },
    ],
    primaryKey: ['animal_id'],
    rows: ids.map((id) => [id, `animal-${id}`]),
    hasMore,
  }
}

const pages = (first: ParentPage) => ({ pages: [first], pageParams: [null] })

describe('a picker’s narrowing search', () => {
  it('narrows among the keys of the longest complete earlier search the new one contains', () => {
    const client = new QueryClient()
    client.setQueryData([...keys.pages, '43'], pages(page([43, 430, 4301], false)))
    client.setQueryData([...keys.pages, '431'], pages(page([431, 4310], false)))
    expect(narrowingSearch(client, keys, '4310')).toEqual({ search: '431', keys: [{ animal_id: 431 }, { animal_id: 4310 }] })
  })

  it('narrows from a read-ahead of every match when the search’s first page had more', () => {
    const client = new QueryClient()
    client.setQueryData([...keys.pages, '0043'], pages(page([43, 430], true)))
    expect(narrowingSearch(client, keys, '00431')).toBeNull()
    client.setQueryData([...keys.matches, '0043'], page([43, 430, 4301], false))
    expect(narrowingSearch(client, keys, '00431')).toEqual({ search: '0043', keys: [{ animal_id: 43 }, { animal_id: 430 }, { animal_id: 4301 }] })
  })

  it('uses no result that holds only part of its matches, is older than the cache’s freshness or is the search itself', () => {
    const client = new QueryClient()
    client.setQueryData([...keys.matches, '43'], page([43], true))
    client.setQueryData([...keys.pages, '431'], pages(page([431], false)), { updatedAt: Date.now() - 60_000 })
    client.setQueryData([...keys.pages, '4310'], pages(page([4310], false)))
    expect(narrowingSearch(client, keys, '4310')).toBeNull()
    // Another parent's searches are not this one's.
    client.setQueryData([...pickerKeys('tab-1', 'lab', 'rig').pages, '4'], pages(page([4], false)))
    expect(narrowingSearch(client, keys, '43')).toBeNull()
  })
})
