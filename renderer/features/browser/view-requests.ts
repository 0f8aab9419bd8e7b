// A table view's state → the requests it makes: its pages (`query.fetch`) and its total (`query.count`), with
// their query keys. The grid (`useTableData`) and the prefetch made when a table opens both write their requests
// here, so the prefetched page and total are the ones the grid then asks for: same keys, same requests.

import type { Condition, OrderItem, QueryExpr } from '../../../src/algebra/ast'
import { TRUE, and, restrict } from '../../../src/algebra/build'
import { filteredTable } from './filters'
import { toOrderBy, type SortEntry } from './ordering'
import type { PagePosition, Total } from './paging'
import { countQuery, fetchPageQuery } from './queries'

/** The rows a view shows: a table (or a query's result, `query`), restricted by a navigation and by the filters. */
export interface ViewSource {
  readonly schema: string
  readonly table: string
  /** The query builder's result, shown instead of the table. */
  readonly query?: QueryExpr | undefined
  /** The rows a navigation led to (a parent row, the rows referencing a selection), or null. */
  readonly base: Condition | null
  /** The settled filters and restriction bar, combined (`TRUE` for none). */
  readonly condition: Condition
}

export interface ViewState {
  readonly tabId: string
  readonly source: ViewSource
  /** The sort columns (attributes the table has). */
  readonly sorting: readonly SortEntry[]
  /** The table's primary key: it ends a sorted order (unsorted, the order is `KEY` and needs no detail). */
  readonly primaryKey: readonly string[]
  readonly pageSize: number
}

export interface ViewRequests {
  readonly expr: QueryExpr
  readonly orderBy: readonly OrderItem[]
  /** Restricted by a navigation or a filter. */
  readonly filtered: boolean
  /** The page at `position`, with the total as known now (it decides whether the page is read from the end). */
  page(position: PagePosition, total: Total | null): ReturnType<typeof fetchPageQuery>
  /** The total: the server's estimate when the view is a bare table (its statistics), otherwise counted. */
  readonly count: ReturnType<typeof countQuery>
  /** The total counted exactly ("Count exactly" after an estimate). */
  readonly exactCount: ReturnType<typeof countQuery>
}

export function viewRequests({ tabId, source, sorting, primaryKey, pageSize }: ViewState): ViewRequests {
  const { schema, table, query, base, condition } = source
  // A query's result (the query builder) is filtered as a table is: its tree restricted by the filters.
  const expr =
    query !== undefined ? restrict(query, condition) : filteredTable(schema, table, base === null ? condition : and([base, condition]))
  const orderBy = toOrderBy(sorting, primaryKey)
  const filtered = condition.kind !== 'const' || base !== null
  return {
    expr,
    orderBy,
    filtered,
    page: (position, total) => fetchPageQuery({ tabId, expr, orderBy, position, pageSize, total }),
    // Only a bare table's size can come from the server's statistics.
    count: countQuery(tabId, expr, !filtered && query === undefined),
    exactCount: countQuery(tabId, expr, false),
  }
}

/** A table as it opens with nothing saved for its view: no sort, no filter, no restriction, no navigation. */
export function openingView(tabId: string, schema: string, table: string, pageSize: number): ViewState {
  return { tabId, source: { schema, table, base: null, condition: TRUE }, sorting: [], primaryKey: [], pageSize }
}
