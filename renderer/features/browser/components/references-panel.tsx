import { useQuery } from '@tanstack/react-query'
import type { QueryExpr } from '../../../../src/algebra/ast'
import { Button } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { CloseIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { referencesQuery, type References } from '../queries'
import { TierBadge } from './tier-badge'

export type Reference = References[number]

export interface ReferencesPanelProps {
  readonly tabId: string
  /** The table's rows that are selected, as a restriction; null when no row (with a usable key) is selected. */
  readonly expr: QueryExpr | null
  readonly selectedRows: number
  readonly schema: string
  readonly onOpen: (reference: Reference) => void
  readonly onClose: () => void
}

/**
 * "Referenced by": the child and part tables of the selected rows (DataJoint's children, renamed foreign keys
 * included), each with the number of its rows that reference them, counted on the server.
 */
export function ReferencesPanel({ tabId, expr, selectedRows, schema, onOpen, onClose }: ReferencesPanelProps) {
  const references = useQuery({ ...referencesQuery(tabId, expr ?? { kind: 'table', schema: '', table: '' }), enabled: expr !== null })
  const selection = `${selectedRows.toLocaleString()} selected ${selectedRows === 1 ? 'row' : 'rows'}`
  return (
    <aside className="references-panel" aria-label="Referenced by">
      <div className="references-head">
        <h2 className="references-title">Referenced by</h2>
        {references.isFetching && expr !== null ? <Spinner size={12} /> : null}
        <span className="spacer" />
        <button type="button" className="icon-btn" aria-label="Close Referenced by" title="Close" onClick={onClose}>
          <CloseIcon size={12} />
        </button>
      </div>
      {expr === null ? (
        <p className="muted references-note">Select rows to see the tables that reference them.</p>
      ) : references.isError ? (
        <ErrorCallout error={references.error} compact actions={<Button size="sm" onClick={() => void references.refetch()}>Try again</Button>} />
      ) : references.data === undefined ? (
        <p className="muted references-note">
          <Spinner size={12} /> Counting…
        </p>
      ) : references.data.references.length === 0 ? (
        <p className="muted references-note">No table references this table.</p>
      ) : (
        <>
          <p className="muted references-note">Rows of each table that reference the {selection}:</p>
          <ul className="references-list">
            {inReadingOrder(references.data.references, schema).map((reference) => {
              const name = `${reference.schema === schema ? '' : `${reference.schema}.`}${reference.className}`
              const via = reference.aliased ? Object.keys(reference.attributeMap).filter((c) => reference.attributeMap[c] !== c).join(', ') : null
              return (
                <li key={`${reference.schema}.${reference.table}:${Object.keys(reference.attributeMap).join(',')}`}>
                  <button
                    type="button"
                    className="reference-item"
                    onClick={() => onOpen(reference)}
                    aria-label={`Open ${name}: ${reference.count.toLocaleString()} ${reference.count === 1 ? 'row' : 'rows'}${via === null ? '' : ` through ${via}`}`}
                  >
                    <TierBadge tier={reference.tier} />
                    <span className="reference-name">{name}</span>
                    {via === null ? null : <span className="reference-via mono">via {via}</span>}
                    <span className={`reference-count${reference.count === 0 ? ' is-zero' : ''}`}>{reference.count.toLocaleString()}</span>
                  </button>
                </li>
              )
            })}
          </ul>
        </>
      )}
    </aside>
  )
}

/** The table's own schema first, then the others; each by class name. */
function inReadingOrder(references: readonly Reference[], schema: string): Reference[] {
  const rank = (r: Reference) => (r.schema === schema ? 0 : 1)
  return [...references].sort((a, b) => rank(a) - rank(b) || a.schema.localeCompare(b.schema) || a.className.localeCompare(b.className))
}
