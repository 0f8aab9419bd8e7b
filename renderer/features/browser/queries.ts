// Query options for browsing one connection tab: schemas, tables, row counts, table details, pages of rows,
// totals and single cell values. Keys come from lib/query-keys (everything under ['tab', tabId]).

import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { OrderItem, QueryExpr } from '../../../src/algebra/ast'
import type { Input, Output } from '../../../electron/ipc/contract'
import { cancellable } from '../../lib/cancellable'
import { invoke } from '../../lib/ipc'
import { queryKeys } from '../../lib/query-keys'

export type TableDetail = Output<'table.detail'>
export type FetchResult = Output<'query.fetch'>
/** A fetched page and where it starts (kept with the rows, so a page shown as placeholder keeps its numbers). */
export type FetchedPage = FetchResult & { readonly offset: number }
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
  readonly pageIndex: number
  readonly pageSize: number
}

export function fetchPageQuery({ tabId, expr, orderBy, pageIndex, pageSize }: PageRequest) {
  return queryOptions({
    queryKey: queryKeys.fetch(tabId, expr, orderBy, pageIndex, pageSize),
    queryFn: async ({ signal }): Promise<FetchedPage> => {
      const offset = pageIndex * pageSize
      const result = await cancellable(tabId, signal, (requestId) =>
        invoke('query.fetch', { tabId, requestId, expr, orderBy: [...orderBy], limit: pageSize, offset }),
      )
      return { ...result, offset }
    },
    placeholderData: keepPreviousData,
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
