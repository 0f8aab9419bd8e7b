import { IconButton } from '../../../components/button'
import { ChevronLeftIcon, ChevronRightIcon, ChevronsLeftIcon, ChevronsRightIcon } from '../../../components/icons'
import { PAGE_SIZES } from '../hooks/use-table-data'
import type { PagerState } from '../paging'

export interface PagerProps {
  readonly pageSize: number
  /** The page in view and which moves are possible (paging.ts `pagerState`). */
  readonly state: PagerState
  readonly onFirst: () => void
  readonly onPrevious: () => void
  readonly onNext: () => void
  /** The last page is read backwards from the end: it needs no exact total. */
  readonly onLast: () => void
  readonly onPageSize: (pageSize: number) => void
}

export function Pager({ pageSize, state, onFirst, onPrevious, onNext, onLast, onPageSize }: PagerProps) {
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
      <IconButton label="First page" onClick={onFirst} disabled={!state.canFirst}>
        <ChevronsLeftIcon />
      </IconButton>
      <IconButton label="Previous page" onClick={onPrevious} disabled={!state.canPrevious}>
        <ChevronLeftIcon />
      </IconButton>
      <span className="pager-position" aria-live="polite">
        {state.label}
      </span>
      <IconButton label="Next page" onClick={onNext} disabled={!state.canNext}>
        <ChevronRightIcon />
      </IconButton>
      <IconButton label="Last page" onClick={onLast} disabled={!state.canLast}>
        <ChevronsRightIcon />
      </IconButton>
    </div>
  )
}
