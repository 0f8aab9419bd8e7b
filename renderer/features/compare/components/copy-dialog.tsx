import { useEffect, useState } from 'react'
import { Button } from '../../../components/button'
import { Dialog } from '../../../components/dialog'
import { ErrorCallout } from '../../../components/error-callout'
import { ArrowRightIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { useCopyRows, type CopyInput, type CopyReport, type TableSide } from '../queries'

export interface CopyTarget {
  readonly tabId: string
  readonly schema: string
  readonly title: string
  readonly readOnly: boolean
}

export interface CopyDialogProps {
  readonly source: TableSide & { readonly title: string }
  readonly target: CopyTarget
  readonly selection: CopyInput['selection']
  /** What is copied, in words ("3 selected rows", "the 2 rows only on the left"). */
  readonly what: string
  readonly onClose: () => void
  readonly onCopied: (report: CopyReport) => void
}

/** The copy to the other side: a preview per table first (nothing written), then the copy once confirmed. */
export function CopyDialog({ source, target, selection, what, onClose, onCopied }: CopyDialogProps) {
  const [upstream, setUpstream] = useState(false)
  const [parts, setParts] = useState(false)
  const preview = useCopyRows()
  const copy = useCopyRows()
  const { mutate: askPreview } = preview
  const input = { tabId: target.tabId, targetSchema: target.schema, source: { tabId: source.tabId, schema: source.schema, table: source.table }, selection, upstream, parts }
  const inputKey = JSON.stringify(input)

  useEffect(() => {
    if (!target.readOnly) askPreview({ ...(JSON.parse(inputKey) as Omit<CopyInput, 'preview'>), preview: true })
  }, [askPreview, inputKey, target.readOnly])

  const report = preview.data
  const copied = copy.data
  return (
    <Dialog
      title="Copy to the other side"
      onClose={onClose}
      width="lg"
      footer={
        copied === undefined ? (
          <>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button
              variant="primary"
              disabled={target.readOnly || report === undefined || report.copied === 0 || copy.isPending || preview.isPending}
              icon={copy.isPending ? <Spinner size={12} /> : <ArrowRightIcon />}
              onClick={() => copy.mutate({ ...input, preview: false }, { onSuccess: onCopied })}
            >
              {report === undefined ? 'Copy' : `Copy ${report.copied.toLocaleString('en-US')} row${report.copied === 1 ? '' : 's'}`}
            </Button>
          </>
        ) : (
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        )
      }
    >
      <div className="copy-body">
      <p className="copy-route">
        <span>
          <strong>{what}</strong> of <code>{source.schema}.{source.table}</code>
        </span>
        <span className="copy-route-path">
          <span className="copy-side">{source.title}</span>
          <ArrowRightIcon size={14} aria-hidden />
          <span className="copy-side">
            {target.title} · <code>{target.schema}</code>
          </span>
        </span>
      </p>
      {target.readOnly ? (
        <ErrorCallout
          tone="warning"
          error={{ code: 'READ_ONLY', message: `${target.title} is a read-only connection: nothing can be copied into it.`, details: {} }}
        />
      ) : (
        <>
          <fieldset className="copy-options">
            <legend className="sr-only">What else to copy</legend>
            <label>
              <input type="checkbox" checked={upstream} onChange={(e) => setUpstream(e.target.checked)} /> With the rows they reference upstream
            </label>
            <label>
              <input type="checkbox" checked={parts} onChange={(e) => setParts(e.target.checked)} /> With their part rows
            </label>
          </fieldset>
          {preview.isError ? <ErrorCallout error={preview.error} /> : null}
          {copy.isError ? <ErrorCallout error={copy.error} /> : null}
          {report === undefined ? (
            preview.isPending ? (
              <p className="muted" role="status">
                <Spinner size={12} /> Counting what would be copied…
              </p>
            ) : null
          ) : (
            <table className="copy-preview" aria-label={copied === undefined ? 'What would be copied' : 'What was copied'}>
              <thead>
                <tr>
                  <th scope="col">Table</th>
                  <th scope="col">{copied === undefined ? 'Would be copied' : 'Copied'}</th>
                  <th scope="col">Already there (skipped)</th>
                </tr>
              </thead>
              <tbody>
                {(copied ?? report).tables.map((t) => (
                  <tr key={t.source}>
                    <td>
                      <code>{t.target}</code>
                    </td>
                    <td className="num">{t.copied.toLocaleString('en-US')}</td>
                    <td className="num">{t.skipped.toLocaleString('en-US')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {copied === undefined ? (
            <p className="muted">Rows are written in one transaction on {target.title}; rows whose key is already there are left as they are.</p>
          ) : (
            <p className="copy-done" role="status">
              Copied {copied.copied.toLocaleString('en-US')} row{copied.copied === 1 ? '' : 's'} to {target.title}.
            </p>
          )}
        </>
      )}
      </div>
    </Dialog>
  )
}
