import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { QueryExpr } from '../../../../src/algebra/ast'
import { Button } from '../../../components/button'
import { Dialog } from '../../../components/dialog'
import { ErrorCallout } from '../../../components/error-callout'
import { Spinner } from '../../../components/spinner'
import { invoke } from '../../../lib/ipc'
import { queryKeys } from '../../../lib/query-keys'
import { CascadePreview, type PartIntegrity } from '../../diagram'
import { cascadeCountsQuery } from '../queries'

export interface DeleteDialogProps {
  readonly tabId: string
  readonly expr: QueryExpr
  /** What is deleted, in words ("2 selected rows of Subject"). */
  readonly subject: string
  readonly onOpenTable: (table: { schema: string; table: string }) => void
  readonly onClose: () => void
  /** Stages the delete in the pending-changes list (with the previewed total) instead of deleting now. */
  readonly onStage?: (staged: { partIntegrity: PartIntegrity; total: number; tables: number }) => void
}

const PART_INTEGRITY_MEANING: Readonly<Record<PartIntegrity, string>> = {
  enforce: 'DataJoint’s default: part rows go only with their master rows; a delete that would leave a master without some of its parts is refused.',
  cascade: 'Deleting part rows also deletes their master rows (and everything that depends on those).',
  ignore: 'Part rows may be deleted alone, leaving their master rows incomplete.',
}

const rowsText = (n: number): string => `${n.toLocaleString()} ${n === 1 ? 'row' : 'rows'}`

/** A delete in two steps: the cascade preview (what every table would lose), then a confirmation naming the total. */
export function DeleteDialog({ tabId, expr, subject, onOpenTable, onClose, onStage }: DeleteDialogProps) {
  const client = useQueryClient()
  const [partIntegrity, setPartIntegrity] = useState<PartIntegrity>('enforce')
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [deleted, setDeleted] = useState<number | null>(null)
  const cascade = useQuery(cascadeCountsQuery(tabId, expr, partIntegrity))
  const counts = Object.values(cascade.data?.counts ?? {})
  const total = counts.reduce((sum, n) => sum + n, 0)
  const tables = counts.filter((n) => n > 0).length

  const run = async () => {
    setBusy(true)
    setError(null)
    try {
      const result = await invoke('entry.delete', { tabId, expr, partIntegrity, expectedTotal: total })
      setDeleted(result.total)
      await client.invalidateQueries({ queryKey: queryKeys.tab(tabId) })
    } catch (caught) {
      setError(caught)
      setConfirming(false)
    } finally {
      setBusy(false)
    }
  }

  const footer =
    deleted !== null ? (
      <>
        <span className="spacer" />
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      </>
    ) : (
      <>
        <span className="muted entry-meaning">{PART_INTEGRITY_MEANING[partIntegrity]}</span>
        <span className="spacer" />
        <Button onClick={onClose}>Cancel</Button>
        {confirming ? (
          <Button variant="danger" disabled={busy} onClick={() => void run()}>
            {busy ? <Spinner size={12} /> : null}
            Delete {rowsText(total)} now
          </Button>
        ) : (
          <>
            {onStage === undefined ? null : (
              <Button
                disabled={cascade.data === undefined || total === 0}
                title="Add this delete to the pending changes, to review and commit with others in one transaction"
                onClick={() => {
                  onStage({ partIntegrity, total, tables })
                  onClose()
                }}
              >
                Stage delete
              </Button>
            )}
            <Button variant="danger" disabled={cascade.data === undefined || total === 0} onClick={() => setConfirming(true)}>
              Delete…
            </Button>
          </>
        )}
      </>
    )

  return (
    <Dialog title={`Delete ${subject}`} width="xl" onClose={onClose} footer={footer}>
      <div className="cascade-dialog-body">
        {deleted !== null ? (
          <p role="status" className="entry-done">
            Deleted {rowsText(deleted)} in {tables} {tables === 1 ? 'table' : 'tables'}, in one transaction.
          </p>
        ) : (
          <>
            {error === null ? null : <ErrorCallout error={error} compact />}
            {confirming ? (
              <div className="callout callout-warning callout-compact entry-confirm" role="alert">
                <div className="callout-body">
                  <div className="callout-title">
                    Delete {rowsText(total)} in {tables} {tables === 1 ? 'table' : 'tables'}?
                  </div>
                  <div className="callout-message">This cannot be undone. Everything is deleted in one transaction, or nothing is.</div>
                </div>
              </div>
            ) : null}
            <CascadePreview tabId={tabId} expr={expr} subject={subject} onOpenTable={onOpenTable} partIntegrity={partIntegrity} onPartIntegrityChange={(value) => { setConfirming(false); setPartIntegrity(value) }} />
          </>
        )}
      </div>
    </Dialog>
  )
}
