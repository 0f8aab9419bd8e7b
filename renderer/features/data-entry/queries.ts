// Query options for data entry: table details (shared with the browser's cache key), the parts of a master, and
// the pages of a parent table that a foreign-key picker shows. Changes go through `invoke` in the components.

import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query'
import type { QueryExpr } from '../../../src/algebra/ast'
import type { Output } from '../../../electron/ipc/contract'
import { invoke } from '../../lib/ipc'
import { queryKeys } from '../../lib/query-keys'
import { fieldText } from './entry-model'

export type ParentPage = Output<'entry.parentPage'>

/** Rows a picker asks for at a time. */
export const PICKER_PAGE = 50

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
    const value = last[page.attributes.findIndex((a) => a.name === name)] ?? null
    const state = fieldText(value)
    if (state === null) return null
    key[name] = state.isNull ? null : typeof value === 'number' || typeof value === 'boolean' ? value : state.text
  }
  return key
}

export function parentPagesQuery(tabId: string, schema: string, table: string, search: string) {
  return infiniteQueryOptions({
    queryKey: [...queryKeys.tab(tabId), 'parentPage', schema, table, search] as const,
    queryFn: ({ pageParam }) => invoke('entry.parentPage', { tabId, schema, table, search, after: pageParam, limit: PICKER_PAGE }),
    initialPageParam: null as Record<string, KeyValue> | null,
    getNextPageParam: lastKey,
    staleTime: 10_000,
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
