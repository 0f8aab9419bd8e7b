import { describe, expect, it } from 'vitest'
import { FIRST_PAGE, LAST_PAGE, pageFetch, pagerState, pageRows, stepPage, windowPages } from './paging'

const exact = (count: number) => ({ count, estimated: false })
const estimate = (count: number) => ({ count, estimated: true })

describe('pageFetch', () => {
  it('reads pages of the first half from the start', () => {
    expect(pageFetch({ pageIndex: 3, fromEnd: false }, 100, exact(1_000))).toEqual({ offset: 300, limit: 100, fromEnd: false })
  })

  it('reads pages of the second half from the end when the total is exact, the last page short', () => {
    expect(pageFetch({ pageIndex: 8, fromEnd: false }, 100, exact(1_050))).toEqual({ offset: 150, limit: 100, fromEnd: true })
    expect(pageFetch({ pageIndex: 10, fromEnd: false }, 100, exact(1_050))).toEqual({ offset: 0, limit: 50, fromEnd: true })
  })

  it('keeps the offset from the start while the total is an estimate', () => {
    expect(pageFetch({ pageIndex: 9, fromEnd: false }, 100, estimate(1_000))).toEqual({ offset: 900, limit: 100, fromEnd: false })
  })

  it('reads a page counted from the end backwards whatever the total', () => {
    expect(pageFetch({ pageIndex: 2, fromEnd: true }, 50, null)).toEqual({ offset: 100, limit: 50, fromEnd: true })
  })
})

describe('windowPages', () => {
  it('appends the pages after the position, towards the end', () => {
    expect(windowPages({ pageIndex: 4, fromEnd: false }, 2).map((p) => p.pageIndex)).toEqual([4, 5, 6])
    expect(windowPages({ pageIndex: 1, fromEnd: true }, 3).map((p) => p.pageIndex)).toEqual([1, 0])
  })
})

describe('pageRows', () => {
  const values = [[1], [2], [3]]

  it('numbers rows from the first row when that is known', () => {
    expect(pageRows(values, { pageIndex: 2, fromEnd: false }, 3, null).map((r) => r.index)).toEqual([6, 7, 8])
    expect(pageRows(values, LAST_PAGE, 3, exact(10)).map((r) => r.index)).toEqual([7, 8, 9])
  })

  it('numbers rows from the end while the total is an estimate', () => {
    const rows = pageRows(values, { pageIndex: 1, fromEnd: true }, 3, estimate(1_000_000))
    expect(rows.map((r) => r.label)).toEqual(['−6', '−5', '−4'])
    expect(new Set(rows.map((r) => r.id)).size).toBe(3)
  })
})

describe('pagerState', () => {
  it('labels pages of a counted result and bounds the buttons', () => {
    expect(pagerState(FIRST_PAGE, 100, exact(1_650), true)).toEqual({ label: 'Page 1 of 17', canFirst: false, canPrevious: false, canNext: true, canLast: true })
    expect(pagerState({ pageIndex: 16, fromEnd: false }, 100, exact(1_650), false)).toMatchObject({ label: 'Page 17 of 17', canNext: false, canLast: false })
  })

  it('offers the last page of an estimated total, labelled from the end', () => {
    expect(pagerState(FIRST_PAGE, 100, estimate(1_000_000), true)).toMatchObject({ label: 'Page 1 of ≈ 10,000', canLast: true })
    expect(pagerState(LAST_PAGE, 100, estimate(1_000_000), true)).toEqual({ label: 'Last page', canFirst: true, canPrevious: true, canNext: false, canLast: false })
    expect(pagerState({ pageIndex: 2, fromEnd: true }, 100, estimate(1_000_000), true).label).toBe('Page 3 from the end')
  })

  it('numbers a page counted from the end once the total is exact', () => {
    expect(pagerState({ pageIndex: 1, fromEnd: true }, 100, exact(1_000_000), true).label).toBe('Page 9,999 of 10,000')
  })
})

describe('stepPage', () => {
  it('goes towards the end or the start, whichever way the page is counted', () => {
    expect(stepPage({ pageIndex: 3, fromEnd: false }, 1)).toEqual({ pageIndex: 4, fromEnd: false })
    expect(stepPage({ pageIndex: 3, fromEnd: true }, 1)).toEqual({ pageIndex: 2, fromEnd: true })
    expect(stepPage({ pageIndex: 3, fromEnd: true }, -1)).toEqual({ pageIndex: 4, fromEnd: true })
  })
})
