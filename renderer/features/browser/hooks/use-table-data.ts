import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { OnChangeFn, SortingState } from '@tanstack/react-table'
import { useCallback, useMemo, useState } from 'react'
import type { Condition, OrderItem, QueryExpr } from '../../../../src/algebra/ast'
import { and, restrict } from '../../../../src/algebra/build'
import { hashOf, queryKeys } from '../../../lib/query-keys'
import { useDebounced } from '../../../lib/use-debounced'
import { useElapsed } from '../../../lib/use-elapsed'
import { readers, usePersistedState } from '../../../lib/ui-state'
import { toErrorInfo } from '../../../lib/error-text'
import { combineFilters, filteredTable, parseColumnFilter, parseRestriction, type FilterColumn, type FilterResult } from '../filters'
import { toGridColumns, toGridRows } from '../grid-columns'
import { toOrderBy } from '../ordering'
import { countQuery, fetchPageQuery, type FetchedPage, type TableDetail } from '../queries'

export const PAGE_SIZES = [50, 100, 250, 500, 1000] as const
const DEFAULT_PAGE_SIZE = 100

export interface PaginationState {
  readonly pageIndex: number
  readonly pageSize: number
}

/** The filters a page was fetched with: column → settled text, and the restriction bar's text. */
interface FilterInputs {
  readonly columns: Readonly<Record<string, string>>
  readonly restriction: string
}

/** The filters the server refused, found by comparing the failing request's filters with the last good one's. */
export interface RejectedFilters {
  readonly columns: ReadonlySet<string>
  readonly restriction: boolean
  readonly message: string
}

const NO_FILTERS: FilterInputs = { columns: {}, restriction: '' }

const readSorting = (value: unknown): SortingState | null =>
  Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.desc === 'boolean')
    ? value.map((v: { id: string; desc: boolean }) => ({ id: v.id, desc: v.desc }))
    : null

const readPageSize = (value: unknown): number | null => (PAGE_SIZES.includes(value as (typeof PAGE_SIZES)[number]) ? (value as number) : null)

/**
 * The state behind one table's (or `query`'s) data view (sorting, paging, column filters, the restriction bar) and the server
 * requests it maps to: `query.fetch` for the page and `query.count` for the total. Filters and sorting change
 * the expression tree and the order; the server does all the work. When the server rejects a filter, the last
 * good page stays on screen and the filter that changed since is marked. `base` restricts the table before any
 * filter: the rows a navigation led to (a parent row, the rows referencing a selection).
 */
export function useTableData(tabId: string, detail: TableDetail, base: Condition | null = null, query?: QueryExpr) {
  const client = useQueryClient()
  // Saved per table (or query), so a reload or a restart returns to the same view of it (the page starts at the first).
  const saved = query === undefined ? `table:${detail.schema}.${detail.table}` : `query:${hashOf(query)}`
  const [sorting, setSortingState] = usePersistedState<SortingState>(`${saved}:sort`, readSorting, [])
  const [savedPageSize, setSavedPageSize] = usePersistedState(`${saved}:pageSize`, readPageSize, DEFAULT_PAGE_SIZE)
  const [pagination, setPagination] = useState<PaginationState>({ pageIndex: 0, pageSize: savedPageSize })
  const [filterTexts, setFilterTexts] = usePersistedState<Readonly<Record<string, string>>>(`${saved}:filters`, readers.stringRecord, {})
  const [restrictionText, setRestrictionText] = usePersistedState(`${saved}:restriction`, readers.string, '')
  const [cancelled, setCancelled] = useState(false)

  const names = useMemo(() => detail.attributes.map((a) => a.name), [detail.attributes])
  const filterColumns = useMemo(() => new Map<string, FilterColumn>(detail.attributes.map((a) => [a.name, a])), [detail.attributes])
  const parse = useCallback(
    (column: string, text: string): FilterResult => {
      const target = filterColumns.get(column)
      return target === undefined ? { kind: 'error', message: `Unknown attribute '${column}'`, position: null } : parseColumnFilter(target, text)
    },
    [filterColumns],
  )
  const inputs: FilterInputs = useMemo(() => ({ columns: filterTexts, restriction: restrictionText }), [filterTexts, restrictionText])
  const settled = useDebounced(inputs, 350)
  const filterResults = useMemo(() => {
    const results = new Map<string, FilterResult>()
    for (const [column, text] of Object.entries(filterTexts)) results.set(column, parse(column, text))
    return results
  }, [filterTexts, parse])
  const restrictionResult = useMemo(() => parseRestriction(restrictionText, names), [restrictionText, names])
  const condition: Condition = useMemo(
    () =>
      combineFilters([
        parseRestriction(settled.restriction, names),
        ...Object.entries(settled.columns).map(([column, text]) => parse(column, text)),
      ]),
    [settled, names, parse],
  )
  // A query's result (the query builder) is filtered as a table is: its tree restricted by the filters.
  const expr: QueryExpr = useMemo(() => {
    if (query !== undefined) return restrict(query, condition)
    return filteredTable(detail.schema, detail.table, base === null ? condition : and([base, condition]))
  }, [query, detail.schema, detail.table, base, condition])
  // A saved order may name an attribute the table no longer has.
  const orderBy: readonly OrderItem[] = useMemo(
    () => toOrderBy(sorting.filter((s) => names.includes(s.id)), detail.primaryKey),
    [sorting, names, detail.primaryKey],
  )
  const filtered = condition.kind !== 'const' || base !== null

  // A new filter or order starts again at the first page.
  const [lastShape, setLastShape] = useState({ expr, sorting })
  if (lastShape.expr !== expr || lastShape.sorting !== sorting) {
    setLastShape({ expr, sorting })
    if (pagination.pageIndex !== 0) setPagination((p) => ({ ...p, pageIndex: 0 }))
  }

  const request = { tabId, expr, orderBy, pageIndex: pagination.pageIndex, pageSize: pagination.pageSize }
  const page = useQuery(fetchPageQuery(request))
  // Only a bare table's size can come from the server's statistics.
  const count = useQuery(countQuery(tabId, expr, !filtered && base === undefined))
  const elapsedMs = useElapsed(page.isFetching)

  // The last page the server gave, with the filters it was given: shown while a later filter is rejected.
  const [lastGood, setLastGood] = useState<{ readonly page: FetchedPage; readonly inputs: FilterInputs } | null>(null)
  if (page.data !== undefined && !page.isPlaceholderData && page.isSuccess && lastGood?.page !== page.data) {
    setLastGood({ page: page.data, inputs: settled })
  }
  const rejected = useMemo(
    () => (page.isError && !isLost(page.error) ? rejectedFilters(settled, lastGood?.inputs ?? NO_FILTERS, page.error) : null),
    [page.isError, page.error, settled, lastGood],
  )
  const shownPage = page.data ?? lastGood?.page
  /** Rows on screen that are not the current request's: a placeholder, or the last good page after an error. */
  const stale = page.isPlaceholderData || (page.data === undefined && shownPage !== undefined)

  const attributes = shownPage?.attributes ?? detail.attributes
  // Column widths come from the first page shown, and then stay put while paging, sorting and filtering.
  const [sample, setSample] = useState<FetchedPage['rows'] | null>(null)
  if (sample === null && page.data !== undefined && !page.isPlaceholderData) setSample(page.data.rows.slice(0, 200))
  const columns = useMemo(() => toGridColumns(attributes, sample), [attributes, sample])
  const rows = useMemo(() => toGridRows(shownPage?.rows ?? [], shownPage?.offset ?? 0), [shownPage])

  const total = count.data ?? null
  const pageCount = total === null ? null : Math.max(1, Math.ceil(total.count / pagination.pageSize))
  const rowsOnPage = shownPage?.rows.length ?? 0
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

  const setRestriction = useCallback((text: string) => {
    setCancelled(false)
    setRestrictionText(text)
  }, [])

  const clearFilters = useCallback(() => {
    setFilterTexts({})
    setRestrictionText('')
  }, [])

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
    setPageSize: (pageSize: number) => {
      setPagination({ pageIndex: 0, pageSize })
      setSavedPageSize(pageSize)
    },
    filterTexts,
    filterResults,
    setFilterText,
    restrictionText,
    restrictionResult,
    setRestriction,
    rejected,
    shownPage,
    stale,
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

function isLost(error: unknown): boolean {
  return toErrorInfo(error).code === 'LOST_CONNECTION'
}

/**
 * The filters that differ from the last good request's are the ones to blame; when none differs (a page or an
 * order the server refused), no filter is marked.
 */
function rejectedFilters(failed: FilterInputs, good: FilterInputs, error: unknown): RejectedFilters | null {
  const columns = new Set(Object.keys(failed.columns).filter((column) => failed.columns[column] !== good.columns[column]))
  const restriction = failed.restriction.trim() !== '' && failed.restriction !== good.restriction
  if (columns.size === 0 && !restriction) return null
  return { columns, restriction, message: toErrorInfo(error).message }
}
