// Query options for browsing one connection tab: schemas, tables, row counts, table details, pages of rows,
// totals and single cell values. Keys come from lib/query-keys (everything under ['tab', tabId]).

import { keepPreviousData, queryOptions, type QueryClient } from '@tanstack/react-query'
import type { OrderItem, QueryExpr } from '../../../src/algebra/ast'
import type { Input, Output } from '../../../electron/ipc/contract'
import { cancellable } from '../../lib/cancellable'
import { invoke } from '../../lib/ipc'
import { queryKeys } from '../../lib/query-keys'
import { pageFetch, type PagePosition, type Total } from './paging'

export type TableDetail = Output<'table.detail'>
export type FetchResult = Output<'query.fetch'>
/** A fetched page and where it sits (kept with the rows, so a page shown as placeholder keeps its numbers). */
export type FetchedPage = FetchResult & { readonly position: PagePosition; readonly pageSize: number }
export type CountResult = Output<'query.count'>
export type RowCounts = Output<'table.rowCounts'>
export type CellValue = Output<'cell.value'>
export type CellKey = Input<'cell.value'>['key']

export function schemasQuery(tabId: string) {
  return queryOptions({ queryKey: queryKeys.schemas(tabId), queryFn: () => invoke('schema.list', { tabId }) })
}

export function tablesQuery(tabId: string, schema: string) {
  return queryOptions({ queryKey: queryKeys.tables(tabId, schema), queryFn: () => invoke('schema.tables', { tabId, schema }) })
}

export function rowCountsQuery(tabId: string, schema: string, tables: readonly string[]) {
  return queryOptions({
    queryKey: queryKeys.rowCounts(tabId, schema),
    // Estimates for big tables come from the catalog, so a schema of huge tables still counts instantly.
    queryFn: () => invoke('table.rowCounts', { tabId, schema, tables: [...tables], estimate: true }),
    staleTime: 60_000,
  })
}

/**
 * Reads the tab's schemas, their tables and row counts again (tables declared or dropped elsewhere), and the
 * detail of `table` when given (the table the pane shows).
 */
export function refreshSchemas(client: QueryClient, tabId: string, table?: { readonly schema: string; readonly table: string }): void {
  void client.invalidateQueries({ queryKey: queryKeys.schemas(tabId) })
  void client.invalidateQueries({ queryKey: ['tab', tabId, 'tables'] })
  void client.invalidateQueries({ queryKey: ['tab', tabId, 'rowCounts'] })
  if (table !== undefined) void client.invalidateQueries({ queryKey: queryKeys.tableDetail(tabId, table.schema, table.table) })
}

export function tableDetailQuery(tabId: string, schema: string, table: string) {
  return queryOptions({
    queryKey: queryKeys.tableDetail(tabId, schema, table),
    queryFn: () => invoke('table.detail', { tabId, schema, table }),
  })
}

export interface PageRequest {
  readonly tabId: string
  readonly expr: QueryExpr
  readonly orderBy: readonly OrderItem[]
  readonly position: PagePosition
  readonly pageSize: number
  /** The total as known now: with an exact one, the pages of the second half are read from the end. */
  readonly total: Total | null
}

export function fetchPageQuery({ tabId, expr, orderBy, position, pageSize, total }: PageRequest) {
  return queryOptions({
    queryKey: queryKeys.fetch(tabId, expr, orderBy, position, pageSize),
    queryFn: async ({ signal }): Promise<FetchedPage> => {
      const { offset, limit, fromEnd } = pageFetch(position, pageSize, total)
      const result = await cancellable(tabId, signal, (requestId) =>
        invoke('query.fetch', { tabId, requestId, expr, orderBy: [...orderBy], limit, offset, fromEnd }),
      )
      return { ...result, position, pageSize }
    },
  })
}

export function countQuery(tabId: string, expr: QueryExpr, estimate: boolean) {
  return queryOptions({
    queryKey: [...queryKeys.count(tabId, expr), estimate] as const,
    queryFn: ({ signal }) => cancellable(tabId, signal, (requestId) => invoke('query.count', { tabId, requestId, expr, estimate })),
    placeholderData: keepPreviousData,
  })
}

export interface CellRequest {
  readonly tabId: string
  readonly schema: string
  readonly table: string
  readonly attribute: string
  readonly key: CellKey
}

export function cellValueQuery({ tabId, schema, table, attribute, key }: CellRequest) {
  return queryOptions({
    queryKey: queryKeys.cellValue(tabId, schema, table, attribute, key),
    queryFn: () => invoke('cell.value', { tabId, schema, table, attribute, key }),
    staleTime: 5 * 60_000,
  })
}

export type References = Output<'table.references'>['references']

/** What references the rows of `expr` (the grid's selected rows): children and parts with their counts. */
export function referencesQuery(tabId: string, expr: QueryExpr) {
  return queryOptions({
    queryKey: queryKeys.references(tabId, expr),
    queryFn: () => invoke('table.references', { tabId, expr }),
    placeholderData: keepPreviousData,
  })
}
