import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Button } from '../../../components/button'
import { writeClipboard } from '../../../components/data-grid/data-grid'
import { ErrorCallout } from '../../../components/error-callout'
import { CheckIcon, CloseIcon, CodeIcon, CopyIcon, TrashIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { toErrorInfo } from '../../../lib/error-text'
import { invoke } from '../../../lib/ipc'
import { queryKeys } from '../../../lib/query-keys'
import { byTable, unstage } from '../pending-model'
import { usePendingChanges } from '../pending-store'

export interface PendingChangesPanelProps {
  readonly tabId: string
  readonly onOpenTable: (table: { schema: string; table: string }) => void
}

type Language = 'python' | 'typescript'

/**
 * The staged edits and deletes of a tab, per table, each with its undo; the DataJoint code (Python or this
 * engine's TypeScript) that would make them; Commit (one transaction, all or nothing) and Discard.
 */
export function PendingChangesPanel({ tabId, onOpenTable }: PendingChangesPanelProps) {
  const client = useQueryClient()
  const pending = usePendingChanges(tabId)
  const [language, setLanguage] = useState<Language | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [done, setDone] = useState<string | null>(null)
  const changes = pending.changes.map((item) => item.change)
  const code = useQuery({
    queryKey: [...queryKeys.tab(tabId), 'changesCode', language, changes] as const,
    queryFn: () => invoke('entry.changesCode', { tabId, changes, language: language ?? 'python' }),
    enabled: language !== null && changes.length > 0,
    staleTime: Infinity,
  })
  const failedId = error === null ? undefined : pending.failure?.id

  const commit = async () => {
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      const result = await invoke('entry.commit', { tabId, changes })
      const rows = result.rows.reduce((sum, n) => sum + n, 0)
      pending.update(() => [])
      setLanguage(null)
      setDone(`Committed ${changes.length} ${changes.length === 1 ? 'change' : 'changes'} (${rows.toLocaleString()} ${rows === 1 ? 'row' : 'rows'}) in one transaction.`)
      await client.invalidateQueries({ queryKey: queryKeys.tab(tabId) })
    } catch (caught) {
      // Nothing was changed: the list stays, the failed change marked (here, and at its cells in the grid), to fix
      // or remove and commit again.
      setError(caught)
      const { details, message } = toErrorInfo(caught)
      const failed = typeof details['change'] === 'number' ? pending.changes[details['change']] : undefined
      if (failed !== undefined) pending.setFailure({ id: failed.id, attribute: typeof details['attribute'] === 'string' ? details['attribute'] : null, message })
    } finally {
      setBusy(false)
    }
  }
  const remove = (id: string) => {
    setError(null)
    pending.update((list) => unstage(list, id))
  }

  return (
    <aside className="references-panel pending-panel" aria-label="Pending changes">
      <div className="references-head">
        <h2 className="references-title">Pending changes</h2>
        <span className="spacer" />
        <button type="button" className="icon-btn" aria-label="Close Pending changes" title="Close (the changes stay staged)" onClick={() => pending.setOpen(false)}>
          <CloseIcon size={12} />
        </button>
      </div>
      {done === null ? null : (
        <p className="references-note entry-done-note" role="status">
          {done}
        </p>
      )}
      {pending.changes.length === 0 ? (
        done === null ? <p className="muted references-note">Nothing staged. Edit a cell (F2 or double-click) or a row, or delete rows with “Stage”, to collect changes here, then commit them together.</p> : null
      ) : (
        <>
          {error === null ? null : (
            <div className="pending-error">
              <ErrorCallout error={error} compact />
            </div>
          )}
          <ol className="pending-groups" aria-label="Staged changes by table">
            {byTable(pending.changes).map((group) => (
              <li key={`${group.schema}.${group.table}`}>
                <button type="button" className="link-btn pending-table" onClick={() => onOpenTable(group)} title="Open this table">
                  {group.className}
                </button>
                <ul className="pending-list">
                  {group.changes.map(({ item, index }) => (
                    <li key={item.id} className={`pending-item${item.id === failedId ? ' is-failed' : ''}`} aria-invalid={item.id === failedId ? true : undefined}>
                      <span className={`pending-kind is-${item.change.kind}`}>{index + 1}</span>
                      <span className="pending-summary">{item.summary}</span>
                      <button type="button" className="icon-btn" aria-label={`Undo change ${index + 1}: ${item.summary}`} title="Undo (unstage) this change" onClick={() => remove(item.id)}>
                        <CloseIcon size={11} />
                      </button>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
          <div className="pending-actions">
            <Button size="sm" variant="primary" icon={busy ? <Spinner size={12} /> : <CheckIcon />} disabled={busy} onClick={() => void commit()}>
              Commit {pending.changes.length} {pending.changes.length === 1 ? 'change' : 'changes'}
            </Button>
            <Button size="sm" icon={<CodeIcon />} aria-pressed={language !== null} onClick={() => setLanguage(language === null ? 'python' : null)}>
              Show code
            </Button>
            <Button
              size="sm"
              variant="ghost"
              icon={<TrashIcon />}
              disabled={busy}
              onClick={() => {
                setError(null)
                setLanguage(null)
                pending.update(() => [])
              }}
            >
              Discard all
            </Button>
          </div>
          {language === null ? null : (
            <section className="pending-code" aria-label="Code of the pending changes">
              <div className="pending-code-head" role="group" aria-label="Language">
                {(['python', 'typescript'] as const).map((choice) => (
                  <Button key={choice} size="sm" variant="ghost" aria-pressed={language === choice} onClick={() => setLanguage(choice)}>
                    {choice === 'python' ? 'Python' : 'TypeScript'}
                  </Button>
                ))}
                <span className="spacer" />
                <Button size="sm" variant="ghost" icon={<CopyIcon />} disabled={code.data === undefined} onClick={() => void writeClipboard(code.data?.text ?? '')} aria-label="Copy the code">
                  Copy
                </Button>
              </div>
              {code.isError ? (
                <ErrorCallout error={code.error} compact />
              ) : code.data === undefined ? (
                <p className="muted references-note">
                  <Spinner size={12} /> Printing…
                </p>
              ) : (
                <pre className="pending-code-text mono" aria-label={`${language === 'python' ? 'Python' : 'TypeScript'} code`}>
                  {code.data.text}
                </pre>
              )}
            </section>
          )}
        </>
      )}
    </aside>
  )
}
