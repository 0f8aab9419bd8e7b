import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { OnChangeFn, SortingState } from '@tanstack/react-table'
import { useCallback, useMemo, useState } from 'react'
import type { Condition, OrderItem, QueryExpr } from '../../../../src/algebra/ast'
import { queryKeys } from '../../../lib/query-keys'
import { useDebounced } from '../../../lib/use-debounced'
import { useElapsed } from '../../../lib/use-elapsed'
import { combineFilters, filteredTable, parseColumnFilter, type FilterResult } from '../filters'
import { toGridColumns, toGridRows } from '../grid-columns'
import { toOrderBy } from '../ordering'
import { countQuery, fetchPageQuery, type FetchedPage, type TableDetail } from '../queries'

export const PAGE_SIZES = [50, 100, 250, 500, 1000] as const
const DEFAULT_PAGE_SIZE = 100

export interface PaginationState {
  readonly pageIndex: number
  readonly pageSize: number
}

/**
 * The state behind one table's data view (sorting, paging, column filters) and the server requests it
 * maps to: `query.fetch` for the page and `query.count` for the total. Filters and sorting change the
 * expression tree and the order; the server does all the work.
 */
export function useTableData(tabId: string, detail: TableDetail) {
  const client = useQueryClient()
  const [sorting, setSortingState] = useState<SortingState>([])
  const [pagination, setPagination] = useState<PaginationState>({ pageIndex: 0, pageSize: DEFAULT_PAGE_SIZE })
  const [filterTexts, setFilterTexts] = useState<Readonly<Record<string, string>>>({})
  const [cancelled, setCancelled] = useState(false)

  const names = useMemo(() => detail.attributes.map((a) => a.name), [detail.attributes])
  const settledTexts = useDebounced(filterTexts, 350)
  const filterResults = useMemo(() => {
    const results = new Map<string, FilterResult>()
    for (const [column, text] of Object.entries(filterTexts)) results.set(column, parseColumnFilter(column, text, names))
    return results
  }, [filterTexts, names])
  const condition: Condition = useMemo(
    () => combineFilters(Object.entries(settledTexts).map(([column, text]) => parseColumnFilter(column, text, names))),
    [settledTexts, names],
  )
  const expr: QueryExpr = useMemo(() => filteredTable(detail.schema, detail.table, condition), [detail.schema, detail.table, condition])
  const orderBy: readonly OrderItem[] = useMemo(() => toOrderBy(sorting, detail.primaryKey), [sorting, detail.primaryKey])
  const filtered = condition.kind !== 'const'

  // A new filter or order starts again at the first page.
  const [lastShape, setLastShape] = useState({ expr, sorting })
  if (lastShape.expr !== expr || lastShape.sorting !== sorting) {
    setLastShape({ expr, sorting })
    if (pagination.pageIndex !== 0) setPagination((p) => ({ ...p, pageIndex: 0 }))
  }

  const request = { tabId, expr, orderBy, pageIndex: pagination.pageIndex, pageSize: pagination.pageSize }
  const page = useQuery(fetchPageQuery(request))
  const count = useQuery(countQuery(tabId, expr, !filtered))
  const elapsedMs = useElapsed(page.isFetching)

  const attributes = page.data?.attributes ?? detail.attributes
  // Column widths come from the first page shown, and then stay put while paging, sorting and filtering.
  const [sample, setSample] = useState<FetchedPage['rows'] | null>(null)
  if (sample === null && page.data !== undefined && !page.isPlaceholderData) setSample(page.data.rows.slice(0, 200))
  const columns = useMemo(() => toGridColumns(attributes, sample), [attributes, sample])
  const rows = useMemo(() => toGridRows(page.data?.rows ?? [], page.data?.offset ?? 0), [page.data])

  const total = count.data ?? null
  const pageCount = total === null ? null : Math.max(1, Math.ceil(total.count / pagination.pageSize))
  const rowsOnPage = page.data?.rows.length ?? 0
  // With an estimated (or unknown) total, "next" stays possible while pages come back full.
  const canNext =
    total !== null && !total.estimated ? pagination.pageIndex + 1 < (pageCount ?? 1) : rowsOnPage === pagination.pageSize

  const onSortingChange: OnChangeFn<SortingState> = useCallback((updater) => {
    setCancelled(false)
    setSortingState((old) => (typeof updater === 'function' ? updater(old) : updater))
  }, [])

  const setFilterText = useCallback((column: string, text: string) => {
    setCancelled(false)
    setFilterTexts((old) => {
      const next = { ...old }
      if (text === '') delete next[column]
      else next[column] = text
      return next
    })
  }, [])

  const clearFilters = useCallback(() => setFilterTexts({}), [])

  const cancel = useCallback(() => {
    setCancelled(true)
    void client.cancelQueries({ queryKey: queryKeys.fetch(tabId, expr, orderBy, pagination.pageIndex, pagination.pageSize) })
    void client.cancelQueries({ queryKey: queryKeys.count(tabId, expr) })
  }, [client, tabId, expr, orderBy, pagination.pageIndex, pagination.pageSize])

  const retry = useCallback(() => {
    setCancelled(false)
    void page.refetch()
    void count.refetch()
  }, [page, count])

  return {
    expr,
    orderBy,
    sorting,
    onSortingChange,
    pagination,
    setPageIndex: (pageIndex: number) => setPagination((p) => ({ ...p, pageIndex: Math.max(0, pageIndex) })),
    setPageSize: (pageSize: number) => setPagination({ pageIndex: 0, pageSize }),
    filterTexts,
    filterResults,
    setFilterText,
    clearFilters,
    filtered,
    page,
    count,
    columns,
    attributes,
    rows,
    total,
    pageCount,
    canNext,
    elapsedMs,
    cancelled: cancelled && !page.isFetching,
    cancel,
    retry,
  }
}

export type TableData = ReturnType<typeof useTableData>
