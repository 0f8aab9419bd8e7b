// Query options for data entry: table details (shared with the browser's cache key), the parts of a master, and
// the pages of a parent table that a foreign-key picker shows. Changes go through `invoke` in the components.

import { infiniteQueryOptions, queryOptions, type InfiniteData, type QueryClient } from '@tanstack/react-query'
import type { QueryExpr } from '../../../src/algebra/ast'
import type { Output } from '../../../electron/ipc/contract'
import { cancellable } from '../../lib/cancellable'
import { invoke } from '../../lib/ipc'
import { queryKeys } from '../../lib/query-keys'
import { fieldText } from './entry-model'

export type ParentPage = Output<'entry.parentPage'>

/** Rows a picker asks for at a time. */
export const PICKER_PAGE = 50
/** The most rows a read-ahead of a search's matches asks for: the most keys a narrowing may send (the contract's bound). */
const PICKER_READ_AHEAD = 500
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

/** A picker's cache keys: its pages per search, and the read-ahead of every match of a search. */
export const pickerKeys = (tabId: string, schema: string, table: string) => ({
  pages: [...queryKeys.tab(tabId), 'parentPage', schema, table] as const,
  matches: [...queryKeys.tab(tabId), 'parentMatches', schema, table] as const,
})

/** The search's first page, from a picker's pages or a read-ahead, when it holds every row the search matched. */
function completePage(data: unknown): ParentPage | null {
  const page = data !== null && typeof data === 'object' && 'pages' in data ? (data as InfiniteData<ParentPage>) : null
  const first = page === null ? (data as ParentPage | undefined) : page.pages.length === 1 ? page.pages[0] : undefined
  return first === undefined || first.hasMore ? null : first
}

/** An earlier search that the new one contains (both trimmed and lower case), other than itself. */
function contains(text: string, earlier: unknown): earlier is string {
  if (typeof earlier !== 'string') return false
  const earlierText = earlier.trim().toLowerCase()
  return earlierText !== '' && earlierText !== text && text.includes(earlierText)
}

/**
 * The longest earlier search of this parent that the new one contains and that matched fewer rows than a page (or
 * than a read-ahead's limit): typing on narrows among its rows instead of reading the whole parent again.
 */
export function narrowingSearch(client: QueryClient, keys: ReturnType<typeof pickerKeys>, search: string) {
  const text = search.trim().toLowerCase()
  let best: { search: string; keys: Record<string, KeyValue>[] } | null = null
  for (const query of [...client.getQueryCache().findAll({ queryKey: keys.pages }), ...client.getQueryCache().findAll({ queryKey: keys.matches })]) {
    // Only a fresh result: rows added to the parent since an older one would be missed.
    if (query.state.dataUpdatedAt < Date.now() - PICKER_STALE_MS) continue
    const earlier = query.queryKey.at(-1)
    const first = completePage(query.state.data)
    if (first === null || !contains(text, earlier) || earlier.trim().length <= (best?.search.length ?? 0)) continue
    const matched = pageKeys(first)
    if (matched !== null) best = { search: earlier.trim().toLowerCase(), keys: matched }
  }
  return best
}

/**
 * Waits for the read-ahead of a search the new one contains, when one is still running: it has read most of the
 * parent already, and its keys then spare this search a read of its own.
 */
async function readAheadUnderway(client: QueryClient, keys: ReturnType<typeof pickerKeys>, search: string): Promise<void> {
  const text = search.trim().toLowerCase()
  const running = client
    .getQueryCache()
    .findAll({ queryKey: keys.matches, fetchStatus: 'fetching' })
    .filter((query) => contains(text, query.queryKey.at(-1)))
  await Promise.all(running.flatMap((query) => (query.promise === undefined ? [] : [query.promise.catch(() => undefined)])))
}

export function parentPagesQuery(tabId: string, schema: string, table: string, search: string) {
  const keys = pickerKeys(tabId, schema, table)
  return infiniteQueryOptions({
    queryKey: [...keys.pages, search] as const,
    queryFn: async ({ pageParam, client }) => {
      if (pageParam === null) await readAheadUnderway(client, keys, search)
      return invoke('entry.parentPage', {
        tabId,
        schema,
        table,
        search,
        after: pageParam,
        limit: PICKER_PAGE,
        narrow: pageParam === null ? narrowingSearch(client, keys, search) : null,
      })
    },
    initialPageParam: null as Record<string, KeyValue> | null,
    getNextPageParam: lastKey,
    staleTime: PICKER_STALE_MS,
  })
}

/**
 * Every row a search matches, up to the most a narrowing can carry: read ahead once a search's first page shows
 * more rows than a page, so that typing on narrows among them instead of reading a large parent again. Cancelled on
 * the server when the picker closes.
 */
export function parentMatchesQuery(tabId: string, schema: string, table: string, search: string) {
  const keys = pickerKeys(tabId, schema, table)
  return queryOptions({
    queryKey: [...keys.matches, search] as const,
    queryFn: ({ signal, client }) =>
      cancellable(tabId, signal, (requestId) =>
        invoke('entry.parentPage', { tabId, schema, table, search, after: null, limit: PICKER_READ_AHEAD, narrow: narrowingSearch(client, keys, search), requestId }),
      ),
    staleTime: PICKER_STALE_MS,
  })
}

/** Cancels a picker's read-ahead still running (the picker closed). */
export function cancelParentMatches(client: QueryClient, tabId: string, schema: string, table: string): Promise<void> {
  return client.cancelQueries({ queryKey: pickerKeys(tabId, schema, table).matches })
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
