import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import type { OnChangeFn, SortingState } from '@tanstack/react-table'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Condition, QueryExpr } from '../../../../src/algebra/ast'
import { hashOf, queryKeys } from '../../../lib/query-keys'
import { useDebounced } from '../../../lib/use-debounced'
import { useElapsed } from '../../../lib/use-elapsed'
import { readers, usePersistedState, useSavedValue } from '../../../lib/ui-state'
import { toErrorInfo } from '../../../lib/error-text'
import { combineFilters, parseColumnFilter, parseRestriction, type FilterColumn, type FilterResult } from '../filters'
import { DEFAULT_LAYOUT, fitLayout, readLayout } from '../column-layout'
import { toGridColumns } from '../grid-columns'
import { FIRST_PAGE, LAST_PAGE, MAX_WINDOW_PAGES, pagerState, pageRows, stepPage, windowPages, type PagePosition } from '../paging'
import type { FetchedPage, TableDetail } from '../queries'
import { openingView, viewRequests, type ViewSource } from '../view-requests'

export const PAGE_SIZES = [50, 100, 250, 500, 1000] as const
const DEFAULT_PAGE_SIZE = 100

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

const savedKey = (schema: string, table: string): string => `table:${schema}.${table}`

/**
 * Opening a table whose view has nothing saved (no sort, filter or restriction) and no navigation restriction:
 * its first page and its total are asked for now, beside its detail, in the form `useTableData` asks for them
 * once the detail has arrived, so it finds them arrived or on their way instead of waiting a round trip more.
 */
export function usePrefetchOpeningPage(tabId: string, schema: string, table: string, restricted: boolean): void {
  const client = useQueryClient()
  const saved = savedKey(schema, table)
  const sorting = useSavedValue(`${saved}:sort`, readSorting) ?? []
  const filters = useSavedValue(`${saved}:filters`, readers.stringRecord) ?? {}
  const restriction = useSavedValue(`${saved}:restriction`, readers.string) ?? ''
  const pageSize = useSavedValue(`${saved}:pageSize`, readPageSize) ?? DEFAULT_PAGE_SIZE
  const plain = !restricted && sorting.length === 0 && restriction.trim() === '' && Object.values(filters).every((text) => text.trim() === '')
  useEffect(() => {
    if (!plain) return
    const requests = viewRequests(openingView(tabId, schema, table, pageSize))
    void client.prefetchQuery(requests.page(FIRST_PAGE, null))
    void client.prefetchQuery(requests.count)
  }, [client, tabId, schema, table, plain, pageSize])
}

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
  const saved = query === undefined ? savedKey(detail.schema, detail.table) : `query:${hashOf(query)}`
  const [sorting, setSortingState] = usePersistedState<SortingState>(`${saved}:sort`, readSorting, [])
  const [savedPageSize, setSavedPageSize] = usePersistedState(`${saved}:pageSize`, readPageSize, DEFAULT_PAGE_SIZE)
  const [pageSize, setPageSizeState] = useState(savedPageSize)
  // The page the user went to, the pages appended after it while scrolling, and the one in view (in that window).
  const [position, setPosition] = useState<PagePosition>(FIRST_PAGE)
  const [extraPages, setExtraPages] = useState(0)
  const [pageInView, setPageInView] = useState(0)
  const [exactCountAsked, setExactCountAsked] = useState(false)
  const [countCancelled, setCountCancelled] = useState(false)
  const [filterTexts, setFilterTexts] = usePersistedState<Readonly<Record<string, string>>>(`${saved}:filters`, readers.stringRecord, {})
  const [restrictionText, setRestrictionText] = usePersistedState(`${saved}:restriction`, readers.string, '')
  // Columns as the user arranged them (order, hidden, pinned), by name: fitted to the columns the table has now.
  const [savedLayout, setLayout] = usePersistedState(`${saved}:columns`, readLayout, DEFAULT_LAYOUT)
  const [cancelled, setCancelled] = useState(false)

  const names = useMemo(() => detail.attributes.map((a) => a.name), [detail.attributes])
  const layout = useMemo(() => fitLayout(savedLayout, names), [savedLayout, names])
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
  const source: ViewSource = useMemo(
    () => ({ schema: detail.schema, table: detail.table, query, base, condition }),
    [detail.schema, detail.table, query, base, condition],
  )
  // A saved order may name an attribute the table no longer has.
  const knownSorting = useMemo(() => sorting.filter((s) => names.includes(s.id)), [sorting, names])
  // The requests of the view: the prefetch made when a table opens writes its own the same way (`viewRequests`).
  const requests = useMemo(
    () => viewRequests({ tabId, source, sorting: knownSorting, primaryKey: detail.primaryKey, pageSize }),
    [tabId, source, knownSorting, detail.primaryKey, pageSize],
  )
  const { expr, orderBy, filtered } = requests

  // A new filter or order starts again at the first page; the rows of another result are counted again.
  const [lastShape, setLastShape] = useState({ source, sorting })
  if (lastShape.source !== source || lastShape.sorting !== sorting) {
    setLastShape({ source, sorting })
    goTo(FIRST_PAGE)
    if (lastShape.source !== source) {
      setExactCountAsked(false)
      setCountCancelled(false)
    }
  }

  // Only a bare table's size can come from the server's statistics; "Count exactly" asks for the real one.
  const count = useQuery(requests.count)
  const exactCount = useQuery({ ...requests.exactCount, enabled: exactCountAsked && count.data?.estimated === true })
  const total = (count.data?.estimated === true ? exactCount.data : undefined) ?? count.data ?? null
  const countingMs = useElapsed(exactCount.isFetching)

  const pages = windowPages(position, extraPages)
  // The page the user went to keeps the previous rows on screen until its own arrive; appended ones just appear.
  const page = useQuery({ ...requests.page(position, total), placeholderData: keepPreviousData })
  const appended = useQueries({ queries: pages.slice(1).map((at) => requests.page(at, total)) })
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

  // The window's pages that have arrived, in order, up to the first still missing.
  const loaded: FetchedPage[] = []
  if (shownPage !== undefined) loaded.push(shownPage)
  for (const result of appended) {
    if (result.data === undefined || loaded.length === 0) break
    loaded.push(result.data)
  }
  const loadedKey = loaded.map((p) => `${p.position.fromEnd ? 'e' : 's'}${p.position.pageIndex}:${p.rows.length}`).join(',')
  const rows = useMemo(
    () => loaded.flatMap((p) => pageRows(p.rows, p.position, p.pageSize, total)),
    // `loaded` is rebuilt at each render: its key says when the pages in it changed.
    [loadedKey, shownPage, total],
  )

  // The page in view: the one holding the first visible row.
  const inView = loaded[Math.min(pageInView, loaded.length - 1)]
  const viewPosition = inView?.position ?? position
  const pager = pagerState(viewPosition, pageSize, total, (inView?.rows.length ?? 0) === pageSize)
  const lastLoaded = loaded.at(-1)
  const moreAfter = lastLoaded !== undefined && lastLoaded.rows.length === pageSize && !(lastLoaded.position.fromEnd && lastLoaded.position.pageIndex === 0)

  // The page after the window's last is fetched as soon as that one has arrived, into the cache only: scrolling or
  // paging down with the keyboard then appends it at once instead of waiting at the end of the rows for it.
  const ahead = lastLoaded !== undefined && moreAfter && !page.isPlaceholderData && pages.length < MAX_WINDOW_PAGES
  const nextPage = ahead ? requests.page(stepPage(lastLoaded.position, 1), total) : null
  const nextPageKey = nextPage === null ? null : hashOf(nextPage.queryKey)
  useEffect(() => {
    if (nextPage !== null) void client.prefetchQuery(nextPage)
    // `nextPage` is rebuilt at each render: its key says which page it is.
  }, [client, nextPageKey])

  /** Rows in view: near the end of what has loaded, the next page is appended (from the cache when prefetched). */
  const onVisibleRowsChange = useCallback(
    (first: number, last: number) => {
      // Kept as the page's place in the window, which changes far less often than the row: scrolling within a
      // page renders nothing here.
      let holding = 0
      let end = loaded[0]?.rows.length ?? 0
      while (holding < loaded.length - 1 && first >= end) {
        holding += 1
        end += loaded[holding]?.rows.length ?? 0
      }
      setPageInView(holding)
      const complete = loaded.length === pages.length && !page.isPlaceholderData
      if (complete && moreAfter && pages.length < MAX_WINDOW_PAGES && last >= rows.length - pageSize / 2) setExtraPages(pages.length)
    },
    // As for `rows`: `loadedKey` names what has loaded.
    [loadedKey, pages.length, page.isPlaceholderData, moreAfter, rows.length, pageSize],
  )

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
    void client.cancelQueries({ queryKey: queryKeys.fetches(tabId, expr) })
    void client.cancelQueries({ queryKey: queryKeys.count(tabId, expr) })
  }, [client, tabId, expr])

  const retry = useCallback(() => {
    setCancelled(false)
    void page.refetch()
    for (const result of appended) void result.refetch()
    void count.refetch()
    if (exactCountAsked) void exactCount.refetch()
  }, [page, appended, count, exactCount, exactCountAsked])

  const countExactly = useCallback(() => {
    setCountCancelled(false)
    setExactCountAsked(true)
  }, [])

  const cancelCount = useCallback(() => {
    setExactCountAsked(false)
    setCountCancelled(true)
    void client.cancelQueries({ queryKey: requests.exactCount.queryKey })
  }, [client, requests.exactCount])

  const resultKey = useMemo(() => `${hashOf(expr)}:${hashOf(orderBy)}`, [expr, orderBy])
  const scrollKey = `${resultKey}:${position.fromEnd ? 'end' : 'start'}:${position.pageIndex}:${pageSize}`

  /** Goes to a page: the window starts again there. */
  function goTo(next: PagePosition) {
    setPosition(next)
    setExtraPages(0)
    setPageInView(0)
  }

  return {
    expr,
    orderBy,
    sorting,
    onSortingChange,
    pageSize,
    position,
    pager,
    firstPage: () => goTo(FIRST_PAGE),
    previousPage: () => goTo(stepPage(viewPosition, -1)),
    nextPage: () => goTo(stepPage(viewPosition, 1)),
    lastPage: () => goTo(LAST_PAGE),
    setPageSize: (size: number) => {
      goTo(FIRST_PAGE)
      setPageSizeState(size)
      setSavedPageSize(size)
    },
    onVisibleRowsChange,
    layout,
    setLayout,
    /** Changes when the grid should scroll back to its first row. */
    scrollKey,
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
    exactCount,
    countExactly,
    cancelCount,
    countCancelled,
    countingMs,
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
