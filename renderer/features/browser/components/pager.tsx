import { IconButton } from '../../../components/button'
import { ChevronLeftIcon, ChevronRightIcon, ChevronsLeftIcon, ChevronsRightIcon } from '../../../components/icons'
import { PAGE_SIZES } from '../hooks/use-table-data'

export interface PagerProps {
  readonly pageIndex: number
  readonly pageSize: number
  /** Known (or estimated) number of pages; null while counting. */
  readonly pageCount: number | null
  readonly estimated: boolean
  readonly canNext: boolean
  readonly onPageIndex: (pageIndex: number) => void
  readonly onPageSize: (pageSize: number) => void
}

export function Pager({ pageIndex, pageSize, pageCount, estimated, canNext, onPageIndex, onPageSize }: PagerProps) {
  const last = pageCount === null || estimated ? null : pageCount - 1
  return (
    <div className="pager" role="group" aria-label="Pages">
      <label className="pager-size">
        <span>Rows per page</span>
        <select value={pageSize} onChange={(event) => onPageSize(Number(event.target.value))} aria-label="Rows per page">
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <IconButton label="First page" onClick={() => onPageIndex(0)} disabled={pageIndex === 0}>
        <ChevronsLeftIcon />
      </IconButton>
      <IconButton label="Previous page" onClick={() => onPageIndex(pageIndex - 1)} disabled={pageIndex === 0}>
        <ChevronLeftIcon />
      </IconButton>
      <span className="pager-position" aria-live="polite">
        Page {(pageIndex + 1).toLocaleString()}
        {pageCount === null ? null : (
          <>
            {' '}
            of {estimated ? '≈ ' : ''}
            {pageCount.toLocaleString()}
          </>
        )}
      </span>
      <IconButton label="Next page" onClick={() => onPageIndex(pageIndex + 1)} disabled={!canNext}>
        <ChevronRightIcon />
      </IconButton>
      <IconButton label="Last page" onClick={() => last !== null && onPageIndex(last)} disabled={last === null || pageIndex >= last}>
        <ChevronsRightIcon />
      </IconButton>
    </div>
  )
}
