// Query options for data entry: table details (shared with the browser's cache key), the parts of a master, and
// the pages of a parent table that a foreign-key picker shows. Changes go through `invoke` in the components.

import { infiniteQueryOptions, queryOptions, type InfiniteData, type QueryClient } from '@tanstack/react-query'
import type { QueryExpr } from '../../../src/algebra/ast'
import type { Output } from '../../../electron/ipc/contract'
import { invoke } from '../../lib/ipc'
import { queryKeys } from '../../lib/query-keys'
import { fieldText } from './entry-model'

export type ParentPage = Output<'entry.parentPage'>

/** Rows a picker asks for at a time. */
export const PICKER_PAGE = 50
/** How long a picker's page is used as it is (and an earlier search narrowed from). */
const PICKER_STALE_MS = 10_000

export function detailQuery(tabId: string, schema: string, table: string) {
  return queryOptions({
    queryKey: queryKeys.tableDetail(tabId, schema, table),
    queryFn: () => invoke('table.detail', { tabId, schema, table }),
    staleTime: 60_000,
  })
}

export function tablesOfQuery(tabId: string, schema: string) {
  return queryOptions({
    queryKey: queryKeys.tables(tabId, schema),
    queryFn: () => invoke('schema.tables', { tabId, schema }),
    staleTime: 60_000,
  })
}

type KeyValue = string | number | boolean | null

/** The primary key of a page's last row: where the next page starts (keyset paging on the server). */
function lastKey(page: ParentPage): Record<string, KeyValue> | null {
  const last = page.rows.at(-1)
  if (last === undefined || !page.hasMore) return null
  const key: Record<string, KeyValue> = {}
  for (const name of page.primaryKey) {
    const value = keyValue(last[page.attributes.findIndex((a) => a.name === name)] ?? null)
    if (value === undefined) return null
    key[name] = value
  }
  return key
}

/** A key attribute's value as the server takes it back, or undefined where it has no such form. */
function keyValue(value: ParentPage['rows'][number][number]): KeyValue | undefined {
  const state = fieldText(value)
  if (state === null) return undefined
  return state.isNull ? null : typeof value === 'number' || typeof value === 'boolean' ? value : state.text
}

/** Every key of a page that holds all its search's rows, or null when one has no form to send back. */
function pageKeys(page: ParentPage): Record<string, KeyValue>[] | null {
  const positions = page.primaryKey.map((name) => [name, page.attributes.findIndex((a) => a.name === name)] as const)
  const keys: Record<string, KeyValue>[] = []
  for (const row of page.rows) {
    const key: Record<string, KeyValue> = {}
    for (const [name, at] of positions) {
      const value = keyValue(row[at] ?? null)
      if (value === undefined) return null
      key[name] = value
    }
    keys.push(key)
  }
  return keys
}

/**
 * The longest earlier search of this parent that the new one contains and that matched fewer rows than a page:
 * typing on narrows among its rows instead of reading the whole parent again at each keystroke.
 */
function narrowingSearch(client: QueryClient, key: readonly unknown[], search: string) {
  const text = search.trim().toLowerCase()
  let best: { search: string; keys: Record<string, KeyValue>[] } | null = null
  for (const query of client.getQueryCache().findAll({ queryKey: key })) {
    // Only a fresh result: rows added to the parent since an older one would be missed.
    if (query.state.dataUpdatedAt < Date.now() - PICKER_STALE_MS) continue
    const data = query.state.data as InfiniteData<ParentPage> | undefined
    const earlier = query.queryKey.at(-1)
    const first = data?.pages[0]
    if (typeof earlier !== 'string' || first === undefined || data?.pages.length !== 1 || first.hasMore) continue
    const earlierText = earlier.trim().toLowerCase()
    if (earlierText === '' || earlierText === text || !text.includes(earlierText) || earlierText.length <= (best?.search.length ?? 0)) continue
    const keys = pageKeys(first)
    if (keys !== null) best = { search: earlierText, keys }
  }
  return best
}

export function parentPagesQuery(tabId: string, schema: string, table: string, search: string) {
  const parentKey = [...queryKeys.tab(tabId), 'parentPage', schema, table] as const
  return infiniteQueryOptions({
    queryKey: [...parentKey, search] as const,
    queryFn: ({ pageParam, client }) =>
      invoke('entry.parentPage', {
        tabId,
        schema,
        table,
        search,
        after: pageParam,
        limit: PICKER_PAGE,
        narrow: pageParam === null ? narrowingSearch(client, parentKey, search) : null,
      }),
    initialPageParam: null as Record<string, KeyValue> | null,
    getNextPageParam: lastKey,
    staleTime: PICKER_STALE_MS,
  })
}

/** The cascade counts of a delete: the same query (and cache entry) the cascade preview draws from. */
export function cascadeCountsQuery(tabId: string, expr: QueryExpr, partIntegrity: 'enforce' | 'ignore' | 'cascade') {
  return queryOptions({
    queryKey: queryKeys.cascade(tabId, expr, partIntegrity),
    queryFn: () => invoke('diagram.cascade', { tabId, expr, partIntegrity }),
    staleTime: 0,
    gcTime: 0,
  })
}
