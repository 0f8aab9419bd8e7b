// Where the grid's pages come from. A page is counted from the first row or from the last one: the last pages of
// a huge table are read backwards from its end (`fromEnd`), so they cost what the first pages do, whether the
// total is known exactly or only estimated. Pages after the one the user went to are appended as they scroll
// (the window), so scrolling runs on across pages.

import type { GridRow } from '../../components/data-grid/data-grid'
import type { WireValue } from '../../../electron/ipc/contract'

/** The page the user went to: `pageIndex` counts from the first page, or from the last when `fromEnd`. */
export interface PagePosition {
  readonly pageIndex: number
  readonly fromEnd: boolean
}

export interface Total {
  readonly count: number
  readonly estimated: boolean
}

/** What `query.fetch` is asked for one page. */
export interface PageFetch {
  readonly offset: number
  readonly limit: number
  readonly fromEnd: boolean
}

export const FIRST_PAGE: PagePosition = { pageIndex: 0, fromEnd: false }
export const LAST_PAGE: PagePosition = { pageIndex: 0, fromEnd: true }

/** How many pages the window holds at most: past it, the pager goes on (the rows in memory stay bounded). */
export const MAX_WINDOW_PAGES = 50

/**
 * The request for a page. With an exact total, a page in the second half of the result is read from the end
 * (the same rows, without an OFFSET over the first half); its first rows may be fewer when the last page is short.
 */
export function pageFetch(position: PagePosition, pageSize: number, total: Total | null): PageFetch {
  const { pageIndex, fromEnd } = position
  if (fromEnd || total === null || total.estimated || pageIndex * pageSize * 2 <= total.count) {
    return { offset: pageIndex * pageSize, limit: pageSize, fromEnd }
  }
  const fromLast = total.count - (pageIndex + 1) * pageSize
  return fromLast >= 0 ? { offset: fromLast, limit: pageSize, fromEnd: true } : { offset: 0, limit: Math.max(1, pageSize + fromLast), fromEnd: true }
}

/** The pages of the window, in reading order: the position, then `extra` pages after it (towards the end). */
export function windowPages(position: PagePosition, extra: number): PagePosition[] {
  const pages: PagePosition[] = []
  for (let k = 0; k <= extra; k += 1) {
    if (position.fromEnd && position.pageIndex - k < 0) break
    pages.push({ pageIndex: position.fromEnd ? position.pageIndex - k : position.pageIndex + k, fromEnd: position.fromEnd })
  }
  return pages
}

/**
 * A fetched page's grid rows. Rows are numbered from the first row when that is known (a page from the start, or
 * from the end with an exact total); otherwise they are numbered from the end (`−1` is the last row).
 */
export function pageRows(rows: readonly (readonly WireValue[])[], position: PagePosition, pageSize: number, total: Total | null): GridRow[] {
  const { pageIndex, fromEnd } = position
  if (!fromEnd) return rows.map((values, i) => ({ id: String(pageIndex * pageSize + i), index: pageIndex * pageSize + i, values }))
  const afterPage = pageIndex * pageSize
  if (total !== null && !total.estimated) {
    const first = total.count - afterPage - rows.length
    return rows.map((values, i) => ({ id: String(first + i), index: first + i, values }))
  }
  return rows.map((values, i) => {
    const fromLast = afterPage + rows.length - i
    return { id: `end-${fromLast}`, index: -fromLast, label: `−${fromLast.toLocaleString()}`, values }
  })
}

/** The position "one page on" from `position` (towards the end), or back towards the start. */
export function stepPage(position: PagePosition, direction: 1 | -1): PagePosition {
  const pageIndex = position.fromEnd ? position.pageIndex - direction : position.pageIndex + direction
  return { pageIndex: Math.max(0, pageIndex), fromEnd: position.fromEnd }
}

export interface PagerState {
  readonly label: string
  readonly canFirst: boolean
  readonly canPrevious: boolean
  readonly canNext: boolean
  readonly canLast: boolean
}

/**
 * What the pager shows for the page in view. `full`: the page came back with `pageSize` rows (so, with an
 * estimated total, there may be more after it).
 */
export function pagerState(position: PagePosition, pageSize: number, total: Total | null, full: boolean): PagerState {
  const exact = total !== null && !total.estimated ? total.count : null
  const pageCount = total === null ? null : Math.max(1, Math.ceil(total.count / pageSize))
  const { pageIndex, fromEnd } = position
  const atEnd = fromEnd ? pageIndex === 0 : exact !== null ? (pageIndex + 1) * pageSize >= exact : !full
  const atStart = fromEnd ? (exact !== null ? (pageIndex + 1) * pageSize >= exact : !full) : pageIndex === 0
  let label: string
  if (fromEnd && exact === null) label = pageIndex === 0 ? 'Last page' : `Page ${(pageIndex + 1).toLocaleString()} from the end`
  else {
    const number = fromEnd && pageCount !== null ? Math.max(1, pageCount - pageIndex) : pageIndex + 1
    label = `Page ${number.toLocaleString()}${pageCount === null ? '' : ` of ${total?.estimated === true ? '≈ ' : ''}${pageCount.toLocaleString()}`}`
  }
  return { label, canFirst: !atStart, canPrevious: !atStart, canNext: !atEnd, canLast: !(fromEnd && pageIndex === 0) && !atEnd }
}
