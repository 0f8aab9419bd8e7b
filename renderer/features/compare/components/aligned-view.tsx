import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Button } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { ArrowLeftIcon, ArrowRightIcon, ChevronLeftIcon, ChevronRightIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { rowKey } from '../compare-model'
import { alignedQuery, type AlignedCursor } from '../queries'
import { CopyDialog } from './copy-dialog'
import type { ComparedSide } from './data-compare'
import { RestrictionField, restrictionProblem } from './restriction-field'
import { SideBySideRows } from './side-by-side-rows'

const PAGE_SIZE = 100

export interface AlignedViewProps {
  readonly left: ComparedSide
  readonly right: ComparedSide
}

/**
 * One table on both servers, same restriction, primary-key order, row for row, scrolling together. Pages are read
 * by key: each starts where the one before ended on each side, so the places of the pages seen are kept to go back.
 */
export function AlignedView({ left, right }: AlignedViewProps) {
  const [text, setText] = useState('')
  const [restriction, setRestriction] = useState('')
  /** Where each page seen so far starts; the last is the page shown. */
  const [starts, setStarts] = useState<readonly AlignedCursor[]>([null])
  const page = starts.length - 1
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set())
  const [copying, setCopying] = useState<'left' | 'right' | null>(null)
  const tableOf = (s: ComparedSide) => ({ tabId: s.tabId, schema: s.schema, table: s.table })
  const rows = useQuery(alignedQuery(tableOf(left), tableOf(right), restriction, starts[page] ?? null, PAGE_SIZE))
  const data = rows.data

  const apply = () => {
    if (restrictionProblem(text) !== null) return
    setRestriction(text)
    setStarts([null])
    setSelected(new Set())
  }
  const turn = (next: readonly AlignedCursor[]) => {
    setStarts(next)
    setSelected(new Set())
  }
  const keysOn = (side: 'left' | 'right') =>
    data === undefined
      ? []
      : [...selected].flatMap((i) => {
          const row = data.rows[i]
          if (row === undefined || row[side] === null) return []
          const key = rowKey(row, data.attributes.map((a) => a.name), data.primaryKey)
          return key === null ? [] : [key]
        })
  const toRight = keysOn('left')
  const toLeft = keysOn('right')
  const differing = data?.rows.filter((r) => r.left === null || r.right === null || r.changed.length > 0).length ?? 0

  return (
    <section className="aligned-view" aria-label="Side by side">
      <div className="data-compare-bar">
        <RestrictionField value={text} onChange={setText} onSubmit={apply} />
        <Button variant="primary" onClick={apply} disabled={restrictionProblem(text) !== null || text === restriction}>
          Apply
        </Button>
      </div>
      <div className="data-compare-summary">
        <span className="muted">
          Rows {page * PAGE_SIZE + 1}–{page * PAGE_SIZE + (data?.rows.length ?? 0)} by primary key
          {data === undefined ? '' : ` · ${differing} of them differ on this page`}
        </span>
        <span className="spacer" />
        <Button size="sm" icon={<ArrowRightIcon />} disabled={toRight.length === 0} onClick={() => setCopying('right')}>
          Copy {toRight.length === 0 ? 'selected' : toRight.length} to the right
        </Button>
        <Button size="sm" icon={<ArrowLeftIcon />} disabled={toLeft.length === 0} onClick={() => setCopying('left')}>
          Copy {toLeft.length === 0 ? 'selected' : toLeft.length} to the left
        </Button>
        <div className="compare-pager">
          <Button size="sm" variant="ghost" icon={<ChevronLeftIcon />} disabled={page === 0} onClick={() => turn(starts.slice(0, -1))} aria-label="Previous page" />
          <span>Page {page + 1}</span>
          <Button
            size="sm"
            variant="ghost"
            icon={<ChevronRightIcon />}
            disabled={data?.hasMore !== true || rows.isPlaceholderData}
            onClick={() => {
              if (data !== undefined) turn([...starts, data.next])
            }}
            aria-label="Next page"
          />
        </div>
      </div>
      {rows.isError ? <ErrorCallout error={rows.error} /> : null}
      {data === undefined ? (
        rows.isPending ? <Spinner size={16} /> : null
      ) : (
        <SideBySideRows
          attributes={data.attributes}
          rows={data.rows}
          leftLabel={`${left.title} ${left.schema}.${left.table}`}
          rightLabel={`${right.title} ${right.schema}.${right.table}`}
          firstRow={page * PAGE_SIZE + 1}
          selected={selected}
          onToggle={(i) =>
            setSelected((old) => {
              const next = new Set(old)
              if (!next.delete(i)) next.add(i)
              return next
            })
          }
        />
      )}
      {copying === null ? null : (
        <CopyDialog
          source={copying === 'right' ? left : right}
          target={copying === 'right' ? right : left}
          selection={{ kind: 'keys', keys: copying === 'right' ? toRight : toLeft }}
          what={`${(copying === 'right' ? toRight : toLeft).length} selected rows`}
          onClose={() => {
            setCopying(null)
            setSelected(new Set())
          }}
          onCopied={() => undefined}
        />
      )}
    </section>
  )
}
