import { describe, expect, test } from 'vitest'
import { TRUE, and, attr, match, table } from '../../../src/algebra/build'
import { combineFilters, parseRestriction } from './filters'
import { FIRST_PAGE } from './paging'
import { openingView, viewRequests, type ViewState } from './view-requests'

const names = ['subject_id', 'session', 'weight']
const primaryKey = ['subject_id', 'session']

/** A table's view as `useTableData` states it with nothing saved: its settled filters combined (none). */
function gridView(overrides: Partial<ViewState> = {}): ViewState {
  const condition = combineFilters([parseRestriction('', names)])
  const source = { schema: 'lab', table: 'session', base: null, condition }
  return { tabId: 't1', source, sorting: [], primaryKey, pageSize: 100, ...overrides }
}

describe('viewRequests', () => {
  test("a table opening with nothing saved: the prefetch's page and total are the grid's (keys and requests)", () => {
    const opening = viewRequests(openingView('t1', 'lab', 'session', 100))
    const grid = viewRequests(gridView())
    expect(opening.page(FIRST_PAGE, null).queryKey).toEqual(grid.page(FIRST_PAGE, null).queryKey)
    expect(opening.count.queryKey).toEqual(grid.count.queryKey)
    expect(opening.expr).toEqual(grid.expr)
    expect(opening.orderBy).toEqual(grid.orderBy)
    // The bare table, in KEY order, its total estimated.
    expect(grid.expr).toEqual(table('lab', 'session'))
    expect(grid.orderBy).toEqual([{ by: 'key', descending: false }])
    expect(grid.filtered).toBe(false)
    expect(grid.count.queryKey.at(-1)).toBe(true)
    expect(grid.exactCount.queryKey.at(-1)).toBe(false)
  })

  test('another page size or sort is another page (key), the same total', () => {
    const grid = viewRequests(gridView())
    const bigger = viewRequests(gridView({ pageSize: 250 }))
    const sorted = viewRequests(gridView({ sorting: [{ id: 'weight', desc: true }] }))
    expect(bigger.page(FIRST_PAGE, null).queryKey).not.toEqual(grid.page(FIRST_PAGE, null).queryKey)
    expect(sorted.page(FIRST_PAGE, null).queryKey).not.toEqual(grid.page(FIRST_PAGE, null).queryKey)
    expect(sorted.count.queryKey).toEqual(grid.count.queryKey)
    // Sorted, the key ends the order.
    expect(sorted.orderBy).toEqual([
      { by: attr('weight'), descending: true },
      { by: attr('subject_id'), descending: false },
      { by: attr('session'), descending: false },
    ])
  })

  test('a filter or a navigation restricts the table, and its total is counted', () => {
    const condition = match({ weight: { kind: 'lit', type: 'number', value: 3 } })
    const base = match({ subject_id: { kind: 'lit', type: 'number', value: 1 } })
    const filteredView = viewRequests(gridView({ source: { schema: 'lab', table: 'session', base: null, condition } }))
    expect(filteredView.filtered).toBe(true)
    expect(filteredView.expr).toEqual({ kind: 'restrict', input: table('lab', 'session'), condition, semanticCheck: true })
    expect(filteredView.count.queryKey.at(-1)).toBe(false)
    const navigated = viewRequests(gridView({ source: { schema: 'lab', table: 'session', base, condition } }))
    expect(navigated.filtered).toBe(true)
    expect(navigated.expr).toEqual({ kind: 'restrict', input: table('lab', 'session'), condition: and([base, condition]), semanticCheck: true })
    const navigatedOnly = viewRequests(gridView({ source: { schema: 'lab', table: 'session', base, condition: TRUE } }))
    expect(navigatedOnly.filtered).toBe(true)
    expect(navigatedOnly.count.queryKey.at(-1)).toBe(false)
  })

  test("a query's result is restricted by the filters, and counted", () => {
    const query = table('lab', 'subject')
    const unfiltered = viewRequests(gridView({ source: { schema: 'lab', table: 'session', query, base: null, condition: TRUE } }))
    expect(unfiltered.expr).toBe(query)
    expect(unfiltered.filtered).toBe(false)
    expect(unfiltered.count.queryKey.at(-1)).toBe(false)
  })
})
