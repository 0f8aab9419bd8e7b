import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { DropNode } from '../../../../electron/ipc/contract'
import { Button } from '../../../components/button'
import { Dialog } from '../../../components/dialog'
import { ErrorCallout } from '../../../components/error-callout'
import { Spinner } from '../../../components/spinner'
import { invoke } from '../../../lib/ipc'
import { TierBadge } from '../../browser'
import { confirmationMatches } from '../declare-model'
import { refreshCatalog, schemaDropPreviewQuery, tableDropPreviewQuery } from '../queries'
import { ReadOnlyNotice } from './read-only-notice'

/** What to drop: one table (with everything depending on it) or a whole schema. */
export type DropTarget =
  | { readonly kind: 'table'; readonly schema: string; readonly table: string; readonly className: string }
  | { readonly kind: 'schema'; readonly schema: string }

export interface DropDialogProps {
  readonly tabId: string
  readonly target: DropTarget
  /** A read-only tab: the dialog says up front that the drop will be refused. */
  readonly readOnly: boolean
  readonly onDropped: () => void
  readonly onClose: () => void
}

const tablesText = (n: number): string => `${n.toLocaleString()} ${n === 1 ? 'table' : 'tables'}`

function NodeList({ nodes, label, ownSchema }: { readonly nodes: readonly DropNode[]; readonly label: string; readonly ownSchema: string }) {
  return (
    <ul className="drop-list" aria-label={label}>
      {nodes.map((n) => (
        <li key={`${n.schema}.${n.table}`} className={`drop-item tier-text-${n.tier ?? 'manual'}`}>
          <TierBadge tier={n.tier} withLabel />
          <span className="drop-class">{n.className}</span>
          <code className="drop-sql muted">{n.schema === ownSchema ? n.table : `${n.schema}.${n.table}`}</code>
        </li>
      ))}
    </ul>
  )
}

/**
 * DataJoint's drop, previewed: every table that goes with the target (its descendants, leaves first, in any schema;
 * a whole schema's tables), then the target's name typed to confirm. The drop is refused by the main process when
 * what it would drop has changed since the preview.
 */
export function DropDialog({ tabId, target, readOnly, onDropped, onClose }: DropDialogProps) {
  const client = useQueryClient()
  const id = useId()
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [dropped, setDropped] = useState<number | null>(null)
  const isTable = target.kind === 'table'
  const tablePreview = useQuery({ ...tableDropPreviewQuery(tabId, target.schema, isTable ? target.table : ''), enabled: isTable && dropped === null })
  const schemaPreview = useQuery({ ...schemaDropPreviewQuery(tabId, target.schema), enabled: !isTable && dropped === null })
  const preview = isTable ? tablePreview : schemaPreview
  const tables = (isTable ? tablePreview.data?.tables : schemaPreview.data?.tables) ?? null
  const dependents = schemaPreview.data?.dependents ?? []
  const name = isTable ? target.table : target.schema
  const subject = isTable ? `table ${target.className}` : `schema ${target.schema}`
  const blocked = !isTable && dependents.length > 0
  const canDrop = tables !== null && (isTable ? tables.length > 0 : true) && !blocked && confirmationMatches(typed, name) && !busy

  const drop = async () => {
    if (tables === null) return
    setBusy(true)
    setError(null)
    try {
      const expected = tables.map(({ schema, table }) => ({ schema, table }))
      const result = isTable
        ? await invoke('table.drop', { tabId, schema: target.schema, table: target.table, expected })
        : await invoke('schema.drop', { tabId, schema: target.schema, expected })
      setDropped(result.dropped)
      refreshCatalog(client, tabId)
      onDropped()
    } catch (caught) {
      setError(caught)
      void preview.refetch()
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={`Drop ${subject}`}
      width="lg"
      onClose={onClose}
      footer={
        dropped !== null ? (
          <>
            <span className="spacer" />
            <Button variant="primary" onClick={onClose}>
              Close
            </Button>
          </>
        ) : (
          <>
            <span className="spacer" />
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="danger" disabled={!canDrop} onClick={() => void drop()}>
              {busy ? <Spinner size={12} /> : null}
              {isTable ? `Drop ${tablesText(tables?.length ?? 0)}` : `Drop schema ${target.schema}`}
            </Button>
          </>
        )
      }
    >
      <div className="declare-body">
        {readOnly ? <ReadOnlyNotice what="dropping" /> : null}
        {dropped !== null ? (
          <p role="status" className="drop-done">
            Dropped {isTable ? tablesText(dropped) : `schema ${target.schema} with ${tablesText(dropped)}`}.
          </p>
        ) : preview.isPending ? (
          <p className="muted">
            <Spinner size={12} /> Finding what depends on {name}…
          </p>
        ) : preview.isError ? (
          <ErrorCallout error={preview.error} />
        ) : (
          <>
            <p role="status" aria-label="Drop summary">
              {isTable
                ? (tables?.length ?? 0) === 1
                  ? `DataJoint's drop removes 1 table, with all its rows: ${target.className} (nothing depends on it).`
                  : `DataJoint's drop removes ${tablesText(tables?.length ?? 0)}, with all their rows: ${target.className} and every table that depends on it, leaves first.`
                : `Dropping the schema removes ${tablesText(tables?.length ?? 0)}${(tables?.length ?? 0) === 0 ? '' : (tables?.length ?? 0) === 1 ? ', with all its rows,' : ', with all their rows,'} and the schema itself.`}
            </p>
            <NodeList nodes={tables ?? []} label="Tables to drop" ownSchema={target.schema} />
            {blocked ? (
              <div className="callout callout-error" role="alert">
                <div className="callout-body">
                  <div className="callout-title">Tables of other schemas depend on {target.schema}</div>
                  <div className="callout-message">DataJoint refuses to drop it while they exist: drop them first.</div>
                  <NodeList nodes={dependents} label="Dependent tables in other schemas" ownSchema={target.schema} />
                </div>
              </div>
            ) : (
              <div className="field drop-confirm">
                <label className="field-label" htmlFor={`${id}-confirm`}>
                  Type <code>{name}</code> to confirm
                </label>
                <input id={`${id}-confirm`} value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} autoComplete="off" autoFocus />
              </div>
            )}
          </>
        )}
        {error === null ? null : <ErrorCallout error={error} />}
      </div>
    </Dialog>
  )
}
