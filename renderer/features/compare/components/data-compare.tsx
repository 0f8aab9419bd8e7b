import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Button } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { ArrowLeftIcon, ArrowRightIcon, CheckIcon, ChevronLeftIcon, ChevronRightIcon, DownloadIcon, StopIcon } from '../../../components/icons'
import { ProgressBar } from '../../../components/progress-bar'
import { Spinner } from '../../../components/spinner'
import { ExportStatus } from '../../../components/export-status'
import { invoke } from '../../../lib/ipc'
import { useExportJob } from '../../../lib/use-export-job'
import { progressFraction, rowKey, type DifferenceKind } from '../compare-model'
import { rowsPageQuery, useDataCompare, type TableSide } from '../queries'
import { CopyDialog, type CopyTarget } from './copy-dialog'
import { RestrictionField, restrictionProblem } from './restriction-field'
import { SideBySideRows } from './side-by-side-rows'

const PAGE_SIZE = 100

export interface ComparedSide extends TableSide {
  readonly title: string
  readonly readOnly: boolean
}

export interface DataCompareProps {
  readonly left: ComparedSide
  readonly right: ComparedSide
}

const KINDS: readonly { readonly kind: DifferenceKind; readonly label: string }[] = [
  { kind: 'onlyLeft', label: 'Only left' },
  { kind: 'onlyRight', label: 'Only right' },
  { kind: 'changed', label: 'Changed' },
]

/** Rows of one table pair compared by checksums: progress, then each kind of difference by pages, export and copy. */
export function DataCompare({ left, right }: DataCompareProps) {
  const tableLeft = { tabId: left.tabId, schema: left.schema, table: left.table }
  const tableRight = { tabId: right.tabId, schema: right.schema, table: right.table }
  const { state, run, cancel } = useDataCompare(tableLeft, tableRight)
  const [restriction, setRestriction] = useState('')
  const [kind, setKind] = useState<DifferenceKind>('onlyLeft')
  const [page, setPage] = useState(0)
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set())
  const [copying, setCopying] = useState<'selected' | 'all' | null>(null)
  const [copiedOnce, setCopiedOnce] = useState(false)
  const exporter = useExportJob()

  const jobId = state.status === 'done' ? state.jobId : null
  const rows = useQuery({ ...rowsPageQuery(jobId ?? '', kind, page * PAGE_SIZE, PAGE_SIZE), enabled: jobId !== null })
  const summary = state.status === 'done' ? state.summary : null

  const start = (text = restriction) => {
    if (restrictionProblem(text) !== null) return
    setSelected(new Set())
    setPage(0)
    run(text)
  }
  const choose = (next: DifferenceKind) => {
    setKind(next)
    setPage(0)
    setSelected(new Set())
  }

  // The main process writes the differences (a save dialog, or a download in browser mode): none pass through here.
  const exportAs = (format: 'csv' | 'json') => {
    if (jobId === null || summary === null) return
    const total = summary.counts.onlyLeft + summary.counts.onlyRight + summary.counts.changed
    void exporter.start(format, total, () => invoke('compare.export', { jobId, format }))
  }
  const exporting = exporter.state.status === 'starting' || exporter.state.status === 'running'

  // Rows on one side only can be copied to the other; changed rows would be skipped (their key is there).
  const copySource = kind === 'onlyLeft' ? left : right
  const copyTarget: CopyTarget = kind === 'onlyLeft' ? { ...right, schema: right.schema } : { ...left, schema: left.schema }
  const canCopy = summary !== null && kind !== 'changed' && summary.counts[kind] > 0
  const pageRows = rows.data?.rows ?? []
  const selectedKeys = [...selected].flatMap((i) => {
    const row = pageRows[i]
    const key = row === undefined || rows.data === undefined ? null : rowKey(row, rows.data.attributes.map((a) => a.name), rows.data.primaryKey)
    return key === null ? [] : [key]
  })
  const direction = kind === 'onlyLeft' ? 'right' : 'left'
  const total = summary === null ? 0 : summary.counts[kind]
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))

  return (
    <section className="data-compare" aria-label="Data compare">
      <div className="data-compare-bar">
        <RestrictionField value={restriction} onChange={setRestriction} onSubmit={() => start()} />
        {state.status === 'running' ? (
          <Button variant="secondary" icon={<StopIcon />} onClick={cancel}>
            Cancel
          </Button>
        ) : (
          <Button variant="primary" onClick={() => start()} disabled={restrictionProblem(restriction) !== null}>
            {summary === null ? 'Compare rows' : 'Compare again'}
          </Button>
        )}
      </div>
      {state.status === 'running' ? (
        <div className="data-compare-progress" role="status">
          <ProgressBar value={progressFraction(state)} label="Checksums compared" />
          <span className="muted">
            {state.segmentsTotal === 0 ? 'Reading both sides’ key ranges…' : `Checksums: ${state.segmentsDone.toLocaleString('en-US')} / ${state.segmentsTotal.toLocaleString('en-US')} segments`}
          </span>
        </div>
      ) : null}
      {state.status === 'cancelled' ? (
        <p className="muted" role="status">
          Cancelled: nothing runs on either server any more.
        </p>
      ) : null}
      {state.status === 'error' ? <ErrorCallout error={state.error} /> : null}
      {state.status === 'idle' ? (
        <p className="compare-hint muted">
          Each server checksums its rows by key ranges; only the ranges that differ are narrowed down and their rows fetched. Restrict both sides
          alike first if you only care about some rows.
        </p>
      ) : null}
      {summary === null ? null : (
        <>
          <div className="data-compare-summary">
            <div className="diff-kinds" role="tablist" aria-label="Kinds of difference">
              {KINDS.map(({ kind: k, label }) => (
                <button
                  key={k}
                  type="button"
                  role="tab"
                  aria-selected={kind === k}
                  className={`diff-kind is-${k}${kind === k ? ' is-current' : ''}`}
                  onClick={() => choose(k)}
                >
                  <span className="diff-swatch" aria-hidden />
                  {label} <strong>{summary.counts[k].toLocaleString('en-US')}</strong>
                </button>
              ))}
              <span className="diff-kind is-equal" aria-label={`Equal ${summary.counts.equal}`}>
                Equal <strong>{summary.counts.equal.toLocaleString('en-US')}</strong>
              </span>
            </div>
            <span className="spacer" />
            <span className="muted compare-stats">
              {summary.segments.compared.toLocaleString('en-US')} segments · {(summary.elapsedMs / 1000).toFixed(1)} s
              {state.status === 'done' && state.restriction.trim() !== '' ? ` · restricted: ${state.restriction}` : ''}
            </span>
            <Button size="sm" icon={<DownloadIcon />} disabled={exporting} onClick={() => exportAs('csv')}>
              Export CSV
            </Button>
            <Button size="sm" icon={<DownloadIcon />} disabled={exporting} onClick={() => exportAs('json')}>
              Export JSON
            </Button>
          </div>
          {summary.counts.onlyLeft + summary.counts.onlyRight + summary.counts.changed === 0 ? (
            <p className="compare-clean" role="status">
              <CheckIcon aria-hidden /> No differences: both sides hold the same {summary.counts.equal.toLocaleString('en-US')} rows
              {state.status === 'done' && state.restriction.trim() !== '' ? ' (restricted alike)' : ''}.
            </p>
          ) : null}
          {summary.attributesOnlyLeft.length + summary.attributesOnlyRight.length > 0 ? (
            <p className="muted compare-note">
              Not compared (on one side only): {[...summary.attributesOnlyLeft, ...summary.attributesOnlyRight].join(', ')}
            </p>
          ) : null}
          {canCopy ? (
            <div className="data-compare-actions">
              <Button
                size="sm"
                icon={direction === 'right' ? <ArrowRightIcon /> : <ArrowLeftIcon />}
                disabled={selectedKeys.length === 0}
                onClick={() => setCopying('selected')}
              >
                Copy {selectedKeys.length === 0 ? 'selected' : selectedKeys.length} to the {direction}
              </Button>
              <Button size="sm" icon={direction === 'right' ? <ArrowRightIcon /> : <ArrowLeftIcon />} onClick={() => setCopying('all')}>
                Copy all {total.toLocaleString('en-US')} to the {direction}
              </Button>
            </div>
          ) : null}
          {rows.isError ? <ErrorCallout error={rows.error} /> : null}
          {total === 0 ? (
            <p className="compare-empty muted">No rows {kind === 'changed' ? 'differ' : `are only on the ${kind === 'onlyLeft' ? 'left' : 'right'}`}.</p>
          ) : rows.data === undefined ? (
            <Spinner size={16} />
          ) : (
            <>
              <SideBySideRows
                attributes={rows.data.attributes}
                rows={rows.data.rows}
                leftLabel={`${left.title} ${left.schema}.${left.table}`}
                rightLabel={`${right.title} ${right.schema}.${right.table}`}
                firstRow={page * PAGE_SIZE + 1}
                {...(kind === 'changed'
                  ? {}
                  : {
                      selected,
                      onToggle: (i: number) =>
                        setSelected((old) => {
                          const next = new Set(old)
                          if (!next.delete(i)) next.add(i)
                          return next
                        }),
                    })}
              />
              {pages > 1 ? (
                <div className="compare-pager">
                  <Button size="sm" variant="ghost" icon={<ChevronLeftIcon />} disabled={page === 0} onClick={() => setPage(page - 1)} aria-label="Previous page" />
                  <span>
                    Page {page + 1} of {pages}
                  </span>
                  <Button size="sm" variant="ghost" icon={<ChevronRightIcon />} disabled={page + 1 >= pages} onClick={() => setPage(page + 1)} aria-label="Next page" />
                </div>
              ) : null}
            </>
          )}
        </>
      )}
      <ExportStatus state={exporter.state} onCancel={exporter.cancel} onDismiss={exporter.dismiss} />
      {copying === null || jobId === null || kind === 'changed' ? null : (
        <CopyDialog
          source={copySource}
          target={copyTarget}
          selection={copying === 'all' ? { kind: 'diff', jobId, side: kind } : { kind: 'keys', keys: selectedKeys }}
          what={copying === 'all' ? `${total === 1 ? 'The row' : `The ${total.toLocaleString('en-US')} rows`} only on the ${kind === 'onlyLeft' ? 'left' : 'right'}` : `${selectedKeys.length} selected row${selectedKeys.length === 1 ? '' : 's'}`}
          onClose={() => {
            setCopying(null)
            // After a copy the differences shown are stale: compare again, as restricted before.
            if (copiedOnce) {
              setCopiedOnce(false)
              start(state.status === 'done' ? state.restriction : restriction)
            }
          }}
          onCopied={() => setCopiedOnce(true)}
        />
      )}
    </section>
  )
}
